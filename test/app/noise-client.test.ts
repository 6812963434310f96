/**
 * The noise client keeps one worker per district (src/app/noise-client.ts): a re-run on an edit of
 * the same district goes to the same worker, whose session recomputes only the touched pairs
 * (`update`, noise-worker-api.ts) and gives what a full computation of the edited city gives; a run
 * for another district, or after a cancel, starts a fresh worker and session. The "worker" here is
 * the real worker API on the other end of a MessageChannel. Also: which city the panel computes
 * (src/app/noise-subject.ts).
 */
import { describe, expect, it } from 'vitest';
import { expose } from 'comlink';
import { createNoiseClient, type NoiseWorkerEndpoint } from '../../src/app/noise-client';
import { createNoiseWorkerApi } from '../../src/app/noise-worker-api';
import { noiseSubject } from '../../src/app/noise-subject';
import { CancelledError } from '../../src/sim/core/progress';
import { createNoiseSession, type NoiseJob } from '../../src/sim-workers/noise-job';
import type { ScenarioEdit } from '../../src/scenario/scenario-types';
import { syntheticCity, type SyntheticBuilding, type SyntheticRoad } from '../noise-chain/synthetic-city';

const ROADS: SyntheticRoad[] = [
  { points: [[-160, 0], [160, 0]], lightVehH: [900, 250, 120] },
  { points: [[0, -160], [0, 160]], lightVehH: [500, 150, 60] },
];
const BUILDINGS: SyntheticBuilding[] = [
  { minX: 15.3, minY: 12.2, maxX: 45.1, maxY: 30.4, heightM: 12, residents: 40 },
  { minX: -50.2, minY: 14.1, maxX: -15.3, maxY: 28.3, heightM: 9, residents: 25 },
  { minX: -60.4, minY: -45.2, maxX: -20.1, maxY: -15.3, heightM: 15, residents: 60 },
];
const TOWER: SyntheticBuilding = { minX: 60.2, minY: -50.3, maxX: 80.1, maxY: -25.2, heightM: 40, residents: 80 };
const JOB: NoiseJob = { bounds: { minX: -110, minY: -80, maxX: 110, maxY: 110 }, gridCellM: 10, maxDistanceM: 150, facadeSpacingM: 6 };

/** A client whose workers are the worker API behind a MessageChannel; counts the workers started. */
function inProcessClient() {
  const spawned = { count: 0 };
  const client = createNoiseClient((): NoiseWorkerEndpoint => {
    spawned.count++;
    const { port1, port2 } = new MessageChannel();
    expose(createNoiseWorkerApi(), port2);
    return Object.assign(port1, {
      terminate: () => {
        port1.close();
        port2.close();
      },
    }) as unknown as NoiseWorkerEndpoint;
  });
  return { client, spawned };
}

