/**
 * Local east-north-up (ENU) frame at a WGS84 geodetic origin: the tangent-plane frame of
 * NIMA TR8350.2 / the usual ECEF→ENU rotation (e.g. ESA GNSS Book, Vol. I, App. B.4). x east,
 * y north, z up along the ellipsoid normal at the origin, metres. Round trips through ECEF are
 * exact to rounding (see ellipsoid.ts), far below 1 mm anywhere in a district.
 */
import { ecefToGeodetic, geodeticToEcef } from './ellipsoid';

export interface GeoOrigin {
  lonDeg: number;
  latDeg: number;
  /** Ellipsoidal height of the origin, m. */
  heightM: number;
}

export interface EnuFrame {
  readonly origin: GeoOrigin;
  /** Geodetic (lon°, lat°, height m) → ENU (m) in out[0..2]. */
  toEnu<T extends Float64Array | number[]>(lonDeg: number, latDeg: number, heightM: number, out: T): T;
  /** ENU (m) → geodetic (lon°, lat°, height m) in out[0..2]. */
  toGeodetic<T extends Float64Array | number[]>(x: number, y: number, z: number, out: T): T;
}

export function createEnuFrame(origin: GeoOrigin): EnuFrame {
  if (!Number.isFinite(origin.lonDeg) || !Number.isFinite(origin.latDeg) || Math.abs(origin.latDeg) > 90) {
    throw new RangeError(`ENU origin must have finite lon and |lat| ≤ 90°, got (${origin.lonDeg}, ${origin.latDeg})`);
  }
  const o = geodeticToEcef(origin.lonDeg, origin.latDeg, origin.heightM, new Float64Array(3));
  const ox = o[0] ?? 0;
  const oy = o[1] ?? 0;
  const oz = o[2] ?? 0;
  const lon = (origin.lonDeg * Math.PI) / 180;
  const lat = (origin.latDeg * Math.PI) / 180;
  const sl = Math.sin(lon);
  const cl = Math.cos(lon);
  const sp = Math.sin(lat);
  const cp = Math.cos(lat);
  const scratch = new Float64Array(3);
  return {
    origin: { ...origin },
    toEnu(lonDeg, latDeg, heightM, out) {
      geodeticToEcef(lonDeg, latDeg, heightM, scratch);
      const dx = (scratch[0] ?? 0) - ox;
      const dy = (scratch[1] ?? 0) - oy;
      const dz = (scratch[2] ?? 0) - oz;
      out[0] = -sl * dx + cl * dy;
      out[1] = -sp * cl * dx - sp * sl * dy + cp * dz;
      out[2] = cp * cl * dx + cp * sl * dy + sp * dz;
      return out;
    },
    toGeodetic(x, y, z, out) {
      const dx = -sl * x - sp * cl * y + cp * cl * z;
      const dy = cl * x - sp * sl * y + cp * sl * z;
      const dz = cp * y + sp * z;
      return ecefToGeodetic(ox + dx, oy + dy, oz + dz, out);
    },
  };
}
