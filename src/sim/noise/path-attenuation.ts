/**
 * Attenuation along one propagation path (a 2-D cut) per CNOSSOS-EU, Directive (EU) 2015/996
 * Annex II §2.5.5-2.5.7 as amended by (EU) 2021/1226, and ISO/TR 17534-4:2020 (test cases):
 *   L_H = L_W − A_div − A_atm − A_boundary,H − A_refl,   L_F likewise with A_boundary,F,
 *   L   = 10 lg(p 10^(L_F/10) + (1 − p) 10^(L_H/10))      (eq. 2.5.11-2.5.12, 2.5.27).
 * A_boundary = A_ground when the ray S-R clears the convex hull of edges and terrain, else
 * A_dif (§2.5.7). Not yet modelled: diffraction by terrain just below the ray (ISO/TR 17534-4
 * TC06/TC17 switch to A_dif in some bands), lateral and reflected paths' own rules beyond the
 * reflection absorption.
 */
import { octaveAbsorption } from './atmospheric-absorption';
import type { CutProfile } from './cut-profile';
import {
  createGroundSide,
  groundSideAmplitude,
  prepareGroundSide,
  type GroundSide,
  groundAttenuation,
  groundPathFactor,
  groundPathFactorPrime,
  heightAbovePlane,
  meanPlane,
  mirrorInPlane,
  SOUND_SPEED,
  projectionAlongPlane,
  type GroundTerms,
  type MeanPlane,
} from './ground-attenuation';
import { BAND_COUNT, OCTAVE_BANDS_HZ } from './road-coefficient-types';
import { MAX_DELTA_DIF, arcLength, deltaDif, deltaDifArguments, pathDifference, upperHullEdges } from './diffraction';

/** √(dx² + dy²), m: Math.hypot without its overflow guard, several times faster in V8. */
function planar(dx: number, dy: number): number {
  return Math.sqrt(dx * dx + dy * dy);
}

export interface Atmosphere {
  temperatureC: number;
  humidityPercent: number;
}

/** Per-band results of one path, named as in ISO/TR 17534-4 / the reference file. */
export interface PathAttenuation {
  supported: boolean;
  /** Why the path is not computed when `supported` is false. */
  reason: string;
  ADiv: Float64Array;
  AlphaAtm: Float64Array;
  AAtm: Float64Array;
  AGroundH: Float64Array;
  AGroundF: Float64Array;
  WH: Float64Array;
  WF: Float64Array;
  CfH: Float64Array;
  CfF: Float64Array;
  ABoundaryH: Float64Array;
  ABoundaryF: Float64Array;
  /** Diffraction terms (§2.5.7), 0 where the path is not diffracted; H = homogeneous, F = favourable. */
  DeltaDiffSRH: Float64Array;
  DeltaDiffSRF: Float64Array;
  DeltaDiffSPrimeRH: Float64Array;
  DeltaDiffSPrimeRF: Float64Array;
  DeltaDiffSRPrimeH: Float64Array;
  DeltaDiffSRPrimeF: Float64Array;
  AGroundSOH: Float64Array;
  AGroundSOF: Float64Array;
  AGroundORH: Float64Array;
  AGroundORF: Float64Array;
  DeltaGroundSOH: Float64Array;
  DeltaGroundSOF: Float64Array;
  DeltaGroundORH: Float64Array;
  DeltaGroundORF: Float64Array;
  ADiffH: Float64Array;
  ADiffF: Float64Array;
  /** Reflection attenuation −10 lg(1 − α) summed over the path's reflections. */
  ARefl: Float64Array;
  /** Retro-diffraction Δretrodif of reflections on walls of finite height, H and F (§2.5.8), dB. */
  RetroDiffH: Float64Array;
  RetroDiffF: Float64Array;
  LH: Float64Array;
  LF: Float64Array;
  L: Float64Array;
}

