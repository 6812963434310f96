/**
 * Web Worker of the scenario chain (issue 10): parses a scenario file against the base city
 * (src/scenario/load-scenario.ts), runs traffic → flows → noise/air and sun-hours
 * (src/scenario/chain.ts) with one StageCache for the worker's life, so a rerun of an unchanged
 * stage is a cache hit, and returns what the page shows: KPIs, maps, differences to the baseline,
 * the residents per noise band, the edited features (GeoJSON and building tables for the scene).
 * The chain runs synchronously: the client cancels by terminating the worker (the cache goes with it).
 */
import { expose, transfer } from 'comlink';
import type { ProgressReport } from '../sim/core/progress';
import type { RasterResult } from '../results/result-types';
import type { CityModel } from '../twin/city-model';
import { defaultSettings, runScenarioChain, StageCache, type ScenarioRun } from '../scenario/chain';
import type { ChainSettings } from '../scenario/stages';
import type { ScenarioFile } from '../scenario/scenario-types';
import { ScenarioFileError, parseScenario } from '../scenario/load-scenario';
import { differenceRaster, editedFeaturesGeoJson, scenarioRasters } from '../scenario/scenario-export';
import { scenarioKpis } from '../scenario/kpis';
import { editedBuildings, scenarioOutcome, type ScenarioGrid, type ScenarioOutcome, type ScenarioRunRequest } from './scenario-outcome';

export interface ScenarioWorkerApi {
  /** Sets the base city (clears the runs kept for differences; the stage cache stays, keyed by content). */
  setBase(city: CityModel): Promise<void>;
  /** Parses, runs and summarises one scenario; a bad file gives `{ ok: false, issues }`. */
  run(request: ScenarioRunRequest, onProgress?: (p: ProgressReport) => void): Promise<ScenarioOutcome>;
}

let base: CityModel | null = null;
const cache = new StageCache(64);
/** Finished runs by scenario id, for differences against the baseline. */
const runs = new Map<string, ScenarioRun>();

/** Uniform cells of `cellM` over the scenario's study area (quick looks, e2e), or the file's own resolution. */
function settingsFor(grid: ScenarioGrid, city: CityModel, scenario: ScenarioFile): ChainSettings | undefined {
  if (grid === 'file') return undefined;
  return defaultSettings(city, { noiseM: grid, airM: grid, sunM: grid / 2, facadeSpacingM: grid / 2, noiseMaxDistanceM: 150, ...(scenario.studyArea !== undefined && { studyArea: scenario.studyArea }) });
}

const api: ScenarioWorkerApi = {
  setBase(city) {
    base = city;
    runs.clear();
    return Promise.resolve();
  },
  run(request, onProgress) {
    const city = base;
    if (city === null) return Promise.reject(new Error('scenario run: no base city set'));
    let scenario;
    try {
      scenario = parseScenario(request.text, request.file, city);
    } catch (e) {
      if (e instanceof ScenarioFileError) return Promise.resolve({ ok: false, id: request.id, file: request.file, issues: e.issues });
      throw e;
    }
    const started = performance.now();
    const settings = settingsFor(request.grid, city, scenario);
    const run = runScenarioChain(city, scenario, { cache, control: { onProgress: (p) => void onProgress?.(p) }, ...(settings !== undefined && { settings }) });
    runs.set(request.id, run);
    // Copies: the run's arrays stay here (cache, later differences); the copies are transferred.
    const maps = scenarioRasters(run).map((r) => ({ ...r, values: r.values.slice() }));
    const baseline = request.baselineId === request.id ? undefined : runs.get(request.baselineId);
    const diffs: RasterResult[] = [];
    if (baseline !== undefined) {
      const baseMaps = new Map(scenarioRasters(baseline).map((r) => [r.id.replace(/^scenario:[^:]*:/, ''), r]));
      for (const m of maps) {
        const b = baseMaps.get(m.id.replace(/^scenario:[^:]*:/, ''));
        if (b === undefined) continue;
        try {
          diffs.push(differenceRaster(m, b));
        } catch {
          // Different grids (another study area or resolution): no difference map for this pair.
        }
      }
    }
    const out = scenarioOutcome({
      request, scenario, run, maps, diffs, kpis: scenarioKpis(run), geojson: editedFeaturesGeoJson(city, run), edited: editedBuildings(city, run), elapsedMs: performance.now() - started,
    });
    return Promise.resolve(transfer(out, [...maps, ...diffs].map((r) => r.values.buffer as ArrayBuffer)));
  },
};

expose(api);
