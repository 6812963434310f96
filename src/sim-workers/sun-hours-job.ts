/**
 * Sun-hours analysis of a city for a period of whole local days (issue 6): builds the input of the CPU
 * kernel src/sim/shading/sun-hours.ts (ground grid over the district, the chosen obstacles: buildings,
 * trees with optional seasonal crowns, grid terrain; SPA site) and the planner KPIs: the open-ground
 * share with ≥ 2 h (BRE 209 §3.3), the same per open space (the city's ground polygons whose cover is
 * an open space), and facade receivers below a threshold on a winter day (receiver-sun-hours.ts).
 * Pure: runs in the worker (src/app/sun-hours.worker.ts) and in Node tests alike.
 */
import type { CityModel } from '../twin/city-model';
import { sunHours, DEFAULT_SUN_HOURS_STEP_S, type SunHoursInput } from '../sim/shading/sun-hours';
import { openGroundMask, sunHoursStats } from '../sim/shading/sun-hours-stats';
import { zoneSunStats } from '../sim/shading/zone-sun-stats';
import { facadeReceivers } from '../sim/shading/facade-receivers';
import { receiverSunHours } from '../sim/shading/receiver-sun-hours';
import { roofAreaShareAtLeast, roofReceivers, ROOF_SPACING_M } from '../sim/shading/roof-receivers';
import type { RunControl } from '../sim/core/progress';

export const SUN_HOURS_RESOLUTIONS_M = [1, 2, 5] as const;
export const SUN_HOURS_STEPS_MIN = [5, 10, 15, 30] as const;
/** Ground covers counted as open spaces for the per-space KPI (the city model's GroundTable `cover`). */
export const OPEN_SPACE_COVERS: readonly string[] = ['park', 'square', 'playground', 'garden', 'courtyard', 'grass', 'recreation_ground', 'pedestrian', 'plaza', 'pitch'];
/** The BRE 209 §3.3 threshold (h of sun on the day) for open spaces. */
export const OPEN_SPACE_THRESHOLD_H = 2;

export interface SunHoursObstacles {
  buildings: boolean;
  trees: boolean;
  /** Crowns transmit by leaf cycle and season (crown-season.ts) instead of being opaque. */
  seasonalCrowns: boolean;
  terrain: boolean;
}

export const DEFAULT_OBSTACLES: SunHoursObstacles = { buildings: true, trees: true, seasonalCrowns: true, terrain: true };

export interface SunHoursJob {
  /** District bounds (ENU, m) the grid covers. */
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  cellSizeM: number;
  /** UTC instants (s) of the local midnights that start and end the period (whole days). */
  startUnixS: number;
  endUnixS: number;
  /** Days in the period (hours are reported per day: the period total / days); default 1. */
  days?: number;
  stepS?: number;
  obstacles?: SunHoursObstacles;
  /** Facade KPI: receivers on every building's facades for a winter day (local midnights). */
  facade?: { startUnixS: number; endUnixS: number; thresholdH: number; spacingM?: number; heightAboveBaseM?: number };
  /** Roofs and facades over the job's own period: hours per day at roof and facade receivers, and the roof area share with ≥ thresholdH. */
  surfaces?: { thresholdH: number; roofSpacingM?: number; facadeSpacingM?: number; facadeHeightAboveBaseM?: number };
}

/** Hours per day at roof and facade receivers for the job's period (points in ENU, roofs first). */
export interface SurfaceSunHours {
  /** ENU position (m) of each receiver. */
  x: Float32Array;
  y: Float32Array;
  z: Float32Array;
  /** Hours of direct sun per day at each receiver. */
  hours: Float32Array;
  /** Receivers [0, roofCount) are on roofs, the rest on facades. */
  roofCount: number;
  thresholdH: number;
  /** Roof area (m²) sampled and its share (0…1) with ≥ thresholdH of sun per day. */
  roofAreaM2: number;
  roofShareAtLeast: number;
  /** Share (0…1) of facade receivers with ≥ thresholdH of sun per day. */
  facadeShareAtLeast: number;
}

