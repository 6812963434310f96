/**
 * The GPU path's building shadow pieces (src/gpu/sun-hours-gpu-geometry.ts) cover exactly the
 * cells the CPU rasteriser shades: for the demo district's prisms (courtyard blocks with holes
 * included) and seeded sun directions, every cell centre is tested against every shifted piece with
 * the fragment shader's edge-function rule and compared with sunlitFraction.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '../../../src/twin/demo';
import { prismShadowPieces } from '../../../src/gpu/sun-hours-gpu-geometry';
import { sunlitFraction } from '../../../src/sim/shading/sun-hours';

const SEED = 20261124;

describe('GPU shadow pieces', () => {
  const city = generateDemoDistrict();
  const grid = { x0: -430.75, y0: -390.75, cellSizeM: 2, nx: 429, ny: 389 };
  const pieces = prismShadowPieces(city.buildings, grid.x0, grid.y0, 0);
  const edge = (ax: number, ay: number, bx: number, by: number, px: number, py: number) => (bx - ax) * (py - ay) - (by - ay) * (px - ax);

  it('cover exactly the cells sunlitFraction shades', () => {
    let shadedTotal = 0;
    fc.assert(
      fc.property(fc.double({ min: 3, max: 70, noNaN: true }), fc.double({ min: 0, max: 360, noNaN: true }), (elDeg, azDeg) => {
        const e = (elDeg * Math.PI) / 180;
        const a = (azDeg * Math.PI) / 180;
        const sun = [Math.cos(e) * Math.sin(a), Math.cos(e) * Math.cos(a), Math.sin(e)] as const;
        const cpu = sunlitFraction(grid, sun, city.buildings, undefined);
        const gpu = new Uint8Array(grid.nx * grid.ny);
        const dx = -sun[0] / sun[2];
        const dy = -sun[1] / sun[2];
        const q = new Float64Array(8);
        for (let p = 0; p < pieces.length; p += 12) {
          for (let k = 0; k < 4; k++) {
            q[2 * k] = (pieces[p + 3 * k] as number) + (pieces[p + 3 * k + 2] as number) * dx;
            q[2 * k + 1] = (pieces[p + 3 * k + 1] as number) + (pieces[p + 3 * k + 2] as number) * dy;
          }
          const area = edge(q[0]!, q[1]!, q[2]!, q[3]!, q[4]!, q[5]!) + edge(q[0]!, q[1]!, q[4]!, q[5]!, q[6]!, q[7]!);
          if (area === 0) continue;
          const s = Math.sign(area);
          const xs = [q[0]!, q[2]!, q[4]!, q[6]!];
          const ys = [q[1]!, q[3]!, q[5]!, q[7]!];
          const i0 = Math.max(0, Math.floor(Math.min(...xs) / grid.cellSizeM) - 1);
          const i1 = Math.min(grid.nx - 1, Math.ceil(Math.max(...xs) / grid.cellSizeM) + 1);
          const j0 = Math.max(0, Math.floor(Math.min(...ys) / grid.cellSizeM) - 1);
          const j1 = Math.min(grid.ny - 1, Math.ceil(Math.max(...ys) / grid.cellSizeM) + 1);
          for (let j = j0; j <= j1; j++) {
            const y = (j + 0.5) * grid.cellSizeM;
            for (let i = i0; i <= i1; i++) {
              const x = (i + 0.5) * grid.cellSizeM;
              let inside = true;
              for (let k = 0; k < 4 && inside; k++) {
                const n = (k + 1) % 4;
                if (s * edge(q[2 * k]!, q[2 * k + 1]!, q[2 * n]!, q[2 * n + 1]!, x, y) < 0) inside = false;
              }
              if (inside) gpu[j * grid.nx + i] = 1;
            }
          }
        }
        let mismatches = 0;
        for (let c = 0; c < gpu.length; c++) {
          if ((cpu[c] === 0) !== (gpu[c] === 1)) mismatches++;
          if (cpu[c] === 0) shadedTotal++;
        }
        expect(mismatches).toBe(0);
      }),
      { seed: SEED, numRuns: 8 },
    );
    expect(shadedTotal).toBeGreaterThan(100_000);
  });
});
