/**
 * Air quality near roads for a city (issue 9): NO2, PM10 and PM2.5 maps (µg/m³, receivers 1.5 m
 * above ground on a grid over the road network), for one hour of given weather or as the mean over
 * binned weather cases; the most-exposed-facade concentration of every building and the
 * population-weighted exposure; CO2 from traffic; modelled vs observed at the air-quality stations.
 *
 * Chain: city roads → CALINE3 links (`road-links.ts`) → emissions per link from the flows of one
 * period (`traffic-emissions.ts`, EMEP/EEA factors) → unit contributions per weather case
 * (`district-map.ts`) → road increment + background → NO2 by the ozone-limiting method when
 * background O3 is known, else the incremental Derwent–Middleton curve (`no2-conversion.ts`).
 * Pure: runs in the worker (src/app/air.worker.ts), the CLI and tests alike.
 */
import type { CityModel } from '../twin/city-model';
import { FLOW_STRIDE, PERIODS, VEHICLE_CATEGORIES } from '../twin/city-model';
import type { GridSpec } from '../results/result-types';
import { throwIfCancelled, type RunControl } from '../sim/core/progress';
import { openGroundMask } from '../sim/shading/sun-hours-stats';
import type { StabilityClass } from '../sim/air/stability-class';
import type { WeatherCase } from '../sim/air/meteorology';
import { linksFromRoads, linkEmissionsFromRoads } from '../sim/air/road-links';
import { linkEmissionsUgPerMS, speedClampReport } from '../sim/air/traffic-emissions';
import { computeLinkContributions, concentrationMap, createReceivers, type LinkContributions, type Receivers } from '../sim/air/district-map';
import { buildingFacadeReceivers, mostExposedFacade } from '../sim/air/building-receivers';
import { populationWeightedMean } from '../sim/air/exposure';
import { evaluateModel, type EvaluationStatistics } from '../sim/air/model-evaluation';
import { no2FromRoadNoxUgPerM3 } from '../sim/air/no2-conversion';

/** Background concentration (µg/m³) of a species at receiver r; NaN = unknown (O3 only). */
interface BackgroundAt {
  at(r: number, species: StationSpecies): number;
}

export const AIR_MAP_POLLUTANTS = ['NO2', 'PM10', 'PM2.5'] as const;
export type FlowPeriod = (typeof PERIODS)[number];
export type AirMapPollutant = (typeof AIR_MAP_POLLUTANTS)[number];
/** Species a station may report (µg/m³). */
export type StationSpecies = AirMapPollutant | 'O3';

/** Weather of one hour (wind FROM, degrees clockwise from north). */
export interface AirWeather {
  windSpeedMPerS: number;
  windFromDeg: number;
  stability: StabilityClass;
  /** Mixing height, m (≥ 1000 m: no lid, CALINE3's convention). Default 1000. */
  mixingHeightM?: number;
}

/** An air-quality station in the district's ENU frame with its latest values (µg/m³). */
export interface AirStation {
  id: string;
  xM: number;
  yM: number;
  observed: Readonly<Partial<Record<StationSpecies, number>>>;
}

export interface AirJob {
  /** 'hourly': one weather condition; 'period-mean': Σ weight·C over `weatherCases`. */
  mode: 'hourly' | 'period-mean';
  weather?: AirWeather;
  /** Binned weather cases; a case may name its own flow period (e.g. night hours with night traffic). */
  weatherCases?: readonly (WeatherCase & { flowPeriod?: FlowPeriod })[];
  /** Which flow period of the city model drives the emissions (default 'day'). */
  flowPeriod?: FlowPeriod;
  /** Receiver grid spacing, m (default 10). */
  cellSizeM?: number;
  /** Grid extent (ENU, m); default: the roads' extent grown by 50 m. */
  bounds?: { minX: number; minY: number; maxX: number; maxY: number };
  /** Receiver height above ground, m (default 1.5, breathing height). */
  receiverHeightM?: number;
  /** CALINE3 surface roughness, cm (default 100: urban/suburban, CALINE3 User's Guide table). */
  roughnessCm?: number;
  /** Background: each receiver takes the nearest station reporting the species, else `background`. */
  stations?: readonly AirStation[];
  background?: Readonly<Partial<Record<StationSpecies, number>>>;
  pollutants?: readonly AirMapPollutant[];
}