export interface OpenSpaceKpi {
  /** Ground polygon index and id, and its cover. */
  index: number;
  id: string;
  cover: string;
  areaM2: number;
  /** Share (0…1) of its open ground with ≥ 2 h of sun per day. */
  shareAtLeast2h: number;
  meanH: number;
}

export interface FacadeKpi {
  thresholdH: number;
  receivers: number;
  /** Share (0…1) of facade receivers with less than thresholdH of sun on the winter day. */
  shareBelow: number;
  /** Buildings with at least one receiver, and those whose every receiver is below the threshold. */
  buildings: number;
  buildingsAllBelow: number;
}

export interface SunHoursJobResult {
  nx: number;
  ny: number;
  x0: number;
  y0: number;
  cellSizeM: number;
  /** Hours of direct sun per cell per day (period total / days). */
  hours: Float32Array;
  /** 1 = open ground, 0 = under a building footprint. */
  openGround: Uint8Array;
  /** Hours the sun is above the horizon per day (legend maximum). */
  dayLengthH: number;
  /** Open ground (cells outside footprints): share with ≥ 2 h of sun (0…1), mean hours. */
  openShareAtLeast2h: number;
  openMeanH: number;
  openSpaces: OpenSpaceKpi[];
  facade: FacadeKpi | null;
  /** Present when the job asked for roofs and facades (`job.surfaces`). */
  surfaces?: SurfaceSunHours;
}

function siteOf(city: CityModel) {
  return { latDeg: city.origin.latDeg, lonDeg: city.origin.lonDeg, elevationM: Number.isFinite(city.origin.heightM) ? city.origin.heightM : 0 };
}

/** The ground grid of a job: cells of cellSizeM covering [minX, maxX] × [minY, maxY]. */
export function sunHoursJobGrid(job: SunHoursJob): { x0: number; y0: number; cellSizeM: number; nx: number; ny: number } {
  if (!(job.cellSizeM > 0)) throw new RangeError(`sun-hours: cellSizeM ${job.cellSizeM} must be > 0`);
  if (!(job.maxX > job.minX && job.maxY > job.minY)) throw new RangeError('sun-hours: the bounds (minX…maxX, minY…maxY) are empty');
  const nx = Math.max(1, Math.ceil((job.maxX - job.minX) / job.cellSizeM));
  const ny = Math.max(1, Math.ceil((job.maxY - job.minY) / job.cellSizeM));
  return { x0: job.minX, y0: job.minY, cellSizeM: job.cellSizeM, nx, ny };
}

/** The CPU kernel's input for a job on a city (also what the GPU path of src/scene mirrors). */
export function sunHoursKernelInput(city: CityModel, job: SunHoursJob): SunHoursInput {
  if (!(job.endUnixS > job.startUnixS)) throw new RangeError('sun-hours: endUnixS must follow startUnixS');
  const o = job.obstacles ?? DEFAULT_OBSTACLES;
  const input: SunHoursInput = {
    grid: sunHoursJobGrid(job),
    buildings: o.buildings ? city.buildings : undefined,
    trees: o.trees ? city.trees : undefined,
    terrain: terrainOf(city, o.terrain),
    site: siteOf(city),
    startUnixS: job.startUnixS,
    endUnixS: job.endUnixS,
    stepS: job.stepS ?? DEFAULT_SUN_HOURS_STEP_S,
  };
  if (o.trees && o.seasonalCrowns) input.treeSeason = { leafCycle: city.trees.leafCycle };
  return input;
}

/** Indices of the city's ground polygons that are open spaces (OPEN_SPACE_COVERS). */
export function openSpaceIndices(city: CityModel): number[] {
  const out: number[] = [];
  for (let i = 0; i < city.ground.count; i++) if (OPEN_SPACE_COVERS.includes((city.ground.cover[i] ?? '').toLowerCase())) out.push(i);
  return out;
}

