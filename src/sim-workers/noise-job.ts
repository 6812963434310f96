/**
 * Road traffic noise of a city (issue 8, CNOSSOS-EU): the chain city → point sources → grid and
 * facade receivers → stored attenuations (src/sim/noise/noise-map.ts) → Lday, Levening, Lnight,
 * Lden maps, facade levels and the residents' exposure table. Pure: runs in the worker
 * (src/app/noise.worker.ts), the CLI, the scenarios and Node tests alike.
 *
 * A `NoiseSession` keeps the attenuations folded by road (the kernel's `aggregateByRoad`, once per
 * occurrence p), so a what-if on flows, speeds or surfaces only re-sums the roads' Lw′
 * (`resumRoads`, `NoiseSession.whatIf`); `runNoiseJob` is a session's first result. A session
 * keeps its geometry and store, so a geometry change (buildings, barriers) recomputes only the
 * pairs it touches (`updateNoiseSession`, noise-geometry-change.ts).
 *
 * Periods and Lden: Directive 2002/49/EC Annex I (day 07–19, evening 19–23, night 23–07; Lden
 * with +5 dB evening and +10 dB night over 12/4/8 h). Long-term level per period with the
 * occurrence p of favourable conditions (Annex II §2.5.11); default p = 0.5 in every period
 * (assumption: the directive leaves p to local meteorology; ISO/TR 17534-4 uses 0.5).
 * The cuts follow the city's terrain and the G of its ground polygons (kernel `terrain`,
 * `groundPolygons`); receiver and source heights are above the local ground.
 */
import type { CityModel } from '../twin/city-model';
import type { GridSpec } from '../results/result-types';
import { throwIfCancelled, type RunControl } from '../sim/core/progress';
import { aggregateByRoad, computeAttenuations, lden, NOISE_PERIODS, resumRoads, roadLinePower, type AttenuationOptions, type AttenuationStore, type NoisePeriod, type RoadGainStore, type RoadTraffic } from '../sim/noise/noise-map';
import { roadPointSources, type NoiseReceivers, type PointSources } from '../sim/noise/noise-scene';
import { BAND_COUNT, type RoadCoefficientSet } from '../sim/noise/road-coefficient-types';
import { roadCoefficientSet } from '../sim/noise/road-coefficients';
import { computeAdaptiveAttenuations, roadSourceTree, type SourceTree } from './noise-attenuations';
import { exposureTable, mostExposedFacade, type ExposureTable } from './noise-exposure';
import { facadeNoiseReceivers, gridNoiseReceivers, type FacadeReceivers, type GridReceivers } from './noise-receivers';
import { noiseBuildings, noiseRoads, noiseTraffic } from './noise-sources';
import { districtGroundFactor, noiseGroundPolygons, noiseJobBounds, noiseTerrain } from './noise-study-area';

