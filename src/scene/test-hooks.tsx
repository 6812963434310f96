/**
 * Test-only hooks on `window.__twinTest` (mounted only when TEST_MODE): where a building is on
 * screen, the camera pose, draw-call counts and a frame counter, so e2e tests can click a real
 * building and compare cameras without guessing pixels.
 */
import { useEffect } from 'react';
import { Raycaster, Vector2, Vector3, type Mesh } from 'three';
import { useFrame, useThree } from '@react-three/fiber';
import type { BuildingTable } from '../twin/city-model';
import { captureCamera } from '../state/camera-store';
import type { TwinTestHooks } from './test-hooks-api';
import { viewStore } from '../state/view-store';
import { resultsStore } from '../state/results-store';
import { buildingIndexOfHit, buildingRoofCentre } from './buildings-layer';
import { enuToThree } from './enu-axes';
import { sceneObjects } from './scene-objects';

const ray = new Raycaster();
const ndc = new Vector2();
const point = new Vector3();

export function TestHooks({ buildings }: { buildings: BuildingTable }) {
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);

  useFrame(() => {
    if (window.__twinTest !== undefined) window.__twinTest.frames += 1;
  });

  useEffect(() => {
    const project = (i: number): { x: number; y: number } | null => {
      const c = buildingRoofCentre(buildings, i, point);
      enuToThree(c.x, c.y, c.z - 0.5, point);
      point.project(camera);
      if (point.z < -1 || point.z > 1 || Math.abs(point.x) > 0.95 || Math.abs(point.y) > 0.95) return null;
      ndc.set(point.x, point.y);
      ray.setFromCamera(ndc, camera);
      const hit = ray.intersectObjects(sceneObjects.buildings, false)[0];
      if (hit === undefined || buildingIndexOfHit(hit.object as Mesh, hit.faceIndex ?? undefined) !== i) return null;
      const rect = gl.domElement.getBoundingClientRect();
      return { x: rect.left + ((point.x + 1) / 2) * rect.width, y: rect.top + ((1 - point.y) / 2) * rect.height };
    };
    // Merged into the existing object: the map view adds its own hook to it.
    window.__twinTest = Object.assign(window.__twinTest ?? { frames: 0 }, {
      projectBuilding: (id) => {
        const i = buildings.id.indexOf(id);
        return i < 0 ? null : project(i);
      },
      findClickableBuilding: () => {
        for (let i = 0; i < buildings.count; i++) {
          const p = project(i);
          if (p !== null) return { id: buildings.id[i] ?? '', ...p };
        }
        return null;
      },
      cameraPose: () => captureCamera(viewStore.getState().view),
      renderInfo: () => ({ calls: gl.info.render.calls, triangles: gl.info.render.triangles }),
      invalidate,
      setResult: (result) => resultsStore.getState().setResult(result),
    } satisfies Omit<TwinTestHooks, 'frames'>);
  }, [buildings, camera, gl, invalidate]);
  return null;
}
