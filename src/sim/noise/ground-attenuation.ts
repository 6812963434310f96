/**
 * CNOSSOS-EU ground effect on a 2-D cut (Directive (EU) 2015/996 Annex II §2.5.6, as amended by
 * (EU) 2021/1226): mean plane, G_path, G'_path, A_ground for homogeneous (eq. 2.5.15-2.5.18) and
 * favourable (eq. 2.5.19-2.5.21) conditions. Distances m, heights m, frequencies Hz.
 */

/** Speed of sound used by the ground model, m/s (§2.5.6). */
export const SOUND_SPEED = 340;
/** Favourable-condition curvature a0, 1/m (eq. 2.5.20). */
export const A0_CURVATURE = 2e-4;

/** A straight line z = slope·x + intercept (the mean plane of a cut). */
export interface MeanPlane {
  slope: number;
  intercept: number;
}

/**
 * Least-squares mean plane of a piecewise-linear ground profile (x_i, z_i), i.e. the line that
 * minimises ∫(z(x) − a x − b)² dx over the profile (§2.5.6 "mean plane", Appendix to §VI.4.3).
 */
export function meanPlane(xs: Float64Array, zs: Float64Array, n: number, out: MeanPlane, from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY): MeanPlane {
  let sxx = 0;
  let sx = 0;
  let s1 = 0;
  let sxz = 0;
  let sz = 0;
  for (let i = 0; i + 1 < n; i++) {
    const xa = xs[i] ?? 0;
    const xb = xs[i + 1] ?? 0;
    if (xb - xa <= 0) continue;
    const m = ((zs[i + 1] ?? 0) - (zs[i] ?? 0)) / (xb - xa);
    const c = (zs[i] ?? 0) - m * xa;
    // Clip the segment to [from, to] (ground on one side of a diffraction edge).
    const x1 = Math.max(xa, from);
    const x2 = Math.min(xb, to);
    const dx = x2 - x1;
    if (dx <= 0) continue;
    const d1 = dx;
    const d2 = (x2 * x2 - x1 * x1) / 2;
    const d3 = (x2 ** 3 - x1 ** 3) / 3;
    s1 += d1;
    sx += d2;
    sxx += d3;
    sxz += m * d3 + c * d2;
    sz += m * d2 + c * d1;
  }
  const det = sxx * s1 - sx * sx;
  if (s1 <= 0 || Math.abs(det) < 1e-12) {
    out.slope = 0;
    out.intercept = n > 0 ? (zs[0] ?? 0) : 0;
    return out;
  }
  out.slope = (sxz * s1 - sx * sz) / det;
  out.intercept = (sxx * sz - sx * sxz) / det;
  return out;
}

/** Mirror image of (x, z) in the plane, written to out[0], out[1] (image source S' / receiver R'). */
export function mirrorInPlane(plane: MeanPlane, x: number, z: number, out: Float64Array): Float64Array {
  const a = plane.slope;
  const d = (a * x - z + plane.intercept) / (1 + a * a);
  out[0] = x - 2 * a * d;
  out[1] = z + 2 * d;
  return out;
}

/** Height of point (x, z) above the plane, measured orthogonally to it, m. */
export function heightAbovePlane(plane: MeanPlane, x: number, z: number): number {
  return (z - (plane.slope * x + plane.intercept)) / Math.sqrt(1 + plane.slope * plane.slope);
}

/** Abscissa along the plane of the orthogonal projection of (x, z), m. */
export function projectionAlongPlane(plane: MeanPlane, x: number, z: number): number {
  const norm = Math.sqrt(1 + plane.slope * plane.slope);
  return (x + plane.slope * (z - plane.intercept)) / norm;
}

/**
 * G_path: the fraction of absorbing ground between x0 and x1 along the cut, weighting each
 * segment's G by its horizontal length (§2.5.6 eq. 2.5.13). `gs[i]` is the G of segment i → i+1.
 */
export function groundPathFactor(xs: Float64Array, gs: Float64Array, n: number, x0: number, x1: number): number {
  let sum = 0;
  for (let i = 0; i + 1 < n; i++) {
    const a = Math.max(xs[i] ?? 0, x0);
    const b = Math.min(xs[i + 1] ?? 0, x1);
    if (b > a) sum += (b - a) * (gs[i] ?? 0);
  }
  return x1 > x0 ? sum / (x1 - x0) : gs[0] ?? 0;
}

