/**
 * Test-only hooks of the scenario editor on `window.__twinEdit` (mounted only when TEST_MODE):
 * the edit store, where a ground point is on screen, and a road the road tool can click (its
 * middle on screen, with nothing in front and the pick there giving that road), so e2e tests
 * click real screen positions instead of guessing pixels; and a camera pose to look closer.
 */
import { useEffect } from 'react';
import { useThree } from '@react-three/fiber';
import { ROAD_CLASSES } from '../../twin/city-model';
import { ROAD_CLASS_TRAFFIC } from '../../sim/traffic/road-class-capacity';
import { editStore } from '../../state/edit-store';
import { scenarioStore } from '../../state/scenario-store';
import type {} from './edit-test-hooks-api';
import { groundHeightAt } from '../ground-height';
import { nearestRoad } from './pick-features';
import { pickAt, projectEnu } from './edit-pointer';

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
          // Points at a quarter, half and three quarters of each segment of at least 8 m.
          const v0 = roads.vertexOffset[i] ?? 0;
          const v1 = roads.vertexOffset[i + 1] ?? v0;
          for (let v = v0; v + 1 < v1; v++) {
            const ax = roads.xyz[3 * v] ?? 0;
            const ay = roads.xyz[3 * v + 1] ?? 0;
            const bx = roads.xyz[3 * v + 3] ?? 0;
            const by = roads.xyz[3 * v + 4] ?? 0;
            if (Math.hypot(bx - ax, by - ay) < 8) continue;
            for (const f of [0.5, 0.25, 0.75]) {
              const p = projectGround(ax + f * (bx - ax), ay + f * (by - ay));
              if (p === null) continue;
              const hit = pickAt(camera, ((p.x - rect.left) / rect.width) * 2 - 1, -((p.y - rect.top) / rect.height) * 2 + 1, s);
              if (hit?.kind === 'ground' && nearestRoad(roads, hit.x, hit.y) === i) return { id: roads.id[i] ?? '', ...p };
            }
          }
        }
        return null;
      },
      lookAt: (x, y, distanceM) => scenarioStore.getState().requestPose({ target: [x, y, groundHeightAt(x, y, 0)], headingRad: (20 * Math.PI) / 180, pitchRad: -Math.PI / 4, distanceM }),
    };
    return () => {
      delete window.__twinEdit;
    };
  }, [gl, camera]);
  return null;
}