export function createPathAttenuation(): PathAttenuation {
  const f = (): Float64Array => new Float64Array(BAND_COUNT);
  return {
    supported: true,
    reason: '',
    ADiv: f(),
    AlphaAtm: f(),
    AAtm: f(),
    AGroundH: f(),
    AGroundF: f(),
    WH: f(),
    WF: f(),
    CfH: f(),
    CfF: f(),
    ABoundaryH: f(),
    ABoundaryF: f(),
    DeltaDiffSRH: f(),
    DeltaDiffSRF: f(),
    DeltaDiffSPrimeRH: f(),
    DeltaDiffSPrimeRF: f(),
    DeltaDiffSRPrimeH: f(),
    DeltaDiffSRPrimeF: f(),
    AGroundSOH: f(),
    AGroundSOF: f(),
    AGroundORH: f(),
    AGroundORF: f(),
    DeltaGroundSOH: f(),
    DeltaGroundSOF: f(),
    DeltaGroundORH: f(),
    DeltaGroundORF: f(),
    ADiffH: f(),
    ADiffF: f(),
    ARefl: f(),
    RetroDiffH: f(),
    RetroDiffF: f(),
    LH: f(),
    LF: f(),
    L: f(),
  };
}

/**
 * Module-local references to the imported kernels called per band: a direct constant callee the
 * JIT can inline (a call through a module namespace getter, as transpiled ESM does, is not, and
 * then boxes every double argument and result).
 */
const difArguments = deltaDifArguments;
const sideAmp = groundSideAmplitude;
const hullEdges = upperHullEdges;
const pathDiff = pathDifference;

/** Module-local copies of imported constants read in hot loops (no live-binding lookups). */
const BANDS = BAND_COUNT;
const BAND_HZ = Float64Array.from(OCTAVE_BANDS_HZ);
const C_SOUND = SOUND_SPEED;
const DIF_CAP = MAX_DELTA_DIF;

/** α per band of the last atmosphere seen (the same for every path of a map). */
const cachedAlpha = new Float64Array(BAND_COUNT);
let cachedT = Number.NaN;
let cachedRh = Number.NaN;
const scratchPlane: MeanPlane = { slope: 0, intercept: 0 };
const sidePlane: MeanPlane = { slope: 0, intercept: 0 };
const scratchImage = new Float64Array(2);
let scratchHull = new Int32Array(64);
let candZCurved = new Float64Array(64);

/** Diffraction points of one propagation condition, ordered from the source. */
interface Hull {
  x: Float64Array;
  z: Float64Array;
}
const hullH: Hull = { x: new Float64Array(64), z: new Float64Array(64) };
const hullF: Hull = { x: new Float64Array(64), z: new Float64Array(64) };

/**
 * Upper convex hull of the candidates seen from S to R, written to `out`; returns its size.
 * gamma > 0: favourable conditions, where the ray is an arc of radius Γ above the chord; each
 * candidate is lowered by the arc's rise x(D − x)/(2Γ) so the curved ray becomes straight.
 */
function hullFor(xs: number, zs: number, xr: number, zr: number, n: number, gamma: number, out: Hull): number {
  if (scratchHull.length < n + 2) scratchHull = new Int32Array(n * 2 + 2);
  if (candZCurved.length < n) candZCurved = new Float64Array(n * 2);
  let zsUse = candZ;
  if (gamma > 0) {
    for (let i = 0; i < n; i++) {
      const x = candX[i] ?? 0;
      candZCurved[i] = (candZ[i] ?? 0) - ((x - xs) * (xr - x)) / (2 * gamma);
    }
    zsUse = candZCurved;
  }
  const count = hullEdges(xs, zs, xr, zr, candX, zsUse, n, scratchHull);
  if (out.x.length < count) {
    out.x = new Float64Array(count * 2);
    out.z = new Float64Array(count * 2);
  }
  for (let i = 0; i < count; i++) {
    const k = scratchHull[i] ?? 0;
    out.x[i] = candX[k] ?? 0;
    out.z[i] = candZ[k] ?? 0;
  }
  return count;
}

let candX = new Float64Array(64);
let candZ = new Float64Array(64);

