import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ecefToGeodetic, geodeticToEcef, WGS84_A } from '../../src/geo/ellipsoid';
import { createEnuFrame } from '../../src/geo/enu';

const SEED = { seed: 20261124, numRuns: 2000 };
const lon = fc.double({ min: -180, max: 180, noNaN: true });
const lat = fc.double({ min: -89.9, max: 89.9, noNaN: true });
const height = fc.double({ min: -500, max: 9000, noNaN: true });

describe('WGS84 geodetic ↔ ECEF', () => {
  it('maps the equator/prime meridian and the pole to the ellipsoid axes (TR8350.2 a, b)', () => {
    const p = geodeticToEcef(0, 0, 0, [0, 0, 0]);
    expect(p[0]).toBeCloseTo(WGS84_A, 6);
    const pole = geodeticToEcef(0, 90, 0, [0, 0, 0]);
    expect(pole[2]).toBeCloseTo(6356752.314245, 5);
  });

  it('round-trips geodetic → ECEF → geodetic far below 1 mm (Vermeille 2011 closed form)', () => {
    let worst = 0;
    fc.assert(
      fc.property(lon, lat, height, (lo, la, h) => {
        const e = geodeticToEcef(lo, la, h, new Float64Array(3));
        const g = ecefToGeodetic(e[0] ?? 0, e[1] ?? 0, e[2] ?? 0, new Float64Array(3));
        const back = geodeticToEcef(g[0] ?? 0, g[1] ?? 0, g[2] ?? 0, new Float64Array(3));
        const d = Math.hypot((back[0] ?? 0) - (e[0] ?? 0), (back[1] ?? 0) - (e[1] ?? 0), (back[2] ?? 0) - (e[2] ?? 0));
        worst = Math.max(worst, d, Math.abs((g[2] ?? 0) - h));
        return d < 1e-6 && Math.abs((g[2] ?? 0) - h) < 1e-6;
      }),
      SEED,
    );
    expect(worst).toBeLessThan(1e-6);
  });
});

describe('ENU frame', () => {
  it('puts the origin at (0, 0, 0) and a point straight above it on +z', () => {
    const frame = createEnuFrame({ lonDeg: 6.14, latDeg: 46.2, heightM: 375 });
    const o = frame.toEnu(6.14, 46.2, 375, [0, 0, 0]);
    expect(Math.hypot(o[0] ?? 0, o[1] ?? 0, o[2] ?? 0)).toBeLessThan(1e-9);
    const up = frame.toEnu(6.14, 46.2, 385, [0, 0, 0]);
    expect(up[2]).toBeCloseTo(10, 6);
    const east = frame.toEnu(6.141, 46.2, 375, [0, 0, 0]);
    expect(east[0]).toBeGreaterThan(76);
    expect(Math.abs(east[1] ?? 0)).toBeLessThan(0.01);
  });

  it('round-trips ENU → geodetic → ENU within 1 µm for points up to 50 km from any origin', () => {
    let worst = 0;
    const offset = fc.double({ min: -50000, max: 50000, noNaN: true });
    fc.assert(
      fc.property(lon, fc.double({ min: -85, max: 85, noNaN: true }), height, offset, offset, fc.double({ min: -200, max: 900, noNaN: true }), (lo, la, h, x, y, z) => {
        const frame = createEnuFrame({ lonDeg: lo, latDeg: la, heightM: h });
        const g = frame.toGeodetic(x, y, z, new Float64Array(3));
        const e = frame.toEnu(g[0] ?? 0, g[1] ?? 0, g[2] ?? 0, new Float64Array(3));
        const d = Math.hypot((e[0] ?? 0) - x, (e[1] ?? 0) - y, (e[2] ?? 0) - z);
        worst = Math.max(worst, d);
        return d < 1e-6;
      }),
      SEED,
    );
    expect(worst).toBeLessThan(1e-6);
  });

  it('keeps distances: the ENU norm equals the ECEF chord between the two points', () => {
    fc.assert(
      fc.property(lon, lat, lon, lat, (lo, la, lo2, la2) => {
        const frame = createEnuFrame({ lonDeg: lo, latDeg: la, heightM: 0 });
        const a = geodeticToEcef(lo, la, 0, [0, 0, 0]);
        const b = geodeticToEcef(lo2, la2, 100, [0, 0, 0]);
        const e = frame.toEnu(lo2, la2, 100, [0, 0, 0]);
        const chord = Math.hypot((b[0] ?? 0) - (a[0] ?? 0), (b[1] ?? 0) - (a[1] ?? 0), (b[2] ?? 0) - (a[2] ?? 0));
        return Math.abs(Math.hypot(e[0] ?? 0, e[1] ?? 0, e[2] ?? 0) - chord) < 1e-6 * Math.max(1, chord / 1000);
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('rejects an invalid origin', () => {
    expect(() => createEnuFrame({ lonDeg: NaN, latDeg: 0, heightM: 0 })).toThrow(/origin/);
  });
});
