/**
 * Main-thread side of the district's traffic (issue 7): a vanilla store with the run state, the
 * live iteration (relative gap) and the baseline and scenario solutions, and the actions that run
 * them in traffic.worker.ts. Each finished run publishes its maps through the results contract
 * (resultsStore): link flows coloured by v/c and drawn with a width ∝ flow, and, for a what-if,
 * the difference scenario − baseline (veh/h) with a diverging legend. Cancel terminates the worker;
 * the next run starts a fresh one (and needs a baseline again). A worker that fails (script not
 * loaded, an uncaught error) ends the running solve with a WorkerFailedError (status 'error') and is
 * dropped the same way; the solutions and maps already shown stay. A what-if or reset asked of the
 * fresh worker that replaced a failed one first re-solves the baseline there and re-applies the
 * changes in force (`workerRequests`), with the usual progress, so the user never runs it again.
 */
import { proxy, wrap, type Remote } from 'comlink';
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { t } from '../i18n';
import type { IterationReport } from '../sim/traffic/assignment-options';
import type { CityModel } from '../twin/city-model';
import type { AppliedRoadChange } from '../twin/traffic/city-traffic-session';
import type { TrafficJobRequest, TrafficJobResult } from '../sim-workers/traffic-job';
import { cityStore } from '../state/city-store';
import { resultsStore } from '../state/results-store';
import type { TrafficWorkerApi } from './traffic.worker';
import { watchWorkerFailure } from './worker-failure';
import { differenceResult, MAX_DRAWN_WIDTH_M, maxRoadFlowVehH, TRAFFIC_RESULT_IDS, volumeCapacityResult } from '../twin/traffic/traffic-results';

export type TrafficStatus = 'idle' | 'running' | 'ready' | 'error' | 'cancelled';

export interface TrafficState {
  status: TrafficStatus;
  /** Kind of the run in progress. */
  running: TrafficJobRequest['kind'] | null;
  /** Last iteration reported by the running solve. */
  iteration: IterationReport | null;
  baseline: TrafficJobResult | null;
  /** The what-if solution, or null while only the baseline exists. */
  scenario: TrafficJobResult | null;
  error: string | null;
  /** The district the solutions belong to. */
  city: CityModel | null;
}

export interface TrafficActions {
  runBaseline(city: CityModel, gap?: number): Promise<void>;
  applyChanges(changes: AppliedRoadChange[], gap?: number): Promise<void>;
  resetChanges(gap?: number): Promise<void>;
  cancel(): void;
}

let worker: Worker | null = null;
let remote: Remote<TrafficWorkerApi> | null = null;
let workerCity: CityModel | null = null;
/** Run counter: a cancelled run's late answer is ignored. */
let runId = 0;
/** Rejects the solve waiting on the worker (set while one runs). */
let rejectSolve: ((reason: unknown) => void) | null = null;
/** Whether the worker's job holds a solved baseline (its warm session); false for a fresh worker. */
let workerSolved = false;

/**
 * The requests a worker runs to answer `request`. A worker with a solved baseline runs it as is. A
 * fresh one (the failed worker's replacement) first solves the baseline; a reset is then done, and a
 * what-if applies the changes in force before the failure (`inForce`, the shown scenario's, in
 * order) followed by the new ones, so it re-solves the same network the old worker would have.
 */
export function workerRequests(request: TrafficJobRequest, workerHasBaseline: boolean, inForce: readonly AppliedRoadChange[]): TrafficJobRequest[] {
  if (workerHasBaseline || request.kind === 'baseline') return [request];
  const gap = request.gap === undefined ? {} : { gap: request.gap };
  const baseline: TrafficJobRequest = { kind: 'baseline', ...gap };
  if (request.kind === 'reset') return [baseline];
  return [baseline, { kind: 'what-if', changes: [...inForce, ...request.changes], ...gap }];
}

function ensureWorker(city: CityModel): Remote<TrafficWorkerApi> {
  if (remote === null || worker === null) {
    const w = new Worker(new URL('./traffic.worker.ts', import.meta.url), { type: 'module' });
    watchWorkerFailure(w, 'traffic', (error) => {
      if (worker !== w) return;
      stopWorker();
      rejectSolve?.(error);
      rejectSolve = null;
    });
    worker = w;
    remote = wrap<TrafficWorkerApi>(w);
    workerCity = null;
  }
  if (workerCity !== city) {
    void remote.setCity(city);
    workerCity = city;
    workerSolved = false;
  }
  return remote;
}

function stopWorker(): void {
  worker?.terminate();
  worker = null;
  remote = null;
  workerCity = null;
  workerSolved = false;
}

