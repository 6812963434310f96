/**
 * Web Worker running the sun-hours analysis (src/sim-workers/sun-hours-job.ts, CPU kernel of
 * src/sim/shading) off the main thread (comlink `expose`). Progress goes to a callback proxied by
 * the client (src/app/sun-hours-client.ts). The kernel runs synchronously, so the client cancels by
 * terminating the worker. The hours grid and the open-ground mask are transferred, not copied.
 */
import { expose, transfer } from 'comlink';
import type { CityModel } from '../twin/city-model';
import type { ProgressReport } from '../sim/core/progress';
import { DEFAULT_OBSTACLES, facadeKpi, runSunHoursJob, surfaceSunHours, type FacadeKpi, type SunHoursJob, type SunHoursJobResult, type SurfaceSunHours } from '../sim-workers/sun-hours-job';
import { DEFAULT_SUN_HOURS_STEP_S } from '../sim/shading/sun-hours';
import { computeTerrainHorizon, type TerrainHeights, type TerrainHorizon } from '../sim/shading/terrain-horizon';

export interface SunHoursWorkerApi {
  run(city: CityModel, job: SunHoursJob, onProgress?: (p: ProgressReport) => void): Promise<SunHoursJobResult>;
  /** Only the facade KPI of a job (for the GPU path, which computes the ground grid itself); null without `job.facade`. */
  facade(city: CityModel, job: SunHoursJob, onProgress?: (p: ProgressReport) => void): Promise<FacadeKpi | null>;
  /** Only the roofs-and-facades hours of a job (for the GPU path); null without `job.surfaces`. */
  surfaces(city: CityModel, job: SunHoursJob): Promise<SurfaceSunHours | null>;
  /** The terrain horizon for the GPU path, off the main thread. */
  terrainHorizon(terrain: TerrainHeights, sectors: number): Promise<TerrainHorizon>;
}

const api: SunHoursWorkerApi = {
  run(city, job, onProgress) {
    const r = runSunHoursJob(city, job, { onProgress: (p) => void onProgress?.(p) });
    return Promise.resolve(transfer(r, [r.hours.buffer, r.openGround.buffer]));
  },
  facade(city, job, onProgress) {
    if (job.facade === undefined) return Promise.resolve(null);
    return Promise.resolve(facadeKpi(city, job.facade, job.stepS ?? DEFAULT_SUN_HOURS_STEP_S, { onProgress: (p) => void onProgress?.(p) }, (job.obstacles ?? DEFAULT_OBSTACLES).terrain));
  },
  surfaces(city, job) {
    return Promise.resolve(surfaceSunHours(city, job));
  },
  terrainHorizon(terrain, sectors) {
    const h = computeTerrainHorizon(terrain, sectors);
    return Promise.resolve(transfer(h, [h.horizonTan.buffer]));
  },
};

expose(api);
