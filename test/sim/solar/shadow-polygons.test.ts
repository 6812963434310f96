/**
 * Shadows of non-convex footprints with holes at one instant against an independent brute-force ray
 * test: the ray from a cell centre towards the sun is inside the prism's height range for
 * t ∈ [t_a, t_b]; the cell is shaded when that horizontal segment meets the footprint (an end inside
 * by the even-odd rule, or a crossing with any edge). Rings of either orientation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GroundGrid, PrismObstacles } from '../../../src/sim/shading/shadow-raster';
import { sunlitFraction } from '../../../src/sim/shading/sun-hours';

type Ring = [number, number][];

function insideEvenOdd(rings: Ring[], x: number, y: number): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as [number, number];
      const [xj, yj] = ring[j] as [number, number];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

function segmentsCross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): boolean {
  const d1 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  const d2 = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax);
  const d3 = (dx - cx) * (ay - cy) - (dy - cy) * (ax - cx);
  const d4 = (dx - cx) * (by - cy) - (dy - cy) * (bx - cx);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

/** Star-shaped (generally non-convex) ring around (cx, cy), counter-clockwise. */
function starRing(cx: number, cy: number, radii: number[], phase: number, scale: number): Ring {
  return radii.map((r, k) => {
    const a = phase + (2 * Math.PI * k) / radii.length;
    return [cx + scale * r * Math.cos(a), cy + scale * r * Math.sin(a)];
  });
}

describe('prism shadow rasterisation', () => {
  it('matches a brute-force ray test for non-convex footprints with holes', () => {
    const grid: GroundGrid = { x0: -40.13, y0: -40.27, cellSizeM: 0.7, nx: 115, ny: 115 };
    let shadedTotal = 0;
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.4, max: 1, noNaN: true }), { minLength: 5, maxLength: 12 }),
        fc.boolean(),
        fc.boolean(),
        fc.double({ min: 0, max: 4, noNaN: true }),
        fc.double({ min: 2, max: 20, noNaN: true }),
        fc.double({ min: 15, max: 85, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        (radii, withHole, flipOrientation, base, height, elevDeg, azDeg) => {
          const outer = starRing(0.31, -0.17, radii, 0.1, 10);
          const rings: Ring[] = [outer];
          if (withHole) rings.push(starRing(0.31, -0.17, [1, 1, 1, 1, 1, 1], 0.3, 2.5).reverse());
          // Data with the opposite ring orientation (CW outer, CCW holes) must cast the same shadow.
          if (flipOrientation) rings.forEach((r) => r.reverse());
          const flat = rings.flat();
          const prism: PrismObstacles = {
            count: 1,
            ringStart: Uint32Array.from([0, rings.length]),
            ringOffset: Uint32Array.from(rings.length === 1 ? [0, outer.length] : [0, outer.length, flat.length]),
            xy: Float64Array.from(flat.flat()),
            baseHeightM: Float64Array.from([base]),
            heightM: Float64Array.from([height]),
          };
          const e = (elevDeg * Math.PI) / 180;
          const a = (azDeg * Math.PI) / 180;
          const sun = [Math.cos(e) * Math.sin(a), Math.cos(e) * Math.cos(a), Math.sin(e)];
          const light = sunlitFraction(grid, sun, prism, undefined);
          let mismatches = 0;
          for (let j = 0; j < grid.ny; j++) {
            for (let i = 0; i < grid.nx; i++) {
              const px = grid.x0 + (i + 0.5) * grid.cellSizeM;
              const py = grid.y0 + (j + 0.5) * grid.cellSizeM;
              const ta = base / (sun[2] as number);
              const tb = (base + height) / (sun[2] as number);
              const ax = px + ta * (sun[0] as number);
              const ay = py + ta * (sun[1] as number);
              const bx = px + tb * (sun[0] as number);
              const by = py + tb * (sun[1] as number);
              let hit = insideEvenOdd(rings, ax, ay) || insideEvenOdd(rings, bx, by);
              for (const ring of rings) {
                for (let k = 0; k < ring.length && !hit; k++) {
                  const [cx, cy] = ring[k] as [number, number];
                  const [dx, dy] = ring[(k + 1) % ring.length] as [number, number];
                  if (segmentsCross(ax, ay, bx, by, cx, cy, dx, dy)) hit = true;
                }
              }
              if (hit) shadedTotal++;
              if (hit !== ((light[j * grid.nx + i] as number) === 0)) mismatches++;
            }
          }
          expect(mismatches).toBe(0);
        },
      ),
      { seed: 77, numRuns: 30 },
    );
    expect(shadedTotal).toBeGreaterThan(10000);
  });
});
