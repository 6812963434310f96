/**
 * LoD1 building meshes as merged, spatially chunked typed arrays: pure functions with no three.js
 * import, so they run in Node tests, benchmarks and workers; the scene wraps each chunk in one
 * THREE.BufferGeometry (one draw call, one frustum-culling box).
 *
 * Frame: positions in metres relative to the district origin, x east, y north, z up (the city
 * model's ENU frame); the scene rotates to three.js's y-up. Triangles are counter-clockwise seen
 * from outside (the side the normal points to).
 *
 * Per building i with E non-degenerate ring edges (outer ring and holes), V ring vertices and H holes:
 * - walls: one flat-shaded quad per edge, 4 vertices and 2 triangles, normal horizontal and
 *   outward (on hole rings it faces the courtyard), from baseHeightM to baseHeightM + heightM;
 * - roof: the V ring vertices at the roof height, triangulated with earcut (holes respected):
 *   V + 2H − 2 triangles for a simple polygon, normal +z (earcut may drop a degenerate triangle
 *   where a hole bridge lines up with collinear vertices; the roof area stays exact).
 * So 4E + V vertices and 2E + V + 2H − 2 triangles per building (the roof part at most that).
 *
 * Chunks: buildings are ordered along a Hilbert curve over their bounding-box centres (order 16)
 * and cut into consecutive runs of at most `maxVerticesPerChunk` vertices (a single building
 * larger than that gets a chunk of its own). A run of the Hilbert curve is a compact tile, so each
 * chunk's bounds are tight for culling; 100 000 typical buildings (≈ 30 vertices each) make ≈ 50
 * chunks with the default limit.
 * Missing values: NaN baseHeightM → 0; NaN or negative heightM → 0 (a flat roof at the base).
 */
import earcut from 'earcut';
import type { BuildingTable } from '../../twin/city-model';
import { writeQuad } from './quad';

export interface MeshBounds {
  minX: number;
  minY: number;
  minZ: number;
  maxX: number;
  maxY: number;
  maxZ: number;
}

export interface BuildingMeshChunk {
  /** x, y, z per vertex, m (ENU, z up). */
  positions: Float32Array;
  /** Unit normal per vertex. */
  normals: Float32Array;
  /** Per vertex: index of its building in the table (exact as a float up to 2^24). */
  buildingIndex: Float32Array;
  /** Three vertex indices per triangle. */
  indices: Uint32Array;
  bounds: MeshBounds;
}

export interface BuildingMeshOptions {
  /** Upper bound on the vertices of one chunk (default 65 536). */
  maxVerticesPerChunk?: number;
}

export const DEFAULT_MAX_VERTICES_PER_CHUNK = 65_536;
/** Edges shorter than this (m) are skipped: no zero-width wall quads. */
const MIN_EDGE_M = 1e-6;
const HILBERT_ORDER = 16;

/** Position of (x, y) (integers in [0, 2^order)) along the Hilbert curve of that order. */
export function hilbertIndex(xIn: number, yIn: number, order: number = HILBERT_ORDER): number {
  let x = xIn;
  let y = yIn;
  let d = 0;
  for (let s = 1 << (order - 1); s > 0; s >>= 1) {
    const rx = (x & s) !== 0 ? 1 : 0;
    const ry = (y & s) !== 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        x = s - 1 - x;
        y = s - 1 - y;
      }
      const t = x;
      x = y;
      y = t;
    }
  }
  return d;
}

/** Twice the signed area of ring vertices [a, b) of `xy` (> 0 counter-clockwise). */
function ringArea2(xy: Float64Array, a: number, b: number): number {
  let sum = 0;
  for (let k = a, j = b - 1; k < b; j = k++) {
    sum += (xy[2 * j] ?? 0) * (xy[2 * k + 1] ?? 0) - (xy[2 * k] ?? 0) * (xy[2 * j + 1] ?? 0);
  }
  return sum;
}

/** Per-building triangulation and counts from the first pass. */
interface Prepared {
  wallEdges: Uint32Array;
  roofTriStart: Uint32Array;
  roofTris: Uint32Array;
  order: Uint32Array;
}

