/**
 * Main-thread side of the road noise map (issue 8): one module worker (noise.worker.ts, comlink)
 * per district, kept between runs. A re-run on an edit of the same district (the editor's draft, a
 * shown scenario's edits) goes to the same worker, whose session recomputes only the
 * source–receiver pairs the geometry change touches (`update` says how many); a run for another
 * district starts a fresh worker. What-ifs (flows, speeds, surfaces) only re-sum the last run.
 * A run reports progress and can be cancelled (the worker is terminated, the pending promise
 * rejects with CancelledError, and the next run starts a fresh worker). A worker that fails
 * (script not loaded, an uncaught error) rejects the pending call with a WorkerFailedError and is
 * dropped.
 */
import { proxy, wrap, type Remote } from 'comlink';
import { CancelledError, type ProgressReport } from '../sim/core/progress';
import type { CityModel } from '../twin/city-model';
import type { NoiseJob, NoiseJobResult, NoiseTrafficEdit } from '../sim-workers/noise-job';
import type { NoiseRunResult, NoiseWorkerApi } from './noise-worker-api';
import { watchWorkerFailure } from './worker-failure';

export interface NoiseClient {
  /**
   * Computes the maps of `city`. `district` names the district `city` is (an edit of): the base
   * CityModel the city store holds (default: `city` itself). Same district as the last run in a
   * live worker: the worker's session is updated (`update` not null); else a fresh worker and
   * session (`update` null).
   */
  run(city: CityModel, job: NoiseJob, onProgress?: (p: ProgressReport) => void, district?: CityModel): Promise<NoiseRunResult & { elapsedMs: number }>;
  /** Re-sum of the last finished run with the edits (relative to its base traffic). */
  whatIf(edits: NoiseTrafficEdit[]): Promise<NoiseJobResult & { elapsedMs: number }>;
  cancel(): void;
  dispose(): void;
}

/** A module worker, or anything that speaks the same messages (tests: a MessagePort). */
export type NoiseWorkerEndpoint = Pick<Worker, 'postMessage' | 'addEventListener' | 'removeEventListener' | 'terminate'>;

function spawnNoiseWorker(): NoiseWorkerEndpoint {
  return new Worker(new URL('./noise.worker.ts', import.meta.url), { type: 'module' });
}

export function createNoiseClient(spawn: () => NoiseWorkerEndpoint = spawnNoiseWorker): NoiseClient {
  let worker: NoiseWorkerEndpoint | null = null;
  let remote: Remote<NoiseWorkerApi> | null = null;
  /** The district of the live worker's session (null: none yet). */
  let district: CityModel | null = null;
  let rejectPending: ((reason: unknown) => void) | null = null;

  const stop = () => {
    worker?.terminate();
    worker = null;
    remote = null;
    district = null;
  };
  const start = (): Remote<NoiseWorkerApi> => {
    const w = spawn();
    watchWorkerFailure(w, 'noise', (error) => {
      if (worker !== w) return;
      stop();
      rejectPending?.(error);
      rejectPending = null;
    });
    worker = w;
    remote = wrap<NoiseWorkerApi>(w);
    return remote;
  };
  const timed = <R>(call: () => Promise<R>): Promise<R & { elapsedMs: number }> => {
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
    run(city, job, onProgress, of = city) {
      if (remote === null || district !== of) stop();
      const api = remote ?? start();
      district = of;
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
