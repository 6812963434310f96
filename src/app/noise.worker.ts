/**
 * Web Worker of the road noise map (issue 8): runs src/sim-workers/noise-job.ts off the main
 * thread (comlink `expose`) and keeps the session, so a what-if on flows, speeds or surfaces only
 * re-sums the stored attenuations, and a re-run on an edited city recomputes only the source–receiver
 * pairs the geometry change touches. The kernel runs synchronously: the client cancels a run by
 * terminating the worker (the session is lost with it). Grids are transferred, not copied.
 */
import { expose, transfer } from 'comlink';
import type { CityModel } from '../twin/city-model';
import type { ProgressReport } from '../sim/core/progress';
import { updateNoiseSession } from '../sim-workers/noise-geometry-change';
import { createNoiseSession, type NoiseJob, type NoiseJobResult, type NoiseSession, type NoiseTrafficEdit } from '../sim-workers/noise-job';

export interface NoiseWorkerApi {
  run(city: CityModel, job: NoiseJob, onProgress?: (p: ProgressReport) => void): Promise<NoiseJobResult>;
  /** Re-sum of the last run's session with edited traffic; rejects when no run finished. */
  whatIf(edits: NoiseTrafficEdit[]): Promise<NoiseJobResult>;
}

let session: NoiseSession | null = null;

/** Transfers the result's arrays, all fresh per run or re-sum (facades.building, kept by the session, is copied). */
function send(r: NoiseJobResult): NoiseJobResult {
  const m = r.maps;
  const f = r.facades;
  return transfer(r, [m.lday.buffer, m.levening.buffer, m.lnight.buffer, m.lden.buffer, f.x.buffer, f.y.buffer, f.z.buffer, f.lday.buffer, f.levening.buffer, f.lnight.buffer, f.lden.buffer, r.buildingLden.buffer, r.buildingLnight.buffer]);
}

const api: NoiseWorkerApi = {
  run(city, job, onProgress) {
    const previous = session;
    session = null;
    const control = { onProgress: (p: ProgressReport) => void onProgress?.(p) };
    // A re-run after a geometry change recomputes only the pairs it touches (a full run when the
    // grid, roads, terrain or path options differ): noise-geometry-change.ts.
    session = previous === null ? createNoiseSession(city, job, control) : updateNoiseSession(previous, city, job, control).session;
    return Promise.resolve(send(session.result));
  },
  whatIf(edits) {
    if (session === null) return Promise.reject(new Error('noise what-if: run the noise map first'));
    return Promise.resolve(send(session.whatIf(edits)));
  },
};

expose(api);
