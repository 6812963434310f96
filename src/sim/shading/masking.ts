/**
 * Sky masking by the row (or wall, parapet) in front, for rows of width 1 (normalised) at ground
 * coverage ratio GCR = width / pitch, tilted β towards the row in front.
 *
 * - Masking angle at a point a fraction `s` up the slant of the row: the elevation of the top edge of
 *   the row in front seen from that point, ψ = atan((1 − s)·sin β / (1/GCR − (1 − s)·cos β))
 *   (geometry of Passias & Källbäck 1984; pvlib.shading.masking_angle).
 * - Average masking angle over the slant, closed form of ∫₀¹ ψ ds (Passias & Källbäck 1984, "Shading
 *   effects in rows of solar cell panels", Solar Cells 11:281–291), integrated here by parts.
 * - Sky-diffuse loss for an isotropic sky seen over that average mask: 1 − cos²(ψ̄/2) (ibid.).
 * - Ground angle: elevation, from a point `x` up the slant of a row, of the line to the bottom of the
 *   row behind it, atan(x·sin β / (1/GCR + x·cos β)).
 * Angles in degrees; `slantFraction`, `x` are fractions (0…1) of the row width.
 */
const DEG = Math.PI / 180;

function checkGcr(gcr: number): void {
  if (!(gcr > 0 && gcr <= 1)) throw new Error(`ground coverage ratio must be in (0, 1], got ${gcr}`);
}

/** Masking angle ψ (deg) at fraction `slantFraction` up the row (Passias & Källbäck 1984). */
export function maskingAngleDeg(surfaceTiltDeg: number, gcr: number, slantFraction: number): number {
  checkGcr(gcr);
  const b = surfaceTiltDeg * DEG;
  const t = 1 - slantFraction;
  return Math.atan2(t * Math.sin(b), 1 / gcr - t * Math.cos(b)) / DEG;
}

/**
 * Average masking angle ψ̄ (deg) over the whole slant (Passias & Källbäck 1984). With P = 1/GCR,
 * ∫₀¹ atan(t·sin β/(P − t·cos β)) dt = atan(sin β/(P − cos β)) − (P sin β/2)·ln((1 − 2P cos β + P²)/P²)
 * − P cos β·[atan((1 − P cos β)/(P sin β)) + atan(cos β/sin β)].
 */
export function averageMaskingAngleDeg(surfaceTiltDeg: number, gcr: number): number {
  checkGcr(gcr);
  const b = surfaceTiltDeg * DEG;
  const sb = Math.sin(b);
  const cb = Math.cos(b);
  if (Math.abs(sb) < 1e-15) return 0;
  const p = 1 / gcr;
  const avg =
    Math.atan2(sb, p - cb) -
    ((p * sb) / 2) * Math.log((1 - 2 * p * cb + p * p) / (p * p)) -
    p * cb * (Math.atan((1 - p * cb) / (p * sb)) + Math.atan(cb / sb));
  return avg / DEG;
}

/** Fraction of isotropic sky-diffuse irradiance lost to the average mask (Passias & Källbäck 1984). */
export function skyDiffuseLossPassias(averageMaskingDeg: number): number {
  const c = Math.cos((averageMaskingDeg / 2) * DEG);
  return 1 - c * c;
}

/** Ground angle (deg) from fraction `x` up the slant to the bottom of the row behind. */
export function groundAngleDeg(surfaceTiltDeg: number, gcr: number, x: number): number {
  checkGcr(gcr);
  const b = surfaceTiltDeg * DEG;
  return Math.atan2(gcr * x * Math.sin(b), gcr * x * Math.cos(b) + 1) / DEG;
}
