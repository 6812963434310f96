/**
 * Gently sloping terrain of the demo district: a 10 m height grid over the whole district.
 * Heights (m, relative to the origin's height) = a 0.3 % rise from the river in the south to the
 * railway embankment in the north, two long seeded undulations of about ±1.2 m, and a smooth
 * trough of 2 m along the river bed. Relief ≈ 5 m over 1.1 km, like a river-terrace quarter.
 */
import type { TerrainGrid } from '../city-model';
import { createRng } from './prng';
import { terrainHeightAt } from '../terrain';

export const TERRAIN_CELL_M = 10;
/** The grid covers [-TERRAIN_HALF_EXTENT_M, +TERRAIN_HALF_EXTENT_M] in x and y. */
export const TERRAIN_HALF_EXTENT_M = 550;

/** Centreline of the river (y, m) at x: a slow meander south of the ring road. */
export function riverCentreY(x: number): number {
  return -470 + 12 * Math.sin(x / 160);
}

export function generateTerrain(seed: number): TerrainGrid {
  const rng = createRng(seed, 'terrain');
  const phaseX = rng.range(0, 2 * Math.PI);
  const phaseY = rng.range(0, 2 * Math.PI);
  const n = (2 * TERRAIN_HALF_EXTENT_M) / TERRAIN_CELL_M + 1;
  const x0 = -TERRAIN_HALF_EXTENT_M;
  const y0 = -TERRAIN_HALF_EXTENT_M;
  const heightsM = new Float32Array(n * n);
  for (let j = 0; j < n; j++) {
    const y = y0 + j * TERRAIN_CELL_M;
    for (let i = 0; i < n; i++) {
      const x = x0 + i * TERRAIN_CELL_M;
      const slope = 0.003 * y;
      const undulation = 1.2 * Math.sin(x / 170 + phaseX) * Math.cos(y / 210 + phaseY);
      const dr = (y - riverCentreY(x)) / 28;
      const trough = -2 * Math.exp(-dr * dr);
      heightsM[j * n + i] = slope + undulation + trough;
    }
  }
  return { kind: 'grid', x0, y0, cellSizeM: TERRAIN_CELL_M, nx: n, ny: n, heightsM };
}

/**
 * Ground height (m) at (x, y) on a height grid, interpolated on the grid's two triangles per cell
 * (diagonal from (i, j) to (i+1, j+1)), i.e. exactly the surface the terrain mesh draws.
 * Points outside the grid are clamped to its edge.
 */
export function sampleGridHeight(grid: TerrainGrid, x: number, y: number): number {
  const maxX = grid.x0 + (grid.nx - 1) * grid.cellSizeM;
  const maxY = grid.y0 + (grid.ny - 1) * grid.cellSizeM;
  return terrainHeightAt(grid, Math.min(Math.max(x, grid.x0), maxX), Math.min(Math.max(y, grid.y0), maxY));
}
