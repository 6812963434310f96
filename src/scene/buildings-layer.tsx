/**
 * Buildings: one mesh per merged chunk (a few draw calls for the whole district) with a per-vertex
 * building index; hover highlights, click selects (the info panel shows the attributes). Buildings
 * that the shown scenario edits remove or change (hidden-buildings.ts) are left out of drawing,
 * the shadow map and picking, by a flags texture the shaders read: the merged geometry stays as
 * it is.
 */
import { useEffect, useMemo } from 'react';
import { Sphere, type Mesh, type Vector3 } from 'three';
import { buildingChunkGeometry } from './building-chunk-geometry';
import { useThree, type ThreeEvent } from '@react-three/fiber';
import { MeshBVH } from 'three-mesh-bvh';
import type { BuildingTable } from '../twin/city-model';
import { selectionStore } from '../state/selection-store';
import { buildBuildingMeshes } from './geometry-source';
import { createBuildingDepthMaterial, createBuildingMaterial } from './building-material';
import { buildingIndexOfHit, createHiddenFlagsTexture, HIDDEN_MASK, hiddenBuildingsStore, hidingRaycast, type HiddenBuildingsUniforms } from './hidden-buildings';
import { sceneObjects } from './scene-objects';

export { buildingIndexOfHit, hidingRaycast };

export function BuildingsLayer({ buildings, visible }: { buildings: BuildingTable; visible: boolean }) {
  const invalidate = useThree((s) => s.invalidate);
  const hidden = useMemo(() => createHiddenFlagsTexture(buildings.count), [buildings]);
  const uniforms = useMemo<HiddenBuildingsUniforms>(() => ({ hiddenFlags: { value: hidden.texture }, hiddenMask: HIDDEN_MASK }), [hidden]);
  const material = useMemo(() => createBuildingMaterial(uniforms), [uniforms]);
  const depthMaterial = useMemo(() => createBuildingDepthMaterial(uniforms), [uniforms]);
  const raycast = useMemo(() => hidingRaycast(hidden.flags, HIDDEN_MASK), [hidden]);
  const geometries = useMemo(() => {
    return buildBuildingMeshes(buildings).map((chunk) => {
      const g = buildingChunkGeometry(chunk);
      g.computeBoundingBox();
      g.boundingSphere = g.boundingBox?.getBoundingSphere(new Sphere()) ?? null;
      Object.assign(g, { boundsTree: new MeshBVH(g, { maxLeafTris: 10 }) });
      return g;
    });
  }, [buildings]);

  useEffect(() => () => geometries.forEach((g) => g.dispose()), [geometries]);
  useEffect(
    () => () => {
      material.dispose();
      depthMaterial.dispose();
    },
    [material, depthMaterial],
  );
  useEffect(() => () => hidden.texture.dispose(), [hidden]);

  useEffect(() => {
    const apply = (): void => {
      hidden.update(buildings, hiddenBuildingsStore.getState().sources);
      invalidate();
    };
    apply();
    return hiddenBuildingsStore.subscribe((s, p) => {
      if (s.sources !== p.sources) apply();
    });
  }, [hidden, buildings, invalidate]);

  useEffect(() => {
    const apply = (): void => {
      const { hoveredBuilding, selectedBuilding } = selectionStore.getState();
      material.setHighlight(hoveredBuilding, selectedBuilding);
      invalidate();
    };
    apply();
    return selectionStore.subscribe(apply);
  }, [material, invalidate]);

  const canvas = useThree((s) => s.gl.domElement);
  const onPointerMove = (e: ThreeEvent<PointerEvent>): void => {
    e.stopPropagation();
    canvas.style.cursor = 'pointer';
    selectionStore.getState().setHovered(buildingIndexOfHit(e.object as Mesh, e.faceIndex ?? undefined));
  };
  const onPointerOut = (): void => {
    canvas.style.cursor = '';
    selectionStore.getState().setHovered(-1);
  };
  const onClick = (e: ThreeEvent<MouseEvent>): void => {
    e.stopPropagation();
    selectionStore.getState().select(buildingIndexOfHit(e.object as Mesh, e.faceIndex ?? undefined));
  };

  return (
    <group visible={visible} name="buildings">
      {geometries.map((g, i) => (
        <mesh
          key={i}
          geometry={g}
          material={material}
          customDepthMaterial={depthMaterial}
          raycast={raycast}
          castShadow
          receiveShadow
          ref={(m) => {
            if (m === null) sceneObjects.buildings = sceneObjects.buildings.filter((b) => b.geometry !== g);
            else if (!sceneObjects.buildings.includes(m)) sceneObjects.buildings.push(m);
          }}
          {...(visible ? { onPointerMove, onPointerOut, onClick } : {})}
        />
      ))}
    </group>
  );
}

/** Roof centre of a building in ENU (mean of the outer ring's vertices, at base + height). */
export function buildingRoofCentre(buildings: BuildingTable, i: number, out: Vector3): Vector3 {
  const r = buildings.ringStart[i] ?? 0;
  const v0 = buildings.ringOffset[r] ?? 0;
  const v1 = buildings.ringOffset[r + 1] ?? v0;
  let sx = 0;
  let sy = 0;
  for (let v = v0; v < v1; v++) {
    sx += buildings.xy[2 * v] ?? 0;
    sy += buildings.xy[2 * v + 1] ?? 0;
  }
  const n = Math.max(1, v1 - v0);
  return out.set(sx / n, sy / n, (buildings.baseHeightM[i] ?? 0) + (buildings.heightM[i] ?? 0));
}
