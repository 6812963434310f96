/**
 * Web Worker running the air-quality job (src/sim-workers/air-job.ts: CALINE3 over the city's roads,
 * EMEP/EEA emissions) off the main thread (comlink `expose`). Progress goes to a callback proxied by
 * the client; the kernel is synchronous, so the client cancels by terminating the worker. Map and
 * per-building buffers are transferred, not copied. The worker lives across runs and keeps the unit
 * link contributions per dispersion geometry (src/sim-workers/air-dispersion-cache.ts), so a rerun
 * with other flows, speeds or traffic period re-sums them instead of dispersing again.
 */
import { expose, transfer } from 'comlink';
import type { CityModel } from '../twin/city-model';
import type { ProgressReport } from '../sim/core/progress';
import { runAirJob, type AirJob, type AirJobResult } from '../sim-workers/air-job';
import { AirDispersionCache } from '../sim-workers/air-dispersion-cache';

export interface AirWorkerApi {
  run(city: CityModel, job: AirJob, onProgress?: (p: ProgressReport) => void): Promise<AirJobResult & { dispersionReused: boolean }>;
}

const cache = new AirDispersionCache();

const api: AirWorkerApi = {
  run(city, job, onProgress) {
    const hitsBefore = cache.hits;
    const runs = cache.runsFor(city, job);
    const sizeBefore = runs.size;
    const r = runAirJob(city, job, { onProgress: (p) => void onProgress?.(p) }, runs);
    const buffers: ArrayBuffer[] = [r.co2.perRoadKgPerH.buffer as ArrayBuffer];
    for (const m of Object.values(r.maps)) buffers.push(m.values.buffer as ArrayBuffer, m.buildingValues.buffer as ArrayBuffer);
    // Reused when the geometry matched and no new weather condition had to be dispersed.
    const dispersionReused = cache.hits > hitsBefore && runs.size === sizeBefore;
    return Promise.resolve(transfer({ ...r, dispersionReused }, buffers));
  },
};

expose(api);