export interface AirPollutantMap {
  /** Road increment + background on the grid, µg/m³; NaN under buildings. Row-major, row 0 south. */
  values: Float32Array;
  /** Per building (city.buildings order): most-exposed-facade concentration, µg/m³. */
  buildingValues: Float32Array;
  /** Σ residents·C / Σ residents over buildings (NaN without residents), µg/m³. */
  populationWeightedUgPerM3: number;
  meanUgPerM3: number;
  maxUgPerM3: number;
}

export interface AirStationComparison {
  id: string;
  pollutant: AirMapPollutant;
  observedUgPerM3: number;
  /** Road increment at the station + background from the nearest OTHER station (leave-one-out). */
  modelledUgPerM3: number;
  roadIncrementUgPerM3: number;
  backgroundUgPerM3: number;
}

export interface AirJobResult {
  grid: GridSpec;
  mode: AirJob['mode'];
  weatherCaseCount: number;
  maps: Partial<Record<AirMapPollutant, AirPollutantMap>>;
  /** CO2 from traffic (of the flow period; the case-weighted mean for a period mean): per road and total, kg/h. */
  co2: { perRoadKgPerH: Float32Array; totalKgPerH: number };
  stations: AirStationComparison[];
  evaluation: Partial<Record<AirMapPollutant, EvaluationStatistics>>;
  /** Assumptions in words (for the legend notes and the CLI output). */
  assumptions: string[];
}

const DEFAULT_MIXING_HEIGHT_M = 1000;

/**
 * Runs the air job on `city` (progress and cancel through `control`).
 *
 * `dispersionRuns` (optional) keeps the unit-emission link contributions per weather condition
 * across calls, so a run that changes only flows or speeds re-sums them instead of dispersing
 * again. The caller must pass one map per dispersion geometry: the same road polylines and lanes
 * (the links), the same buildings (facade receivers) and the same job apart from its weather and
 * flows (grid, receiver height, roughness, stations); src/scenario/stages.ts keys it so.
 */
