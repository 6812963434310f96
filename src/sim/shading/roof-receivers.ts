/**
 * Roof receivers for sun-hours on roofs (issue 6: "on building facades and roofs"): sample points on a
 * square grid of `spacingM` inside each building footprint (even-odd over all its rings, so courtyards
 * get none), at the roof height base + height plus a small lift, facing up (normal (0, 0, 1)), as input
 * to receiverSunHours (receiver-sun-hours.ts). Roofs are taken flat at the prism top (the twin's
 * buildings are LoD1 prisms). Each point carries the roof area it stands for, so area shares are
 * sums of weights, not counts.
 */
import type { SunReceivers } from './receiver-sun-hours';
import type { PrismObstacles } from './shadow-raster';
import { pointInRings } from '../core/point-in-rings';

export interface RoofReceivers extends SunReceivers {
  normal: Float64Array;
  /** Building index of each receiver. */
  building: Uint32Array;
  /** Roof area each receiver stands for (m²): spacing², or the whole footprint for a roof too small to hold a grid point. */
  areaM2: Float64Array;
}

/** Default grid spacing (m) of roof receivers. */
export const ROOF_SPACING_M = 2;
/** Default lift (m) of a roof receiver above its roof: keeps it off the roof plane that would otherwise tie with its own prism top. */
export const ROOF_LIFT_M = 0.05;

/** Even-odd point-in-polygon over all rings of building `b` (courtyards are outside). */
function insideFootprint(p: PrismObstacles, b: number, x: number, y: number): boolean {
  return pointInRings(p.ringOffset, p.xy, p.ringStart[b] ?? 0, p.ringStart[b + 1] ?? 0, x, y);
}

/** Footprint area (m², shoelace: outer ring minus holes) and the outer ring's area centroid. */
function outerRingAreaCentroid(p: PrismObstacles, b: number): { areaM2: number; cx: number; cy: number } {
  const { ringStart, ringOffset, xy } = p;
  let area = 0;
  let holes = 0;
  let cx = 0;
  let cy = 0;
  for (let r = ringStart[b] as number; r < (ringStart[b + 1] as number); r++) {
    const s = ringOffset[r] as number;
    const e = ringOffset[r + 1] as number;
    let a2 = 0;
    let sx = 0;
    let sy = 0;
    for (let v = s, w = e - 1; v < e; w = v++) {
      const xw = xy[2 * w] as number;
      const yw = xy[2 * w + 1] as number;
      const xv = xy[2 * v] as number;
      const yv = xy[2 * v + 1] as number;
      const c = xw * yv - xv * yw;
      a2 += c;
      sx += (xw + xv) * c;
      sy += (yw + yv) * c;
    }
    if (r === ringStart[b]) {
      area = Math.abs(a2) / 2;
      cx = a2 !== 0 ? sx / (3 * a2) : (xy[2 * s] as number);
      cy = a2 !== 0 ? sy / (3 * a2) : (xy[2 * s + 1] as number);
    } else holes += Math.abs(a2) / 2;
  }
  return { areaM2: Math.max(0, area - holes), cx, cy };
}

/**
 * Roof receivers of every building with a valid height: grid points (i + ½)·spacing from the
 * footprint's bounding-box corner that lie inside the footprint, at z = base + height + liftM (a NaN
 * base counts as 0). A footprint holding no grid point gets one receiver at its outer ring's area
 * centroid when that lies inside, standing for the whole footprint area.
 */
export function roofReceivers(buildings: PrismObstacles, spacingM = ROOF_SPACING_M, liftM = ROOF_LIFT_M): RoofReceivers {
  if (!(spacingM > 0)) throw new Error(`roof receiver spacing must be > 0 m, got ${spacingM}`);
  if (!(liftM >= 0)) throw new Error(`roof receiver lift must be ≥ 0 m, got ${liftM}`);
  const { ringStart, ringOffset, xy } = buildings;
  const xyz: number[] = [];
  const building: number[] = [];
  const area: number[] = [];
  const cellArea = spacingM * spacingM;
  for (let b = 0; b < buildings.count; b++) {
    const height = buildings.heightM[b] as number;
    if (!(height > 0)) continue;
    const base = Number.isFinite(buildings.baseHeightM[b]) ? (buildings.baseHeightM[b] as number) : 0;
    const z = base + height + liftM;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let v = ringOffset[ringStart[b] as number] as number; v < (ringOffset[ringStart[b + 1] as number] as number); v++) {
      x0 = Math.min(x0, xy[2 * v] as number);
      x1 = Math.max(x1, xy[2 * v] as number);
      y0 = Math.min(y0, xy[2 * v + 1] as number);
      y1 = Math.max(y1, xy[2 * v + 1] as number);
    }
    if (!(x1 > x0 && y1 > y0)) continue;
    const nx = Math.max(1, Math.ceil((x1 - x0) / spacingM));
    const ny = Math.max(1, Math.ceil((y1 - y0) / spacingM));
    // Centre the sample grid on the bounding box so that a footprint narrower than the spacing is sampled in its middle.
    const ox = (x0 + x1) / 2 - (nx * spacingM) / 2;
    const oy = (y0 + y1) / 2 - (ny * spacingM) / 2;
    let placed = 0;
    for (let j = 0; j < ny; j++) {
      const y = oy + (j + 0.5) * spacingM;
      for (let i = 0; i < nx; i++) {
        const x = ox + (i + 0.5) * spacingM;
        if (!insideFootprint(buildings, b, x, y)) continue;
        xyz.push(x, y, z);
        building.push(b);
        area.push(cellArea);
        placed++;
      }
    }
    if (placed === 0) {
      const c = outerRingAreaCentroid(buildings, b);
      if (c.areaM2 > 0 && insideFootprint(buildings, b, c.cx, c.cy)) {
        xyz.push(c.cx, c.cy, z);
        building.push(b);
        area.push(c.areaM2);
      }
    }
  }
  const count = building.length;
  const normal = new Float64Array(3 * count);
  for (let i = 0; i < count; i++) normal[3 * i + 2] = 1;
  return { count, xyz: Float64Array.from(xyz), normal, building: Uint32Array.from(building), areaM2: Float64Array.from(area) };
}

/** Share (0…1) of the roof area (receiver weights) with at least `thresholdH` hours; NaN without receivers. */
export function roofAreaShareAtLeast(hours: ArrayLike<number>, areaM2: ArrayLike<number>, thresholdH: number, count = areaM2.length): { shareAtLeast: number; areaM2: number } {
  let total = 0;
  let above = 0;
  for (let i = 0; i < count; i++) {
    const a = areaM2[i] as number;
    total += a;
    if ((hours[i] as number) >= thresholdH) above += a;
  }
  return { shareAtLeast: total > 0 ? above / total : Number.NaN, areaM2: total };
}
