/**
 * ENU (x east, y north, z up, m) ↔ three.js world (x right = east, y up, z towards the viewer =
 * south). The district group is rotated by ENU_GROUP_ROTATION (−90° about x), which maps
 * (x, y, z)_ENU → (x, z, −y)_three; these helpers do the same for single points.
 */
import type { Vector3 } from 'three';

export const ENU_GROUP_ROTATION: [number, number, number] = [-Math.PI / 2, 0, 0];

export function enuToThree(x: number, y: number, z: number, out: Vector3): Vector3 {
  return out.set(x, z, -y);
}

export function threeToEnu(v: Vector3): [number, number, number] {
  return [v.x, -v.z, v.y];
}
