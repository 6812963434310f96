/**
 * The viewer's body in the immersive session: the XR origin (feet) at street level or, in
 * table-top mode, scaled up so the district stands as a model on a table in front of the viewer;
 * seated viewers are lifted to a standing eye height; teleport onto the ground with the
 * controller's or hand's teleport pointer; smooth locomotion on the left stick with snap turns
 * of 30° on the right; a vignette narrows the view while moving smoothly (comfort).
 */
import { useEffect, useMemo, useRef } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import { TeleportTarget, XROrigin, useXR, useXRControllerLocomotion } from '@react-three/xr';
import { Vector3, type Group, type Mesh } from 'three';
import type { CityModel } from '../twin/city-model';
import type { DistrictBounds } from '../twin/district-bounds';
import { groundHeightAt } from '../scene/ground-height';
import { threeToEnu } from '../scene/enu-axes';
import { immersiveStore, SEATED_LIFT_M, TABLE_HEIGHT_M, TABLE_MODEL_DIAMETER_M, useImmersiveStore } from './xr-session';
import { defaultStreetSpot } from './street-spot';
import { HeadsetPanel } from './headset-panel';
import { XrTestHooks } from './xr-test-hooks';
import { TEST_MODE } from '../app/test-mode';

const WALK_SPEED_M_S = 1.6;
const SNAP_TURN_DEG = 30;

/** Origin pose (three.js world: x east, y up, z south) and scale for a mode. */
export function originPose(mode: 'street' | 'tabletop', seated: boolean, feetEnu: { x: number; y: number; z: number }, bounds: DistrictBounds, groundZ: number): { position: [number, number, number]; scale: number } {
  const lift = seated ? SEATED_LIFT_M : 0;
  if (mode === 'street') return { position: [feetEnu.x, feetEnu.z + lift, -feetEnu.y], scale: 1 };
  // Table-top: the viewer is made S times larger, so the ground (ENU z = groundZ) appears at table
  // height and the district's diameter spans the model's diameter; they stand south of its centre.
  const s = (2 * bounds.radiusM) / TABLE_MODEL_DIAMETER_M;
  return { position: [bounds.centreX, groundZ - (TABLE_HEIGHT_M - lift) * s, -bounds.centreY + (TABLE_MODEL_DIAMETER_M / 2 + 0.35) * s], scale: s };
}

function Vignette({ origin }: { origin: React.RefObject<Group | null> }) {
  const on = useImmersiveStore((s) => s.vignette);
  const mesh = useRef<Mesh>(null);
  const gl = useThree((s) => s.gl);
  const last = useMemo(() => new Vector3(), []);
  const opacity = useRef(0);
  useFrame((_, delta) => {
    const o = origin.current;
    const m = mesh.current;
    if (o === null || m === null) return;
    const moved = o.position.distanceTo(last) / Math.max(delta, 1e-3) / Math.max(o.scale.x, 1e-6);
    last.copy(o.position);
    const target = on && moved > 0.2 && moved < 50 ? 0.85 : 0;
    opacity.current += (target - opacity.current) * Math.min(1, delta * 8);
    const camera = gl.xr.getCamera();
    m.position.copy(camera.position);
    m.quaternion.copy(camera.quaternion);
    m.translateZ(-0.3 * o.scale.x);
    m.scale.setScalar(o.scale.x);
    m.visible = opacity.current > 0.02;
    (m.material as { opacity: number }).opacity = opacity.current;
  });
  return (
    <mesh ref={mesh} renderOrder={10} raycast={() => null} name="comfort-vignette">
      <ringGeometry args={[0.16, 0.8, 48]} />
      <meshBasicMaterial color="#000000" transparent opacity={0} depthTest={false} depthWrite={false} />
    </mesh>
  );
}

export function ImmersiveRig({ city, bounds }: { city: CityModel; bounds: DistrictBounds }) {
  const session = useXR((s) => s.session);
  const mode = useImmersiveStore((s) => s.mode);
  const seated = useImmersiveStore((s) => s.seated);
  const street = useImmersiveStore((s) => s.streetPosition);
  const origin = useRef<Group>(null);
  const spot = useMemo(() => defaultStreetSpot(city, bounds.centreX, bounds.centreY), [city, bounds]);
  const feet = useMemo(() => (street === null ? spot : { x: street.x, y: street.y, z: groundHeightAt(street.x, street.y, spot.z) }), [street, spot]);
  const groundZ = useMemo(() => groundHeightAt(bounds.centreX, bounds.centreY, 0), [bounds]);
  const pose = originPose(mode, seated, feet, bounds, groundZ);
  useXRControllerLocomotion(origin, mode === 'street' ? { speed: WALK_SPEED_M_S } : false, { type: 'snap', degrees: SNAP_TURN_DEG });
  useEffect(() => {
    const o = origin.current;
    if (o === null) return;
    o.position.set(...pose.position);
    o.scale.setScalar(pose.scale);
  }, [pose.position[0], pose.position[1], pose.position[2], pose.scale]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <>
      {TEST_MODE && <XrTestHooks origin={origin} />}
      <XROrigin ref={origin}>{session !== undefined && session !== null && <HeadsetPanel />}</XROrigin>
      {session !== undefined && session !== null && (
        <>
          {/* Teleporting belongs to street level; on the table-top model the viewer walks around the table. */}
          {mode === 'street' && (
            <TeleportTarget
              onTeleport={(point) => {
                const [x, y] = threeToEnu(point);
                immersiveStore.getState().teleportTo(x, y);
              }}
            >
              <mesh position={[bounds.centreX, groundZ + 0.02, -bounds.centreY]} rotation={[-Math.PI / 2, 0, 0]} name="teleport-ground">
                <planeGeometry args={[bounds.radiusM * 4, bounds.radiusM * 4]} />
                <meshBasicMaterial colorWrite={false} depthWrite={false} />
              </mesh>
            </TeleportTarget>
          )}
          <Vignette origin={origin} />
        </>
      )}
    </>
  );
}
