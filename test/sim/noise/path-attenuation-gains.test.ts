/**
 * The linear gain path equals the dB path (seeded fast-check, CNOSSOS-EU Annex II §2.5.5): on
 * random source–receiver pairs of a seeded district (direct cuts over buildings, lateral paths,
 * facade reflections), `PathFinder.gains` = 10^(−A/10) of `PathFinder.attenuation` within 1e-12
 * relative per band, H and F; and the adaptive chain's stored float32 gains
 * (`adaptivePairGains`, from `PathFinder.gains`) are those of the dB path rounded to
 * float32, within one float32 step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adaptivePairGains } from '../../../src/sim-workers/noise-attenuations';
import type { NoiseBuildings } from '../../../src/sim/noise/noise-scene';
import { PathFinder } from '../../../src/sim/noise/path-finder';

const ATMOSPHERE = { temperatureC: 15, humidityPercent: 70 };
const ALPHA = [0.05, 0.1, 0.1, 0.2, 0.2, 0.3, 0.3, 0.4];
const SIDE = 400;
/** Relative tolerance between the gain path and 10^(−A/10) of the dB path. */
const GAIN_REL = 1e-12;

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** 80 rectangular buildings (every third ring clockwise) of 5–25 m on a 400 m square. */
function district(rnd: () => number): NoiseBuildings {
  const xy: number[] = [];
  const heights: number[] = [];
  const n = 80;
  for (let i = 0; i < n; i++) {
    const x = 10 + rnd() * (SIDE - 40);
    const y = 10 + rnd() * (SIDE - 40);
    const w = 6 + rnd() * 20;
    const d = 6 + rnd() * 16;
    if (i % 3 === 2) xy.push(x, y, x, y + d, x + w, y + d, x + w, y);
    else xy.push(x, y, x + w, y, x + w, y + d, x, y + d);
    heights.push(5 + rnd() * 20);
  }
  return { count: n, ringStart: Uint32Array.from({ length: n + 1 }, (_, i) => i), ringOffset: Uint32Array.from({ length: n + 1 }, (_, i) => 4 * i), xy: Float64Array.from(xy), heightM: Float64Array.from(heights) };
}

/** A coordinate or height in [min, max], m, on a 1 cm lattice (fast-check's doubles crowd the bounds). */
const metres = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min: Math.round(min * 100), max: Math.round(max * 100) }).map((v) => v / 100);
const pairArb = fc.tuple(metres(0, SIDE), metres(0, SIDE), metres(0.05, 3), metres(0, SIDE), metres(0, SIDE), metres(1.5, 30));


describe('noise path attenuation: linear gains = 10^(−A/10) of the dB path', () => {
  const buildings = district(seeded(17));
  const finder = new PathFinder(buildings, { groundG: 0.6, facadeAlpha: ALPHA, reflectionRadiusM: 60, atmosphere: ATMOSPHERE, lateralPaths: true });
  const gh = new Float64Array(8);
  const gf = new Float64Array(8);
  const ah = new Float64Array(8);
  const af = new Float64Array(8);

  it(`PathFinder.gains within ${GAIN_REL} relative of 10^(−A/10), every band, H and F`, () => {
    let worst = 0;
    let pairs = 0;
    let zero = 0;
    fc.assert(
      fc.property(pairArb, ([sx, sy, sz, rx, ry, rz]) => {
        finder.gains(sx, sy, sz, rx, ry, rz, gh, gf);
        finder.attenuation(sx, sy, sz, rx, ry, rz, ah, af);
        pairs++;
        for (let b = 0; b < 8; b++) {
          for (const [g, a] of [[gh[b] ?? Number.NaN, ah[b] ?? Number.NaN], [gf[b] ?? Number.NaN, af[b] ?? Number.NaN]] as const) {
            const fromDb = 10 ** (-a / 10);
            if (g === 0) {
              // Enclosed source or receiver (or no path): A = +∞ and no energy either way.
              zero++;
              expect(fromDb).toBe(0);
              continue;
            }
            expect(Number.isFinite(g) && g > 0).toBe(true);
            const rel = Math.abs(g - fromDb) / g;
            worst = Math.max(worst, rel);
            expect(rel).toBeLessThanOrEqual(GAIN_REL);
          }
        }
      }),
      { seed: 2015, numRuns: 300 },
    );
    console.info(`gains vs 10^(−A/10): ${pairs} pairs, worst relative difference ${worst.toExponential(2)} (${zero} of ${pairs * 16} band gains zero: enclosed points)`);
    expect(pairs).toBe(300);
    // Most pairs are open air (enclosed ones have zero gains and test nothing).
    expect(zero).toBeLessThan(pairs * 16 * 0.4);
  });

  it('adaptivePairGains stores the dB path’s gains rounded to float32 (within one float32 step)', () => {
    const h = new Float64Array(8);
    const f = new Float64Array(8);
    const storedH = new Float32Array(16);
    const storedF = new Float32Array(16);
    let identical = 0;
    let values = 0;
    fc.assert(
      fc.property(pairArb, ([sx, sy, sz, rx, ry, rz]) => {
        adaptivePairGains(finder, sx, sy, sz, rx, ry, rz, h, f, storedH, storedF, 8);
        finder.attenuation(sx, sy, sz, rx, ry, rz, ah, af);
        for (let b = 0; b < 8; b++) {
          for (const [stored, a] of [[storedH[8 + b] ?? Number.NaN, ah[b] ?? Number.NaN], [storedF[8 + b] ?? Number.NaN, af[b] ?? Number.NaN]] as const) {
            const old = Math.fround(10 ** (-a / 10));
            values++;
            if (stored === old) identical++;
            // One float32 step (2^−23 relative) at most: both round the same double to ~1e-15.
            expect(Math.abs(stored - old)).toBeLessThanOrEqual(Math.abs(old) * 2 ** -23);
          }
        }
        // Nothing written outside the pair's 8 bands.
        for (let b = 0; b < 8; b++) expect(storedH[b] === 0 && storedF[b] === 0).toBe(true);
      }),
      { seed: 2021, numRuns: 200 },
    );
    console.info(`adaptivePairGains: ${identical}/${values} float32 gains bit-identical to the dB path's`);
    expect(values).toBe(200 * 16);
  });
});
