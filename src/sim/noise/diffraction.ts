/**
 * CNOSSOS-EU diffraction (Directive (EU) 2015/996 Annex II §2.5.7, as amended by (EU) 2021/1226):
 * path difference δ over the upper convex hull of the edges (eq. 2.5.22-2.5.23), favourable
 * curved rays with Γ = max(1000, 8 d) (eq. 2.5.24-2.5.26), Δdif (eq. 2.5.21), and the ground
 * terms Δground(S,O), Δground(O,R) (eq. 2.5.32-2.5.33). Lengths m, λ m.
 */
import { SOUND_SPEED } from './ground-attenuation';

/** √(dx² + dy²), m: Math.hypot without its overflow guard, several times faster in V8. */
export function planar(dx: number, dy: number): number {
  return Math.sqrt(dx * dx + dy * dy);
}

/** Module-local copy of the speed of sound (no live-binding lookup in hot loops). */
const C_SOUND = SOUND_SPEED;

/** Largest Δdif, dB (§2.5.7). */
export const MAX_DELTA_DIF = 25;

/**
 * Δdif = 10 C_h lg(3 + 40 C'' δ / λ) when 40 C'' δ / λ ≥ −2, else 0; capped at 25 dB (eq. 2.5.21).
 * `e` is the distance between the first and last edge (multiple diffraction, C'' of eq. 2.5.22),
 * 0 for a single edge. The cap applies to Δdif(S,R) only; the image-path terms Δdif(S',R) and
 * Δdif(S,R') that weigh the ground effect are used uncapped (`cap = Infinity`), as the ISO/TR
 * 17534-4 results show.
 */
export function deltaDif(delta: number, frequencyHz: number, e: number, cap = MAX_DELTA_DIF): number {
  const lambda = C_SOUND / frequencyHz;
  let c2 = 1;
  if (e > 0) {
    const r = (5 * lambda) / e;
    c2 = (1 + r * r) / (1 / 3 + r * r);
  }
  const arg = (40 / lambda) * c2 * delta;
  if (arg < -2) return 0;
  return Math.min(10 * Math.log10(3 + arg), cap);
}

/**
 * The argument q = 3 + 40 C″ δ/λ of Δdif = 10 lg q (eq. 2.5.21), or 1 where Δdif = 0
 * (40 C″ δ/λ < −2), uncapped: ratios of Δdif terms, 10^(−(Δ1 − Δ2)/20) = √(q2/q1), need no power.
 */
export function deltaDifArgument(delta: number, frequencyHz: number, e: number): number {
  const lambda = C_SOUND / frequencyHz;
  let c2 = 1;
  if (e > 0) {
    const r = (5 * lambda) / e;
    c2 = (1 + r * r) / (1 / 3 + r * r);
  }
  const arg = (40 / lambda) * c2 * delta;
  return arg < -2 ? 1 : 3 + arg;
}

/**
 * `deltaDifArgument` for the eight octave bands at once, into `out` (band-vectorised for maps: one
 * call per path instead of one per band). `bandHz` the band frequencies.
 */
export function deltaDifArguments(delta: number, e: number, bandHz: Float64Array, out: Float64Array): Float64Array {
  for (let b = 0; b < bandHz.length; b++) out[b] = deltaDifArgument(delta, bandHz[b] ?? 1, e);
  return out;
}

/** Arc length of a ray of curvature radius Γ between two points at chord `chord`, m (eq. 2.5.24). */
export function arcLength(chord: number, gamma: number): number {
  return 2 * gamma * Math.asin(Math.min(chord / (2 * gamma), 1));
}

/**
 * Path difference over the edges (x_i, z_i), i in [first, last], from (xs, zs) to (xr, zr).
 * Homogeneous (gamma = 0): straight segments. Favourable (gamma > 0): the first and last legs and
 * the direct ray are arcs of radius Γ; legs between edges stay straight. A single edge above the
 * straight ray S-R gives the detour (eq. 2.5.22 / 2.5.25; in favourable conditions negative when
 * the edge is still below the curved ray); one below it a negative δ (eq. 2.5.22 / 2.5.26).
 */