export interface NoiseJob {
  /** Grid cell, m (default 10). */
  gridCellM?: number;
  /** Receiver height above ground, m (default 4, Directive 2002/49/EC Annex I). */
  receiverHeightM?: number;
  /** Study area in ENU m (default: the buildings' extent + 50 m, see noise-study-area.ts). */
  bounds?: { minX: number; minY: number; maxX: number; maxY: number };
  /** Facade receivers for the exposure table (default true). */
  facades?: boolean;
  /** Facade receiver spacing along a facade and offset in front of it, m (defaults 5, 2). */
  facadeSpacingM?: number;
  facadeOffsetM?: number;
  /** Sources farther than this are ignored, m (default 250). */
  maxDistanceM?: number;
  /** Finest point-source step along roads, m (default 10). */
  sourceStepM?: number;
  /**
   * Coarsest point-source step, m (default 40): pieces up to this long stand for distant traffic
   * (noise-attenuations.ts); equal to `sourceStepM` for a uniform step (the kernel's
   * `computeAttenuations` with `roadPointSources`).
   */
  coarsestSourceStepM?: number;
  /**
   * Facades within this radius of a receiver are searched for first-order reflections, m (default
   * 0 = none). The facade a receiver stands in front of (within the facade offset + 1 cm) never
   * reflects to it: facade levels are incident levels (Directive 2002/49/EC Annex I §1).
   */
  reflectionRadiusM?: number;
  /** Lateral diffraction paths around buildings blocking the direct path (default false: ×2–2.7 time, src/sim/noise/README.md). */
  lateralPaths?: boolean;
  /** Facade absorption α per band (default 0.1 in all 8 bands: rendered masonry, assumption). */
  facadeAlpha?: readonly number[];
  /**
   * Terrain heights and ground polygons along each cut (defaults true; noise-study-area.ts): the
   * city's terrain (a TIN sampled every 10 m) and its ground polygons with their G.
   */
  terrain?: boolean;
  groundPolygons?: boolean;
  /**
   * G of the ground outside the polygons (default 0: streets, yards, squares are hard; with
   * `groundPolygons: false`, the district's area-weighted mean G).
   */
  groundG?: number;
  /** Air temperature, °C, and relative humidity, % (defaults 15 °C, 70 %). */
  temperatureC?: number;
  humidityPercent?: number;
  /** Occurrence of favourable conditions per period (default 0.5 each). */
  favourable?: Partial<Record<NoisePeriod, number>>;
  /**
   * Per-road peak-hour flows of the traffic model, veh/h both directions (src/twin/traffic
   * RoadFlows.totalVehH); replace the roads' own flows where finite (noise-sources.ts).
   */
  peakHourFlowVehH?: ArrayLike<number>;
  /** CNOSSOS coefficient set (default '2020', Delegated Directive (EU) 2021/1226). */
  coefficientSet?: '2015' | '2020';
}

/** Levels of one set of receivers per period, dB(A) (−Infinity where no source reaches). */
export interface NoiseLevels {
  lday: Float32Array;
  levening: Float32Array;
  lnight: Float32Array;
  lden: Float32Array;
}

export interface NoiseJobResult {
  grid: GridSpec;
  /** Grid maps, row-major, row 0 south, NaN inside buildings. */
  maps: NoiseLevels;
  facades: { count: number; x: Float32Array; y: Float32Array; z: Float32Array; building: Uint32Array } & NoiseLevels;
  /** Most exposed facade per building, dB (NaN: no facade receiver). */
  buildingLden: Float32Array;
  buildingLnight: Float32Array;
  exposure: ExposureTable;
  stats: {
    gridReceivers: number;
    facadeReceivers: number;
    pointSources: number;
    pairs: number;
    roadsWithModelFlows: number;
    roadsWithGivenFlows: number;
    roadsWithDefaultFlows: number;
    groundG: number;
    attenuationMs: number;
    resumMs: number;
  };
  warnings: string[];
}

/** A change of traffic on some roads (all roads when `roads` is absent), applied to the base traffic. */
export interface NoiseTrafficEdit {
  roads?: readonly number[];
  /** Multiplies every flow of the roads. */
  flowFactor?: number;
  /** Sets every category's speed of the roads, km/h. */
  speedKmh?: number;
  /** Sets the CNOSSOS surface id ('' = reference). */
  surface?: string;
}

export interface NoiseSession {
  readonly result: NoiseJobResult;
  /** Receivers, sources and options the attenuations were computed for. */
  readonly geometry: NoiseGeometrySetup;
  /** The source–receiver gains (kept for flow what-ifs and geometry updates). */
  readonly store: AttenuationStore;
  /** Re-sums the stored attenuations with the edited traffic (edits apply to the base, not cumulatively). */
  whatIf(edits: readonly NoiseTrafficEdit[]): NoiseJobResult;
}

export const NOISE_JOB_DEFAULTS = {
  gridCellM: 10, receiverHeightM: 4, facadeSpacingM: 5, facadeOffsetM: 2, maxDistanceM: 250, sourceStepM: 10, coarsestSourceStepM: 40,
  reflectionRadiusM: 0, facadeAlpha: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], temperatureC: 15, humidityPercent: 70, favourable: 0.5,
} as const;

function clock(): number {
  return globalThis.performance.now();
}

