/**
 * Test-only hooks for the immersive session (TEST_MODE): whether a session is presenting, where
 * the viewer stands (ENU), aiming an emulated controller (iwer, xr-emulator.ts) at a named object
 * (and which object its ray meets first). Presses and teleports go through the emulated
 * controller's trigger (window.__xrDevice), i.e. the same pointers a headset uses.
 */
import { useEffect } from 'react';
import { useThree } from '@react-three/fiber';
import { Matrix4, Quaternion, Raycaster, Vector3, type Group, type Object3D } from 'three';
import { threeToEnu, enuToThree } from '../scene/enu-axes';
import { scenarioStore } from '../state/scenario-store';
import { resultsStore } from '../state/results-store';
import { xrStore } from './xr-session';

export interface XrTestHooks {
  xrPresenting(): boolean;
  /** What the scene shows of the participant's variant: the scenario whose edits are drawn and the shown result. */
  xrVariantShown(): { editsShownId: string | null; shownResultId: string | null };
  /** Input sources the XR store tracks, e.g. ['controller:left', 'controller:right']. */
  xrInputs(): string[];
  /** The viewer's feet (XR origin) in ENU, m, and the origin's scale. */
  xrOrigin(): { x: number; y: number; z: number; scale: number } | null;
  /**
   * Aim a controller from beside the head at an object's centre (by name) or an ENU point. Returns
   * the name of the first named object along that ray ('' when it hits nothing named), or null
   * when the target or the emulated device is missing.
   */
  xrAim(hand: 'left' | 'right', target: string | { x: number; y: number; z: number }): string | null;
  /**
   * Where the feet go if the trigger is released now: the point where the controller's teleport
   * pointer (@react-three/xr's arc) meets a teleport target, less the head's offset in the play
   * area, ENU m; null when it meets none. Read from @pmndrs/pointer-events' pointer registry.
   */
  xrTeleportHit(hand: 'left' | 'right'): { x: number; y: number; z: number } | null;
}

/** The part of a @pmndrs/pointer-events Pointer read here (its registry holds every pointer created). */
interface RegisteredPointer {
  type: string;
  state: { inputSource?: { handedness?: string } };
  getEnabled(): boolean;
  getIntersection(): { object: Object3D; point: Vector3 } | undefined;
}

declare global {
  interface Window {
    __xrTest?: XrTestHooks;
  }
}

export function XrTestHooks({ origin }: { origin: React.RefObject<Group | null> }) {
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  useEffect(() => {
    const world = new Vector3();
    window.__xrTest = {
      xrPresenting: () => gl.xr.isPresenting,
      xrVariantShown: () => ({ editsShownId: scenarioStore.getState().editsShownId, shownResultId: resultsStore.getState().shownId }),
      xrInputs: () => xrStore.getState().inputSourceStates.map((i) => `${i.type}:${i.inputSource.handedness}`),
      xrOrigin: () => {
        const o = origin.current;
        if (o === null) return null;
        const [x, y, z] = threeToEnu(o.position);
        return { x, y, z, scale: o.scale.x };
      },
      xrTeleportHit: (hand) => {
        const registry = (globalThis as { pointerEventspointerMap?: Map<number, RegisteredPointer> }).pointerEventspointerMap;
        for (const pointer of registry?.values() ?? []) {
          const hit = pointer.getIntersection();
          if (pointer.type !== 'teleport' || pointer.state.inputSource?.handedness !== hand || !pointer.getEnabled()) continue;
          if (hit === undefined || hit.object.userData['teleportTarget'] !== true) continue;
          // As @pmndrs/xr's teleport target does: the hit less the head's offset in the play area (x, z).
          const head = new Vector3().setFromMatrixPosition(gl.xr.getCamera().matrix).setComponent(1, 0);
          const [x, y, z] = threeToEnu(hit.point.clone().sub(head));
          return { x, y, z };
        }
        return null;
      },
      xrAim: (hand, target) => {
        const o = origin.current;
        const device = window.__xrDevice;
        if (o === null || device === undefined) return null;
        if (typeof target === 'string') {
          const object = scene.getObjectByName(target);
          if (object === undefined) return null;
          object.updateWorldMatrix(true, false);
          object.getWorldPosition(world);
        } else enuToThree(target.x, target.y, target.z, world);
        o.updateWorldMatrix(true, false);
        // Emulated poses are in the session's reference space, i.e. the XR origin's local frame.
        const local = o.worldToLocal(world.clone());
        const head = device.position;
        const from = new Vector3(head.x + (hand === 'right' ? 0.15 : -0.15), head.y - 0.25, head.z - 0.1);
        const rotation = new Quaternion().setFromRotationMatrix(new Matrix4().lookAt(from, local, new Vector3(0, 1, 0)));
        const controller = device.controllers[hand];
        if (controller === undefined) return null;
        controller.position.set(from.x, from.y, from.z);
        controller.quaternion.set(rotation.x, rotation.y, rotation.z, rotation.w);
        const rayOrigin = o.localToWorld(from.clone());
        const direction = world.clone().sub(rayOrigin).normalize();
        const hits = new Raycaster(rayOrigin, direction).intersectObjects(scene.children, true);
        for (const hit of hits) {
          let named: Object3D | null = hit.object;
          while (named !== null && named.name === '') named = named.parent;
          if (named !== null && hit.object.visible) return named.name;
        }
        return '';
      },
    };
    return () => {
      delete window.__xrTest;
    };
  }, [gl, scene, origin]);
  return null;
}
