/**
 * What noise.worker.ts exposes (kept apart so Node tests can drive it through a MessageChannel
 * without a Worker): one noise session per worker. `run` on a worker that already holds a session
 * updates it (src/sim-workers/noise-geometry-change.ts `updateNoiseSession`): only the
 * source–receiver pairs a building change touches are recomputed, and anything else that differs
 * (grid, roads, terrain, path options) falls back to a full computation that says why. The client
 * (noise-client.ts) gives each district a fresh worker, so a session is only ever updated with an
 * edit of its own district. A what-if on flows, speeds or surfaces only re-sums the session.
 * Grids are transferred, not copied.
 */
import { transfer } from 'comlink';
import type { CityModel } from '../twin/city-model';
import type { ProgressReport } from '../sim/core/progress';
import { updateNoiseSession, type NoiseGeometryUpdate } from '../sim-workers/noise-geometry-change';
import { createNoiseSession, type NoiseJob, type NoiseJobResult, type NoiseSession, type NoiseTrafficEdit } from '../sim-workers/noise-job';

/** A run's result and, when it updated an earlier session, what the update recomputed (null: a fresh session). */
export type NoiseRunResult = NoiseJobResult & { update: NoiseGeometryUpdate | null };

export interface NoiseWorkerApi {
  run(city: CityModel, job: NoiseJob, onProgress?: (p: ProgressReport) => void): Promise<NoiseRunResult>;
  /** Re-sum of the last run's session with edited traffic; rejects when no run finished. */
  whatIf(edits: NoiseTrafficEdit[]): Promise<NoiseJobResult>;
}

/** Transfers the result's arrays, all fresh per run or re-sum (facades.building, kept by the session, is copied). */
function send<R extends NoiseJobResult>(r: R): R {
  const m = r.maps;
  const f = r.facades;
  return transfer(r, [m.lday.buffer, m.levening.buffer, m.lnight.buffer, m.lden.buffer, f.x.buffer, f.y.buffer, f.z.buffer, f.lday.buffer, f.levening.buffer, f.lnight.buffer, f.lden.buffer, r.buildingLden.buffer, r.buildingLnight.buffer]);
}

export function createNoiseWorkerApi(): NoiseWorkerApi {
  let session: NoiseSession | null = null;
  return {
    run(city, job, onProgress) {
      const previous = session;
      // Dropped first: a run that throws leaves no half-updated session behind.
      session = null;
      const control = { onProgress: (p: ProgressReport) => void onProgress?.(p) };
      let update: NoiseGeometryUpdate | null = null;
      if (previous === null) session = createNoiseSession(city, job, control);
      else ({ session, update } = updateNoiseSession(previous, city, job, control));
      return Promise.resolve(send({ ...session.result, update }));
    },
    whatIf(edits) {
      if (session === null) return Promise.reject(new Error('noise what-if: run the noise map first'));
      return Promise.resolve(send(session.whatIf(edits)));
    },
  };
}
