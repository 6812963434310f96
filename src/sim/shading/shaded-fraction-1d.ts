/**
 * Shaded fraction of one row (or facade/roof strip) shaded by a parallel row, in the 2-D plane across
 * both axes: the geometric model behind pvlib.shading.shaded_fraction1d, whose reference data are
 * doi:10.5281/zenodo.10513987 (E. Luis, "Shaded fraction and backtracking in single-axis trackers on
 * rolling terrain", 2024). Our own derivation of the same geometry:
 *
 * In the cross-axis plane (x across the rows, z up), each row is a segment of width `l` whose centre
 * is offset `z_0` from its rotation axis along the segment normal; a rotation θ (deg, right-handed
 * about the axis) turns the segment direction to (cos θ, −sin θ) and its normal to (sin θ, cos θ).
 * The sun's projected zenith θs puts the sun direction at (sin θs, cos θs). Both segments are projected
 * along the sun onto the line perpendicular to it, with the coordinate u growing downwards. The ray
 * grazing the top (smallest-u) edge of the row nearer to the sun is the shadow line; as in the reference
 * model, everything of the row away from the sun below that line is shaded (the shading row is taken
 * to block down to the ground, as rows, walls and facades do). The shaded fraction is the part of
 * the shaded row's projected interval beyond the shadow line.
 */
const DEG = Math.PI / 180;

export interface RowPair {
  /** Axis positions (m) of the left and right rows in the cross-axis plane. */
  xLeftM: number;
  zLeftM: number;
  xRightM: number;
  zRightM: number;
  /** Rotations (deg) of the left and right rows. */
  thetaLeftDeg: number;
  thetaRightDeg: number;
  /** Offset from axis to collector surface along the collector normal (m). */
  axisOffsetM: number;
  /** Collector width (m). */
  widthM: number;
}

/** Projected endpoints (along the sun) of a row: coordinate u on the line perpendicular to the sun. */
function projectedInterval(x: number, z: number, thetaDeg: number, offset: number, halfWidth: number, ux: number, uz: number): [number, number] {
  const t = thetaDeg * DEG;
  const cx = x + offset * Math.sin(t);
  const cz = z + offset * Math.cos(t);
  const dx = halfWidth * Math.cos(t);
  const dz = -halfWidth * Math.sin(t);
  const u1 = (cx + dx) * ux + (cz + dz) * uz;
  const u2 = (cx - dx) * ux + (cz - dz) * uz;
  return u1 < u2 ? [u1, u2] : [u2, u1];
}

/**
 * Shaded fraction (0…1) of the row away from the sun: the right row when `projectedZenithDeg` > 0
 * (sun on the left side), the left row when < 0. Zero when the sun is at the projected zenith.
 */
export function shadedFraction1d(rows: RowPair, projectedZenithDeg: number): number {
  if (projectedZenithDeg === 0) return 0;
  const s = projectedZenithDeg * DEG;
  // Unit vector perpendicular to the sun direction (sin θs, cos θs), pointing downwards (uz < 0).
  const sign = projectedZenithDeg > 0 ? 1 : -1;
  const ux = sign * Math.cos(s);
  const uz = -sign * Math.sin(s);
  const half = rows.widthM / 2;
  const left = projectedInterval(rows.xLeftM, rows.zLeftM, rows.thetaLeftDeg, rows.axisOffsetM, half, ux, uz);
  const right = projectedInterval(rows.xRightM, rows.zRightM, rows.thetaRightDeg, rows.axisOffsetM, half, ux, uz);
  const [shading, shaded] = projectedZenithDeg > 0 ? [left, right] : [right, left];
  const span = shaded[1] - shaded[0];
  if (span <= 0) return 0;
  const shadowLine = shading[0];
  return Math.min(1, Math.max(0, (shaded[1] - shadowLine) / span));
}
