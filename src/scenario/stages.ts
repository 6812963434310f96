/**
 * The chain's stages and the content hash of each one's inputs: traffic (user equilibrium of the
 * peak hour), road flows for noise and air ("emissions": the period flows per road and vehicle
 * category after the scenario), noise (propagation, kept per geometry, and levels), air, sun-hours.
 * Each key hashes only the columns and parameters the stage reads, so an edit re-runs only the
 * stages it touches (a speed limit: traffic, flows, noise levels, air; not propagation or sun).
 */
import { FLOW_STRIDE, PERIODS, type CityModel } from '../twin/city-model';
import { solveCityTraffic, type CityTrafficSummary } from '../twin/traffic/city-traffic';
import { PEAK_HOUR_TRIPS_PER_RESIDENT } from '../twin/traffic/trip-generation';
import { createNoiseSession, type NoiseJob, type NoiseJobResult, type NoiseSession, type NoiseTrafficEdit } from '../sim-workers/noise-job';
import { noiseTraffic } from '../sim-workers/noise-sources';
import { updateNoiseSession, type NoiseGeometryUpdate } from '../sim-workers/noise-geometry-change';
import type { StageCache } from './stage-cache';
import { runAirJob, type AirJob, type AirJobResult } from '../sim-workers/air-job';
import { runSunHoursJob, type SunHoursJobResult } from '../sim-workers/sun-hours-job';
import type { RunControl } from '../sim/core/progress';
import type { StabilityClass } from '../sim/air/stability-class';
import type { LinkContributions } from '../sim/air/district-map';
import { localTimeToUnixS } from '../sim/solar/local-time';
import { contentHash } from './content-hash';
import type { ResolvedAssumptions } from './scenario-types';

/** Study area and grid settings shared by the stages (ENU m). */
export interface ChainSettings {
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
  noiseCellM: number;
  airCellM: number;
  sunCellM: number;
  facadeSpacingM: number;
  noiseMaxDistanceM: number;
}

export interface TrafficStageResult {
  summary: CityTrafficSummary;
  /** Road ids of the model the flows belong to. */
  roadIds: string[];
  /** Modelled peak-hour flow per road (both directions), veh/h; NaN: no motor traffic. */
  peakVehH: Float32Array;
}

const roadGeometry = (c: CityModel) => [c.roads.vertexOffset, c.roads.xyz];
const buildingGeometry = (c: CityModel) => [c.buildings.id, c.buildings.ringStart, c.buildings.ringOffset, c.buildings.xy, c.buildings.heightM];

export function trafficKey(c: CityModel, a: ResolvedAssumptions): string {
  const r = c.roads;
  const b = c.buildings;
  return contentHash('traffic/1', ...roadGeometry(c), r.id, r.roadClass, r.lanes, r.maxSpeedKmh, r.oneway, b.ringStart, b.ringOffset, b.xy, b.storeys, b.use, b.residents, tripsPerResident(a));
}

function tripsPerResident(a: ResolvedAssumptions): number {
  return (a.tripsPerResident ?? PEAK_HOUR_TRIPS_PER_RESIDENT) * a.demandScale;
}

/** Peak-hour user equilibrium on the (edited) city (src/twin/traffic/city-traffic.ts). */
export function runTrafficStage(c: CityModel, a: ResolvedAssumptions): TrafficStageResult {
  const t = solveCityTraffic(c, { tripsPerResident: tripsPerResident(a), gap: 1e-8 });
  return { summary: t.summary, roadIds: c.roads.id.slice(), peakVehH: Float32Array.from(t.roadFlows.totalVehH) };
}

/**
 * Peak hour over the mean hour of the day period (07–19): a design-hour factor K = 0.09 of AADT
 * (HCM 2010, Exhibit 3-9, urban roads) over the day-hour share 0.0625 of AADT (src/twin/demo/README.md,
 * RLS-90 Table 3). An assumption used to pivot period flows on the modelled peak-hour change.
 */
export const PEAK_HOUR_PER_DAY_HOUR = 0.09 / 0.0625;

export interface FlowsStageResult {
  /** The edited city with the scenario's period flows and speeds on its roads. */
  city: CityModel;
  /** Scenario flow / flow before the scenario per road (1: unchanged; NaN: no motor traffic). */
  factor: Float32Array;
}

export function flowsKey(trafficBaseKey: string, trafficScenarioKey: string, c: CityModel): string {
  const r = c.roads;
  return contentHash('flows/1', trafficBaseKey, trafficScenarioKey, r.id, r.roadClass, r.lanes, r.maxSpeedKmh, r.flowVehH, r.speedKmh);
}

