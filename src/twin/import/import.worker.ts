/**
 * Web Worker running the city importers off the main thread (comlink `expose`). Progress goes to
 * a callback proxied by the client; the model's typed arrays are transferred, not copied.
 * Cancellation: `cancel()` raises the run's abort flag, checked between files and PBF blocks;
 * the client also terminates the worker, so a long synchronous parse stops at once.
 */
import { expose } from 'comlink';
import { createImportWorkerApi } from './import-worker-api';

export type { ImportWorkerApi } from './import-worker-api';

expose(createImportWorkerApi());
