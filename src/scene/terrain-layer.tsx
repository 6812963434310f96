/** Terrain mesh (grid or TIN) that buildings and roads sit on; also the walk camera's ground. */
import { useEffect, useMemo } from 'react';
import { BufferAttribute, BufferGeometry } from 'three';
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
    return g;
  }, [terrain]);
  useEffect(() => () => geometry.dispose(), [geometry]);
  return (
    <mesh
      geometry={geometry}
      visible={visible}
      receiveShadow
      name="terrain"
      ref={(m) => {
        sceneObjects.terrain = m;
      }}
    >
      <meshStandardMaterial color={TERRAIN_COLOUR} roughness={1} />
    </mesh>
  );
}
