/**
 * Main-thread side of air quality near roads (issue 9): turns the live sensors (latest
 * WeatherObserved for wind, cloud and time; AirQualityObserved stations for the background and the
 * comparison) or a fixed scenario condition into an air job, runs it in the worker (air.worker.ts,
 * comlink) with progress and cancel (the worker is terminated), and turns the answer into raster
 * results in µg/m³ with the EU limit values and the WHO 2021 guideline in the legend notes.
 */
import { proxy, wrap, type Remote } from 'comlink';
import { CancelledError, type ProgressReport } from '../sim/core/progress';
import type { CityModel } from '../twin/city-model';
import type { RasterResult } from '../results/result-types';
import type { Sensor } from '../state/sensors-store';
import { stabilityAt } from '../sim/air/meteorology';
import type { StabilityClass } from '../sim/air/stability-class';
import type { AirJob, AirJobResult, AirMapPollutant, AirStation, AirWeather, StationSpecies } from '../sim-workers/air-job';
import { ASSUMED_CLOUD_OCTAS } from '../sim-workers/air-weather';
import type { AirWorkerApi } from './air.worker';
import { watchWorkerFailure } from './worker-failure';

/** Pure weather helpers live in src/sim-workers/air-weather.ts (the CLI uses them too); re-exported for the panel. */
export { ASSUMED_CLOUD_OCTAS, diurnalWeatherCases, flowPeriodAt } from '../sim-workers/air-weather';

/** One weather case of a period-mean job. */
export type AirJobWeatherCase = NonNullable<AirJob['weatherCases']>[number];

/** Conditions when no live weather is used (or it lacks a value): a neutral urban hour. */
export const SCENARIO_WEATHER: Readonly<AirWeather> = { windSpeedMPerS: 3, windFromDeg: 240, stability: 4 };


/** What the live sensors give the air job; `assumed` lists in words what had to be assumed. */
export interface LiveAirInputs {
  weather: AirWeather;
  stations: AirStation[];
  /** Observation time (ms) of the weather used, or null when the scenario default was used. */
  weatherAtMs: number | null;
  weatherSensorId: string | null;
  cloudOctas: number;
  assumed: string[];
}

const SPECIES_ATTRIBUTES: Readonly<Record<StationSpecies, readonly string[]>> = { NO2: ['no2', 'NO2'], PM10: ['pm10', 'PM10'], 'PM2.5': ['pm25', 'pm2_5', 'PM2.5', 'PM25'], O3: ['o3', 'O3'] };

function numericReading(s: Sensor, names: readonly string[]): { value: number; atMs: number | undefined } | null {
  for (const name of names) {
    const r = s.readings[name];
    if (r !== undefined && r.problem === undefined && typeof r.value === 'number' && Number.isFinite(r.value)) return { value: r.value, atMs: r.observedAtMs };
  }
  return null;
}

/**
 * Inputs from the sensors store: the most recent WeatherObserved with a wind speed (wind direction,
 * cloud cover, else the scenario value / ASSUMED_CLOUD_OCTAS), Turner stability from wind, cloud and
 * the sun's altitude at the observation time and the city's position; every AirQualityObserved with a
 * location and at least one of no2/pm10/pm25/o3 becomes a station.
 */
