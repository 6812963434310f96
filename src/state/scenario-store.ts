/**
 * Scenarios of this session (issue 10): the files the server lists, the chosen set (the baseline
 * always in it), the state of each run (progress, stages, outcome or the loader's problems), the
 * split view (left/right result ids, divider position) and the scenario whose edits the scene
 * draws. Writers: the scenario runner (src/app/scenario-runner.ts) and the scenario panels.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ProgressReport } from '../sim/core/progress';
import type { CameraPose } from './camera-store';
import { cityStore } from './city-store';
import { resultsStore } from './results-store';
import type { ScenarioIssue } from '../scenario/load-scenario';
import type { ScenarioGrid, ScenarioSummary } from '../app/scenario-outcome';

export const BASELINE_ID = 'baseline';

export interface ScenarioListItem {
  id: string;
  file: string;
  name: string;
  description: string;
  error?: string;
  /** The file's text when the scenario was saved in this page (the scenario editor), not on the server. */
  text?: string;
  /** The loader's problems when this page already refused the file (a shared link's draft): its run shows them, the worker is not asked again. */
  issues?: ScenarioIssue[];
}

export type ScenarioRunState =
  | { status: 'queued' }
  | { status: 'running'; progress: ProgressReport }
  | { status: 'done'; outcome: ScenarioSummary }
  | { status: 'invalid'; file: string; issues: ScenarioIssue[] }
  | { status: 'failed'; message: string }
  | { status: 'cancelled' };

export interface SplitState {
  enabled: boolean;
  /** Divider position, fraction of the view's width from the left (0.05…0.95). */
  position: number;
  /** Result ids drawn left and right of the divider. */
  leftId: string | null;
  rightId: string | null;
}

export interface ScenarioState {
  list: ScenarioListItem[] | null;
  listError: string | null;
  /** Chosen scenario ids, the baseline first. */
  selected: string[];
  grid: ScenarioGrid;
  runs: Readonly<Record<string, ScenarioRunState>>;
  running: boolean;
  split: SplitState;
  /** Scenario whose edited buildings the scene draws (added in colour, removed as ghosts), or null. */
  editsShownId: string | null;
  /** A camera pose the 3D view should take once (a shared link being restored), or null. */
  poseRequest: CameraPose | null;
  setList(list: ScenarioListItem[] | null, error?: string | null): void;
  toggle(id: string, on: boolean): void;
  setSelected(ids: readonly string[]): void;
  setGrid(grid: ScenarioGrid): void;
  setRun(id: string, run: ScenarioRunState): void;
  setRunning(running: boolean): void;
  setSplit(split: Partial<SplitState>): void;
  showEdits(id: string | null): void;
  requestPose(pose: CameraPose | null): void;
  /** Adds (or replaces, same id) a scenario saved in this page; the server's list keeps it. */
  addLocal(item: ScenarioListItem & { text: string }): void;
  /** A new district: forgets runs, split, edits shown and scenarios saved in this page (they were on the old one). */
  forgetCity(): void;
}

/** The chosen ids with the baseline first and no duplicates. */
export function withBaseline(ids: readonly string[]): string[] {
  return [BASELINE_ID, ...ids.filter((id, i) => id !== BASELINE_ID && ids.indexOf(id) === i)];
}

export const scenarioStore = createStore<ScenarioState>()((set) => ({
  list: null,
  listError: null,
  selected: [BASELINE_ID],
  grid: 'file',
  runs: {},
  running: false,
  split: { enabled: false, position: 0.5, leftId: null, rightId: null },
  editsShownId: null,
  poseRequest: null,
  setList: (list, error = null) => set((s) => ({ list: list === null ? null : [...list, ...(s.list ?? []).filter((l) => l.text !== undefined && !list.some((x) => x.id === l.id))], listError: error })),
  toggle: (id, on) => set((s) => ({ selected: withBaseline(on ? [...s.selected, id] : s.selected.filter((x) => x !== id)) })),
  setSelected: (ids) => set({ selected: withBaseline(ids) }),
  setGrid: (grid) => set({ grid }),
  setRun: (id, run) => set((s) => ({ runs: { ...s.runs, [id]: run } })),
  setRunning: (running) => set({ running }),
  setSplit: (split) => set((s) => ({ split: { ...s.split, ...split, position: Math.min(0.95, Math.max(0.05, split.position ?? s.split.position)) } })),
  showEdits: (editsShownId) => set({ editsShownId }),
  requestPose: (poseRequest) => set({ poseRequest }),
  addLocal: (item) => set((s) => ({ list: [...(s.list ?? []).filter((l) => l.id !== item.id), item] })),
  forgetCity: () =>
    set((s) => ({
      list: s.list === null ? null : s.list.filter((l) => l.text === undefined),
      selected: [BASELINE_ID],
      runs: {},
      split: { ...s.split, enabled: false, leftId: null, rightId: null },
      editsShownId: null,
    })),
}));

// A new district makes every scenario run, map and difference map (grids and ids of the old one) stale.
cityStore.subscribe((state, previous) => {
  if (state.city === previous.city || previous.city === null) return;
  scenarioStore.getState().forgetCity();
  const results = resultsStore.getState();
  for (const r of Object.values(results.results)) if (r.source === 'scenario') results.removeResult(r.id);
});

export function useScenarioStore<T>(selector: (state: ScenarioState) => T): T {
  return useStore(scenarioStore, selector);
}

/** Finished runs of the chosen scenarios, in the chosen order. */
export function finishedRuns(s: Pick<ScenarioState, 'selected' | 'runs'>): ScenarioSummary[] {
  const out: ScenarioSummary[] = [];
  for (const id of s.selected) {
    const r = s.runs[id];
    if (r?.status === 'done') out.push(r.outcome);
  }
  return out;
}
