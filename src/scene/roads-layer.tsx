/** Roads as ribbons (one merged mesh), coloured by class with the legend's colours. */
import { useEffect, useMemo } from 'react';
import { BufferAttribute, BufferGeometry, Color } from 'three';
import type { RoadTable } from '../twin/city-model';
import { buildRoadRibbons } from './geometry-source';
import { roadClassColour } from './palette';

export function RoadsLayer({ roads, visible }: { roads: RoadTable; visible: boolean }) {
  const geometry = useMemo(() => {
    const ribbons = buildRoadRibbons(roads);
    const colours = new Float32Array(ribbons.classIndex.length * 3);
    const c = new Color();
    for (let v = 0; v < ribbons.classIndex.length; v++) {
      c.set(roadClassColour(ribbons.classIndex[v] ?? 0));
      colours[3 * v] = c.r;
      colours[3 * v + 1] = c.g;
      colours[3 * v + 2] = c.b;
    }
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(ribbons.positions, 3));
    g.setAttribute('normal', new BufferAttribute(ribbons.normals, 3));
    g.setAttribute('color', new BufferAttribute(colours, 3));
    g.setIndex(new BufferAttribute(ribbons.indices, 1));
    g.computeBoundingSphere();
    return g;
  }, [roads]);
  useEffect(() => () => geometry.dispose(), [geometry]);
  if (roads.count === 0) return null;
  return (
    <mesh geometry={geometry} visible={visible} receiveShadow name="roads" renderOrder={1}>
      <meshStandardMaterial vertexColors roughness={0.95} polygonOffset polygonOffsetFactor={-2} polygonOffsetUnits={-2} />
    </mesh>
  );
}
