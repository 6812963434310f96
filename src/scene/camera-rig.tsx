/**
 * Camera controls of the 3D scene: orbit (drei OrbitControls) or street-level walk. Places the
 * camera from the shared camera store when the district changes or the 3D view opens, and
 * registers how to read it when the view is left.
 */
import { useEffect, useRef, type ComponentRef } from 'react';
import { Vector3 } from 'three';
import { useFrame, useThree } from '@react-three/fiber';
import { OrbitControls } from '@react-three/drei';
import { cameraStore, registerCameraSource, type CameraPose } from '../state/camera-store';
import { viewStore, useViewStore } from '../state/view-store';
import { placeCamera, poseOfCamera } from './camera-pose';
import { groundHeightAt } from './ground-height';
import { createWalkState, stepWalk, walkKeyFromEvent, walkPose, type WalkState } from './walk';

export function CameraRig({ defaultPose, revision, keyTarget }: { defaultPose: CameraPose; revision: number; keyTarget: HTMLElement | null }) {
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  const controls = useRef<ComponentRef<typeof OrbitControls>>(null);
  const navigation = useViewStore((s) => s.navigation);
  const walk = useRef<WalkState | null>(null);
  const target = useRef(new Vector3());

  const capture = (): CameraPose => {
    if (walk.current !== null) return walkPose(walk.current, groundHeightAt);
    return poseOfCamera(camera, controls.current?.target ?? target.current);
  };

  const apply = (pose: CameraPose): void => {
    placeCamera(camera, pose, target.current);
    if (controls.current !== null) {
      controls.current.target.copy(target.current);
      controls.current.update();
    }
    if (walk.current !== null) walk.current = createWalkState(pose, groundHeightAt);
    invalidate();
  };

  // A new district: frame it (further away in a narrow view, whose horizontal field is smaller).
  const aspect = useThree((s) => s.size.width / Math.max(1, s.size.height));
  useEffect(() => {
    const framed = { ...defaultPose, distanceM: defaultPose.distanceM * Math.max(1, 1.3 / aspect) };
    cameraStore.getState().setPose(framed);
    apply(framed);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [revision]);

  // Coming back from the map: take its pose.
  useEffect(
    () =>
      viewStore.subscribe((s, prev) => {
        if (s.view === 'scene' && prev.view !== 'scene') apply(cameraStore.getState().pose ?? defaultPose);
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [defaultPose],
  );

  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => registerCameraSource('scene', capture), [camera]);

  // Keyboard orbit: arrow keys pan while the scene has focus (orbit mode).
  useEffect(() => {
    const c = controls.current;
    if (c === null || keyTarget === null || navigation !== 'orbit') return;
    c.listenToKeyEvents(keyTarget);
    return () => c.stopListenToKeyEvents();
  }, [keyTarget, navigation]);

  // Walk mode: keyboard, eye height above the terrain.
  const keys = useRef(new Set<string>());
  useEffect(() => {
    if (navigation !== 'walk') {
      if (walk.current !== null) {
        const pose = walkPose(walk.current, groundHeightAt);
        walk.current = null;
        apply({ ...pose, pitchRad: -0.45, distanceM: 120 });
      }
      return;
    }
    walk.current = createWalkState(capture(), groundHeightAt);
    stepWalk(walk.current, keys.current, 0, camera, groundHeightAt);
    invalidate();
    const down = (e: KeyboardEvent): void => {
      // Only while the scene (or nothing in particular) has the focus: panels keep their keys.
      const inScene = e.target === document.body || (e.target instanceof Node && keyTarget?.contains(e.target) === true);
      if (!inScene) return;
      const key = walkKeyFromEvent(e);
      if (key === null) return;
      e.preventDefault();
      keys.current.add(key);
      invalidate();
    };
    const up = (e: KeyboardEvent): void => {
      const key = walkKeyFromEvent(e);
      if (key !== null) keys.current.delete(key);
    };
    const held = keys.current;
    // A key released while the window had no focus never sends keyup: forget held keys on blur.
    const blur = (): void => held.clear();
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
      held.clear();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [navigation, keyTarget]);

  useFrame((_, delta) => {
    if (walk.current === null || keys.current.size === 0) return;
    stepWalk(walk.current, keys.current, Math.min(delta, 0.1), camera, groundHeightAt);
    invalidate();
  });

  return (
    <OrbitControls
      ref={controls}
      makeDefault
      enabled={navigation === 'orbit'}
      keyPanSpeed={25}
      enableDamping={false}
      maxPolarAngle={Math.PI / 2 - 0.02}
      minDistance={5}
      maxDistance={20_000}
      onEnd={() => cameraStore.getState().setPose(capture())}
    />
  );
}
