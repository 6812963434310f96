/**
 * The district's ENU frame on the Cesium globe (src/geo/enu.ts: x east, y north, z up, m).
 * Offline the globe is the bare WGS84 ellipsoid, so the district is lowered by its origin's
 * height (`heightOffsetM`) to sit on it; with a real terrain provider the offset is 0 and heights
 * are true ellipsoidal heights.
 */
import { Cartesian3, Cartographic, Math as CesiumMath, type Camera, HeadingPitchRange, Matrix4 } from 'cesium';
import { createEnuFrame, type EnuFrame } from '../geo/enu';
import type { GeoOrigin } from '../twin/city-model';
import { poseFromCamera, type CameraPose } from '../state/camera-store';

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

/** Place the Cesium camera for a pose: looking at the target from heading/pitch/distance. */
export function applyPoseToCamera(camera: Camera, frame: MapFrame, pose: CameraPose): void {
  const target = frame.toCartesian(pose.target[0], pose.target[1], pose.target[2]);
  // Straight down is singular for the heading: keep a hair off the vertical.
  const pitch = Math.max(-Math.PI / 2 + 1e-3, Math.min(-1e-3, pose.pitchRad));
  camera.lookAt(target, new HeadingPitchRange(pose.headingRad, pitch, pose.distanceM));
  camera.lookAtTransform(Matrix4.IDENTITY);
}

/**
 * The pose of the Cesium camera: its position in ENU, its heading and pitch (Cesium's are in the
 * local frame at the camera; over a district the difference from the origin's frame, the meridian
 * convergence Δλ·sin φ, is below 1e-3 rad), and the target where the view ray meets z = groundZ.
 */
export function poseFromCesiumCamera(camera: Camera, frame: MapFrame, groundZ: number, fallbackDistanceM: number): CameraPose {
  const position = frame.fromCartesian(camera.positionWC);
  return poseFromCamera(position, camera.heading, camera.pitch, groundZ, fallbackDistanceM);
}
