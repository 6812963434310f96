/**
 * Trees, instanced: one trunk mesh and one crown mesh for all trees. The instance matrices
 * (src/scene/geometry/tree-instances.ts) place a unit tree: base at the origin, 1 m tall, crown 1 m
 * across, scaled to each tree's height and crown diameter (ENU). In a headset the trees are the
 * bulk of a large city's triangles (Geneva: 78 % of the immersive frame, bench/xr-frame.bench.ts),
 * so there they take a coarser crown and trunk and cast no shadow (the frame budget in bench/README.md).
 */
import { useEffect, useMemo, useRef } from 'react';
import { CylinderGeometry, IcosahedronGeometry, Matrix4, type InstancedMesh } from 'three';
import { useXR } from '@react-three/xr';
import type { TreeTable } from '../twin/city-model';
import { buildTreeInstances } from './geometry-source';
import { CROWN_COLOUR, TRUNK_COLOUR } from './palette';

/** Unit trunk: 40 % of the height, radius 4 % of the crown diameter (ENU z up → rotate the y-up cylinder). */
const TRUNK_GEOMETRY = new CylinderGeometry(0.04, 0.05, 0.4, 6).rotateX(Math.PI / 2).translate(0, 0, 0.2);
/** Unit crown: ellipsoid (80 triangles) centred at 65 % of the height, 1 m across, 70 % of the height tall. */
const CROWN_GEOMETRY = new IcosahedronGeometry(0.5, 1).scale(1, 0.7, 1).rotateX(Math.PI / 2).translate(0, 0, 0.65);
/** Headset level of detail: a 20-triangle crown and an open 4-sided trunk (8 triangles), 28 instead of 104 per tree. */
const XR_TRUNK_GEOMETRY = new CylinderGeometry(0.04, 0.05, 0.4, 4, 1, true).rotateX(Math.PI / 2).translate(0, 0, 0.2);
const XR_CROWN_GEOMETRY = new IcosahedronGeometry(0.5, 0).scale(1, 0.7, 1).rotateX(Math.PI / 2).translate(0, 0, 0.65);

export function TreesLayer({ trees, visible }: { trees: TreeTable; visible: boolean }) {
  const trunks = useRef<InstancedMesh>(null);
  const crowns = useRef<InstancedMesh>(null);
  const immersive = useXR((s) => s.session != null);
  const matrices = useMemo(() => buildTreeInstances(trees).matrices, [trees]);
  useEffect(() => {
    const m = new Matrix4();
    for (const mesh of [trunks.current, crowns.current]) {
      if (mesh === null) continue;
      for (let i = 0; i < trees.count; i++) mesh.setMatrixAt(i, m.fromArray(matrices, 16 * i));
      mesh.instanceMatrix.needsUpdate = true;
      mesh.computeBoundingSphere();
    }
  }, [matrices, trees.count, immersive]);
  if (trees.count === 0) return null;
  return (
    <group visible={visible} name="trees">
      <instancedMesh key={`t${trees.count}${immersive ? 'xr' : ''}`} ref={trunks} args={[immersive ? XR_TRUNK_GEOMETRY : TRUNK_GEOMETRY, undefined, trees.count]} castShadow={!immersive} raycast={() => null}>
        <meshStandardMaterial color={TRUNK_COLOUR} roughness={0.9} />
      </instancedMesh>
      <instancedMesh key={`c${trees.count}${immersive ? 'xr' : ''}`} ref={crowns} args={[immersive ? XR_CROWN_GEOMETRY : CROWN_GEOMETRY, undefined, trees.count]} castShadow={!immersive} receiveShadow raycast={() => null}>
        <meshStandardMaterial color={CROWN_COLOUR} roughness={0.8} />
      </instancedMesh>
    </group>
  );
}
