/**
 * Incremental propagation after a geometry change (src/sim-workers/noise-geometry-change.ts, kernels
 * touched-pairs.ts and lateral-reach.ts) around a perimeter block with a courtyard (an inner ring):
 * grid receivers in the courtyard, facade receivers on its walls, roads outside. A shed built in
 * the courtyard, the block raised, and the courtyard made smaller: the updated session stores the
 * gains of a full computation of the edited city bit for bit, recomputing only part of the pairs.
 * The courtyard is long (120 m) and its outer walls far (40 m wings) against the reflection radius
 * (25 m): the reflection points on the courtyard walls reach beyond ρ (ρ_R counts courtyard walls).
 */
import { describe, expect, it } from 'vitest';
import { createNoiseSession, type NoiseJob } from '../../../src/sim-workers/noise-job';
import { updateNoiseSession } from '../../../src/sim-workers/noise-geometry-change';
import type { CityModel } from '../../../src/twin/city-model';
import { syntheticCity, type SyntheticBuilding, type SyntheticRoad } from '../../noise-chain/synthetic-city';

const ROADS: SyntheticRoad[] = [
  { points: [[-60, -10.1], [320, -10.1]], lightVehH: [900, 250, 120] },
  { points: [[-15.2, -40], [-15.2, 160]], lightVehH: [500, 150, 60] },
];

/**
 * The block 0.3…200.2 × 0.1…120.4 m (index 0), wings 40 m deep, and two neighbours; corners off the
 * receiver lattice.
 */
const BLOCK: SyntheticBuilding = { minX: 0.3, minY: 0.1, maxX: 200.2, maxY: 120.4, heightM: 16, residents: 120 };
const BUILDINGS: SyntheticBuilding[] = [BLOCK, { minX: -60.2, minY: 20.3, maxX: -30.1, maxY: 45.2, heightM: 9, residents: 20 }, { minX: 230.3, minY: 30.2, maxX: 260.1, maxY: 60.3, heightM: 12, residents: 0 }];
/** The courtyard 40.2…160.1 × 40.3…80.2 m, clockwise. */
const COURTYARD: [number, number][] = [[40.2, 40.3], [40.2, 80.2], [160.1, 80.2], [160.1, 40.3]];

/** `syntheticCity` with `hole` as an inner ring of building 0. */
function withCourtyard(buildings: readonly SyntheticBuilding[], hole: readonly [number, number][]): CityModel {
  const city = syntheticCity(ROADS, buildings);
  const b = city.buildings;
  const xy = [...b.xy.subarray(0, 8), ...hole.flat(), ...b.xy.subarray(8)];
  const ringOffset = [0, 4, 4 + hole.length, ...Array.from(b.ringOffset.subarray(2), (o) => o + hole.length)];
  const ringStart = [0, ...Array.from(b.ringStart.subarray(1), (r) => r + 1)];
  return { ...city, buildings: { ...b, xy: Float64Array.from(xy), ringOffset: Uint32Array.from(ringOffset), ringStart: Uint32Array.from(ringStart) } };
}

/**
 * A shed against the north courtyard wall, more than ρ from the courtyard's middle: a road point
 * south-east of the block reflects there (P ≈ 31 m from R) toward a receiver in the middle, the leg
 * P → R passing the shed.
 */
const SHED: SyntheticBuilding = { minX: 121.1, minY: 76.1, maxX: 126.2, maxY: 79.9, heightM: 6, residents: 0 };
const JOB: NoiseJob = { bounds: { minX: -70, minY: -30, maxX: 270, maxY: 140 }, gridCellM: 10, maxDistanceM: 150, facadeSpacingM: 8, reflectionRadiusM: 25 };

describe('noise geometry change around a courtyard: incremental equals a full recompute', () => {
  const base = withCourtyard(BUILDINGS, COURTYARD);
  const before = createNoiseSession(base, JOB);
  const edits: [string, CityModel][] = [
    ['a shed in the courtyard', withCourtyard([...BUILDINGS, SHED], COURTYARD)],
    ['the block raised', withCourtyard(BUILDINGS.map((b, i) => (i === 0 ? { ...b, heightM: 24 } : b)), COURTYARD)],
    ['the courtyard made smaller', withCourtyard(BUILDINGS, [[50.2, 40.3], [50.2, 80.2], [160.1, 80.2], [160.1, 40.3]])],
  ];

  it('the courtyard has grid receivers and facade receivers', () => {
    const r = before.result;
    // Every grid cell centred in the courtyard has a level (NaN marks a cell under a building).
    const { originX, originY, cellM, cols, rows } = r.grid;
    let cells = 0;
    for (let row = 0; row < rows; row++) {
      for (let col = 0; col < cols; col++) {
        const x = originX + (col + 0.5) * cellM;
        const y = originY + (row + 0.5) * cellM;
        if (x <= 40.2 || x >= 160.1 || y <= 40.3 || y >= 80.2) continue;
        cells++;
        expect(Number.isFinite(r.maps.lden[row * cols + col] ?? Number.NaN), `cell (${x}, ${y})`).toBe(true);
      }
    }
    expect(cells).toBeGreaterThanOrEqual(40); // 12 × 4 cells of 10 m
    let facades = 0;
    for (let k = 0; k < r.facades.count; k++) if ((r.facades.x[k] ?? 0) > 41 && (r.facades.x[k] ?? 0) < 159 && (r.facades.y[k] ?? 0) > 41 && (r.facades.y[k] ?? 0) < 79) facades++;
    expect(facades).toBeGreaterThanOrEqual(36); // 2 × (120 + 40) m / 8 m, less the corners
  });

  for (const [name, city] of edits) {
    it(`${name}: stored gains bit-identical to a full recompute`, () => {
      const full = createNoiseSession(city, JOB);
      const { session, update } = updateNoiseSession(before, city);
      expect(update.fullRecomputeReason).toBeNull();
      expect(update.pairs).toBe(full.result.stats.pairs);
      expect(update.pairsRecomputed).toBeGreaterThan(0);
      expect(update.pairsRecomputed).toBeLessThan(update.pairs);
      expect(session.store.pairSource).toEqual(full.store.pairSource);
      expect(session.store.gainH).toEqual(full.store.gainH);
      expect(session.store.gainF).toEqual(full.store.gainF);
      expect(session.result.maps.lden).toEqual(full.result.maps.lden);
      expect(session.result.facades.lden).toEqual(full.result.facades.lden);
    });
  }

  it('with lateral paths: a shed in the courtyard', () => {
    const job: NoiseJob = { ...JOB, gridCellM: 20, lateralPaths: true };
    const start = createNoiseSession(base, job);
    const city = edits[0]?.[1] ?? base;
    const full = createNoiseSession(city, job);
    const { session, update } = updateNoiseSession(start, city);
    expect(update.fullRecomputeReason).toBeNull();
    expect(session.store.gainH).toEqual(full.store.gainH);
    expect(session.store.gainF).toEqual(full.store.gainF);
    expect(update.pairsRecomputed).toBeLessThan(update.pairs);
  });
});