/** Edges and terrain vertices strictly between S and R, merged by abscissa into candX/candZ. */
function mergeCandidates(profile: CutProfile, xr: number): number {
  const need = profile.edgeCount + profile.groundCount;
  if (candX.length < need) {
    candX = new Float64Array(need * 2);
    candZ = new Float64Array(need * 2);
  }
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
  groundHullMarked = false;
  return n;
}

let candHullOfGround = new Uint8Array(64);
/** Whether `candHullOfGround` describes the current candidates (marked on first need). */
let groundHullMarked = false;

/**
 * Flags (1) the candidates that are vertices of the upper convex hull of the ground profile
 * itself (from the ground under S to the ground under R): the terrain points that may diffract an
 * unblocked ray. Collinear or concave points (flat ground, G changes) are not.
 */
function markGroundHull(profile: CutProfile, n: number): void {
  if (candHullOfGround.length < n) candHullOfGround = new Uint8Array(n * 2);
  candHullOfGround.fill(0, 0, n);
  const gn = profile.groundCount;
  const x0 = profile.groundX[0] ?? 0;
  const z0 = profile.groundZ[0] ?? 0;
  const x1 = profile.groundX[gn - 1] ?? 0;
  const z1 = profile.groundZ[gn - 1] ?? 0;
  if (scratchHull.length < n + 2) scratchHull = new Int32Array(n * 2 + 2);
  const count = hullEdges(x0, z0, x1, z1, candX, candZ, n, scratchHull);
  for (let i = 0; i < count; i++) {
    const k = scratchHull[i] ?? 0;
    // Strictly above the chord between its hull neighbours (not collinear).
    candHullOfGround[k] = 1;
  }
}

/**
 * When the ray S-R (straight, gamma = 0, or curved with radius gamma) clears every candidate, the
 * candidate of the ground-and-edges hull with the largest (negative) δ of that condition, written
 * as a one-point hull into `out`: the point that may still diffract by the Rayleigh criterion.
 * A favourable ray may clear a point the straight ray hits (δ_F < 0 of eq. 2.5.25, ISO/TR
 * 17534-4 TC27). Returns false when there is none.
 */
