/**
 * Terrain shading by the horizon method: for every node of a terrain height grid and each of N
 * azimuth sectors, the tangent of the horizon elevation angle, found by marching outwards over the
 * bilinearly interpolated heights (with an early exit once even the highest terrain could not raise
 * the horizon). At run time a ground point is in terrain shadow when tan(sun elevation) is below its
 * horizon, interpolated bilinearly between nodes and linearly between the two nearest sectors.
 * Earth curvature is neglected (< 0.1 m over 1 km).
 */

/** Terrain height grid in the layout of the city model's TerrainGrid: heightsM[j·nx + i] at node (x0 + i·cell, y0 + j·cell). */
export interface TerrainHeights {
  x0: number;
  y0: number;
  cellSizeM: number;
  nx: number;
  ny: number;
  heightsM: Float32Array | Float64Array;
}

export interface TerrainHorizon {
  terrain: TerrainHeights;
  sectors: number;
  /** tan(horizon elevation) per node and sector: [(j·nx + i)·sectors + k], sector k at azimuth k·360°/sectors from north, clockwise. */
  horizonTan: Float32Array;
}

/** Bilinear terrain height (m) at (x, y), clamped to the grid. */
export function terrainHeightAt(t: TerrainHeights, x: number, y: number): number {
  let u = (x - t.x0) / t.cellSizeM;
  let v = (y - t.y0) / t.cellSizeM;
  u = u < 0 ? 0 : u > t.nx - 1 ? t.nx - 1 : u;
  v = v < 0 ? 0 : v > t.ny - 1 ? t.ny - 1 : v;
  const i = Math.min(Math.floor(u), t.nx - 2 < 0 ? 0 : t.nx - 2);
  const j = Math.min(Math.floor(v), t.ny - 2 < 0 ? 0 : t.ny - 2);
  const fu = u - i;
  const fv = v - j;
  const h = t.heightsM;
  const i1 = Math.min(i + 1, t.nx - 1);
  const j1 = Math.min(j + 1, t.ny - 1);
  const a = h[j * t.nx + i] as number;
  const b = h[j * t.nx + i1] as number;
  const c = h[j1 * t.nx + i] as number;
  const d = h[j1 * t.nx + i1] as number;
  return a + (b - a) * fu + (c - a) * fv + (a - b - c + d) * fu * fv;
}

function checkTerrain(t: TerrainHeights): void {
  if (!(t.cellSizeM > 0) || !(t.nx >= 2) || !(t.ny >= 2)) throw new Error(`terrain grid needs cellSizeM > 0 and at least 2 × 2 nodes, got ${t.nx} × ${t.ny} at ${t.cellSizeM} m`);
  if (t.heightsM.length < t.nx * t.ny) throw new Error(`terrain heightsM has ${t.heightsM.length} values for ${t.nx} × ${t.ny} nodes`);
}

/**
 * Horizon of every terrain node in `sectors` directions (default 72, i.e. 5°), marching outwards in
 * steps of half a terrain cell that grow by 5 % of the distance beyond 10 cells (a distant ridge
 * subtends a slowly varying angle), up to `maxDistanceM` (default: the grid's diagonal). Cost
 * O(nodes × sectors × ~100): use a terrain grid of a few metres, not the 1 m ground grid.
 */
