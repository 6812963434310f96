/** Read and place the three.js camera as a CameraPose (ENU), shared by orbit and walk controls. */
import type { Camera, Vector3 } from 'three';
import { cameraPosition, type CameraPose } from '../state/camera-store';
import { enuToThree, threeToEnu } from './enu-axes';

/** The pose of a camera looking at `targetThree` (three.js world coordinates). */
export function poseOfCamera(camera: Camera, targetThree: Vector3): CameraPose {
  const target = threeToEnu(targetThree);
  const position = threeToEnu(camera.position);
  const dx = target[0] - position[0];
  const dy = target[1] - position[1];
  const dz = target[2] - position[2];
  const distance = Math.max(1e-6, Math.hypot(dx, dy, dz));
  return {
    target,
    headingRad: Math.atan2(dx, dy),
    pitchRad: Math.asin(Math.max(-1, Math.min(1, dz / distance))),
    distanceM: distance,
  };
}

/** Place the camera for a pose; returns the target in three.js coordinates (for the controls). */
export function placeCamera(camera: Camera, pose: CameraPose, targetOut: Vector3): Vector3 {
  const p = cameraPosition(pose);
  enuToThree(p[0], p[1], p[2], camera.position);
  enuToThree(pose.target[0], pose.target[1], pose.target[2], targetOut);
  camera.up.set(0, 1, 0);
  camera.lookAt(targetOut);
  camera.updateMatrixWorld();
  return targetOut;
}
