import { describe, expect, it } from 'vitest';
import { computeAttenuations } from '../../../src/sim/noise/noise-map';
import type { NoiseBuildings } from '../../../src/sim/noise/noise-scene';
import { PathFinder } from '../../../src/sim/noise/path-finder';

const ATMOSPHERE = { temperatureC: 15, humidityPercent: 70 };
const ALPHA = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];

/** Square footprints (x, y, side, height) as a columnar table, one ring each. */
function squares(list: readonly (readonly [number, number, number, number])[]): NoiseBuildings {
  const xy: number[] = [];
  for (const [x, y, s] of list) xy.push(x, y, x + s, y, x + s, y + s, x, y + s);
  return {
    count: list.length,
    ringStart: Uint32Array.from({ length: list.length + 1 }, (_, i) => i),
    ringOffset: Uint32Array.from({ length: list.length + 1 }, (_, i) => 4 * i),
    xy: Float64Array.from(xy),
    heightM: Float64Array.from(list.map((b) => b[3])),
  };
}

describe('enclosed sources and receivers', () => {
  it('a source or receiver under a building has no path (zero gain); one outside keeps its paths', () => {
    const buildings = squares([[0, 0, 20, 12], [40, 0, 20, 15]]);
    const finder = new PathFinder(buildings, { groundG: 0.5, facadeAlpha: ALPHA, reflectionRadiusM: 50, atmosphere: ATMOSPHERE });
    const h = new Float64Array(8);
    const f = new Float64Array(8);
    finder.gains(10, 10, 0.05, 100, 10, 4, h, f);
    expect([...h, ...f].every((g) => g === 0)).toBe(true);
    finder.gains(100, 10, 0.05, 50, 10, 4, h, f);
    expect([...h, ...f].every((g) => g === 0)).toBe(true);
    finder.gains(30, 10, 0.05, 100, 10, 4, h, f);
    expect([...h, ...f].every((g) => Number.isFinite(g) && g > 0)).toBe(true);
  });

  it('overlapping buildings across roads give finite gains at every pair (seeded districts)', () => {
    let seed = 9;
    const rnd = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (let district = 0; district < 3; district++) {
      const list: [number, number, number, number][] = [];
      for (let i = 0; i < 60; i++) list.push([20 + rnd() * 340, 20 + rnd() * 340, 8 + rnd() * 20, 6 + rnd() * 18]);
      const buildings = squares(list);
      // Point sources every 10 m along streets every 100 m: many fall under the random footprints.
      const xs: number[] = [];
      const ys: number[] = [];
      for (let k = 50; k < 400; k += 100) {
        for (let a = 0; a <= 400; a += 10) {
          xs.push(a, k);
          ys.push(k, a);
        }
      }
      const sources = { count: xs.length, x: Float64Array.from(xs), y: Float64Array.from(ys), z: new Float64Array(xs.length).fill(0.05), road: new Uint32Array(xs.length), lengthM: new Float64Array(xs.length).fill(10) };
      const receivers = { count: 9, x: Float64Array.from([60, 200, 340, 60, 200, 340, 60, 200, 340]), y: Float64Array.from([60, 60, 60, 200, 200, 200, 340, 340, 340]), z: new Float64Array(9).fill(4) };
      const store = computeAttenuations(sources, receivers, buildings, { groundG: 0.5, facadeAlpha: ALPHA, reflectionRadiusM: 50, atmosphere: ATMOSPHERE, maxDistanceM: 500 });
      let bad = 0;
      for (let k = 0; k < store.gainH.length; k++) if (!Number.isFinite(store.gainH[k] ?? Number.NaN) || !Number.isFinite(store.gainF[k] ?? Number.NaN)) bad++;
      expect(bad, `district ${district}: non-finite gains`).toBe(0);
      expect(store.pairSource.length).toBeGreaterThan(1000);
    }
  });
});
