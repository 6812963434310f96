/**
 * The camera both views share, in the district's ENU frame (x east, y north, z up, metres):
 * the point looked at, the heading (radians clockwise from north), the pitch (radians, negative
 * looking down) and the distance from the target. The view that is left writes it; the view
 * that opens reads it once and places its own camera there.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export interface CameraPose {
  target: readonly [number, number, number];
  headingRad: number;
  pitchRad: number;
  distanceM: number;
}

export interface CameraState {
  pose: CameraPose | null;
  setPose(pose: CameraPose): void;
  reset(): void;
}

export const cameraStore = createStore<CameraState>()((set) => ({
  pose: null,
  setPose: (pose) => set({ pose }),
  reset: () => set({ pose: null }),
}));

export function useCameraStore<T>(selector: (state: CameraState) => T): T {
  return useStore(cameraStore, selector);
}

/** Unit vector from the camera towards the target in ENU, for a heading and pitch. */
export function viewDirection(headingRad: number, pitchRad: number): [number, number, number] {
  const c = Math.cos(pitchRad);
  return [c * Math.sin(headingRad), c * Math.cos(headingRad), Math.sin(pitchRad)];
}

/** Camera position (ENU) of a pose. */
export function cameraPosition(pose: CameraPose): [number, number, number] {
  const d = viewDirection(pose.headingRad, pose.pitchRad);
  return [pose.target[0] - d[0] * pose.distanceM, pose.target[1] - d[1] * pose.distanceM, pose.target[2] - d[2] * pose.distanceM];
}

/**
 * The pose of a camera at `position` (ENU) looking along heading/pitch, with the target where the
 * view ray meets the horizontal plane z = groundZ (or `fallbackDistanceM` ahead when the ray
 * does not come down).
 */
export function poseFromCamera(position: readonly [number, number, number], headingRad: number, pitchRad: number, groundZ: number, fallbackDistanceM: number): CameraPose {
  const d = viewDirection(headingRad, pitchRad);
  let distance = fallbackDistanceM;
  if (d[2] < -1e-3) {
    const s = (groundZ - position[2]) / d[2];
    if (s > 0) distance = s;
  }
  return {
    target: [position[0] + d[0] * distance, position[1] + d[1] * distance, position[2] + d[2] * distance],
    headingRad,
    pitchRad,
    distanceM: distance,
  };
}

/**
 * Each view registers how to read its live camera, so switching views captures the pose of the
 * view being left before the other one opens (see src/app/switch-view.ts).
 */
const cameraSources = new Map<string, () => CameraPose | null>();

export function registerCameraSource(view: string, capture: () => CameraPose | null): () => void {
  cameraSources.set(view, capture);
  return () => {
    if (cameraSources.get(view) === capture) cameraSources.delete(view);
  };
}

export function captureCamera(view: string): CameraPose | null {
  return cameraSources.get(view)?.() ?? null;
}
