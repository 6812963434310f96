/**
 * Camera pose conversions shared by the 3D view and the map: ENU pose → three.js camera → pose
 * (src/scene/camera-pose.ts, enu-axes.ts), pose → position → pose (src/state/camera-store.ts) and
 * ENU → Earth-fixed (Cesium Cartesian3) → ENU (src/map/map-frame.ts), on random poses.
 * Tolerances: 1e-9 m·(1 + distance) and 1e-9 rad for the three.js round trip (float64 rounding
 * only); 1 mm for the Cesium round trip (Cartographic's iterative ECEF → geodetic conversion).
 */
import fc from 'fast-check';
import { PerspectiveCamera, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { placeCamera, poseOfCamera } from '../../src/scene/camera-pose';
import { enuToThree, threeToEnu } from '../../src/scene/enu-axes';
import { cameraPosition, poseFromCamera, viewDirection, type CameraPose } from '../../src/state/camera-store';
import { createMapFrame } from '../../src/map/map-frame';
import { DEMO_ORIGIN } from '../../src/twin/demo';

const pose = fc.record({
  target: fc.tuple(fc.double({ min: -5000, max: 5000, noNaN: true }), fc.double({ min: -5000, max: 5000, noNaN: true }), fc.double({ min: -100, max: 500, noNaN: true })),
  headingRad: fc.double({ min: -Math.PI + 1e-6, max: Math.PI - 1e-6, noNaN: true }),
  pitchRad: fc.double({ min: -1.5, max: 1.5, noNaN: true }),
  distanceM: fc.double({ min: 1, max: 20_000, noNaN: true }),
});

function angleGap(a: number, b: number): number {
  return Math.abs(Math.atan2(Math.sin(a - b), Math.cos(a - b)));
}

describe('ENU ↔ three.js axes', () => {
  it('maps east to +x, north to −z, up to +y and back', () => {
    const v = new Vector3();
    const three = (x: number, y: number, z: number) => enuToThree(x, y, z, v).toArray().map((c) => c + 0); // + 0 turns −0 into 0
    expect(three(1, 0, 0)).toEqual([1, 0, 0]);
    expect(three(0, 1, 0)).toEqual([0, 0, -1]);
    expect(three(0, 0, 1)).toEqual([0, 1, 0]);
    expect(threeToEnu(enuToThree(3, -4, 5, v))).toEqual([3, -4, 5]);
  });
});

describe('camera pose', () => {
  it('view direction is a unit vector: heading 0 looks north, π/2 east, pitch −π/2 down', () => {
    const close = (a: number[], b: number[]) => a.forEach((x, k) => expect(x).toBeCloseTo(b[k] ?? NaN, 12));
    close(viewDirection(0, 0), [0, 1, 0]);
    close(viewDirection(Math.PI / 2, 0), [1, 0, 0]);
    close(viewDirection(0, -Math.PI / 2), [0, 0, -1]);
  });

  it('pose → three.js camera → pose round trip', () => {
    const camera = new PerspectiveCamera(45, 1.5, 1, 1e5);
    const target = new Vector3();
    fc.assert(
      fc.property(pose, (p: CameraPose) => {
        placeCamera(camera, p, target);
        const back = poseOfCamera(camera, target);
        const tol = 1e-9 * (1 + p.distanceM + Math.hypot(...p.target));
        for (let k = 0; k < 3; k++) expect(Math.abs((back.target[k] ?? NaN) - (p.target[k] ?? NaN))).toBeLessThan(tol);
        expect(Math.abs(back.distanceM - p.distanceM)).toBeLessThan(tol);
        expect(angleGap(back.headingRad, p.headingRad)).toBeLessThan(1e-6);
        expect(Math.abs(back.pitchRad - p.pitchRad)).toBeLessThan(1e-6);
      }),
      { numRuns: 300 },
    );
  });

  it('camera position → pose with the target on the ground plane recovers a downward pose', () => {
    fc.assert(
      fc.property(pose.filter((p) => p.pitchRad < -0.05), (p: CameraPose) => {
        const position = cameraPosition(p);
        const back = poseFromCamera(position, p.headingRad, p.pitchRad, p.target[2], 1234);
        const tol = 1e-6 * (1 + p.distanceM);
        expect(Math.abs(back.distanceM - p.distanceM)).toBeLessThan(tol);
        for (let k = 0; k < 3; k++) expect(Math.abs((back.target[k] ?? NaN) - (p.target[k] ?? NaN))).toBeLessThan(tol);
      }),
      { numRuns: 300 },
    );
    const level = poseFromCamera([0, 0, 10], 0, 0.1, 0, 1234);
    expect(level.distanceM).toBe(1234);
  });

  it('ENU → Earth-fixed (map) → ENU round trip within 1 mm, on the ellipsoid and on real terrain', () => {
    for (const onRealTerrain of [false, true]) {
      const frame = createMapFrame(DEMO_ORIGIN, onRealTerrain);
      expect(frame.heightOffsetM).toBe(onRealTerrain ? 0 : -DEMO_ORIGIN.heightM);
      fc.assert(
        fc.property(pose, (p: CameraPose) => {
          const [x, y, z] = cameraPosition(p);
          const back = frame.fromCartesian(frame.toCartesian(x, y, z));
          expect(Math.hypot(back[0] - x, back[1] - y, back[2] - z)).toBeLessThan(1e-3);
        }),
        { numRuns: 200 },
      );
    }
  });
});