export function pathDifference(
  xs: number,
  zs: number,
  xr: number,
  zr: number,
  edgeX: Float64Array,
  edgeZ: Float64Array,
  first: number,
  last: number,
  gamma: number,
): number {
  const x0 = edgeX[first] ?? 0;
  const z0 = edgeZ[first] ?? 0;
  const x1 = edgeX[last] ?? 0;
  const z1 = edgeZ[last] ?? 0;
  let between = 0;
  for (let i = first; i < last; i++) between += planar((edgeX[i + 1] ?? 0) - (edgeX[i] ?? 0), (edgeZ[i + 1] ?? 0) - (edgeZ[i] ?? 0));
  const so = planar(x0 - xs, z0 - zs);
  const or = planar(xr - x1, zr - z1);
  const sr = planar(xr - xs, zr - zs);
  const detour = gamma <= 0 ? so + between + or - sr : arcLength(so, gamma) + between + arcLength(or, gamma) - arcLength(sr, gamma);
  if (first !== last) return detour;
  // One edge O: is it above the straight line S-R (Figure 2.5.c-e)?
  const t = xr !== xs ? (x0 - xs) / (xr - xs) : 0;
  const zChord = zs + t * (zr - zs);
  if (z0 >= zChord) return detour;
  // Below it: homogeneous δ = −(SO + OR − SR) (eq. 2.5.22); favourable
  // δ_F = 2 SA + 2 AR − SO − OR − SR with A the point of S-R above O (eq. 2.5.26).
  if (gamma <= 0) return -detour;
  const sa = planar(x0 - xs, zChord - zs);
  const ar = planar(xr - x0, zr - zChord);
  return 2 * arcLength(sa, gamma) + 2 * arcLength(ar, gamma) - arcLength(so, gamma) - arcLength(or, gamma) - arcLength(sr, gamma);
}

/**
 * Δground(S,O) or Δground(O,R), dB (eq. 2.5.32-2.5.33): the ground attenuation `aGround` of that
 * side weighted by how much the image source (S') or image receiver (R') changes Δdif.
 */
export function deltaGround(aGround: number, deltaDifImage: number, deltaDifDirect: number): number {
  return -20 * Math.log10(1 + (10 ** (-aGround / 20) - 1) * 10 ** (-(deltaDifImage - deltaDifDirect) / 20));
}

/** S (x, z) and R (x, z) of the current hull. */
const ends = new Float64Array(4);

/**
 * Indices (into edgeX/edgeZ) of the edges on the upper convex hull of S, the edges and R, written
 * to `out`; returns how many. Edges below the hull do not diffract (§2.5.7, "convex hull").
 */
export function upperHullEdges(xs: number, zs: number, xr: number, zr: number, edgeX: Float64Array, edgeZ: Float64Array, count: number, out: Int32Array): number {
  // Monotone chain over S, edges (sorted by x already), R; stack holds edge indices, −1 = S.
  // S and R are read from a typed scratch like the edges, so every coordinate stays an unboxed
  // double in optimised code (a mix of argument and array values would box each one).
  ends[0] = xs;
  ends[1] = zs;
  ends[2] = xr;
  ends[3] = zr;
  let top = 0;
  const stack = out;
  stack[top++] = -1;
  for (let i = 0; i <= count; i++) {
    const isR = i === count;
    const x = isR ? (ends[2] ?? 0) : (edgeX[i] ?? 0);
    const z = isR ? (ends[3] ?? 0) : (edgeZ[i] ?? 0);
    while (top >= 2) {
      const a = stack[top - 2] ?? -1;
      const b = stack[top - 1] ?? -1;
      const ax = a < 0 ? (ends[0] ?? 0) : (edgeX[a] ?? 0);
      const az = a < 0 ? (ends[1] ?? 0) : (edgeZ[a] ?? 0);
      const bx = b < 0 ? (ends[0] ?? 0) : (edgeX[b] ?? 0);
      const bz = b < 0 ? (ends[1] ?? 0) : (edgeZ[b] ?? 0);
      const cross = (bx - ax) * (z - az) - (bz - az) * (x - ax);
      if (cross >= 0) top--;
      else break;
    }
    if (!isR) stack[top++] = i;
  }
  // Drop S at the bottom of the stack.
  for (let i = 1; i < top; i++) stack[i - 1] = stack[i] ?? 0;
  return top - 1;
}
