/**
 * City → noise sources for the CNOSSOS-EU map (issue 8): the twin's columnar tables handed to the
 * kernels of src/sim/noise as plain typed arrays, and the per-road traffic of each period.
 *
 * Where a road's flows come from, in this order (per road, reported in `NoiseTrafficSources`):
 * 1. the road's own `flowVehH` / `speedKmh` (imported attributes such as Lorient's TV_D/HV_D/LV_SPD_D
 *    columns, the demo's class profiles, or flows the traffic model wrote back through
 *    src/twin/traffic/road-flows.ts);
 * 2. otherwise the class default: the demo district's documented road profiles
 *    (src/twin/demo/traffic.ts: AADT per class, day/evening/night shares, heavy and two-wheeler
 *    shares); motorway and trunk take the primary profile, unclassified the tertiary one
 *    (assumption), rail and paths carry no road traffic.
 * 0. when the job passes peak-hour flows from the traffic model (src/twin/traffic: RoadFlows.totalVehH
 *    of the assignment, veh/h both directions), those, spread over the periods and categories with
 *    `peakHourFlowsToPeriods` (below); roads without a finite model flow keep 1. / 2.
 * A missing speed is the road's legal speed (CNOSSOS-EU Annex II §2.2.1: the legal speed when no
 * measured speed is known), else 50 km/h.
 *
 * Surface: the road's CNOSSOS id; when empty, its kept source attributes (an OSM `surface=*` tag)
 * through src/twin/import/attribute-mapping.ts `cnossosSurface`.
 *
 * Gradient: (z_last − z_first) / horizontal length of the road's seated vertices, %, when the road
 * is seated on terrain (z finite); 0 otherwise. One gradient per road (the kernel's layout).
 */
import { FLOW_STRIDE, PERIODS, ROAD_CLASSES, VEHICLE_CATEGORIES, type CityModel, type RoadClass } from '../twin/city-model';
import { DEMO_ROAD_PROFILES, writeRoadFlows, type RoadProfile } from '../twin/demo/traffic';
import { cnossosSurface } from '../twin/import/attribute-mapping';
import type { NoiseBuildings, NoiseRoads } from '../sim/noise/noise-scene';
import type { RoadTraffic } from '../sim/noise/noise-map';

/** Class → default profile for roads without flows (see the module comment). */
const DEFAULT_PROFILE_BY_CLASS: Readonly<Record<RoadClass, RoadProfile | null>> = {
  motorway: DEMO_ROAD_PROFILES.primary,
  trunk: DEMO_ROAD_PROFILES.primary,
  primary: DEMO_ROAD_PROFILES.primary,
  secondary: DEMO_ROAD_PROFILES.secondary,
  tertiary: DEMO_ROAD_PROFILES.tertiary,
  residential: DEMO_ROAD_PROFILES.residential,
  service: DEMO_ROAD_PROFILES.service,
  living_street: DEMO_ROAD_PROFILES.living_street,
  pedestrian: null,
  cycleway: null,
  footway: null,
  rail: null,
  unclassified: DEMO_ROAD_PROFILES.tertiary,
};

/**
 * Share of the daily traffic in the busiest hour: about 10 % (Mobilität in Deutschland 2017 time-of-day
 * profile, the figure src/twin/traffic/trip-generation.ts builds its peak-hour demand on), so
 * AADT ≈ peak-hour flow / 0.10.
 */
export const PEAK_HOUR_SHARE_OF_DAILY = 0.1;

/**
 * Writes one road's period flows (veh/h per period and category) from its peak-hour flow, veh/h:
 * AADT = peak / PEAK_HOUR_SHARE_OF_DAILY, then the class profile's period shares and heavy and
 * two-wheeler shares (src/twin/demo/traffic.ts `writeRoadFlows`); speeds = `speedKmh`.
 */
export function peakHourFlowsToPeriods(peakVehH: number, profile: RoadProfile, speedKmh: number, road: number, flowVehH: Float32Array, speedOut: Float32Array): void {
  // A profile without motor traffic (paths) has no shares: use the tertiary road's.
  const p = profile.aadtVehDay > 0 ? profile : DEMO_ROAD_PROFILES.tertiary;
  const aadt = Math.max(0, peakVehH) / PEAK_HOUR_SHARE_OF_DAILY;
  writeRoadFlows(p, aadt / p.aadtVehDay, p.lanes, speedKmh, road, flowVehH, speedOut);
}

/** Fallback speed when neither a measured nor a legal speed is known, km/h (general urban limit). */
export const FALLBACK_SPEED_KMH = 50;

export interface NoiseTrafficSources {
  traffic: RoadTraffic & { flowVehH: Float32Array; speedKmh: Float32Array; surface: string[]; slopePercent: Float64Array };
  /** Roads whose flows came from the traffic model (2), were given (1) or filled from the class default (0). */
  flowsGiven: Uint8Array;
  /** Counts for the report. */
  roadsWithModelFlows: number;
  roadsWithGivenFlows: number;
  roadsWithDefaultFlows: number;
}