export function airInputsFromSensors(sensors: Readonly<Record<string, Sensor>>, city: Pick<CityModel, 'origin'>, nowMs: number): LiveAirInputs {
  const assumed: string[] = [];
  let best: { s: Sensor; speed: number; atMs: number } | null = null;
  for (const s of Object.values(sensors)) {
    if (s.type !== 'WeatherObserved') continue;
    const speed = numericReading(s, ['windSpeed']);
    if (speed === null || speed.value < 0) continue;
    const atMs = speed.atMs ?? nowMs;
    if (best === null || atMs > best.atMs) best = { s, speed: speed.value, atMs };
  }
  let weather: AirWeather = { ...SCENARIO_WEATHER };
  let cloudOctas = ASSUMED_CLOUD_OCTAS;
  if (best === null) {
    assumed.push('no live wind: scenario weather (3 m/s from 240°, class D)');
  } else {
    const direction = numericReading(best.s, ['windDirection']);
    if (direction === null) assumed.push('the weather station reports no wind direction: 240° assumed');
    const cloud = numericReading(best.s, ['cloudiness', 'cloudCover']);
    if (cloud === null) assumed.push(`no cloud cover reported: ${ASSUMED_CLOUD_OCTAS} octas assumed`);
    else cloudOctas = Math.min(8, Math.max(0, (cloud.value > 1 ? cloud.value / 100 : cloud.value) * 8));
    // CALINE3 needs some wind; below 1 m/s a Gaussian model is outside its range (CALINE3 User's Guide).
    const speed = Math.max(1, best.speed);
    if (best.speed < 1) assumed.push('wind below 1 m/s: 1 m/s used (CALINE3 lower limit)');
    const stability: StabilityClass = stabilityAt({ windSpeedMPerS: speed, cloudCoverOctas: cloudOctas, latDeg: city.origin.latDeg, lonDeg: city.origin.lonDeg, unixS: best.atMs / 1000 });
    weather = { windSpeedMPerS: speed, windFromDeg: direction?.value ?? SCENARIO_WEATHER.windFromDeg, stability };
  }
  const stations: AirStation[] = [];
  for (const s of Object.values(sensors)) {
    if (s.type !== 'AirQualityObserved' || s.position === null) continue;
    const observed: Partial<Record<StationSpecies, number>> = {};
    for (const sp of Object.keys(SPECIES_ATTRIBUTES) as StationSpecies[]) {
      const r = numericReading(s, SPECIES_ATTRIBUTES[sp]);
      if (r !== null && r.value >= 0) observed[sp] = r.value;
    }
    if (Object.keys(observed).length > 0) stations.push({ id: s.id, xM: s.position.x, yM: s.position.y, observed });
  }
  if (stations.length === 0) assumed.push('no air-quality station: road increment only, no background');
  return { weather, stations, weatherAtMs: best?.atMs ?? null, weatherSensorId: best?.s.id ?? null, cloudOctas, assumed };
}

export interface AirRun {
  result: Promise<AirJobResult & { elapsedMs: number; dispersionReused: boolean }>;
  cancel(): void;
}

/** The session's air worker and the reject functions of the runs waiting on it. */
interface AirWorker {
  worker: Worker;
  remote: Remote<AirWorkerApi>;
  pending: Set<(reason: unknown) => void>;
}

/**
 * One worker for the session's air runs, so its dispersion cache (air.worker.ts) survives between
 * runs; a cancelled run terminates it and the next run starts a fresh one. A worker that fails
 * (script not loaded, an uncaught error) rejects every run waiting on it with a WorkerFailedError
 * and is dropped the same way.
 */
let shared: AirWorker | null = null;

function airWorker(): AirWorker {
  if (shared === null) {
    const worker = new Worker(new URL('./air.worker.ts', import.meta.url), { type: 'module' });
    const w: AirWorker = { worker, remote: wrap<AirWorkerApi>(worker), pending: new Set() };
    watchWorkerFailure(worker, 'air', (error) => {
      worker.terminate();
      if (shared === w) shared = null;
      for (const reject of w.pending) reject(error);
      w.pending.clear();
    });
    shared = w;
  }
  return shared;
}

