/**
 * Diffraction points of a cut (CNOSSOS-EU, Directive (EU) 2015/996 Annex II §2.5.7 as amended by
 * (EU) 2021/1226, "convex hull"): the upper convex hull of S, the edges, the terrain vertices and
 * R, for the straight ray (homogeneous conditions) and for the curved ray of radius Γ
 * (favourable, eq. 2.5.24); and, when a ray clears everything, the one point that may still
 * diffract by the Rayleigh criterion (eq. 2.5.25-2.5.26, ISO/TR 17534-4 TC27). Abscissa x along
 * the cut from the source, heights z absolute, m. All scratch lives in the `PathWorkspace`.
 */
import type { CutProfile } from './cut-profile';
import { pathDifference, upperHullEdges } from './diffraction';
import { reserveCandidates, type Hull, type PathWorkspace } from './path-workspace';

/**
 * Module-local references to the imported kernels: a direct constant callee the JIT can inline (a
 * call through a module namespace getter, as transpiled ESM does, is not, and then boxes every
 * double argument and result).
 */
const hullEdges = upperHullEdges;
const pathDiff = pathDifference;

/**
 * Edges and terrain vertices strictly between S and R, merged by abscissa into `ws.candX`,
 * `ws.candZ`; returns how many. Forgets the ground-hull flags of the previous path.
 */
export function mergeCandidates(profile: CutProfile, ws: PathWorkspace): number {
  reserveCandidates(ws, profile.edgeCount + profile.groundCount);
  const candX = ws.candX;
  const candZ = ws.candZ;
  const xr = profile.receiverX;
  let n = 0;
  let e = 0;
  let g = 0;
  while (e < profile.edgeCount || g < profile.groundCount) {
    const ex = e < profile.edgeCount ? (profile.edgeX[e] ?? 0) : Number.POSITIVE_INFINITY;
    const gx = g < profile.groundCount ? (profile.groundX[g] ?? 0) : Number.POSITIVE_INFINITY;
    let x: number;
    let z: number;
    if (ex <= gx) {
      x = ex;
      z = profile.edgeZ[e] ?? 0;
      e++;
    } else {
      x = gx;
      z = profile.groundZ[g] ?? 0;
      g++;
    }
    if (x <= 1e-9 || x >= xr - 1e-9) continue;
    candX[n] = x;
    candZ[n] = z;
    n++;
  }
  ws.groundHullMarked = false;
  return n;
}

/**
 * Upper convex hull of the `n` candidates seen from S to R, written to `out`; returns its size.
 * Favourable (`favourable`, radius `ws.gamma`): the ray is an arc of radius Γ above the chord;
 * each candidate is lowered by the arc's rise x(D − x)/(2Γ) so the curved ray becomes straight.
 */
export function hullFor(profile: CutProfile, ws: PathWorkspace, n: number, favourable: boolean, out: Hull): number {
  const candX = ws.candX;
  const candZ = ws.candZ;
  const xr = profile.receiverX;
  let zsUse = candZ;
  if (favourable) {
    const gamma = ws.gamma;
    const curved = ws.candZCurved;
    for (let i = 0; i < n; i++) {
      const x = candX[i] ?? 0;
      curved[i] = (candZ[i] ?? 0) - (x * (xr - x)) / (2 * gamma); // x_S = 0
    }
    zsUse = curved;
  }
  const index = ws.hullIndex;
  const count = hullEdges(0, profile.sourceZ, xr, profile.receiverZ, candX, zsUse, n, index);
  if (out.x.length < count) {
    out.x = new Float64Array(count * 2);
    out.z = new Float64Array(count * 2);
  }
  for (let i = 0; i < count; i++) {
    const k = index[i] ?? 0;
    out.x[i] = candX[k] ?? 0;
    out.z[i] = candZ[k] ?? 0;
  }
  return count;
}

/**
 * Flags (1) the candidates that are vertices of the upper convex hull of the ground profile
 * itself (from the ground under S to the ground under R): the terrain points that may diffract an
 * unblocked ray. Collinear or concave points (flat ground, G changes) are not.
 */
function markGroundHull(profile: CutProfile, ws: PathWorkspace, n: number): void {
  const flags = ws.groundHull;
  flags.fill(0, 0, n);
  const gn = profile.groundCount;
  const index = ws.hullIndex;
  const count = hullEdges(profile.groundX[0] ?? 0, profile.groundZ[0] ?? 0, profile.groundX[gn - 1] ?? 0, profile.groundZ[gn - 1] ?? 0, ws.candX, ws.candZ, n, index);
  // Strictly above the chord between its hull neighbours (not collinear).
  for (let i = 0; i < count; i++) flags[index[i] ?? 0] = 1;
}

/**
 * When the ray S-R (straight, or curved with radius `ws.gamma` when `favourable`) clears every
 * candidate, the candidate of the ground-and-edges hull with the largest (negative) δ of that
 * condition, written as a one-point hull into `out`: the point that may still diffract by the
 * Rayleigh criterion. A favourable ray may clear a point the straight ray hits (δ_F < 0 of eq.
 * 2.5.25, ISO/TR 17534-4 TC27). Returns false when there is none.
 */
export function nearestBelowRay(profile: CutProfile, ws: PathWorkspace, n: number, favourable: boolean, out: Hull): boolean {
  if (!ws.groundHullMarked) {
    markGroundHull(profile, ws, n);
    ws.groundHullMarked = true;
  }
  const gamma = favourable ? ws.gamma : 0;
  const candX = ws.candX;
  const candZ = ws.candZ;
  const flags = ws.groundHull;
  let best = -1;
  let bestDelta = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if (flags[i] !== 1) continue;
    const delta = pathDiff(0, profile.sourceZ, profile.receiverX, profile.receiverZ, candX, candZ, i, i, gamma);
    if (delta > bestDelta) {
      bestDelta = delta;
      best = i;
    }
  }
  if (best < 0) return false;
  out.x[0] = candX[best] ?? 0;
  out.z[0] = candZ[best] ?? 0;
  return true;
}
