/**
 * Three.js objects other parts of the scene need to reach (the terrain for the walk camera's
 * ground height, the building meshes for test hooks). Written by the layers as they mount.
 */
import type { Camera, Mesh, Object3D } from 'three';

export interface SceneObjects {
  terrain: Mesh | null;
  buildings: Mesh[];
  camera: Camera | null;
  canvas: HTMLCanvasElement | null;
  /** Ask for one more frame (frameloop="demand"). */
  invalidate: () => void;
  /** Extra objects the ground ray may hit when there is no terrain (roads). */
  ground: Object3D[];
}

export const sceneObjects: SceneObjects = {
  terrain: null,
  buildings: [],
  camera: null,
  canvas: null,
  invalidate: () => undefined,
  ground: [],
};
