/**
 * The 3D view of the district (react-three-fiber): terrain, roads, buildings, trees and labels
 * in the ENU frame rotated to three's y-up, a shadow-casting sun, orbit/walk camera. Renders on
 * demand only (frameloop="demand"): nothing is drawn while nothing changes.
 */
import { useMemo, useState } from 'react';
import { t } from '../i18n';
import { Canvas } from '@react-three/fiber';
import { useCityStore } from '../state/city-store';
import { useLayersStore } from '../state/layers-store';
import { selectionStore } from '../state/selection-store';
import type { CameraPose } from '../state/camera-store';
import { TEST_MODE } from '../app/test-mode';
import { AnalysisLayers } from './analysis-layers';
import { BuildingsLayer } from './buildings-layer';
import { CameraRig } from './camera-rig';
import { districtBounds } from '../twin/district-bounds';
import { ENU_GROUP_ROTATION } from './enu-axes';
import { LabelsLayer } from './labels-layer';
import { SCENE_BACKGROUND, SCENE_FOV_RAD } from './palette';
import { RoadsLayer } from './roads-layer';
import { SunFromTime } from './sun-from-time';
import { SunPath } from './sun-path';
import { GroundPlane, TerrainLayer } from './terrain-layer';
import { GroundLayer } from './ground-layer';
import { TestHooks } from './test-hooks';
import { TreesLayer } from './trees-layer';
import { TilesetLayer } from './tileset-layer';
import { TilesetControls } from './tileset-layer-controls';
import { useViewStore } from '../state/view-store';
import { XR } from '@react-three/xr';
import { xrStore } from '../xr/xr-session';
import { ImmersiveRig } from '../xr/immersive-rig';
import { EnterXrButtons } from '../xr/enter-xr-button';

/** Default view of a district: from the south-south-west, 35° down, the whole district in frame. */
export const DEFAULT_HEADING_RAD = (20 * Math.PI) / 180;
export const DEFAULT_PITCH_RAD = (-35 * Math.PI) / 180;

export function TwinScene({ hidden }: { hidden: boolean }) {
  const city = useCityStore((s) => s.city);
  const revision = useCityStore((s) => s.revision);
  const visible = useLayersStore((s) => s.visible);
  const tilesetUrl = useViewStore((s) => s.tilesetUrl);
  const [keyTarget, setKeyTarget] = useState<HTMLDivElement | null>(null);
  const bounds = useMemo(() => (city === null ? null : districtBounds(city)), [city]);
  const centre = useMemo<[number, number, number]>(() => (bounds === null ? [0, 0, 0] : [bounds.centreX, bounds.centreY, 0]), [bounds]);
  const defaultPose = useMemo<CameraPose>(
    () => ({ target: centre, headingRad: DEFAULT_HEADING_RAD, pitchRad: DEFAULT_PITCH_RAD, distanceM: (bounds?.radiusM ?? 300) * 2.3 }),
    [centre, bounds],
  );
  if (city === null || bounds === null) return null;
  return (
    <div className="scene-view" hidden={hidden} data-testid="scene-view" tabIndex={0} role="application" aria-label={t('scene.label', { name: city.name })} ref={setKeyTarget}>
      <Canvas
        shadows
        frameloop="demand"
        dpr={TEST_MODE ? 1 : [1, 2]}
        gl={{ preserveDrawingBuffer: TEST_MODE, antialias: !TEST_MODE }}
        camera={{ fov: (SCENE_FOV_RAD * 180) / Math.PI, near: 1, far: Math.max(20_000, bounds.radiusM * 20) }}
        onPointerMissed={() => selectionStore.getState().select(-1)}
      >
        <XR store={xrStore}>
          <color attach="background" args={[SCENE_BACKGROUND]} />
          <fog attach="fog" args={[SCENE_BACKGROUND, bounds.radiusM * 4, bounds.radiusM * 12]} />
          <SunFromTime origin={city.origin} timeZone={city.timeZone} centre={centre} radiusM={bounds.radiusM * 1.2} shadowMapSize={TEST_MODE ? 1024 : 4096} />
          <group rotation={ENU_GROUP_ROTATION}>
            {city.terrain !== null ? (
              <TerrainLayer terrain={city.terrain} visible={visible.terrain} />
            ) : (
              <GroundPlane centre={[bounds.centreX, bounds.centreY]} radiusM={bounds.radiusM} visible={visible.terrain} />
            )}
            <GroundLayer ground={city.ground} lines={city.lines} visible={visible.terrain} />
            <RoadsLayer roads={city.roads} visible={visible.roads} />
            <BuildingsLayer buildings={city.buildings} visible={visible.buildings} />
            <TreesLayer trees={city.trees} visible={visible.trees} />
            <SunPath origin={city.origin} timeZone={city.timeZone} centre={centre} radiusM={bounds.radiusM} />
            <TilesetLayer url={tilesetUrl} origin={city.origin} visible={visible.tileset} />
            <AnalysisLayers />
            {visible.labels && !hidden && <LabelsLayer roads={city.roads} />}
          </group>
          <CameraRig defaultPose={defaultPose} revision={revision} keyTarget={keyTarget} />
          {TEST_MODE && <TestHooks buildings={city.buildings} />}
          <ImmersiveRig city={city} bounds={bounds} />
        </XR>
      </Canvas>
      <TilesetControls />
      <EnterXrButtons />
    </div>
  );
}

