/**
 * Local wall-clock time ↔ Unix time in an IANA time zone (daylight saving included), from the
 * offsets the JavaScript Intl API reports (ECMA-402 `timeZoneName: 'longOffset'`). Pure: shared by
 * the scene's sun (src/scene/sun-direction.ts), the sun-hours client and the scenario chain.
 */

/** Offset of `timeZone` from UTC (minutes, east positive) at the instant `utcMs`. */
export function utcOffsetMinutes(timeZone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date(utcMs));
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (m === null) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

/**
 * Unix time (s) of a local wall-clock time in `timeZone`; `hour` may be fractional (15.5 = 15:30)
 * and `day` may overflow the month (Date.UTC normalises it). An unknown zone name is taken as UTC.
 */
export function localTimeToUnixS(timeZone: string, year: number, month: number, day: number, hour: number): number {
  const naiveUtcMs = Date.UTC(year, month - 1, day) + hour * 3_600_000; // Date.UTC truncates a fractional hour
  let offset: number;
  try {
    offset = utcOffsetMinutes(timeZone, naiveUtcMs);
    offset = utcOffsetMinutes(timeZone, naiveUtcMs - offset * 60_000);
  } catch {
    offset = 0; // unknown time zone name: treat as UTC
  }
  return (naiveUtcMs - offset * 60_000) / 1000;
}
