/**
 * Road-traffic emission factors per vehicle (g/km) for the CNOSSOS-EU categories of the city model
 * (1 light, 2 medium heavy, 3 heavy, 4a mopeds, 4b motorcycles) — a data module. Every number is
 * either a guidebook value (table named beside it) or a project ASSUMPTION (marked so).
 *
 * Sources (EMEP/EEA air pollutant emission inventory guidebook 2023, EEA Report 06/2023):
 * - Chapter 1.A.3.b.i–iv (exhaust): Tier 2 NOx per Euro class, Tables 3-17 (passenger cars, petrol
 *   and diesel, "medium" segment), 3-19 (light commercial vehicles), 3-21 (heavy-duty rigid
 *   12–14 t), 3-23 (urban diesel buses 15–18 t); diesel-car PM exhaust per Euro class (Table 3-17);
 *   Tier 1 per-km values (Tables 3-5/3-6 in g/kg fuel × Table 3-15 typical fuel consumption) for PM
 *   exhaust of petrol cars, heavy-duty vehicles and L-category vehicles, and for the fuel
 *   consumption that CO2 is computed from.
 * - Chapter 1.A.3.b.vi–vii (tyre, brake, road-surface wear): Tier 1 TSP per vehicle class
 *   (Tables 3-1/3-2 of that chapter, 2019 edition values, unchanged in 2023), Tier 2 mass fractions
 *   PM10/TSP and PM2.5/TSP and the Tier 2 speed corrections S_T(v), S_B(v).
 * These values were TRANSCRIBED FROM SECONDARY SOURCES found by search, not from the guidebook PDF:
 * the exhaust and wear tables as reproduced (marked "verified against the primary document") in the
 * ZAGREB-1 dispersion specification (research report, 2026-09-27, §7.2–7.3), and the wear factors
 * as reported by the German Informative Inventory Report (Umweltbundesamt, IIR 2022/2023,
 * 1.A.3.b.vi Table 1 and 1.A.3.b.vii Table 1, "derived from the 2019 guidebook"). The two agree.
 *
 * NOT FOUND (said so, not guessed):
 * - Tier 3 (COPERT) speed-dependent exhaust coefficients (α…η, RF) — the guidebook's spreadsheet
 *   was not reachable. Exhaust factors are therefore the Tier 2 bulk values, NOT speed dependent;
 *   only non-exhaust PM depends on speed (Tier 2 corrections).
 * - The guidebook's primary NO2/NOx fractions per technology. `PRIMARY_NO2_FRACTION` is a project
 *   ASSUMPTION (uniform 0.1 by mass).
 * - Tier 2 NOx for motorcycles and for articulated (≥ 3-axle) trucks: category 4a/4b use the Tier 1
 *   L-category value; category 3 uses the rigid 12–14 t truck row.
 * - The CO2 per kg of fuel: computed from the carbon balance CO2 = 44.011/(12.011 + 1.008·r_H:C)·FC
 *   (guidebook 1.A.3.b.i–iv, CO2 from fuel consumption) with r_H:C 1.80 (petrol) and 1.86 (diesel)
 *   as recalled from that chapter — NOT verified against the table in this session.
 */
import type { TrafficPollutant } from './pollutants';

/** CNOSSOS-EU vehicle categories (Directive (EU) 2015/996 Annex II §2.2.1). */
export const EMISSION_CATEGORIES = ['1', '2', '3', '4a', '4b'] as const;
export type EmissionCategory = (typeof EMISSION_CATEGORIES)[number];

/** One technology row: NOx and PM exhaust (g/km per vehicle) and fuel consumption (g/km). */
export interface TechnologyFactors {
  label: string;
  /** Guidebook table the row comes from. */
  source: string;
  noxGPerKm: number;
  pmExhaustGPerKm: number;
  fuelGPerKm: number;
  fuel: 'petrol' | 'diesel';
}

// PM exhaust of petrol cars and HDVs and all fuel consumptions are Tier 1 per-km values (see above).
const PC_PETROL_PM = 0.0012;
const PC_PETROL_FC = 61.9;
const PC_DIESEL_FC = 56.8;
const HDV_PM_TIER1 = 0.119;
const HDV_FC = 216.8;
const BUS_FC = 216.8; // Tier 1 gives no diesel-bus FC row in the source found: HDV diesel FC used (ASSUMPTION).

