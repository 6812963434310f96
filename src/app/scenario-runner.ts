/**
 * Runs the chosen scenarios (issue 10): fetches each file from the server (server/scenario-routes.ts),
 * runs the chain in the scenario worker (baseline first, so the others get difference maps), keeps
 * each outcome in the scenario store and puts its maps and difference maps in the results store
 * (not shown; the panel picks one). Problems of a file (schema, unknown id, unknown scenario) are
 * stored per scenario; the next scenario still runs.
 */
import { CancelledError } from '../sim/core/progress';
import { cityStore } from '../state/city-store';
import { resultsStore } from '../state/results-store';
import { BASELINE_ID, scenarioStore, type ScenarioListItem } from '../state/scenario-store';
import { createScenarioClient, type ScenarioClient } from './scenario-client';
import { mapKind, type ScenarioSummary } from './scenario-outcome';

let client: ScenarioClient | null = null;
let cancelled = false;

/** Fetches the list of scenario files into the store. */
export async function loadScenarioList(): Promise<void> {
  try {
    const res = await fetch('/api/scenarios');
    if (!res.ok) throw new Error(`GET /api/scenarios: HTTP ${res.status}`);
    const body = (await res.json()) as { scenarios: ScenarioListItem[] };
    scenarioStore.getState().setList(body.scenarios);
  } catch (e) {
    scenarioStore.getState().setList(null, (e as Error).message);
  }
}

/** The scenario file's text, or an error naming the id. */
async function fetchScenario(id: string): Promise<string> {
  const res = await fetch(`/api/scenarios/${encodeURIComponent(id)}`);
  if (res.status === 404) throw new Error(`unknown scenario id '${id}'`);
  if (!res.ok) throw new Error(`GET /api/scenarios/${id}: HTTP ${res.status}`);
  return res.text();
}

/** Puts the outcome's maps and difference maps in the results store (the shown one stays). */
function publish(o: ScenarioSummary): void {
  const rs = resultsStore.getState();
  for (const r of [...o.maps, ...o.diffs]) rs.setResult(r, false);
}

/** After a run: show a difference map and split baseline | first scenario on the same map kind. */
function showDefaults(done: ScenarioSummary[]): void {
  const base = done.find((o) => o.id === BASELINE_ID);
  const other = done.find((o) => o.id !== BASELINE_ID);
  if (base === undefined || other === undefined) return;
  const s = scenarioStore.getState();
  const kind = mapKind(s.split.rightId ?? other.maps[0]?.id ?? '');
  const left = base.maps.find((m) => mapKind(m.id) === kind) ?? base.maps[0];
  const right = other.maps.find((m) => mapKind(m.id) === kind) ?? other.maps[0];
  const rs = resultsStore.getState();
  const shown = rs.shownId !== null && rs.shownId in rs.results;
  if (!shown) rs.show(other.diffs[0]?.id ?? right?.id ?? null);
  if (s.split.leftId === null || !(s.split.leftId in rs.results)) s.setSplit({ leftId: left?.id ?? null, rightId: right?.id ?? null });
  if (s.editsShownId === null) s.showEdits(other.id);
}

/** Runs every chosen scenario in order; resolves when all finished, failed or the run was cancelled. */
export async function runChosenScenarios(): Promise<void> {
  const store = scenarioStore.getState();
  const city = cityStore.getState().city;
  if (city === null || store.running) return;
  const ids = store.selected;
  cancelled = false;
  store.setRunning(true);
  for (const id of ids) store.setRun(id, { status: 'queued' });
  client ??= createScenarioClient();
  const done: ScenarioSummary[] = [];
  try {
    for (const id of ids) {
      if (cancelled) {
        store.setRun(id, { status: 'cancelled' });
        continue;
      }
      const item = scenarioStore.getState().list?.find((s) => s.id === id);
      if (item?.issues !== undefined) {
        store.setRun(id, { status: 'invalid', file: item.file, issues: item.issues });
        continue;
      }
      store.setRun(id, { status: 'running', progress: { fraction: 0, stage: 'loading' } });
      try {
        const text = item?.text ?? (await fetchScenario(id));
        const outcome = await client.run(city, { id, file: `${id}.json`, text, grid: scenarioStore.getState().grid, baselineId: BASELINE_ID }, (p) => {
          // Progress messages may arrive after the result: only a running scenario takes them.
          if (scenarioStore.getState().runs[id]?.status === 'running') scenarioStore.getState().setRun(id, { status: 'running', progress: p });
        });
        if (outcome.ok) {
          publish(outcome);
          done.push(outcome);
          store.setRun(id, { status: 'done', outcome });
        } else store.setRun(id, { status: 'invalid', file: outcome.file, issues: outcome.issues });
      } catch (e) {
        if (e instanceof CancelledError || cancelled) {
          cancelled = true;
          store.setRun(id, { status: 'cancelled' });
        } else store.setRun(id, { status: 'failed', message: (e as Error).message });
      }
    }
    showDefaults(done);
  } finally {
    store.setRunning(false);
  }
}

/** Cancels the running chain (the worker and its cache are dropped). */
export function cancelScenarioRun(): void {
  cancelled = true;
  client?.cancel();
}
