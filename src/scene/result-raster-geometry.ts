/**
 * Geometry and texture of a raster result draped on the ground: a mesh of at most
 * MAX_SEGMENTS² quads spanning the grid, each vertex at the ground height under it, and an RGBA
 * texture with one texel per cell (NaN cells transparent), so a 1 m grid of a square kilometre
 * needs a million texels but only some 16k vertices.
 */
import { BufferAttribute, BufferGeometry, DataTexture, NearestFilter, RGBAFormat, SRGBColorSpace, UnsignedByteType } from 'three';
import { compileLegend } from '../results/colour-scale';
import type { RasterResult } from '../results/result-types';

const MAX_SEGMENTS = 128;
/** Lift over the ground, m: above ground cover (3 cm) and road ribbons. */
export const RASTER_LIFT_M = 0.15;

export function rasterTexture(result: RasterResult): DataTexture {
  const { cols, rows } = result.grid;
  const rgba = new Uint8Array(cols * rows * 4);
  const colours = compileLegend(result.legend);
  for (let i = 0; i < cols * rows; i++) {
    if (colours.write(result.values[i] ?? Number.NaN, rgba, i * 4)) rgba[i * 4 + 3] = 255;
  }
  const texture = new DataTexture(rgba, cols, rows, RGBAFormat, UnsignedByteType);
  texture.magFilter = NearestFilter;
  texture.minFilter = NearestFilter;
  texture.colorSpace = SRGBColorSpace;
  // Row 0 of the values is the southern row, which is v = 0 of the mesh below: no flip.
  texture.flipY = false;
  texture.needsUpdate = true;
  return texture;
}

export function rasterGeometry(result: RasterResult, groundHeight: (x: number, y: number) => number): BufferGeometry {
  const { originX, originY, cellM, cols, rows } = result.grid;
  const nx = Math.max(1, Math.min(MAX_SEGMENTS, cols));
  const ny = Math.max(1, Math.min(MAX_SEGMENTS, rows));
  const width = cols * cellM;
  const height = rows * cellM;
  const positions = new Float32Array((nx + 1) * (ny + 1) * 3);
  const uvs = new Float32Array((nx + 1) * (ny + 1) * 2);
  let p = 0;
  for (let j = 0; j <= ny; j++) {
    for (let i = 0; i <= nx; i++) {
      const u = i / nx;
      const v = j / ny;
      const x = originX + u * width;
      const y = originY + v * height;
      positions[p * 3] = x;
      positions[p * 3 + 1] = y;
      positions[p * 3 + 2] = groundHeight(x, y) + RASTER_LIFT_M;
      uvs[p * 2] = u;
      uvs[p * 2 + 1] = v;
      p++;
    }
  }
  const index = new Uint32Array(nx * ny * 6);
  let k = 0;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const a = j * (nx + 1) + i;
      const b = a + 1;
      const c = a + nx + 1;
      const d = c + 1;
      index.set([a, b, d, a, d, c], k);
      k += 6;
    }
  }
  const g = new BufferGeometry();
  g.setAttribute('position', new BufferAttribute(positions, 3));
  g.setAttribute('uv', new BufferAttribute(uvs, 2));
  g.setIndex(new BufferAttribute(index, 1));
  g.computeBoundingSphere();
  return g;
}
