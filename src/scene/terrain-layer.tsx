/** Terrain mesh (grid or TIN) that buildings and roads sit on; also the walk camera's ground. */
import { useEffect, useMemo } from 'react';
import { BufferAttribute, BufferGeometry, PlaneGeometry, type Mesh } from 'three';
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
  return <GroundMesh geometry={geometry} visible={visible} name="terrain" raycast={acceleratedRaycast} />;
}

/** Without terrain data: a flat ground plane at z = 0 (ENU), 30 district radii across (its edge lies beyond the fog). */
export function GroundPlane({ centre, radiusM, visible }: { centre: readonly [number, number]; radiusM: number; visible: boolean }) {
  const geometry = useMemo(() => new PlaneGeometry(radiusM * 30, radiusM * 30).translate(centre[0], centre[1], -0.05), [centre, radiusM]);
  return <GroundMesh geometry={geometry} visible={visible} name="ground-plane" />;
}

/**
 * The ground surface both layers draw: terrain-coloured, shadow-receiving, registered as
 * `sceneObjects.terrain` (the walk camera's ground); disposes its geometry when replaced or unmounted.
 */
function GroundMesh({ geometry, visible, name, raycast }: { geometry: BufferGeometry; visible: boolean; name: string; raycast?: Mesh['raycast'] }) {
  useEffect(() => () => geometry.dispose(), [geometry]);
  return (
    <mesh
      geometry={geometry}
      visible={visible}
      receiveShadow
      name={name}
      {...(raycast === undefined ? {} : { raycast })}
      ref={(m) => {
        sceneObjects.terrain = m;
      }}
    >
      <meshStandardMaterial color={TERRAIN_COLOUR} roughness={1} />
    </mesh>
  );
}
