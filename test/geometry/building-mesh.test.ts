import { describe, expect, it } from 'vitest';
import { buildBuildingMeshes, type BuildingMeshChunk } from '../../src/scene/geometry/building-mesh';
import type { BuildingTable } from '../../src/twin/city-model';
import { generateDemoDistrict } from '../../src/twin/demo';
import { featureArea, insideFeature, ringsOf } from '../demo/polygon-checks';
import { expectClose } from '../support/expect-close';
import { buildingTable } from './fixtures';
import { syntheticBuildings } from './synthetic-buildings';

/** Square 20 × 20 with a 6 × 6 courtyard (CW), an L given clockwise (wrong way), a triangle, a square with a CCW hole (wrong way), a NaN height. */
const fixture = buildingTable([
  { rings: [[0, 0, 20, 0, 20, 20, 0, 20], [7, 7, 7, 13, 13, 13, 13, 7]], baseHeightM: 2, heightM: 10 },
  { rings: [[30, 0, 30, 20, 38, 20, 38, 8, 50, 8, 50, 0]], baseHeightM: 0, heightM: 6 },
  { rings: [[60, 0, 70, 0, 65, 9]], baseHeightM: -1, heightM: 3 },
  { rings: [[80, 0, 80, 30, 110, 30, 110, 0], [90, 10, 100, 10, 100, 20, 90, 20]], baseHeightM: 1, heightM: 20 },
  { rings: [[120, 0, 130, 0, 130, 10, 120, 10]], baseHeightM: 0, heightM: NaN },
]);

interface MeshStats {
  roofArea: Float64Array;
  roofTriangles: Uint32Array;
  vertices: number;
  triangles: number;
}

/** Checks every invariant of the chunks against the table and returns per-building roof areas. */
function checkChunks(table: BuildingTable, chunks: readonly BuildingMeshChunk[], areaTol: number): MeshStats {
  const roofArea = new Float64Array(table.count);
  const roofTriangles = new Uint32Array(table.count);
  let vertices = 0;
  let triangles = 0;
  const bad: string[] = [];
  for (const c of chunks) {
    const nv = c.positions.length / 3;
    expect(c.normals.length).toBe(c.positions.length);
    expect(c.buildingIndex.length).toBe(nv);
    vertices += nv;
    triangles += c.indices.length / 3;
    for (let v = 0; v < nv; v++) {
      const bi = c.buildingIndex[v] ?? NaN;
      if (!(Number.isInteger(bi) && bi >= 0 && bi < table.count)) bad.push(`vertex ${v}: building index ${bi}`);
      const n = Math.hypot(c.normals[3 * v] ?? NaN, c.normals[3 * v + 1] ?? NaN, c.normals[3 * v + 2] ?? NaN);
      if (Math.abs(n - 1) > 1e-6) bad.push(`vertex ${v}: normal length ${n}`);
      const [x, y, z] = [c.positions[3 * v] ?? NaN, c.positions[3 * v + 1] ?? NaN, c.positions[3 * v + 2] ?? NaN];
      if (x < c.bounds.minX || x > c.bounds.maxX || y < c.bounds.minY || y > c.bounds.maxY || z < c.bounds.minZ || z > c.bounds.maxZ) bad.push(`vertex ${v} outside chunk bounds`);
      // The vertex lies on its own building: on its footprint boundary, between base and roof.
      const base = Number.isFinite(table.baseHeightM[bi] ?? NaN) ? (table.baseHeightM[bi] ?? 0) : 0;
      const top = base + (Number.isFinite(table.heightM[bi] ?? NaN) ? (table.heightM[bi] ?? 0) : 0);
      if (z < base - 1e-3 || z > top + 1e-3) bad.push(`vertex ${v} of building ${bi}: z ${z} outside [${base}, ${top}]`);
      if (!onBoundary(table, bi, x, y)) bad.push(`vertex ${v} (${x}, ${y}) not on building ${bi}'s rings`);
    }
    for (let t = 0; t < c.indices.length; t += 3) {
      const [a, b, d] = [c.indices[t] ?? 0, c.indices[t + 1] ?? 0, c.indices[t + 2] ?? 0];
      const bi = c.buildingIndex[a] ?? -1;
      if (c.buildingIndex[b] !== bi || c.buildingIndex[d] !== bi) bad.push(`triangle ${t / 3} spans buildings`);
      const p = (k: number, s: number): number => c.positions[3 * k + s] ?? NaN;
      const ux = p(b, 0) - p(a, 0);
      const uy = p(b, 1) - p(a, 1);
      const uz = p(b, 2) - p(a, 2);
      const wx = p(d, 0) - p(a, 0);
      const wy = p(d, 1) - p(a, 1);
      const wz = p(d, 2) - p(a, 2);
      const cx = uy * wz - uz * wy;
      const cy = uz * wx - ux * wz;
      const cz = ux * wy - uy * wx;
      const len = Math.hypot(cx, cy, cz);
      const nx = c.normals[3 * a] ?? 0;
      const ny = c.normals[3 * a + 1] ?? 0;
      const nz = c.normals[3 * a + 2] ?? 0;
      if (len > 1e-6 && (cx * nx + cy * ny + cz * nz) / len < 0.999) bad.push(`triangle ${t / 3} of building ${bi}: winding disagrees with normal`);
      if (nz === 1) {
        roofArea[bi] = (roofArea[bi] ?? 0) + len / 2;
        roofTriangles[bi] = (roofTriangles[bi] ?? 0) + 1;
      } else if (len > 1e-6) {
        // Wall: just outside along the normal is outside the footprint, just inside is inside.
        const mx = (p(a, 0) + p(b, 0) + p(d, 0)) / 3;
        const my = (p(a, 1) + p(b, 1) + p(d, 1)) / 3;
        const rings = ringsOf(table, bi);
        if (insideFeature(rings, mx + 0.01 * nx, my + 0.01 * ny, 0)) bad.push(`wall triangle ${t / 3} of building ${bi} faces inwards`);
        if (!insideFeature(rings, mx - 0.01 * nx, my - 0.01 * ny, 0)) bad.push(`wall triangle ${t / 3} of building ${bi}: no material behind it`);
      }
    }
  }
  expect(bad.slice(0, 10)).toEqual([]);
  for (let i = 0; i < table.count; i++) expectClose(roofArea[i] ?? NaN, featureArea(table, i), { rel: areaTol, abs: 1e-6 }, `roof area of ${table.id[i]}`);
  return { roofArea, roofTriangles, vertices, triangles };
}

