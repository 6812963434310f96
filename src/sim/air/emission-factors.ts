/**
 * Road-traffic emission factors per vehicle (g/km) for the CNOSSOS-EU categories used by the city
 * model (1 light, 2 medium heavy, 3 heavy, 4a mopeds, 4b motorcycles), as a data module.
 *
 * Exhaust (NOx, PM exhaust, CO2) and primary NO2 fraction: indicative fleet-average values for a
 * mixed Euro 4–6 / IV–VI European fleet at four speed nodes, of the magnitude tabulated in the
 * EMEP/EEA air pollutant emission inventory guidebook 2023, chapter 1.A.3.b.i–iv (Tier 2 per
 * category; Tier 3 speed-dependent functions EF(v) = (αv² + βv + γ + δ/v)/(εv² + ζv + η)·(1 − RF))
 * and in HBEFA 4.2 traffic situations (U-shaped in speed: stop-and-go high, minimum near
 * 70–90 km/h). They are the project's defaults, NOT transcribed guidebook coefficients: replace
 * this table with the guidebook's Tier 3 spreadsheet or HBEFA values for a local fleet mix.
 * Between nodes the factor is interpolated linearly in speed; outside them it is held constant.
 *
 * Non-exhaust PM (tyre, brake, road surface wear): EMEP/EEA guidebook 2023, chapter
 * 1.A.3.b.vi–vii, Tier 2: TSP per vehicle class, mass fractions PM10/TSP (tyre 0.6, brake 0.98,
 * road 0.5) and PM2.5/TSP (tyre 0.42, brake 0.39, road 0.27), heavy-vehicle tyre and brake
 * factors scaled by axles/2 × (1.41 + 1.38·LF) and 3.13 × (1 + 0.79·LF) with load factor LF = 0.5,
 * and the speed corrections S_tyre(v), S_brake(v) of that chapter. These wear values were
 * transcribed by the project from the Tier 2 method; check them against the current edition of the
 * chapter before regulatory use.
 */
import type { TrafficPollutant } from './pollutants';

/** CNOSSOS-EU vehicle categories (Directive (EU) 2015/996 Annex II §2.2.1). */
export const EMISSION_CATEGORIES = ['1', '2', '3', '4a', '4b'] as const;
export type EmissionCategory = (typeof EMISSION_CATEGORIES)[number];

/** Speed nodes (km/h) of the exhaust table. */
export const EXHAUST_SPEED_NODES_KMH = [20, 50, 80, 110] as const;

export interface ExhaustFactors {
  /** g/km per vehicle at EXHAUST_SPEED_NODES_KMH, NOx as NO2 mass. */
  noxGPerKm: readonly number[];
  pmExhaustGPerKm: readonly number[];
  co2GPerKm: readonly number[];
  /** Primary NO2/NOx mass fraction of the exhaust (fleet mix). */
  primaryNo2Fraction: number;
}

export const EXHAUST_FACTORS: Readonly<Record<EmissionCategory, ExhaustFactors>> = {
  '1': { noxGPerKm: [0.5, 0.33, 0.28, 0.36], pmExhaustGPerKm: [0.012, 0.007, 0.006, 0.008], co2GPerKm: [240, 165, 135, 165], primaryNo2Fraction: 0.25 },
  '2': { noxGPerKm: [4, 2.5, 1.8, 1.9], pmExhaustGPerKm: [0.08, 0.05, 0.04, 0.045], co2GPerKm: [900, 600, 500, 560], primaryNo2Fraction: 0.1 },
  '3': { noxGPerKm: [6, 3.5, 2.5, 2.6], pmExhaustGPerKm: [0.1, 0.06, 0.045, 0.05], co2GPerKm: [1400, 950, 780, 850], primaryNo2Fraction: 0.1 },
  '4a': { noxGPerKm: [0.15, 0.12, 0.12, 0.12], pmExhaustGPerKm: [0.05, 0.04, 0.04, 0.04], co2GPerKm: [60, 50, 50, 50], primaryNo2Fraction: 0.04 },
  '4b': { noxGPerKm: [0.2, 0.15, 0.15, 0.2], pmExhaustGPerKm: [0.012, 0.01, 0.01, 0.012], co2GPerKm: [130, 95, 90, 110], primaryNo2Fraction: 0.04 },
};

/** EMEP/EEA 1.A.3.b.vi–vii Tier 2 TSP (g/km per vehicle) of tyre, brake and road-surface wear. */
export interface WearFactors {
  tyreTspGPerKm: number;
  brakeTspGPerKm: number;
  roadTspGPerKm: number;
}