function nearestBelowRay(profile: CutProfile, n: number, gamma: number, out: Hull): boolean {
  if (!groundHullMarked) {
    markGroundHull(profile, n);
    groundHullMarked = true;
  }
  let best = -1;
  let bestDelta = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if (candHullOfGround[i] !== 1) continue;
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

/**
 * Rayleigh criterion (amended §2.5.7, eq. 2.5.21 conditions): a point diffracts in a band when
 * δ ≥ 0, or when δ > −λ/20 and δ > λ/4 − δ′ (δ′ between the images S′ and R′ in the side mean
 * planes). Evaluated per condition with that condition's δ, δ′ (curved rays in favourable).
 */
function rayleighCriterion(g: DiffractionGeometry, lambda: number): boolean {
  return g.deltaSR >= 0 || (g.deltaSR > -lambda / 20 && g.deltaSR > lambda / 4 - g.deltaPrime);
}

/** Zeroes the diffraction terms of band b in one condition (the path is not diffracted there). */
function clearDiffraction(out: PathAttenuation, favourable: boolean, b: number): void {
  if (favourable) {
    out.DeltaDiffSRF[b] = 0;
    out.DeltaDiffSPrimeRF[b] = 0;
    out.DeltaDiffSRPrimeF[b] = 0;
    out.AGroundSOF[b] = 0;
    out.AGroundORF[b] = 0;
    out.DeltaGroundSOF[b] = 0;
    out.DeltaGroundORF[b] = 0;
    out.ADiffF[b] = 0;
  } else {
    out.DeltaDiffSRH[b] = 0;
    out.DeltaDiffSPrimeRH[b] = 0;
    out.DeltaDiffSRPrimeH[b] = 0;
    out.AGroundSOH[b] = 0;
    out.AGroundORH[b] = 0;
    out.DeltaGroundSOH[b] = 0;
    out.DeltaGroundORH[b] = 0;
    out.ADiffH[b] = 0;
  }
}

/**
 * Mean plane of the side ground between `from` and `to` (§2.5.7 side planes), cached for the
 * current path: H and F usually diffract on the same points, and δ′ needs the same planes.
 */
const planeCacheFrom = new Float64Array(4).fill(Number.NaN);
const planeCacheTo = new Float64Array(4).fill(Number.NaN);
const planeCacheSlope = new Float64Array(4);
const planeCacheIntercept = new Float64Array(4);
let planeCacheNext = 0;

function sideMeanPlane(profile: CutProfile, from: number, to: number, out: MeanPlane): MeanPlane {
  for (let i = 0; i < 4; i++) {
    if (planeCacheFrom[i] === from && planeCacheTo[i] === to) {
      out.slope = planeCacheSlope[i] ?? 0;
      out.intercept = planeCacheIntercept[i] ?? 0;
      return out;
    }
  }
  meanPlane(profile.sideGroundX, profile.sideGroundZ, profile.sideGroundCount, out, from, to);
  const k = planeCacheNext;
  planeCacheNext = (planeCacheNext + 1) & 3;
  planeCacheFrom[k] = from;
  planeCacheTo[k] = to;
  planeCacheSlope[k] = out.slope;
  planeCacheIntercept[k] = out.intercept;
  return out;
}

/** Forgets the cached side planes (a new path). */
function resetPlaneCache(): void {
  planeCacheFrom.fill(Number.NaN);
  planeCacheTo.fill(Number.NaN);
}

/** Band-independent geometry of a diffracted path in one condition (§2.5.7). */
interface DiffractionGeometry {
  /** Distance between the first and last edge, m (C'' of eq. 2.5.22). */
  e: number;
  /** Source side S → first edge: heights over its mean plane, projected length, G_path, G'_path. */
  hS: number;
  hO1: number;
  dpS: number;
  gS: number;
  gSPrime: number;
  /** Receiver side last edge → R (G'_path = G_path). */
  hOn: number;
  hR: number;
  dpR: number;
  gR: number;
  /** Δdif arguments q (`deltaDifArgument`) of S-R, S′-R and S-R′ per band. */
  qSR: Float64Array;
  qSpR: Float64Array;
  qSRp: Float64Array;
  /** Band-independent ground terms of each side in this condition (`prepareGroundSide`). */
  sideS: GroundSide;
  sideR: GroundSide;
  /** Path differences S-R, S'-R, S-R' and S'-R' (δ′ of the Rayleigh criterion), m. */
  deltaSR: number;
  deltaSpR: number;
  deltaSRp: number;
  deltaPrime: number;
}

function createGeometry(): DiffractionGeometry {
  return { e: 0, hS: 0, hO1: 0, dpS: 0, gS: 0, gSPrime: 0, hOn: 0, hR: 0, dpR: 0, gR: 0, deltaSR: 0, deltaSpR: 0, deltaSRp: 0, deltaPrime: 0, qSR: new Float64Array(BAND_COUNT), qSpR: new Float64Array(BAND_COUNT), qSRp: new Float64Array(BAND_COUNT), sideS: createGroundSide(), sideR: createGroundSide() };
}
const geometryH = createGeometry();
const geometryF = createGeometry();

/**
 * Geometry of the path over the hull edges in one condition (gamma = 0: homogeneous, straight
 * rays; gamma = Γ: favourable, curved rays): side mean planes on the ground with roofs, images S′
 * and R′ in them, G on each side, and the three path differences.
 */
function diffractionGeometry(profile: CutProfile, hx: Float64Array, hz: Float64Array, n: number, gamma: number, g: DiffractionGeometry): DiffractionGeometry {
  const zs = profile.sourceZ;
  const xr = profile.receiverX;
  const zr = profile.receiverZ;
  const last = n - 1;
  let e = 0;
  for (let i = 0; i < last; i++) e += planar((hx[i + 1] ?? 0) - (hx[i] ?? 0), (hz[i + 1] ?? 0) - (hz[i] ?? 0));
  g.e = e;
  const xo1 = hx[0] ?? 0;
  const zo1 = hz[0] ?? 0;
  const xon = hx[last] ?? 0;
  const zon = hz[last] ?? 0;

  sideMeanPlane(profile, 0, xo1, sidePlane);
  g.hS = Math.max(heightAbovePlane(sidePlane, 0, zs), 0);
  g.hO1 = Math.max(heightAbovePlane(sidePlane, xo1, zo1), 0);
  g.dpS = projectionAlongPlane(sidePlane, xo1, zo1) - projectionAlongPlane(sidePlane, 0, zs);
  g.gS = groundPathFactor(profile.sideGroundX, profile.sideGroundG, profile.sideGroundCount, 0, xo1);
  g.gSPrime = groundPathFactorPrime(g.gS, profile.sourceG, g.dpS, g.hS, g.hO1);
  mirrorInPlane(sidePlane, 0, zs, scratchImage);
  const xsImg = scratchImage[0] ?? 0;
  const zsImg = scratchImage[1] ?? 0;

  sideMeanPlane(profile, xon, xr, sidePlane);
  g.hOn = Math.max(heightAbovePlane(sidePlane, xon, zon), 0);
  g.hR = Math.max(heightAbovePlane(sidePlane, xr, zr), 0);
  g.dpR = projectionAlongPlane(sidePlane, xr, zr) - projectionAlongPlane(sidePlane, xon, zon);
  g.gR = groundPathFactor(profile.sideGroundX, profile.sideGroundG, profile.sideGroundCount, xon, xr);
  mirrorInPlane(sidePlane, xr, zr, scratchImage);
  const xrImg = scratchImage[0] ?? 0;
  const zrImg = scratchImage[1] ?? 0;

  g.deltaSR = pathDiff(0, zs, xr, zr, hx, hz, 0, last, gamma);
  g.deltaSpR = pathDiff(xsImg, zsImg, xr, zr, hx, hz, 0, last, gamma);
  g.deltaSRp = pathDiff(0, zs, xrImg, zrImg, hx, hz, 0, last, gamma);
  g.deltaPrime = pathDiff(xsImg, zsImg, xrImg, zrImg, hx, hz, 0, last, gamma);
  difArguments(g.deltaSR, g.e, BAND_HZ, g.qSR);
  difArguments(g.deltaSpR, g.e, BAND_HZ, g.qSpR);
  difArguments(g.deltaSRp, g.e, BAND_HZ, g.qSRp);
  // Each side's ground term: S-side with G′ (eq. 2.5.14), R-side with G_path (§2.5.7).
  const favourable = gamma > 0;
  prepareGroundSide(g.gS, g.gSPrime, g.hS, g.hO1, g.dpS, favourable, g.sideS);
  prepareGroundSide(g.gR, g.gR, g.hOn, g.hR, g.dpR, favourable, g.sideR);
  return g;
}

/**
 * Diffraction terms of band `b` (§2.5.7): Δdif for S-R, S'-R and S-R', the ground attenuation on
 * each side, Δground(S,O), Δground(O,R) and A_dif, into the H or F fields of `out`.
 */
function diffractionTerms(g: DiffractionGeometry, favourable: boolean, b: number, out: PathAttenuation, detail: boolean): void {
  const f = BAND_HZ[b] ?? 0;
  // Δdif = 10 lg q; the ground weights 10^(−(Δimage − ΔSR)/20) = √(qSR/qImage) (eq. 2.5.32-2.5.33).
  const qSR = g.qSR[b] ?? 1;
  const qSpR = g.qSpR[b] ?? 1;
  const qSRp = g.qSRp[b] ?? 1;
  const dSR = 10 * Math.log10(qSR);
  const ampSO = sideAmp(g.sideS, f);
  const ampOR = sideAmp(g.sideR, f);
  const dgSO = -20 * Math.log10(1 + (ampSO - 1) * Math.sqrt(qSR / qSpR));
  const dgOR = -20 * Math.log10(1 + (ampOR - 1) * Math.sqrt(qSR / qSRp));
  // The 25 dB cap bounds Δdif(S,R) inside A_dif; the ground weights use the uncapped values.
  const aDif = Math.min(dSR, DIF_CAP) + dgSO + dgOR;
  // Reported only: the image-path Δdif and each side's A_ground.
  const dSpR = detail ? 10 * Math.log10(qSpR) : Number.NaN;
  const dSRp = detail ? 10 * Math.log10(qSRp) : Number.NaN;
  const aSO = detail ? -20 * Math.log10(ampSO) : Number.NaN;
  const aOR = detail ? -20 * Math.log10(ampOR) : Number.NaN;
  if (favourable) {
    out.DeltaDiffSRF[b] = dSR;
    out.DeltaDiffSPrimeRF[b] = dSpR;
    out.DeltaDiffSRPrimeF[b] = dSRp;
    out.AGroundSOF[b] = aSO;
    out.AGroundORF[b] = aOR;
    out.DeltaGroundSOF[b] = dgSO;
    out.DeltaGroundORF[b] = dgOR;
    out.ADiffF[b] = aDif;
  } else {
    out.DeltaDiffSRH[b] = dSR;
    out.DeltaDiffSPrimeRH[b] = dSpR;
    out.DeltaDiffSRPrimeH[b] = dSRp;
    out.AGroundSOH[b] = aSO;
    out.AGroundORH[b] = aOR;
    out.DeltaGroundSOH[b] = dgSO;
    out.DeltaGroundORH[b] = dgOR;
    out.ADiffH[b] = aDif;
  }
}

const scratchGround: GroundTerms = { aGround: 0, w: 0, cf: 0 };
/** The whole path's ground terms, H and F, prepared once per path (maps). */
const wholeH = createGroundSide();
const wholeF = createGroundSide();

/**
 * Retro-diffraction of the profile's reflections, dB (amended §2.5.8, eq. 2.5.36-2.5.37, with
 * ISO/TR 17534-4 §5.15): the reflecting obstacle's top P limits the reflection like an edge seen
 * from below, Δretrodif = 10 lg(3 + 40 δ′/λ) when 40 δ′/λ ≥ −2, else 0, with
 * δ′ = SR − SP − PR (homogeneous; arcs of radius Γ in favourable conditions, gamma > 0).
 * Summed over the reflections; 0 for a profile without obstacle heights.
 */
function retroDiffraction(profile: CutProfile, gamma: number, lambda: number): number {
  const xs = profile.reflectionX;
  const tops = profile.reflectionTopZ;
  if (xs === undefined || tops === undefined) return 0;
  const zs = profile.sourceZ;
  const xr = profile.receiverX;
  const zr = profile.receiverZ;
  const sr = planar(xr, zr - zs);
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    const px = xs[i] ?? Number.NaN;
    const pz = tops[i] ?? Number.NaN;
    if (!Number.isFinite(px) || !Number.isFinite(pz)) continue;
    const sp = planar(px, pz - zs);
    const pr = planar(xr - px, zr - pz);
    const deltaPrime = gamma > 0 ? arcLength(sr, gamma) - arcLength(sp, gamma) - arcLength(pr, gamma) : sr - sp - pr;
    const arg = (40 / lambda) * deltaPrime;
    if (arg >= -2) sum += 10 * Math.log10(3 + arg);
  }
  return sum;
}