function onBoundary(table: BuildingTable, bi: number, x: number, y: number): boolean {
  for (const ring of ringsOf(table, bi)) {
    for (let k = ring.a; k < ring.e; k++) {
      if (Math.hypot((ring.xy[2 * k] ?? 0) - x, (ring.xy[2 * k + 1] ?? 0) - y) < 1e-3) return true;
    }
  }
  return false;
}

/**
 * 4E + V vertices and 2E + V + 2H − 2 triangles per building (module comment of building-mesh.ts;
 * here every edge is non-degenerate, so E = V). Earcut may drop a degenerate triangle where a hole
 * bridge lines up with other vertices, so with holes the roof count is an upper bound.
 */
function expectCounts(table: BuildingTable, stats: MeshStats): void {
  let vertices = 0;
  let walls = 0;
  let roofs = 0;
  for (let i = 0; i < table.count; i++) {
    const rings = ringsOf(table, i);
    const v = rings.reduce((s, r) => s + r.e - r.a, 0);
    vertices += 4 * v + v;
    walls += 2 * v;
    const expectedRoof = v + 2 * (rings.length - 1) - 2;
    const roof = stats.roofTriangles[i] ?? 0;
    if (rings.length === 1) expect(roof, `roof triangles of ${table.id[i]}`).toBe(expectedRoof);
    else expect(roof, `roof triangles of ${table.id[i]}`).toBeLessThanOrEqual(expectedRoof);
    roofs += roof;
  }
  expect(stats.vertices).toBe(vertices);
  expect(stats.triangles).toBe(walls + roofs);
}