/** G'_path (eq. 2.5.14): near the source the source ground G_s weighs in. */
export function groundPathFactorPrime(gPath: number, gSource: number, dp: number, zs: number, zr: number): number {
  const limit = 30 * (zs + zr);
  return dp <= limit ? (gPath * dp) / limit + gSource * (1 - dp / limit) : gPath;
}

/** Frequency-dependent factor w (eq. 2.5.17). */
export function groundW(frequencyHz: number, gw: number): number {
  // G^2.6 and G^1.3 from a 4-slot cache (a diffracted path uses up to three G per band).
  let slot = -1;
  for (let i = 0; i < 4; i++) {
    if (G_VALUE[i] === gw) {
      slot = i;
      break;
    }
  }
  if (slot < 0) {
    slot = gNext;
    gNext = (gNext + 1) & 3;
    G_VALUE[slot] = gw;
    G26[slot] = gw ** 2.6;
    G13[slot] = gw ** 1.3;
  }
  const g26 = G26[slot] ?? 0;
  const g13 = G13[slot] ?? 0;
  const k = octaveIndex(frequencyHz);
  const f25 = k >= 0 ? (F25[k] ?? 0) : frequencyHz ** 2.5;
  const f15 = k >= 0 ? (F15[k] ?? 0) : frequencyHz ** 1.5;
  const f075 = k >= 0 ? (F075[k] ?? 0) : frequencyHz ** 0.75;
  return (0.0185 * f25 * g26) / (f15 * g26 + 1.3e3 * f075 * g13 + 1.16e6);
}

/** Pure cache of G^2.6, G^1.3 for the last four G of eq. 2.5.17. */
const G_VALUE = new Float64Array(4).fill(Number.NaN);
const G26 = new Float64Array(4);
const G13 = new Float64Array(4);
let gNext = 0;

/** Nominal octave mid-band frequencies 63 Hz … 8 kHz and their powers in eq. 2.5.17. */
const OCTAVES = [63, 125, 250, 500, 1000, 2000, 4000, 8000];
const F25 = Float64Array.from(OCTAVES, (f) => f ** 2.5);
const F15 = Float64Array.from(OCTAVES, (f) => f ** 1.5);
const F075 = Float64Array.from(OCTAVES, (f) => f ** 0.75);

function octaveIndex(frequencyHz: number): number {
  for (let k = 0; k < 8; k++) if (OCTAVES[k] === frequencyHz) return k;
  return -1;
}

/** C_f (eq. 2.5.16), m. */
export function groundCf(dp: number, w: number): number {
  return (dp * (1 + 3 * w * dp * Math.exp(-Math.sqrt(w * dp)))) / (1 + w * dp);
}

/** Terms of one band's ground attenuation, kept for reporting (names of ISO/TR 17534-4). */
export interface GroundTerms {
  aGround: number;
  w: number;
  cf: number;
}

/**
 * A_ground for heights zs, zr (m) over the mean plane, projected distance dp (m) and one band
 * (eq. 2.5.15 homogeneous, 2.5.19 favourable with zs, zr raised per eq. 2.5.20-2.5.21).
 * `gPath` = G_path, `gPrime` = G'_path. Writes into `out`.
 */
export function groundAttenuation(
  frequencyHz: number,
  gPath: number,
  gPrime: number,
  zs: number,
  zr: number,
  dp: number,
  favourable: boolean,
  out: GroundTerms,
): GroundTerms {
  const gw = favourable ? gPath : gPrime;
  const gm = gPrime;
  let aMin = -3 * (1 - gm);
  if (favourable && dp > 30 * (zs + zr)) aMin = -3 * (1 - gm) * (1 + 2 * (1 - (30 * (zs + zr)) / dp));
  const w = groundW(frequencyHz, gw);
  const cf = groundCf(dp, w);
  out.w = w;
  out.cf = cf;
  if (gPath === 0) {
    out.aGround = favourable ? aMin : -3;
    return out;
  }
  let zsE = zs;
  let zrE = zr;
  if (favourable) {
    const sum = zs + zr;
    const dzT = (6e-3 * dp) / sum;
    zsE = zs + A0_CURVATURE * (zs / sum) ** 2 * (dp * dp) / 2 + dzT;
    zrE = zr + A0_CURVATURE * (zr / sum) ** 2 * (dp * dp) / 2 + dzT;
  }
  const k = (2 * Math.PI * frequencyHz) / SOUND_SPEED;
  const q = Math.sqrt((2 * cf) / k);
  const term = ((4 * k * k) / (dp * dp)) * (zsE * zsE - q * zsE + cf / k) * (zrE * zrE - q * zrE + cf / k);
  out.aGround = Math.max(-10 * Math.log10(term), aMin);
  return out;
}