export function runAirJob(city: CityModel, job: AirJob, control?: RunControl, dispersionRuns = new Map<string, LinkContributions>()): AirJobResult {
  const cases = weatherCasesOf(job);
  const cellSizeM = job.cellSizeM ?? 10;
  if (!(cellSizeM > 0)) throw new RangeError(`air: cellSizeM ${cellSizeM} must be > 0`);
  const pollutants = job.pollutants ?? AIR_MAP_POLLUTANTS;
  const defaultPeriod = job.flowPeriod ?? 'day';
  const assumptions: string[] = [];

  const roadLinks = linksFromRoads(city.roads, city.roads.lanes);
  if (roadLinks.links.count === 0) throw new Error('air: the city has no roads to model');
  /** Per-road emission rates (µg/(m·s)) of one species in one flow period. */
  const roadEmission = (p: 'NOx' | 'NO2' | 'PM10' | 'PM2.5' | 'CO2', period: FlowPeriod): Float64Array => {
    const { flows, speeds } = periodTraffic(city, PERIODS.indexOf(period));
    return linkEmissionsUgPerMS(flows, speeds, p, new Float64Array(city.roads.count));
  };

  const bounds = job.bounds ?? roadBounds(city, 50);
  const cols = Math.max(1, Math.ceil((bounds.maxX - bounds.minX) / cellSizeM));
  const rows = Math.max(1, Math.ceil((bounds.maxY - bounds.minY) / cellSizeM));
  const grid: GridSpec = { originX: bounds.minX, originY: bounds.minY, cellM: cellSizeM, cols, rows };
  const heightM = job.receiverHeightM ?? 1.5;
  const facades = buildingFacadeReceivers(city.buildings, heightM);
  const stations = job.stations ?? [];
  const receivers = allReceivers(grid, heightM, facades, stations);
  const facadeOffset = cols * rows;
  const stationOffset = facadeOffset + facades.count;

  // Emission rates per link (µg/(m·s)) of the species that are dispersed, per flow period used.
  const need = new Set<'NOx' | 'NO2' | 'PM10' | 'PM2.5'>();
  for (const p of pollutants) {
    if (p === 'NO2') {
      need.add('NOx');
      need.add('NO2');
    } else need.add(p);
  }
  const speciesByPeriod = new Map<FlowPeriod, Map<string, Float64Array>>();
  const speciesFor = (period: FlowPeriod): Map<string, Float64Array> => {
    let m = speciesByPeriod.get(period);
    if (m === undefined) {
      m = new Map();
      for (const sp of need) m.set(sp, linkEmissionsFromRoads(roadEmission(sp, period), roadLinks.roadOfLink));
      speciesByPeriod.set(period, m);
    }
    return m;
  };

  // Road increments per species, weighted over the weather cases (NO2 is converted per case).
  const increments = new Map<string, Float64Array>();
  for (const p of pollutants) increments.set(p, new Float64Array(receivers.count));
  const noxRoad = new Float64Array(receivers.count);
  const no2Primary = new Float64Array(receivers.count);
  const scratch = new Float64Array(receivers.count);
  const background = backgroundLookup(job, receivers, stations, stationOffset, assumptions);
  const site = { averagingTimeMin: 60, roughnessCm: job.roughnessCm ?? 100, settlingVelocityCmPerS: 0, depositionVelocityCmPerS: 0 };
  cases.forEach((c, k) => {
    throwIfCancelled(control, 'air');
    const met = { windSpeedMPerS: c.windSpeedMPerS, windFromDeg: c.windFromDeg, stability: c.stability, mixingHeightM: c.mixingHeightM ?? DEFAULT_MIXING_HEIGHT_M };
    // Cases that differ only in their traffic period share one dispersion run.
    const key = `${met.windSpeedMPerS}|${met.windFromDeg}|${met.stability}|${met.mixingHeightM}`;
    const contributions =
      dispersionRuns.get(key) ??
      computeLinkContributions(roadLinks.links, receivers, site, met, {}, {
        ...(control?.signal !== undefined && { signal: control.signal }),
        onProgress: (p) => control?.onProgress?.({ fraction: (k + p.fraction) / cases.length, stage: `weather case ${k + 1}/${cases.length}: ${p.stage}` }),
      });
    dispersionRuns.set(key, contributions);
    const species = speciesFor(c.flowPeriod ?? defaultPeriod);
    for (const p of pollutants) {
      const acc = increments.get(p) as Float64Array;
      if (p === 'NO2') {
        concentrationMap(contributions, species.get('NOx') as Float64Array, 0, noxRoad);
        concentrationMap(contributions, species.get('NO2') as Float64Array, 0, no2Primary);
        for (let r = 0; r < receivers.count; r++) {
          acc[r] = (acc[r] as number) + c.weight * (no2FromRoadNoxUgPerM3(noxRoad[r] as number, no2Primary[r] as number, background.at(r, 'NO2'), background.at(r, 'O3')) - background.at(r, 'NO2'));
        }
      } else {
        concentrationMap(contributions, species.get(p) as Float64Array, 0, scratch);
        for (let r = 0; r < receivers.count; r++) acc[r] = (acc[r] as number) + c.weight * (scratch[r] as number);
      }
    }
  });
  throwIfCancelled(control, 'air');

  const open = openGroundMask({ x0: grid.originX, y0: grid.originY, cellSizeM, nx: cols, ny: rows }, city.buildings);
  const maps: Partial<Record<AirMapPollutant, AirPollutantMap>> = {};
  const comparisons: AirStationComparison[] = [];
  const evaluation: Partial<Record<AirMapPollutant, EvaluationStatistics>> = {};
  for (const p of pollutants) {
    const inc = increments.get(p) as Float64Array;
    const total = new Float64Array(receivers.count);
    for (let r = 0; r < receivers.count; r++) total[r] = (inc[r] as number) + background.at(r, p);
    const values = new Float32Array(facadeOffset);
    let sum = 0;
    let n = 0;
    let max = -Infinity;
    for (let i = 0; i < facadeOffset; i++) {
      const v = open[i] === 1 ? (total[i] as number) : NaN;
      values[i] = v;
      if (Number.isFinite(v)) {
        sum += v;
        n++;
        if (v > max) max = v;
      }
    }
    const buildingValues = mostExposedFacade(total, facadeOffset, facades.buildingStart);
    maps[p] = { values, buildingValues, populationWeightedUgPerM3: populationWeightedMean(buildingValues, city.buildings.residents), meanUgPerM3: n > 0 ? sum / n : NaN, maxUgPerM3: n > 0 ? max : NaN };
    const rowsOfP = stationComparisons(p, stations, stationOffset, inc, background);
    comparisons.push(...rowsOfP);
    if (rowsOfP.length > 0) evaluation[p] = evaluateModel(rowsOfP.map((s) => s.observedUgPerM3), rowsOfP.map((s) => s.modelledUgPerM3));
  }
  const co2PerRoad = new Float64Array(city.roads.count);
  for (const c of cases) {
    const q = roadEmission('CO2', c.flowPeriod ?? defaultPeriod);
    for (let r = 0; r < q.length; r++) co2PerRoad[r] = (co2PerRoad[r] as number) + c.weight * (q[r] as number);
  }
  const perRoadKgPerH = new Float32Array(city.roads.count);
  let totalKgPerH = 0;
  for (let r = 0; r < city.roads.count; r++) {
    // µg/(m·s) × length (m) × 3600 s/h × 1e-9 kg/µg.
    const kg = (co2PerRoad[r] as number) * roadLengthM(city, r) * 3600 * 1e-9;
    perRoadKgPerH[r] = kg;
    totalKgPerH += kg;
  }
  if (job.mode === 'period-mean') assumptions.push(`period mean over ${cases.length} binned weather cases`);
  assumptions.push('emission factors: EMEP/EEA Tier 3 speed functions over an assumed fleet mix (src/sim/air/README.md)');
  for (const period of new Set(cases.map((c) => c.flowPeriod ?? defaultPeriod))) {
    const { flows, speeds } = periodTraffic(city, PERIODS.indexOf(period));
    const clamp = speedClampReport(flows, speeds, city.roads.count);
    if (clamp.belowRange + clamp.aboveRange > 0) {
      assumptions.push(`${period}: ${clamp.belowRange} road-category speed(s) below and ${clamp.aboveRange} above the emission functions' range (${clamp.pairs} with traffic, ${clamp.minSpeedKmh.toFixed(0)}–${clamp.maxSpeedKmh.toFixed(0)} km/h): factors taken at the range limit`);
    }
  }
  control?.onProgress?.({ fraction: 1, stage: 'done' });
  return { grid, mode: job.mode, weatherCaseCount: cases.length, maps, co2: { perRoadKgPerH, totalKgPerH }, stations: comparisons, evaluation, assumptions };
}