/** The city's buildings as the kernel's prisms (no copy: the same typed arrays). */
export function noiseBuildings(city: CityModel): NoiseBuildings {
  const b = city.buildings;
  return { count: b.count, ringStart: b.ringStart, ringOffset: b.ringOffset, xy: b.xy, heightM: b.heightM };
}

/** Roads that carry motor traffic (no paths, rail), as the kernel's centre lines. */
export function noiseRoads(city: CityModel): NoiseRoads {
  const r = city.roads;
  return { count: r.count, vertexOffset: r.vertexOffset, xyz: r.xyz };
}

/** Road gradient, %, from the first and last seated vertex (0 when not seated or too short). */
export function roadGradientPercent(city: CityModel, road: number): number {
  const r = city.roads;
  const v0 = r.vertexOffset[road] ?? 0;
  const v1 = (r.vertexOffset[road + 1] ?? 0) - 1;
  if (v1 <= v0) return 0;
  let length = 0;
  for (let v = v0 + 1; v <= v1; v++) length += Math.hypot((r.xyz[3 * v] ?? 0) - (r.xyz[3 * v - 3] ?? 0), (r.xyz[3 * v + 1] ?? 0) - (r.xyz[3 * v - 2] ?? 0));
  const dz = (r.xyz[3 * v1 + 2] ?? Number.NaN) - (r.xyz[3 * v0 + 2] ?? Number.NaN);
  return Number.isFinite(dz) && length > 1 ? (100 * dz) / length : 0;
}

/**
 * Per-road traffic of every period and category (see the module comment for the order of sources);
 * `peakHourFlowVehH`: optional per-road peak-hour flows of the traffic model (NaN = none).
 */
export function noiseTraffic(city: CityModel, peakHourFlowVehH?: ArrayLike<number>): NoiseTrafficSources {
  if (peakHourFlowVehH !== undefined && peakHourFlowVehH.length !== city.roads.count) throw new RangeError(`noise: ${peakHourFlowVehH.length} peak-hour flows for ${city.roads.count} roads`);
  const r = city.roads;
  const flowVehH = new Float32Array(r.count * FLOW_STRIDE);
  const speedKmh = new Float32Array(r.count * FLOW_STRIDE);
  const slopePercent = new Float64Array(r.count);
  const surface: string[] = new Array<string>(r.count);
  const flowsGiven = new Uint8Array(r.count);
  const nCat = VEHICLE_CATEGORIES.length;
  let given = 0;
  let defaulted = 0;
  let model = 0;
  for (let i = 0; i < r.count; i++) {
    const base = i * FLOW_STRIDE;
    let known = false;
    for (let k = 0; k < FLOW_STRIDE; k++) if (Number.isFinite(r.flowVehH[base + k])) known = true;
    const legal = r.maxSpeedKmh[i] ?? Number.NaN;
    const legalSpeed = Number.isFinite(legal) && legal > 0 ? legal : FALLBACK_SPEED_KMH;
    const peak = peakHourFlowVehH?.[i] ?? Number.NaN;
    const classProfile = DEFAULT_PROFILE_BY_CLASS[ROAD_CLASSES[r.roadClass[i] ?? 0] ?? 'unclassified'];
    if (Number.isFinite(peak) && peak >= 0) {
      flowsGiven[i] = 2;
      model++;
      peakHourFlowsToPeriods(peak, classProfile ?? DEMO_ROAD_PROFILES.tertiary, legalSpeed, i, flowVehH, speedKmh);
      for (let k = 0; k < FLOW_STRIDE; k++) if (!(Number(speedKmh[base + k]) > 0)) speedKmh[base + k] = legalSpeed;
    } else if (known) {
      flowsGiven[i] = 1;
      given++;
      for (let k = 0; k < FLOW_STRIDE; k++) {
        const q = r.flowVehH[base + k] ?? Number.NaN;
        const v = r.speedKmh[base + k] ?? Number.NaN;
        flowVehH[base + k] = Number.isFinite(q) && q > 0 ? q : 0;
        speedKmh[base + k] = Number.isFinite(v) && v > 0 ? v : legalSpeed;
      }
    } else {
      const profile = classProfile;
      if (profile !== null) {
        writeRoadFlows(profile, 1, r.lanes[i] || profile.lanes, legalSpeed, i, flowVehH, speedKmh);
        defaulted++;
      }
      for (let k = 0; k < PERIODS.length * nCat; k++) if (!(Number(speedKmh[base + k]) > 0)) speedKmh[base + k] = legalSpeed;
    }
    const own = r.surface[i] ?? '';
    surface[i] = own !== '' ? own : (cnossosSurface(r.attributes[i] ?? {}) ?? '');
    slopePercent[i] = roadGradientPercent(city, i);
  }
  return { traffic: { flowVehH, speedKmh, surface, slopePercent }, flowsGiven, roadsWithModelFlows: model, roadsWithGivenFlows: given, roadsWithDefaultFlows: defaulted };
}
