/**
 * Road-traffic emission factors per vehicle (g/km) for the CNOSSOS-EU categories of the city model
 * (1 light, 2 medium heavy, 3 heavy, 4a mopeds, 4b motorcycles) at a link's mean speed.
 *
 * Exhaust (EMEP/EEA guidebook 1.A.3.b.i–iv, Tier 3 / COPERT): each category is a fleet of
 * technologies (`FLEET_MIX`, vehicle-km shares); each technology has hot-exhaust speed functions
 * EF(V) for NOx, PM and fuel consumption (`emep-eea-hot-ef.ts`, table and source per row).
 * The category factor is Σ share · EF_tech(V), V clamped per function to its [vMin, vMax]
 * (`speedClampSide` reports it). PM exhaust is all below 2.5 µm (PM2.5 = PM10 for exhaust).
 * CO2 from fuel by the carbon balance of the guidebook (1.A.3.b.i–iv, CO2 from fuel consumption):
 * CO2 = 44.011 · FC / (12.011 + 1.008 · r_H:C + 16.000 · r_O:C).
 * Primary NO2 = Σ share · f_NO2,tech · EF_NOx,tech(V).
 *
 * Non-exhaust (1.A.3.b.vi–vii): Tier 1 TSP per vehicle class, Tier 2 PM10/PM2.5 mass fractions and
 * speed corrections S_T(v), S_B(v) — 2019 guidebook values as reported by the German IIR 2022/2023
 * (Umweltbundesamt, 1.A.3.b.vi Table 1, 1.A.3.b.vii Table 1) and a secondary specification; the
 * two agreed.
 *
 * Fuel H:C and O:C ratios: diesel r_H:C = 1.86, r_O:C = 0 — the guidebook's table of ratios for
 * reference fuels, as quoted in ipeaGIT/gtfs2emis (data-raw EMEP preparation script); petrol
 * r_H:C = 1.80, r_O:C = 0 — recalled from the same table, NOT read in this session (ASSUMPTION).
 *
 * ASSUMPTIONS (labelled, not guidebook values): the fleet mix; the primary NO2 fractions (see
 * `TECHNOLOGY_INFO`); the petrol H:C ratio; category 2 (medium
 * heavy, 2 axles) is the rigid 14–20 t truck and the standard urban bus (Euro V/VI only: no older
 * bus rows were read), category 3 (heavy, ≥ 3 axles) the articulated 28–34 t truck (its Euro III
 * share counted as Euro IV: no Euro III row was read).
 */
import { hotEmissionFactor, type HotEfFunction } from './hot-emission-functions';
import { HOT_EF_ROWS, type HotEfPollutant, type Technology } from './emep-eea-hot-ef';
import type { TrafficPollutant } from './pollutants';

export type { Technology } from './emep-eea-hot-ef';

/** CNOSSOS-EU vehicle categories (Directive (EU) 2015/996 Annex II §2.2.1). */
export const EMISSION_CATEGORIES = ['1', '2', '3', '4a', '4b'] as const;
export type EmissionCategory = (typeof EMISSION_CATEGORIES)[number];

export type Fuel = 'petrol' | 'diesel';

/** Hydrogen-to-carbon and oxygen-to-carbon atom ratios of a fuel (diesel read, petrol assumed; see above). */
export const FUEL_RATIOS: Readonly<Record<Fuel, { hydrogenToCarbon: number; oxygenToCarbon: number }>> = {
  petrol: { hydrogenToCarbon: 1.8, oxygenToCarbon: 0 },
  diesel: { hydrogenToCarbon: 1.86, oxygenToCarbon: 0 },
};

/** CO2 (g/km) from fuel consumption FC (g/km): 44.011 · FC / (12.011 + 1.008 r_H:C + 16.000 r_O:C). */
export function co2FromFuelGPerKm(fuelGPerKm: number, fuel: Fuel): number {
  const r = FUEL_RATIOS[fuel];
  return (44.011 * fuelGPerKm) / (12.011 + 1.008 * r.hydrogenToCarbon + 16.0 * r.oxygenToCarbon);
}

/** Label, fuel and primary NO2/NOx mass fraction of each technology. */
export interface TechnologyInfo {
  label: string;
  fuel: Fuel;
  primaryNo2Fraction: number;
  /** Where the primary NO2 fraction comes from. */
  primaryNo2Source: string;
}

const F_NO2_DIESEL_LDV = 'Carslaw et al. 2019 (Atmos. Environ. X 1, 100002): new diesel cars and vans "typically 30 %" NO2/NOx (remote sensing)';
const F_NO2_ASSUMED = 'ASSUMPTION (guidebook f-NO2 table not found this session)';

