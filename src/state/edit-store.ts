/**
 * Editing a scenario in the 3D view (issue 10): the active tool, the sketch being drawn (ground
 * points, ENU m), a closed shape waiting for its form, the selected feature, and the draft: the
 * base city plus the edits applied so far, with undo/redo over `EditHistory` (exact inverses,
 * src/scenario/edit-history.ts). Every tool action becomes one of the scenario file's edit types
 * (src/scenario/scenario-types.ts) and is checked by `compileEdit`, the code the scenario loader
 * runs, so the draft saves as a file the loader accepts (`draftScenarioFile`).
 *
 * Writers: the scene's edit tools (src/scene/edit-tools) and the scenario editor panel. The store
 * follows the city store: a new district starts an empty draft on it.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { BuildingUse, CityModel } from '../twin/city-model';
import { EditHistory } from '../scenario/edit-history';
import { compileEdit, EditError } from '../scenario/edits';
import { parseScenario } from '../scenario/load-scenario';
import type { AddBuildingEdit, AddNoiseBarrierEdit, AddTreesEdit, Point2, ScenarioEdit, ScenarioFile } from '../scenario/scenario-types';
import { cityStore } from './city-store';

export type EditTool = 'navigate' | 'draw-building' | 'building' | 'road' | 'barrier' | 'trees';
export const EDIT_TOOLS: readonly EditTool[] = ['navigate', 'draw-building', 'building', 'road', 'barrier', 'trees'];

export type EditSelection = { kind: 'building' | 'road' | 'tree'; id: string };

/** A closed footprint or a finished barrier line, waiting for its form (height, storeys, use). */
export type PendingShape = { kind: 'footprint' | 'barrier'; points: Point2[] };

/** What the footprint form gives: a height or a number of storeys, and the use. */
export interface BuildingForm {
  heightM?: number;
  storeys?: number;
  use: BuildingUse;
}

/** Default tree of the tree tool: 10 m high, 6 m crown (a young street tree), deciduous. */
export const DEFAULT_TREE = { heightM: 10, crownDiameterM: 6 } as const;
/** Default height of a drawn noise barrier, m. */
export const DEFAULT_BARRIER_HEIGHT_M = 4;
/** Sketch points closer than this to the previous one are dropped (a double-click's second click), m. */
export const MIN_POINT_SPACING_M = 0.5;

export interface EditState {
  tool: EditTool;
  /** The district the draft edits (the city store's), or null before one is loaded. */
  base: CityModel | null;
  /** base + edits; equals base when there are none. */
  draft: CityModel | null;
  /** The edits applied, in order (the scenario file's `edits`). */
  edits: ScenarioEdit[];
  /** Undone edits, the next redo last. */
  redoable: ScenarioEdit[];
  /** Ground points clicked so far by the footprint or barrier tool. */
  sketch: Point2[];
  pending: PendingShape | null;
  selection: EditSelection | null;
  /** Why the last action was refused (the loader's message), or null. */
  problem: string | null;
  setTool(tool: EditTool): void;
  /** Starts an empty draft on `base` (a new district). */
  begin(base: CityModel | null): void;
  addPoint(p: Point2): void;
  /** Removes the last sketch point. */
  dropPoint(): void;
  /** Closes the ring (footprint) or ends the line (barrier): the shape waits for its form. False with `problem` set when it cannot be used. */
  finishSketch(): boolean;
  cancelSketch(): void;
  /** Applies an edit to the draft; false with `problem` set when the loader's checks refuse it. */
  apply(edit: ScenarioEdit): boolean;
  /** Adds the pending footprint as a building (form values) or the pending line as a barrier (heightM). */
  commitPending(form: BuildingForm | { heightM: number }): boolean;
  undo(): void;
  redo(): void;
  select(selection: EditSelection | null): void;
  clearProblem(): void;
}

