/**
 * Traffic zones of a district: buildings grouped into square cells of a grid (ENU metres), one zone
 * per cell with residents or jobs. The zone centroid is the activity-weighted mean of its buildings'
 * footprint centroids (residents + jobs as weights). Units: m, persons, jobs.
 */
import type { BuildingTable } from '../city-model';
import { estimateJobs, footprint } from './trip-generation';

/** Default zone cell size, m: about one urban block. */
export const ZONE_CELL_M = 150;

export interface TrafficZones {
  zoneCount: number;
  /** Centroid of each zone, interleaved x, y (m). */
  centroidXY: Float64Array;
  residents: Float64Array;
  jobs: Float64Array;
  /** Zone of each building (−1: no residents and no jobs). */
  buildingZone: Int32Array;
  /** Cell label "i,j" of each zone (cell column, row). */
  label: string[];
}

/** Groups buildings with residents or jobs into grid cells of `cellSizeM`. */
export function zonesFromBuildings(b: BuildingTable, cellSizeM = ZONE_CELL_M, jobs = estimateJobs(b)): TrafficZones {
  if (!(cellSizeM > 0)) throw new Error(`traffic zones: cell size must be > 0 m, got ${cellSizeM}`);
  const byCell = new Map<string, number>();
  const label: string[] = [];
  const sums: { w: number; x: number; y: number; res: number; jobs: number }[] = [];
  const buildingZone = new Int32Array(b.count).fill(-1);
  for (let i = 0; i < b.count; i++) {
    const res = Number.isFinite(b.residents[i]) ? Math.max(0, b.residents[i] as number) : 0;
    const job = jobs[i] ?? 0;
    if (res + job <= 0) continue;
    const f = footprint(b, i);
    const key = `${Math.floor(f.x / cellSizeM)},${Math.floor(f.y / cellSizeM)}`;
    let z = byCell.get(key);
    if (z === undefined) {
      z = sums.length;
      byCell.set(key, z);
      label.push(key);
      sums.push({ w: 0, x: 0, y: 0, res: 0, jobs: 0 });
    }
    const s = sums[z] as (typeof sums)[number];
    const w = res + job;
    s.w += w;
    s.x += w * f.x;
    s.y += w * f.y;
    s.res += res;
    s.jobs += job;
    buildingZone[i] = z;
  }
  const n = sums.length;
  const centroidXY = new Float64Array(2 * n);
  const residents = new Float64Array(n);
  const jobTotals = new Float64Array(n);
  sums.forEach((s, z) => {
    centroidXY[2 * z] = s.x / s.w;
    centroidXY[2 * z + 1] = s.y / s.w;
    residents[z] = s.res;
    jobTotals[z] = s.jobs;
  });
  return { zoneCount: n, centroidXY, residents, jobs: jobTotals, buildingZone, label };
}
