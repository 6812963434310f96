/**
 * The page side of shareable comparisons (issue 10): the current state as a share state and its
 * URL (src/app/scenario-url.ts), keeping the address bar's hash up to date once runs finished, and
 * restoring a shared link: choose the scenarios, run them, then show the result, the split view,
 * the view (3D/map) and the camera pose.
 */
import { encodeDraftText, readLinkedDraft } from '../scenario/draft-link';
import { t } from '../i18n';
import { cameraStore, captureCamera } from '../state/camera-store';
import { cityStore } from '../state/city-store';
import { resultsStore } from '../state/results-store';
import { finishedRuns, scenarioStore } from '../state/scenario-store';
import { viewStore } from '../state/view-store';
import { runChosenScenarios } from './scenario-runner';
import { encodeShareState, parseShareState, type ShareState } from './scenario-url';
import { switchView } from './switch-view';

export function currentShareState(): ShareState {
  const s = scenarioStore.getState();
  const { view } = viewStore.getState();
  const { split } = s;
  return {
    scenarios: s.selected,
    grid: s.grid,
    shownId: resultsStore.getState().shownId,
    split: split.enabled && split.leftId !== null && split.rightId !== null ? { leftId: split.leftId, rightId: split.rightId, position: split.position } : null,
    view,
    camera: captureCamera(view) ?? cameraStore.getState().pose,
    drafts: (s.list ?? []).flatMap((l) => (l.text !== undefined && l.text !== '' && s.selected.includes(l.id) ? [{ id: l.id, value: encodeDraftText(l.text) }] : [])),
  };
}

/** The link to the current comparison. */
export function shareUrl(): string {
  return `${location.origin}${location.pathname}${location.search}${encodeShareState(currentShareState())}`;
}

let restoring = false;

/** Writes the current state into the address bar (no navigation, no history entry) when runs finished. */
export function syncUrl(): void {
  if (restoring || finishedRuns(scenarioStore.getState()).length === 0) return;
  const hash = encodeShareState(currentShareState());
  if (hash !== location.hash) history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
}

/** Keeps the hash in step with the stores; returns the unsubscribe. */
export function startUrlSync(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(syncUrl, 300);
  };
  const offs = [scenarioStore.subscribe(later), resultsStore.subscribe((s, p) => s.shownId !== p.shownId && later()), viewStore.subscribe(later), cameraStore.subscribe(later)];
  return () => {
    clearTimeout(timer);
    offs.forEach((off) => off());
  };
}

/** Restores the comparison of the page's hash, if it names one: runs the scenarios first. Resolves to whether it did. */
export async function restoreFromUrl(hash = location.hash): Promise<boolean> {
  const shared = parseShareState(hash);
  if (shared === null) return false;
  restoring = true;
  try {
    const s = scenarioStore.getState();
    // Drafts the link carries: checked by the scenario loader on this page's district; a refused one is listed with
    // the loader's issues, which its run shows without asking the worker to check it again.
    const city = cityStore.getState().city;
    const linked = city === null ? [] : (shared.drafts ?? []).map((d) => readLinkedDraft(d.id, d.value, city));
    for (const d of linked) s.addLocal({ id: d.id, file: d.file, name: d.ok ? d.scenario.name : d.id, description: d.ok ? (d.scenario.description ?? t('scenarios.link.draft')) : t('scenarios.link.refused'), text: d.text, ...(!d.ok && { error: t('scenarios.link.refused'), issues: d.issues }) });
    s.setSelected(shared.scenarios);
    s.setGrid(shared.grid);
    await runChosenScenarios();
    const rs = resultsStore.getState();
    if (shared.shownId !== null) rs.show(shared.shownId);
    if (shared.split !== null) s.setSplit({ enabled: true, ...shared.split });
    if (shared.camera !== null) {
      cameraStore.getState().setPose(shared.camera);
      if (shared.view === 'scene') s.requestPose(shared.camera);
    }
    switchView(shared.view);
    if (shared.camera !== null && shared.view === 'map') cameraStore.getState().setPose(shared.camera);
    return true;
  } finally {
    restoring = false;
  }
}
