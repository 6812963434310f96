/**
 * The outage banner (src/ui/live-status.tsx) gives the time of the data it still shows in the
 * district's time zone, daylight saving included, like the sensor panels (src/ui/sensor-time.ts),
 * whatever the browser's zone.
 */
import { describe, expect, it } from 'vitest';
import { outageText } from '../../src/ui/live-status';
import { formatClockTime, formatLocalTime } from '../../src/ui/sensor-time';

const reason = 'the NGSI-LD broker is not reachable';

describe('outage banner time in the district time zone', () => {
  it.each([
    // 12:34 UTC: 14:34 CEST in Berlin in July, 13:34 CET in January; 08:34 EDT in New York in July.
    { iso: '2026-07-01T12:34:56Z', zone: 'Europe/Berlin', clock: '14:34' },
    { iso: '2026-01-15T12:34:56Z', zone: 'Europe/Berlin', clock: '13:34' },
    { iso: '2026-07-01T12:34:56Z', zone: 'America/New_York', clock: '08:34' },
    { iso: '2026-07-01T23:59:00Z', zone: 'Asia/Tokyo', clock: '08:59' },
  ])('$iso in $zone → $clock', ({ iso, zone, clock }) => {
    const dataMs = Date.parse(iso);
    expect(formatClockTime(dataMs, zone)).toBe(clock);
    // The same clock as the sensor detail's observation time.
    expect(formatLocalTime(dataMs, zone, false).startsWith(clock)).toBe(true);
    expect(outageText(reason, dataMs, dataMs + 90_000, zone)).toBe(`Live data unavailable: ${reason}. Showing data from ${clock} (1 min old). Reconnecting…`);
  });
});
