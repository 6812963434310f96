/**
 * 3D Tiles layer helpers (src/scene/tileset-layer-frame.ts): the ECEF → ENU matrix agrees with
 * createEnuFrame (src/geo/enu.ts) within 1 mm for points across a district, is a rigid transform
 * (orthonormal rotation), sends the origin to 0; the tileset check names what is missing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { geodeticToEcef } from '../../src/geo/ellipsoid';
import { createEnuFrame } from '../../src/geo/enu';
import { applyAffine, ecefToEnuMatrix, tilesetProblem } from '../../src/scene/tileset-layer-frame';

/** A fresh [x, y, z] output array for the geodesy functions. */
const triple = (): [number, number, number] => [0, 0, 0];

const ORIGINS = [
  { lonDeg: 7.8522, latDeg: 47.9959, heightM: 327 },
  { lonDeg: -122.4194, latDeg: 37.7749, heightM: -30 },
  { lonDeg: 151.2093, latDeg: -33.8688, heightM: 40 },
];

describe('ECEF → ENU matrix', () => {
  for (const origin of ORIGINS) {
    it(`matches createEnuFrame at (${origin.lonDeg}, ${origin.latDeg})`, () => {
      const m = ecefToEnuMatrix(origin);
      const frame = createEnuFrame(origin);
      const o = geodeticToEcef(origin.lonDeg, origin.latDeg, origin.heightM, triple());
      for (const v of applyAffine(m, o[0], o[1], o[2])) expect(Math.abs(v)).toBeLessThan(1e-6);
      // Rows of the rotation are orthonormal.
      const rows = [0, 1, 2].map((r) => [m[r] ?? NaN, m[r + 4] ?? NaN, m[r + 8] ?? NaN]);
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
        const dot = (rows[a] ?? []).reduce((s, x, k) => s + x * ((rows[b] ?? [])[k] ?? NaN), 0);
        expect(Math.abs(dot - (a === b ? 1 : 0))).toBeLessThan(1e-11);
      }
      let worst = 0;
      fc.assert(
        fc.property(fc.double({ min: -0.05, max: 0.05, noNaN: true }), fc.double({ min: -0.05, max: 0.05, noNaN: true }), fc.double({ min: -200, max: 2000, noNaN: true }), (dLon, dLat, h) => {
          const p = geodeticToEcef(origin.lonDeg + dLon, origin.latDeg + dLat, h, triple());
          const viaMatrix = applyAffine(m, p[0], p[1], p[2]);
          const viaFrame = frame.toEnu(origin.lonDeg + dLon, origin.latDeg + dLat, h, triple());
          const gap = Math.hypot(viaMatrix[0] - viaFrame[0], viaMatrix[1] - viaFrame[1], viaMatrix[2] - viaFrame[2]);
          worst = Math.max(worst, gap);
          expect(gap).toBeLessThan(1e-3);
        }),
        { numRuns: 200 },
      );
      console.log(`ECEF→ENU matrix vs createEnuFrame at (${origin.lonDeg}, ${origin.latDeg}): worst gap ${(worst * 1000).toExponential(2)} mm`);
    });
  }
});

describe('tileset check', () => {
  const valid = { asset: { version: '1.1' }, geometricError: 10, root: { boundingVolume: { sphere: [0, 0, 0, 10] }, geometricError: 0 } };

  it('accepts a minimal 3D Tiles tileset', () => {
    expect(tilesetProblem(valid)).toBeNull();
  });

  it('names what makes a document not a tileset', () => {
    expect(tilesetProblem([1, 2])).toBe('not a JSON object');
    expect(tilesetProblem(null)).toBe('not a JSON object');
    expect(tilesetProblem({ type: 'FeatureCollection' })).toBe("missing 'asset'");
    expect(tilesetProblem({ ...valid, asset: {} })).toBe("missing 'asset.version'");
    expect(tilesetProblem({ asset: valid.asset })).toBe("missing 'root' tile");
    expect(tilesetProblem({ ...valid, root: { geometricError: 0 } })).toBe("root tile has no 'boundingVolume'");
    expect(tilesetProblem({ ...valid, root: { boundingVolume: {} } })).toBe("root tile has no numeric 'geometricError'");
  });
});