/** Checks a surface id against the coefficient set; unknown ids fall back to the reference surface. */
function checkSurfaces(set: RoadCoefficientSet, surface: string[], warnings: string[]): void {
  const unknown = new Map<string, number>();
  surface.forEach((s, i) => {
    if (s !== '' && set.surfaces[s] === undefined) {
      unknown.set(s, (unknown.get(s) ?? 0) + 1);
      surface[i] = '';
    }
  });
  for (const [s, n] of unknown) warnings.push(`road surface '${s}' (${n} roads) is not a CNOSSOS surface of set ${set.id}: reference surface used`);
}

function concatReceivers(a: NoiseReceivers, b: NoiseReceivers): NoiseReceivers {
  const join = (p: Float64Array, q: Float64Array) => {
    const o = new Float64Array(p.length + q.length);
    o.set(p);
    o.set(q, p.length);
    return o;
  };
  return { count: a.count + b.count, x: join(a.x, b.x), y: join(a.y, b.y), z: join(a.z, b.z) };
}

/**
 * Everything a session's attenuations depend on besides the store itself: receivers, sources and
 * the path finder's options of one city and job (`prepareNoiseGeometry`). Kept by the session so a
 * geometry change can reuse the pairs it does not touch (noise-geometry-change.ts).
 */
export interface NoiseGeometrySetup {
  city: CityModel;
  job: NoiseJob;
  set: RoadCoefficientSet;
  grid: GridSpec;
  gridRx: GridReceivers;
  facadeRx: FacadeReceivers;
  /** Grid then facade receivers, the store's receiver order. */
  receivers: NoiseReceivers;
  /** Distance-adaptive source tree, or null for the kernel's uniform step (`sources`). */
  tree: SourceTree | null;
  sources: PointSources;
  attenuationOptions: AttenuationOptions;
  sourcesInfo: ReturnType<typeof noiseTraffic>;
  warnings: string[];
}

/** Receivers, sources and path-finder options of `city` for `job` (no attenuation yet). */
export function prepareNoiseGeometry(city: CityModel, job: NoiseJob = {}): NoiseGeometrySetup {
  const d = NOISE_JOB_DEFAULTS;
  const cellM = job.gridCellM ?? d.gridCellM;
  if (!(cellM > 0)) throw new RangeError(`noise: gridCellM ${cellM} must be > 0`);
  const warnings: string[] = [];
  const set = roadCoefficientSet(job.coefficientSet ?? '2020');
  const bounds = job.bounds ?? noiseJobBounds(city);
  const grid: GridSpec = { originX: bounds.minX, originY: bounds.minY, cellM, cols: Math.max(1, Math.ceil((bounds.maxX - bounds.minX) / cellM)), rows: Math.max(1, Math.ceil((bounds.maxY - bounds.minY) / cellM)) };
  const height = job.receiverHeightM ?? d.receiverHeightM;
  const gridRx: GridReceivers = gridNoiseReceivers(city, grid, height);
  const facadeRx: FacadeReceivers =
    job.facades === false
      ? { count: 0, x: new Float64Array(0), y: new Float64Array(0), z: new Float64Array(0), building: new Uint32Array(0) }
      : facadeNoiseReceivers(city, { spacingM: job.facadeSpacingM ?? d.facadeSpacingM, offsetM: job.facadeOffsetM ?? d.facadeOffsetM, heightM: height, include: (i) => (city.buildings.residents[i] ?? 0) > 0 });
  const sourcesInfo = noiseTraffic(city, job.peakHourFlowVehH);
  checkSurfaces(set, sourcesInfo.traffic.surface, warnings);
  const fineStep = job.sourceStepM ?? d.sourceStepM;
  const coarseStep = job.coarsestSourceStepM ?? d.coarsestSourceStepM;
  const uniform = !(coarseStep > fineStep);
  const tree = uniform ? null : roadSourceTree(noiseRoads(city), fineStep, coarseStep);
  const sources: PointSources = tree ?? roadPointSources(noiseRoads(city), fineStep);
  const polygons = job.groundPolygons === false ? undefined : noiseGroundPolygons(city);
  const groundG = job.groundG ?? (job.groundPolygons === false ? districtGroundFactor(city, bounds) : 0);
  const maxDistanceM = job.maxDistanceM ?? d.maxDistanceM;
  const terrain = job.terrain === false ? undefined : noiseTerrain(city, bounds, maxDistanceM);
  const attenuationOptions: AttenuationOptions = {
    maxDistanceM,
    groundG,
    ...(terrain === undefined ? {} : { terrain }),
    ...(job.lateralPaths === true ? { lateralPaths: true } : {}),
    ...(polygons === undefined ? {} : { groundPolygons: polygons }),
    facadeAlpha: job.facadeAlpha ?? d.facadeAlpha,
    reflectionRadiusM: job.reflectionRadiusM ?? d.reflectionRadiusM,
    ownFacadeM: (job.facadeOffsetM ?? d.facadeOffsetM) + 0.01,
    atmosphere: { temperatureC: job.temperatureC ?? d.temperatureC, humidityPercent: job.humidityPercent ?? d.humidityPercent },
  };
  return { city, job, set, grid, gridRx, facadeRx, receivers: concatReceivers(gridRx, facadeRx), tree, sources, attenuationOptions, sourcesInfo, warnings };
}

