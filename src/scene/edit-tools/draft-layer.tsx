/**
 * The scenario draft being edited (src/state/edit-store.ts) drawn over the base district: added
 * or changed buildings and noise barriers solid in the scenario colour (pickable by the building
 * tool), removed buildings as ghosts, edited roads as a ribbon over the base road (closed in red,
 * changed, added or reopened in the scenario colour), added trees as trees and removed trees as
 * red ghost crowns. Colours are those of the scenario edits layer (split-view-edits.tsx). The base
 * buildings that the draft removes or changes are hidden in the buildings layer (flag HIDE_DRAFT
 * of hidden-buildings.ts), so a lowered building shows its new shape and a removed one only its
 * ghost. Reads the store only; the geometry comes from the same builders as the base layers.
 */
import { useEffect, useMemo, useRef } from 'react';
import { useThree } from '@react-three/fiber';
import { useBuildingTableGeometries } from '../building-chunk-geometry';
import { BufferAttribute, BufferGeometry, Color, DoubleSide, IcosahedronGeometry, Matrix4, MeshStandardMaterial, type InstancedMesh, type Mesh } from 'three';
import type { BuildingTable, CityModel, RoadTable, TreeTable } from '../../twin/city-model';
import { editedBuildings } from '../../app/scenario-outcome';
import { rebuildRoads, rebuildTrees, roadRow, treeRow } from '../../scenario/table-rows';
import { useEditStore } from '../../state/edit-store';
import { buildRoadRibbons } from '../geometry-source';
import { EDIT_ADDED_COLOUR, EDIT_REMOVED_COLOUR } from '../split-view-edits';
import { HIDE_DRAFT, hiddenBaseRows, hiddenBuildingsStore } from '../hidden-buildings';
import { TreesLayer } from '../trees-layer';

/** Meshes of the draft's added/changed buildings and the table their `buildingIndex` points into (for picking). */
export const draftPickables: { meshes: Mesh[]; table: BuildingTable | null } = { meshes: [], table: null };

/** The draft's edited features against its base. */
export interface DraftDiff {
  buildings: { added: BuildingTable; removed: BuildingTable };
  roads: { closed: RoadTable; changed: RoadTable };
  trees: { added: TreeTable; removed: TreeTable };
}

export function draftDiff(base: CityModel, draft: CityModel): DraftDiff {
  const r = draft.roads;
  const closed: number[] = [];
  const changed: number[] = [];
  for (let i = 0; i < r.count; i++) {
    const e = r.attributes[i]?.scenarioEdit;
    if (e === 'closed') closed.push(i);
    else if (typeof e === 'string') changed.push(i);
  }
  const roads = (rows: number[]): RoadTable => rebuildRoads(r, rows.map((i) => ({ row: roadRow(r, i) })));
  const baseTrees = new Set(base.trees.id);
  const draftTrees = new Set(draft.trees.id);
  const treeRows = (t: TreeTable, keep: (id: string) => boolean): TreeTable => {
    const rows: number[] = [];
    for (let i = 0; i < t.count; i++) if (keep(t.id[i] ?? '')) rows.push(i);
    return rebuildTrees(t, rows.map((i) => ({ row: treeRow(t, i) })));
  };
  return {
    buildings: editedBuildings(base, { city: draft }),
    roads: { closed: roads(closed), changed: roads(changed) },
    trees: { added: treeRows(draft.trees, (id) => !baseTrees.has(id)), removed: treeRows(base.trees, (id) => !draftTrees.has(id)) },
  };
}

function useDisposing<T extends { dispose(): void }>(make: () => T, deps: readonly unknown[]): T {
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const value = useMemo(make, deps);
  useEffect(() => () => value.dispose(), [value]);
  return value;
}

function DraftBuildings({ table, material, name, pickable }: { table: BuildingTable; material: MeshStandardMaterial; name: string; pickable: boolean }) {
  const geometries = useBuildingTableGeometries(table);
  useEffect(() => {
    if (!pickable) return;
    draftPickables.table = table;
    return () => {
      if (draftPickables.table === table) draftPickables.table = null;
    };
  }, [pickable, table]);
  return (
    <>
      {geometries.map((g, k) => (
        <mesh
          key={k}
          geometry={g}
          material={material}
          name={`${name}-${k}`}
          castShadow={pickable}
          {...(pickable ? {} : { raycast: () => null })}
          renderOrder={3}
          ref={(m) => {
            if (!pickable) return;
            if (m === null) draftPickables.meshes = draftPickables.meshes.filter((x) => x.geometry !== g);
            else if (!draftPickables.meshes.includes(m)) draftPickables.meshes.push(m);
          }}
        />
      ))}
    </>
  );
}

