/**
 * Where the scene's sun stands: the NREL SPA solar position (src/sim/solar/spa.ts; Reda &
 * Andreas 2008) at the district's origin for a local date and time in the district's time zone
 * (IANA, daylight saving included). Default: the summer solstice at 15:00 local time, a bright
 * afternoon with readable shadows, until the sun & shadow study drives it.
 */
import { sunPosition } from '../sim/solar/spa';
import type { GeoOrigin } from '../twin/city-model';

export const DEFAULT_SUN_LOCAL_TIME = { month: 6, day: 21, hour: 15 } as const;

/** Offset of `timeZone` from UTC (minutes, east positive) at the instant `utcMs`. */
export function utcOffsetMinutes(timeZone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date(utcMs));
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (m === null) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

/** Unix time (s) of a local wall-clock time in `timeZone`; `hour` may be fractional (15.5 = 15:30). */
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

/** Sun azimuth (rad, clockwise from north) and elevation (rad); elevation at least 10° so the scene is lit. */
export function sunAngles(origin: GeoOrigin, timeZone: string, year = new Date().getFullYear()): { azimuthRad: number; elevationRad: number } {
  const t = DEFAULT_SUN_LOCAL_TIME;
  const p = sunAt(origin, timeZone, { year, month: t.month, day: t.day }, t.hour * 60);
  return { azimuthRad: p.azimuthRad, elevationRad: Math.max((10 * Math.PI) / 180, p.elevationRad) };
}

/**
 * Apparent sun (NREL SPA, refraction included) at the district origin for a local date and
 * wall-clock minute of day: azimuth (rad, clockwise from north), elevation (rad, negative below
 * the horizon) and whether it is above the horizon.
 */
export function sunAt(origin: GeoOrigin, timeZone: string, date: { year: number; month: number; day: number }, minuteOfDay: number): { azimuthRad: number; elevationRad: number; aboveHorizon: boolean; unixS: number } {
  const unixS = localTimeToUnixS(timeZone, date.year, date.month, date.day, minuteOfDay / 60);
  const p = sunPosition(unixS, { latDeg: origin.latDeg, lonDeg: origin.lonDeg, elevationM: Number.isFinite(origin.heightM) ? origin.heightM : 0 });
  return { azimuthRad: (p.azimuthDeg * Math.PI) / 180, elevationRad: (p.elevationDeg * Math.PI) / 180, aboveHorizon: p.elevationDeg > 0, unixS };
}
