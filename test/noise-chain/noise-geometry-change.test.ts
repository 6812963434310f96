/**
 * Incremental propagation after a geometry change (src/sim-workers/noise-geometry-change.ts):
 * on a synthetic district, for a new building, a removed one, a raised one and a noise barrier,
 * with reflections off and on (and lateral paths for one case), the updated session gives per
 * receiver the Lden of a full computation of the edited city (1e-9 dB), recomputing only part of
 * the pairs; a change far from every receiver and source recomputes none.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createNoiseSession, type NoiseJob, type NoiseJobResult } from '../../src/sim-workers/noise-job';
import { updateNoiseSession } from '../../src/sim-workers/noise-geometry-change';
import { syntheticCity, type SyntheticBuilding, type SyntheticRoad } from './synthetic-city';

const ROADS: SyntheticRoad[] = [
  { points: [[-160, 0], [160, 0]], lightVehH: [900, 250, 120] },
  { points: [[0, -160], [0, 160]], lightVehH: [500, 150, 60] },
  { points: [[-160, 90], [40, 90], [160, 130]], lightVehH: [300, 90, 30] },
];

/**
 * Blocks along the roads, some with residents (facade receivers). Corners off the 5 m lattice of
 * receivers and sources: a path through a corner exactly is found or not by the path finder's
 * building grid depending on its cell origin (which a new building can move), a tie no incremental
 * scheme can reproduce bit for bit.
 */
const BUILDINGS: SyntheticBuilding[] = [
  { minX: 15.3, minY: 12.2, maxX: 45.1, maxY: 30.4, heightM: 12, residents: 40 },
  { minX: -50.2, minY: 14.1, maxX: -15.3, maxY: 28.3, heightM: 9, residents: 25 },
  { minX: -60.4, minY: -45.2, maxX: -20.1, maxY: -15.3, heightM: 15, residents: 60 },
  { minX: 20.2, minY: -40.3, maxX: 50.3, maxY: -12.1, heightM: 18, residents: 0 },
  { minX: 60.1, minY: 40.2, maxX: 90.3, maxY: 70.4, heightM: 10, residents: 30 },
  { minX: -90.3, minY: 50.1, maxX: -60.2, maxY: 75.3, heightM: 21, residents: 45 },
];

const BOUNDS = { minX: -110, minY: -80, maxX: 110, maxY: 110 };
const JOB: NoiseJob = { bounds: BOUNDS, gridCellM: 10, maxDistanceM: 150, facadeSpacingM: 6 };

const EDITS: { name: string; buildings: SyntheticBuilding[] }[] = [
  { name: 'add a tower', buildings: [...BUILDINGS, { minX: 60.2, minY: -50.3, maxX: 80.1, maxY: -25.2, heightM: 40, residents: 80 }] },
  { name: 'remove a building', buildings: BUILDINGS.filter((_, i) => i !== 2) },
  { name: 'raise a building', buildings: BUILDINGS.map((b, i) => (i === 1 ? { ...b, heightM: 27 } : b)) },
  { name: 'add a terraced neighbour (shares a facade)', buildings: [...BUILDINGS, { minX: 45.1, minY: 14.3, maxX: 58.7, maxY: 30.4, heightM: 11, residents: 20 }] },
  { name: 'add a barrier', buildings: [...BUILDINGS, { minX: -100.1, minY: -8.2, maxX: -40.3, maxY: -7.9, heightM: 3, residents: 0 }] },
];

/** Worst |ΔLden| over grid cells and facade receivers; fails on a receiver present in one only. */
function worstLdenDifference(a: NoiseJobResult, b: NoiseJobResult): number {
  expect(a.maps.lden.length).toBe(b.maps.lden.length);
  expect(a.facades.count).toBe(b.facades.count);
  let worst = 0;
  a.maps.lden.forEach((l, k) => {
    const m = b.maps.lden[k] ?? Number.NaN;
    expect(Number.isNaN(l)).toBe(Number.isNaN(m));
    if (Number.isFinite(l) && Number.isFinite(m)) worst = Math.max(worst, Math.abs(l - m));
    else expect(l).toBe(m);
  });
  for (let j = 0; j < a.facades.count; j++) {
    expect(a.facades.x[j]).toBe(b.facades.x[j]);
    expect(a.facades.y[j]).toBe(b.facades.y[j]);
    worst = Math.max(worst, Math.abs((a.facades.lden[j] ?? Number.NaN) - (b.facades.lden[j] ?? Number.NaN)));
  }
  return worst;
}

