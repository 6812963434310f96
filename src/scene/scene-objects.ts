/**
 * Three.js objects other parts of the scene need to reach: the terrain (or ground plane) for the
 * walk camera's and the draping's ground height, the building meshes for the test hooks' ray
 * casts. Written by the layers as they mount.
 */
import type { Mesh } from 'three';

export interface SceneObjects {
  terrain: Mesh | null;
  buildings: Mesh[];
}

export const sceneObjects: SceneObjects = {
  terrain: null,
  buildings: [],
};
