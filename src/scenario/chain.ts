/**
 * The scenario chain: base city + edits → edited city; traffic (base and scenario) → road flows
 * ("emissions": period flows per road and category) → noise and air; geometry → sun-hours. Each
 * stage's result is cached in a StageCache under the content hash of its inputs, so a rerun of an
 * unchanged stage is a lookup. Progress and cancel through RunControl (src/sim/core/progress.ts).
 * Pure TypeScript: runs in Node (CLI, tests, bench) and in a browser worker alike.
 */
import type { CityModel } from '../twin/city-model';
import type { AirJobResult } from '../sim-workers/air-job';
import type { LinkContributions } from '../sim/air/district-map';
import type { NoiseJobResult } from '../sim-workers/noise-job';
import type { SunHoursJobResult } from '../sim-workers/sun-hours-job';
import { throwIfCancelled, type RunControl } from '../sim/core/progress';
import { applyEdits, type RowEdit } from './edits';
import { resolveAssumptions, SCENARIO_OUTPUTS, type ResolvedAssumptions, type ScenarioFile, type ScenarioOutput } from './scenario-types';
import { StageCache } from './stage-cache';
import {
  airDispersionKey, airJob, airKey, flowsKey, noiseJob, noiseLevelsFromPropagation, noiseLevelsKey, noisePropagationKey, runAirStage, runFlowsStage, runNoisePropagation,
  runSunStage, runTrafficStage, sunKey, trafficKey, type ChainSettings, type FlowsStageResult, type TrafficStageResult,
} from './stages';

export const CHAIN_STAGES = ['edits', 'traffic', 'flows', 'noise', 'air', 'sun-hours'] as const;
export type ChainStage = (typeof CHAIN_STAGES)[number];

export interface StageRun {
  stage: string;
  key: string;
  hit: boolean;
  ms: number;
}

export interface ScenarioRun {
  name: string;
  city: CityModel;
  /** Undo list: applying these in order restores the base city. */
  inverses: RowEdit[];
  assumptions: ResolvedAssumptions;
  settings: ChainSettings;
  traffic?: TrafficStageResult;
  flows?: FlowsStageResult;
  noise?: NoiseJobResult;
  air?: AirJobResult;
  sun?: SunHoursJobResult;
  stages: StageRun[];
}

