/**
 * Road polylines → CALINE3 links: one at-grade link per polyline segment, with the CALINE3 mixing
 * zone width W = travelled way (lanes × lane width) + 3 m on each side (Benson 1979, §"mixing zone";
 * CALINE3 User's Guide). Accepts the city model's columnar polylines (vertexOffset + interleaved
 * xyz, m) without depending on it. A road's lineal emission rate (µg/(m·s)) applies to each of its
 * segments.
 */
import { Caline3Links } from './caline3';

/** CALINE3: the mixing zone extends 3 m beyond each edge of the travelled way. */
export const MIXING_ZONE_MARGIN_M = 3;
export const DEFAULT_LANE_WIDTH_M = 3.5;

export interface RoadPolylines {
  vertexOffset: Uint32Array;
  xyz: Float64Array;
}

export interface RoadLinks {
  links: Caline3Links;
  /** Road index of each link. */
  roadOfLink: Uint32Array;
}

export function linksFromRoads(roads: RoadPolylines, lanes: ArrayLike<number>, laneWidthM = DEFAULT_LANE_WIDTH_M): RoadLinks {
  const roadCount = roads.vertexOffset.length - 1;
  if (lanes.length < roadCount) throw new Error(`linksFromRoads: ${lanes.length} lane counts for ${roadCount} roads`);
  let count = 0;
  for (let r = 0; r < roadCount; r++) count += Math.max(0, (roads.vertexOffset[r + 1] as number) - (roads.vertexOffset[r] as number) - 1);
  const links = new Caline3Links(count);
  const roadOfLink = new Uint32Array(count);
  let n = 0;
  for (let r = 0; r < roadCount; r++) {
    const laneCount = Math.max(1, lanes[r] as number);
    const width = laneCount * laneWidthM + 2 * MIXING_ZONE_MARGIN_M;
    for (let v = roads.vertexOffset[r] as number; v + 1 < (roads.vertexOffset[r + 1] as number); v++) {
      const x1 = roads.xyz[3 * v] as number;
      const y1 = roads.xyz[3 * v + 1] as number;
      const x2 = roads.xyz[3 * v + 3] as number;
      const y2 = roads.xyz[3 * v + 4] as number;
      if (x1 === x2 && y1 === y2) continue;
      links.set(n, { x1M: x1, y1M: y1, x2M: x2, y2M: y2, type: 'AG', heightM: 0, mixingZoneWidthM: width });
      roadOfLink[n] = r;
      n++;
    }
  }
  if (n === count) return { links, roadOfLink };
  // Drop the slots of zero-length segments.
  const compact = new Caline3Links(n);
  for (const key of ['x1', 'y1', 'x2', 'y2', 'heightM', 'widthM', 'typeCode'] as const) compact[key].set(links[key].subarray(0, n));
  return { links: compact, roadOfLink: roadOfLink.slice(0, n) };
}

/** Per-link emission rates from per-road rates (µg/(m·s)). */
export function linkEmissionsFromRoads(roadEmissionsUgPerMS: ArrayLike<number>, roadOfLink: Uint32Array, out = new Float64Array(roadOfLink.length)): Float64Array {
  for (let l = 0; l < roadOfLink.length; l++) out[l] = roadEmissionsUgPerMS[roadOfLink[l] as number] as number;
  return out;
}