function RoadOverlay({ roads, colour, name }: { roads: RoadTable; colour: string; name: string }) {
  const geometry = useDisposing(() => {
    const ribbons = buildRoadRibbons(roads, { liftM: 0.3 });
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(ribbons.positions, 3));
    g.setAttribute('normal', new BufferAttribute(ribbons.normals, 3));
    g.setIndex(new BufferAttribute(ribbons.indices, 1));
    g.computeBoundingSphere();
    return g;
  }, [roads]);
  if (roads.count === 0) return null;
  return (
    <mesh geometry={geometry} name={name} raycast={() => null} renderOrder={2}>
      <meshBasicMaterial color={colour} polygonOffset polygonOffsetFactor={-4} polygonOffsetUnits={-4} toneMapped={false} />
    </mesh>
  );
}

const GHOST_CROWN = new IcosahedronGeometry(0.5, 1).scale(1, 0.7, 1).rotateX(Math.PI / 2).translate(0, 0, 0.65);

function TreeGhosts({ trees }: { trees: TreeTable }) {
  const mesh = useRef<InstancedMesh>(null);
  useEffect(() => {
    const m = mesh.current;
    if (m === null) return;
    const mat = new Matrix4();
    for (let i = 0; i < trees.count; i++) {
      const d = trees.crownDiameterM[i] ?? 1;
      const h = trees.heightM[i] ?? 1;
      m.setMatrixAt(i, mat.makeScale(d, d, h).setPosition(trees.xyz[3 * i] ?? 0, trees.xyz[3 * i + 1] ?? 0, trees.xyz[3 * i + 2] ?? 0));
    }
    m.instanceMatrix.needsUpdate = true;
    m.computeBoundingSphere();
  }, [trees]);
  if (trees.count === 0) return null;
  return (
    <instancedMesh key={trees.count} ref={mesh} args={[GHOST_CROWN, undefined, trees.count]} raycast={() => null} renderOrder={3} name="draft-removed-trees">
      <meshStandardMaterial color={EDIT_REMOVED_COLOUR} transparent opacity={0.5} depthWrite={false} />
    </instancedMesh>
  );
}

export function DraftLayer() {
  const base = useEditStore((s) => s.base);
  const draft = useEditStore((s) => s.draft);
  const invalidate = useThree((s) => s.invalidate);
  const diff = useMemo(() => (base === null || draft === null || base === draft ? null : draftDiff(base, draft)), [base, draft]);
  const added = useDisposing(() => new MeshStandardMaterial({ color: new Color(EDIT_ADDED_COLOUR), roughness: 0.7, polygonOffset: true, polygonOffsetFactor: -1, polygonOffsetUnits: -1 }), []);
  const ghost = useDisposing(() => new MeshStandardMaterial({ color: new Color(EDIT_REMOVED_COLOUR), transparent: true, opacity: 0.45, depthWrite: false, side: DoubleSide, polygonOffset: true, polygonOffsetFactor: -2, polygonOffsetUnits: -2 }), []);
  useEffect(() => invalidate(), [diff, invalidate]);
  useEffect(() => {
    if (base === null || diff === null) return;
    hiddenBuildingsStore.getState().setSource(HIDE_DRAFT, { table: base.buildings, rows: hiddenBaseRows(base.buildings, diff.buildings) });
    return () => hiddenBuildingsStore.getState().setSource(HIDE_DRAFT, null);
  }, [base, diff]);
  if (diff === null) return null;
  return (
    <group name="scenario-draft">
      <DraftBuildings table={diff.buildings.added} material={added} name="draft-added" pickable />
      <DraftBuildings table={diff.buildings.removed} material={ghost} name="draft-removed" pickable={false} />
      <RoadOverlay roads={diff.roads.closed} colour={EDIT_REMOVED_COLOUR} name="draft-roads-closed" />
      <RoadOverlay roads={diff.roads.changed} colour={EDIT_ADDED_COLOUR} name="draft-roads-changed" />
      <TreesLayer trees={diff.trees.added} visible />
      <TreeGhosts trees={diff.trees.removed} />
    </group>
  );
}