function weatherCasesOf(job: AirJob): (AirWeather & { weight: number; flowPeriod?: FlowPeriod })[] {
  if (job.mode === 'hourly') {
    if (job.weather === undefined) throw new Error('air: an hourly job needs `weather` (wind speed, direction, stability)');
    return [{ ...job.weather, weight: 1 }];
  }
  const cases = job.weatherCases ?? [];
  if (cases.length === 0) throw new Error('air: a period-mean job needs `weatherCases` (binWeather of hourly observations)');
  const total = cases.reduce((s, c) => s + c.weight, 0);
  if (!(Math.abs(total - 1) < 1e-6)) throw new Error(`air: weather case weights must sum to 1, got ${total}`);
  return cases.map((c) => ({ windSpeedMPerS: c.windSpeedMPerS, windFromDeg: c.windFromDeg, stability: c.stability, weight: c.weight, ...(c.flowPeriod !== undefined && { flowPeriod: c.flowPeriod }) }));
}

/** Flows and speeds of one period at [road * 5 + category]; a missing speed falls back to the road's limit. */
export function periodTraffic(city: CityModel, period: number): { flows: Float64Array; speeds: Float64Array } {
  const cats = VEHICLE_CATEGORIES.length;
  const flows = new Float64Array(city.roads.count * cats);
  const speeds = new Float64Array(city.roads.count * cats);
  for (let r = 0; r < city.roads.count; r++) {
    for (let c = 0; c < cats; c++) {
      const at = r * FLOW_STRIDE + period * cats + c;
      const f = city.roads.flowVehH[at] as number;
      const v = city.roads.speedKmh[at] as number;
      flows[r * cats + c] = Number.isFinite(f) && f > 0 ? f : 0;
      speeds[r * cats + c] = Number.isFinite(v) && v > 0 ? v : (city.roads.maxSpeedKmh[r] as number) || 50;
    }
  }
  return { flows, speeds };
}

