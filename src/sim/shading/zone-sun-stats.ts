/**
 * Sun-hours KPIs per zone (open spaces: parks, squares, playgrounds, courtyards): for every polygon
 * of a zone table, the share of its ground cells with at least `thresholdH` hours of direct sun (the
 * BRE 209 "Site layout planning for daylight and sunlight", 3rd ed. 2022, §3.3 test: at least half of
 * an amenity area should get ≥ 2 h of sun on 21 March), its mean hours and area. A cell belongs to a
 * zone when its centre lies inside the polygon (even-odd over its rings), the same cell-centre rule as
 * the shadows; cells excluded by `mask` (0, e.g. under building footprints) are left out.
 */
import type { GroundGrid, PrismObstacles } from './shadow-raster';
import { rasterisePrismShadows } from './shadow-raster';

/** Polygons in the columnar layout of the city model's PolygonTable (rings, vertex offsets, xy in m). */
export interface ZonePolygons {
  count: number;
  ringStart: Uint32Array;
  ringOffset: Uint32Array;
  xy: Float64Array;
}

export interface ZoneSunStats {
  /** Zone index in the table. */
  zone: number;
  /** Cells counted and their area (m²). */
  cells: number;
  areaM2: number;
  /** Fraction (0…1) of the cells with hours ≥ threshold; NaN for a zone with no cell on the grid. */
  shareAtLeast: number;
  meanH: number;
}

const UNIT_BASE = new Float32Array([0]);
const UNIT_HEIGHT = new Float32Array([1]);

/**
 * Per-zone statistics of `hours` (row-major on `grid`) for the zones listed in `zones` (indices into
 * `table`). Cost: the zone's bounding box in cells, per zone.
 */
export function zoneSunStats(hours: Float32Array, grid: GroundGrid, table: ZonePolygons, zones: readonly number[], thresholdH: number, mask?: Uint8Array): ZoneSunStats[] {
  if (hours.length !== grid.nx * grid.ny) throw new Error(`hours has ${hours.length} cells, grid ${grid.nx} × ${grid.ny}`);
  if (mask !== undefined && mask.length !== hours.length) throw new Error(`mask has ${mask.length} cells, hours ${hours.length}`);
  const c = grid.cellSizeM;
  let scratch = new Float32Array(0);
  const out: ZoneSunStats[] = [];
  for (const z of zones) {
    if (!(Number.isInteger(z) && z >= 0 && z < table.count)) throw new Error(`zone index ${z} outside the table (0…${table.count - 1})`);
    const v0 = table.ringOffset[table.ringStart[z] as number] as number;
    const v1 = table.ringOffset[table.ringStart[z + 1] as number] as number;
    let xMin = Infinity;
    let yMin = Infinity;
    let xMax = -Infinity;
    let yMax = -Infinity;
    for (let v = v0; v < v1; v++) {
      const x = table.xy[2 * v] as number;
      const y = table.xy[2 * v + 1] as number;
      if (x < xMin) xMin = x;
      if (x > xMax) xMax = x;
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
    }
    const i0 = Math.max(0, Math.floor((xMin - grid.x0) / c));
    const i1 = Math.min(grid.nx - 1, Math.floor((xMax - grid.x0) / c));
    const j0 = Math.max(0, Math.floor((yMin - grid.y0) / c));
    const j1 = Math.min(grid.ny - 1, Math.floor((yMax - grid.y0) / c));
    let cells = 0;
    let sum = 0;
    let atLeast = 0;
    if (i1 >= i0 && j1 >= j0) {
      const sub: GroundGrid = { x0: grid.x0 + i0 * c, y0: grid.y0 + j0 * c, cellSizeM: c, nx: i1 - i0 + 1, ny: j1 - j0 + 1 };
      const n = sub.nx * sub.ny;
      if (scratch.length < n) scratch = new Float32Array(n);
      const inside = scratch.subarray(0, n);
      inside.fill(1);
      // The zone's cells are the "shadow" of a unit prism under a zenith sun.
      const prism: PrismObstacles = { count: 1, ringStart: table.ringStart.subarray(z, z + 2), ringOffset: table.ringOffset, xy: table.xy, baseHeightM: UNIT_BASE, heightM: UNIT_HEIGHT };
      rasterisePrismShadows(inside, sub, prism, 0, 0, 1);
      for (let j = 0; j < sub.ny; j++) {
        for (let i = 0; i < sub.nx; i++) {
          if ((inside[j * sub.nx + i] as number) !== 0) continue;
          const cell = (j + j0) * grid.nx + i + i0;
          if (mask !== undefined && mask[cell] === 0) continue;
          const h = hours[cell] as number;
          cells++;
          sum += h;
          if (h >= thresholdH) atLeast++;
        }
      }
    }
    out.push({ zone: z, cells, areaM2: cells * c * c, shareAtLeast: cells > 0 ? atLeast / cells : NaN, meanH: cells > 0 ? sum / cells : NaN });
  }
  return out;
}
