/**
 * Web Worker running the air-quality job (src/sim-workers/air-job.ts: CALINE3 over the city's roads,
 * EMEP/EEA emissions) off the main thread (comlink `expose`). Progress goes to a callback proxied by
 * the client; the kernel is synchronous, so the client cancels by terminating the worker. Map and
 * per-building buffers are transferred, not copied.
 */
import { expose, transfer } from 'comlink';
import type { CityModel } from '../twin/city-model';
import type { ProgressReport } from '../sim/core/progress';
import { runAirJob, type AirJob, type AirJobResult } from '../sim-workers/air-job';

export interface AirWorkerApi {
  run(city: CityModel, job: AirJob, onProgress?: (p: ProgressReport) => void): Promise<AirJobResult>;
}

const api: AirWorkerApi = {
  run(city, job, onProgress) {
    const r = runAirJob(city, job, { onProgress: (p) => void onProgress?.(p) });
    const buffers: ArrayBuffer[] = [r.co2.perRoadKgPerH.buffer as ArrayBuffer];
    for (const m of Object.values(r.maps)) buffers.push(m.values.buffer as ArrayBuffer, m.buildingValues.buffer as ArrayBuffer);
    return Promise.resolve(transfer(r, buffers));
  },
};

expose(api);
