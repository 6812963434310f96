/**
 * Exposure of residents to road traffic noise (issue 8), per Directive 2002/49/EC Annex VI §1.5–1.6
 * (people in dwellings per 5-dB band of Lden and Lnight at the most exposed facade) and the
 * assessment method of Directive (EU) 2015/996 Annex II §2.8 (all residents of a building assigned
 * to its facade receivers; here to the most exposed one, per indicator).
 *
 * Residents per building: `city.buildings.residents`, which the importers fill from the source's
 * attribute when there is one, else estimate from floor area (src/twin/defaults.ts
 * `estimateResidents`: footprint × storeys × 0.8 ÷ 40 m² per person for dwellings; the same figure
 * src/twin/traffic/trip-generation.ts uses for trip productions).
 *
 * Bands are the classes of the map legend (NOISE_CLASSES: < 35, 35–39, …, ≥ 80 dB), so the bands
 * cover every level and their totals equal the residents assessed. Residents of a building with no
 * facade receiver (every receiver fell inside a neighbouring building) are counted as unassessed.
 */
import type { CityModel } from '../twin/city-model';
import { NOISE_CLASSES, NOISE_THRESHOLDS, noiseClassIndex } from '../sim/noise/noise-classes';

export interface ExposureBand {
  /** Lower bound, dB (−Infinity for the first band). */
  fromDb: number;
  /** Upper bound, dB (Infinity for the last band). */
  toDb: number;
  label: string;
  /** Residents whose most exposed facade's Lden / Lnight lies in the band (persons). */
  ldenResidents: number;
  lnightResidents: number;
}

export interface ExposureTable {
  bands: ExposureBand[];
  /** Residents of all buildings, persons. */
  totalResidents: number;
  /** Residents with a facade level (sum of every band), persons. */
  assessedResidents: number;
  /** Residents of buildings without any facade receiver, persons. */
  unassessedResidents: number;
  /**
   * Residents counted in the lowest band because no road source lies within the job's range of
   * any of their facades (level −Infinity): quiet as far as the dataset's roads go.
   */
  beyondRangeResidents: number;
  /** Buildings with residents and with / without a facade level. */
  buildingsAssessed: number;
  buildingsUnassessed: number;
  /** Residents at or above the END reporting thresholds (55 dB Lden, 50 dB Lnight). */
  endLdenAbove55: number;
  endLnightAbove50: number;
  /** Residents at or above the WHO 2018 road traffic guideline levels (53 dB Lden, 45 dB Lnight). */
  whoLdenAbove53: number;
  whoLnightAbove45: number;
}

/** Highest level per building over its facade receivers, dB (NaN: no receiver). */
export function mostExposedFacade(buildingCount: number, building: Uint32Array, levels: ArrayLike<number>): Float32Array {
  const out = new Float32Array(buildingCount).fill(Number.NaN);
  for (let k = 0; k < building.length; k++) {
    const i = building[k] ?? 0;
    const l = levels[k] ?? Number.NaN;
    const cur = out[i] ?? Number.NaN;
    if (Number.isNaN(cur) || l > cur) out[i] = l;
  }
  return out;
}

/** The exposure table from the most exposed facade's Lden and Lnight of every building. */
export function exposureTable(city: CityModel, buildingLden: Float32Array, buildingLnight: Float32Array): ExposureTable {
  const bands: ExposureBand[] = NOISE_CLASSES.map((c, k) => ({ fromDb: c.fromDb, toDb: NOISE_CLASSES[k + 1]?.fromDb ?? Number.POSITIVE_INFINITY, label: c.label, ldenResidents: 0, lnightResidents: 0 }));
  const t: ExposureTable = {
    bands, totalResidents: 0, assessedResidents: 0, unassessedResidents: 0, beyondRangeResidents: 0, buildingsAssessed: 0, buildingsUnassessed: 0,
    endLdenAbove55: 0, endLnightAbove50: 0, whoLdenAbove53: 0, whoLnightAbove45: 0,
  };
  const residents = city.buildings.residents;
  for (let i = 0; i < city.buildings.count; i++) {
    const n = residents[i] ?? 0;
    if (!(n > 0)) continue;
    t.totalResidents += n;
    const lden = buildingLden[i] ?? Number.NaN;
    const lnight = buildingLnight[i] ?? Number.NaN;
    if (Number.isNaN(lden) || Number.isNaN(lnight)) {
      t.unassessedResidents += n;
      t.buildingsUnassessed++;
      continue;
    }
    t.assessedResidents += n;
    t.buildingsAssessed++;
    if (lden === Number.NEGATIVE_INFINITY) t.beyondRangeResidents += n;
    const bd = bands[noiseClassIndex(lden)];
    const bn = bands[noiseClassIndex(lnight)];
    if (bd !== undefined) bd.ldenResidents += n;
    if (bn !== undefined) bn.lnightResidents += n;
    if (lden >= NOISE_THRESHOLDS.endLden) t.endLdenAbove55 += n;
    if (lnight >= NOISE_THRESHOLDS.endLnight) t.endLnightAbove50 += n;
    if (lden >= NOISE_THRESHOLDS.whoRoadLden) t.whoLdenAbove53 += n;
    if (lnight >= NOISE_THRESHOLDS.whoRoadLnight) t.whoLnightAbove45 += n;
  }
  return t;
}