/** `${prefix}-1`, `${prefix}-2`, … : the first not in any of `taken`. */
export function nextFreeId(prefix: string, ...taken: readonly (readonly string[])[]): string {
  for (let k = 1; ; k++) {
    const id = `${prefix}-${k}`;
    if (!taken.some((ids) => ids.includes(id))) return id;
  }
}

/** The add-building edit for a drawn footprint on `city`, with a new id. */
export function footprintEdit(city: CityModel, footprint: readonly Point2[], form: BuildingForm): AddBuildingEdit {
  return {
    op: 'add-building',
    id: nextFreeId('edit-building', city.buildings.id),
    footprint: footprint.map((p) => [p[0], p[1]] as const),
    ...(form.heightM !== undefined && { heightM: form.heightM }),
    ...(form.storeys !== undefined && { storeys: form.storeys }),
    use: form.use,
  };
}

/** The add-noise-barrier edit for a drawn line on `city`, with a new id. */
export function barrierEdit(city: CityModel, line: readonly Point2[], heightM: number): AddNoiseBarrierEdit {
  return { op: 'add-noise-barrier', id: nextFreeId('edit-barrier', city.buildings.id), line: line.map((p) => [p[0], p[1]] as const), heightM };
}

/** The add-trees edit for one tree at `p` on `city`; its tree id is `${idPrefix}-1`. */
export function treeEdit(city: CityModel, p: Point2): AddTreesEdit {
  let k = 1;
  while (city.trees.id.includes(`edit-tree-${k}-1`)) k++;
  return { op: 'add-trees', idPrefix: `edit-tree-${k}`, points: [[p[0], p[1]]], heightM: DEFAULT_TREE.heightM, crownDiameterM: DEFAULT_TREE.crownDiameterM, leafCycle: 'deciduous' };
}

/** The loader's objection to `edit` on `city` (src/scenario/edits.ts compileEdit), or null. */
export function editProblem(city: CityModel, edit: ScenarioEdit): string | null {
  try {
    compileEdit(city, edit);
    return null;
  } catch (e) {
    if (e instanceof EditError) return e.message;
    throw e;
  }
}

/** A provisional edit of the pending shape, to check it before the form is filled. */
function probeEdit(city: CityModel, shape: PendingShape): ScenarioEdit {
  return shape.kind === 'footprint' ? footprintEdit(city, shape.points, { heightM: 10, use: 'residential' }) : barrierEdit(city, shape.points, DEFAULT_BARRIER_HEIGHT_M);
}

export function createEditStore() {
  let history: EditHistory | null = null;
  const cleared = { sketch: [] as Point2[], pending: null, selection: null, problem: null };
  return createStore<EditState>()((set, get) => {
    const refuse = (problem: string): false => {
      set({ problem });
      return false;
    };
    return {
      tool: 'navigate',
      base: null,
      draft: null,
      edits: [],
      redoable: [],
      ...cleared,
      setTool: (tool) => set({ tool, ...cleared }),
      begin: (base) => {
        history = base === null ? null : new EditHistory(base);
        set({ base, draft: base, edits: [], redoable: [], ...cleared });
      },
      addPoint: (p) =>
        set((s) => {
          const last = s.sketch[s.sketch.length - 1];
          if (last !== undefined && Math.hypot(p[0] - last[0], p[1] - last[1]) < MIN_POINT_SPACING_M) return s;
          return { sketch: [...s.sketch, p], problem: null, pending: null };
        }),
      dropPoint: () => set((s) => ({ sketch: s.sketch.slice(0, -1) })),
      finishSketch: () => {
        const { tool, sketch, draft } = get();
        if (draft === null || (tool !== 'draw-building' && tool !== 'barrier')) return false;
        const shape: PendingShape = { kind: tool === 'draw-building' ? 'footprint' : 'barrier', points: sketch };
        const problem = editProblem(draft, probeEdit(draft, shape));
        if (problem !== null) return refuse(problem);
        set({ pending: shape, sketch: [], problem: null });
        return true;
      },
      cancelSketch: () => set({ sketch: [], pending: null, problem: null }),
      apply: (edit) => {
        if (history === null) return refuse('no district loaded');
        try {
          const draft = history.apply(edit);
          set((s) => ({ draft, edits: [...s.edits, edit], redoable: [], problem: null }));
          return true;
        } catch (e) {
          if (e instanceof EditError) return refuse(e.message);
          throw e;
        }
      },
      commitPending: (form) => {
        const { pending, draft } = get();
        if (pending === null || draft === null) return false;
        const edit = pending.kind === 'footprint' && 'use' in form ? footprintEdit(draft, pending.points, form) : barrierEdit(draft, pending.points, form.heightM ?? DEFAULT_BARRIER_HEIGHT_M);
        const ok = get().apply(edit);
        if (ok) set({ pending: null, selection: { kind: 'building', id: edit.id } });
        return ok;
      },
      undo: () => {
        const s = get();
        if (history === null || !history.canUndo) return;
        const draft = history.undo();
        const last = s.edits[s.edits.length - 1];
        set({ draft, edits: s.edits.slice(0, -1), redoable: last === undefined ? s.redoable : [...s.redoable, last], ...cleared });
      },
      redo: () => {
        const s = get();
        if (history === null || !history.canRedo) return;
        const draft = history.redo();
        const next = s.redoable[s.redoable.length - 1];
        set({ draft, edits: next === undefined ? s.edits : [...s.edits, next], redoable: s.redoable.slice(0, -1), ...cleared });
      },
      select: (selection) => set({ selection, problem: null }),
      clearProblem: () => set({ problem: null }),
    };
  });
}