const LOAD_FACTOR = 0.5;
const PC_TYRE_TSP = 0.0107;
const PC_BRAKE_TSP = 0.0075;
const HDV_TYRE_LOAD = 1.41 + 1.38 * LOAD_FACTOR;
const HDV_BRAKE = 3.13 * (1 + 0.79 * LOAD_FACTOR);

export const WEAR_FACTORS: Readonly<Record<EmissionCategory, WearFactors>> = {
  '1': { tyreTspGPerKm: PC_TYRE_TSP, brakeTspGPerKm: PC_BRAKE_TSP, roadTspGPerKm: 0.015 },
  '2': { tyreTspGPerKm: (2 / 2) * HDV_TYRE_LOAD * PC_TYRE_TSP, brakeTspGPerKm: HDV_BRAKE * PC_BRAKE_TSP, roadTspGPerKm: 0.076 },
  '3': { tyreTspGPerKm: (3 / 2) * HDV_TYRE_LOAD * PC_TYRE_TSP, brakeTspGPerKm: HDV_BRAKE * PC_BRAKE_TSP, roadTspGPerKm: 0.076 },
  '4a': { tyreTspGPerKm: 0.0046, brakeTspGPerKm: 0.0037, roadTspGPerKm: 0.006 },
  '4b': { tyreTspGPerKm: 0.0046, brakeTspGPerKm: 0.0037, roadTspGPerKm: 0.006 },
};

/** PM10 and PM2.5 mass fractions of TSP per wear source (EMEP/EEA 1.A.3.b.vi–vii, Tier 2 size distributions). */
export const WEAR_PM10_FRACTION = { tyre: 0.6, brake: 0.98, road: 0.5 } as const;
export const WEAR_PM25_FRACTION = { tyre: 0.42, brake: 0.39, road: 0.27 } as const;

/** Tyre-wear speed correction S_T(v) (EMEP/EEA 1.A.3.b.vi–vii eq. for v in km/h). */
export function tyreSpeedCorrection(speedKmh: number): number {
  if (speedKmh < 40) return 1.39;
  if (speedKmh <= 90) return -0.00974 * speedKmh + 1.78;
  return 0.902;
}

/** Brake-wear speed correction S_B(v) (EMEP/EEA 1.A.3.b.vi–vii, v in km/h). */
export function brakeSpeedCorrection(speedKmh: number): number {
  if (speedKmh < 40) return 1.67;
  if (speedKmh <= 95) return -0.027 * speedKmh + 2.75;
  return 0.185;
}

/** Linear interpolation in the speed nodes, held constant outside them. */
export function interpolateAtSpeed(values: readonly number[], speedKmh: number): number {
  const nodes = EXHAUST_SPEED_NODES_KMH;
  if (!(speedKmh > nodes[0])) return values[0] as number;
  for (let k = 1; k < nodes.length; k++) {
    const hi = nodes[k] as number;
    if (speedKmh <= hi) {
      const lo = nodes[k - 1] as number;
      const t = (speedKmh - lo) / (hi - lo);
      return (values[k - 1] as number) * (1 - t) + (values[k] as number) * t;
    }
  }
  return values[nodes.length - 1] as number;
}

/** Emission factor (g/km per vehicle) of one pollutant for a category at a mean speed (km/h). */
export function emissionFactorGPerKm(category: EmissionCategory, pollutant: TrafficPollutant, speedKmh: number): number {
  const ex = EXHAUST_FACTORS[category];
  if (pollutant === 'NOx') return interpolateAtSpeed(ex.noxGPerKm, speedKmh);
  if (pollutant === 'NO2') return ex.primaryNo2Fraction * interpolateAtSpeed(ex.noxGPerKm, speedKmh);
  if (pollutant === 'CO2') return interpolateAtSpeed(ex.co2GPerKm, speedKmh);
  const wear = WEAR_FACTORS[category];
  const f = pollutant === 'PM10' ? WEAR_PM10_FRACTION : WEAR_PM25_FRACTION;
  const nonExhaust =
    wear.tyreTspGPerKm * f.tyre * tyreSpeedCorrection(speedKmh) + wear.brakeTspGPerKm * f.brake * brakeSpeedCorrection(speedKmh) + wear.roadTspGPerKm * f.road;
  // Exhaust particles are all below 2.5 µm (EMEP/EEA 1.A.3.b.i–iv: PM2.5 = PM10 = exhaust PM).
  return interpolateAtSpeed(ex.pmExhaustGPerKm, speedKmh) + nonExhaust;
}