/** Every attenuation of a prepared geometry (the slow part). */
export function computeNoiseStore(g: NoiseGeometrySetup, control?: RunControl): AttenuationStore {
  const buildings = noiseBuildings(g.city);
  return g.tree !== null
    ? computeAdaptiveAttenuations(g.tree, g.receivers, buildings, g.attenuationOptions, control)
    : computeAttenuations(g.sources, g.receivers, buildings, g.attenuationOptions, control);
}

/** Builds the receivers and sources, computes every attenuation once and the base result. */
export function createNoiseSession(city: CityModel, job: NoiseJob = {}, control?: RunControl): NoiseSession {
  control?.onProgress?.({ fraction: 0, stage: 'receivers' });
  const geometry = prepareNoiseGeometry(city, job);
  throwIfCancelled(control, 'noise receivers');
  const t0 = clock();
  const store = computeNoiseStore(geometry, control);
  return sessionFromStore(geometry, store, clock() - t0);
}

/** A session on a prepared geometry and its attenuations (computed in `attenuationMs`). */
export function sessionFromStore(geometry: NoiseGeometrySetup, store: AttenuationStore, attenuationMs: number): NoiseSession {
  const { city, job, set, grid, gridRx, facadeRx, sources, sourcesInfo, warnings } = geometry;
  const d = NOISE_JOB_DEFAULTS;
  const ctx: ResumContext = { city, set, grid, gridRx, facadeRx, sources, store, temperatureC: job.temperatureC ?? d.temperatureC, byRoad: new Map(), favourable: job.favourable ?? {} };
  const base = sourcesInfo.traffic;
  const statsBase = { gridReceivers: gridRx.count, facadeReceivers: facadeRx.count, pointSources: sources.count, pairs: store.pairStart[store.receivers] ?? 0, roadsWithModelFlows: sourcesInfo.roadsWithModelFlows, roadsWithGivenFlows: sourcesInfo.roadsWithGivenFlows, roadsWithDefaultFlows: sourcesInfo.roadsWithDefaultFlows, groundG: geometry.attenuationOptions.groundG, attenuationMs };
  const result = resum(ctx, base, statsBase, warnings);
  return {
    result,
    geometry,
    store,
    whatIf(edits) {
      return resum(ctx, applyEdits(base, edits, city.roads.count, set), statsBase, warnings);
    },
  };
}

/** The noise maps, facade levels and exposure of `city` (a session's first result). */
export function runNoiseJob(city: CityModel, job: NoiseJob = {}, control?: RunControl): NoiseJobResult {
  return createNoiseSession(city, job, control).result;
}

interface ResumContext {
  city: CityModel;
  set: RoadCoefficientSet;
  grid: GridSpec;
  gridRx: GridReceivers;
  facadeRx: FacadeReceivers;
  sources: PointSources;
  store: AttenuationStore;
  temperatureC: number;
  /** Receiver–road gains per occurrence p (the kernel's `aggregateByRoad`), computed on first use. */
  byRoad: Map<number, RoadGainStore>;
  favourable: Partial<Record<NoisePeriod, number>>;
}

