/**
 * The immersive session (issue 11): the @react-three/xr store (controllers and hands with ray and
 * teleport pointers, no built-in emulator), and the viewer's choices in the headset: street level
 * or table-top model, standing or seated, the comfort vignette. Real headsets (Meta Quest
 * browser) use their own WebXR runtime; tests and desktops without one load the iwer emulator
 * (xr-emulator.ts).
 */
import { createXRStore } from '@react-three/xr';
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

/** Controller layouts and models served by the twin itself (vite.config.ts), never a CDN: the twin runs offline. */
const XR_PROFILES_URL = new URL('/xr-profiles/', window.location.href).href;

export const xrStore = createXRStore({
  emulate: false,
  offerSession: false,
  baseAssetPath: XR_PROFILES_URL,
  // No grab pointers (nothing in the twin is grabbed) and no hand touch pointers: both are
  // spheres that @pmndrs/pointer-events tests against an object's BOUNDING BOX, and the district's
  // merged buildings mesh (which has pointer handlers) spans the whole street the viewer stands
  // in, so such a sphere "hits" it at distance 0, wins the controller's combined pointer over the
  // ray (the nearest hit wins) and disables the ray and teleport pointers: panel buttons would
  // then never get a pointer event at street level.
  controller: { teleportPointer: true, grabPointer: false },
  // Hand models would come from a CDN: hands show their rays only (pinch = select).
  hand: { teleportPointer: true, grabPointer: false, touchPointer: false, model: false },
});

export type ImmersiveMode = 'street' | 'tabletop';

export interface ImmersiveState {
  mode: ImmersiveMode;
  seated: boolean;
  /** Darken the edge of view while moving smoothly (reduces motion sickness). */
  vignette: boolean;
  /** Where the viewer's feet are at street level, ENU m (null = the default street spot). */
  streetPosition: { x: number; y: number } | null;
  setMode(mode: ImmersiveMode): void;
  setSeated(seated: boolean): void;
  setVignette(on: boolean): void;
  teleportTo(x: number, y: number): void;
}

export const immersiveStore = createStore<ImmersiveState>()((set) => ({
  mode: 'street',
  seated: false,
  vignette: true,
  streetPosition: null,
  setMode: (mode) => set({ mode }),
  setSeated: (seated) => set({ seated }),
  setVignette: (vignette) => set({ vignette }),
  teleportTo: (x, y) => set({ streetPosition: { x, y }, mode: 'street' }),
}));

export function useImmersiveStore<T>(selector: (s: ImmersiveState) => T): T {
  return useStore(immersiveStore, selector);
}

/** Eye height difference between standing and seated viewers, m (lifts a seated viewer to a standing eye height). */
export const SEATED_LIFT_M = 0.45;
/** Height of the table top in table-top mode, m above the floor. */
export const TABLE_HEIGHT_M = 0.85;
/** Diameter of the district model on the table, m. */
export const TABLE_MODEL_DIAMETER_M = 1.2;

export async function enterImmersive(mode: 'immersive-vr' | 'immersive-ar'): Promise<void> {
  if (mode === 'immersive-ar') await xrStore.enterAR();
  else await xrStore.enterVR();
}

/** Whether the browser offers a session mode (false when WebXR is absent). */
export async function immersiveSupported(mode: 'immersive-vr' | 'immersive-ar'): Promise<boolean> {
  const xr = (navigator as Navigator & { xr?: { isSessionSupported(mode: string): Promise<boolean> } }).xr;
  if (xr === undefined) return false;
  try {
    return await xr.isSessionSupported(mode);
  } catch {
    return false;
  }
}
