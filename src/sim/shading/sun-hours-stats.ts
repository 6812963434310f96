/**
 * Planner KPIs on a sun-hours grid: share of a zone (e.g. an open space) with at least a threshold of
 * direct sun (the "≥ 2 h of sun on 21 March" rule of BRE 209 "Site layout planning for daylight and
 * sunlight", 3rd ed. 2022, §3.3), plus mean, minimum and maximum hours over the zone.
 */
import type { GroundGrid, PrismObstacles } from './shadow-raster';
import { sunlitFraction } from './sun-hours';

/**
 * 1 for ground cells not covered by a building footprint (cell centre outside every footprint), 0
 * under buildings: the zone of "open ground" for the statistics below. It is the shadow of the prisms
 * for a sun at the zenith.
 */
export function openGroundMask(grid: GroundGrid, buildings: PrismObstacles): Uint8Array {
  const light = sunlitFraction(grid, [0, 0, 1], buildings, undefined);
  const mask = new Uint8Array(light.length);
  for (let i = 0; i < light.length; i++) mask[i] = (light[i] as number) > 0 ? 1 : 0;
  return mask;
}

export interface SunHoursStats {
  /** Cells counted (inside the mask). */
  cells: number;
  meanH: number;
  minH: number;
  maxH: number;
  /** Fraction (0…1) of the counted cells with hours ≥ thresholdH. */
  shareAtLeast: number;
}

/**
 * Statistics of `hours` over the cells where `mask` is non-zero (all cells when absent) with the
 * threshold `thresholdH` (hours). A zone with no cells gives NaN figures.
 */
export function sunHoursStats(hours: Float32Array, thresholdH: number, mask?: Uint8Array): SunHoursStats {
  if (mask !== undefined && mask.length !== hours.length) throw new Error(`mask has ${mask.length} cells, hours ${hours.length}`);
  let cells = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let atLeast = 0;
  for (let i = 0; i < hours.length; i++) {
    if (mask !== undefined && mask[i] === 0) continue;
    const h = hours[i] as number;
    cells++;
    sum += h;
    if (h < min) min = h;
    if (h > max) max = h;
    if (h >= thresholdH) atLeast++;
  }
  if (cells === 0) return { cells, meanH: NaN, minH: NaN, maxH: NaN, shareAtLeast: NaN };
  return { cells, meanH: sum / cells, minH: min, maxH: max, shareAtLeast: atLeast / cells };
}