describe('noise client: one worker and session per district', () => {
  const base = syntheticCity(ROADS, BUILDINGS);
  const edited = syntheticCity(ROADS, [...BUILDINGS, TOWER]);

  it('a re-run on an edit of the same district updates the session incrementally and equals a full computation', async () => {
    const { client, spawned } = inProcessClient();
    try {
      const first = await client.run(base, JOB);
      expect(first.update).toBeNull();
      const second = await client.run(edited, JOB, undefined, base);
      expect(spawned.count).toBe(1);
      const u = second.update;
      expect(u).not.toBeNull();
      if (u === null) return;
      expect(u.fullRecomputeReason).toBeNull();
      expect(u.buildingsAdded).toBe(1);
      const full = createNoiseSession(edited, JOB).result;
      expect(u.pairs).toBe(full.stats.pairs);
      expect(u.pairsRecomputed).toBeGreaterThan(0);
      expect(u.pairsRecomputed).toBeLessThan(u.pairs);
      console.log(`noise client update: ${u.pairsRecomputed} of ${u.pairs} pairs recomputed (${((100 * u.pairsRecomputed) / u.pairs).toFixed(1)} %)`);
      let worst = 0;
      full.maps.lden.forEach((l, k) => {
        const m = second.maps.lden[k] ?? Number.NaN;
        expect(Number.isNaN(m)).toBe(Number.isNaN(l));
        if (Number.isFinite(l)) worst = Math.max(worst, Math.abs(l - m));
      });
      expect(worst).toBeLessThanOrEqual(1e-9);
      expect(second.exposure).toEqual(full.exposure);
      // The what-if re-sums the updated session: half the flow lowers every level by 10·log10(2) dB.
      const half = await client.whatIf([{ flowFactor: 0.5 }]);
      const k = second.maps.lden.findIndex((l) => Number.isFinite(l));
      expect((second.maps.lden[k] ?? 0) - (half.maps.lden[k] ?? 0)).toBeCloseTo(10 * Math.log10(2), 4);
      // And the edit undone: the tower's pairs again, still in the same worker.
      const back = await client.run(base, JOB, undefined, base);
      expect(spawned.count).toBe(1);
      expect(back.update?.fullRecomputeReason).toBeNull();
      expect(back.update?.buildingsRemoved).toBe(1);
      expect(back.stats.pairs).toBe(first.stats.pairs);
    } finally {
      client.dispose();
    }
  });

  it('a grid change on the same district recomputes in full and says why', async () => {
    const { client, spawned } = inProcessClient();
    try {
      await client.run(base, JOB);
      const coarse = await client.run(edited, { ...JOB, gridCellM: 20 }, undefined, base);
      expect(spawned.count).toBe(1);
      expect(coarse.update?.fullRecomputeReason).toMatch(/grid/);
      expect(coarse.update?.pairsRecomputed).toBe(coarse.update?.pairs);
    } finally {
      client.dispose();
    }
  });

  it('another district, or a run after a cancel, starts a fresh worker and session', async () => {
    const { client, spawned } = inProcessClient();
    try {
      await client.run(base, JOB);
      const other = await client.run(edited, JOB);
      expect(spawned.count).toBe(2);
      expect(other.update).toBeNull();
      const pending = client.run(base, JOB, undefined, edited);
      client.cancel();
      await expect(pending).rejects.toBeInstanceOf(CancelledError);
      const after = await client.run(edited, JOB);
      expect(spawned.count).toBe(3);
      expect(after.update).toBeNull();
    } finally {
      client.dispose();
    }
  });
});

describe('noise subject: the district as the scene shows it', () => {
  const base = syntheticCity(ROADS, BUILDINGS);
  const draft = syntheticCity(ROADS, [...BUILDINGS, TOWER]);
  const remove: ScenarioEdit[] = [{ op: 'remove-building', id: base.buildings.id[1] ?? '' }];

  it('the draft with edits first, then the shown scenario’s edits, else the district', () => {
    expect(noiseSubject(base, { city: draft, edits: 1 }, { name: 's', edits: remove })).toEqual({ kind: 'draft', city: draft, edits: 1 });
    const s = noiseSubject(base, { city: base, edits: 0 }, { name: 'fewer', edits: remove });
    expect(s.kind).toBe('scenario');
    expect(s.city.buildings.count).toBe(base.buildings.count - 1);
    expect(s.city.buildings.id).not.toContain(base.buildings.id[1]);
    expect(noiseSubject(base, { city: base, edits: 0 }, { name: 'baseline', edits: [] })).toEqual({ kind: 'district', city: base });
    expect(noiseSubject(base, null, null)).toEqual({ kind: 'district', city: base });
  });

  it('the same scenario gives the same city on every call (the panel tells a stale result by identity)', () => {
    const once = noiseSubject(base, null, { name: 'fewer', edits: remove });
    const again = noiseSubject(base, { city: base, edits: 0 }, { name: 'fewer', edits: remove });
    expect(again.city).toBe(once.city);
    expect(noiseSubject(base, null, { name: 'fewer', edits: [...remove] }).city).not.toBe(once.city);
  });
});