/** Default settings: the whole district (buildings and roads + 20 m) at coarse cells for a quick run. */
export function defaultSettings(city: CityModel, s: ScenarioFile['resolution'] & { studyArea?: ChainSettings['bounds'] } = {}): ChainSettings {
  let bounds = s.studyArea;
  if (bounds === undefined) {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    const grow = (xy: ArrayLike<number>, stride: number) => {
      for (let i = 0; i + 1 < xy.length; i += stride) {
        const x = xy[i] ?? NaN;
        const y = xy[i + 1] ?? NaN;
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    };
    grow(city.buildings.xy, 2);
    grow(city.roads.xyz, 3);
    bounds = Number.isFinite(minX) ? { minX: minX - 20, minY: minY - 20, maxX: maxX + 20, maxY: maxY + 20 } : { minX: -100, minY: -100, maxX: 100, maxY: 100 };
  }
  return {
    bounds,
    noiseCellM: s.noiseM ?? 20,
    airCellM: s.airM ?? 20,
    sunCellM: s.sunM ?? 5,
    facadeSpacingM: s.facadeSpacingM ?? 10,
    noiseMaxDistanceM: s.noiseMaxDistanceM ?? 200,
  };
}

export interface ChainOptions {
  cache: StageCache;
  control?: RunControl;
  /** Outputs to compute (default: the scenario's, else all). */
  outputs?: readonly ScenarioOutput[];
  /** Settings (default: defaultSettings of the base city with the scenario's resolution and study area). */
  settings?: ChainSettings;
}

/** Runs the chain for a scenario on `base`. Throws CancelledError when the signal aborts. */
export function runScenarioChain(base: CityModel, scenario: ScenarioFile, o: ChainOptions): ScenarioRun {
  const { cache, control } = o;
  const outputs = new Set(o.outputs ?? scenario.outputs ?? SCENARIO_OUTPUTS);
  const needTraffic = outputs.has('traffic') || outputs.has('noise') || outputs.has('air');
  const assumptions = resolveAssumptions(scenario.assumptions);
  const settings = o.settings ?? defaultSettings(base, { ...scenario.resolution, ...(scenario.studyArea !== undefined && { studyArea: scenario.studyArea }) });
  const stages: StageRun[] = [];
  const plan: string[] = ['edits', ...(needTraffic ? ['traffic', 'flows'] : []), ...(outputs.has('noise') ? ['noise'] : []), ...(outputs.has('air') ? ['air'] : []), ...(outputs.has('sun-hours') ? ['sun-hours'] : [])];
  const report = (stage: string, within: number, label = stage) => {
    const k = Math.max(0, plan.indexOf(stage));
    control?.onProgress?.({ fraction: Math.min(1, (k + within) / plan.length), stage: label });
  };
  const sub = (stage: string): RunControl => ({
    ...(control?.signal !== undefined && { signal: control.signal }),
    onProgress: (p) => report(stage, p.fraction, `${stage}: ${p.stage}`),
  });
  const timed = <T>(stage: string, key: string, compute: () => T): T => {
    throwIfCancelled(control, stage);
    report(stage === 'noise-propagation' ? 'noise' : stage, 0, stage);
    const t0 = globalThis.performance.now();
    const r = cache.get(stage, key, compute);
    stages.push({ stage, key, hit: r.hit, ms: globalThis.performance.now() - t0 });
    return r.value;
  };

  report('edits', 0);
  const { city, inverses } = applyEdits(base, scenario.edits);
  const run: ScenarioRun = { name: scenario.name, city, inverses, assumptions, settings, stages };

  if (needTraffic) {
    const baseKey = trafficKey(base, assumptions);
    const scenKey = trafficKey(city, assumptions);
    const baseTraffic = timed('traffic', baseKey, () => runTrafficStage(base, assumptions));
    run.traffic = timed('traffic', scenKey, () => runTrafficStage(city, assumptions));
    const scenTraffic = run.traffic;
    run.flows = timed('flows', flowsKey(baseKey, scenKey, city), () => runFlowsStage(city, baseTraffic, scenTraffic));
  }
  const flows = run.flows;
  if (outputs.has('noise') && flows !== undefined) {
    const job = noiseJob(settings, assumptions);
    const propKey = noisePropagationKey(city, job);
    const propagation = timed('noise-propagation', propKey, () => runNoisePropagation(city, job, sub('noise'), { cache, base }));
    run.noise = timed('noise', noiseLevelsKey(propKey, flows.city), () => noiseLevelsFromPropagation(propagation, flows.city) ?? runNoisePropagation(flows.city, job, sub('noise')).session.result);
  }
  if (outputs.has('air') && flows !== undefined) {
    const job = airJob(settings, assumptions);
    // Unit link contributions per geometry, filled by the air stage and re-summed when only flows change.
    const dispersion = () => cache.get('air-dispersion', airDispersionKey(flows.city, job), () => new Map<string, LinkContributions>()).value;
    run.air = timed('air', airKey(flows.city, job), () => runAirStage(flows.city, job, sub('air'), dispersion()));
  }
  if (outputs.has('sun-hours')) {
    const j = { bounds: settings.bounds, cellSizeM: settings.sunCellM, sunDate: assumptions.sunDate };
    run.sun = timed('sun-hours', sunKey(city, j), () => runSunStage(city, j, sub('sun-hours')));
  }
  control?.onProgress?.({ fraction: 1, stage: 'done' });
  return run;
}

export { StageCache };
