/**
 * Pointer input of the scenario edit tools (src/state/edit-store.ts) on the 3D canvas, and the
 * sketch they draw. A click (pointer moved < 5 px since it went down, so orbiting does not count)
 * is turned into a ground point by a ray against the terrain mesh — or nothing when a building
 * stands in front — or into a building by a ray against the base and draft building meshes:
 * - draw-building / barrier: add a point; a click on the first point (within 12 px) or a
 *   double-click closes the ring / ends the line (Enter and Escape: the editor panel's keys);
 * - building: select the building under the pointer; road: select the nearest road;
 * - trees: select the tree under the pointer, or plant one on open ground.
 * The sketch is drawn as a line with a rubber band to the pointer's ground point.
 */
import { useEffect, useMemo, useState } from 'react';
import { useThree } from '@react-three/fiber';
import { Line } from '@react-three/drei';
import { Raycaster, Vector2, Vector3, type Camera, type Mesh } from 'three';
import type { Point2 } from '../../scenario/scenario-types';
import { editStore, treeEdit, useEditStore, type EditState } from '../../state/edit-store';
import { buildingIndexOfHit } from '../buildings-layer';
import { threeToEnu, enuToThree } from '../enu-axes';
import { groundHeightAt } from '../ground-height';
import { sceneObjects } from '../scene-objects';
import { draftPickables } from './draft-layer';
import { nearestRoad, treeAt } from './pick-features';

const CLICK_SLOP_PX = 5;
const CLOSE_RING_PX = 12;
const SKETCH_COLOUR = '#1f5fbf';

const ray = new Raycaster();
const ndc = new Vector2();
const scratch = new Vector3();

/** What a pointer ray meets first: a building (id), the ground (ENU point) or nothing. */
export type PointerHit = { kind: 'building'; id: string } | { kind: 'ground'; x: number; y: number; z: number } | null;

/** The first thing under normalised device coordinates (x, y ∈ [−1, 1]) for `state`'s draft. */
export function pickAt(camera: Camera, x: number, y: number, state: Pick<EditState, 'base' | 'draft'>): PointerHit {
  ndc.set(x, y);
  ray.setFromCamera(ndc, camera);
  const targets: Mesh[] = [...sceneObjects.buildings, ...draftPickables.meshes];
  if (sceneObjects.terrain !== null) targets.push(sceneObjects.terrain);
  const hit = ray.intersectObjects(targets, false)[0];
  if (hit === undefined) return null;
  const object = hit.object as Mesh;
  if (object === sceneObjects.terrain) {
    const [ex, ey, ez] = threeToEnu(hit.point);
    return { kind: 'ground', x: ex, y: ey, z: ez };
  }
  const index = buildingIndexOfHit(object, hit.faceIndex ?? undefined);
  const table = draftPickables.meshes.includes(object) ? draftPickables.table : (state.base?.buildings ?? null);
  const id = table?.id[index];
  return id === undefined ? null : { kind: 'building', id };
}

/** Client (CSS px) position of an ENU ground point on the canvas, or null when behind the camera. */
export function projectEnu(camera: Camera, canvas: HTMLCanvasElement, x: number, y: number, z: number): { x: number; y: number } | null {
  enuToThree(x, y, z, scratch).project(camera);
  if (scratch.z < -1 || scratch.z > 1) return null;
  const rect = canvas.getBoundingClientRect();
  return { x: rect.left + ((scratch.x + 1) / 2) * rect.width, y: rect.top + ((1 - scratch.y) / 2) * rect.height };
}

/** What a click of the active tool does with what it hit. */
function onToolClick(hit: PointerHit, nearFirst: boolean): void {
  const s = editStore.getState();
  const draft = s.draft;
  if (draft === null) return;
  switch (s.tool) {
    case 'draw-building':
    case 'barrier':
      if (nearFirst && s.tool === 'draw-building' && s.sketch.length >= 3) s.finishSketch();
      else if (hit?.kind === 'ground') s.addPoint([hit.x, hit.y]);
      return;
    case 'building':
      s.select(hit?.kind === 'building' ? { kind: 'building', id: hit.id } : null);
      return;
    case 'road': {
      const i = hit?.kind === 'ground' ? nearestRoad(draft.roads, hit.x, hit.y) : -1;
      s.select(i < 0 ? null : { kind: 'road', id: draft.roads.id[i] ?? '' });
      return;
    }
    case 'trees': {
      if (hit?.kind !== 'ground') return;
      const i = treeAt(draft.trees, hit.x, hit.y);
      if (i >= 0) s.select({ kind: 'tree', id: draft.trees.id[i] ?? '' });
      else s.apply(treeEdit(draft, [hit.x, hit.y]));
      return;
    }
    case 'navigate':
      return;
  }
}

