/**
 * Facade receivers for sun-hours at windows: sample points along every edge of each building's outer
 * ring, at a height above the building's base, facing outwards (unit normals), as input to
 * receiverSunHours (receiver-sun-hours.ts). Ring orientation is computed (shoelace), not assumed.
 */
import type { SunReceivers } from './receiver-sun-hours';
import type { PrismObstacles } from './shadow-raster';

export interface FacadeReceivers extends SunReceivers {
  normal: Float64Array;
  /** Building index of each receiver. */
  building: Uint32Array;
}

/**
 * One receiver per `spacingM` (at least one per edge, at the centres of equal sub-segments) on each
 * outer-ring edge, `heightAboveBaseM` above the building's base (capped at half its height; a NaN base
 * counts as 0). Buildings without a valid height get none.
 */
export function facadeReceivers(buildings: PrismObstacles, spacingM = 5, heightAboveBaseM = 1.5): FacadeReceivers {
  if (!(spacingM > 0)) throw new Error(`facade receiver spacing must be > 0 m, got ${spacingM}`);
  const { ringStart, ringOffset, xy } = buildings;
  const xyz: number[] = [];
  const normal: number[] = [];
  const building: number[] = [];
  for (let b = 0; b < buildings.count; b++) {
    const height = buildings.heightM[b] as number;
    if (!(height > 0)) continue;
    const base = Number.isFinite(buildings.baseHeightM[b]) ? (buildings.baseHeightM[b] as number) : 0;
    const z = base + Math.min(heightAboveBaseM, height / 2);
    const r = ringStart[b] as number;
    const s = ringOffset[r] as number;
    const e = ringOffset[r + 1] as number;
    let area2 = 0;
    for (let v = s; v < e; v++) {
      const w = v + 1 < e ? v + 1 : s;
      area2 += (xy[2 * v] as number) * (xy[2 * w + 1] as number) - (xy[2 * w] as number) * (xy[2 * v + 1] as number);
    }
    const outward = area2 >= 0 ? 1 : -1; // CCW: the outside is to the right of each edge
    for (let v = s; v < e; v++) {
      const w = v + 1 < e ? v + 1 : s;
      const ax = xy[2 * v] as number;
      const ay = xy[2 * v + 1] as number;
      const dx = (xy[2 * w] as number) - ax;
      const dy = (xy[2 * w + 1] as number) - ay;
      const len = Math.hypot(dx, dy);
      if (!(len > 1e-6)) continue;
      const n = Math.max(1, Math.round(len / spacingM));
      for (let k = 0; k < n; k++) {
        const f = (k + 0.5) / n;
        xyz.push(ax + f * dx, ay + f * dy, z);
        normal.push((outward * dy) / len, (-outward * dx) / len, 0);
        building.push(b);
      }
    }
  }
  return { count: building.length, xyz: Float64Array.from(xyz), normal: Float64Array.from(normal), building: Uint32Array.from(building) };
}
