/**
 * The simple relations the sensor simulator uses to make its values consistent with each other.
 * Every value is a pure function of (seed, sensor key, time bucket): no state, so equal inputs give
 * equal entities whatever the order of the calls.
 */

/** Deterministic uniform number in [0, 1) from integers (a 32-bit integer hash, "lowbias32" mix). */
export function hashUnit(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h ^= Math.imul((p | 0) ^ Math.floor(p / 4294967296), 0x85ebca6b);
    h ^= h >>> 16;
    h = Math.imul(h, 0x7feb352d);
    h ^= h >>> 15;
    h = Math.imul(h, 0x846ca68b);
    h ^= h >>> 16;
  }
  return (h >>> 0) / 4294967296;
}

/** A stable integer for a string key (FNV-1a, 32 bit). */
export function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Local hour of day (0–24, fractional) in an IANA time zone. */
export function localHour(timeMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(timeMs));
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return hour + minute / 60;
}

/** Directive 2002/49/EC period index (0 day 07–19, 1 evening 19–23, 2 night 23–07) of a local hour. */
export function periodOfHour(hour: number): 0 | 1 | 2 {
  if (hour >= 7 && hour < 19) return 0;
  if (hour >= 19 && hour < 23) return 1;
  return 2;
}

/**
 * Mean A-weighted level at 25 m from the road axis, dB(A): RLS-90 eq. (6),
 * L_m,E = 37.3 + 10 lg[M (1 + 0.082 p)], M the hourly flow (veh/h), p the heavy share (%).
 * The speed correction (eq. 8) is left out: the demo's roads are all at 50 km/h, where it is small.
 * Returns NaN for no traffic (no road noise; the caller adds a background).
 */
export function rls90LevelDb(flowVehH: number, heavyPercent: number): number {
  if (!(flowVehH > 0)) return Number.NaN;
  return 37.3 + 10 * Math.log10(flowVehH * (1 + 0.082 * heavyPercent));
}

/** Energetic sum of two levels, dB (NaN counts as silence). */
export function addDb(a: number, b: number): number {
  const ea = Number.isNaN(a) ? 0 : 10 ** (a / 10);
  const eb = Number.isNaN(b) ? 0 : 10 ** (b / 10);
  return 10 * Math.log10(ea + eb);
}

/** Weather at an instant: a diurnal sinusoid plus seeded day-to-day variation (synthetic). */
export interface Weather {
  temperatureC: number;
  /** Fraction 0–1. */
  relativeHumidity: number;
  windSpeedMS: number;
  /** Fraction 0–1 of the sky. */
  precipitationMm: number;
}

export function weatherAt(seed: number, timeMs: number, hour: number): Weather {
  const day = Math.floor(timeMs / 86_400_000);
  const dayOffsetC = (hashUnit(seed, day, 1) - 0.5) * 8;
  // Minimum near 05:00, maximum near 15:00 local.
  const temperatureC = 12 + dayOffsetC + 6 * Math.sin(((hour - 9) / 24) * 2 * Math.PI);
  const relativeHumidity = Math.min(0.98, Math.max(0.25, 0.7 - 0.03 * (temperatureC - 12) + (hashUnit(seed, day, 2) - 0.5) * 0.2));
  const windSpeedMS = 0.8 + 5 * hashUnit(seed, day, 3) + 1.5 * hashUnit(seed, Math.floor(timeMs / 3_600_000), 4);
  const precipitationMm = hashUnit(seed, day, 5) < 0.25 ? 2 * hashUnit(seed, Math.floor(timeMs / 3_600_000), 6) : 0;
  return { temperatureC, relativeHumidity, windSpeedMS, precipitationMm };
}

/**
 * Roadside concentrations, µg/m³: an urban background plus a traffic increment proportional to the
 * flow and inversely to the wind (a street-box dilution, C ∝ Q / u — e.g. the OSPM's direct
 * contribution scales as emission / wind speed, Berkowicz 2000), washed out by rain.
 * The coefficients are synthetic, chosen so that 1 000 veh/h at 2 m/s gives ≈ 40 µg/m³ NO2
 * (the EU annual limit, Directive 2008/50/EC) at the kerb.
 */
export function roadsideAir(flowVehH: number, weather: Weather): { no2: number; pm10: number; pm25: number } {
  const dilution = 1 / Math.max(0.5, weather.windSpeedMS);
  const washout = weather.precipitationMm > 0 ? 0.6 : 1;
  const no2 = 15 + 0.05 * flowVehH * dilution * 2 * washout;
  const pm10 = (16 + 0.012 * flowVehH * dilution * 2) * washout;
  const pm25 = 0.62 * pm10;
  return { no2, pm10, pm25 };
}