export type EditStore = ReturnType<typeof createEditStore>;

/** The editor of this page; a new district in the city store starts a new draft. */
export const editStore = createEditStore();
cityStore.subscribe((s) => {
  if (s.city !== editStore.getState().base) editStore.getState().begin(s.city);
});
editStore.getState().begin(cityStore.getState().city);

export function useEditStore<T>(selector: (state: EditState) => T): T {
  return useStore(editStore, selector);
}

/** Lower-case ASCII slug of a name, for a scenario id (`draft-<slug>`). */
export function scenarioSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `draft-${slug === '' ? 'scenario' : slug}`;
}

export interface SavedDraft {
  id: string;
  file: string;
  scenario: ScenarioFile;
  /** The file's text (JSON, 2-space indent), checked by the scenario loader against the base. */
  text: string;
}

/**
 * The `base` a saved draft names, so that `twin run` finds the district (src/cli/commands/run.ts):
 * "demo" for the generated district; for an imported one the file it came from (its name, as
 * imported) or, for several files, the district's name (the server names a folder's district after
 * the folder). `twin run` looks for it beside the scenario file and in CITIES_DIR; `--base <path>`
 * names it explicitly.
 */
export function draftBase(city: CityModel): string {
  if (city.synthetic) return 'demo';
  const sources = city.report?.sources ?? [];
  return sources.length === 1 && sources[0] !== undefined ? sources[0] : city.name;
}

/**
 * The draft as a scenario file, its `base` from `draftBase`. Checked by the loader (schema and ids
 * against the base city); throws its ScenarioFileError when the loader refuses it.
 */
export function draftScenarioFile(state: Pick<EditState, 'base' | 'edits'>, meta: { name: string; description?: string }): SavedDraft {
  const base = state.base;
  if (base === null) throw new Error('no district loaded: nothing to save');
  const name = meta.name.trim();
  const scenario: ScenarioFile = {
    $schema: './schema.json',
    name,
    ...(meta.description !== undefined && meta.description.trim() !== '' && { description: meta.description.trim() }),
    base: draftBase(base),
    edits: [...state.edits],
    outputs: ['traffic', 'noise', 'air', 'sun-hours'],
  };
  const id = scenarioSlug(name);
  const file = `${id}.json`;
  const text = `${JSON.stringify(scenario, null, 2)}\n`;
  parseScenario(text, file, base);
  return { id, file, scenario, text };
}
