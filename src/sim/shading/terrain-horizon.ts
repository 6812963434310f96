/**
 * Terrain shading by the horizon method: for every node of a terrain height grid and each of N
 * azimuth sectors, the tangent of the horizon elevation angle, found by marching outwards over the
 * bilinearly interpolated heights (with an early exit once even the highest terrain could not raise
 * the horizon). At run time a ground point is in terrain shadow when tan(sun elevation) is below its
 * horizon, interpolated bilinearly between nodes and linearly between the two nearest sectors.
 * Earth curvature is neglected (< 0.1 m over 1 km).
 */
import { throwIfCancelled, type RunControl } from '../core/progress';

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
 * What a horizon march needs besides the heights: the highest terrain in the columns ≥ i / ≤ i and
 * rows ≥ j / ≤ j (an upper bound of what lies ahead of a march, for the early exit), the march step
 * and the distance limit. Built once per terrain and shared by every march.
 */
interface HorizonMarch {
  t: TerrainHeights;
  hMax: number;
  maxDist: number;
  step: number;
  xMax: number;
  yMax: number;
  colSuffix: Float64Array;
  colPrefix: Float64Array;
  rowSuffix: Float64Array;
  rowPrefix: Float64Array;
}

function prepareMarch(terrain: TerrainHeights, maxDistanceM: number | undefined): HorizonMarch {
  checkTerrain(terrain);
  const { nx, ny, cellSizeM, x0, y0, heightsM } = terrain;
  let hMax = -Infinity;
  for (let i = 0; i < nx * ny; i++) hMax = Math.max(hMax, heightsM[i] as number);
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
  return {
    t: terrain,
    hMax,
    maxDist: maxDistanceM ?? Math.hypot(nx, ny) * cellSizeM,
    step: cellSizeM / 2,
    xMax: x0 + (nx - 1) * cellSizeM,
    yMax: y0 + (ny - 1) * cellSizeM,
    colSuffix,
    colPrefix,
    rowSuffix,
    rowPrefix,
  };
}

/**
 * tan(horizon elevation) seen from height h0 (m) at (px, py) towards the unit horizontal direction
 * (ux, uy): the largest (terrain − h0) / distance over the march, at least 0 (a horizon below the
 * horizontal is taken as flat). Steps of half a terrain cell that grow by 5 % of the distance beyond
 * 10 cells, stopping at the grid's edge, at the distance limit, or once even the highest terrain
 * ahead could not raise the horizon.
 */
function marchHorizonTan(m: HorizonMarch, px: number, py: number, h0: number, ux: number, uy: number): number {
  const { t, step, maxDist, xMax, yMax, colSuffix, colPrefix, rowSuffix, rowPrefix, hMax } = m;
  const { nx, ny, cellSizeM, x0, y0, heightsM } = t;
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
  return best;
}

/**
 * Horizon of every terrain node in `sectors` directions (default 72, i.e. 5°), marching outwards in
 * steps of half a terrain cell that grow by 5 % of the distance beyond 10 cells (a distant ridge
 * subtends a slowly varying angle), up to `maxDistanceM` (default: the grid's diagonal). Cost
 * O(nodes × sectors × ~100): use a terrain grid of a few metres, not the 1 m ground grid.
 */
export function computeTerrainHorizon(terrain: TerrainHeights, sectors = 72, maxDistanceM?: number): TerrainHorizon {
  const m = prepareMarch(terrain, maxDistanceM);
  const { nx, ny, cellSizeM, x0, y0, heightsM } = terrain;
  const horizonTan = new Float32Array(nx * ny * sectors);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const px = x0 + i * cellSizeM;
      const py = y0 + j * cellSizeM;
      const h0 = heightsM[j * nx + i] as number;
      for (let k = 0; k < sectors; k++) {
        const az = (2 * Math.PI * k) / sectors;
        horizonTan[(j * nx + i) * sectors + k] = marchHorizonTan(m, px, py, h0, Math.sin(az), Math.cos(az));
      }
    }
  }
  return { terrain, sectors, horizonTan };
}

