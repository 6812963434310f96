/**
 * Ray-cast receiver sun-hours against the independent raster kernel (same answer on ground cells) and
 * against the sun's azimuth for facade receivers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { receiverSunHours } from '../../../src/sim/shading/receiver-sun-hours';
import type { CrownObstacles, GroundGrid, PrismObstacles } from '../../../src/sim/shading/shadow-raster';
import { sunHours } from '../../../src/sim/shading/sun-hours';
import { createSunPositionArrays, sunPositions } from '../../../src/sim/solar/sun-positions';

const SITE = { latDeg: 46.2, lonDeg: 6.15 };

function boxes(list: { x: number; y: number; w: number; d: number; base: number; h: number }[]): PrismObstacles {
  const n = list.length;
  return {
    count: n,
    ringStart: Uint32Array.from({ length: n + 1 }, (_, i) => i),
    ringOffset: Uint32Array.from({ length: n + 1 }, (_, i) => 4 * i),
    xy: Float64Array.from(list.flatMap((b) => [b.x, b.y, b.x + b.w, b.y, b.x + b.w, b.y + b.d, b.x, b.y + b.d])),
    baseHeightM: Float64Array.from(list.map((b) => b.base)),
    heightM: Float64Array.from(list.map((b) => b.h)),
  };
}

describe('receiver sun-hours (ray casting)', () => {
  it('agrees with the raster kernel on ground cells, with buildings and crowns', () => {
    const extent = 50;
    const grid: GroundGrid = { x0: 0.13, y0: -0.21, cellSizeM: 1, nx: extent, ny: extent };
    const boxArb = fc.record({
      x: fc.double({ min: 0, max: extent - 10, noNaN: true }),
      y: fc.double({ min: 0, max: extent - 10, noNaN: true }),
      w: fc.double({ min: 1, max: 10, noNaN: true }),
      d: fc.double({ min: 1, max: 10, noNaN: true }),
      base: fc.double({ min: 0, max: 2, noNaN: true }),
      h: fc.double({ min: 2, max: 20, noNaN: true }),
    });
    const treeArb = fc.tuple(fc.double({ min: 0, max: extent, noNaN: true }), fc.double({ min: 0, max: extent, noNaN: true }), fc.double({ min: 4, max: 12, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }));
    const receivers = {
      count: extent * extent,
      xyz: Float64Array.from({ length: 3 * extent * extent }, (_, k) => {
        const c = Math.floor(k / 3);
        const axis = k % 3;
        return axis === 0 ? grid.x0 + ((c % extent) + 0.5) : axis === 1 ? grid.y0 + (Math.floor(c / extent) + 0.5) : 0;
      }),
    };
    fc.assert(
      fc.property(fc.array(boxArb, { minLength: 1, maxLength: 6 }), fc.array(treeArb, { maxLength: 3 }), fc.integer({ min: 0, max: 364 }), (bs, ts, day) => {
        const start = Date.UTC(2026, 0, 1) / 1000 + day * 86400;
        const trees: CrownObstacles = {
          count: ts.length,
          xyz: Float64Array.from(ts.flatMap(([x, y]) => [x, y, 0])),
          heightM: Float64Array.from(ts.map(([, , h]) => h)),
          crownDiameterM: Float64Array.from(ts.map(([, , h]) => h / 2)),
          transmissivity: Float64Array.from(ts.map(([, , , tau]) => tau)),
        };
        const common = { site: SITE, buildings: boxes(bs), trees, startUnixS: start, endUnixS: start + 86400, stepS: 1800 };
        const raster = sunHours({ ...common, grid });
        const rays = receiverSunHours({ ...common, receivers, bucketSizeM: 7 });
        let worst = 0;
        for (let i = 0; i < receivers.count; i++) worst = Math.max(worst, Math.abs((raster.hours[i] as number) - (rays.hours[i] as number)));
        expect(worst).toBeLessThan(1e-4);
      }),
      { seed: 9, numRuns: 12 },
    );
  });

  it('lights a facade only while the sun is in front of it', () => {
    const building = boxes([{ x: 0, y: 0, w: 20, d: 10, base: 0, h: 15 }]);
    // Receivers at mid-height on the south (normal −y) and north (normal +y) walls.
    const receivers = { count: 2, xyz: Float64Array.from([10, 0, 7.5, 10, 10, 7.5]), normal: Float64Array.from([0, -1, 0, 0, 1, 0]) };
    const start = Date.UTC(2026, 5, 20, 22) / 1000;
    const stepS = 600;
    const res = receiverSunHours({ receivers, buildings: building, site: SITE, startUnixS: start, endUnixS: start + 86400, stepS });
    const n = 144;
    const times = Float64Array.from({ length: n }, (_, k) => start + (k + 0.5) * stepS);
    const sun = createSunPositionArrays(n);
    sunPositions(times, SITE, sun);
    let south = 0;
    let north = 0;
    for (let k = 0; k < n; k++) {
      if ((sun.elevationDeg[k] as number) <= 0) continue;
      const az = sun.azimuthDeg[k] as number;
      if (az > 90 && az < 270) south += stepS / 3600;
      else if (az < 90 || az > 270) north += stepS / 3600;
    }
    expect(res.hours[0]).toBeCloseTo(south, 5);
    expect(res.hours[1]).toBeCloseTo(north, 5);
    expect(north).toBeGreaterThan(0); // midsummer: morning and evening sun on the north wall
  });
});
