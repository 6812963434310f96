/**
 * Main-thread side of the sun-hours analysis (issue 6): turns the panel's choices (a day preset, a
 * chosen day or month, grid, step, obstacles) into a job over the district, runs it on the CPU in
 * the worker (sun-hours.worker.ts, comlink) or on the GPU in this page (src/gpu/sun-hours-gpu.ts),
 * with progress and cancel (the worker is terminated; the GPU loop stops at its next yield), and
 * turns the answer into a raster result for the results store (hours per day, NaN under buildings).
 */
import { proxy, wrap, type Remote } from 'comlink';
import { CancelledError, type ProgressReport } from '../sim/core/progress';
import type { CityModel } from '../twin/city-model';
import type { PointsResult, RasterResult } from '../results/result-types';
import { sunHoursGpu } from '../gpu/sun-hours-gpu';
import { localTimeToUnixS } from '../sim/solar/local-time';
import { districtBounds } from '../twin/district-bounds';
import { sunHoursJobGrid, sunHoursKernelInput, sunHoursKpis, type SunHoursJob, type SunHoursJobResult, type SunHoursObstacles } from '../sim-workers/sun-hours-job';
import type { SunHoursWorkerApi } from './sun-hours.worker';
import { watchWorkerFailure } from './worker-failure';

export type SunHoursPreset = 'march' | 'june' | 'december' | 'day' | 'month';
export type SunHoursPath = 'cpu' | 'gpu';

export interface SunHoursRequest {
  preset: SunHoursPreset;
  year: number;
  /** For 'day': month (1–12) and day; for 'month': month. */
  month: number;
  day: number;
  cellSizeM: number;
  stepMin: number;
  obstacles: SunHoursObstacles;
  /** Facade KPI threshold (h on 21 December); the facade run is skipped when null. */
  facadeThresholdH: number | null;
  /** Roofs and facades over the same period, roof KPI threshold (h per day); skipped when absent or null. */
  surfacesThresholdH?: number | null;
}

/** Offset of the grid origin from a whole metre (m). */
export const GRID_ORIGIN_OFFSET_M = 0.25;

const PRESET_DAYS: Record<'march' | 'june' | 'december', [number, number]> = { march: [3, 21], june: [6, 21], december: [12, 21] };

/** Local calendar period of a request: first day (y, m, d) and number of days. */
export function requestPeriod(r: SunHoursRequest): { year: number; month: number; day: number; days: number } {
  if (r.preset === 'month') {
    if (!(Number.isInteger(r.month) && r.month >= 1 && r.month <= 12)) throw new RangeError(`sun-hours: month ${r.month} out of range 1–12`);
    return { year: r.year, month: r.month, day: 1, days: new Date(Date.UTC(r.year, r.month, 0)).getUTCDate() };
  }
  if (r.preset === 'day') {
    const last = new Date(Date.UTC(r.year, r.month, 0)).getUTCDate();
    if (!(Number.isInteger(r.month) && r.month >= 1 && r.month <= 12) || !(Number.isInteger(r.day) && r.day >= 1 && r.day <= last)) throw new RangeError(`sun-hours: date ${r.year}-${r.month}-${r.day} is not a calendar day`);
    return { year: r.year, month: r.month, day: r.day, days: 1 };
  }
  const [month, day] = PRESET_DAYS[r.preset];
  return { year: r.year, month, day, days: 1 };
}

/** The job for a request over the district's bounds (local midnights in the city's time zone, DST included). */
export function sunHoursJobFor(city: CityModel, r: SunHoursRequest, bounds?: { minX: number; minY: number; maxX: number; maxY: number }): SunHoursJob {
  if (!(r.cellSizeM > 0)) throw new RangeError(`sun-hours: grid resolution ${r.cellSizeM} m must be > 0`);
  if (!(r.stepMin > 0)) throw new RangeError(`sun-hours: time step ${r.stepMin} min must be > 0`);
  const p = requestPeriod(r);
  const b = bounds ?? districtBounds(city);
  // Origin ¼ m past a whole metre: at 1, 2 and 5 m cells every cell centre lies ¼ m from the whole
  // and half metres where generated and surveyed footprint vertices often sit. A centre on or very
  // near an edge is a tie that the CPU scanline and the GPU rasteriser (which snaps vertices to a
  // sub-pixel grid) may break differently; footprint edges do not move, so such a tie would repeat
  // at every step.
  const minX = Math.floor(b.minX) + GRID_ORIGIN_OFFSET_M;
  const minY = Math.floor(b.minY) + GRID_ORIGIN_OFFSET_M;
  const job: SunHoursJob = {
    minX,
    minY,
    maxX: b.maxX,
    maxY: b.maxY,
    cellSizeM: r.cellSizeM,
    startUnixS: localTimeToUnixS(city.timeZone, p.year, p.month, p.day, 0),
    endUnixS: localTimeToUnixS(city.timeZone, p.year, p.month, p.day, 24 * p.days),
    days: p.days,
    stepS: r.stepMin * 60,
    obstacles: r.obstacles,
  };
  if (r.facadeThresholdH !== null) {
    job.facade = { startUnixS: localTimeToUnixS(city.timeZone, r.year, 12, 21, 0), endUnixS: localTimeToUnixS(city.timeZone, r.year, 12, 21, 24), thresholdH: r.facadeThresholdH };
  }
  if (r.surfacesThresholdH !== undefined && r.surfacesThresholdH !== null) job.surfaces = { thresholdH: r.surfacesThresholdH };
  return job;
}