function prepare(b: BuildingTable): Prepared {
  const n = b.count;
  const { ringStart, ringOffset, xy } = b;
  const wallEdges = new Uint32Array(n);
  const roofTriStart = new Uint32Array(n + 1);
  let roofTris = new Uint32Array(Math.max(16, (xy.length / 2) * 3));
  let roofLen = 0;
  const cx = new Float64Array(n);
  const cy = new Float64Array(n);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const holes: number[] = [];
  for (let i = 0; i < n; i++) {
    const r0 = ringStart[i] ?? 0;
    const r1 = ringStart[i + 1] ?? r0;
    const v0 = ringOffset[r0] ?? 0;
    const v1 = ringOffset[r1] ?? v0;
    let edges = 0;
    let bx0 = Infinity;
    let by0 = Infinity;
    let bx1 = -Infinity;
    let by1 = -Infinity;
    holes.length = 0;
    for (let r = r0; r < r1; r++) {
      const a = ringOffset[r] ?? 0;
      const e = ringOffset[r + 1] ?? a;
      if (r > r0) holes.push(a - v0);
      for (let k = a; k < e; k++) {
        const q = k + 1 < e ? k + 1 : a;
        const x = xy[2 * k] ?? 0;
        const y = xy[2 * k + 1] ?? 0;
        if (Math.hypot((xy[2 * q] ?? 0) - x, (xy[2 * q + 1] ?? 0) - y) > MIN_EDGE_M) edges++;
        if (x < bx0) bx0 = x;
        if (x > bx1) bx1 = x;
        if (y < by0) by0 = y;
        if (y > by1) by1 = y;
      }
    }
    wallEdges[i] = edges;
    roofTriStart[i] = roofLen;
    if (v1 - v0 >= 3) {
      const tris = earcut(xy.subarray(2 * v0, 2 * v1), holes.length > 0 ? holes : undefined, 2);
      if (roofLen + tris.length > roofTris.length) {
        const grown = new Uint32Array(Math.max(roofTris.length * 2, roofLen + tris.length));
        grown.set(roofTris.subarray(0, roofLen));
        roofTris = grown;
      }
      for (let t = 0; t < tris.length; t++) roofTris[roofLen + t] = tris[t] ?? 0;
      roofLen += tris.length;
    }
    const centreX = v1 > v0 ? (bx0 + bx1) / 2 : 0;
    const centreY = v1 > v0 ? (by0 + by1) / 2 : 0;
    cx[i] = centreX;
    cy[i] = centreY;
    if (centreX < minX) minX = centreX;
    if (centreX > maxX) maxX = centreX;
    if (centreY < minY) minY = centreY;
    if (centreY > maxY) maxY = centreY;
  }
  roofTriStart[n] = roofLen;
  // Hilbert order of the centres on a 2^16 grid over their bounds.
  const cells = (1 << HILBERT_ORDER) - 1;
  const span = Math.max(maxX - minX, maxY - minY, 1e-9);
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const gx = Math.round((((cx[i] ?? 0) - minX) / span) * cells);
    const gy = Math.round((((cy[i] ?? 0) - minY) / span) * cells);
    key[i] = hilbertIndex(gx, gy);
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((p, q) => (key[p] ?? 0) - (key[q] ?? 0) || p - q);
  return { wallEdges, roofTriStart, roofTris: roofTris.subarray(0, roofLen), order };
}

function vertexCountOf(b: BuildingTable, p: Prepared, i: number): number {
  const v0 = b.ringOffset[b.ringStart[i] ?? 0] ?? 0;
  const v1 = b.ringOffset[b.ringStart[i + 1] ?? 0] ?? v0;
  return 4 * (p.wallEdges[i] ?? 0) + (v1 - v0);
}

function indexCountOf(p: Prepared, i: number): number {
  return 6 * (p.wallEdges[i] ?? 0) + ((p.roofTriStart[i + 1] ?? 0) - (p.roofTriStart[i] ?? 0));
}

/**
 * Builds the merged LoD1 meshes of all buildings (see the module comment for the layout,
 * the triangle count and the chunking). Deterministic: same table → identical arrays.
 */
export function buildBuildingMeshes(buildings: BuildingTable, options: BuildingMeshOptions = {}): BuildingMeshChunk[] {
  const maxVertices = options.maxVerticesPerChunk ?? DEFAULT_MAX_VERTICES_PER_CHUNK;
  if (!(maxVertices >= 8)) throw new Error(`buildBuildingMeshes: maxVerticesPerChunk must be ≥ 8, got ${maxVertices}`);
  if (buildings.count > 2 ** 24) throw new Error(`buildBuildingMeshes: ${buildings.count} buildings exceed the 2^24 a float buildingIndex can address`);
  const prepared = prepare(buildings);
  const { order } = prepared;
  const chunks: BuildingMeshChunk[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start;
    let vertices = 0;
    let indices = 0;
    while (end < order.length) {
      const i = order[end] ?? 0;
      const v = vertexCountOf(buildings, prepared, i);
      if (end > start && vertices + v > maxVertices) break;
      vertices += v;
      indices += indexCountOf(prepared, i);
      end++;
    }
    chunks.push(writeChunk(buildings, prepared, start, end, vertices, indices));
    start = end;
  }
  return chunks;
}