export function EditPointer() {
  const tool = useEditStore((s) => s.tool);
  const sketch = useEditStore((s) => s.sketch);
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  const [hover, setHover] = useState<Point2 | null>(null);
  const active = tool !== 'navigate';
  const drawing = tool === 'draw-building' || tool === 'barrier';

  useEffect(() => {
    if (!active) return;
    const canvas = gl.domElement;
    let down: { x: number; y: number } | null = null;
    const toNdc = (e: MouseEvent): [number, number] => {
      const rect = canvas.getBoundingClientRect();
      return [((e.clientX - rect.left) / rect.width) * 2 - 1, -((e.clientY - rect.top) / rect.height) * 2 + 1];
    };
    const onDown = (e: PointerEvent) => {
      down = e.button === 0 ? { x: e.clientX, y: e.clientY } : null;
    };
    const onClick = (e: MouseEvent) => {
      if (down === null || Math.hypot(e.clientX - down.x, e.clientY - down.y) > CLICK_SLOP_PX) return;
      const s = editStore.getState();
      const first = s.sketch[0];
      const firstOnScreen = first === undefined ? null : projectEnu(camera, canvas, first[0], first[1], groundHeightAt(first[0], first[1], 0));
      const nearFirst = firstOnScreen !== null && Math.hypot(e.clientX - firstOnScreen.x, e.clientY - firstOnScreen.y) <= CLOSE_RING_PX;
      const [x, y] = toNdc(e);
      onToolClick(pickAt(camera, x, y, s), nearFirst);
      invalidate();
    };
    const onDoubleClick = () => {
      const s = editStore.getState();
      if ((s.tool === 'draw-building' || s.tool === 'barrier') && s.sketch.length > 0) s.finishSketch();
      invalidate();
    };
    const onMove = (e: PointerEvent) => {
      if (editStore.getState().sketch.length === 0) return;
      const [x, y] = toNdc(e);
      const hit = pickAt(camera, x, y, editStore.getState());
      setHover(hit?.kind === 'ground' ? [hit.x, hit.y] : null);
      invalidate();
    };
    canvas.addEventListener('pointerdown', onDown);
    canvas.addEventListener('click', onClick);
    canvas.addEventListener('dblclick', onDoubleClick);
    canvas.addEventListener('pointermove', onMove);
    canvas.style.cursor = 'crosshair';
    return () => {
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('click', onClick);
      canvas.removeEventListener('dblclick', onDoubleClick);
      canvas.removeEventListener('pointermove', onMove);
      canvas.style.cursor = '';
    };
  }, [active, gl, camera, invalidate]);

  const points = useMemo(() => {
    if (!drawing || sketch.length === 0) return null;
    const line = hover === null ? sketch : [...sketch, hover];
    const ring = tool === 'draw-building' && line.length >= 3 ? [...line, line[0] as Point2] : line;
    return ring.map((p) => [p[0], p[1], groundHeightAt(p[0], p[1], 0) + 0.4] as [number, number, number]);
  }, [drawing, sketch, hover, tool]);
  useEffect(() => invalidate(), [points, invalidate]);
  if (points === null) return null;
  return (
    <group name="edit-sketch">
      {points.length >= 2 && <Line points={points} color={SKETCH_COLOUR} lineWidth={3} depthTest={false} renderOrder={5} />}
      {sketch.map((p, k) => (
        <mesh key={k} position={[p[0], p[1], groundHeightAt(p[0], p[1], 0) + 0.4]} renderOrder={5} raycast={() => null}>
          <sphereGeometry args={[k === 0 ? 1.6 : 1, 12, 8]} />
          <meshBasicMaterial color={SKETCH_COLOUR} depthTest={false} />
        </mesh>
      ))}
    </group>
  );
}
