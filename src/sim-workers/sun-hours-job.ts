/**
 * Sun-hours analysis of a city for one local day (issue 6): builds the input of the CPU kernel
 * src/sim/shading/sun-hours.ts (ground grid over the district, buildings, trees, grid terrain, SPA
 * site) and the open-ground KPI (BRE 209 §3.3: share with ≥ 2 h of sun; mean hours). Pure: runs in
 * the worker (src/app/sun-hours.worker.ts) and in Node tests alike, so both compute the same.
 */
import type { CityModel } from '../twin/city-model';
import { sunHours, DEFAULT_SUN_HOURS_STEP_S } from '../sim/shading/sun-hours';
import { openGroundMask, sunHoursStats } from '../sim/shading/sun-hours-stats';
import type { RunControl } from '../sim/core/progress';

export const SUN_HOURS_RESOLUTIONS_M = [1, 2, 5] as const;

export interface SunHoursJob {
  /** District bounds (ENU, m) the grid covers. */
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  cellSizeM: number;
  /** UTC instants (s) of local midnight that starts and ends the day. */
  startUnixS: number;
  endUnixS: number;
  stepS?: number;
}

export interface SunHoursJobResult {
  nx: number;
  ny: number;
  x0: number;
  y0: number;
  cellSizeM: number;
  hours: Float32Array;
  /** Hours the sun is above the horizon that day (legend maximum). */
  dayLengthH: number;
  /** Open ground (cells outside footprints): share with ≥ 2 h of sun (0…1), mean hours. */
  openShareAtLeast2h: number;
  openMeanH: number;
}

/** Run the CPU kernel for `job` on `city` (progress and cancel through `control`). */
export function runSunHoursJob(city: CityModel, job: SunHoursJob, control?: RunControl): SunHoursJobResult {
  if (!(job.cellSizeM > 0)) throw new RangeError(`sun-hours: cellSizeM ${job.cellSizeM} must be > 0`);
  if (!(job.endUnixS > job.startUnixS)) throw new RangeError('sun-hours: endUnixS must follow startUnixS');
  const nx = Math.max(1, Math.ceil((job.maxX - job.minX) / job.cellSizeM));
  const ny = Math.max(1, Math.ceil((job.maxY - job.minY) / job.cellSizeM));
  const grid = { x0: job.minX, y0: job.minY, cellSizeM: job.cellSizeM, nx, ny };
  const terrain = city.terrain?.kind === 'grid' ? city.terrain : undefined;
  const r = sunHours(
    {
      grid,
      buildings: city.buildings,
      trees: city.trees,
      terrain,
      site: { latDeg: city.origin.latDeg, lonDeg: city.origin.lonDeg, elevationM: Number.isFinite(city.origin.heightM) ? city.origin.heightM : 0 },
      startUnixS: job.startUnixS,
      endUnixS: job.endUnixS,
      stepS: job.stepS ?? DEFAULT_SUN_HOURS_STEP_S,
    },
    control,
  );
  const stats = sunHoursStats(r.hours, 2, openGroundMask(grid, city.buildings));
  return { nx, ny, x0: grid.x0, y0: grid.y0, cellSizeM: grid.cellSizeM, hours: r.hours, dayLengthH: r.openSkyHours, openShareAtLeast2h: stats.shareAtLeast, openMeanH: stats.meanH };
}
