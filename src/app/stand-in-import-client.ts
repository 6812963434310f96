/**
 * TEMPORARY stand-in for src/twin/import/import-client.ts (the Web Worker client, being written
 * in parallel): runs importCityFiles on the main thread with the same interface. Removed once the
 * real client lands.
 */
import type { CityModel } from '../twin/city-model';
import type { ProgressReport } from '../sim/core/progress';
import { importCityFiles, type SourceFile } from '../twin/import';

export interface ImportClient {
  importFiles(files: SourceFile[], onProgress?: (p: ProgressReport) => void): Promise<CityModel>;
  cancel(): void;
  dispose(): void;
}

export function createImportClient(): ImportClient {
  let signal = { aborted: false };
  return {
    importFiles(files, onProgress) {
      signal = { aborted: false };
      return importCityFiles(files, { control: { signal, ...(onProgress === undefined ? {} : { onProgress }) } });
    },
    cancel() {
      signal.aborted = true;
    },
    dispose() {
      signal.aborted = true;
    },
  };
}