export function computeTerrainHorizon(terrain: TerrainHeights, sectors = 72, maxDistanceM?: number): TerrainHorizon {
  checkTerrain(terrain);
  const { nx, ny, cellSizeM, x0, y0, heightsM } = terrain;
  let hMax = -Infinity;
  for (let i = 0; i < nx * ny; i++) hMax = Math.max(hMax, heightsM[i] as number);
  const maxDist = maxDistanceM ?? Math.hypot(nx, ny) * cellSizeM;
  // Highest terrain in the columns ≥ i / ≤ i and rows ≥ j / ≤ j: an upper bound of what lies ahead
  // of a march, for the early exit.
  const colMax = new Float64Array(nx).fill(-Infinity);
  const rowMax = new Float64Array(ny).fill(-Infinity);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const h = heightsM[j * nx + i] as number;
      if (h > (colMax[i] as number)) colMax[i] = h;
      if (h > (rowMax[j] as number)) rowMax[j] = h;
    }
  }
  const colSuffix = new Float64Array(nx + 1).fill(-Infinity);
  const colPrefix = new Float64Array(nx + 1).fill(-Infinity);
  for (let i = nx - 1; i >= 0; i--) colSuffix[i] = Math.max(colSuffix[i + 1] as number, colMax[i] as number);
  for (let i = 0; i < nx; i++) colPrefix[i + 1] = Math.max(colPrefix[i] as number, colMax[i] as number);
  const rowSuffix = new Float64Array(ny + 1).fill(-Infinity);
  const rowPrefix = new Float64Array(ny + 1).fill(-Infinity);
  for (let j = ny - 1; j >= 0; j--) rowSuffix[j] = Math.max(rowSuffix[j + 1] as number, rowMax[j] as number);
  for (let j = 0; j < ny; j++) rowPrefix[j + 1] = Math.max(rowPrefix[j] as number, rowMax[j] as number);
  const step = cellSizeM / 2;
  const horizonTan = new Float32Array(nx * ny * sectors);
  const xMax = x0 + (nx - 1) * cellSizeM;
  const yMax = y0 + (ny - 1) * cellSizeM;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const px = x0 + i * cellSizeM;
      const py = y0 + j * cellSizeM;
      const h0 = heightsM[j * nx + i] as number;
      for (let k = 0; k < sectors; k++) {
        const az = (2 * Math.PI * k) / sectors;
        const ux = Math.sin(az);
        const uy = Math.cos(az);
        let best = 0;
        for (let d = step; d <= maxDist; d += Math.max(step, d * 0.05)) {
          const x = px + ux * d;
          const y = py + uy * d;
          if (x < x0 || x > xMax || y < y0 || y > yMax) break;
          // Bilinear height, inlined (hot loop).
          const u = (x - x0) / cellSizeM;
          const v = (y - y0) / cellSizeM;
          const ci = u >= nx - 1 ? nx - 2 : Math.floor(u);
          const cj = v >= ny - 1 ? ny - 2 : Math.floor(v);
          // Nothing ahead can be higher than this: stop once it cannot raise the horizon.
          const ahead = Math.min(
            ux > 1e-12 ? (colSuffix[ci] as number) : ux < -1e-12 ? (colPrefix[ci + 2] as number) : hMax,
            uy > 1e-12 ? (rowSuffix[cj] as number) : uy < -1e-12 ? (rowPrefix[cj + 2] as number) : hMax,
          );
          if ((ahead - h0) / d <= best) break;
          const fu = u - ci;
          const fv = v - cj;
          const n = cj * nx + ci;
          const a = heightsM[n] as number;
          const b = heightsM[n + 1] as number;
          const c = heightsM[n + nx] as number;
          const e = heightsM[n + nx + 1] as number;
          const tan = (a + (b - a) * fu + (c - a) * fv + (a - b - c + e) * fu * fv - h0) / d;
          if (tan > best) best = tan;
        }
        horizonTan[(j * nx + i) * sectors + k] = best;
      }
    }
  }
  return { terrain, sectors, horizonTan };
}

/**
 * tan(horizon elevation) of every terrain node towards azimuth `azimuthDeg` (deg from north,
 * clockwise), interpolated linearly between the two nearest sectors, written into `out` (one per node).
 */
export function horizonTanTowards(h: TerrainHorizon, azimuthDeg: number, out: Float32Array): Float32Array {
  const s = h.sectors;
  const sf = (((azimuthDeg % 360) + 360) % 360) / (360 / s);
  const k0 = Math.floor(sf) % s;
  const k1 = (k0 + 1) % s;
  const fk = sf - Math.floor(sf);
  const nodes = h.terrain.nx * h.terrain.ny;
  for (let n = 0; n < nodes; n++) {
    const o = n * s;
    out[n] = (1 - fk) * (h.horizonTan[o + k0] as number) + fk * (h.horizonTan[o + k1] as number);
  }
  return out;
}

/** Bilinear sampling weights of points on a terrain grid: node index of the lower-left node and fractions. */
export interface TerrainSampling {
  node: Uint32Array;
  fu: Float32Array;
  fv: Float32Array;
}

/** Sampling weights for the centres of the cells of a ground grid (x0, y0, cellSizeM, nx, ny). */
export function terrainSamplingForGrid(t: TerrainHeights, grid: { x0: number; y0: number; cellSizeM: number; nx: number; ny: number }): TerrainSampling {
  const cells = grid.nx * grid.ny;
  const node = new Uint32Array(cells);
  const fu = new Float32Array(cells);
  const fv = new Float32Array(cells);
  for (let j = 0; j < grid.ny; j++) {
    for (let i = 0; i < grid.nx; i++) {
      let u = (grid.x0 + (i + 0.5) * grid.cellSizeM - t.x0) / t.cellSizeM;
      let v = (grid.y0 + (j + 0.5) * grid.cellSizeM - t.y0) / t.cellSizeM;
      u = u < 0 ? 0 : u > t.nx - 1 ? t.nx - 1 : u;
      v = v < 0 ? 0 : v > t.ny - 1 ? t.ny - 1 : v;
      const ti = Math.min(Math.floor(u), t.nx - 2);
      const tj = Math.min(Math.floor(v), t.ny - 2);
      const c = j * grid.nx + i;
      node[c] = tj * t.nx + ti;
      fu[c] = u - ti;
      fv[c] = v - tj;
    }
  }
  return { node, fu, fv };
}

/** Bilinear value of a per-node field at sampled point `c`. */
export function sampleNodes(field: Float32Array | Float64Array, nx: number, s: TerrainSampling, c: number): number {
  const n = s.node[c] as number;
  const fu = s.fu[c] as number;
  const fv = s.fv[c] as number;
  const a = field[n] as number;
  const b = field[n + 1] as number;
  const cc = field[n + nx] as number;
  const d = field[n + nx + 1] as number;
  return a + (b - a) * fu + (cc - a) * fv + (a - b - cc + d) * fu * fv;
}
