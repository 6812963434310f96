/**
 * What import.worker.ts exposes (kept apart so Node tests can drive it without a Worker):
 * `importFiles` runs importCityFiles with progress to a callback and returns the model with its
 * typed arrays marked for transfer; `cancel` raises the running import's abort flag.
 */
import { transfer } from 'comlink';
import type { ProgressReport } from '../../sim/core/progress';
import type { CityModel } from '../city-model';
import { importCityFiles, type SourceFile } from './index';
import { cityModelTransferables } from './transferables';

export function createImportWorkerApi() {
  let current: { aborted: boolean } | null = null;
  return {
    async importFiles(files: SourceFile[], onProgress?: (p: ProgressReport) => void): Promise<CityModel> {
      const signal = { aborted: false };
      current = signal;
      try {
        const model = await importCityFiles(files, { control: { signal, onProgress: (p) => void onProgress?.(p) } });
        return transfer(model, cityModelTransferables(model));
      } finally {
        if (current === signal) current = null;
      }
    },
    cancel(): void {
      if (current) current.aborted = true;
    },
  };
}

export type ImportWorkerApi = ReturnType<typeof createImportWorkerApi>;
