/**
 * A building mesh chunk (src/scene/geometry/building-mesh.ts, ENU metres) as a three.js
 * BufferGeometry with the `buildingIndex` attribute the building material, hiding and picking read.
 * The base layer and the edit layers (draft, scenario run) build theirs the same way.
 */
import { useEffect, useMemo } from 'react';
import { BufferAttribute, BufferGeometry } from 'three';
import type { BuildingTable } from '../twin/city-model';
import { buildBuildingMeshes, type BuildingMeshChunk } from './geometry-source';

export function buildingChunkGeometry(chunk: BuildingMeshChunk): BufferGeometry {
  const g = new BufferGeometry();
  g.setAttribute('position', new BufferAttribute(chunk.positions, 3));
  g.setAttribute('normal', new BufferAttribute(chunk.normals, 3));
  g.setAttribute('buildingIndex', new BufferAttribute(chunk.buildingIndex, 1));
  g.setIndex(new BufferAttribute(chunk.indices, 1));
  return g;
}

/**
 * The geometries of a (small) building table, for the edit layers: rebuilt when the table changes,
 * disposed when it changes again or the layer unmounts.
 */
export function useBuildingTableGeometries(table: BuildingTable): BufferGeometry[] {
  const geometries = useMemo(
    () =>
      table.count === 0
        ? []
        : buildBuildingMeshes(table).map((chunk) => {
            const g = buildingChunkGeometry(chunk);
            g.computeBoundingSphere();
            return g;
          }),
    [table],
  );
  useEffect(() => () => geometries.forEach((g) => g.dispose()), [geometries]);
  return geometries;
}
