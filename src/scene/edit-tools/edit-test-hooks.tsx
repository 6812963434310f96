/**
 * Test-only hooks of the scenario editor on `window.__twinEdit` (mounted only when TEST_MODE):
 * the edit store, where a ground point is on screen, and a road the road tool can click (its
 * middle on screen, with nothing in front and the pick there giving that road), so e2e tests
 * click real screen positions instead of guessing pixels.
 */
import { useEffect } from 'react';
import { useThree } from '@react-three/fiber';
import { ROAD_CLASSES } from '../../twin/city-model';
import { ROAD_CLASS_TRAFFIC } from '../../sim/traffic/road-class-capacity';
import { editStore, type EditStore } from '../../state/edit-store';
import { groundHeightAt } from '../ground-height';
import { nearestRoad } from './pick-features';
import { pickAt, projectEnu } from './edit-pointer';

export interface EditTestHooks {
  store: EditStore;
  /** Client (CSS px) position of the ground at ENU (x, y), or null off screen. */
  projectGround(x: number, y: number): { x: number; y: number } | null;
  /** A road carrying motor traffic whose middle is on screen and picks that road, with its client position. */
  findClickableRoad(): { id: string; x: number; y: number } | null;
}

declare global {
  interface Window {
    __twinEdit?: EditTestHooks;
  }
}

export function EditTestHooks() {
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera);
  useEffect(() => {
    const canvas = gl.domElement;
    const projectGround = (x: number, y: number) => {
      const p = projectEnu(camera, canvas, x, y, groundHeightAt(x, y, 0));
      const rect = canvas.getBoundingClientRect();
      if (p === null || p.x < rect.left + 0.05 * rect.width || p.x > rect.right - 0.05 * rect.width || p.y < rect.top + 0.05 * rect.height || p.y > rect.bottom - 0.05 * rect.height) return null;
      return p;
    };
    window.__twinEdit = {
      store: editStore,
      projectGround,
      findClickableRoad: () => {
        const s = editStore.getState();
        const roads = s.draft?.roads;
        if (roads === undefined) return null;
        const rect = canvas.getBoundingClientRect();
        for (let i = 0; i < roads.count; i++) {
          if (ROAD_CLASS_TRAFFIC[ROAD_CLASSES[roads.roadClass[i] ?? 0] ?? 'unclassified'] === undefined) continue;
          // Middle of the road's longest segment.
          const v0 = roads.vertexOffset[i] ?? 0;
          const v1 = roads.vertexOffset[i + 1] ?? v0;
          let best = -1;
          let bestLen = 0;
          for (let v = v0; v + 1 < v1; v++) {
            const len = Math.hypot((roads.xyz[3 * v + 3] ?? 0) - (roads.xyz[3 * v] ?? 0), (roads.xyz[3 * v + 4] ?? 0) - (roads.xyz[3 * v + 1] ?? 0));
            if (len > bestLen) [best, bestLen] = [v, len];
          }
          if (best < 0 || bestLen < 20) continue;
          const x = ((roads.xyz[3 * best] ?? 0) + (roads.xyz[3 * best + 3] ?? 0)) / 2;
          const y = ((roads.xyz[3 * best + 1] ?? 0) + (roads.xyz[3 * best + 4] ?? 0)) / 2;
          const p = projectGround(x, y);
          if (p === null) continue;
          const hit = pickAt(camera, ((p.x - rect.left) / rect.width) * 2 - 1, -((p.y - rect.top) / rect.height) * 2 + 1, s);
          if (hit?.kind !== 'ground' || nearestRoad(roads, hit.x, hit.y) !== i) continue;
          return { id: roads.id[i] ?? '', ...p };
        }
        return null;
      },
    };
    return () => {
      delete window.__twinEdit;
    };
  }, [gl, camera]);
  return null;
}
