/**
 * A consultation's variants in the twin (issue 11): once a participant joins, the variants
 * (scenario ids) are run through the scenario chain (src/app/scenario-runner.ts, in its worker)
 * and switching variant shows that scenario in the scene: its edited buildings (new ones coloured,
 * removed ones as ghosts) and the same kind of map as shown before (noise, air, sun-hours) for that
 * variant. The headset panel reads the variant's description and KPIs from here.
 */
import { consultationStore } from '../state/consultation-store';
import { resultsStore } from '../state/results-store';
import { BASELINE_ID, scenarioStore, withBaseline } from '../state/scenario-store';
import { loadScenarioList, runChosenScenarios } from './scenario-runner';
import { mapKind, type ScenarioSummary } from './scenario-outcome';

/** The finished run of a scenario, or null while it is not run (yet). */
export function variantOutcome(variant: string | null): ScenarioSummary | null {
  if (variant === null) return null;
  const run = scenarioStore.getState().runs[variant];
  return run?.status === 'done' ? run.outcome : null;
}

/** Show a variant in the scene: its edits and its map of the kind shown now (else its first map). */
export function showVariantInScene(variant: string | null): void {
  const outcome = variantOutcome(variant);
  if (variant === null || outcome === null) return;
  scenarioStore.getState().showEdits(variant === BASELINE_ID ? null : variant);
  const shownId = resultsStore.getState().shownId;
  const kind = shownId === null ? null : mapKind(shownId);
  const map = outcome.maps.find((m) => kind !== null && mapKind(m.id) === kind) ?? outcome.maps[0];
  if (map !== undefined) resultsStore.getState().show(map.id);
}

/** Map cell size for a consultation's variants, m: coarse enough for a tablet or a headset to run them in a minute or so. */
export const CONSULTATION_GRID_M = 50;

/** Run the consultation's variants that exist as scenario files (with the baseline). */
export async function prepareVariants(variants: readonly string[]): Promise<void> {
  if (scenarioStore.getState().list === null) await loadScenarioList();
  const known = new Set((scenarioStore.getState().list ?? []).map((s) => s.id));
  const ids = variants.filter((v) => known.has(v));
  if (ids.length === 0 || scenarioStore.getState().running) return;
  scenarioStore.getState().setSelected(withBaseline(ids));
  scenarioStore.getState().setGrid(CONSULTATION_GRID_M);
  await runChosenScenarios();
  showVariantInScene(consultationStore.getState().variant);
}

let following = false;

/** Keep the scene on the participant's variant: on switching, and when a variant's run finishes. */
export function followConsultationVariants(): void {
  if (following) return;
  following = true;
  consultationStore.subscribe((s, prev) => {
    if (s.variant !== prev.variant) showVariantInScene(s.variant);
  });
  scenarioStore.subscribe((s, prev) => {
    const variant = consultationStore.getState().variant;
    if (variant !== null && s.runs[variant] !== prev.runs[variant]) showVariantInScene(variant);
  });
}
