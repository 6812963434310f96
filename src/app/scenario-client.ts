/**
 * Main-thread side of the scenario chain (issue 10): one module worker (scenario.worker.ts,
 * comlink) kept across runs, so its stage cache makes a rerun of unchanged stages instant.
 * Cancel terminates the worker (the pending run rejects with CancelledError; the cache is lost and
 * the next run starts a fresh worker with the base city again). A worker that fails (script not
 * loaded, an uncaught error) rejects the pending run with a WorkerFailedError and is dropped the same way.
 */
import { proxy, wrap, type Remote } from 'comlink';
import { CancelledError, type ProgressReport } from '../sim/core/progress';
import type { CityModel } from '../twin/city-model';
import type { ScenarioOutcome, ScenarioRunRequest } from './scenario-outcome';
import type { ScenarioWorkerApi } from './scenario.worker';
import { watchWorkerFailure } from './worker-failure';

export interface ScenarioClient {
  run(city: CityModel, request: ScenarioRunRequest, onProgress?: (p: ProgressReport) => void): Promise<ScenarioOutcome>;
  cancel(): void;
  dispose(): void;
}

export function createScenarioClient(): ScenarioClient {
  let worker: Worker | null = null;
  let remote: Remote<ScenarioWorkerApi> | null = null;
  let baseOf: CityModel | null = null;
  let rejectPending: ((reason: unknown) => void) | null = null;

  const stop = () => {
    worker?.terminate();
    worker = null;
    remote = null;
    baseOf = null;
  };
  const api = (): Remote<ScenarioWorkerApi> => {
    if (remote === null) {
      const w = new Worker(new URL('./scenario.worker.ts', import.meta.url), { type: 'module' });
      watchWorkerFailure(w, 'scenario', (error) => {
        if (worker !== w) return;
        stop();
        rejectPending?.(error);
        rejectPending = null;
      });
      worker = w;
      remote = wrap<ScenarioWorkerApi>(w);
    }
    return remote;
  };

  return {
    run(city, request, onProgress) {
      const w = api();
      return new Promise<ScenarioOutcome>((resolve, reject) => {
        rejectPending = reject;
        const setBase = baseOf === city ? Promise.resolve() : w.setBase(city).then(() => void (baseOf = city));
        setBase
          .then(() => w.run(request, onProgress === undefined ? undefined : proxy(onProgress)) as Promise<ScenarioOutcome>)
          .then(resolve, reject)
          .finally(() => {
            if (rejectPending === reject) rejectPending = null;
          });
      });
    },
    cancel() {
      stop();
      rejectPending?.(new CancelledError('scenario chain'));
      rejectPending = null;
    },
    dispose() {
      stop();
    },
  };
}
