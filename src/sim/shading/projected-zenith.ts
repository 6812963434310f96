/**
 * Projected solar zenith angle for a rotation axis that may be tilted: the angle, in the plane
 * perpendicular to the axis, between the zenith of the un-rotated surface and the sun. For a
 * single-axis tracker it is the true-tracking rotation angle (Lorenzo, Narvarte & Muñoz 2011,
 * "Tracking and back-tracking", Prog. Photovolt. 19:747; Anderson & Mikofski 2020, "Slope-Aware
 * Backtracking for Single-Axis Trackers", NREL/TP-5K00-76626, eq. 5–7); for a row or a building edge it
 * is the angle that 2-D shading between parallel rows uses (see shaded-fraction-1d.ts).
 *
 * Frame: x east, y north, z up. The axis points horizontally towards `axisAzimuthDeg` (from north,
 * clockwise) and dips by `axisTiltDeg` towards that azimuth, so the un-rotated surface is tilted to
 * face that azimuth (a north–south tracker on a south-facing slope: azimuth 180°, tilt > 0). The result is positive when the sun
 * is on the side of the axis to the right of the axis direction (west for a south-pointing axis),
 * i.e. a right-handed rotation about the axis direction pointing away from the viewer.
 */
const DEG = Math.PI / 180;

/**
 * Projected solar zenith (deg, −180…180) from the apparent solar zenith and azimuth (deg, azimuth from
 * north, clockwise) for an axis tilted `axisTiltDeg` and pointing to `axisAzimuthDeg`.
 */
export function projectedSolarZenithDeg(solarZenithDeg: number, solarAzimuthDeg: number, axisTiltDeg: number, axisAzimuthDeg: number): number {
  const z = solarZenithDeg * DEG;
  const a = solarAzimuthDeg * DEG;
  // Sun unit vector (east, north, up).
  const sx = Math.sin(z) * Math.sin(a);
  const sy = Math.sin(z) * Math.cos(a);
  const sz = Math.cos(z);
  const g = axisAzimuthDeg * DEG;
  const b = axisTiltDeg * DEG;
  // Horizontal unit vector to the right of the axis: azimuth γ + 90°.
  const right = sx * Math.cos(g) - sy * Math.sin(g);
  // Component along the horizontal axis direction, then along the normal of the un-rotated surface,
  // which is the zenith tilted by β towards the axis direction.
  const along = sx * Math.sin(g) + sy * Math.cos(g);
  const normal = sz * Math.cos(b) + along * Math.sin(b);
  return Math.atan2(right, normal) / DEG;
}
