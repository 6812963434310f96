import { describe, expect, it } from 'vitest';
import { buildTerrainMesh } from '../../src/scene/geometry/terrain-mesh';
import { buildTreeInstances, CROWN_PER_HEIGHT, DEFAULT_TREE_HEIGHT_M } from '../../src/scene/geometry/tree-instances';
import type { TerrainGrid } from '../../src/twin/city-model';
import { generateDemoDistrict, sampleGridHeight } from '../../src/twin/demo';
import { expectClose } from '../support/expect-close';
import { treeTable } from './fixtures';

function expectUpwardCcw(mesh: { positions: Float32Array; indices: Uint32Array }): void {
  for (let t = 0; t < mesh.indices.length; t += 3) {
    const [a, b, c] = [mesh.indices[t] ?? 0, mesh.indices[t + 1] ?? 0, mesh.indices[t + 2] ?? 0];
    const p = mesh.positions;
    const cross = ((p[3 * b] ?? 0) - (p[3 * a] ?? 0)) * ((p[3 * c + 1] ?? 0) - (p[3 * a + 1] ?? 0)) - ((p[3 * b + 1] ?? 0) - (p[3 * a + 1] ?? 0)) * ((p[3 * c] ?? 0) - (p[3 * a] ?? 0));
    expect(cross).toBeGreaterThan(0);
  }
}

describe('buildTerrainMesh', () => {
  it('meshes a tilted plane grid: 2 triangles per cell, counter-clockwise, exact plane normals', () => {
    const nx = 5;
    const ny = 4;
    const heightsM = new Float32Array(nx * ny);
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) heightsM[j * nx + i] = 0.1 * (i * 10) - 0.05 * (j * 10);
    const grid: TerrainGrid = { kind: 'grid', x0: -20, y0: 5, cellSizeM: 10, nx, ny, heightsM };
    const mesh = buildTerrainMesh(grid);
    expect(mesh.positions.length / 3).toBe(nx * ny);
    expect(mesh.indices.length / 3).toBe(2 * (nx - 1) * (ny - 1));
    expectUpwardCcw(mesh);
    const len = Math.hypot(0.1, 0.05, 1);
    for (let v = 0; v < nx * ny; v++) {
      expectClose(mesh.normals[3 * v] ?? NaN, -0.1 / len, { abs: 1e-6 }, 'nx');
      expectClose(mesh.normals[3 * v + 1] ?? NaN, 0.05 / len, { abs: 1e-6 }, 'ny');
      expectClose(mesh.normals[3 * v + 2] ?? NaN, 1 / len, { abs: 1e-6 }, 'nz');
    }
    expect(mesh.positions[3 * (nx * ny - 1)]).toBe(20);
    expect(mesh.positions[3 * (nx * ny - 1) + 1]).toBe(35);
  });

  it('leaves out cells with a NaN height and rejects a grid of the wrong size', () => {
    const heightsM = new Float32Array(9);
    heightsM[4] = NaN;
    const mesh = buildTerrainMesh({ kind: 'grid', x0: 0, y0: 0, cellSizeM: 1, nx: 3, ny: 3, heightsM });
    expect(mesh.indices.length).toBe(0);
    expect(() => buildTerrainMesh({ kind: 'grid', x0: 0, y0: 0, cellSizeM: 1, nx: 3, ny: 3, heightsM: new Float32Array(8) })).toThrow(/9 heights/);
  });

  it('meshes a TIN, turning clockwise triangles counter-clockwise, with area-weighted normals', () => {
    const positions = Float64Array.from([0, 0, 0, 10, 0, 0, 10, 10, 5, 0, 10, 5]);
    const mesh = buildTerrainMesh({ kind: 'tin', positions, triangles: Uint32Array.from([0, 1, 2, 0, 3, 2]) });
    expectUpwardCcw(mesh);
    const len = Math.hypot(0.5, 1);
    for (let v = 0; v < 4; v++) {
      expectClose(mesh.normals[3 * v + 1] ?? NaN, -0.5 / len, { abs: 1e-6 }, 'ny');
      expectClose(mesh.normals[3 * v + 2] ?? NaN, 1 / len, { abs: 1e-6 }, 'nz');
    }
  });

  it('draws the surface the demo district seats its features on', () => {
    const model = generateDemoDistrict();
    const grid = model.terrain;
    expect(grid?.kind).toBe('grid');
    if (grid?.kind !== 'grid') return;
    const mesh = buildTerrainMesh(grid);
    expectUpwardCcw(mesh);
    // At the centre of each triangle the mesh (linear on the triangle) equals sampleGridHeight.
    let worst = 0;
    for (let t = 0; t < mesh.indices.length; t += 3 * 97) {
      const v = [mesh.indices[t] ?? 0, mesh.indices[t + 1] ?? 0, mesh.indices[t + 2] ?? 0];
      const c = [0, 1, 2].map((s) => v.reduce((sum, k) => sum + (mesh.positions[3 * k + s] ?? 0), 0) / 3);
      worst = Math.max(worst, Math.abs((c[2] ?? 0) - sampleGridHeight(grid, c[0] ?? 0, c[1] ?? 0)));
    }
    expect(worst).toBeLessThan(1e-4);
  });
});

describe('buildTreeInstances', () => {
  it('writes column-major translate × scale matrices, with documented defaults for missing values', () => {
    const trees = treeTable([
      { x: 1, y: 2, z: 3, heightM: 12, crownDiameterM: 7 },
      { x: -5, y: 0, z: NaN, heightM: NaN, crownDiameterM: NaN },
    ]);
    const { matrices } = buildTreeInstances(trees);
    expect(Array.from(matrices.subarray(0, 16))).toEqual([7, 0, 0, 0, 0, 7, 0, 0, 0, 0, 12, 0, 1, 2, 3, 1]);
    const h = DEFAULT_TREE_HEIGHT_M;
    expect(Array.from(matrices.subarray(16, 32))).toEqual([CROWN_PER_HEIGHT * h, 0, 0, 0, 0, CROWN_PER_HEIGHT * h, 0, 0, 0, 0, h, 0, -5, 0, 0, 1].map((v) => Math.fround(v)));
  });

  it('places every demo tree at its trunk base', () => {
    const model = generateDemoDistrict();
    const { matrices } = buildTreeInstances(model.trees);
    expect(matrices.length).toBe(16 * model.trees.count);
    for (let k = 0; k < model.trees.count; k++) {
      expectClose(matrices[16 * k + 12] ?? NaN, model.trees.xyz[3 * k] ?? NaN, { abs: 1e-3 }, 'x');
      expectClose(matrices[16 * k + 14] ?? NaN, model.trees.xyz[3 * k + 2] ?? NaN, { abs: 1e-3 }, 'z');
      expect(matrices[16 * k + 10]).toBe(model.trees.heightM[k]);
    }
  });
});
