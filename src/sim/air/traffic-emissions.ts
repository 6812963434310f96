/**
 * Lineal emission rates of road links from traffic: q = Σ_c flow_c (veh/h) × EF_c(v_c) (g/km),
 * converted to µg/(m·s) (the unit of CALINE3's source strength): 1 g/(km·h) = 1/3.6 µg/(m·s).
 * Emission factors are speed dependent (`emission-factors.ts`, EMEP/EEA Tier 3 speed functions).
 */
import { EMISSION_CATEGORIES, emissionFactorGPerKm, speedClampSide, type EmissionCategory } from './emission-factors';
import type { TrafficPollutant } from './pollutants';

/** g/(km·h) → µg/(m·s). */
export const G_PER_KM_H_TO_UG_PER_M_S = 1e6 / (1000 * 3600);

/** Flows and speeds of one link per category (CNOSSOS order 1, 2, 3, 4a, 4b). */
export interface LinkTraffic {
  flowsVehPerH: Readonly<Partial<Record<EmissionCategory, number>>>;
  speedsKmh: Readonly<Partial<Record<EmissionCategory, number>>>;
}

/** One link's lineal emission rate of a pollutant, µg/(m·s). Missing categories count as 0 veh/h. */
export function linkEmissionUgPerMS(traffic: LinkTraffic, pollutant: TrafficPollutant): number {
  let gPerKmH = 0;
  for (const c of EMISSION_CATEGORIES) {
    const flow = traffic.flowsVehPerH[c] ?? 0;
    if (flow === 0) continue;
    if (!(flow > 0)) throw new Error(`traffic: flow of category ${c} must be ≥ 0 veh/h, got ${flow}`);
    const speed = traffic.speedsKmh[c];
    if (speed === undefined || !(speed > 0)) throw new Error(`traffic: category ${c} has a flow but no positive speed (km/h)`);
    gPerKmH += flow * emissionFactorGPerKm(c, pollutant, speed);
  }
  return gPerKmH * G_PER_KM_H_TO_UG_PER_M_S;
}

/**
 * Columnar version for many links: flows and speeds at [link * 5 + category] (CNOSSOS order; NaN
 * or 0 flow = no traffic). Writes µg/(m·s) per link into `out` and returns it.
 */
export function linkEmissionsUgPerMS(flowsVehPerH: ArrayLike<number>, speedsKmh: ArrayLike<number>, pollutant: TrafficPollutant, out: Float64Array): Float64Array {
  const n = out.length;
  const stride = EMISSION_CATEGORIES.length;
  if (flowsVehPerH.length < n * stride || speedsKmh.length < n * stride) throw new Error(`traffic: need ${n * stride} flows and speeds for ${n} links`);
  for (let i = 0; i < n; i++) {
    let gPerKmH = 0;
    for (let c = 0; c < stride; c++) {
      const flow = flowsVehPerH[i * stride + c] as number;
      if (!(flow > 0)) continue;
      const speed = speedsKmh[i * stride + c] as number;
      if (!(speed > 0)) throw new Error(`traffic: link ${i} category ${EMISSION_CATEGORIES[c]} has a flow but no positive speed`);
      gPerKmH += flow * emissionFactorGPerKm(EMISSION_CATEGORIES[c] as EmissionCategory, pollutant, speed);
    }
    out[i] = gPerKmH * G_PER_KM_H_TO_UG_PER_M_S;
  }
  return out;
}

/** How many link × category pairs with traffic had a speed outside the emission functions' range. */
export interface SpeedClampReport {
  /** Pairs with traffic. */
  pairs: number;
  /** Pairs whose speed was below some function's vMin (EF evaluated at vMin). */
  belowRange: number;
  /** Pairs whose speed was above some function's vMax (EF evaluated at vMax). */
  aboveRange: number;
  /** Lowest and highest speed seen (km/h). */
  minSpeedKmh: number;
  maxSpeedKmh: number;
}

/** Clamping report for columnar flows and speeds at [link * 5 + category] (as `linkEmissionsUgPerMS`). */
export function speedClampReport(flowsVehPerH: ArrayLike<number>, speedsKmh: ArrayLike<number>, linkCount: number): SpeedClampReport {
  const stride = EMISSION_CATEGORIES.length;
  const report: SpeedClampReport = { pairs: 0, belowRange: 0, aboveRange: 0, minSpeedKmh: Infinity, maxSpeedKmh: -Infinity };
  for (let i = 0; i < linkCount; i++) {
    for (let c = 0; c < stride; c++) {
      if (!((flowsVehPerH[i * stride + c] as number) > 0)) continue;
      const v = speedsKmh[i * stride + c] as number;
      report.pairs++;
      report.minSpeedKmh = Math.min(report.minSpeedKmh, v);
      report.maxSpeedKmh = Math.max(report.maxSpeedKmh, v);
      const side = speedClampSide(EMISSION_CATEGORIES[c] as EmissionCategory, v);
      if (side < 0) report.belowRange++;
      else if (side > 0) report.aboveRange++;
    }
  }
  return report;
}
