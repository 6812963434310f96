/**
 * Meteorology for the dispersion models: Pasquill stability class from wind speed, cloud cover and
 * the sun (Turner 1964, "A diurnal stability classification scheme", J. Appl. Meteor. 3:83–91,
 * the STAR method as given in EPA-454/R-99-005 "Meteorological Monitoring Guidance", §6.4.4), and
 * binning of hourly weather into cases for period means.
 */
import { sunPosition } from '../solar/spa';
import type { StabilityClass } from './stability-class';

const KNOTS_PER_M_PER_S = 3600 / 1852;
const FT_7000_M = 7000 * 0.3048;
const FT_16000_M = 16000 * 0.3048;

/**
 * Turner's table: rows by wind speed (knots, upper bounds 1, 3, 5, 6, 7, 9, 10, 11, ∞), columns by
 * net radiation index 4, 3, 2, 1, 0, −1, −2. Class 7 (G, extremely stable) is reported as F.
 */
const TURNER_TABLE: readonly (readonly [number, readonly number[]])[] = [
  [1, [1, 1, 2, 3, 4, 6, 7]],
  [3, [1, 2, 2, 3, 4, 6, 7]],
  [5, [1, 2, 3, 4, 4, 5, 6]],
  [6, [2, 2, 3, 4, 4, 5, 6]],
  [7, [2, 2, 3, 4, 4, 4, 5]],
  [9, [2, 3, 3, 4, 4, 4, 5]],
  [10, [3, 3, 4, 4, 4, 4, 5]],
  [11, [3, 3, 4, 4, 4, 4, 4]],
  [Infinity, [3, 4, 4, 4, 4, 4, 4]],
];

export interface TurnerInputs {
  windSpeedMPerS: number;
  /** Solar altitude (deg) — ≤ 0 is night (e.g. from src/sim/solar). */
  solarAltitudeDeg: number;
  /** Total cloud cover, octas 0…8. */
  cloudCoverOctas: number;
  /** Cloud ceiling height (m); absent = no ceiling / unknown (treated as high). */
  ceilingM?: number;
}

/** Insolation class from solar altitude: 4 strong (> 60°), 3 moderate, 2 slight, 1 weak (≤ 15°). */
export function insolationClass(solarAltitudeDeg: number): 1 | 2 | 3 | 4 {
  if (solarAltitudeDeg > 60) return 4;
  if (solarAltitudeDeg > 35) return 3;
  if (solarAltitudeDeg > 15) return 2;
  return 1;
}

/** Turner's net radiation index, −2…4. */
export function netRadiationIndex(i: TurnerInputs): number {
  if (!(i.cloudCoverOctas >= 0 && i.cloudCoverOctas <= 8)) throw new Error(`Turner: cloud cover must be 0…8 octas, got ${i.cloudCoverOctas}`);
  const tenths = (i.cloudCoverOctas * 10) / 8;
  const ceiling = i.ceilingM ?? Infinity;
  if (tenths >= 10 && ceiling < FT_7000_M) return 0;
  if (i.solarAltitudeDeg <= 0) return tenths <= 4 ? -2 : -1;
  let nri: number = insolationClass(i.solarAltitudeDeg);
  if (tenths > 5) {
    if (ceiling < FT_7000_M) nri -= 2;
    else if (ceiling < FT_16000_M || tenths >= 10) nri -= 1;
  }
  return Math.max(1, nri);
}

/** Pasquill stability class by Turner's method. */
export function turnerStabilityClass(i: TurnerInputs): StabilityClass {
  if (!(i.windSpeedMPerS >= 0)) throw new Error(`Turner: wind speed must be ≥ 0 m/s, got ${i.windSpeedMPerS}`);
  const knots = Math.round(i.windSpeedMPerS * KNOTS_PER_M_PER_S);
  const nri = netRadiationIndex(i);
  const row = TURNER_TABLE.find(([upper]) => knots <= upper)?.[1] as readonly number[];
  return Math.min(6, row[4 - nri] as number) as StabilityClass;
}

/** Weather at a place and time: the sun's altitude comes from the NREL SPA (src/sim/solar). */
export interface ObservedWeather {
  windSpeedMPerS: number;
  cloudCoverOctas: number;
  ceilingM?: number;
  latDeg: number;
  lonDeg: number;
  /** Unix time (s) of the observation. */
  unixS: number;
}

/** Turner stability class for an observation, with time of day from the solar altitude. */
export function stabilityAt(w: ObservedWeather): StabilityClass {
  const solarAltitudeDeg = sunPosition(w.unixS, { latDeg: w.latDeg, lonDeg: w.lonDeg }).elevationDeg;
  return turnerStabilityClass({
    windSpeedMPerS: w.windSpeedMPerS,
    solarAltitudeDeg,
    cloudCoverOctas: w.cloudCoverOctas,
    ...(w.ceilingM !== undefined && { ceilingM: w.ceilingM }),
  });
}

/** One hourly observation for binning. */
export interface WeatherHour {
  windSpeedMPerS: number;
  windFromDeg: number;
  stability: StabilityClass;
}

/** A weather case: representative conditions and the fraction of hours it stands for. */
export interface WeatherCase extends WeatherHour {
  weight: number;
  hours: number;
}

/**
 * Bins hours by wind sector (centred on 0°, width sectorDeg), wind-speed class (upper bounds,
 * m/s) and stability class; each case takes the sector centre, the mean speed of its hours and
 * weight = hours / total. Period mean = Σ weight·C(case) (a climatological "frequency table").
 */
export function binWeather(hours: readonly WeatherHour[], sectorDeg = 30, speedUpperBoundsMPerS: readonly number[] = [1.5, 3, 5, 8, Infinity]): WeatherCase[] {
  if (hours.length === 0) throw new Error('binWeather: no hours to bin');
  if (!(sectorDeg > 0 && 360 % sectorDeg === 0)) throw new Error(`binWeather: sector width must divide 360°, got ${sectorDeg}`);
  const bins = new Map<string, { sector: number; speedSum: number; stability: StabilityClass; hours: number }>();
  for (const h of hours) {
    const sector = Math.round((((h.windFromDeg % 360) + 360) % 360) / sectorDeg) % (360 / sectorDeg);
    const speedBin = speedUpperBoundsMPerS.findIndex((u) => h.windSpeedMPerS <= u);
    const key = `${sector}|${speedBin}|${h.stability}`;
    const b = bins.get(key) ?? { sector, speedSum: 0, stability: h.stability, hours: 0 };
    b.speedSum += h.windSpeedMPerS;
    b.hours++;
    bins.set(key, b);
  }
  return [...bins.values()].map((b) => ({
    windFromDeg: b.sector * sectorDeg,
    windSpeedMPerS: b.speedSum / b.hours,
    stability: b.stability,
    hours: b.hours,
    weight: b.hours / hours.length,
  }));
}
