/**
 * Trip generation for a district without survey data: productions from residents, attractions from
 * jobs estimated on non-residential floor area. Units: persons, jobs, m², veh/h.
 *
 * Sources:
 * - Floor area per job: Homes and Communities Agency, "Employment Density Guide", 3rd ed. (2015),
 *   Table 1 (net internal area per full-time equivalent: general office 12 m², retail 15–20 m²,
 *   general industrial 36 m², schools and public services 30–40 m²). The twin has gross floor area
 *   (footprint × storeys), about 20 % more than net internal area, so the figures below are the
 *   guide's values × 1.2, rounded.
 * - Peak-hour vehicle trips per resident: "Mobilität in Deutschland 2017" (BMVI / infas), 3.1 trips
 *   per person and day, 43 % as car driver → 1.3 car-driver trips per person and day; the morning
 *   peak hour carries about 10 % of the daily trips (MiD 2017 time-of-day profile), i.e.
 *   ≈ 0.13 veh/h per resident. Trips to and from outside the district are not modelled.
 */
import { BUILDING_USES, type BuildingTable, type BuildingUse } from '../city-model';

/** Gross floor area per job by building use, m² (HCA Employment Density Guide 2015 × 1.2); absent = no jobs. */
export const FLOOR_AREA_PER_JOB_M2: Readonly<Partial<Record<BuildingUse, number>>> = {
  office: 15,
  commercial: 22,
  mixed: 22,
  industrial: 45,
  public: 40,
  education: 40,
  health: 30,
  transport: 60,
  religious: 200,
};

/** Share of a mixed-use building's floor area that is not housing (ground-floor shops): an assumption. */
export const MIXED_USE_NON_RESIDENTIAL_SHARE = 0.25;

/** Peak-hour car-driver trips per resident, veh/h (MiD 2017, see above). */
export const PEAK_HOUR_TRIPS_PER_RESIDENT = 0.13;

/** Footprint area (m², outer ring minus holes) and centroid (m) of building `i`. */
export function footprint(b: BuildingTable, i: number): { areaM2: number; x: number; y: number } {
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (let ring = b.ringStart[i] as number; ring < (b.ringStart[i + 1] as number); ring++) {
    const v0 = b.ringOffset[ring] as number;
    const v1 = b.ringOffset[ring + 1] as number;
    let a = 0;
    let sx = 0;
    let sy = 0;
    for (let v = v0; v < v1; v++) {
      const w = v + 1 < v1 ? v + 1 : v0;
      const x0 = b.xy[2 * v] as number;
      const y0 = b.xy[2 * v + 1] as number;
      const x1 = b.xy[2 * w] as number;
      const y1 = b.xy[2 * w + 1] as number;
      const cross = x0 * y1 - x1 * y0;
      a += cross;
      sx += (x0 + x1) * cross;
      sy += (y0 + y1) * cross;
    }
    if (ring === (b.ringStart[i] as number)) {
      if (a !== 0) {
        cx = sx / (3 * a);
        cy = sy / (3 * a);
      } else if (v1 > v0) {
        cx = b.xy[2 * v0] as number;
        cy = b.xy[2 * v0 + 1] as number;
      }
      area += Math.abs(a / 2);
    } else {
      area -= Math.abs(a / 2);
    }
  }
  return { areaM2: Math.max(0, area), x: cx, y: cy };
}

/** Estimated jobs per building: non-residential gross floor area / FLOOR_AREA_PER_JOB_M2[use]. */
export function estimateJobs(b: BuildingTable): Float64Array {
  const jobs = new Float64Array(b.count);
  for (let i = 0; i < b.count; i++) {
    const use = BUILDING_USES[b.use[i] as number];
    const perJob = use === undefined ? undefined : FLOOR_AREA_PER_JOB_M2[use];
    if (perJob === undefined) continue;
    const storeys = Math.max(1, b.storeys[i] ?? 1);
    const share = use === 'mixed' ? MIXED_USE_NON_RESIDENTIAL_SHARE : 1;
    jobs[i] = (footprint(b, i).areaM2 * storeys * share) / perJob;
  }
  return jobs;
}
