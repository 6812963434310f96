/**
 * Properties of the noise city chain (src/sim-workers/noise-job.ts) on synthetic districts:
 * monotone decrease away from an isolated road, +3.0 dB for doubled flows through the re-sum,
 * Lden from its periods (Directive 2002/49/EC Annex I), the distance-adaptive sources against the
 * kernel's uniform step, and an exposure table whose bands add up to the residents counted.
 */
import { describe, expect, it } from 'vitest';
import { createNoiseSession, runNoiseJob } from '../../src/sim-workers/noise-job';
import { roadSourceTree } from '../../src/sim-workers/noise-attenuations';
import { noiseRoads } from '../../src/sim-workers/noise-sources';
import { noiseGroundPolygons, noiseTerrain } from '../../src/sim-workers/noise-study-area';
import { syntheticCity } from './synthetic-city';

/** One 1 km road along y = 0, 1000 / 200 / 100 light vehicles per hour. */
const ROAD = { points: [[-500, 0], [500, 0]] as [number, number][], lightVehH: [1000, 200, 100] as [number, number, number] };
const BOUNDS = { minX: -100, minY: 0, maxX: 100, maxY: 300 };

describe('noise chain properties', () => {
  it('levels fall monotonically away from an isolated road (G = 0, no buildings)', () => {
    const city = syntheticCity([ROAD]);
    const r = runNoiseJob(city, { bounds: BOUNDS, gridCellM: 10, groundG: 0, facades: false, maxDistanceM: 600 });
    const { cols, rows } = r.grid;
    const col = Math.floor(cols / 2);
    let previous = Infinity;
    for (let row = 0; row < rows; row++) {
      const l = r.maps.lden[row * cols + col] ?? Number.NaN;
      expect(Number.isFinite(l)).toBe(true);
      expect(l).toBeLessThan(previous);
      previous = l;
    }
    // Next to a 1000 veh/h road at 50 km/h: Lden in the usual 60–75 dB range 5 m away.
    const near = r.maps.lden[col] ?? Number.NaN;
    expect(near).toBeGreaterThan(60);
    expect(near).toBeLessThan(80);
  });

  it('doubling every flow adds 3.0 dB at every receiver through the re-sum; Lden follows Annex I', () => {
    const city = syntheticCity([ROAD], [{ minX: -20, minY: 30, maxX: 20, maxY: 45, heightM: 12, residents: 30 }]);
    const s = createNoiseSession(city, { bounds: BOUNDS, gridCellM: 20, maxDistanceM: 400 });
    const doubled = s.whatIf([{ flowFactor: 2 }]);
    let worst = 0;
    let checked = 0;
    s.result.maps.lden.forEach((l, k) => {
      if (!Number.isFinite(l)) return;
      worst = Math.max(worst, Math.abs((doubled.maps.lden[k] ?? Number.NaN) - l - 10 * Math.log10(2)));
      checked++;
    });
    expect(checked).toBeGreaterThan(100);
    expect(worst).toBeLessThan(1e-4);
    const k = s.result.maps.lden.findIndex((l) => Number.isFinite(l));
    const d = s.result.maps.lday[k] ?? 0;
    const e = s.result.maps.levening[k] ?? 0;
    const n = s.result.maps.lnight[k] ?? 0;
    const expected = 10 * Math.log10((12 * 10 ** (d / 10) + 4 * 10 ** ((e + 5) / 10) + 8 * 10 ** ((n + 10) / 10)) / 24);
    expect(Math.abs((s.result.maps.lden[k] ?? 0) - expected)).toBeLessThan(1e-3);
    // Inside the building: no grid value.
    const inside = Math.floor((37 - BOUNDS.minY) / 20) * s.result.grid.cols + Math.floor((0 - BOUNDS.minX) / 20);
    expect(Number.isNaN(s.result.maps.lden[inside] ?? 0)).toBe(true);
  });

  it('adaptive sources stay within 0.3 dB of the uniform 10 m step and keep the road length', () => {
    const city = syntheticCity([ROAD, { points: [[-300, 150], [0, 160], [300, 150]], lightVehH: [500, 100, 50] }]);
    const tree = roadSourceTree(noiseRoads(city), 10, 80);
    const topLength = Array.from(tree.top).reduce((a, t) => a + (tree.lengthM[t] ?? 0), 0);
    const leafLength = tree.child.reduce((a, c, i) => a + (c < 0 ? (tree.lengthM[i] ?? 0) : 0), 0);
    expect(Math.abs(topLength - leafLength)).toBeLessThan(1e-6);
    const job = { bounds: BOUNDS, gridCellM: 25, groundG: 0.5, facades: false, maxDistanceM: 400 };
    const adaptive = runNoiseJob(city, job);
    const uniform = runNoiseJob(city, { ...job, coarsestSourceStepM: 10 });
    expect(adaptive.stats.pairs).toBeLessThan(uniform.stats.pairs / 2);
    let worst = 0;
    uniform.maps.lden.forEach((l, k) => (worst = Math.max(worst, Math.abs((adaptive.maps.lden[k] ?? Number.NaN) - l))));
    expect(worst).toBeLessThan(0.3);
  });

  it('facade receivers sit 2 m in front of every facade; the exposure bands add up to the residents', () => {
    const buildings = [
      { minX: -60, minY: 20, maxX: -30, maxY: 40, heightM: 9, residents: 24 },
      { minX: -30, minY: 20, maxX: 0, maxY: 40, heightM: 9, residents: 18.5 },
      { minX: 40, minY: 100, maxX: 60, maxY: 110, heightM: 6, residents: 0 },
    ];
    const city = syntheticCity([ROAD], buildings);
    const r = runNoiseJob(city, { bounds: BOUNDS, gridCellM: 20, maxDistanceM: 400 });
    // Buildings without residents get no facade receivers; the shared wall x = −30 gets none.
    for (let j = 0; j < r.facades.count; j++) {
      expect(r.facades.building[j]).not.toBe(2);
      expect(Math.abs((r.facades.x[j] ?? 0) + 30) > 1.9 || (r.facades.y[j] ?? 0) < 20 || (r.facades.y[j] ?? 0) > 40).toBe(true);
    }
    const e = r.exposure;
    const sumLden = e.bands.reduce((a, b) => a + b.ldenResidents, 0);
    const sumLnight = e.bands.reduce((a, b) => a + b.lnightResidents, 0);
    expect(e.totalResidents).toBeCloseTo(42.5, 4);
    expect(sumLden).toBeCloseTo(e.assessedResidents, 6);
    expect(sumLnight).toBeCloseTo(e.assessedResidents, 6);
    expect(e.assessedResidents + e.unassessedResidents).toBeCloseTo(e.totalResidents, 6);
    // The facade facing the road (y = 18) is the most exposed one of each building.
    for (const i of [0, 1]) {
      let best = -Infinity;
      let bestY = Number.NaN;
      for (let j = 0; j < r.facades.count; j++) {
        if (r.facades.building[j] !== i) continue;
        if ((r.facades.lden[j] ?? -Infinity) > best) {
          best = r.facades.lden[j] ?? -Infinity;
          bestY = r.facades.y[j] ?? Number.NaN;
        }
      }
      expect(bestY).toBeCloseTo(18, 6);
      expect(r.buildingLden[i]).toBeCloseTo(best, 4);
    }
  });

  it('a porous ground polygon lowers the levels behind it; terrain and polygons reach the path finder', () => {
    const hard = syntheticCity([ROAD]);
    const soft = syntheticCity([ROAD]);
    // G = 1 meadow from y = 20 to 300 m.
    soft.ground = { count: 1, id: ['meadow'], ringStart: Uint32Array.from([0, 1]), ringOffset: Uint32Array.from([0, 4]), xy: Float64Array.from([-400, 20, 400, 20, 400, 300, -400, 300]), groundFactorG: Float32Array.from([1]), cover: ['grass'] };
    expect(noiseGroundPolygons(hard)).toBeUndefined();
    expect(noiseGroundPolygons(soft)?.count).toBe(1);
    const job = { bounds: BOUNDS, gridCellM: 20, facades: false, maxDistanceM: 500 };
    const a = runNoiseJob(hard, job);
    const b = runNoiseJob(soft, job);
    expect(a.stats.groundG).toBe(0);
    const cols = a.grid.cols;
    for (let row = 3; row < a.grid.rows; row++) {
      const k = row * cols + Math.floor(cols / 2);
      expect(b.maps.lden[k] ?? Infinity).toBeLessThan((a.maps.lden[k] ?? 0) - 0.5);
    }
    // A TIN is sampled to a grid covering the study area and the range margin.
    const tin = syntheticCity([ROAD]);
    tin.terrain = { kind: 'tin', positions: Float64Array.from([-1000, -1000, 5, 1000, -1000, 5, 1000, 1000, 25, -1000, 1000, 25]), triangles: Uint32Array.from([0, 1, 2, 0, 2, 3]) };
    const t = noiseTerrain(tin, BOUNDS, 100, 10);
    expect(t?.x0).toBe(-200);
    expect(t?.z.every((z) => Number.isFinite(z))).toBe(true);
    expect(t?.z[0]).toBeCloseTo(15 + (-100 / 1000) * 10, 4);
  });
});
