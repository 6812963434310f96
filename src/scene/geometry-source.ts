/**
 * The one place the scene takes its geometry builders from (src/scene/geometry, in ENU metres:
 * x east, y north, z up). The scene rotates ENU into three's y-up frame (enu-axes.ts).
 */
export { buildBuildingMeshes, type BuildingMeshChunk } from './geometry/building-mesh';
export { buildRoadRibbons } from './geometry/road-ribbons';
export { buildTerrainMesh } from './geometry/terrain-mesh';
export { buildTreeInstances } from './geometry/tree-instances';
