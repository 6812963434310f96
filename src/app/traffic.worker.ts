/**
 * Web Worker running the district's traffic assignment (src/sim-workers/traffic-job.ts) off the
 * main thread (comlink `expose`). The job keeps its equilibrium between calls, so a what-if
 * re-solves warm-started. Progress (one report per iteration, with the relative gap) goes to a
 * callback proxied by the client. The kernel runs synchronously, so the client cancels by
 * terminating the worker (and starts a fresh one for the next run). Result arrays are transferred.
 */
import { expose, transfer } from 'comlink';
import type { CityModel } from '../twin/city-model';
import type { IterationReport } from '../sim/traffic/assignment-options';
import { TrafficJob, trafficResultTransferables, type TrafficJobRequest, type TrafficJobResult } from '../sim-workers/traffic-job';

export interface TrafficWorkerApi {
  /** Sets the district (a new job; its first request must be a baseline). */
  setCity(city: CityModel): void;
  run(request: TrafficJobRequest, onIteration?: (r: IterationReport) => void): Promise<TrafficJobResult>;
}

let job: TrafficJob | null = null;

const api: TrafficWorkerApi = {
  setCity(city) {
    job = new TrafficJob(city);
  },
  run(request, onIteration) {
    if (job === null) return Promise.reject(new Error('traffic worker: no district set'));
    const r = job.run(request, undefined, (it) => void onIteration?.(it));
    return Promise.resolve(transfer(r, trafficResultTransferables(r)));
  },
};

expose(api);
