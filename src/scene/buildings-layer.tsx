/**
 * Buildings: one mesh per merged chunk (a few draw calls for the whole district) with a per-vertex
 * building index; hover highlights, click selects (the info panel shows the attributes).
 */
import { useEffect, useMemo } from 'react';
import { BufferAttribute, BufferGeometry, Sphere, type Mesh, type Vector3 } from 'three';
import { useThree, type ThreeEvent } from '@react-three/fiber';
import { Bvh } from '@react-three/drei';
import type { BuildingTable } from '../twin/city-model';
import { selectionStore } from '../state/selection-store';
import { buildBuildingMeshes } from './geometry-source';
import { createBuildingMaterial } from './building-material';
import { sceneObjects } from './scene-objects';

/** Building index under a ray hit (vertex a of the hit triangle). */
export function buildingIndexOfHit(mesh: Mesh, faceIndex: number | undefined): number {
  if (faceIndex === undefined) return -1;
  const geometry = mesh.geometry;
  const attr = geometry.getAttribute('buildingIndex');
  const index = geometry.getIndex();
  if (attr === undefined || index === null) return -1;
  return Math.round(attr.getX(index.getX(faceIndex * 3)));
}

export function BuildingsLayer({ buildings, visible }: { buildings: BuildingTable; visible: boolean }) {
  const invalidate = useThree((s) => s.invalidate);
  const material = useMemo(() => createBuildingMaterial(), []);
  const geometries = useMemo(() => {
    return buildBuildingMeshes(buildings).map((chunk) => {
      const g = new BufferGeometry();
      g.setAttribute('position', new BufferAttribute(chunk.positions, 3));
      g.setAttribute('normal', new BufferAttribute(chunk.normals, 3));
      g.setAttribute('buildingIndex', new BufferAttribute(chunk.buildingIndex, 1));
      g.setIndex(new BufferAttribute(chunk.indices, 1));
      g.computeBoundingBox();
      g.boundingSphere = g.boundingBox?.getBoundingSphere(new Sphere()) ?? null;
      return g;
    });
  }, [buildings]);

  useEffect(() => () => geometries.forEach((g) => g.dispose()), [geometries]);
  useEffect(() => () => material.dispose(), [material]);

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
    <Bvh firstHitOnly>
      <group visible={visible} name="buildings">
        {geometries.map((g, i) => (
          <mesh
            key={i}
            geometry={g}
            material={material}
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
    </Bvh>
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
