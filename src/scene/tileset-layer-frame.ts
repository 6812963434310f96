/**
 * Pure helpers of the 3D Tiles context layer (tileset-layer.tsx): the Earth-fixed (ECEF) →
 * district ENU transform that places a tileset, and the check that a fetched document is a
 * tileset. 3D Tiles content is expressed in ECEF metres (OGC 3D Tiles 1.1, §"Coordinate reference
 * system"), the district in its ENU frame (src/geo/enu.ts), so one rigid transform does it.
 */
import { geodeticToEcef } from '../geo/ellipsoid';
import { createEnuFrame, type GeoOrigin } from '../geo/enu';

/** Length of the ENU axis steps mapped back to ECEF, m: long enough that rounding (~1e-9 m) leaves the axes orthonormal to ~1e-12. */
const AXIS_STEP_M = 1000;

/**
 * ECEF (m) → ENU (m) at `origin` as a 4 × 4 affine matrix, column-major (three's
 * `Matrix4.fromArray` order): enu = R · (ecef − o), R's rows being the east, north and up unit
 * vectors in ECEF. The axes are taken from createEnuFrame itself (ENU unit points mapped back to
 * ECEF) so that this matrix and the frame used by the importers can never disagree.
 */
export function ecefToEnuMatrix(origin: GeoOrigin): number[] {
  const frame = createEnuFrame(origin);
  const o = geodeticToEcef(origin.lonDeg, origin.latDeg, origin.heightM, new Float64Array(3));
  const geo = new Float64Array(3);
  const p = new Float64Array(3);
  const axes: [number, number, number][] = [];
  for (const [x, y, z] of [[1, 0, 0], [0, 1, 0], [0, 0, 1]] as const) {
    frame.toGeodetic(x * AXIS_STEP_M, y * AXIS_STEP_M, z * AXIS_STEP_M, geo);
    geodeticToEcef(geo[0] ?? 0, geo[1] ?? 0, geo[2] ?? 0, p);
    const ax = (p[0] ?? 0) - (o[0] ?? 0);
    const ay = (p[1] ?? 0) - (o[1] ?? 0);
    const az = (p[2] ?? 0) - (o[2] ?? 0);
    const n = Math.hypot(ax, ay, az);
    axes.push([ax / n, ay / n, az / n]);
  }
  const [e, nn, u] = axes as [[number, number, number], [number, number, number], [number, number, number]];
  const ox = o[0] ?? 0;
  const oy = o[1] ?? 0;
  const oz = o[2] ?? 0;
  const tx = -(e[0] * ox + e[1] * oy + e[2] * oz);
  const ty = -(nn[0] * ox + nn[1] * oy + nn[2] * oz);
  const tz = -(u[0] * ox + u[1] * oy + u[2] * oz);
  // Column-major: column k holds the k-th ECEF axis expressed in ENU (= k-th component of each row).
  return [e[0], nn[0], u[0], 0, e[1], nn[1], u[1], 0, e[2], nn[2], u[2], 0, tx, ty, tz, 1];
}

/** Apply a column-major 4 × 4 affine matrix to a point. */
export function applyAffine(m: readonly number[], x: number, y: number, z: number): [number, number, number] {
  const at = (k: number): number => m[k] ?? 0;
  return [at(0) * x + at(4) * y + at(8) * z + at(12), at(1) * x + at(5) * y + at(9) * z + at(13), at(2) * x + at(6) * y + at(10) * z + at(14)];
}

/**
 * Why `doc` (a parsed tileset.json) is not a 3D Tiles tileset, or null when it is one: it needs
 * `asset.version` (a string) and a `root` tile with a `boundingVolume` and a numeric
 * `geometricError` (3D Tiles 1.1, tileset.schema.json and tile.schema.json required properties).
 */
export function tilesetProblem(doc: unknown): string | null {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'not a JSON object';
  const rec = doc as Record<string, unknown>;
  const asset = rec['asset'];
  if (typeof asset !== 'object' || asset === null) return "missing 'asset'";
  if (typeof (asset as Record<string, unknown>)['version'] !== 'string') return "missing 'asset.version'";
  const root = rec['root'];
  if (typeof root !== 'object' || root === null) return "missing 'root' tile";
  const r = root as Record<string, unknown>;
  if (typeof r['boundingVolume'] !== 'object' || r['boundingVolume'] === null) return "root tile has no 'boundingVolume'";
  if (typeof r['geometricError'] !== 'number' || !Number.isFinite(r['geometricError'])) return "root tile has no numeric 'geometricError'";
  return null;
}
