/**
 * Street-level walk: the eye 1.7 m above the ground, moved by the keyboard (W/S or ↑/↓ forward
 * and back, A/D sideways, ←/→ turn; Shift runs). The ground height comes from the terrain.
 */
import type { Camera } from 'three';
import type { CameraPose } from '../state/camera-store';
import { enuToThree } from './enu-axes';

export const EYE_HEIGHT_M = 1.7;
export const WALK_SPEED_M_S = 5;
export const RUN_SPEED_M_S = 15;
export const TURN_RATE_RAD_S = 1.4;

export type WalkKey = 'forward' | 'back' | 'left' | 'right' | 'turnLeft' | 'turnRight' | 'run';

export interface WalkState {
  x: number;
  y: number;
  headingRad: number;
}

export function walkKeyFromEvent(e: KeyboardEvent): WalkKey | null {
  switch (e.key) {
    case 'w': case 'W': case 'ArrowUp': return 'forward';
    case 's': case 'S': case 'ArrowDown': return 'back';
    case 'a': case 'A': return 'left';
    case 'd': case 'D': return 'right';
    case 'ArrowLeft': return 'turnLeft';
    case 'ArrowRight': return 'turnRight';
    case 'Shift': return 'run';
    default: return null;
  }
}

/** Start walking where the pose looks (its target), facing the same way. */
export function createWalkState(pose: CameraPose, _ground: (x: number, y: number) => number): WalkState {
  return { x: pose.target[0], y: pose.target[1], headingRad: pose.headingRad };
}

export function stepWalk(state: WalkState, keys: ReadonlySet<string>, dtS: number, camera: Camera, ground: (x: number, y: number) => number): void {
  const speed = keys.has('run') ? RUN_SPEED_M_S : WALK_SPEED_M_S;
  if (keys.has('turnLeft')) state.headingRad -= TURN_RATE_RAD_S * dtS;
  if (keys.has('turnRight')) state.headingRad += TURN_RATE_RAD_S * dtS;
  const fx = Math.sin(state.headingRad);
  const fy = Math.cos(state.headingRad);
  const forward = (keys.has('forward') ? 1 : 0) - (keys.has('back') ? 1 : 0);
  const side = (keys.has('right') ? 1 : 0) - (keys.has('left') ? 1 : 0);
  state.x += (fx * forward + fy * side) * speed * dtS;
  state.y += (fy * forward - fx * side) * speed * dtS;
  const z = ground(state.x, state.y) + EYE_HEIGHT_M;
  enuToThree(state.x, state.y, z, camera.position);
  camera.up.set(0, 1, 0);
  camera.lookAt(state.x + fx * 10, z, -(state.y + fy * 10));
  camera.updateMatrixWorld();
}

/** The walk camera as a pose: looking level, target 20 m ahead. */
export function walkPose(state: WalkState, ground: (x: number, y: number) => number): CameraPose {
  const d = 20;
  const tx = state.x + Math.sin(state.headingRad) * d;
  const ty = state.y + Math.cos(state.headingRad) * d;
  return {
    target: [tx, ty, ground(tx, ty) + EYE_HEIGHT_M],
    headingRad: state.headingRad,
    pitchRad: 0,
    distanceM: d,
  };
}