export const TECHNOLOGY_INFO: Readonly<Record<Technology, TechnologyInfo>> = {
  pcPetrolEuro4: { label: 'PC petrol Euro 4', fuel: 'petrol', primaryNo2Fraction: 0.04, primaryNo2Source: F_NO2_ASSUMED },
  pcPetrolEuro5: { label: 'PC petrol Euro 5', fuel: 'petrol', primaryNo2Fraction: 0.04, primaryNo2Source: F_NO2_ASSUMED },
  pcPetrolEuro6: { label: 'PC petrol Euro 6', fuel: 'petrol', primaryNo2Fraction: 0.04, primaryNo2Source: F_NO2_ASSUMED },
  pcPetrolEuro6c: { label: 'PC petrol Euro 6c', fuel: 'petrol', primaryNo2Fraction: 0.04, primaryNo2Source: F_NO2_ASSUMED },
  pcDieselEuro4: { label: 'PC diesel Euro 4', fuel: 'diesel', primaryNo2Fraction: 0.3, primaryNo2Source: F_NO2_DIESEL_LDV },
  pcDieselEuro5: { label: 'PC diesel Euro 5', fuel: 'diesel', primaryNo2Fraction: 0.3, primaryNo2Source: F_NO2_DIESEL_LDV },
  pcDieselEuro6: { label: 'PC diesel Euro 6', fuel: 'diesel', primaryNo2Fraction: 0.3, primaryNo2Source: F_NO2_DIESEL_LDV },
  pcDieselEuro6c: { label: 'PC diesel Euro 6c', fuel: 'diesel', primaryNo2Fraction: 0.3, primaryNo2Source: F_NO2_DIESEL_LDV },
  lcvDieselEuro5: { label: 'LCV diesel Euro 5', fuel: 'diesel', primaryNo2Fraction: 0.3, primaryNo2Source: F_NO2_DIESEL_LDV },
  lcvDieselEuro6: { label: 'LCV diesel Euro 6', fuel: 'diesel', primaryNo2Fraction: 0.3, primaryNo2Source: F_NO2_DIESEL_LDV },
  lcvDieselEuro6c: { label: 'LCV diesel Euro 6c', fuel: 'diesel', primaryNo2Fraction: 0.3, primaryNo2Source: F_NO2_DIESEL_LDV },
  hdvEuroIII: { label: 'HDV rigid 14–20 t Euro III', fuel: 'diesel', primaryNo2Fraction: 0.1, primaryNo2Source: F_NO2_ASSUMED },
  hdvEuroIV: { label: 'HDV rigid 14–20 t Euro IV', fuel: 'diesel', primaryNo2Fraction: 0.1, primaryNo2Source: F_NO2_ASSUMED },
  hdvEuroV: { label: 'HDV rigid 14–20 t Euro V', fuel: 'diesel', primaryNo2Fraction: 0.1, primaryNo2Source: F_NO2_ASSUMED },
  hdvEuroVI: { label: 'HDV rigid 14–20 t Euro VI', fuel: 'diesel', primaryNo2Fraction: 0.1, primaryNo2Source: F_NO2_ASSUMED },
  hdvArticEuroIV: { label: 'HDV articulated 28–34 t Euro IV', fuel: 'diesel', primaryNo2Fraction: 0.1, primaryNo2Source: F_NO2_ASSUMED },
  hdvArticEuroV: { label: 'HDV articulated 28–34 t Euro V', fuel: 'diesel', primaryNo2Fraction: 0.1, primaryNo2Source: F_NO2_ASSUMED },
  hdvArticEuroVI: { label: 'HDV articulated 28–34 t Euro VI', fuel: 'diesel', primaryNo2Fraction: 0.1, primaryNo2Source: F_NO2_ASSUMED },
  busEuroV: { label: 'Urban bus 15–18 t Euro V', fuel: 'diesel', primaryNo2Fraction: 0.1, primaryNo2Source: F_NO2_ASSUMED },
  busEuroVI: { label: 'Urban bus 15–18 t Euro VI', fuel: 'diesel', primaryNo2Fraction: 0.1, primaryNo2Source: F_NO2_ASSUMED },
  lCategory: { label: 'L-category (petrol)', fuel: 'petrol', primaryNo2Fraction: 0.04, primaryNo2Source: F_NO2_ASSUMED },
};

/**
 * Fleet mix per CNOSSOS category (vehicle-km shares, sum 1). A project ASSUMPTION for a German
 * urban fleet of the early 2020s (light: 53 % petrol cars, 39 % diesel cars, 8 % diesel vans),
 * documented so it can be replaced by registration statistics; not a guidebook value.
 */
export const FLEET_MIX: Readonly<Record<EmissionCategory, Readonly<Partial<Record<Technology, number>>>>> = {
  '1': {
    pcPetrolEuro4: 0.1,
    pcPetrolEuro5: 0.13,
    pcPetrolEuro6: 0.12,
    pcPetrolEuro6c: 0.18,
    pcDieselEuro4: 0.06,
    pcDieselEuro5: 0.1,
    pcDieselEuro6: 0.1,
    pcDieselEuro6c: 0.13,
    lcvDieselEuro5: 0.02,
    lcvDieselEuro6: 0.03,
    lcvDieselEuro6c: 0.03,
  },
  '2': { hdvEuroIII: 0.04, hdvEuroIV: 0.08, hdvEuroV: 0.24, hdvEuroVI: 0.44, busEuroV: 0.08, busEuroVI: 0.12 },
  '3': { hdvArticEuroIV: 0.15, hdvArticEuroV: 0.3, hdvArticEuroVI: 0.55 },
  '4a': { lCategory: 1 },
  '4b': { lCategory: 1 },
};

