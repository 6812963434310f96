/**
 * Main-thread client of src/twin/import/import.worker.ts: `importFiles` runs the importers in a
 * module worker with progress; `cancel` stops the run (the pending promise rejects with
 * CancelledError) and the next call starts a fresh worker; `dispose` terminates it. A worker that fails (script not
 * loaded, an uncaught error) rejects the pending import with a WorkerFailedError and is dropped.
 */
import { proxy, wrap, type Remote } from 'comlink';
import { CancelledError, type ProgressReport } from '../sim/core/progress';
import type { CityModel } from '../twin/city-model';
import type { SourceFile } from '../twin/import/index';
import type { ImportWorkerApi } from '../twin/import/import-worker-api';
import { watchWorkerFailure } from './worker-failure';

export interface ImportClient {
  importFiles(files: SourceFile[], onProgress?: (p: ProgressReport) => void): Promise<CityModel>;
  cancel(): void;
  dispose(): void;
}

export function createImportClient(): ImportClient {
  let worker: Worker | null = null;
  let remote: Remote<ImportWorkerApi> | null = null;
  let rejectPending: ((reason: unknown) => void) | null = null;

  const ensure = (): Remote<ImportWorkerApi> => {
    if (remote) return remote;
    const w = new Worker(new URL('../twin/import/import.worker.ts', import.meta.url), { type: 'module' });
    watchWorkerFailure(w, 'import', (error) => {
      if (worker !== w) return;
      stop();
      rejectPending?.(error);
      rejectPending = null;
    });
    worker = w;
    remote = wrap<ImportWorkerApi>(w);
    return remote;
  };
  const stop = () => {
    worker?.terminate();
    worker = null;
    remote = null;
  };

  return {
    importFiles(files, onProgress) {
      const api = ensure();
      return new Promise<CityModel>((resolve, reject) => {
        rejectPending = reject;
        api
          .importFiles(files, onProgress ? proxy(onProgress) : undefined)
          .then(resolve, reject)
          .finally(() => {
            if (rejectPending === reject) rejectPending = null;
          });
      });
    },
    cancel() {
      void remote?.cancel();
      stop();
      rejectPending?.(new CancelledError('import'));
      rejectPending = null;
    },
    dispose() {
      stop();
    },
  };
}
