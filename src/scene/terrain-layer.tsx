/** Terrain mesh (grid or TIN) that buildings and roads sit on; also the walk camera's ground. */
import { useEffect, useMemo } from 'react';
import { BufferAttribute, BufferGeometry, PlaneGeometry } from 'three';
import { acceleratedRaycast, MeshBVH } from 'three-mesh-bvh';
import type { Terrain } from '../twin/city-model';
import { buildTerrainMesh } from './geometry-source';
import { TERRAIN_COLOUR } from './palette';
import { sceneObjects } from './scene-objects';

export function TerrainLayer({ terrain, visible }: { terrain: Terrain; visible: boolean }) {
  const geometry = useMemo(() => {
    const mesh = buildTerrainMesh(terrain);
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(mesh.positions, 3));
    g.setAttribute('normal', new BufferAttribute(mesh.normals, 3));
    g.setIndex(new BufferAttribute(mesh.indices, 1));
    g.computeBoundingBox();
    g.computeBoundingSphere();
    // A BVH: the walk camera and the ground-cover draping ray-cast the terrain often.
    Object.assign(g, { boundsTree: new MeshBVH(g) });
    return g;
  }, [terrain]);
  useEffect(() => () => geometry.dispose(), [geometry]);
  return (
    <mesh
      geometry={geometry}
      visible={visible}
      receiveShadow
      name="terrain"
      raycast={acceleratedRaycast}
      ref={(m) => {
        sceneObjects.terrain = m;
      }}
    >
      <meshStandardMaterial color={TERRAIN_COLOUR} roughness={1} />
    </mesh>
  );
}

/** Without terrain data: a flat ground plane at z = 0 (ENU), 30 district radii across (its edge lies beyond the fog). */
export function GroundPlane({ centre, radiusM, visible }: { centre: readonly [number, number]; radiusM: number; visible: boolean }) {
  const geometry = useMemo(() => new PlaneGeometry(radiusM * 30, radiusM * 30).translate(centre[0], centre[1], -0.05), [centre, radiusM]);
  useEffect(() => () => geometry.dispose(), [geometry]);
  return (
    <mesh
      geometry={geometry}
      visible={visible}
      receiveShadow
      name="ground-plane"
      ref={(m) => {
        sceneObjects.terrain = m;
      }}
    >
      <meshStandardMaterial color={TERRAIN_COLOUR} roughness={1} />
    </mesh>
  );
}
