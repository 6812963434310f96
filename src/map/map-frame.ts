/**
 * The district's ENU frame on the Cesium globe (src/geo/enu.ts: x east, y north, z up, m).
 * Offline the globe is the bare WGS84 ellipsoid, so the district is lowered by its origin's
 * height (`heightOffsetM`) to sit on it; with a real terrain provider the offset is 0 and heights
 * are true ellipsoidal heights.
 */
import { Cartesian3, Cartographic, Math as CesiumMath, type Camera } from 'cesium';
import { createEnuFrame, type EnuFrame } from '../geo/enu';
import type { GeoOrigin } from '../twin/city-model';
import { cameraPosition, poseFromCamera, type CameraPose } from '../state/camera-store';

export interface MapFrame {
  enu: EnuFrame;
  heightOffsetM: number;
  toCartesian(x: number, y: number, z: number, result?: Cartesian3): Cartesian3;
  fromCartesian(position: Cartesian3): [number, number, number];
}

export function createMapFrame(origin: GeoOrigin, onRealTerrain: boolean): MapFrame {
  const enu = createEnuFrame(origin);
  const heightOffsetM = onRealTerrain ? 0 : -origin.heightM;
  const geo = new Float64Array(3);
  const local: [number, number, number] = [0, 0, 0];
  const scratch = new Cartographic();
  return {
    enu,
    heightOffsetM,
    toCartesian(x, y, z, result) {
      enu.toGeodetic(x, y, z, geo);
      return Cartesian3.fromDegrees(geo[0] ?? 0, geo[1] ?? 0, (geo[2] ?? 0) + heightOffsetM, undefined, result);
    },
    fromCartesian(position) {
      const c = Cartographic.fromCartesian(position, undefined, scratch);
      enu.toEnu(CesiumMath.toDegrees(c.longitude), CesiumMath.toDegrees(c.latitude), c.height - heightOffsetM, local);
      return [local[0], local[1], local[2]];
    },
  };
}

/**
 * Place the Cesium camera for a pose, exactly: the camera position and the target are converted
 * from ENU to Earth-fixed coordinates and the view direction is the line between them, so no
 * local-frame heading/pitch convention (which would differ from the origin's ENU frame by the
 * meridian convergence and the tilt of the vertical across the district) enters.
 */
export function applyPoseToCamera(camera: Camera, frame: MapFrame, pose: CameraPose): void {
  const p = cameraPosition(pose);
  const position = frame.toCartesian(p[0], p[1], p[2]);
  const target = frame.toCartesian(pose.target[0], pose.target[1], pose.target[2]);
  const direction = Cartesian3.normalize(Cartesian3.subtract(target, position, new Cartesian3()), new Cartesian3());
  // Up: the ENU z axis at the camera, made orthogonal to the view direction.
  const above = frame.toCartesian(p[0], p[1], p[2] + 1);
  const zAxis = Cartesian3.subtract(above, position, new Cartesian3());
  const right = Cartesian3.cross(direction, zAxis, new Cartesian3());
  if (Cartesian3.magnitude(right) < 1e-9) Cartesian3.cross(direction, Cartesian3.UNIT_Z, right);
  const up = Cartesian3.normalize(Cartesian3.cross(Cartesian3.normalize(right, right), direction, new Cartesian3()), new Cartesian3());
  camera.setView({ destination: position, orientation: { direction, up } });
}

/**
 * The pose of the Cesium camera in the district's ENU frame: its position, its view direction
 * (a point 100 m ahead, converted like the position) as heading and pitch, and the target where
 * the view ray meets z = groundZ (or `fallbackDistanceM` ahead when it does not come down).
 */
export function poseFromCesiumCamera(camera: Camera, frame: MapFrame, groundZ: number, fallbackDistanceM: number): CameraPose {
  const position = frame.fromCartesian(camera.positionWC);
  const ahead = frame.fromCartesian(Cartesian3.add(camera.positionWC, Cartesian3.multiplyByScalar(camera.directionWC, 100, new Cartesian3()), new Cartesian3()));
  const dx = ahead[0] - position[0];
  const dy = ahead[1] - position[1];
  const dz = ahead[2] - position[2];
  const length = Math.hypot(dx, dy, dz);
  const headingRad = Math.atan2(dx, dy);
  const pitchRad = Math.asin(Math.max(-1, Math.min(1, dz / length)));
  return poseFromCamera(position, headingRad, pitchRad, groundZ, fallbackDistanceM);
}
