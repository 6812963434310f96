/**
 * The unit link contributions of runAirJob (src/sim-workers/air-job.ts), kept across runs of the
 * air panel's worker the way the scenario chain keeps them (src/scenario/stages.ts
 * airDispersionKey): per dispersion geometry — road polylines and lanes (the CALINE3 links),
 * building footprints and heights (facade receivers), station positions (receivers) and the job's
 * grid, receiver height and roughness. Flows, speeds, the flow period, backgrounds and pollutants
 * only weight the stored contributions; runAirJob keys the weather conditions inside one entry.
 * Bounded: a new geometry replaces the old one, and an entry holding more than `maxWeatherCases`
 * conditions is emptied before the next run (each holds ~16 MB for the demo district at 20 m).
 */
import type { CityModel } from '../twin/city-model';
import type { LinkContributions } from '../sim/air/district-map';
import { contentHash } from '../scenario/content-hash';
import type { AirJob } from './air-job';

/** Content hash of what the dispersion of `job` on `city` depends on (not weather, flows or speeds). */
export function airDispersionGeometryKey(city: CityModel, job: AirJob): string {
  const b = city.buildings;
  const r = city.roads;
  const stations = (job.stations ?? []).map((s) => ({ x: s.xM, y: s.yM }));
  const grid = { cellSizeM: job.cellSizeM ?? null, bounds: job.bounds ?? null, receiverHeightM: job.receiverHeightM ?? null, roughnessCm: job.roughnessCm ?? null, stations };
  return contentHash('air-panel-dispersion/1', b.ringStart, b.ringOffset, b.xy, b.heightM, r.vertexOffset, r.xyz, r.lanes, grid);
}

export class AirDispersionCache {
  private key: string | null = null;
  private runs = new Map<string, LinkContributions>();
  hits = 0;
  misses = 0;

  constructor(readonly maxWeatherCases = 8) {}

  /** The contribution map to pass to runAirJob for this city and job (emptied when the geometry changed). */
  runsFor(city: CityModel, job: AirJob): Map<string, LinkContributions> {
    const key = airDispersionGeometryKey(city, job);
    if (key !== this.key || this.runs.size > this.maxWeatherCases) {
      this.key = key;
      this.runs = new Map();
      this.misses++;
    } else this.hits++;
    return this.runs;
  }
}