/** Technology rows (guidebook 2023 1.A.3.b.i–iv Tier 2 NOx; PM as stated). */
export const TECHNOLOGIES = {
  pcPetrolEuro4: { label: 'PC petrol Euro 4', source: 'Table 3-17', noxGPerKm: 0.064, pmExhaustGPerKm: PC_PETROL_PM, fuelGPerKm: PC_PETROL_FC, fuel: 'petrol' },
  pcPetrolEuro5: { label: 'PC petrol Euro 5', source: 'Table 3-17', noxGPerKm: 0.047, pmExhaustGPerKm: PC_PETROL_PM, fuelGPerKm: PC_PETROL_FC, fuel: 'petrol' },
  pcPetrolEuro6abc: { label: 'PC petrol Euro 6 a/b/c', source: 'Table 3-17', noxGPerKm: 0.032, pmExhaustGPerKm: PC_PETROL_PM, fuelGPerKm: PC_PETROL_FC, fuel: 'petrol' },
  pcPetrolEuro6d: { label: 'PC petrol Euro 6d', source: 'Table 3-17', noxGPerKm: 0.032, pmExhaustGPerKm: PC_PETROL_PM, fuelGPerKm: PC_PETROL_FC, fuel: 'petrol' },
  pcDieselEuro4: { label: 'PC diesel Euro 4', source: 'Table 3-17', noxGPerKm: 0.599, pmExhaustGPerKm: 0.0383, fuelGPerKm: PC_DIESEL_FC, fuel: 'diesel' },
  pcDieselEuro5: { label: 'PC diesel Euro 5', source: 'Table 3-17', noxGPerKm: 0.562, pmExhaustGPerKm: 0.0002, fuelGPerKm: PC_DIESEL_FC, fuel: 'diesel' },
  pcDieselEuro6abc: { label: 'PC diesel Euro 6 a/b/c', source: 'Table 3-17', noxGPerKm: 0.507, pmExhaustGPerKm: 0.0002, fuelGPerKm: PC_DIESEL_FC, fuel: 'diesel' },
  pcDieselEuro6d: { label: 'PC diesel Euro 6d', source: 'Table 3-17', noxGPerKm: 0.074, pmExhaustGPerKm: 0.0002, fuelGPerKm: PC_DIESEL_FC, fuel: 'diesel' },
  hdvEuroIV: { label: 'HDV rigid 12–14 t Euro IV', source: 'Table 3-21', noxGPerKm: 2.855, pmExhaustGPerKm: HDV_PM_TIER1, fuelGPerKm: HDV_FC, fuel: 'diesel' },
  hdvEuroV: { label: 'HDV rigid 12–14 t Euro V', source: 'Table 3-21', noxGPerKm: 2.041, pmExhaustGPerKm: HDV_PM_TIER1, fuelGPerKm: HDV_FC, fuel: 'diesel' },
  hdvEuroVIabc: { label: 'HDV rigid 12–14 t Euro VI A–C', source: 'Table 3-21', noxGPerKm: 0.264, pmExhaustGPerKm: HDV_PM_TIER1, fuelGPerKm: HDV_FC, fuel: 'diesel' },
  hdvEuroVIde: { label: 'HDV rigid 12–14 t Euro VI D–E', source: 'Table 3-21', noxGPerKm: 0.198, pmExhaustGPerKm: HDV_PM_TIER1, fuelGPerKm: HDV_FC, fuel: 'diesel' },
  busEuroV: { label: 'Urban diesel bus 15–18 t Euro V', source: 'Table 3-23', noxGPerKm: 6.17, pmExhaustGPerKm: HDV_PM_TIER1, fuelGPerKm: BUS_FC, fuel: 'diesel' },
  busEuroVIabc: { label: 'Urban diesel bus 15–18 t Euro VI A–C', source: 'Table 3-23', noxGPerKm: 1.343, pmExhaustGPerKm: HDV_PM_TIER1, fuelGPerKm: BUS_FC, fuel: 'diesel' },
  lCategory: { label: 'L-category (petrol), Tier 1', source: 'Tables 3-5/3-6 × 3-15', noxGPerKm: 0.2, pmExhaustGPerKm: 0.0141, fuelGPerKm: 27.7, fuel: 'petrol' },
} as const satisfies Record<string, TechnologyFactors>;
export type Technology = keyof typeof TECHNOLOGIES;

/**
 * Fleet mix per CNOSSOS category (vehicle-km shares, sum 1). A project ASSUMPTION for a German
 * urban fleet of the early 2020s, documented here so it can be replaced by registration
 * statistics: it is not a guidebook value.
 */
export const FLEET_MIX: Readonly<Record<EmissionCategory, Readonly<Partial<Record<Technology, number>>>>> = {
  '1': { pcPetrolEuro4: 0.1, pcPetrolEuro5: 0.15, pcPetrolEuro6abc: 0.15, pcPetrolEuro6d: 0.2, pcDieselEuro4: 0.05, pcDieselEuro5: 0.1, pcDieselEuro6abc: 0.1, pcDieselEuro6d: 0.15 },
  '2': { hdvEuroIV: 0.1, hdvEuroV: 0.2, hdvEuroVIabc: 0.25, hdvEuroVIde: 0.25, busEuroV: 0.05, busEuroVIabc: 0.15 },
  '3': { hdvEuroIV: 0.1, hdvEuroV: 0.25, hdvEuroVIabc: 0.3, hdvEuroVIde: 0.35 },
  '4a': { lCategory: 1 },
  '4b': { lCategory: 1 },
};

/** Primary NO2/NOx mass fraction of the exhaust: project ASSUMPTION (guidebook values not found). */
export const PRIMARY_NO2_FRACTION: Readonly<Record<EmissionCategory, number>> = { '1': 0.1, '2': 0.1, '3': 0.1, '4a': 0.1, '4b': 0.1 };

