/**
 * Web Worker of the road noise map (issue 8): exposes noise-worker-api.ts (comlink), which runs
 * src/sim-workers/noise-job.ts off the main thread and keeps the session, so a what-if on flows,
 * speeds or surfaces only re-sums the stored attenuations, and a re-run on an edited city
 * recomputes only the source–receiver pairs the geometry change touches. The kernel runs
 * synchronously: the client cancels a run by terminating the worker (the session is lost with it).
 */
import { expose } from 'comlink';
import { createNoiseWorkerApi } from './noise-worker-api';

export type { NoiseRunResult, NoiseWorkerApi } from './noise-worker-api';

expose(createNoiseWorkerApi());
