/**
 * Web Worker running the city importers off the main thread (comlink `expose`). Progress goes to
 * a callback proxied by the client; the model's typed arrays are transferred, not copied.
 * Cancellation: `cancel()` raises the run's abort flag, checked between files and PBF blocks;
 * the client also terminates the worker, so a long synchronous parse stops at once.
 */
import { expose, transfer } from 'comlink';
import type { ProgressReport } from '../../sim/core/progress';
import type { CityModel } from '../city-model';
import { importCityFiles, type SourceFile } from './index';
import { cityModelTransferables } from './transferables';

let current: { aborted: boolean } | null = null;

export const importWorkerApi = {
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

export type ImportWorkerApi = typeof importWorkerApi;

expose(importWorkerApi);