/** Atomic masses (g/mol) and H:C ratios for CO2 from fuel (see the NOT FOUND note above). */
const CO2_PER_FUEL = { petrol: 44.011 / (12.011 + 1.008 * 1.8), diesel: 44.011 / (12.011 + 1.008 * 1.86) } as const;

/** Tier 1 TSP (g/km per vehicle) of tyre, brake and road-surface wear (1.A.3.b.vi–vii). */
export interface WearFactors {
  tyreTspGPerKm: number;
  brakeTspGPerKm: number;
  roadTspGPerKm: number;
}

/** PCs for category 1; HDV for 2 and 3; mopeds/motorcycles for 4a/4b (IIR Tables 1 of 1.A.3.b.vi and vii). */
export const WEAR_FACTORS: Readonly<Record<EmissionCategory, WearFactors>> = {
  '1': { tyreTspGPerKm: 0.0107, brakeTspGPerKm: 0.0075, roadTspGPerKm: 0.015 },
  '2': { tyreTspGPerKm: 0.045, brakeTspGPerKm: 0.0327, roadTspGPerKm: 0.076 },
  '3': { tyreTspGPerKm: 0.045, brakeTspGPerKm: 0.0327, roadTspGPerKm: 0.076 },
  '4a': { tyreTspGPerKm: 0.0046, brakeTspGPerKm: 0.0037, roadTspGPerKm: 0.006 },
  '4b': { tyreTspGPerKm: 0.0046, brakeTspGPerKm: 0.0037, roadTspGPerKm: 0.006 },
};

/** PM10 and PM2.5 mass fractions of TSP per wear source (1.A.3.b.vi–vii Tier 2 size distributions). */
export const WEAR_PM10_FRACTION = { tyre: 0.6, brake: 0.98, road: 0.5 } as const;
export const WEAR_PM25_FRACTION = { tyre: 0.42, brake: 0.39, road: 0.27 } as const;

/**
 * Tyre-wear speed correction S_T(v), v in km/h (1.A.3.b.vi Tier 2): 1.39 below 40 km/h,
 * −0.00974·v + 1.78 from 40 to 90 km/h, 0.902 above. The Tier 1 TSP values are fleet averages over
 * driving modes, so applying S_T to them follows the Tier 2 use of the same correction.
 */
export function tyreSpeedCorrection(speedKmh: number): number {
  if (speedKmh < 40) return 1.39;
  if (speedKmh <= 90) return -0.00974 * speedKmh + 1.78;
  return 0.902;
}

/** Brake-wear speed correction S_B(v) (1.A.3.b.vi Tier 2): 1.67 below 40, −0.0270·v + 2.75 to 95, 0.185 above. */
export function brakeSpeedCorrection(speedKmh: number): number {
  if (speedKmh < 40) return 1.67;
  if (speedKmh <= 95) return -0.027 * speedKmh + 2.75;
  return 0.185;
}

/** Fleet-mix weighted exhaust factor of one quantity for a category. */
function fleetAverage(category: EmissionCategory, quantity: (t: TechnologyFactors) => number): number {
  let sum = 0;
  for (const [tech, share] of Object.entries(FLEET_MIX[category])) sum += (share as number) * quantity(TECHNOLOGIES[tech as Technology]);
  return sum;
}

/** Fleet exhaust factors per category (computed once). */
const EXHAUST = Object.fromEntries(
  EMISSION_CATEGORIES.map((c) => [
    c,
    {
      nox: fleetAverage(c, (t) => t.noxGPerKm),
      pm: fleetAverage(c, (t) => t.pmExhaustGPerKm),
      co2: fleetAverage(c, (t) => t.fuelGPerKm * CO2_PER_FUEL[t.fuel]),
    },
  ]),
) as Record<EmissionCategory, { nox: number; pm: number; co2: number }>;

/** Non-exhaust PM10 or PM2.5 (g/km per vehicle) at a mean speed. */
export function wearPmGPerKm(category: EmissionCategory, size: 'PM10' | 'PM2.5', speedKmh: number): number {
  const wear = WEAR_FACTORS[category];
  const f = size === 'PM10' ? WEAR_PM10_FRACTION : WEAR_PM25_FRACTION;
  return wear.tyreTspGPerKm * f.tyre * tyreSpeedCorrection(speedKmh) + wear.brakeTspGPerKm * f.brake * brakeSpeedCorrection(speedKmh) + wear.roadTspGPerKm * f.road;
}

/**
 * Emission factor (g/km per vehicle) of one pollutant for a category at a mean speed (km/h): NOx as
 * NO2 mass; NO2 = primary fraction × NOx; PM = exhaust (all below 2.5 µm) + wear; CO2 from fuel.
 */
export function emissionFactorGPerKm(category: EmissionCategory, pollutant: TrafficPollutant, speedKmh: number): number {
  const ex = EXHAUST[category];
  if (pollutant === 'NOx') return ex.nox;
  if (pollutant === 'NO2') return PRIMARY_NO2_FRACTION[category] * ex.nox;
  if (pollutant === 'CO2') return ex.co2;
  return ex.pm + wearPmGPerKm(category, pollutant, speedKmh);
}
