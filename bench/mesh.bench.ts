/**
 * Building mesh build time and draw calls for 10 000 and 100 000 seeded synthetic buildings
 * (test/geometry/synthetic-buildings.ts: rectangles, L-shapes, 10 % courtyard buildings with a
 * hole, 8–12-gons), chunked (src/scene/geometry/building-mesh.ts) against the naive baseline:
 * one mesh per building (earcut + extrusion into its own typed arrays, one draw call each),
 * measured in the same run. Target (issue 3): 100 000 buildings in ≤ 300 draw calls, built in
 * < 2 s on the 2-core machine. Figures are printed, never asserted.
 */
import earcut from 'earcut';
import { buildBuildingMeshes, type BuildingMeshChunk } from '../src/scene/geometry/building-mesh';
import type { BuildingTable } from '../src/twin/city-model';
import { syntheticBuildings } from '../test/geometry/synthetic-buildings';
import { peakRssMiB, printTable, sink, time, type Row } from './harness';

interface NaiveMesh {
  positions: Float32Array;
  normals: Float32Array;
  indices: Uint32Array;
}

/** The baseline: every building its own arrays (and so its own geometry and draw call). */
function naiveMeshes(b: BuildingTable, from: number, to: number): NaiveMesh[] {
  const out: NaiveMesh[] = [];
  for (let i = from; i < to; i++) {
    const r0 = b.ringStart[i] ?? 0;
    const r1 = b.ringStart[i + 1] ?? r0;
    const v0 = b.ringOffset[r0] ?? 0;
    const v1 = b.ringOffset[r1] ?? v0;
    const n = v1 - v0;
    const holes: number[] = [];
    for (let r = r0 + 1; r < r1; r++) holes.push((b.ringOffset[r] ?? 0) - v0);
    const flat = Array.from(b.xy.subarray(2 * v0, 2 * v1));
    const roof = earcut(flat, holes, 2);
    const positions = new Float32Array((4 * n + n) * 3);
    const normals = new Float32Array((4 * n + n) * 3);
    const indices = new Uint32Array(6 * n + roof.length);
    const z0 = b.baseHeightM[i] ?? 0;
    const z1 = z0 + (b.heightM[i] ?? 0);
    let vo = 0;
    let io = 0;
    for (let r = r0; r < r1; r++) {
      const a = b.ringOffset[r] ?? 0;
      const e = b.ringOffset[r + 1] ?? a;
      for (let k = a; k < e; k++) {
        const q = k + 1 < e ? k + 1 : a;
        const ax = b.xy[2 * k] ?? 0;
        const ay = b.xy[2 * k + 1] ?? 0;
        const bx = b.xy[2 * q] ?? 0;
        const by = b.xy[2 * q + 1] ?? 0;
        const len = Math.hypot(bx - ax, by - ay) || 1;
        positions.set([ax, ay, z0, bx, by, z0, bx, by, z1, ax, ay, z1], vo * 3);
        for (let c = 0; c < 4; c++) normals.set([(by - ay) / len, -(bx - ax) / len, 0], (vo + c) * 3);
        indices.set([vo, vo + 1, vo + 2, vo, vo + 2, vo + 3], io);
        vo += 4;
        io += 6;
      }
    }
    const roofBase = vo;
    for (let k = 0; k < n; k++) {
      positions.set([flat[2 * k] ?? 0, flat[2 * k + 1] ?? 0, z1], vo * 3);
      normals[vo * 3 + 2] = 1;
      vo++;
    }
    for (const t of roof) indices[io++] = roofBase + t;
    out.push({ positions, normals, indices });
  }
  return out;
}

function bytesOf(chunks: readonly BuildingMeshChunk[]): number {
  return chunks.reduce((s, c) => s + c.positions.byteLength + c.normals.byteLength + c.buildingIndex.byteLength + c.indices.byteLength, 0);
}

export default async function meshBench(): Promise<void> {
  const rows: Row[] = [];
  for (const count of [10_000, 100_000]) {
    const table = syntheticBuildings(count);
    let chunks: BuildingMeshChunk[] = [];
    const chunked = await time(`chunked ${count}`, () => {
      chunks = buildBuildingMeshes(table);
      sink(chunks.length);
    }, { warmup: 1, runs: count > 10_000 ? 3 : 5 });
    // The naive build of 100k is timed on its first 20 000 buildings and scaled ×5 (same per-building work).
    const naiveCount = Math.min(count, 20_000);
    const naive = await time(`naive ${naiveCount}`, () => sink(naiveMeshes(table, 0, naiveCount).length), { warmup: 1, runs: 3 });
    const naiveMs = naive.medianMs * (count / naiveCount);
    const triangles = chunks.reduce((s, c) => s + c.indices.length / 3, 0);
    const vertices = chunks.reduce((s, c) => s + c.positions.length / 3, 0);
    rows.push({
      buildings: count,
      'chunked ms': chunked.medianMs,
      'naive ms': naiveMs,
      'naive measured on': naiveCount === count ? 'all' : `${naiveCount} ×${count / naiveCount}`,
      'time ratio naive/chunked': naiveMs / chunked.medianMs,
      'draw calls chunked': String(chunks.length),
      'draw calls naive': count,
      'draw-call ratio': count / chunks.length,
      triangles,
      vertices,
      'mesh MiB': bytesOf(chunks) / 2 ** 20,
      'target ≤300 calls, <2 s': chunks.length <= 300 && chunked.medianMs < 2000 ? 'met' : 'missed',
    });
  }
  printTable('Building meshes: chunked (Hilbert tiles) vs one mesh per building', rows);
  const table = syntheticBuildings(100_000);
  const mem = await peakRssMiB(() => sink(buildBuildingMeshes(table).length));
  // RSS is already high from the runs above, so the process peak is printed, not a delta.
  process.stdout.write(`100k build: ${(bytesOf(buildBuildingMeshes(table)) / 2 ** 20).toFixed(1)} MiB of typed arrays in the result; process peak RSS ${mem.peakMiB.toFixed(0)} MiB\n`);
}