/** Open-ground and per-open-space KPIs of an hours-per-day grid (shared by the CPU job and the GPU path). */
export function sunHoursKpis(city: CityModel, grid: ReturnType<typeof sunHoursJobGrid>, hours: Float32Array): Pick<SunHoursJobResult, 'openGround' | 'openShareAtLeast2h' | 'openMeanH' | 'openSpaces'> {
  const openGround = openGroundMask(grid, city.buildings);
  const stats = sunHoursStats(hours, OPEN_SPACE_THRESHOLD_H, openGround);
  const zones = openSpaceIndices(city);
  const openSpaces = zoneSunStats(hours, grid, city.ground, zones, OPEN_SPACE_THRESHOLD_H, openGround)
    .filter((z) => z.cells > 0)
    .map((z) => ({ index: z.zone, id: city.ground.id[z.zone] ?? String(z.zone), cover: city.ground.cover[z.zone] ?? '', areaM2: z.areaM2, shareAtLeast2h: z.shareAtLeast, meanH: z.meanH }));
  return { openGround, openShareAtLeast2h: stats.shareAtLeast, openMeanH: stats.meanH, openSpaces };
}

/** The city's grid terrain when the obstacles include terrain (the same for the ground grid and the receivers). */
function terrainOf(city: CityModel, useTerrain: boolean) {
  return useTerrain && city.terrain?.kind === 'grid' ? city.terrain : undefined;
}

/**
 * Facade receivers on the winter day: share below the threshold and buildings entirely below it.
 * Obstacles: buildings, trees and (unless `useTerrain` is false) the city's grid terrain.
 */
export function facadeKpi(city: CityModel, job: NonNullable<SunHoursJob['facade']>, stepS: number, control?: RunControl, useTerrain = DEFAULT_OBSTACLES.terrain): FacadeKpi {
  const receivers = facadeReceivers(city.buildings, job.spacingM ?? 5, job.heightAboveBaseM ?? 1.5);
  const terrain = terrainOf(city, useTerrain);
  const { hours } = receiverSunHours({ receivers, buildings: city.buildings, trees: city.trees, terrain, site: siteOf(city), startUnixS: job.startUnixS, endUnixS: job.endUnixS, stepS }, control);
  let below = 0;
  const anyAbove = new Uint8Array(city.buildings.count);
  const has = new Uint8Array(city.buildings.count);
  for (let i = 0; i < receivers.count; i++) {
    const b = receivers.building[i] as number;
    has[b] = 1;
    if ((hours[i] as number) < job.thresholdH) below++;
    else anyAbove[b] = 1;
  }
  let buildings = 0;
  let allBelow = 0;
  for (let b = 0; b < city.buildings.count; b++) {
    if (has[b] === 0) continue;
    buildings++;
    if (anyAbove[b] === 0) allBelow++;
  }
  return { thresholdH: job.thresholdH, receivers: receivers.count, shareBelow: receivers.count > 0 ? below / receivers.count : NaN, buildings, buildingsAllBelow: allBelow };
}

/**
 * Sun-hours per day on roofs (roof-receivers.ts, 2 m grid) and facades (facade-receivers.ts, 5 m,
 * 1.5 m above the base) over the job's period, obstacles as chosen for the ground grid: buildings and
 * crowns by ray casting, terrain by the horizon seen from each receiver (receiver-sun-hours.ts).
 */
