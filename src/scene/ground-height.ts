/** Height of the ground (ENU z, m) at an ENU point, by a vertical ray against the terrain mesh. */
import { Raycaster, Vector3 } from 'three';
import { sceneObjects } from './scene-objects';

const ray = new Raycaster();
const origin = new Vector3();
const DOWN = new Vector3(0, -1, 0);

export function groundHeightAt(x: number, y: number, fallback = 0): number {
  const terrain = sceneObjects.terrain;
  if (terrain === null) return fallback;
  terrain.updateWorldMatrix(true, false);
  origin.set(x, 100_000, -y);
  ray.set(origin, DOWN);
  const hit = ray.intersectObject(terrain, false)[0];
  return hit === undefined ? fallback : hit.point.y;
}