export interface SunHoursRun {
  result: Promise<SunHoursJobResult & { path: SunHoursPath; elapsedMs: number }>;
  cancel(): void;
}

/** Start a run; progress goes to `onProgress`; `cancel` rejects the result with CancelledError. */
export function startSunHours(city: CityModel, job: SunHoursJob, path: SunHoursPath, onProgress?: (p: ProgressReport) => void): SunHoursRun {
  const started = performance.now();
  const worker = new Worker(new URL('./sun-hours.worker.ts', import.meta.url), { type: 'module' });
  const remote: Remote<SunHoursWorkerApi> = wrap<SunHoursWorkerApi>(worker);
  const signal = { aborted: false };
  let rejectRun: ((reason: unknown) => void) | null = null;
  // A worker that fails (script not loaded, an uncaught error) ends the run with a WorkerFailedError.
  const unwatch = watchWorkerFailure(worker, 'sun-hours', (error) => {
    signal.aborted = true;
    worker.terminate();
    rejectRun?.(error);
  });
  const progress = onProgress === undefined ? undefined : proxy(onProgress);
  const work = async (): Promise<SunHoursJobResult> => {
    if (path === 'cpu') return remote.run(city, job, progress);
    const input = sunHoursKernelInput(city, job);
    // The terrain horizon and the facade KPI run on the worker's CPU (in that order), the grid on the GPU.
    const horizon = input.terrain === undefined ? undefined : remote.terrainHorizon(input.terrain, input.terrainSectors ?? 72);
    const facade = remote.facade(city, job);
    const surfaces = remote.surfaces(city, job);
    const gpuControl = onProgress === undefined ? { signal } : { signal, onProgress };
    const gpu = await sunHoursGpu(input, gpuControl, horizon === undefined ? {} : { horizon: await horizon });
    const days = job.days ?? 1;
    if (days > 1) for (let i = 0; i < gpu.hours.length; i++) gpu.hours[i] = (gpu.hours[i] as number) / days;
    const grid = sunHoursJobGrid(job);
    const out: SunHoursJobResult = { ...grid, hours: gpu.hours, dayLengthH: gpu.openSkyHours / days, ...sunHoursKpis(city, grid, gpu.hours), facade: await facade };
    const s = await surfaces;
    if (s !== null) out.surfaces = s;
    return out;
  };
  const result = new Promise<SunHoursJobResult & { path: SunHoursPath; elapsedMs: number }>((resolve, reject) => {
    rejectRun = reject;
    work().then(
      (r) => resolve({ ...r, path, elapsedMs: performance.now() - started }),
      (e: unknown) => reject(e),
    );
  }).finally(() => {
    unwatch();
    worker.terminate();
  });
  return {
    result,
    cancel() {
      signal.aborted = true;
      worker.terminate();
      rejectRun?.(new CancelledError('sun-hours'));
    },
  };
}

/** Viridis-like ramp, dark (no sun) to yellow (sun all day). */
export const SUN_HOURS_COLOURS = ['#30123b', '#3b528b', '#21918c', '#5ec962', '#fde725'] as const;

/** The raster result of a run: hours per day, NaN under building footprints, legend 0…day length. */
export function sunHoursRaster(r: SunHoursJobResult, title: string, unit: string, notes: readonly string[]): RasterResult {
  const values = new Float32Array(r.hours.length);
  for (let i = 0; i < values.length; i++) values[i] = r.openGround[i] === 0 ? Number.NaN : (r.hours[i] as number);
  return {
    kind: 'raster',
    id: 'sun-hours',
    title,
    source: 'sun-hours',
    grid: { originX: r.x0, originY: r.y0, cellM: r.cellSizeM, cols: r.nx, rows: r.ny },
    values,
    legend: sunHoursLegend(r.dayLengthH, unit),
    notes,
  };
}

/** Legend of sun-hours results: the ramp from 0 to the day length rounded up (at least 1 h). */
function sunHoursLegend(dayLengthH: number, unit: string): RasterResult['legend'] {
  return { kind: 'ramp', unit, min: 0, max: Math.max(1, Math.ceil(dayLengthH)), colours: SUN_HOURS_COLOURS };
}

/** Id of the roofs-and-facades points result (the ground raster keeps 'sun-hours'). */
export const SUN_HOURS_SURFACES_ID = 'sun-hours-surfaces';