/** The fleet of a category as arrays (computed once): technology, share, rows. */
interface FleetEntry {
  share: number;
  info: TechnologyInfo;
  rows: Readonly<Record<HotEfPollutant, HotEfFunction>>;
}
const FLEET: Readonly<Record<EmissionCategory, readonly FleetEntry[]>> = Object.fromEntries(
  EMISSION_CATEGORIES.map((c) => [
    c,
    Object.entries(FLEET_MIX[c]).map(([tech, share]): FleetEntry => ({ share: share as number, info: TECHNOLOGY_INFO[tech as Technology], rows: HOT_EF_ROWS[tech as Technology] })),
  ]),
) as Record<EmissionCategory, FleetEntry[]>;

/** Fleet-weighted hot-exhaust NOx (g/km, as NO2 mass) of a category at mean speed V (km/h). */
export function fleetNoxGPerKm(category: EmissionCategory, speedKmh: number): number {
  let sum = 0;
  for (const t of FLEET[category]) sum += t.share * hotEmissionFactor(t.rows.NOx, speedKmh);
  return sum;
}

/** Fleet-weighted primary NO2 (g/km): Σ share · f_NO2 · EF_NOx(V). */
export function fleetPrimaryNo2GPerKm(category: EmissionCategory, speedKmh: number): number {
  let sum = 0;
  for (const t of FLEET[category]) sum += t.share * t.info.primaryNo2Fraction * hotEmissionFactor(t.rows.NOx, speedKmh);
  return sum;
}

/** Fleet-weighted PM exhaust (g/km, all < 2.5 µm). */
export function fleetPmExhaustGPerKm(category: EmissionCategory, speedKmh: number): number {
  let sum = 0;
  for (const t of FLEET[category]) sum += t.share * hotEmissionFactor(t.rows.PM, speedKmh);
  return sum;
}

/** Fleet-weighted CO2 (g/km) from each technology's fuel consumption and fuel H:C ratio. */
export function fleetCo2GPerKm(category: EmissionCategory, speedKmh: number): number {
  let sum = 0;
  for (const t of FLEET[category]) sum += t.share * co2FromFuelGPerKm(hotEmissionFactor(t.rows.FC, speedKmh), t.info.fuel);
  return sum;
}

/**
 * Whether the speed falls outside the validity range of any speed function of the category's
 * fleet: −1 below a vMin, +1 above a vMax (below wins if both), 0 inside all.
 */
const HOT_EF_POLLUTANTS: readonly HotEfPollutant[] = ['NOx', 'PM', 'FC'];

export function speedClampSide(category: EmissionCategory, speedKmh: number): -1 | 0 | 1 {
  let above = false;
  for (const t of FLEET[category]) {
    for (const p of HOT_EF_POLLUTANTS) {
      const fn = t.rows[p];
      if (speedKmh < fn.vMinKmh) return -1;
      if (speedKmh > fn.vMaxKmh) above = true;
    }
  }
  return above ? 1 : 0;
}

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

/** Non-exhaust PM10 or PM2.5 (g/km per vehicle) at a mean speed. */
export function wearPmGPerKm(category: EmissionCategory, size: 'PM10' | 'PM2.5', speedKmh: number): number {
  const wear = WEAR_FACTORS[category];
  const f = size === 'PM10' ? WEAR_PM10_FRACTION : WEAR_PM25_FRACTION;
  return wear.tyreTspGPerKm * f.tyre * tyreSpeedCorrection(speedKmh) + wear.brakeTspGPerKm * f.brake * brakeSpeedCorrection(speedKmh) + wear.roadTspGPerKm * f.road;
}

/**
 * Emission factor (g/km per vehicle) of one pollutant for a category at a mean speed (km/h): NOx as
 * NO2 mass; NO2 = fleet primary NO2; PM = exhaust (all below 2.5 µm) + wear; CO2 from fuel.
 */
export function emissionFactorGPerKm(category: EmissionCategory, pollutant: TrafficPollutant, speedKmh: number): number {
  if (pollutant === 'NOx') return fleetNoxGPerKm(category, speedKmh);
  if (pollutant === 'NO2') return fleetPrimaryNo2GPerKm(category, speedKmh);
  if (pollutant === 'CO2') return fleetCo2GPerKm(category, speedKmh);
  return fleetPmExhaustGPerKm(category, speedKmh) + wearPmGPerKm(category, pollutant, speedKmh);
}
