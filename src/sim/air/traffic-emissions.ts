/**
 * Lineal emission rates of road links from traffic: q = Σ_c flow_c (veh/h) × EF_c(v_c) (g/km),
 * converted to µg/(m·s) (the unit of CALINE3's source strength): 1 g/(km·h) = 1/3.6 µg/(m·s).
 * Emission factors come from the data module `emission-factors.ts` (EMEP/EEA 2023 method).
 */
import { EMISSION_CATEGORIES, emissionFactorGPerKm, type EmissionCategory } from './emission-factors';
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
