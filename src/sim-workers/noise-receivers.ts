/**
 * Receivers of the noise map (issue 8):
 * - grid receivers at the centres of a regular ENU grid (default 10 m, 4 m above ground), none
 *   inside a building footprint (rasterised footprints, even-odd over all rings so courtyards
 *   keep their receivers);
 * - facade receivers in front of the facades of the buildings with residents, after the
 *   assessment method of Directive (EU) 2015/996 Annex II §2.8 ("assignment of noise levels and
 *   population to dwellings"): each facade (ring edge) is split every `spacingM` (5 m) from its
 *   start, with a receiver in the middle of every piece and of the remainder, at 4 m above
 *   ground, here `offsetM` (2 m) in front of the facade; a receiver that falls inside another
 *   building (terraced and perimeter blocks) is dropped.
 * Coordinates in the district's ENU metres; heights above the (flat) ground of the map kernel.
 */
import type { CityModel } from '../twin/city-model';
import type { GridSpec } from '../results/result-types';
import type { NoiseReceivers } from '../sim/noise/noise-scene';
import { BuildingGrid } from '../sim/noise/building-grid';
import { buildingBoxes, wallSides } from '../sim/noise/footprint-walls';
import { FootprintLocator } from '../sim/noise/footprint-locator';

/** Grid receivers: cell-centre receivers outside buildings and, per receiver, its cell index. */
export interface GridReceivers extends NoiseReceivers {
  grid: GridSpec;
  /** Cell index (row · cols + col) of each receiver. */
  cell: Uint32Array;
}

export interface FacadeReceivers extends NoiseReceivers {
  /** Building index of each receiver. */
  building: Uint32Array;
}

/** Marks the cells whose centre lies inside a building (even-odd over each building's rings). */
export function buildingCellMask(city: CityModel, grid: GridSpec): Uint8Array {
  const b = city.buildings;
  const mask = new Uint8Array(grid.cols * grid.rows);
  const xs: number[] = [];
  for (let i = 0; i < b.count; i++) {
    const r0 = b.ringStart[i] ?? 0;
    const r1 = b.ringStart[i + 1] ?? 0;
    let minY = Infinity;
    let maxY = -Infinity;
    for (let v = b.ringOffset[r0] ?? 0; v < (b.ringOffset[r1] ?? 0); v++) {
      const y = b.xy[2 * v + 1] ?? 0;
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
    const row0 = Math.max(0, Math.ceil((minY - grid.originY) / grid.cellM - 0.5));
    const row1 = Math.min(grid.rows - 1, Math.floor((maxY - grid.originY) / grid.cellM - 0.5));
    for (let row = row0; row <= row1; row++) {
      const y = grid.originY + (row + 0.5) * grid.cellM;
      xs.length = 0;
      for (let ring = r0; ring < r1; ring++) {
        const v0 = b.ringOffset[ring] ?? 0;
        const v1 = b.ringOffset[ring + 1] ?? 0;
        for (let v = v0; v < v1; v++) {
          const w = v + 1 < v1 ? v + 1 : v0;
          const ya = b.xy[2 * v + 1] ?? 0;
          const yb = b.xy[2 * w + 1] ?? 0;
          if (ya > y === yb > y) continue;
          const xa = b.xy[2 * v] ?? 0;
          const xb = b.xy[2 * w] ?? 0;
          xs.push(xa + ((y - ya) * (xb - xa)) / (yb - ya));
        }
      }
      xs.sort((p, q) => p - q);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        const c0 = Math.max(0, Math.ceil(((xs[k] ?? 0) - grid.originX) / grid.cellM - 0.5));
        const c1 = Math.min(grid.cols - 1, Math.floor(((xs[k + 1] ?? 0) - grid.originX) / grid.cellM - 0.5));
        for (let c = c0; c <= c1; c++) mask[row * grid.cols + c] = 1;
      }
    }
  }
  return mask;
}

/** Grid receivers at the cell centres of `grid` outside buildings, `heightM` above ground. */
export function gridNoiseReceivers(city: CityModel, grid: GridSpec, heightM: number): GridReceivers {
  const mask = buildingCellMask(city, grid);
  let n = 0;
  for (let k = 0; k < mask.length; k++) if (mask[k] === 0) n++;
  const out: GridReceivers = { grid, count: n, x: new Float64Array(n), y: new Float64Array(n), z: new Float64Array(n).fill(heightM), cell: new Uint32Array(n) };
  let j = 0;
  for (let row = 0; row < grid.rows; row++) {
    for (let col = 0; col < grid.cols; col++) {
      const k = row * grid.cols + col;
      if (mask[k] !== 0) continue;
      out.x[j] = grid.originX + (col + 0.5) * grid.cellM;
      out.y[j] = grid.originY + (row + 0.5) * grid.cellM;
      out.cell[j] = k;
      j++;
    }
  }
  return out;
}

export interface FacadeReceiverOptions {
  spacingM: number;
  offsetM: number;
  heightM: number;
  /** Only buildings with include[i] !== 0 get receivers (e.g. residents > 0). */
  include: (building: number) => boolean;
}

/** Facade receivers of the included buildings (see the module comment). */
export function facadeNoiseReceivers(city: CityModel, o: FacadeReceiverOptions): FacadeReceivers {
  if (!(o.spacingM > 0)) throw new RangeError(`facade receiver spacing ${o.spacingM} m must be > 0`);
  const b = city.buildings;
  const boxes = buildingBoxes(b);
  const locator = new FootprintLocator(b, boxes, new BuildingGrid(boxes, b.count, 25));
  const sides = wallSides(b);
  const xs: number[] = [];
  const ys: number[] = [];
  const owner: number[] = [];
  for (let i = 0; i < b.count; i++) {
    if (!o.include(i)) continue;
    const r0 = b.ringStart[i] ?? 0;
    for (let ring = r0; ring < (b.ringStart[i + 1] ?? 0); ring++) {
      const v0 = b.ringOffset[ring] ?? 0;
      const v1 = b.ringOffset[ring + 1] ?? 0;
      // Outward (away from the building's material) is right of the edge for a CCW outer ring and
      // for a CW hole: the opposite of `wallSides`' sign (the left-hand test); a ring of zero area
      // takes the left.
      const side = (sides[ring] ?? 0) === 0 ? -1 : -(sides[ring] ?? 0);
      for (let v = v0; v < v1; v++) {
        const w = v + 1 < v1 ? v + 1 : v0;
        const ax = b.xy[2 * v] ?? 0;
        const ay = b.xy[2 * v + 1] ?? 0;
        const ex = (b.xy[2 * w] ?? 0) - ax;
        const ey = (b.xy[2 * w + 1] ?? 0) - ay;
        const len = Math.hypot(ex, ey);
        if (len < 1e-6) continue;
        const nx = (side * ey) / len;
        const ny = (-side * ex) / len;
        for (let s = 0; s < len; s += o.spacingM) {
          const mid = (s + Math.min(len, s + o.spacingM)) / 2;
          const x = ax + (ex * mid) / len + nx * o.offsetM;
          const y = ay + (ey * mid) / len + ny * o.offsetM;
          if (locator.enclosed(x, y)) continue;
          xs.push(x);
          ys.push(y);
          owner.push(i);
        }
      }
    }
  }
  return { count: xs.length, x: Float64Array.from(xs), y: Float64Array.from(ys), z: new Float64Array(xs.length).fill(o.heightM), building: Uint32Array.from(owner) };
}