/** Geometry of a lateral path: length, direct distance, δ and e (first to last edge), m. */
interface LateralPath {
  length: number;
  direct: number;
  delta: number;
  e: number;
}
const lateralPath: LateralPath = { length: 0, direct: 0, delta: 0, e: 0 };

/**
 * A lateral path unfolded around its vertical edges (§2.5.7 lateral diffraction, ISO/TR 17534-4
 * TC08-TC12): its length is the sum of the legs S → edges → R (edge heights on the plane through
 * S and R), δ = length − |SR|, and e the length between the first and last edge (C″ of eq. 2.5.22;
 * 0 for one edge).
 */
function lateralGeometry(profile: CutProfile, out: LateralPath): LateralPath {
  let x = 0;
  let z = profile.sourceZ;
  let length = 0;
  let e = 0;
  for (let i = 0; i < profile.edgeCount; i++) {
    const ex = profile.edgeX[i] ?? 0;
    const ez = profile.edgeZ[i] ?? 0;
    const leg = planar(ex - x, ez - z);
    length += leg;
    if (i > 0) e += leg;
    x = ex;
    z = ez;
  }
  length += planar(profile.receiverX - x, profile.receiverZ - z);
  out.length = length;
  out.direct = profile.directDistance ?? planar(profile.receiverX, profile.receiverZ - profile.sourceZ);
  out.delta = length - out.direct;
  out.e = e;
  return out;
}

