/**
 * Road profiles of the demo district: lanes, legal speed, surface and traffic by road class,
 * and the hourly flows per period (day/evening/night) and CNOSSOS-EU vehicle category.
 *
 * Sources and assumptions (documented in README.md):
 * - Periods of Directive 2002/49/EC Annex I: day 07–19 (12 h), evening 19–23 (4 h), night 23–07
 *   (8 h). Share of the daily traffic (AADT) per period: day 75 %, evening 15 %, night 10 %, i.e.
 *   0.0625 / 0.0375 / 0.0125 × AADT per hour. This matches RLS-90 Table 3 for municipal roads
 *   (M_day(06–22) = 0.06 AADT, M_night = 0.011 AADT) once day and evening are pooled.
 * - AADT by class: orders of magnitude of German urban counts; peak hour ≈ 10 % of AADT lies in
 *   the ranges of the RASt 06 design situations (residential street < 400 veh/h, main street
 *   800–2600 veh/h).
 * - Heavy vehicles (CNOSSOS categories 2 + 3, > 3.5 t) by class and period, split 60 % medium
 *   (cat. 2) and 40 % heavy (cat. 3); RLS-90 gives 10 % day / 3 % night for > 2.8 t on municipal
 *   roads, our shares are lower because light vans (2.8–3.5 t) stay in category 1.
 * - Powered two-wheelers: 0.5 % mopeds (4a) and 1 % motorcycles (4b) by day and evening, half at night.
 * - Speed per category = the legal limit, as CNOSSOS-EU (Directive (EU) 2015/996, Annex II
 *   §2.2.1) prescribes when no measured speed is known.
 */
import { FLOW_STRIDE, VEHICLE_CATEGORIES, type RoadClass } from '../city-model';

export interface RoadProfile {
  lanes: number;
  maxSpeedKmh: number;
  /** CNOSSOS-EU surface id; "" = reference surface (dense asphalt). */
  surface: string;
  /** Annual average daily traffic, motor vehicles per day (0: no motor traffic). */
  aadtVehDay: number;
  /** Share of heavy vehicles (> 3.5 t, categories 2 + 3) per period [day, evening, night]. */
  heavyShare: readonly [number, number, number];
}

/** Share of the daily traffic in each period, and the period length in hours. */
export const PERIOD_TRAFFIC_SHARE = [0.75, 0.15, 0.1] as const;
export const PERIOD_HOURS = [12, 4, 8] as const;
/** Split of heavy vehicles between CNOSSOS categories 2 (medium) and 3 (heavy). */
export const MEDIUM_HEAVY_SPLIT = 0.6;
/** Two-wheeler shares [4a mopeds, 4b motorcycles] by day and evening; halved at night. */
export const TWO_WHEELER_SHARE = [0.005, 0.01] as const;

type DemoRoadClass = Extract<RoadClass, 'primary' | 'secondary' | 'tertiary' | 'residential' | 'service' | 'living_street' | 'pedestrian' | 'cycleway' | 'footway'>;

export const DEMO_ROAD_PROFILES: Readonly<Record<DemoRoadClass, RoadProfile>> = {
  primary: { lanes: 4, maxSpeedKmh: 50, surface: '', aadtVehDay: 16_000, heavyShare: [0.06, 0.04, 0.05] },
  secondary: { lanes: 4, maxSpeedKmh: 50, surface: '', aadtVehDay: 22_000, heavyShare: [0.08, 0.05, 0.06] },
  tertiary: { lanes: 2, maxSpeedKmh: 50, surface: '', aadtVehDay: 6_000, heavyShare: [0.04, 0.03, 0.02] },
  residential: { lanes: 2, maxSpeedKmh: 30, surface: '', aadtVehDay: 1_500, heavyShare: [0.02, 0.01, 0.01] },
  service: { lanes: 1, maxSpeedKmh: 20, surface: '', aadtVehDay: 200, heavyShare: [0.03, 0.01, 0.01] },
  // "Verkehrsberuhigter Bereich": walking pace, 7 km/h; paved with concrete blocks (CNOSSOS has no
  // generic id for pavers, so the reference surface is kept and the cover is noted in attributes).
  living_street: { lanes: 1, maxSpeedKmh: 7, surface: '', aadtVehDay: 100, heavyShare: [0.01, 0, 0] },
  pedestrian: { lanes: 1, maxSpeedKmh: NaN, surface: '', aadtVehDay: 0, heavyShare: [0, 0, 0] },
  cycleway: { lanes: 1, maxSpeedKmh: NaN, surface: '', aadtVehDay: 0, heavyShare: [0, 0, 0] },
  footway: { lanes: 1, maxSpeedKmh: NaN, surface: '', aadtVehDay: 0, heavyShare: [0, 0, 0] },
};

/**
 * Writes the hourly flows (veh/h) and speeds (km/h) of one road into the FLOW_STRIDE slots at
 * `road * FLOW_STRIDE` of `flowVehH` and `speedKmh`. `factor` scales the class AADT (segment
 * variation). Roads without motor traffic get flow 0 and speed NaN.
 */
export function writeRoadFlows(profile: RoadProfile, factor: number, lanes: number, maxSpeedKmh: number, road: number, flowVehH: Float32Array, speedKmh: Float32Array): void {
  const nCat = VEHICLE_CATEGORIES.length;
  const base = road * FLOW_STRIDE;
  // A one-lane street of a two-lane class carries about half its traffic.
  const laneFactor = Math.min(1, lanes / profile.lanes);
  const aadt = profile.aadtVehDay * factor * laneFactor;
  for (let p = 0; p < PERIOD_HOURS.length; p++) {
    const total = (aadt * (PERIOD_TRAFFIC_SHARE[p] ?? 0)) / (PERIOD_HOURS[p] ?? 1);
    const heavy = profile.heavyShare[p] ?? 0;
    const twoWheelerScale = p === 2 ? 0.5 : 1;
    const cat4a = TWO_WHEELER_SHARE[0] * twoWheelerScale;
    const cat4b = TWO_WHEELER_SHARE[1] * twoWheelerScale;
    const shares = [1 - heavy - cat4a - cat4b, heavy * MEDIUM_HEAVY_SPLIT, heavy * (1 - MEDIUM_HEAVY_SPLIT), cat4a, cat4b];
    for (let c = 0; c < nCat; c++) {
      const slot = base + p * nCat + c;
      flowVehH[slot] = aadt > 0 ? total * (shares[c] ?? 0) : 0;
      speedKmh[slot] = aadt > 0 ? maxSpeedKmh : NaN;
    }
  }
}