function applyEdits(base: RoadTraffic & { flowVehH: Float32Array; speedKmh: Float32Array; surface: string[] }, edits: readonly NoiseTrafficEdit[], roadCount: number, set: RoadCoefficientSet): RoadTraffic {
  const flow = base.flowVehH.slice();
  const speed = base.speedKmh.slice();
  const surface = base.surface.slice();
  const stride = NOISE_PERIODS.length * 5;
  for (const e of edits) {
    const roads = e.roads ?? Array.from({ length: roadCount }, (_, i) => i);
    if (e.surface !== undefined && e.surface !== '' && set.surfaces[e.surface] === undefined) throw new Error(`noise what-if: surface '${e.surface}' is not a CNOSSOS surface of set ${set.id}`);
    for (const r of roads) {
      if (!(r >= 0 && r < roadCount)) throw new RangeError(`noise what-if: road ${r} outside 0…${roadCount - 1}`);
      for (let k = r * stride; k < (r + 1) * stride; k++) {
        if (e.flowFactor !== undefined) flow[k] = (flow[k] ?? 0) * e.flowFactor;
        if (e.speedKmh !== undefined) speed[k] = e.speedKmh;
      }
      if (e.surface !== undefined) surface[r] = e.surface;
    }
  }
  return { ...base, flowVehH: flow, speedKmh: speed, surface };
}

function resum(ctx: ResumContext, traffic: RoadTraffic, statsBase: Omit<NoiseJobResult['stats'], 'resumMs'>, warnings: string[]): NoiseJobResult {
  const t0 = clock();
  const { store, sources, gridRx, facadeRx, grid } = ctx;
  const roadCount = ctx.city.roads.count;
  const power = new Float64Array(roadCount * BAND_COUNT);
  const levels = new Float64Array(store.receivers);
  const perPeriod: Float32Array[] = [];
  for (const period of NOISE_PERIODS) {
    const p = ctx.favourable[period] ?? NOISE_JOB_DEFAULTS.favourable;
    let byRoad = ctx.byRoad.get(p);
    if (byRoad === undefined) {
      byRoad = aggregateByRoad(store, sources, p);
      ctx.byRoad.set(p, byRoad);
    }
    roadLinePower(ctx.set, roadCount, traffic, period, ctx.temperatureC, power);
    resumRoads(byRoad, power, levels);
    perPeriod.push(Float32Array.from(levels));
  }
  const [day, evening, night] = perPeriod as [Float32Array, Float32Array, Float32Array];
  const cells = grid.cols * grid.rows;
  const maps: NoiseLevels = { lday: new Float32Array(cells).fill(Number.NaN), levening: new Float32Array(cells).fill(Number.NaN), lnight: new Float32Array(cells).fill(Number.NaN), lden: new Float32Array(cells).fill(Number.NaN) };
  for (let j = 0; j < gridRx.count; j++) {
    const k = gridRx.cell[j] ?? 0;
    maps.lday[k] = day[j] ?? Number.NaN;
    maps.levening[k] = evening[j] ?? Number.NaN;
    maps.lnight[k] = night[j] ?? Number.NaN;
    maps.lden[k] = lden(day[j] ?? Number.NaN, evening[j] ?? Number.NaN, night[j] ?? Number.NaN);
  }
  const n = facadeRx.count;
  const off = gridRx.count;
  const facades = {
    count: n, x: Float32Array.from(facadeRx.x), y: Float32Array.from(facadeRx.y), z: Float32Array.from(facadeRx.z), building: facadeRx.building,
    lday: day.slice(off, off + n), levening: evening.slice(off, off + n), lnight: night.slice(off, off + n), lden: new Float32Array(n),
  };
  for (let j = 0; j < n; j++) facades.lden[j] = lden(facades.lday[j] ?? Number.NaN, facades.levening[j] ?? Number.NaN, facades.lnight[j] ?? Number.NaN);
  const buildingLden = mostExposedFacade(ctx.city.buildings.count, facadeRx.building, facades.lden);
  const buildingLnight = mostExposedFacade(ctx.city.buildings.count, facadeRx.building, facades.lnight);
  const exposure = exposureTable(ctx.city, buildingLden, buildingLnight);
  return { grid, maps, facades, buildingLden, buildingLnight, exposure, stats: { ...statsBase, resumMs: clock() - t0 }, warnings: warnings.slice() };
}