/** The points result of a run's roofs and facades (same legend as the ground raster); null when the run had none. */
export function sunHoursPoints(r: SunHoursJobResult, title: string, unit: string, notes: readonly string[]): PointsResult | null {
  const s = r.surfaces;
  if (s === undefined) return null;
  return { kind: 'points', id: SUN_HOURS_SURFACES_ID, title, source: 'sun-hours', x: s.x, y: s.y, z: s.z, values: s.hours, legend: sunHoursLegend(r.dayLengthH, unit), notes };
}

/** Agreement of the GPU and CPU paths on one grid (test builds and benchmarks). */
export interface SunHoursAgreement {
  cells: number;
  /** Share of cells whose hours differ by at most toleranceH. */
  shareWithin: number;
  toleranceH: number;
  maxAbsDiffH: number;
  meanAbsDiffH: number;
  /** Of the cells beyond the tolerance, the share next to a building footprint (8-neighbourhood). */
  outsideNearFootprintShare: number;
  dayLengthH: number;
  cpuMs: number;
  gpuMs: number;
}

/** Run both paths on the same job (no facade KPI) and compare cell by cell. */
export async function compareSunHoursPaths(city: CityModel, job: SunHoursJob, toleranceH = 0.25): Promise<SunHoursAgreement> {
  const plain: SunHoursJob = { ...job };
  delete plain.facade;
  delete plain.surfaces;
  const cpu = await startSunHours(city, plain, 'cpu').result;
  const gpu = await startSunHours(city, plain, 'gpu').result;
  let within = 0;
  let max = 0;
  let sum = 0;
  let nearFootprint = 0;
  const { nx, ny, openGround } = cpu;
  for (let i = 0; i < cpu.hours.length; i++) {
    const d = Math.abs((cpu.hours[i] as number) - (gpu.hours[i] as number));
    if (d <= toleranceH) within++;
    else {
      const ci = i % nx;
      const cj = (i - ci) / nx;
      let near = false;
      for (let dj = -1; dj <= 1 && !near; dj++) for (let di = -1; di <= 1; di++) if (ci + di >= 0 && ci + di < nx && cj + dj >= 0 && cj + dj < ny && openGround[(cj + dj) * nx + ci + di] === 0) near = true;
      if (near) nearFootprint++;
    }
    if (d > max) max = d;
    sum += d;
  }
  const n = cpu.hours.length;
  const outside = n - within;
  return { cells: n, shareWithin: within / n, toleranceH, maxAbsDiffH: max, meanAbsDiffH: sum / n, outsideNearFootprintShare: outside > 0 ? nearFootprint / outside : 0, dayLengthH: cpu.dayLengthH, cpuMs: cpu.elapsedMs, gpuMs: gpu.elapsedMs };
}

/** GPU path alone on a square of `sideM` around the district centre (the "1 km², 1 m, one day" figure). */
export async function timeGpuSunHours(city: CityModel, request: SunHoursRequest, sideM: number): Promise<{ cells: number; gpuPassMs: number; totalMs: number; sunUpSteps: number }> {
  const b = districtBounds(city);
  const cx = (b.minX + b.maxX) / 2;
  const cy = (b.minY + b.maxY) / 2;
  const minX = Math.floor(cx - sideM / 2);
  const minY = Math.floor(cy - sideM / 2);
  // sunHoursJobFor moves the origin by GRID_ORIGIN_OFFSET_M: the far edge moves with it (exactly sideM).
  const job = sunHoursJobFor(city, { ...request, facadeThresholdH: null }, { minX, minY, maxX: minX + sideM + GRID_ORIGIN_OFFSET_M, maxY: minY + sideM + GRID_ORIGIN_OFFSET_M });
  const input = sunHoursKernelInput(city, job);
  const r = await sunHoursGpu(input);
  return { cells: input.grid.nx * input.grid.ny, gpuPassMs: r.gpuMs, totalMs: r.totalMs, sunUpSteps: r.sunUpSteps };
}

/** `window.__sunHoursTest` in test builds (?test=1): the e2e test's handle on both paths. */
export interface SunHoursTestHooks {
  compare(request: SunHoursRequest, toleranceH?: number): Promise<SunHoursAgreement>;
  timeGpu(request: SunHoursRequest, sideM: number): Promise<{ cells: number; gpuPassMs: number; totalMs: number; sunUpSteps: number }>;
  /** React renders of the scene's SunFromTime so far (per-frame re-render check). */
  sunFromTimeRenders(): number;
}

declare global {
  interface Window {
    __sunHoursTest?: SunHoursTestHooks;
  }
}

export function installSunHoursTestHooks(city: CityModel, sunFromTimeRenders: () => number): void {
  window.__sunHoursTest = {
    compare: (request, toleranceH) => compareSunHoursPaths(city, sunHoursJobFor(city, { ...request, facadeThresholdH: null }), toleranceH),
    timeGpu: (request, sideM) => timeGpuSunHours(city, request, sideM),
    sunFromTimeRenders,
  };
}
