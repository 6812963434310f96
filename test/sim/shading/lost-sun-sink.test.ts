/**
 * The sun-hours loop accumulates only the sun that shadows remove (LostSunSink in shadow-raster.ts)
 * and subtracts it from the open-sky hours. Check it against the dense definition, Σ over sun-up
 * steps of stepH · sunlitFraction (a light grid per step), on seeded random boxes and crowns with
 * transmissivities, overlapping shadows included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CrownObstacles, GroundGrid, PrismObstacles } from '../../../src/sim/shading/shadow-raster';
import { sampleSunOverPeriod, sunHours, sunlitFraction } from '../../../src/sim/shading/sun-hours';

const SEED = 20261124;

function boxes(list: { x: number; y: number; w: number; d: number; h: number }[]): PrismObstacles {
  const n = list.length;
  const xy = new Float64Array(8 * n);
  list.forEach((b, i) => xy.set([b.x, b.y, b.x + b.w, b.y, b.x + b.w, b.y + b.d, b.x, b.y + b.d], 8 * i));
  return {
    count: n,
    ringStart: Uint32Array.from({ length: n + 1 }, (_, i) => i),
    ringOffset: Uint32Array.from({ length: n + 1 }, (_, i) => 4 * i),
    xy,
    baseHeightM: new Float64Array(n),
    heightM: Float64Array.from(list, (b) => b.h),
  };
}

describe('sun-hours lost-sun accumulation', () => {
  it('equals the dense sum of per-step light grids', () => {
    const grid: GroundGrid = { x0: 0.3, y0: -0.2, cellSizeM: 1, nx: 50, ny: 40 };
    const box = fc.record({ x: fc.double({ min: 0, max: 45, noNaN: true }), y: fc.double({ min: 0, max: 35, noNaN: true }), w: fc.double({ min: 1, max: 12, noNaN: true }), d: fc.double({ min: 1, max: 12, noNaN: true }), h: fc.double({ min: 1, max: 20, noNaN: true }) });
    const tree = fc.record({ x: fc.double({ min: 0, max: 50, noNaN: true }), y: fc.double({ min: 0, max: 40, noNaN: true }), h: fc.double({ min: 4, max: 14, noNaN: true }), crown: fc.double({ min: 2, max: 8, noNaN: true }), tau: fc.double({ min: 0, max: 1, noNaN: true }) });
    let worst = 0;
    fc.assert(
      fc.property(fc.array(box, { minLength: 1, maxLength: 6 }), fc.array(tree, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 364 }), (bs, ts, day) => {
        const buildings = boxes(bs);
        const trees: CrownObstacles = {
          count: ts.length,
          xyz: Float64Array.from(ts.flatMap((t) => [t.x, t.y, 0])),
          heightM: Float64Array.from(ts, (t) => t.h),
          crownDiameterM: Float64Array.from(ts, (t) => t.crown),
          transmissivity: Float64Array.from(ts, (t) => t.tau),
        };
        const input = { grid, buildings, trees, site: { latDeg: 47.99, lonDeg: 7.85 }, startUnixS: Date.UTC(2026, 0, 1) / 1000 + day * 86400, endUnixS: Date.UTC(2026, 0, 2) / 1000 + day * 86400, stepS: 1800 };
        const fast = sunHours(input).hours;
        const { stepCount, sun, dir, stepS } = sampleSunOverPeriod(input);
        const dense = new Float64Array(grid.nx * grid.ny);
        const light = new Float32Array(grid.nx * grid.ny);
        for (let k = 0; k < stepCount; k++) {
          if (!((sun.elevationDeg[k] as number) > 0)) continue;
          sunlitFraction(grid, dir.subarray(3 * k, 3 * k + 3), buildings, trees, light);
          for (let i = 0; i < light.length; i++) dense[i] = (dense[i] as number) + (light[i] as number) * (stepS / 3600);
        }
        for (let i = 0; i < dense.length; i++) worst = Math.max(worst, Math.abs((fast[i] as number) - (dense[i] as number)));
        expect(worst).toBeLessThan(1e-4);
      }),
      { seed: SEED, numRuns: 30 },
    );
  });
});
