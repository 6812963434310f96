/**
 * Property tests of the CPU sun-hours kernel (seeded fast-check):
 * - a flat open plane gets the sun-up hours, equal to SPA's day length to the time step;
 * - sun-hours never exceed SPA's sunrise-to-sunset day length (plus one step of sampling);
 * - removing an obstacle never lowers any cell;
 * - one box's shadow at one instant matches an independent ray–box (slab) test at every cell centre;
 * - progress is reported and cancel stops the run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../../src/sim/core/progress';
import type { CrownObstacles, GroundGrid, PrismObstacles } from '../../../src/sim/shading/shadow-raster';
import { sunHours, sunlitFraction } from '../../../src/sim/shading/sun-hours';
import { riseTransitSet } from '../../../src/sim/solar/rise-transit-set';

const SEED = 20261124;

interface Box {
  x: number;
  y: number;
  w: number;
  d: number;
  base: number;
  h: number;
}

function prisms(boxes: Box[]): PrismObstacles {
  const n = boxes.length;
  const ringStart = new Uint32Array(n + 1);
  const ringOffset = new Uint32Array(n + 1);
  const xy = new Float64Array(8 * n);
  const baseHeightM = new Float64Array(n);
  const heightM = new Float64Array(n);
  boxes.forEach((b, i) => {
    ringStart[i] = i;
    ringOffset[i] = 4 * i;
    xy.set([b.x, b.y, b.x + b.w, b.y, b.x + b.w, b.y + b.d, b.x, b.y + b.d], 8 * i);
    baseHeightM[i] = b.base;
    heightM[i] = b.h;
  });
  ringStart[n] = n;
  ringOffset[n] = 4 * n;
  return { count: n, ringStart, ringOffset, xy, baseHeightM, heightM };
}

const boxArb = (extent: number) =>
  fc.record({
    x: fc.double({ min: 0, max: extent - 5, noNaN: true }),
    y: fc.double({ min: 0, max: extent - 5, noNaN: true }),
    w: fc.double({ min: 1, max: 15, noNaN: true }),
    d: fc.double({ min: 1, max: 15, noNaN: true }),
    base: fc.double({ min: 0, max: 3, noNaN: true }),
    h: fc.double({ min: 1, max: 25, noNaN: true }),
  });

const dayArb = fc.integer({ min: 0, max: 364 }).map((d) => Date.UTC(2026, 0, 1) / 1000 + d * 86400);

describe('sun-hours kernel', () => {
  it('gives an open plane the sun-up hours, equal to SPA day length to the time step', () => {
    fc.assert(
      fc.property(fc.double({ min: -60, max: 60, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true }), dayArb, (latDeg, lonDeg, dayStart) => {
        const grid: GroundGrid = { x0: 0, y0: 0, cellSizeM: 1, nx: 4, ny: 3 };
        const site = { latDeg, lonDeg };
        // Local solar day around transit, so that the whole daylight period lies inside it.
        const utcOffsetMin = Math.round(lonDeg / 15) * 60;
        const start = dayStart - utcOffsetMin * 60;
        const res = sunHours({ grid, site, startUnixS: start, endUnixS: start + 86400, stepS: 600 });
        for (const h of res.hours) expect(h).toBeCloseTo(res.openSkyHours, 4);
        const rts = riseTransitSet(start + 43200, site, {}, utcOffsetMin, { strictLocalDay: true });
        if (rts.kind !== 'normal') return;
        // SPA's rise/set is for the upper limb with 0.5667° refraction; the kernel counts the apparent
        // centre above the horizon. Same criterion: h0′ = −0.5667° (atmosRefract = 0.5667 − 0.26667).
        const centre = riseTransitSet(start + 43200, { ...site, atmosRefractDeg: 0.5667 - 0.26667 }, {}, utcOffsetMin, { strictLocalDay: true });
        const dayLengthH = (rts.sunsetUnixS - rts.sunriseUnixS) / 3600;
        const centreDayH = (centre.sunsetUnixS - centre.sunriseUnixS) / 3600;
        const stepH = 600 / 3600;
        expect(res.openSkyHours).toBeLessThanOrEqual(dayLengthH + stepH);
        expect(Math.abs(res.openSkyHours - centreDayH)).toBeLessThanOrEqual(stepH);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('never exceeds day length and never loses sun when an obstacle is removed', () => {
    const extent = 40;
    const grid: GroundGrid = { x0: 0, y0: 0, cellSizeM: 1, nx: extent, ny: extent };
    const treeArb = fc.record({
      x: fc.double({ min: 0, max: extent, noNaN: true }),
      y: fc.double({ min: 0, max: extent, noNaN: true }),
      h: fc.double({ min: 4, max: 15, noNaN: true }),
      crown: fc.double({ min: 2, max: 8, noNaN: true }),
      tau: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(boxArb(extent), { minLength: 1, maxLength: 5 }), fc.array(treeArb, { maxLength: 3 }), dayArb, fc.nat(), (boxes, trees, day, pick) => {
        const crowns: CrownObstacles = {
          count: trees.length,
          xyz: Float64Array.from(trees.flatMap((t) => [t.x, t.y, 0])),
          heightM: Float64Array.from(trees.map((t) => t.h)),
          crownDiameterM: Float64Array.from(trees.map((t) => t.crown)),
          transmissivity: Float64Array.from(trees.map((t) => t.tau)),
        };
        const site = { latDeg: 46.2, lonDeg: 6.15 };
        const run = (b: Box[], c: CrownObstacles) => sunHours({ grid, site, buildings: prisms(b), trees: c, startUnixS: day, endUnixS: day + 86400, stepS: 1800 });
        const all = run(boxes, crowns);
        const rts = riseTransitSet(day + 43200, site);
        const limit = (rts.sunsetUnixS - rts.sunriseUnixS) / 3600 + 1800 / 3600;
        for (const h of all.hours) expect(h).toBeLessThanOrEqual(limit);
        const k = pick % (boxes.length + trees.length);
        const fewer =
          k < boxes.length
            ? run(boxes.filter((_, i) => i !== k), crowns)
            : run(boxes, {
                ...crowns,
                count: 0,
                xyz: new Float64Array(0),
              });
        for (let i = 0; i < all.hours.length; i++) expect(fewer.hours[i] as number).toBeGreaterThanOrEqual((all.hours[i] as number) - 1e-5);
      }),
      { seed: SEED, numRuns: 25 },
    );
  });

  it("matches a ray–box slab test for one box's shadow at one instant", () => {
    const extent = 80;
    const grid: GroundGrid = { x0: -0.37, y0: 0.21, cellSizeM: 0.5, nx: 2 * extent, ny: 2 * extent };
    let shadedTotal = 0;
    fc.assert(
      fc.property(boxArb(extent / 2), fc.double({ min: 8, max: 80, noNaN: true }), fc.double({ min: 0, max: 360, noNaN: true }), (b, elevDeg, azDeg) => {
        const box = { ...b, x: b.x + 15, y: b.y + 15 };
        const e = (elevDeg * Math.PI) / 180;
        const a = (azDeg * Math.PI) / 180;
        const sun = [Math.cos(e) * Math.sin(a), Math.cos(e) * Math.cos(a), Math.sin(e)] as const;
        const light = sunlitFraction(grid, sun, prisms([box]), undefined);
        let mismatches = 0;
        let shaded = 0;
        for (let j = 0; j < grid.ny; j++) {
          for (let i = 0; i < grid.nx; i++) {
            const px = grid.x0 + (i + 0.5) * grid.cellSizeM;
            const py = grid.y0 + (j + 0.5) * grid.cellSizeM;
            // Slab test of the ray p + t·sun (t > 0) against the box.
            let t0 = 0;
            let t1 = Infinity;
            const slabs: [number, number, number, number][] = [
              [px, sun[0], box.x, box.x + box.w],
              [py, sun[1], box.y, box.y + box.d],
              [0, sun[2], box.base, box.base + box.h],
            ];
            for (const [o, dir, lo, hi] of slabs) {
              if (dir === 0) {
                if (o < lo || o > hi) t1 = -1;
                continue;
              }
              const ta = (lo - o) / dir;
              const tb = (hi - o) / dir;
              t0 = Math.max(t0, Math.min(ta, tb));
              t1 = Math.min(t1, Math.max(ta, tb));
            }
            const inShadow = t1 >= t0;
            if (inShadow) shaded++;
            if (inShadow !== ((light[j * grid.nx + i] as number) === 0)) mismatches++;
          }
        }
        expect(mismatches).toBe(0);
        shadedTotal += shaded;
      }),
      { seed: SEED, numRuns: 40 },
    );
    // The shadows must land on the grid in most runs, or the comparison would prove little.
    expect(shadedTotal).toBeGreaterThan(1000);
  });

  it('reports progress and honours cancel', () => {
    const grid: GroundGrid = { x0: 0, y0: 0, cellSizeM: 1, nx: 10, ny: 10 };
    const fractions: number[] = [];
    const input = { grid, site: { latDeg: 46.2, lonDeg: 6.15 }, startUnixS: Date.UTC(2026, 2, 21) / 1000, endUnixS: Date.UTC(2026, 2, 22) / 1000 };
    sunHours(input, { onProgress: (p) => fractions.push(p.fraction) });
    expect(fractions.length).toBe(144);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((f, i) => i === 0 || f > (fractions[i - 1] as number))).toBe(true);
    const signal = { aborted: false };
    expect(() =>
      sunHours(input, {
        signal,
        onProgress: (p) => {
          if (p.fraction > 0.5) signal.aborted = true;
        },
      }),
    ).toThrow(CancelledError);
  });

  it('rejects bad input with a message naming the field', () => {
    const input = { grid: { x0: 0, y0: 0, cellSizeM: 0, nx: 1, ny: 1 }, site: { latDeg: 0, lonDeg: 0 }, startUnixS: 0, endUnixS: 86400 };
    expect(() => sunHours(input)).toThrow(/cellSizeM/);
    expect(() => sunHours({ ...input, grid: { ...input.grid, cellSizeM: 1 }, endUnixS: -1 })).toThrow(/endUnixS/);
  });
});