/** Start a run in the worker; `cancel` terminates it and rejects the result with CancelledError. */
export function startAir(city: CityModel, job: AirJob, onProgress?: (p: ProgressReport) => void): AirRun {
  const started = performance.now();
  const w = airWorker();
  let rejectRun: ((reason: unknown) => void) | null = null;
  const progress = onProgress === undefined ? undefined : proxy(onProgress);
  const result = new Promise<AirJobResult & { elapsedMs: number; dispersionReused: boolean }>((resolve, reject) => {
    rejectRun = reject;
    w.pending.add(reject);
    w.remote
      .run(city, job, progress)
      .then(
        (r) => resolve({ ...r, elapsedMs: performance.now() - started }),
        (e: unknown) => reject(e),
      )
      .finally(() => w.pending.delete(reject));
  });
  return {
    result,
    cancel() {
      w.worker.terminate();
      if (shared === w) shared = null;
      rejectRun?.(new CancelledError('air'));
    },
  };
}

/** Legend classes (µg/m³) per pollutant: breaks at the WHO 2021 annual guideline and the EU limit values. */
export const AIR_LEGEND_BREAKS: Readonly<Record<AirMapPollutant, readonly number[]>> = {
  NO2: [0, 10, 20, 30, 40, 60, 200],
  PM10: [0, 15, 20, 30, 40, 50, 100],
  'PM2.5': [0, 5, 10, 15, 25, 35, 75],
};

/**
 * Annual-mean reference values, µg/m³: EU limit values of Directive 2008/50/EC Annex XI (NO2 40,
 * PM10 40; PM2.5 25 per Annex XIV), the 2030 limit values of Directive (EU) 2024/2881 Annex I (NO2 20,
 * PM10 20, PM2.5 10) and the WHO global air quality guidelines 2021 (NO2 10, PM10 15, PM2.5 5).
 */
export const AIR_REFERENCE_VALUES: Readonly<Record<AirMapPollutant, { euLimit: number; eu2030: number; who2021: number }>> = {
  NO2: { euLimit: 40, eu2030: 20, who2021: 10 },
  PM10: { euLimit: 40, eu2030: 20, who2021: 15 },
  'PM2.5': { euLimit: 25, eu2030: 10, who2021: 5 },
};

const AIR_COLOURS = ['#2c7bb6', '#abd9e9', '#ffffbf', '#fdae61', '#f46d43', '#d7191c'] as const;

/** The legend classes of a pollutant: [break_k, break_k+1) with its colour, the last one open-ended. */
export function airClasses(p: AirMapPollutant): { from: number; to: number; colour: string }[] {
  const breaks = AIR_LEGEND_BREAKS[p];
  return AIR_COLOURS.map((colour, k) => ({ from: breaks[k] as number, to: k === AIR_COLOURS.length - 1 ? Infinity : (breaks[k + 1] as number), colour }));
}

/** Result id of a pollutant's map. */
export function airResultId(p: AirMapPollutant): string {
  return `air-${p.toLowerCase().replace('.', '')}`;
}

/** The raster result of one pollutant (µg/m³, NaN under buildings) with stepped legend classes. */
export function airRaster(r: AirJobResult, p: AirMapPollutant, title: string, notes: readonly string[]): RasterResult {
  const map = r.maps[p];
  if (map === undefined) throw new Error(`air: the run has no ${p} map`);
  const classes = airClasses(p);
  return { kind: 'raster', id: airResultId(p), title, source: 'air', grid: r.grid, values: map.values, heightAboveGroundM: 1.5, legend: { kind: 'classes', unit: 'µg/m³', classes }, notes };
}

/** Residents per legend class of the buildings' most-exposed-facade values (the panel's exposure figure). */
export function residentsPerClass(r: AirJobResult, p: AirMapPollutant, residents: ArrayLike<number>): { from: number; to: number; residents: number }[] {
  const map = r.maps[p];
  const rows = airClasses(p).map((c) => ({ from: c.from, to: c.to, residents: 0 }));
  if (map === undefined) return rows;
  for (let b = 0; b < map.buildingValues.length; b++) {
    const v = map.buildingValues[b] as number;
    const n = residents[b] as number;
    if (!Number.isFinite(v) || !(n > 0)) continue;
    const row = rows.find((x) => v >= x.from && v < x.to) ?? rows[rows.length - 1];
    if (row !== undefined) row.residents += n;
  }
  return rows;
}
