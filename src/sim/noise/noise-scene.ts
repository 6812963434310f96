/**
 * Plain typed-array inputs of the noise map kernel, shaped like the twin's columnar tables
 * (src/twin/city-model.ts) so the twin passes its buffers without copying; src/sim never imports
 * src/twin. Planar coordinates in m; flat ground at z = 0 (terrain is not yet used by the map).
 */

import { pointInRings } from '../core/point-in-rings';
import { BuildingGrid } from './building-grid';
import { FootprintLocator } from './footprint-locator';
import { buildingBoxes } from './footprint-walls';

/** Building prisms: footprint rings (first ring of each building = outer ring) and height. */
export interface NoiseBuildings {
  count: number;
  /** Length count + 1: first ring of each building. */
  ringStart: Uint32Array;
  /** Length ringCount + 1: first vertex of each ring. */
  ringOffset: Uint32Array;
  /** Interleaved x, y of every vertex, m. */
  xy: Float64Array;
  /** Roof height above the ground, m. */
  heightM: Float32Array | Float64Array;
}

/** Road centre lines. */
export interface NoiseRoads {
  count: number;
  /** Length count + 1: first vertex of each road. */
  vertexOffset: Uint32Array;
  /** Interleaved x, y, z of every vertex, m (z unused: flat ground). */
  xyz: Float64Array;
}

/** Receivers: x, y, height above ground, m. */
export interface NoiseReceivers {
  count: number;
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
}

/** Point sources cut from road lines: position, road index and the length they stand for. */
export interface PointSources {
  count: number;
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
  road: Uint32Array;
  /** Length of road each point represents, m (its power is Lw' + 10 lg l). */
  lengthM: Float64Array;
}

/** Road source height above the road surface, m (Annex II §2.2.1: 0.05 m). */
export const ROAD_SOURCE_HEIGHT_M = 0.05;

/**
 * Cuts every road into point sources at most `stepM` apart, each at the middle of its piece
 * (Annex II §2.5.1: a line source is represented by point sources; the piece must stay short
 * against the distance to the receivers).
 */
export function roadPointSources(roads: NoiseRoads, stepM: number): PointSources {
  if (!(stepM > 0)) throw new Error(`point source step must be > 0 m, got ${stepM}`);
  let total = 0;
  for (let r = 0; r < roads.count; r++) {
    for (let v = (roads.vertexOffset[r] ?? 0) + 1; v < (roads.vertexOffset[r + 1] ?? 0); v++) {
      const len = Math.hypot((roads.xyz[3 * v] ?? 0) - (roads.xyz[3 * v - 3] ?? 0), (roads.xyz[3 * v + 1] ?? 0) - (roads.xyz[3 * v - 2] ?? 0));
      total += Math.max(1, Math.ceil(len / stepM));
    }
  }
  const out: PointSources = { count: 0, x: new Float64Array(total), y: new Float64Array(total), z: new Float64Array(total), road: new Uint32Array(total), lengthM: new Float64Array(total) };
  let n = 0;
  for (let r = 0; r < roads.count; r++) {
    for (let v = (roads.vertexOffset[r] ?? 0) + 1; v < (roads.vertexOffset[r + 1] ?? 0); v++) {
      const x0 = roads.xyz[3 * v - 3] ?? 0;
      const y0 = roads.xyz[3 * v - 2] ?? 0;
      const dx = (roads.xyz[3 * v] ?? 0) - x0;
      const dy = (roads.xyz[3 * v + 1] ?? 0) - y0;
      const len = Math.hypot(dx, dy);
      if (len === 0) continue;
      const pieces = Math.max(1, Math.ceil(len / stepM));
      for (let k = 0; k < pieces; k++) {
        const t = (k + 0.5) / pieces;
        out.x[n] = x0 + t * dx;
        out.y[n] = y0 + t * dy;
        out.z[n] = ROAD_SOURCE_HEIGHT_M;
        out.road[n] = r;
        out.lengthM[n] = len / pieces;
        n++;
      }
    }
  }
  out.count = n;
  return out;
}

/** Grid receivers every `stepM` over [x0, x1] × [y0, y1] at `heightM` (defaults 10 m, 4 m), outside buildings. */
export function gridReceivers(x0: number, y0: number, x1: number, y1: number, buildings: NoiseBuildings, stepM = 10, heightM = 4): NoiseReceivers {
  if (!(stepM > 0)) throw new Error(`grid step must be > 0 m, got ${stepM}`);
  const nx = Math.max(1, Math.floor((x1 - x0) / stepM) + 1);
  const ny = Math.max(1, Math.floor((y1 - y0) / stepM) + 1);
  const boxes = buildingBoxes(buildings);
  const locator = new FootprintLocator(buildings, boxes, new BuildingGrid(boxes, buildings.count, 25));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const x = x0 + i * stepM;
      const y = y0 + j * stepM;
      if (locator.enclosed(x, y)) continue;
      xs.push(x);
      ys.push(y);
    }
  }
  return { count: xs.length, x: Float64Array.from(xs), y: Float64Array.from(ys), z: new Float64Array(xs.length).fill(heightM) };
}

/**
 * Whether (x, y) lies under a building: even-odd over each building's rings, so a courtyard is
 * outside. Tests every building: for many points, `FootprintLocator.enclosed` (building grid).
 */
export function insideAnyBuilding(b: NoiseBuildings, x: number, y: number): boolean {
  for (let i = 0; i < b.count; i++) {
    if (pointInRings(b.ringOffset, b.xy, b.ringStart[i] ?? 0, b.ringStart[i + 1] ?? 0, x, y)) return true;
  }
  return false;
}
