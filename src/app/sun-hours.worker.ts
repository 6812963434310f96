/**
 * Web Worker running the sun-hours analysis (src/sim-workers/sun-hours-job.ts, CPU kernel of
 * src/sim/shading) off the main thread (comlink `expose`). Progress goes to a callback proxied by
 * the client. The kernel runs synchronously, so the client cancels by terminating the worker;
 * `cancel()` only raises the abort flag for a future asynchronous kernel.
 * The hours grid is transferred, not copied.
 */
import { expose, transfer } from 'comlink';
import type { CityModel } from '../twin/city-model';
import type { ProgressReport } from '../sim/core/progress';
import { runSunHoursJob, type SunHoursJob, type SunHoursJobResult } from '../sim-workers/sun-hours-job';

export interface SunHoursWorkerApi {
  run(city: CityModel, job: SunHoursJob, onProgress?: (p: ProgressReport) => void): Promise<SunHoursJobResult>;
  cancel(): void;
}

let current: { aborted: boolean } | null = null;

const api: SunHoursWorkerApi = {
  run(city, job, onProgress) {
    const signal = { aborted: false };
    current = signal;
    try {
      const r = runSunHoursJob(city, job, { signal, onProgress: (p) => void onProgress?.(p) });
      return Promise.resolve(transfer(r, [r.hours.buffer]));
    } finally {
      if (current === signal) current = null;
    }
  },
  cancel() {
    if (current !== null) current.aborted = true;
  },
};

expose(api);
