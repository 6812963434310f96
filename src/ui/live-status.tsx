/**
 * The live connection's state over the view (issue 5): while the live feed is down, a banner
 * "Live data unavailable: <reason>. Showing data from HH:MM (N min old). Reconnecting…" (the data
 * stays on screen, only marked stale); otherwise a small indicator "Live · N sensors · data N s
 * old". Both are polite live regions (role=status) so screen readers hear a change of state.
 * Data age = now − the newest observation time held (else the last message from the gateway).
 * Times are wall-clock times of the district's time zone (city.timeZone), as in the sensor panels.
 */
import { useEffect, useState } from 'react';
import { t } from '../i18n';
import { useSensorsStore, type SensorsState } from '../state/sensors-store';
import { useCityStore } from '../state/city-store';
import { ageInWords, formatClockTime } from './sensor-time';

/** Newest observation time among all readings, ms; null when none has one. */
export function newestObservationMs(sensors: SensorsState['sensors']): number | null {
  let newest: number | null = null;
  for (const sensor of Object.values(sensors)) {
    for (const reading of Object.values(sensor.readings)) {
      if (reading.observedAtMs !== undefined && reading.problem === undefined && (newest === null || reading.observedAtMs > newest)) newest = reading.observedAtMs;
    }
  }
  return newest;
}

/** Re-renders every second (the age changes while nothing else does). */
function useNow(periodMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs]);
  return now;
}

/** The outage banner text, the data's time in the district's IANA `timeZone` (exported for tests). */
export function outageText(reason: string | null, dataMs: number | null, now: number, timeZone: string): string {
  const parts = [t('live.down', { reason: (reason ?? t('live.unknownReason')).replace(/\.$/, '') })];
  parts.push(dataMs === null ? t('live.noData') : t('live.showingSince', { time: formatClockTime(dataMs, timeZone), age: ageInWords(now - dataMs) }));
  parts.push(t('live.reconnecting'));
  return parts.join(' ');
}

export function LiveStatus() {
  const connection = useSensorsStore((s) => s.connection);
  const sensors = useSensorsStore((s) => s.sensors);
  const timeZone = useCityStore((s) => s.city?.timeZone ?? 'UTC');
  const now = useNow();
  const count = Object.keys(sensors).length;
  const dataMs = newestObservationMs(sensors) ?? connection.lastMessageMs;
  if (connection.status === 'down') {
    return (
      <div className="notice notice-error live-outage" role="status" data-testid="live-outage">
        {outageText(connection.error, dataMs, now, timeZone)}
      </div>
    );
  }
  if (connection.status === 'connecting') {
    if (count === 0) return null;
    return (
      <div className="notice notice-info live-indicator" role="status" data-testid="live-indicator" data-live-status="connecting">
        {t('live.connecting')}
      </div>
    );
  }
  if (count === 0) return null;
  const label = connection.status === 'polling' ? t('live.polling') : t('live.live');
  return (
    <div className="notice notice-info live-indicator" role="status" data-testid="live-indicator" data-live-status={connection.status} style={{ padding: '2px 8px', fontSize: '0.85em' }}>
      <span aria-hidden="true" style={{ color: '#1a9850' }}>
        ●{' '}
      </span>
      {label} · {t('live.sensorCount', { count })}
      {dataMs === null ? '' : ` · ${t('live.age', { age: ageInWords(now - dataMs) })}`}
    </div>
  );
}