/** Terrain horizon at receiver points (computePointHorizon). */
export interface PointHorizon {
  sectors: number;
  count: number;
  /** tan(horizon elevation) per point and sector: [i·sectors + k], sector k at azimuth k·360°/sectors from the grid's +y, clockwise. */
  horizonTan: Float32Array;
}

/**
 * Terrain horizon at receiver points (roof and facade samples) at any height: for each point and
 * sector, the same march as computeTerrainHorizon's from the point's (x, y), clamped to the terrain
 * grid as ground cells are, at the height max(z, terrain there): a receiver is never below the ground
 * it stands on (the grid cannot tell a buried facade sample from a building seated at its lowest
 * corner on a slope). A receiver on the ground at a node gets that node's horizon exactly; raising a
 * receiver never raises its horizon (tan = max (H − h0)/d decreases with h0).
 * `needed` (optional, one flag per sector) restricts the march to the sectors a period's sun can be
 * in; the others are stored as NaN, which shades nothing. Memory: 4 bytes × points × sectors.
 */
export function computePointHorizon(
  terrain: TerrainHeights,
  xyz: ArrayLike<number>,
  count: number,
  sectors = 72,
  options: { maxDistanceM?: number; needed?: Uint8Array } = {},
  control?: RunControl,
): PointHorizon {
  if (!(Number.isInteger(sectors) && sectors > 0)) throw new Error(`terrain horizon sectors must be a positive integer, got ${sectors}`);
  if (xyz.length < 3 * count) throw new Error(`receiver xyz has ${xyz.length} values for ${count} points`);
  const m = prepareMarch(terrain, options.maxDistanceM);
  const needed = options.needed;
  const ux = new Float64Array(sectors);
  const uy = new Float64Array(sectors);
  for (let k = 0; k < sectors; k++) {
    const az = (2 * Math.PI * k) / sectors;
    ux[k] = Math.sin(az);
    uy[k] = Math.cos(az);
  }
  const horizonTan = new Float32Array(count * sectors);
  for (let i = 0; i < count; i++) {
    const px = Math.min(Math.max(xyz[3 * i] as number, terrain.x0), m.xMax);
    const py = Math.min(Math.max(xyz[3 * i + 1] as number, terrain.y0), m.yMax);
    const z = xyz[3 * i + 2] as number;
    const ground = terrainHeightAt(terrain, px, py);
    const h0 = z > ground ? z : ground;
    for (let k = 0; k < sectors; k++) {
      horizonTan[i * sectors + k] = needed === undefined || needed[k] === 1 ? marchHorizonTan(m, px, py, h0, ux[k] as number, uy[k] as number) : Number.NaN;
    }
    if ((i & 1023) === 1023) {
      throwIfCancelled(control, 'terrain horizon at receivers');
      control?.onProgress?.({ fraction: (i + 1) / count, stage: `terrain horizon at receivers ${i + 1}/${count}` });
    }
  }
  return { sectors, count, horizonTan };
}

/**
 * The two sectors bracketing grid azimuth `azimuthDeg` (deg from the grid's +y, clockwise) and the
 * weight of the second: a horizon towards it is (1 − w)·h[k0] + w·h[k1]. Written into `out` as
 * [k0, k1, w]; shared by the ground (horizonTanTowards) and receiver paths.
 */
export function horizonSectorBlend(sectors: number, azimuthDeg: number, out: Float64Array): Float64Array {
  const sf = (((azimuthDeg % 360) + 360) % 360) / (360 / sectors);
  const k0 = Math.floor(sf) % sectors;
  out[0] = k0;
  out[1] = (k0 + 1) % sectors;
  out[2] = sf - Math.floor(sf);
  return out;
}

const blend = new Float64Array(3);

/**
 * tan(horizon elevation) of every terrain node towards azimuth `azimuthDeg` (deg from north,
 * clockwise), interpolated linearly between the two nearest sectors, written into `out` (one per node).
 */
export function horizonTanTowards(h: TerrainHorizon, azimuthDeg: number, out: Float32Array): Float32Array {
  const s = h.sectors;
  horizonSectorBlend(s, azimuthDeg, blend);
  const k0 = blend[0] as number;
  const k1 = blend[1] as number;
  const fk = blend[2] as number;
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