export function surfaceSunHours(city: CityModel, job: SunHoursJob, control?: RunControl): SurfaceSunHours | null {
  const s = job.surfaces;
  if (s === undefined) return null;
  const o = job.obstacles ?? DEFAULT_OBSTACLES;
  const days = job.days ?? 1;
  const roofs = roofReceivers(city.buildings, s.roofSpacingM ?? ROOF_SPACING_M);
  const facades = facadeReceivers(city.buildings, s.facadeSpacingM ?? 5, s.facadeHeightAboveBaseM ?? 1.5);
  const count = roofs.count + facades.count;
  const xyz = new Float64Array(3 * count);
  xyz.set(roofs.xyz, 0);
  xyz.set(facades.xyz, 3 * roofs.count);
  const normal = new Float64Array(3 * count);
  normal.set(roofs.normal, 0);
  normal.set(facades.normal, 3 * roofs.count);
  const { hours } = receiverSunHours(
    {
      receivers: { count, xyz, normal },
      buildings: o.buildings ? city.buildings : undefined,
      trees: o.trees ? city.trees : undefined,
      terrain: terrainOf(city, o.terrain),
      site: siteOf(city),
      startUnixS: job.startUnixS,
      endUnixS: job.endUnixS,
      stepS: job.stepS ?? DEFAULT_SUN_HOURS_STEP_S,
    },
    control,
  );
  if (days > 1) for (let i = 0; i < count; i++) hours[i] = (hours[i] as number) / days;
  const x = new Float32Array(count);
  const y = new Float32Array(count);
  const z = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    x[i] = xyz[3 * i] as number;
    y[i] = xyz[3 * i + 1] as number;
    z[i] = xyz[3 * i + 2] as number;
  }
  const roof = roofAreaShareAtLeast(hours, roofs.areaM2, s.thresholdH, roofs.count);
  let facadeAbove = 0;
  for (let i = roofs.count; i < count; i++) if ((hours[i] as number) >= s.thresholdH) facadeAbove++;
  return { x, y, z, hours, roofCount: roofs.count, thresholdH: s.thresholdH, roofAreaM2: roof.areaM2, roofShareAtLeast: roof.shareAtLeast, facadeShareAtLeast: facades.count > 0 ? facadeAbove / facades.count : Number.NaN };
}

/** Run the CPU kernel for `job` on `city` (progress and cancel through `control`). */
export function runSunHoursJob(city: CityModel, job: SunHoursJob, control?: RunControl): SunHoursJobResult {
  const input = sunHoursKernelInput(city, job);
  const days = job.days ?? 1;
  if (!(Number.isInteger(days) && days >= 1)) throw new RangeError(`sun-hours: days must be a positive integer, got ${days}`);
  const extras = (job.facade === undefined ? 0 : 1) + (job.surfaces === undefined ? 0 : 1);
  const gridShare = extras === 0 ? 1 : extras === 1 ? 0.8 : 0.6;
  const part = (from: number, share: number): RunControl => {
    const c: RunControl = {};
    if (control?.signal !== undefined) c.signal = control.signal;
    const sink = control?.onProgress;
    if (sink !== undefined) c.onProgress = (p) => sink({ fraction: from + share * p.fraction, stage: p.stage });
    return c;
  };
  const r = sunHours(input, part(0, gridShare));
  const { grid } = input;
  if (days > 1) for (let i = 0; i < r.hours.length; i++) r.hours[i] = (r.hours[i] as number) / days;
  const kpis = sunHoursKpis(city, { x0: grid.x0, y0: grid.y0, cellSizeM: grid.cellSizeM, nx: grid.nx, ny: grid.ny }, r.hours);
  const extraShare = extras === 0 ? 0 : (1 - gridShare) / extras;
  const facade = job.facade === undefined ? null : facadeKpi(city, job.facade, input.stepS ?? DEFAULT_SUN_HOURS_STEP_S, part(gridShare, extraShare), (job.obstacles ?? DEFAULT_OBSTACLES).terrain);
  const surfaces = surfaceSunHours(city, job, part(1 - extraShare, extraShare));
  const out: SunHoursJobResult = { nx: grid.nx, ny: grid.ny, x0: grid.x0, y0: grid.y0, cellSizeM: grid.cellSizeM, hours: r.hours, dayLengthH: r.openSkyHours / days, ...kpis, facade };
  if (surfaces !== null) out.surfaces = surfaces;
  return out;
}
