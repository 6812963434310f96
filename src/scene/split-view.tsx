/**
 * Scenario comparison in the 3D scene (issue 10), mounted by one line in analysis-layers.tsx
 * (inside the ENU group):
 * - Split view: while the scenario store's split is on, this takes over rendering of the ONE
 *   canvas (a useFrame with priority 1 stops R3F's own render) and draws the scene twice with the
 *   scissor test: left of the divider with the left result draped, right of it with the right
 *   result; the result layer's own overlay is hidden during both passes. The camera is shared by
 *   construction, so both halves stay in sync.
 * - Edits of the chosen scenario (split-view-edits.tsx): new/changed buildings in colour, removed
 *   ones as ghosts, the base buildings they replace hidden. In the split view only the half
 *   showing that scenario's map draws them and hides its base buildings (the other half is the
 *   baseline or another scenario): per pass the edits group's visibility and the shared hiding
 *   mask (HIDDEN_MASK, a uniform) are set, no buffer changes.
 * - A camera pose asked for by a shared link is applied once (the orbit controls' target too).
 * - The report's snapshot: renders a frame and reads the canvas in the same task.
 */
import { useEffect, useMemo, useRef } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import { Vector3, type Mesh } from 'three';
import type { RasterResult } from '../results/result-types';
import { cameraStore } from '../state/camera-store';
import { useResultsStore } from '../state/results-store';
import { scenarioStore, useScenarioStore } from '../state/scenario-store';
import { registerSceneSnapshot } from '../app/scenario-report';
import { placeCamera } from './camera-pose';
import { groundHeightAt } from './ground-height';
import { rasterGeometry, rasterTexture } from './result-raster-geometry';
import { editsShownOnSide, SCENARIO_EDITS_GROUP, ScenarioEditsLayer, scenarioOfResult } from './split-view-edits';
import { HIDDEN_MASK, HIDE_ALL, HIDE_SCENARIO } from './hidden-buildings';

function SplitOverlay({ result, opacity, meshRef }: { result: RasterResult; opacity: number; meshRef: React.RefObject<Mesh | null> }) {
  const texture = useMemo(() => rasterTexture(result), [result]);
  const geometry = useMemo(() => rasterGeometry(result, (x, y) => groundHeightAt(x, y, 0)), [result]);
  useEffect(
    () => () => {
      texture.dispose();
      geometry.dispose();
    },
    [texture, geometry],
  );
  return (
    <mesh ref={meshRef} geometry={geometry} name={`split:${result.id}`} raycast={() => null} renderOrder={2} visible={false}>
      <meshBasicMaterial map={texture} transparent opacity={opacity} depthWrite={false} polygonOffset polygonOffsetFactor={-2} polygonOffsetUnits={-2} toneMapped={false} />
    </mesh>
  );
}

function SplitRenderer({ left, right }: { left: RasterResult | null; right: RasterResult | null }) {
  const opacity = useResultsStore((s) => s.opacity);
  const shownId = useResultsStore((s) => s.shownId);
  const leftMesh = useRef<Mesh | null>(null);
  const rightMesh = useRef<Mesh | null>(null);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    invalidate();
    return scenarioStore.subscribe((s, p) => {
      if (s.split.position !== p.split.position) invalidate();
    });
  }, [invalidate, left, right]);
  useFrame(({ gl, scene, camera, size }) => {
    const shown = shownId === null ? undefined : scene.getObjectByName(`result:${shownId}`);
    const shownVisible = shown?.visible ?? false;
    if (shown !== undefined) shown.visible = false;
    const scenarios = scenarioStore.getState();
    const x = Math.round(size.width * scenarios.split.position);
    const leftScenario = scenarioOfResult(scenarios.runs, left?.id ?? null);
    const rightScenario = scenarioOfResult(scenarios.runs, right?.id ?? null);
    const edits = scene.getObjectByName(SCENARIO_EDITS_GROUP);
    const editsVisible = edits?.visible ?? false;
    gl.setScissorTest(true);
    const pass = (showLeft: boolean, x0: number, w: number) => {
      if (leftMesh.current !== null) leftMesh.current.visible = showLeft;
      if (rightMesh.current !== null) rightMesh.current.visible = !showLeft;
      const withEdits = showLeft ? editsShownOnSide(scenarios.editsShownId, leftScenario, rightScenario) : editsShownOnSide(scenarios.editsShownId, rightScenario, leftScenario);
      if (edits !== undefined) edits.visible = editsVisible && withEdits;
      HIDDEN_MASK.value = withEdits ? HIDE_ALL : HIDE_ALL & ~HIDE_SCENARIO;
      gl.setScissor(x0, 0, w, size.height);
      gl.render(scene, camera);
    };
    pass(true, 0, x);
    pass(false, x, size.width - x);
    gl.setScissorTest(false);
    HIDDEN_MASK.value = HIDE_ALL;
    if (edits !== undefined) edits.visible = editsVisible;
    if (leftMesh.current !== null) leftMesh.current.visible = false;
    if (rightMesh.current !== null) rightMesh.current.visible = false;
    if (shown !== undefined) shown.visible = shownVisible;
  }, 1);
  return (
    <>
      {left !== null && <SplitOverlay result={left} opacity={opacity} meshRef={leftMesh} />}
      {right !== null && <SplitOverlay result={right} opacity={opacity} meshRef={rightMesh} />}
    </>
  );
}

/** Applies a requested camera pose (shared link) once, orbit target included. */
function PoseRequests() {
  const camera = useThree((s) => s.camera);
  const controls = useThree((s) => s.controls) as unknown as { target?: Vector3; update?: () => void } | null;
  const invalidate = useThree((s) => s.invalidate);
  const pose = useScenarioStore((s) => s.poseRequest);
  useEffect(() => {
    if (pose === null) return;
    const target = new Vector3();
    placeCamera(camera, pose, target);
    controls?.target?.copy(target);
    controls?.update?.();
    cameraStore.getState().setPose(pose);
    scenarioStore.getState().requestPose(null);
    invalidate();
  }, [pose, camera, controls, invalidate]);
  return null;
}

function SnapshotSource() {
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  const camera = useThree((s) => s.camera);
  useEffect(() => {
    registerSceneSnapshot(() => {
      gl.render(scene, camera);
      return gl.domElement.toDataURL('image/png');
    });
    return () => registerSceneSnapshot(null);
  }, [gl, scene, camera]);
  return null;
}

export function ScenarioSceneLayer() {
  const split = useScenarioStore((s) => s.split);
  const results = useResultsStore((s) => s.results);
  const left = split.leftId === null ? null : (results[split.leftId] ?? null);
  const right = split.rightId === null ? null : (results[split.rightId] ?? null);
  return (
    <>
      {split.enabled && (left !== null || right !== null) && <SplitRenderer left={left?.kind === 'raster' ? left : null} right={right?.kind === 'raster' ? right : null} />}
      <ScenarioEditsLayer />
      <PoseRequests />
      <SnapshotSource />
    </>
  );
}
