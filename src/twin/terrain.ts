/**
 * Terrain height queries: on grids, linear on the two triangles of each cell split along the
 * diagonal (i, j)–(i+1, j+1) — the same surface the terrain mesh draws
 * (src/scene/geometry/terrain-mesh.ts), so features seated here sit exactly on the rendered
 * ground; on TINs, barycentric (linear) interpolation
 * on TIN triangles found through a Flatbush R-tree of triangle bounding boxes (built once per
 * TIN and cached). Coordinates and heights in the district's ENU metres.
 */
import Delaunator from 'delaunator';
import Flatbush from 'flatbush';
import type { Terrain, TerrainGrid, TerrainTin } from './city-model';

const indexCache = new WeakMap<TerrainTin, Flatbush>();

/** Ground height (m) at (x, y); NaN outside the terrain. */
export function terrainHeightAt(terrain: Terrain, x: number, y: number): number {
  return terrain.kind === 'grid' ? gridHeightAt(terrain, x, y) : tinHeightAt(terrain, x, y);
}

/** Number of cells: grid cells or TIN triangles. */
export function terrainCellCount(terrain: Terrain | null): number {
  if (terrain === null) return 0;
  return terrain.kind === 'grid' ? Math.max(0, terrain.nx - 1) * Math.max(0, terrain.ny - 1) : terrain.triangles.length / 3;
}

function gridHeightAt(g: TerrainGrid, x: number, y: number): number {
  const fx = (x - g.x0) / g.cellSizeM;
  const fy = (y - g.y0) / g.cellSizeM;
  if (!(fx >= 0 && fy >= 0 && fx <= g.nx - 1 && fy <= g.ny - 1)) return NaN;
  const i = Math.min(Math.floor(fx), g.nx - 2);
  const j = Math.min(Math.floor(fy), g.ny - 2);
  if (i < 0 || j < 0) return g.heightsM[0] ?? NaN;
  const u = fx - i;
  const v = fy - j;
  const h = g.heightsM;
  const h00 = h[j * g.nx + i] ?? NaN;
  const h10 = h[j * g.nx + i + 1] ?? NaN;
  const h01 = h[(j + 1) * g.nx + i] ?? NaN;
  const h11 = h[(j + 1) * g.nx + i + 1] ?? NaN;
  // Triangle (00, 10, 11) when u ≥ v, else (00, 11, 01).
  return u >= v ? h00 + u * (h10 - h00) + v * (h11 - h10) : h00 + v * (h01 - h00) + u * (h11 - h01);
}

function tinIndex(tin: TerrainTin): Flatbush {
  let index = indexCache.get(tin);
  if (index) return index;
  const n = tin.triangles.length / 3;
  index = new Flatbush(Math.max(1, n));
  const p = tin.positions;
  for (let t = 0; t < n; t++) {
    const a = 3 * (tin.triangles[3 * t] ?? 0);
    const b = 3 * (tin.triangles[3 * t + 1] ?? 0);
    const c = 3 * (tin.triangles[3 * t + 2] ?? 0);
    const ax = p[a] ?? 0, ay = p[a + 1] ?? 0, bx = p[b] ?? 0, by = p[b + 1] ?? 0, cx = p[c] ?? 0, cy = p[c + 1] ?? 0;
    index.add(Math.min(ax, bx, cx), Math.min(ay, by, cy), Math.max(ax, bx, cx), Math.max(ay, by, cy));
  }
  if (n === 0) index.add(NaN, NaN, NaN, NaN);
  index.finish();
  indexCache.set(tin, index);
  return index;
}

function tinHeightAt(tin: TerrainTin, x: number, y: number): number {
  const index = tinIndex(tin);
  const p = tin.positions;
  let result = NaN;
  index.search(x, y, x, y, (t) => {
    if (!Number.isNaN(result)) return false;
    const a = 3 * (tin.triangles[3 * t] ?? 0);
    const b = 3 * (tin.triangles[3 * t + 1] ?? 0);
    const c = 3 * (tin.triangles[3 * t + 2] ?? 0);
    const ax = p[a] ?? 0, ay = p[a + 1] ?? 0, bx = p[b] ?? 0, by = p[b + 1] ?? 0, cx = p[c] ?? 0, cy = p[c + 1] ?? 0;
    const det = (by - cy) * (ax - cx) + (cx - bx) * (ay - cy);
    if (det === 0) return false;
    const l1 = ((by - cy) * (x - cx) + (cx - bx) * (y - cy)) / det;
    const l2 = ((cy - ay) * (x - cx) + (ax - cx) * (y - cy)) / det;
    const l3 = 1 - l1 - l2;
    const eps = -1e-9;
    if (l1 < eps || l2 < eps || l3 < eps) return false;
    result = l1 * (p[a + 2] ?? 0) + l2 * (p[b + 2] ?? 0) + l3 * (p[c + 2] ?? 0);
    return true;
  });
  return result;
}

/** A TIN from scattered points (interleaved x, y, z) by Delaunay triangulation (delaunator), CCW triangles. */
export function triangulatePoints(positions: Float64Array): TerrainTin {
  const n = positions.length / 3;
  const xy = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    xy[2 * i] = positions[3 * i] ?? 0;
    xy[2 * i + 1] = positions[3 * i + 1] ?? 0;
  }
  const d = new Delaunator(xy);
  const triangles = Uint32Array.from(d.triangles);
  orientCounterClockwise(positions, triangles);
  return { kind: 'tin', positions, triangles };
}

/** Makes every triangle counter-clockwise seen from above (+z). */
export function orientCounterClockwise(positions: ArrayLike<number>, triangles: Uint32Array): void {
  for (let t = 0; t < triangles.length; t += 3) {
    const a = 3 * (triangles[t] ?? 0);
    const b = 3 * (triangles[t + 1] ?? 0);
    const c = 3 * (triangles[t + 2] ?? 0);
    const cross =
      ((positions[b] ?? 0) - (positions[a] ?? 0)) * ((positions[c + 1] ?? 0) - (positions[a + 1] ?? 0)) -
      ((positions[b + 1] ?? 0) - (positions[a + 1] ?? 0)) * ((positions[c] ?? 0) - (positions[a] ?? 0));
    if (cross < 0) {
      const tmp = triangles[t + 1] ?? 0;
      triangles[t + 1] = triangles[t + 2] ?? 0;
      triangles[t + 2] = tmp;
    }
  }
}
