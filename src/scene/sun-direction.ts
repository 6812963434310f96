/**
 * Where the scene's sun stands: the NREL SPA solar position (src/sim/solar/spa.ts; Reda &
 * Andreas 2008) at the district's origin for a local date and time in the district's time zone
 * (IANA, daylight saving included). Default: the summer solstice at 15:00 local time, a bright
 * afternoon with readable shadows, until the sun & shadow study drives it.
 */
import { localTimeToUnixS } from '../sim/solar/local-time';
import { sunPosition } from '../sim/solar/spa';
import type { GeoOrigin } from '../twin/city-model';

/** Moved to src/sim/solar/local-time.ts (pure); re-exported for the views that import them from here. */
export { localTimeToUnixS, utcOffsetMinutes } from '../sim/solar/local-time';

export const DEFAULT_SUN_LOCAL_TIME = { month: 6, day: 21, hour: 15 } as const;

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