function roadBounds(city: CityModel, marginM: number): { minX: number; minY: number; maxX: number; maxY: number } {
  const xyz = city.roads.xyz;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < xyz.length; i += 3) {
    minX = Math.min(minX, xyz[i] as number);
    maxX = Math.max(maxX, xyz[i] as number);
    minY = Math.min(minY, xyz[i + 1] as number);
    maxY = Math.max(maxY, xyz[i + 1] as number);
  }
  return { minX: minX - marginM, minY: minY - marginM, maxX: maxX + marginM, maxY: maxY + marginM };
}

function roadLengthM(city: CityModel, r: number): number {
  let len = 0;
  const { xyz, vertexOffset } = city.roads;
  for (let v = vertexOffset[r] as number; v + 1 < (vertexOffset[r + 1] as number); v++) {
    len += Math.hypot((xyz[3 * v + 3] as number) - (xyz[3 * v] as number), (xyz[3 * v + 4] as number) - (xyz[3 * v + 1] as number));
  }
  return len;
}

/** Grid cell centres, then facade receivers, then stations. */
function allReceivers(grid: GridSpec, heightM: number, facades: Receivers, stations: readonly AirStation[]): Receivers {
  const cells = grid.cols * grid.rows;
  const rec = createReceivers(cells + facades.count + stations.length);
  for (let row = 0; row < grid.rows; row++) {
    for (let col = 0; col < grid.cols; col++) {
      const i = row * grid.cols + col;
      rec.x[i] = grid.originX + (col + 0.5) * grid.cellM;
      rec.y[i] = grid.originY + (row + 0.5) * grid.cellM;
      rec.z[i] = heightM;
    }
  }
  rec.x.set(facades.x, cells);
  rec.y.set(facades.y, cells);
  rec.z.set(facades.z, cells);
  stations.forEach((s, k) => {
    rec.x[cells + facades.count + k] = s.xM;
    rec.y[cells + facades.count + k] = s.yM;
    rec.z[cells + facades.count + k] = heightM;
  });
  return rec;
}

function backgroundLookup(job: AirJob, receivers: Receivers, stations: readonly AirStation[], stationOffset: number, assumptions: string[]): BackgroundAt {
  const species: StationSpecies[] = ['NO2', 'PM10', 'PM2.5', 'O3'];
  const nearest = new Map<StationSpecies, Int32Array>();
  for (const s of species) {
    const idx = new Int32Array(receivers.count).fill(-1);
    const reporting = stations.map((st, k) => ({ st, k })).filter(({ st }) => Number.isFinite(st.observed[s]));
    if (reporting.length > 0) {
      for (let r = 0; r < receivers.count; r++) {
        const own = r >= stationOffset ? r - stationOffset : -1;
        let best = -1;
        let bestD2 = Infinity;
        for (const { st, k } of reporting) {
          if (k === own) continue; // a station's own background comes from another station
          const d2 = (st.xM - (receivers.x[r] as number)) ** 2 + (st.yM - (receivers.y[r] as number)) ** 2;
          if (d2 < bestD2) {
            bestD2 = d2;
            best = k;
          }
        }
        idx[r] = best;
      }
    } else if (job.background?.[s] === undefined) {
      assumptions.push(s === 'O3' ? 'no O3 background: NO2 from NOx by the incremental Derwent–Middleton curve' : `no ${s} background known: road increment only`);
    }
    nearest.set(s, idx);
  }
  const fallback = (s: StationSpecies): number => job.background?.[s] ?? (s === 'O3' ? NaN : 0);
  return {
    at(r, s) {
      const k = (nearest.get(s) as Int32Array)[r] as number;
      return k >= 0 ? ((stations[k] as AirStation).observed[s] as number) : fallback(s);
    },
  };
}

function stationComparisons(p: AirMapPollutant, stations: readonly AirStation[], stationOffset: number, increment: Float64Array, background: BackgroundAt): AirStationComparison[] {
  const rows: AirStationComparison[] = [];
  stations.forEach((s, k) => {
    const observed = s.observed[p];
    if (observed === undefined || !Number.isFinite(observed)) return;
    const r = stationOffset + k;
    const bg = background.at(r, p);
    const inc = increment[r] as number;
    rows.push({ id: s.id, pollutant: p, observedUgPerM3: observed, modelledUgPerM3: inc + bg, roadIncrementUgPerM3: inc, backgroundUgPerM3: bg });
  });
  return rows;
}
