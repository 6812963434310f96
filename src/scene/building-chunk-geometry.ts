/**
 * A building mesh chunk (src/scene/geometry/building-mesh.ts, ENU metres) as a three.js
 * BufferGeometry with the `buildingIndex` attribute the building material, hiding and picking read.
 * The base layer and the edit layers (draft, scenario run) build theirs the same way.
 */
import { BufferAttribute, BufferGeometry } from 'three';
import type { BuildingMeshChunk } from './geometry-source';

export function buildingChunkGeometry(chunk: BuildingMeshChunk): BufferGeometry {
  const g = new BufferGeometry();
  g.setAttribute('position', new BufferAttribute(chunk.positions, 3));
  g.setAttribute('normal', new BufferAttribute(chunk.normals, 3));
  g.setAttribute('buildingIndex', new BufferAttribute(chunk.buildingIndex, 1));
  g.setIndex(new BufferAttribute(chunk.indices, 1));
  return g;
}