/** 10^(−A_min/10) of the last four A_min (a diffracted path has one per side and condition). */
const MIN_KEY = new Float64Array(4).fill(Number.NaN);
const MIN_TERM = new Float64Array(4);
const minNext = new Uint8Array(1);

function minTerm(aMin: number): number {
  for (let i = 0; i < 4; i++) if (MIN_KEY[i] === aMin) return MIN_TERM[i] ?? 0;
  const k = minNext[0] ?? 0;
  minNext[0] = (k + 1) & 3;
  MIN_KEY[k] = aMin;
  MIN_TERM[k] = 10 ** (-aMin / 10);
  return MIN_TERM[k] ?? 0;
}

/** The band-independent part of one side's ground term (heights, G, A_min) for `groundSideAmplitude`. */
export interface GroundSide {
  /** G_w of eq. 2.5.17 (G′_path homogeneous, G_path favourable). */
  gw: number;
  /** G_path = 0: the amplitude is the floor's. */
  reflective: boolean;
  /** Heights over the mean plane used in eq. 2.5.15 (favourable: raised per eq. 2.5.20-2.5.21), m. */
  zs: number;
  zr: number;
  dp: number;
  /** 10^(−A_min/10) (reflective ground: of −3 dB homogeneous, A_min favourable). */
  floor: number;
}

export function createGroundSide(): GroundSide {
  return { gw: 0, reflective: false, zs: 0, zr: 0, dp: 0, floor: 0 };
}

/** Fills `out` for the arguments of `groundAttenuation` (all but the band). */
export function prepareGroundSide(gPath: number, gPrime: number, zs: number, zr: number, dp: number, favourable: boolean, out: GroundSide): GroundSide {
  const gm = gPrime;
  let aMin = -3 * (1 - gm);
  if (favourable && dp > 30 * (zs + zr)) aMin = -3 * (1 - gm) * (1 + 2 * (1 - (30 * (zs + zr)) / dp));
  out.gw = favourable ? gPath : gPrime;
  out.reflective = gPath === 0;
  out.dp = dp;
  out.floor = minTerm(out.reflective && !favourable ? -3 : aMin);
  out.zs = zs;
  out.zr = zr;
  if (favourable) {
    const sum = zs + zr;
    const dzT = (6e-3 * dp) / sum;
    out.zs = zs + A0_CURVATURE * (zs / sum) ** 2 * (dp * dp) / 2 + dzT;
    out.zr = zr + A0_CURVATURE * (zr / sum) ** 2 * (dp * dp) / 2 + dzT;
  }
  return out;
}

/**
 * The amplitude factor 10^(−A_ground/20) of `groundAttenuation` for one band of a prepared side,
 * computed without a logarithm: A_ground = max(−10 lg τ, A_min) ⇔ 10^(−A_ground/10) = min(τ, 10^(−A_min/10)).
 * What Δground (eq. 2.5.32-2.5.33) needs; for maps, where A_ground itself is not reported.
 */
export function groundSideAmplitude(side: GroundSide, frequencyHz: number): number {
  if (side.reflective) return Math.sqrt(side.floor);
  const dp = side.dp;
  const cf = groundCf(dp, groundW(frequencyHz, side.gw));
  const zs = side.zs;
  const zr = side.zr;
  const k = (2 * Math.PI * frequencyHz) / SOUND_SPEED;
  const q = Math.sqrt((2 * cf) / k);
  const term = ((4 * k * k) / (dp * dp)) * (zs * zs - q * zs + cf / k) * (zr * zr - q * zr + cf / k);
  return Math.sqrt(Math.min(term, side.floor));
}

const scratchSide = createGroundSide();

/** `groundSideAmplitude` of the side the arguments describe (one call; prepare once per path instead). */
export function groundAmplitude(frequencyHz: number, gPath: number, gPrime: number, zs: number, zr: number, dp: number, favourable: boolean): number {
  return groundSideAmplitude(prepareGroundSide(gPath, gPrime, zs, zr, dp, favourable, scratchSide), frequencyHz);
}
