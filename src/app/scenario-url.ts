/**
 * Shareable state of a scenario comparison (issue 10), kept in the URL's hash so a link reopens it:
 * `#scenarios=baseline,zone-30&grid=50&shown=<result id>&split=<left id>|<right id>|<position>
 * &view=scene&camera=<x>,<y>,<z>,<heading°>,<pitch°>,<distance m>` (ENU metres, degrees).
 * Opening such a link runs the scenarios, then shows the result, the split, the view and the camera.
 * A chosen scenario saved in the sharer's page (a draft) travels as `&draft:<id>=<file text>` in
 * the link form of src/scenario/draft-link.ts, so the link reopens it in another page.
 */
import type { CameraPose } from '../state/camera-store';
import type { ViewMode } from '../state/view-store';
import type { ScenarioGrid } from './scenario-outcome';

export interface ShareState {
  scenarios: string[];
  grid: ScenarioGrid;
  shownId: string | null;
  split: { leftId: string; rightId: string; position: number } | null;
  view: ViewMode;
  camera: CameraPose | null;
  /** Chosen scenarios saved in the sharer's page: id and link form of the file text (src/scenario/draft-link.ts); absent when none. */
  drafts?: { id: string; value: string }[];
}

const DEG = 180 / Math.PI;
const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

/** The hash (with its '#') of a share state. */
export function encodeShareState(s: ShareState): string {
  const p = new URLSearchParams();
  p.set('scenarios', s.scenarios.join(','));
  p.set('grid', String(s.grid));
  if (s.shownId !== null) p.set('shown', s.shownId);
  if (s.split !== null) p.set('split', `${s.split.leftId}|${s.split.rightId}|${round(s.split.position, 3)}`);
  p.set('view', s.view);
  if (s.camera !== null) {
    const c = s.camera;
    p.set('camera', [round(c.target[0], 1), round(c.target[1], 1), round(c.target[2], 1), round(c.headingRad * DEG, 2), round(c.pitchRad * DEG, 2), round(c.distanceM, 1)].join(','));
  }
  for (const d of s.drafts ?? []) p.set(`draft:${d.id}`, d.value);
  return `#${p.toString()}`;
}

/** The share state of a hash, or null when it names no scenarios; malformed parts are dropped. */
export function parseShareState(hash: string): ShareState | null {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const ids = (p.get('scenarios') ?? '').split(',').filter((x) => /^[\w.-]+$/.test(x));
  if (ids.length === 0) return null;
  const g = p.get('grid');
  const cell = Number(g);
  const grid: ScenarioGrid = g !== null && g !== 'file' && Number.isFinite(cell) && cell > 0 ? cell : 'file';
  let split: ShareState['split'] = null;
  const sp = (p.get('split') ?? '').split('|');
  if (sp.length === 3 && sp[0] && sp[1] && Number.isFinite(Number(sp[2]))) split = { leftId: sp[0], rightId: sp[1], position: Number(sp[2]) };
  let camera: CameraPose | null = null;
  const c = (p.get('camera') ?? '').split(',').map(Number);
  if (c.length === 6 && c.every(Number.isFinite)) {
    const [x = 0, y = 0, z = 0, h = 0, pitch = 0, d = 1] = c;
    camera = { target: [x, y, z], headingRad: h / DEG, pitchRad: pitch / DEG, distanceM: d };
  }
  const drafts = ids.flatMap((id) => (p.get(`draft:${id}`) === null ? [] : [{ id, value: p.get(`draft:${id}`) ?? '' }]));
  return { scenarios: ids, grid, shownId: p.get('shown'), split, view: p.get('view') === 'map' ? 'map' : 'scene', camera, ...(drafts.length > 0 && { drafts }) };
}