/** Geometric divergence A_div = 20 lg d + 11, dB, d in m (eq. 2.5.3, point source). */
export function geometricDivergence(distanceM: number): number {
  return 20 * Math.log10(distanceM) + 11;
}

/**
 * Fills `out` for `profile`, sound power `lw` per band (dB), occurrence of favourable conditions
 * `p` (0…1). Returns `out`. `detail = false` (maps) skips what only reports: the whole-path ground
 * terms of bands where the path diffracts (AGround, W, C_f keep stale values there) and the
 * combined level L (NaN); LH, LF, A_boundary and the diffraction terms are always computed.
 */
export function computePathAttenuation(profile: CutProfile, lw: ArrayLike<number>, atmosphere: Atmosphere, p: number, out: PathAttenuation, detail = true): PathAttenuation {
  out.supported = true;
  out.reason = '';
  resetPlaneCache();
  const xr = profile.receiverX;
  const dz = profile.receiverZ - profile.sourceZ;
  const d = Math.sqrt(xr * xr + dz * dz);
  if (atmosphere.temperatureC !== cachedT || atmosphere.humidityPercent !== cachedRh) {
    octaveAbsorption(atmosphere.temperatureC, atmosphere.humidityPercent, cachedAlpha);
    cachedT = atmosphere.temperatureC;
    cachedRh = atmosphere.humidityPercent;
  }
  out.AlphaAtm.set(cachedAlpha);

  // Mean plane and heights over it (§2.5.6).
  const plane = meanPlane(profile.sideGroundX, profile.sideGroundZ, profile.sideGroundCount, scratchPlane);
  const zs = Math.max(heightAbovePlane(plane, 0, profile.sourceZ), 0);
  const zr = Math.max(heightAbovePlane(plane, xr, profile.receiverZ), 0);
  const dp = projectionAlongPlane(plane, xr, profile.receiverZ) - projectionAlongPlane(plane, 0, profile.sourceZ);
  const gPath = groundPathFactor(profile.sideGroundX, profile.sideGroundG, profile.sideGroundCount, 0, xr);
  const gPrime = groundPathFactorPrime(gPath, profile.sourceG, dp, zs, zr);

  // A lateral path (around vertical edges) has its own diffraction term; no vertical hull.
  const lateral = profile.kind === 'left' || profile.kind === 'right';
  if (lateral) lateralGeometry(profile, lateralPath);
  // Diffraction points: the upper convex hull of S, the edges, the terrain vertices and R (§2.5.7).
  const candidates = lateral ? 0 : mergeCandidates(profile, xr);
  const gamma = Math.max(1000, 8 * d);
  const countH = lateral ? 0 : hullFor(0, profile.sourceZ, xr, profile.receiverZ, candidates, 0, hullH);
  const countF = lateral ? 0 : hullFor(0, profile.sourceZ, xr, profile.receiverZ, candidates, gamma, hullF);
  // Ray not blocked: the point closest to it may still diffract (Rayleigh criterion, per band).
  const diffractingH = !lateral && (countH > 0 || nearestBelowRay(profile, candidates, 0, hullH));
  const diffractingF = !lateral && (countF > 0 || nearestBelowRay(profile, candidates, gamma, hullF));
  if (diffractingH) diffractionGeometry(profile, hullH.x, hullH.z, Math.max(countH, 1), 0, geometryH);
  if (diffractingF) diffractionGeometry(profile, hullF.x, hullF.z, Math.max(countF, 1), gamma, geometryF);
  // A_div uses the direct distance S-R, also for diffracted (ISO/TR 17534-4 TC10) and lateral
  // paths (TC08); A_atm the distance travelled (the chord, or the unfolded lateral path).
  const aDiv = geometricDivergence(lateral ? lateralPath.direct : d);
  const atmDistance = lateral ? lateralPath.length : d;
  const hasRetro = profile.reflectionX !== undefined && profile.reflectionX.length > 0;
  if (!detail) {
    prepareGroundSide(gPath, gPrime, zs, zr, dp, false, wholeH);
    prepareGroundSide(gPath, gPrime, zs, zr, dp, true, wholeF);
  }

  for (let b = 0; b < BANDS; b++) {
    const f = BAND_HZ[b] ?? 0;
    out.ADiv[b] = aDiv;
    out.AAtm[b] = ((out.AlphaAtm[b] ?? 0) * atmDistance) / 1000;
    const lambda = C_SOUND / f;
    const difH = diffractingH && rayleighCriterion(geometryH, lambda);
    const difF = diffractingF && rayleighCriterion(geometryF, lambda);
    // The whole-path ground terms of a band the vertical path diffracts in are reported only.
    if (detail) {
      groundAttenuation(f, gPath, gPrime, zs, zr, dp, false, scratchGround);
      out.AGroundH[b] = scratchGround.aGround;
      out.WH[b] = scratchGround.w;
      out.CfH[b] = scratchGround.cf;
      groundAttenuation(f, gPath, gPrime, zs, zr, dp, true, scratchGround);
      out.AGroundF[b] = scratchGround.aGround;
      out.WF[b] = scratchGround.w;
      out.CfF[b] = scratchGround.cf;
    } else {
      // Maps: A_ground only where it bounds the path, from the side prepared once per path.
      if (!difH) out.AGroundH[b] = -20 * Math.log10(sideAmp(wholeH, f));
      if (!difF) out.AGroundF[b] = -20 * Math.log10(sideAmp(wholeF, f));
    }
    if (difH) diffractionTerms(geometryH, false, b, out, detail);
    else clearDiffraction(out, false, b);
    if (difF) diffractionTerms(geometryF, true, b, out, detail);
    else clearDiffraction(out, true, b);
    out.ABoundaryH[b] = difH ? (out.ADiffH[b] ?? 0) : (out.AGroundH[b] ?? 0);
    out.ABoundaryF[b] = difF ? (out.ADiffF[b] ?? 0) : (out.AGroundF[b] ?? 0);
    if (lateral) {
      // Lateral diffraction: A_boundary = A_ground of the unfolded path + Δdif(S,R), uncapped.
      const dLat = deltaDif(lateralPath.delta, f, lateralPath.e, Number.POSITIVE_INFINITY);
      out.DeltaDiffSRH[b] = dLat;
      out.DeltaDiffSRF[b] = dLat;
      out.ABoundaryH[b] = (out.AGroundH[b] ?? 0) + dLat;
      out.ABoundaryF[b] = (out.AGroundF[b] ?? 0) + dLat;
    }
    let aRefl = 0;
    for (const alpha of profile.reflectionAlpha) aRefl += -10 * Math.log10(1 - (alpha[b] ?? 0));
    out.ARefl[b] = aRefl;
    const retroH = hasRetro ? retroDiffraction(profile, 0, lambda) : 0;
    const retroF = hasRetro ? retroDiffraction(profile, gamma, lambda) : 0;
    out.RetroDiffH[b] = retroH;
    out.RetroDiffF[b] = retroF;
    const base = (lw[b] ?? 0) - aDiv - (out.AAtm[b] ?? 0) - aRefl;
    const lh = base - (out.ABoundaryH[b] ?? 0) - retroH;
    const lf = base - (out.ABoundaryF[b] ?? 0) - retroF;
    out.LH[b] = lh;
    out.LF[b] = lf;
    out.L[b] = detail ? 10 * Math.log10(p * 10 ** (lf / 10) + (1 - p) * 10 ** (lh / 10)) : Number.NaN;
  }
  return out;
}