/**
 * Period flows after the scenario, pivoted on the traffic model (incremental "pivot-point" use of
 * a model, e.g. DfT TAG unit M2.1 §6): a road with given flows keeps its profile over periods and
 * vehicle categories, scaled so its peak-equivalent flow changes by the modelled change
 * (scenario − base, matched by road id); a road without given flows (added, reopened) takes the
 * modelled scenario flow on the class profile of src/sim-workers/noise-sources.ts; closed roads 0.
 */
export function runFlowsStage(c: CityModel, base: TrafficStageResult, scenario: TrafficStageResult): FlowsStageResult {
  const r = c.roads;
  const shape = noiseTraffic(c);
  const baseIndex = new Map(base.roadIds.map((id, i) => [id, i]));
  const scenIndex = new Map(scenario.roadIds.map((id, i) => [id, i]));
  const flowVehH = new Float32Array(r.count * FLOW_STRIDE);
  const factor = new Float32Array(r.count).fill(NaN);
  const day = PERIODS.indexOf('day') * 5;
  for (let i = 0; i < r.count; i++) {
    const id = r.id[i] ?? '';
    let dayHour = 0;
    for (let k = 0; k < 5; k++) dayHour += shape.traffic.flowVehH[i * FLOW_STRIDE + day + k] ?? 0;
    const peak0 = dayHour * PEAK_HOUR_PER_DAY_HOUR;
    const s = scenIndex.get(id);
    const b = baseIndex.get(id);
    const modelled = s === undefined ? NaN : (scenario.peakVehH[s] ?? NaN);
    const modelledBase = b === undefined ? 0 : (base.peakVehH[b] ?? NaN);
    let peak: number;
    if (!(peak0 > 0)) peak = 0;
    else if (shape.flowsGiven[i] === 1) peak = Math.max(0, peak0 + (Number.isFinite(modelled) ? modelled : 0) - (Number.isFinite(modelledBase) ? modelledBase : 0));
    else peak = Number.isFinite(modelled) ? modelled : 0;
    const f = peak0 > 0 ? peak / peak0 : NaN;
    factor[i] = f;
    for (let k = 0; k < FLOW_STRIDE; k++) flowVehH[i * FLOW_STRIDE + k] = Number.isFinite(f) ? (shape.traffic.flowVehH[i * FLOW_STRIDE + k] ?? 0) * f : 0;
  }
  return { city: { ...c, roads: { ...r, flowVehH, speedKmh: shape.traffic.speedKmh } }, factor };
}

/** The noise job options of the chain's settings (assumed weather: temperature). */
export function noiseJob(s: ChainSettings, a: ResolvedAssumptions): NoiseJob {
  return { gridCellM: s.noiseCellM, bounds: s.bounds, facadeSpacingM: s.facadeSpacingM, maxDistanceM: s.noiseMaxDistanceM, temperatureC: a.temperatureC };
}

export interface NoisePropagation {
  session: NoiseSession;
  /** The session's own traffic (flows and speeds it was created with). */
  flowVehH: Float32Array;
  speedKmh: Float32Array;
  surface: string[];
  /** Set when derived incrementally from the base city's propagation: what was recomputed. */
  geometryUpdate?: NoiseGeometryUpdate;
}

export function noisePropagationKey(c: CityModel, job: NoiseJob): string {
  const g = c.ground;
  return contentHash('noise-propagation/1', ...buildingGeometry(c), c.buildings.residents, ...roadGeometry(c), g.ringStart, g.ringOffset, g.xy, g.groundFactorG, job);
}

/** Where the chain keeps the base city's propagation, for an incremental geometry what-if. */
export interface NoisePropagationReuse {
  cache: StageCache;
  base: CityModel;
}

/**
 * Sources, receivers and every attenuation for the city's geometry (the slow part of noise). When
 * the base city's propagation for the same job is in the cache (`reuse`), a geometry edit
 * recomputes only the pairs it touches (src/sim-workers/noise-geometry-change.ts; the same result
 * as a full computation, which it falls back to when more than the buildings changed).
 */
export function runNoisePropagation(c: CityModel, job: NoiseJob, control?: RunControl, reuse?: NoisePropagationReuse): NoisePropagation {
  const baseKey = reuse === undefined || reuse.base === c ? undefined : noisePropagationKey(reuse.base, job);
  const previous = baseKey !== undefined && reuse?.cache.has('noise-propagation', baseKey) === true ? reuse.cache.get<NoisePropagation | undefined>('noise-propagation', baseKey, () => undefined).value : undefined;
  const updated = previous === undefined ? undefined : updateNoiseSession(previous.session, c, job, control);
  const session = updated?.session ?? createNoiseSession(c, job, control);
  const t = noiseTraffic(c).traffic;
  return { session, flowVehH: t.flowVehH, speedKmh: t.speedKmh, surface: t.surface, ...(updated !== undefined && { geometryUpdate: updated.update }) };
}

