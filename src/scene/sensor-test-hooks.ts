/**
 * Test-only hooks of the sensor markers on `window.__twinSensors` (installed by the marker layer
 * when TEST_MODE): the markers drawn with their colours, and where a marker's head is on screen
 * when nothing hides it, so e2e tests read its pixels or click it instead of guessing.
 */
import { Raycaster, Vector2, Vector3, type Camera, type InstancedMesh, type Object3D } from 'three';
import type { SensorKind } from '../ui/sensor-display';
import { sensorsStore } from '../state/sensors-store';
import type { MarkerItem } from './sensor-markers';
import { enuToThree } from './enu-axes';

export interface SensorMarkerInfo {
  id: string;
  kind: SensorKind;
  colour: string;
  valueColour: string;
  problem: boolean;
  stale: boolean;
}

export interface SensorTestHooks {
  markers(): SensorMarkerInfo[];
  /** Client (CSS px) position of a marker's head centre when the head is the first thing seen there, else null. */
  projectMarker(id: string): { x: number; y: number } | null;
  /** The first marker (in id order) whose head is visible, optionally of one kind. */
  findVisibleMarker(kind?: SensorKind): { id: string; x: number; y: number } | null;
  invalidate(): void;
  /** The sensors store itself, so a test can play the live feed's part (setSensors, applyDelta, setConnection). */
  store: typeof sensorsStore;
}

declare global {
  interface Window {
    __twinSensors?: SensorTestHooks;
  }
}

interface HookSources {
  items(): MarkerItem[];
  placement(id: string): { x: number; y: number; z: number; s: number } | undefined;
  heads(): Partial<Record<SensorKind, InstancedMesh | null>>;
  camera: Camera;
  canvas: HTMLCanvasElement;
  scene: Object3D;
  headZ: number;
  invalidate(): void;
}

const ray = new Raycaster();
const ndc = new Vector2();
const point = new Vector3();

/** Visible with all its ancestors (the ray caster also hits hidden objects). */
function shown(object: Object3D): boolean {
  for (let o: Object3D | null = object; o !== null; o = o.parent) if (!o.visible) return false;
  return true;
}

/** Installs the hooks; returns the uninstaller. */
export function installSensorTestHooks(src: HookSources): () => void {
  const project = (id: string): { x: number; y: number } | null => {
    const item = src.items().find((m) => m.id === id);
    const p = src.placement(id);
    if (item === undefined || p === undefined) return null;
    enuToThree(p.x, p.y, p.z + src.headZ * p.s, point);
    point.project(src.camera);
    if (point.z < -1 || point.z > 1 || Math.abs(point.x) > 0.95 || Math.abs(point.y) > 0.95) return null;
    ndc.set(point.x, point.y);
    ray.setFromCamera(ndc, src.camera);
    const hit = ray.intersectObject(src.scene, true).find((h) => shown(h.object));
    const mesh = src.heads()[item.kind];
    if (hit === undefined || hit.object !== mesh || hit.instanceId === undefined) return null;
    if (src.items().filter((m) => m.kind === item.kind)[hit.instanceId]?.id !== id) return null;
    const rect = src.canvas.getBoundingClientRect();
    return { x: rect.left + ((point.x + 1) / 2) * rect.width, y: rect.top + ((1 - point.y) / 2) * rect.height };
  };
  const hooks: SensorTestHooks = {
    markers: () => src.items().map(({ id, kind, colour, valueColour, problem, stale }) => ({ id, kind, colour, valueColour, problem, stale })),
    projectMarker: project,
    findVisibleMarker: (kind) => {
      for (const m of src.items()) {
        if (kind !== undefined && m.kind !== kind) continue;
        const p = project(m.id);
        if (p !== null) return { id: m.id, ...p };
      }
      return null;
    },
    invalidate: src.invalidate,
    store: sensorsStore,
  };
  window.__twinSensors = hooks;
  return () => {
    if (window.__twinSensors === hooks) delete window.__twinSensors;
  };
}
