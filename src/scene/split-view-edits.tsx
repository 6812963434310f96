/**
 * Edited buildings of the scenario chosen in the scenario panel (issue 10): added or changed
 * buildings (the scenario's geometry, `attributes.scenarioEdit`) drawn solid in orange; removed
 * ones (the base geometry) as red translucent ghosts drawn over the base building. Its own layer,
 * so the buildings layer is untouched (the base building under a ghost stays drawn: a ghost marks
 * it rather than hiding it).
 */
import { useEffect, useMemo } from 'react';
import { useThree } from '@react-three/fiber';
import { BufferAttribute, BufferGeometry, DoubleSide, MeshStandardMaterial } from 'three';
import type { BuildingTable } from '../twin/city-model';
import { useScenarioStore } from '../state/scenario-store';
import { buildBuildingMeshes } from './geometry/building-mesh';

export const EDIT_ADDED_COLOUR = '#f08c00';
export const EDIT_REMOVED_COLOUR = '#d62728';

function EditedBuildings({ table, material, name }: { table: BuildingTable; material: MeshStandardMaterial; name: string }) {
  const invalidate = useThree((s) => s.invalidate);
  const geometries = useMemo(
    () =>
      table.count === 0
        ? []
        : buildBuildingMeshes(table).map((chunk) => {
            const g = new BufferGeometry();
            g.setAttribute('position', new BufferAttribute(chunk.positions, 3));
            g.setAttribute('normal', new BufferAttribute(chunk.normals, 3));
            g.setIndex(new BufferAttribute(chunk.indices, 1));
            g.computeBoundingSphere();
            return g;
          }),
    [table],
  );
  useEffect(() => {
    invalidate();
    return () => geometries.forEach((g) => g.dispose());
  }, [geometries, invalidate]);
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
  if (run?.status !== 'done') return null;
  return (
    <group name="scenario-edits">
      <EditedBuildings table={run.outcome.edited.added} material={added} name="scenario-added" />
      <EditedBuildings table={run.outcome.edited.removed} material={ghost} name="scenario-removed" />
    </group>
  );
}
