/**
 * Terrain mesh from the city model's terrain, grid or TIN: pure typed arrays (no three.js).
 * Frame: metres relative to the district origin, x east, y north, z up; triangles counter-clockwise
 * seen from above.
 * - Grid: one vertex per node, two triangles per cell split along the diagonal from (i, j) to
 *   (i+1, j+1) — the surface the demo generator seats features on (src/twin/demo/terrain.ts);
 *   normals from central differences. Cells touching a NaN height are left out (hole in the
 *   mesh); NaN nodes get z = 0.
 * - TIN: its vertices and triangles (re-oriented counter-clockwise where needed); normals are the
 *   area-weighted mean of the adjacent face normals.
 */
import type { Terrain, TerrainGrid, TerrainTin } from '../../twin/city-model';
import { writeQuad } from './quad';

export interface TerrainMesh {
  positions: Float32Array;
  normals: Float32Array;
  indices: Uint32Array;
}

export function buildTerrainMesh(terrain: Terrain): TerrainMesh {
  return terrain.kind === 'grid' ? gridMesh(terrain) : tinMesh(terrain);
}

function gridMesh(g: TerrainGrid): TerrainMesh {
  const { nx, ny, cellSizeM: c, heightsM: h } = g;
  if (nx < 2 || ny < 2 || h.length !== nx * ny) throw new Error(`buildTerrainMesh: grid of ${nx} × ${ny} nodes needs ${nx * ny} heights (≥ 2 × 2), got ${h.length}`);
  const positions = new Float32Array(nx * ny * 3);
  const normals = new Float32Array(nx * ny * 3);
  const at = (i: number, j: number): number => h[j * nx + i] ?? NaN;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const k = j * nx + i;
      const z = at(i, j);
      positions[3 * k] = g.x0 + i * c;
      positions[3 * k + 1] = g.y0 + j * c;
      positions[3 * k + 2] = Number.isFinite(z) ? z : 0;
      const il = i > 0 ? i - 1 : i;
      const ir = i < nx - 1 ? i + 1 : i;
      const jd = j > 0 ? j - 1 : j;
      const ju = j < ny - 1 ? j + 1 : j;
      let dzdx = (at(ir, j) - at(il, j)) / ((ir - il) * c);
      let dzdy = (at(i, ju) - at(i, jd)) / ((ju - jd) * c);
      if (!Number.isFinite(dzdx)) dzdx = 0;
      if (!Number.isFinite(dzdy)) dzdy = 0;
      const len = Math.hypot(dzdx, dzdy, 1);
      normals[3 * k] = -dzdx / len;
      normals[3 * k + 1] = -dzdy / len;
      normals[3 * k + 2] = 1 / len;
    }
  }
  let cells = 0;
  const valid = (k: number): boolean => Number.isFinite(h[k] ?? NaN);
  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      const a = j * nx + i;
      if (valid(a) && valid(a + 1) && valid(a + nx) && valid(a + nx + 1)) cells++;
    }
  }
  const indices = new Uint32Array(cells * 6);
  let o = 0;
  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      const a = j * nx + i;
      const b = a + 1;
      const d = a + nx + 1;
      const e = a + nx;
      if (!(valid(a) && valid(b) && valid(d) && valid(e))) continue;
      writeQuad(indices, o, a, b, d, e);
      o += 6;
    }
  }
  return { positions, normals, indices };
}

function tinMesh(t: TerrainTin): TerrainMesh {
  const nv = t.positions.length / 3;
  if (!Number.isInteger(nv) || t.triangles.length % 3 !== 0) throw new Error('buildTerrainMesh: TIN positions must be x, y, z triples and triangles index triples');
  const positions = Float32Array.from(t.positions);
  const indices = Uint32Array.from(t.triangles);
  const acc = new Float64Array(nv * 3);
  const p = t.positions;
  for (let k = 0; k < indices.length; k += 3) {
    const a = indices[k] ?? 0;
    let b = indices[k + 1] ?? 0;
    let c = indices[k + 2] ?? 0;
    if (a >= nv || b >= nv || c >= nv) throw new Error(`buildTerrainMesh: TIN triangle ${k / 3} refers to vertex ≥ ${nv}`);
    const ux = (p[3 * b] ?? 0) - (p[3 * a] ?? 0);
    const uy = (p[3 * b + 1] ?? 0) - (p[3 * a + 1] ?? 0);
    const uz = (p[3 * b + 2] ?? 0) - (p[3 * a + 2] ?? 0);
    const vx = (p[3 * c] ?? 0) - (p[3 * a] ?? 0);
    const vy = (p[3 * c + 1] ?? 0) - (p[3 * a + 1] ?? 0);
    const vz = (p[3 * c + 2] ?? 0) - (p[3 * a + 2] ?? 0);
    let nx = uy * vz - uz * vy;
    let ny = uz * vx - ux * vz;
    let nz = ux * vy - uy * vx;
    if (nz < 0) {
      // Clockwise seen from above: swap to keep the mesh counter-clockwise and the normal up.
      indices[k + 1] = c;
      indices[k + 2] = b;
      const tmp = b;
      b = c;
      c = tmp;
      nx = -nx;
      ny = -ny;
      nz = -nz;
    }
    addNormal(acc, a, nx, ny, nz);
    addNormal(acc, b, nx, ny, nz);
    addNormal(acc, c, nx, ny, nz);
  }
  const normals = new Float32Array(nv * 3);
  for (let v = 0; v < nv; v++) {
    const x = acc[3 * v] ?? 0;
    const y = acc[3 * v + 1] ?? 0;
    const z = acc[3 * v + 2] ?? 0;
    const len = Math.hypot(x, y, z);
    normals[3 * v] = len > 0 ? x / len : 0;
    normals[3 * v + 1] = len > 0 ? y / len : 0;
    normals[3 * v + 2] = len > 0 ? z / len : 1;
  }
  return { positions, normals, indices };
}

function addNormal(acc: Float64Array, v: number, nx: number, ny: number, nz: number): void {
  acc[3 * v] = (acc[3 * v] ?? 0) + nx;
  acc[3 * v + 1] = (acc[3 * v + 1] ?? 0) + ny;
  acc[3 * v + 2] = (acc[3 * v + 2] ?? 0) + nz;
}