function writeChunk(b: BuildingTable, p: Prepared, start: number, end: number, vertexCount: number, indexCount: number): BuildingMeshChunk {
  const positions = new Float32Array(vertexCount * 3);
  const normals = new Float32Array(vertexCount * 3);
  const buildingIndex = new Float32Array(vertexCount);
  const indices = new Uint32Array(indexCount);
  const { ringStart, ringOffset, xy } = b;
  let vo = 0;
  let io = 0;
  for (let s = start; s < end; s++) {
    const i = p.order[s] ?? 0;
    const base = b.baseHeightM[i] ?? NaN;
    const zBase = Number.isFinite(base) ? base : 0;
    const h = b.heightM[i] ?? NaN;
    const zTop = zBase + (Number.isFinite(h) && h > 0 ? h : 0);
    const r0 = ringStart[i] ?? 0;
    const r1 = ringStart[i + 1] ?? r0;
    const v0 = ringOffset[r0] ?? 0;
    const v1 = ringOffset[r1] ?? v0;
    const vStart = vo;
    // Walls.
    for (let r = r0; r < r1; r++) {
      const a = ringOffset[r] ?? 0;
      const e = ringOffset[r + 1] ?? a;
      const area2 = ringArea2(xy, a, e);
      // Outward = right of the edge for a CCW outer ring or a CW hole; flip otherwise.
      const side = (r === r0) === area2 >= 0 ? 1 : -1;
      for (let k = a; k < e; k++) {
        const q = k + 1 < e ? k + 1 : a;
        const ax = xy[2 * k] ?? 0;
        const ay = xy[2 * k + 1] ?? 0;
        const bx = xy[2 * q] ?? 0;
        const by = xy[2 * q + 1] ?? 0;
        const len = Math.hypot(bx - ax, by - ay);
        if (!(len > MIN_EDGE_M)) continue;
        const nx = (side * (by - ay)) / len;
        const ny = (-side * (bx - ax)) / len;
        const o = vo * 3;
        positions[o] = ax;
        positions[o + 1] = ay;
        positions[o + 2] = zBase;
        positions[o + 3] = bx;
        positions[o + 4] = by;
        positions[o + 5] = zBase;
        positions[o + 6] = bx;
        positions[o + 7] = by;
        positions[o + 8] = zTop;
        positions[o + 9] = ax;
        positions[o + 10] = ay;
        positions[o + 11] = zTop;
        for (let c = 0; c < 4; c++) {
          normals[o + 3 * c] = nx;
          normals[o + 3 * c + 1] = ny;
          normals[o + 3 * c + 2] = 0;
        }
        if (side > 0) writeQuad(indices, io, vo, vo + 1, vo + 2, vo + 3);
        else writeQuad(indices, io, vo, vo + 3, vo + 2, vo + 1);
        io += 6;
        vo += 4;
      }
    }
    // Roof.
    const roofBase = vo;
    for (let k = v0; k < v1; k++) {
      const o = vo * 3;
      positions[o] = xy[2 * k] ?? 0;
      positions[o + 1] = xy[2 * k + 1] ?? 0;
      positions[o + 2] = zTop;
      normals[o + 2] = 1;
      vo++;
    }
    const t0 = p.roofTriStart[i] ?? 0;
    const t1 = p.roofTriStart[i + 1] ?? t0;
    for (let t = t0; t < t1; t += 3) {
      const ia = p.roofTris[t] ?? 0;
      let ib = p.roofTris[t + 1] ?? 0;
      let ic = p.roofTris[t + 2] ?? 0;
      const ax = xy[2 * (v0 + ia)] ?? 0;
      const ay = xy[2 * (v0 + ia) + 1] ?? 0;
      const cross = ((xy[2 * (v0 + ib)] ?? 0) - ax) * ((xy[2 * (v0 + ic) + 1] ?? 0) - ay) - ((xy[2 * (v0 + ib) + 1] ?? 0) - ay) * ((xy[2 * (v0 + ic)] ?? 0) - ax);
      if (cross < 0) {
        const tmp = ib;
        ib = ic;
        ic = tmp;
      }
      indices[io] = roofBase + ia;
      indices[io + 1] = roofBase + ib;
      indices[io + 2] = roofBase + ic;
      io += 3;
    }
    buildingIndex.fill(i, vStart, vo);
  }
  return { positions, normals, buildingIndex, indices, bounds: boundsOf(positions) };
}

function boundsOf(positions: Float32Array): MeshBounds {
  let minX = Infinity;
  let minY = Infinity;
  let minZ = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let maxZ = -Infinity;
  for (let k = 0; k < positions.length; k += 3) {
    const x = positions[k] ?? 0;
    const y = positions[k + 1] ?? 0;
    const z = positions[k + 2] ?? 0;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
    if (z < minZ) minZ = z;
    if (z > maxZ) maxZ = z;
  }
  return { minX, minY, minZ, maxX, maxY, maxZ };
}