export function noiseLevelsKey(propagationKey: string, flows: CityModel): string {
  const r = flows.roads;
  return contentHash('noise-levels/1', propagationKey, r.flowVehH, r.speedKmh, r.surface);
}

/**
 * Noise levels of the scenario's flows by re-summing a stored propagation (NoiseSession.whatIf):
 * per road a flow factor against the session's own flows, its speed and surface. Returns null when
 * a road has flow now but none in the session (a factor cannot express it: propagate anew).
 */
export function noiseLevelsFromPropagation(p: NoisePropagation, flows: CityModel): NoiseJobResult | null {
  const r = flows.roads;
  const edits: NoiseTrafficEdit[] = [];
  for (let i = 0; i < r.count; i++) {
    let now = 0;
    let before = 0;
    let sameFlows = true;
    let sameSpeeds = true;
    for (let k = i * FLOW_STRIDE; k < (i + 1) * FLOW_STRIDE; k++) {
      now += r.flowVehH[k] ?? 0;
      before += p.flowVehH[k] ?? 0;
      if (!Object.is(r.flowVehH[k], p.flowVehH[k])) sameFlows = false;
      if (!Object.is(r.speedKmh[k], p.speedKmh[k])) sameSpeeds = false;
    }
    const surface = r.surface[i] ?? '';
    if (sameFlows && sameSpeeds && surface === p.surface[i]) continue;
    if (before === 0 && now > 0) return null;
    const e: NoiseTrafficEdit = { roads: [i] };
    if (!sameFlows) e.flowFactor = before > 0 ? now / before : 0;
    if (!sameSpeeds) e.speedKmh = r.speedKmh[i * FLOW_STRIDE] ?? 50;
    if (surface !== p.surface[i]) e.surface = surface;
    edits.push(e);
  }
  return edits.length === 0 ? p.session.result : p.session.whatIf(edits);
}

export function airJob(s: ChainSettings, a: ResolvedAssumptions): AirJob {
  return {
    mode: 'hourly', flowPeriod: 'day', cellSizeM: s.airCellM, bounds: s.bounds,
    weather: { windSpeedMPerS: a.windSpeedMs, windFromDeg: a.windFromDeg, stability: (['A', 'B', 'C', 'D', 'E', 'F'].indexOf(a.stability) + 1) as StabilityClass },
  };
}

export function airKey(flows: CityModel, job: AirJob): string {
  const r = flows.roads;
  return contentHash('air/1', ...buildingGeometry(flows), flows.buildings.residents, ...roadGeometry(flows), r.lanes, r.flowVehH, r.speedKmh, job);
}

/**
 * Key of what the air dispersion depends on (src/sim-workers/air-job.ts runAirJob): road polylines
 * and lanes (the CALINE3 links), building geometry (facade receivers) and the job (grid, weather,
 * roughness); not flows or speeds, which only weight the stored unit contributions.
 */
export function airDispersionKey(c: CityModel, job: AirJob): string {
  return contentHash('air-dispersion/1', ...buildingGeometry(c), ...roadGeometry(c), c.roads.lanes, job);
}

/** Air of the scenario's flows; `dispersionRuns`: the link contributions of airDispersionKey, kept across runs. */
export function runAirStage(flows: CityModel, job: AirJob, control?: RunControl, dispersionRuns?: Map<string, LinkContributions>): AirJobResult {
  return runAirJob(flows, job, control, dispersionRuns);
}

export interface SunStageJob {
  bounds: ChainSettings['bounds'];
  cellSizeM: number;
  sunDate: string;
}

export function sunKey(c: CityModel, j: SunStageJob): string {
  const t = c.trees;
  const terrain = c.terrain?.kind === 'grid' ? c.terrain.heightsM : null;
  return contentHash('sun-hours/1', ...buildingGeometry(c), c.buildings.baseHeightM, t.xyz, t.heightM, t.crownDiameterM, t.leafCycle, terrain, c.origin, c.timeZone, j);
}

/** Sun-hours of the local day `sunDate` in the city's time zone (src/sim-workers/sun-hours-job.ts). */
export function runSunStage(c: CityModel, j: SunStageJob, control?: RunControl): SunHoursJobResult {
  const [y, m, d] = j.sunDate.split('-').map(Number) as [number, number, number];
  return runSunHoursJob(c, { ...j.bounds, cellSizeM: j.cellSizeM, startUnixS: localMidnightUnixS(c.timeZone, y, m, d), endUnixS: localMidnightUnixS(c.timeZone, y, m, d + 1) }, control);
}

/** Unix time (s) of local midnight starting day (y, m, d) in `timeZone` (day may overflow the month). */
export function localMidnightUnixS(timeZone: string, y: number, m: number, d: number): number {
  return localTimeToUnixS(timeZone, y, m, d, 0);
}
