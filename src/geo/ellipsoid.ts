/**
 * WGS84 geodetic ↔ Earth-centred Earth-fixed (ECEF) coordinates.
 *
 * Ellipsoid: NIMA TR8350.2 (WGS 84, 3rd ed.) §3: a = 6378137 m, 1/f = 298.257223563.
 * Geodetic → ECEF: the closed form of TR8350.2 eq. 4-14.
 * ECEF → geodetic: the exact closed form of H. Vermeille (2011), "An analytical method to
 * transform geocentric into geodetic coordinates", J. Geodesy 85:105–117 (valid everywhere except
 * within ~43 km of the Earth's centre), so a round trip is exact to floating-point rounding (≪ 1 µm).
 * Angles in degrees at the API, heights and ECEF in metres.
 */

export const WGS84_A = 6378137;
export const WGS84_F = 1 / 298.257223563;
export const WGS84_E2 = WGS84_F * (2 - WGS84_F);

const DEG = Math.PI / 180;
const E4 = WGS84_E2 * WGS84_E2;

/** Geodetic (lon°, lat°, ellipsoidal height m) → ECEF (m), written to out[0..2]. */
export function geodeticToEcef<T extends Float64Array | number[]>(lonDeg: number, latDeg: number, heightM: number, out: T): T {
  const lon = lonDeg * DEG;
  const lat = latDeg * DEG;
  const sinLat = Math.sin(lat);
  const cosLat = Math.cos(lat);
  const n = WGS84_A / Math.sqrt(1 - WGS84_E2 * sinLat * sinLat);
  out[0] = (n + heightM) * cosLat * Math.cos(lon);
  out[1] = (n + heightM) * cosLat * Math.sin(lon);
  out[2] = (n * (1 - WGS84_E2) + heightM) * sinLat;
  return out;
}

/** ECEF (m) → geodetic (lon°, lat°, ellipsoidal height m) in out[0..2] (Vermeille 2011, §2). */
export function ecefToGeodetic<T extends Float64Array | number[]>(x: number, y: number, z: number, out: T): T {
  const a2 = WGS84_A * WGS84_A;
  const rho2 = x * x + y * y;
  const p = rho2 / a2;
  const q = ((1 - WGS84_E2) / a2) * z * z;
  const r = (p + q - E4) / 6;
  const s = (E4 * p * q) / (4 * r * r * r);
  const t = Math.cbrt(1 + s + Math.sqrt(s * (2 + s)));
  const u = r * (1 + t + 1 / t);
  const v = Math.sqrt(u * u + E4 * q);
  const w = (WGS84_E2 * (u + v - q)) / (2 * v);
  const k = Math.sqrt(u + v + w * w) - w;
  const rho = Math.sqrt(rho2);
  const d = (k * rho) / (k + WGS84_E2);
  const dz = Math.sqrt(d * d + z * z);
  out[0] = Math.atan2(y, x) / DEG;
  out[1] = (2 * Math.atan2(z, d + dz)) / DEG;
  out[2] = ((k + WGS84_E2 - 1) / k) * dz;
  return out;
}