describe('noise geometry change: incremental equals a full recompute', () => {
  const base = syntheticCity(ROADS, BUILDINGS);
  for (const variant of [
    { label: 'reflections off', job: JOB },
    { label: 'reflections 30 m', job: { ...JOB, reflectionRadiusM: 30 } },
  ]) {
    const before = createNoiseSession(base, variant.job);
    for (const edit of EDITS) {
      it(`${edit.name}, ${variant.label}`, () => {
        const city = syntheticCity(ROADS, edit.buildings);
        const full = createNoiseSession(city, variant.job);
        const { session, update } = updateNoiseSession(before, city);
        expect(update.fullRecomputeReason).toBeNull();
        expect(update.pairs).toBe(full.result.stats.pairs);
        expect(worstLdenDifference(session.result, full.result)).toBeLessThanOrEqual(1e-9);
        expect(session.result.exposure).toEqual(full.result.exposure);
        // Something changed, and not everything was recomputed.
        expect(update.pairsRecomputed).toBeGreaterThan(0);
        expect(update.pairsRecomputed).toBeLessThan(update.pairs);
        // The stored gains themselves are the full computation's.
        expect(session.store.pairSource).toEqual(full.store.pairSource);
        expect(session.store.gainH).toEqual(full.store.gainH);
        expect(session.store.gainF).toEqual(full.store.gainF);
      });
    }
  }

  it('with lateral paths: a new tower and a barrier', () => {
    const job: NoiseJob = { ...JOB, gridCellM: 20, lateralPaths: true };
    const before = createNoiseSession(base, job);
    for (const edit of [EDITS[0], EDITS[4]]) {
      if (edit === undefined) continue;
      const city = syntheticCity(ROADS, edit.buildings);
      const full = createNoiseSession(city, job);
      const { session, update } = updateNoiseSession(before, city);
      expect(update.fullRecomputeReason).toBeNull();
      expect(worstLdenDifference(session.result, full.result)).toBeLessThanOrEqual(1e-9);
      expect(session.store.gainH).toEqual(full.store.gainH);
      expect(update.pairsRecomputed).toBeLessThan(update.pairs);
    }
  });

  it('with the uniform source step (kernel computeAttenuations): a tower, reflections 30 m', () => {
    const job: NoiseJob = { ...JOB, gridCellM: 20, coarsestSourceStepM: 10, reflectionRadiusM: 30 };
    const before = createNoiseSession(base, job);
    const city = syntheticCity(ROADS, EDITS[0]?.buildings ?? []);
    const full = createNoiseSession(city, job);
    const { session, update } = updateNoiseSession(before, city);
    expect(update.fullRecomputeReason).toBeNull();
    expect(worstLdenDifference(session.result, full.result)).toBeLessThanOrEqual(1e-9);
    expect(session.store.gainF).toEqual(full.store.gainF);
    expect(update.pairsRecomputed).toBeLessThan(update.pairs);
  });

  it('honours cancellation', () => {
    const before = createNoiseSession(base, { ...JOB, gridCellM: 20 });
    const city = syntheticCity(ROADS, EDITS[0]?.buildings ?? []);
    expect(() => updateNoiseSession(before, city, undefined, { signal: { aborted: true } })).toThrow(/cancelled/);
  });

  it('removing a building frees grid cells and drops its facade receivers; adding one drops the cells it covers', () => {
    const before = createNoiseSession(base, JOB);
    const removed = updateNoiseSession(before, syntheticCity(ROADS, EDITS[1]?.buildings ?? [])).update;
    expect(removed.receiversNew).toBeGreaterThan(0); // cells inside the removed block
    expect(removed.receiversGone).toBeGreaterThan(0); // its facade receivers
    const added = updateNoiseSession(before, syntheticCity(ROADS, EDITS[0]?.buildings ?? [])).update;
    expect(added.receiversGone).toBeGreaterThan(0); // cells under the tower
    expect(added.receiversNew).toBeGreaterThan(0); // the tower's facade receivers
  });

  it('a change the study area and sources do not reach recomputes no pair (property)', () => {
    const job: NoiseJob = { ...JOB, gridCellM: 20, reflectionRadiusM: 30 };
    const before = createNoiseSession(base, job);
    // Beyond every receiver + range + reflection radius, and beyond every source + range.
    const far = 110 + 150 + 30 + 160 + 1;
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), fc.double({ min: 5, max: 40, noNaN: true }), fc.double({ min: 1, max: 60, noNaN: true }), (angle, size, height) => {
        const cx = (far + 100) * Math.cos(angle);
        const cy = (far + 100) * Math.sin(angle);
        const city = syntheticCity(ROADS, [...BUILDINGS, { minX: cx, minY: cy, maxX: cx + size, maxY: cy + size, heightM: height, residents: 10 }]);
        const { session, update } = updateNoiseSession(before, city);
        expect(update.fullRecomputeReason).toBeNull();
        expect(update.buildingsAdded).toBe(1);
        expect(update.pairsRecomputed).toBe(0);
        expect(update.receiversGone).toBe(0);
        // Its own facade receivers are new but beyond the range of every source (no pairs); no
        // other receiver changes.
        expect(session.result.maps.lden).toEqual(before.result.maps.lden);
      }),
      { numRuns: 6 },
    );
  });

  it('falls back to a full computation, saying why, when the grid follows the buildings', () => {
    const job: NoiseJob = { gridCellM: 20, maxDistanceM: 100, facades: false };
    const before = createNoiseSession(base, job);
    const city = syntheticCity(ROADS, [...BUILDINGS, { minX: 200, minY: 200, maxX: 220, maxY: 220, heightM: 10, residents: 0 }]);
    const { session, update } = updateNoiseSession(before, city);
    expect(update.fullRecomputeReason).toMatch(/grid/);
    expect(worstLdenDifference(session.result, createNoiseSession(city, job).result)).toBe(0);
  });
});
