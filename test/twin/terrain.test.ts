import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TerrainGrid } from '../../src/twin/city-model';
import { terrainCellCount, terrainHeightAt, triangulatePoints } from '../../src/twin/terrain';

const plane = (x: number, y: number) => 3 + 0.02 * x - 0.05 * y;

describe('terrainHeightAt', () => {
  const grid: TerrainGrid = { kind: 'grid', x0: -50, y0: -40, cellSizeM: 10, nx: 11, ny: 9, heightsM: new Float32Array(99) };
  for (let j = 0; j < 9; j++) for (let i = 0; i < 11; i++) grid.heightsM[j * 11 + i] = plane(-50 + 10 * i, -40 + 10 * j);

  it('interpolates a plane exactly on a grid (linear per cell triangle, as the mesh) and is NaN outside', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: -40, max: 40, noNaN: true }), (x, y) => Math.abs(terrainHeightAt(grid, x, y) - plane(x, y)) < 1e-4),
      { seed: 1, numRuns: 500 },
    );
    expect(terrainHeightAt(grid, 51, 0)).toBeNaN();
    expect(terrainCellCount(grid)).toBe(80);
  });

  it('interpolates a plane exactly on a Delaunay TIN (barycentric) and is NaN outside the hull', () => {
    const pts: number[] = [];
    let s = 12345;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 300; k++) {
      const x = -100 + 200 * rnd();
      const y = -100 + 200 * rnd();
      pts.push(x, y, plane(x, y));
    }
    pts.push(-100, -100, plane(-100, -100), 100, -100, plane(100, -100), 100, 100, plane(100, 100), -100, 100, plane(-100, 100));
    const tin = triangulatePoints(new Float64Array(pts));
    fc.assert(
      fc.property(fc.double({ min: -99, max: 99, noNaN: true }), fc.double({ min: -99, max: 99, noNaN: true }), (x, y) => Math.abs(terrainHeightAt(tin, x, y) - plane(x, y)) < 1e-9),
      { seed: 2, numRuns: 500 },
    );
    expect(terrainHeightAt(tin, 150, 0)).toBeNaN();
  });
});
