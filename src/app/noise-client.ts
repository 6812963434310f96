/**
 * Main-thread side of the road noise map (issue 8): one module worker (noise.worker.ts, comlink)
 * per district run, kept afterwards for what-ifs (flows, speeds, surfaces) that only re-sum. A
 * run reports progress and can be cancelled (the worker is terminated, the pending promise
 * rejects with CancelledError, and the next run starts a fresh worker). A worker that fails (script
 * not loaded, an uncaught error) rejects the pending call with a WorkerFailedError and is dropped.
 */
import { proxy, wrap, type Remote } from 'comlink';
import { CancelledError, type ProgressReport } from '../sim/core/progress';
import type { CityModel } from '../twin/city-model';
import type { NoiseJob, NoiseJobResult, NoiseTrafficEdit } from '../sim-workers/noise-job';
import type { NoiseWorkerApi } from './noise.worker';
import { watchWorkerFailure } from './worker-failure';

export interface NoiseClient {
  /** Computes the attenuations and the first maps; replaces any earlier session. */
  run(city: CityModel, job: NoiseJob, onProgress?: (p: ProgressReport) => void): Promise<NoiseJobResult & { elapsedMs: number }>;
  /** Re-sum of the last finished run with the edits (relative to its base traffic). */
  whatIf(edits: NoiseTrafficEdit[]): Promise<NoiseJobResult & { elapsedMs: number }>;
  cancel(): void;
  dispose(): void;
}

export function createNoiseClient(): NoiseClient {
  let worker: Worker | null = null;
  let remote: Remote<NoiseWorkerApi> | null = null;
  let rejectPending: ((reason: unknown) => void) | null = null;

  const stop = () => {
    worker?.terminate();
    worker = null;
    remote = null;
  };
  const timed = (call: () => Promise<NoiseJobResult>): Promise<NoiseJobResult & { elapsedMs: number }> => {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      rejectPending = reject;
      call()
        .then((r) => resolve({ ...r, elapsedMs: performance.now() - started }), reject)
        .finally(() => {
          if (rejectPending === reject) rejectPending = null;
        });
    });
  };

  return {
    run(city, job, onProgress) {
      stop();
      const w = new Worker(new URL('./noise.worker.ts', import.meta.url), { type: 'module' });
      watchWorkerFailure(w, 'noise', (error) => {
        if (worker !== w) return;
        stop();
        rejectPending?.(error);
        rejectPending = null;
      });
      worker = w;
      const api = wrap<NoiseWorkerApi>(w);
      remote = api;
      return timed(() => api.run(city, job, onProgress === undefined ? undefined : proxy(onProgress)));
    },
    whatIf(edits) {
      const api = remote;
      if (api === null) return Promise.reject(new Error('noise what-if: run the noise map first'));
      return timed(() => api.whatIf(edits));
    },
    cancel() {
      stop();
      rejectPending?.(new CancelledError('noise map'));
      rejectPending = null;
    },
    dispose() {
      stop();
    },
  };
}