describe('buildBuildingMeshes on hand-made footprints', () => {
  const chunks = buildBuildingMeshes(fixture);

  it('has outward unit normals, consistent winding, roofs equal to footprints (holes removed), valid building indices', () => {
    const stats = checkChunks(fixture, chunks, 1e-9);
    expectClose(stats.roofArea[0] ?? NaN, 400 - 36, { abs: 1e-9 });
    expectClose(stats.roofArea[3] ?? NaN, 900 - 100, { abs: 1e-9 });
    expectCounts(fixture, stats);
  });

  it('draws courtyard walls facing the courtyard', () => {
    const c = chunks[0];
    expect(c).toBeDefined();
    if (!c) return;
    let courtyardWalls = 0;
    for (let v = 0; v < c.buildingIndex.length; v++) {
      if (c.buildingIndex[v] !== 0 || c.normals[3 * v + 2] !== 0) continue;
      const x = c.positions[3 * v] ?? 0;
      const y = c.positions[3 * v + 1] ?? 0;
      if (x > 1 && x < 19 && y > 1 && y < 19) {
        courtyardWalls++;
        // Facing the courtyard centre (10, 10).
        expect((10 - x) * (c.normals[3 * v] ?? 0) + (10 - y) * (c.normals[3 * v + 1] ?? 0)).toBeGreaterThan(0);
      }
    }
    expect(courtyardWalls).toBe(16);
  });

  it('puts a building with a NaN height as a flat roof on its base, and splits chunks at maxVerticesPerChunk', () => {
    const small = buildBuildingMeshes(fixture, { maxVerticesPerChunk: 40 });
    expect(small.length).toBeGreaterThan(1);
    checkChunks(fixture, small, 1e-9);
    // A building larger than the limit (building 3: 40 vertices) gets a chunk of its own.
    for (const c of small) expect(c.positions.length / 3 <= 40 || new Set(c.buildingIndex).size === 1).toBe(true);
    expect(() => buildBuildingMeshes(fixture, { maxVerticesPerChunk: 0 })).toThrow(/maxVerticesPerChunk/);
  });
});

describe('buildBuildingMeshes on the demo district', () => {
  const model = generateDemoDistrict();
  const chunks = buildBuildingMeshes(model.buildings);

  it('meshes every building with all invariants, in a few draw calls', () => {
    const stats = checkChunks(model.buildings, chunks, 1e-5);
    expectCounts(model.buildings, stats);
    expect(chunks.length).toBeLessThanOrEqual(3);
    const covered = new Set<number>();
    for (const c of chunks) for (const bi of c.buildingIndex) covered.add(bi);
    expect(covered.size).toBe(model.buildings.count);
  });

  it('is deterministic', () => {
    expect(buildBuildingMeshes(model.buildings)).toEqual(chunks);
  });
});

describe('buildBuildingMeshes on many synthetic buildings', () => {
  it('keeps 100 000 buildings within 300 compact chunks', () => {
    const table = syntheticBuildings(100_000);
    const chunks = buildBuildingMeshes(table);
    expect(chunks.length).toBeLessThanOrEqual(300);
    let vertices = 0;
    let chunkArea = 0;
    for (const c of chunks) {
      vertices += c.positions.length / 3;
      expect(c.positions.length / 3).toBeLessThanOrEqual(65_536);
      chunkArea += (c.bounds.maxX - c.bounds.minX) * (c.bounds.maxY - c.bounds.minY);
    }
    expect(vertices).toBe(table.ringOffset[table.ringOffset.length - 1]! * 5);
    // Hilbert runs are compact tiles: their boxes together cover the district about once.
    const side = Math.ceil(Math.sqrt(table.count)) * 25;
    expect(chunkArea / (side * side)).toBeLessThan(2);
  });

  it('respects the chunk-count bound ⌈V / (max − largest building)⌉ for a small chunk size', () => {
    const table = syntheticBuildings(5_000, 3);
    const max = 4_000;
    const chunks = buildBuildingMeshes(table, { maxVerticesPerChunk: max });
    const vertices = table.ringOffset[table.ringOffset.length - 1]! * 5;
    const largest = 4 * 12 + 12;
    expect(chunks.length).toBeLessThanOrEqual(Math.ceil(vertices / (max - largest)));
    for (const c of chunks) expect(c.positions.length / 3).toBeLessThanOrEqual(max);
    // Float32 positions ~ 1.8 km from the origin: area error ≈ perimeter × 1e-4 m.
    expectCounts(table, checkChunks(table, chunks, 1e-4));
  });
});