/** Publishes the maps of the solutions: v/c of the baseline, or of the scenario and its difference. */
function publish(state: TrafficState): void {
  const { baseline, scenario } = state;
  if (baseline === null) return;
  const results = resultsStore.getState();
  const vcLabels = (r: TrafficJobResult, title: string) => ({
    title, unit: t('traffic.legend.vcUnit'),
    notes: [t('traffic.legend.width', { width: MAX_DRAWN_WIDTH_M, flow: Math.round(maxRoadFlowVehH(r.roads)) }), t('traffic.legend.vcNote')],
  });
  if (scenario === null) {
    results.removeResult(TRAFFIC_RESULT_IDS.scenario);
    results.removeResult(TRAFFIC_RESULT_IDS.difference);
    results.setResult(volumeCapacityResult(baseline.roads, TRAFFIC_RESULT_IDS.baseline, vcLabels(baseline, t('traffic.result.baseline'))));
    return;
  }
  results.setResult(volumeCapacityResult(scenario.roads, TRAFFIC_RESULT_IDS.scenario, vcLabels(scenario, t('traffic.result.scenario'))), false);
  results.setResult(differenceResult(scenario.roads, baseline.roads, TRAFFIC_RESULT_IDS.difference, {
    title: t('traffic.result.difference'), unit: t('traffic.legend.diffUnit'), notes: [t('traffic.legend.diffNote')],
  }));
}

export const trafficStore = createStore<TrafficState & TrafficActions>()((set, get) => {
  /** Runs one request in the worker; resolves to null when a later run or a cancel overtook it. */
  const solve = async (api: Remote<TrafficWorkerApi>, id: number, request: TrafficJobRequest): Promise<TrafficJobResult | null> => {
    set({ running: request.kind, iteration: null });
    const r = await new Promise<TrafficJobResult>((resolve, reject) => {
      rejectSolve = reject;
      api
        .run(request, proxy((it: IterationReport) => {
          if (id === runId) set({ iteration: it });
        }))
        .then(resolve, reject)
        .finally(() => {
          if (rejectSolve === reject) rejectSolve = null;
        });
    });
    if (id !== runId) return null;
    workerSolved = true;
    return r;
  };
  const run = async (city: CityModel, request: TrafficJobRequest): Promise<void> => {
    const id = ++runId;
    set({ status: 'running', running: request.kind, iteration: null, error: null });
    try {
      const api = ensureWorker(city);
      const inForce = get().scenario?.changes ?? [];
      let r: TrafficJobResult | null = null;
      for (const step of workerRequests(request, workerSolved, inForce)) {
        r = await solve(api, id, step);
        if (r === null) return;
        // The re-solved baseline of a fresh worker replaces the old one (same district, same demand).
        if (r.kind === 'baseline') set({ baseline: r });
      }
      if (r === null) return;
      if (r.kind === 'baseline') set({ status: 'ready', running: null, baseline: r, scenario: null, city });
      else set({ status: 'ready', running: null, scenario: r, city });
      publish(get());
    } catch (e) {
      if (id !== runId) return;
      set({ status: 'error', running: null, error: e instanceof Error ? e.message : String(e) });
    }
  };
  return {
    status: 'idle',
    running: null,
    iteration: null,
    baseline: null,
    scenario: null,
    error: null,
    city: null,
    runBaseline: (city, gap) => run(city, { kind: 'baseline', ...(gap === undefined ? {} : { gap }) }),
    applyChanges: async (changes, gap) => {
      const { city, baseline } = get();
      if (city === null || baseline === null) throw new Error('traffic: run the baseline first');
      await run(city, { kind: 'what-if', changes, ...(gap === undefined ? {} : { gap }) });
    },
    resetChanges: async (gap) => {
      const { city, baseline } = get();
      if (city === null || baseline === null) throw new Error('traffic: run the baseline first');
      await run(city, { kind: 'reset', ...(gap === undefined ? {} : { gap }) });
    },
    cancel: () => {
      if (get().status !== 'running') return;
      runId++;
      stopWorker();
      // The worker's warm equilibrium is gone with it: a new baseline is needed for what-ifs.
      set({ status: 'cancelled', running: null, iteration: null, baseline: null, scenario: null });
    },
  };
});

// A new district makes the solutions (and their maps, one value per road of the old district) stale.
cityStore.subscribe((state, previous) => {
  if (state.city === previous.city || trafficStore.getState().city === null) return;
  trafficStore.getState().cancel();
  const results = resultsStore.getState();
  for (const id of Object.values(TRAFFIC_RESULT_IDS)) results.removeResult(id);
  trafficStore.setState({ status: 'idle', baseline: null, scenario: null, city: null, iteration: null, error: null });
});

export function useTrafficStore<T>(selector: (state: TrafficState & TrafficActions) => T): T {
  return useStore(trafficStore, selector);
}

/** The solution on show: the scenario when there is one, else the baseline. */
export function currentTraffic(state: TrafficState): TrafficJobResult | null {
  return state.scenario ?? state.baseline;
}
