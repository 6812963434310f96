/**
 * Edited buildings of the scenario chosen in the scenario panel (issue 10): added or changed
 * buildings (the scenario's geometry, `attributes.scenarioEdit`) drawn solid in orange; removed
 * ones (the base geometry) as red translucent ghosts. The base buildings that the scenario
 * removes or changes are hidden in the buildings layer (flag HIDE_SCENARIO of hidden-buildings.ts),
 * so a lowered building shows its new shape and a removed one only its ghost. In the split view
 * (split-view.tsx) this group and that flag apply only to the halves showing the scenario's own
 * maps (`editsShownOnSide`).
 */
import { useEffect, useMemo } from 'react';
import { useThree } from '@react-three/fiber';
import { DoubleSide, MeshStandardMaterial } from 'three';
import { useBuildingTableGeometries } from './building-chunk-geometry';
import type { BuildingTable } from '../twin/city-model';
import { useCityStore } from '../state/city-store';
import { useScenarioStore, type ScenarioRunState } from '../state/scenario-store';
import { HIDE_SCENARIO, hiddenBaseRows, hiddenBuildingsStore } from './hidden-buildings';

export const EDIT_ADDED_COLOUR = '#f08c00';
export const EDIT_REMOVED_COLOUR = '#d62728';
/** Name of the group holding the shown scenario's edits (the split view toggles it per half). */
export const SCENARIO_EDITS_GROUP = 'scenario-edits';

/** The scenario whose run produced result `resultId` (one of its maps or difference maps), or null. */
export function scenarioOfResult(runs: Readonly<Record<string, ScenarioRunState>>, resultId: string | null): string | null {
  if (resultId === null) return null;
  for (const [id, run] of Object.entries(runs)) {
    if (run.status === 'done' && (run.outcome.maps.some((m) => m.id === resultId) || run.outcome.diffs.some((m) => m.id === resultId))) return id;
  }
  return null;
}

/**
 * Whether a split-view half whose map belongs to scenario `side` shows the edits of `shown`: the
 * half of that scenario does, the other half (the baseline, another scenario) does not; when
 * neither half belongs to `shown`, both show its edits, as the single view does.
 */
export function editsShownOnSide(shown: string | null, side: string | null, other: string | null): boolean {
  if (shown === null) return false;
  return side === shown || other !== shown;
}

function EditedBuildings({ table, material, name }: { table: BuildingTable; material: MeshStandardMaterial; name: string }) {
  const invalidate = useThree((s) => s.invalidate);
  const geometries = useBuildingTableGeometries(table);
  useEffect(() => invalidate(), [geometries, invalidate]);
  return (
    <>
      {geometries.map((g, k) => (
        <mesh key={k} geometry={g} material={material} name={`${name}-${k}`} raycast={() => null} renderOrder={3} />
      ))}
    </>
  );
}

export function ScenarioEditsLayer() {
  const id = useScenarioStore((s) => s.editsShownId);
  const run = useScenarioStore((s) => (id === null ? undefined : s.runs[id]));
  const added = useMemo(() => new MeshStandardMaterial({ color: EDIT_ADDED_COLOUR, roughness: 0.7, polygonOffset: true, polygonOffsetFactor: -1, polygonOffsetUnits: -1 }), []);
  const ghost = useMemo(() => new MeshStandardMaterial({ color: EDIT_REMOVED_COLOUR, transparent: true, opacity: 0.45, depthWrite: false, side: DoubleSide, polygonOffset: true, polygonOffsetFactor: -2, polygonOffsetUnits: -2 }), []);
  useEffect(
    () => () => {
      added.dispose();
      ghost.dispose();
    },
    [added, ghost],
  );
  const city = useCityStore((s) => s.city);
  const edited = run?.status === 'done' ? run.outcome.edited : null;
  useEffect(() => {
    if (city === null || edited === null) return;
    hiddenBuildingsStore.getState().setSource(HIDE_SCENARIO, { table: city.buildings, rows: hiddenBaseRows(city.buildings, edited) });
    return () => hiddenBuildingsStore.getState().setSource(HIDE_SCENARIO, null);
  }, [city, edited]);
  if (run?.status !== 'done') return null;
  return (
    <group name={SCENARIO_EDITS_GROUP}>
      <EditedBuildings table={run.outcome.edited.added} material={added} name="scenario-added" />
      <EditedBuildings table={run.outcome.edited.removed} material={ghost} name="scenario-removed" />
    </group>
  );
}
