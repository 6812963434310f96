/**
 * Diffraction terms of one path (CNOSSOS-EU, Directive (EU) 2015/996 Annex II §2.5.7 as amended
 * by (EU) 2021/1226): the geometry over the hull edges in one condition (side mean planes on the
 * ground with roofs, images S′ and R′, G on each side, path differences δ), the Rayleigh
 * criterion per band, and per band Δdif(S,R), Δdif(S′,R), Δdif(S,R′), the ground attenuation of
 * each side, Δground(S,O), Δground(O,R) and A_dif (eq. 2.5.21-2.5.33); and the unfolded geometry
 * of a lateral path (§2.5.7 lateral diffraction, ISO/TR 17534-4 TC08-TC12). Lengths m, dB.
 * Each function fills all eight bands at once from the `PathWorkspace` (no per-band calls).
 */
import type { CutProfile } from './cut-profile';
import { MAX_DELTA_DIF, deltaDif, deltaDifArguments, pathDifference, planar as planarDistance } from './diffraction';
import {
  SOUND_SPEED,
  groundPathFactor,
  groundPathFactorPrime,
  groundSideAmplitude,
  heightAbovePlane,
  meanPlane,
  mirrorInPlane,
  prepareGroundSide,
  projectionAlongPlane,
  type GroundSide,
  type MeanPlane,
} from './ground-attenuation';
import type { PathAttenuation } from './path-attenuation';
import type { DiffractionGeometry, Hull, LateralPath, PathWorkspace } from './path-workspace';
import { BAND_COUNT, OCTAVE_BANDS_HZ } from './road-coefficient-types';

/**
 * Module-local references to the imported kernels and constants: a direct constant callee the JIT
 * can inline (a call through a module namespace getter, as transpiled ESM does, is not, and then
 * boxes every double argument and result), and no live-binding lookups in hot loops.
 */
const difArguments = deltaDifArguments;
const planar = planarDistance;
const sideAmp = groundSideAmplitude;
const pathDiff = pathDifference;
const BANDS = BAND_COUNT;
const BAND_HZ = Float64Array.from(OCTAVE_BANDS_HZ);
const C_SOUND = SOUND_SPEED;
const DIF_CAP = MAX_DELTA_DIF;

/**
 * Mean plane of the side ground between `ws.planeRange` [from, to] (§2.5.7 side planes) into
 * `ws.sidePlane`, cached for the current path: H and F usually diffract on the same points.
 */
function sideMeanPlane(profile: CutProfile, ws: PathWorkspace): MeanPlane {
  const from = ws.planeRange[0] ?? 0;
  const to = ws.planeRange[1] ?? 0;
  const out = ws.sidePlane;
  for (let i = 0; i < 4; i++) {
    if (ws.planeFrom[i] === from && ws.planeTo[i] === to) {
      out.slope = ws.planeSlope[i] ?? 0;
      out.intercept = ws.planeIntercept[i] ?? 0;
      return out;
    }
  }
  meanPlane(profile.sideGroundX, profile.sideGroundZ, profile.sideGroundCount, out, from, to);
  const k = ws.planeNext;
  ws.planeNext = (k + 1) & 3;
  ws.planeFrom[k] = from;
  ws.planeTo[k] = to;
  ws.planeSlope[k] = out.slope;
  ws.planeIntercept[k] = out.intercept;
  return out;
}

/** Forgets the cached side planes (a new path). */
export function resetSidePlanes(ws: PathWorkspace): void {
  ws.planeFrom.fill(Number.NaN);
  ws.planeTo.fill(Number.NaN);
  ws.planeNext = 0;
}

/**
 * Source side S → first edge O1 over the side plane `ws.sidePlane`: heights, d_p, G_path, G′_path
 * (eq. 2.5.14) and S′ into `g.ends`.
 */
function sourceSide(profile: CutProfile, hull: Hull, ws: PathWorkspace, g: DiffractionGeometry): void {
  const zs = profile.sourceZ;
  const xo1 = hull.x[0] ?? 0;
  const zo1 = hull.z[0] ?? 0;
  const plane = ws.sidePlane;
  g.hS = Math.max(heightAbovePlane(plane, 0, zs), 0);
  g.hO1 = Math.max(heightAbovePlane(plane, xo1, zo1), 0);
  g.dpS = projectionAlongPlane(plane, xo1, zo1) - projectionAlongPlane(plane, 0, zs);
  g.gS = groundPathFactor(profile.sideGroundX, profile.sideGroundG, profile.sideGroundCount, 0, xo1);
  g.gSPrime = groundPathFactorPrime(g.gS, profile.sourceG, g.dpS, g.hS, g.hO1);
  const image = mirrorInPlane(plane, 0, zs, ws.image);
  // S′ starts S′-R and S′-R′.
  g.ends[4] = image[0] ?? 0;
  g.ends[5] = image[1] ?? 0;
  g.ends[12] = image[0] ?? 0;
  g.ends[13] = image[1] ?? 0;
}

/** Receiver side last edge On → R over the side plane `ws.sidePlane`: heights, d_p, G_path and R′ into `g.ends`. */
function receiverSide(profile: CutProfile, hull: Hull, last: number, ws: PathWorkspace, g: DiffractionGeometry): void {
  const xr = profile.receiverX;
  const zr = profile.receiverZ;
  const xon = hull.x[last] ?? 0;
  const zon = hull.z[last] ?? 0;
  const plane = ws.sidePlane;
  g.hOn = Math.max(heightAbovePlane(plane, xon, zon), 0);
  g.hR = Math.max(heightAbovePlane(plane, xr, zr), 0);
  g.dpR = projectionAlongPlane(plane, xr, zr) - projectionAlongPlane(plane, xon, zon);
  g.gR = groundPathFactor(profile.sideGroundX, profile.sideGroundG, profile.sideGroundCount, xon, xr);
  const image = mirrorInPlane(plane, xr, zr, ws.image);
  // R′ ends S-R′ and S′-R′.
  g.ends[10] = image[0] ?? 0;
  g.ends[11] = image[1] ?? 0;
  g.ends[14] = image[0] ?? 0;
  g.ends[15] = image[1] ?? 0;
}

/** The four path differences S-R, S′-R, S-R′, S′-R′ over the hull (eq. 2.5.22-2.5.26) from `g.ends`. */
function pathDifferences(hull: Hull, last: number, favourable: boolean, ws: PathWorkspace, g: DiffractionGeometry): void {
  const gamma = favourable ? ws.gamma : 0;
  const ends = g.ends;
  for (let k = 0; k < 4; k++) {
    const i = 4 * k;
    g.deltas[k] = pathDiff(ends[i] ?? 0, ends[i + 1] ?? 0, ends[i + 2] ?? 0, ends[i + 3] ?? 0, hull.x, hull.z, 0, last, gamma);
  }
  g.deltaSR = g.deltas[0] ?? 0;
  g.deltaSpR = g.deltas[1] ?? 0;
  g.deltaSRp = g.deltas[2] ?? 0;
  g.deltaPrime = g.deltas[3] ?? 0;
}

/** Δdif arguments q per band of S-R, S′-R and S-R′ (eq. 2.5.21-2.5.22, uncapped). */
function difArgumentBands(g: DiffractionGeometry): void {
  for (let k = 0; k < 3; k++) {
    const delta = k === 0 ? g.deltaSR : k === 1 ? g.deltaSpR : g.deltaSRp;
    difArguments(delta, g.e, BAND_HZ, k === 0 ? g.qSR : k === 1 ? g.qSpR : g.qSRp);
  }
}

/** Each side's ground term: S-side with G′ (eq. 2.5.14), R-side with G_path (§2.5.7). */
function prepareSides(g: DiffractionGeometry, favourable: boolean): void {
  prepareGroundSide(g.gS, g.gSPrime, g.hS, g.hO1, g.dpS, favourable, g.sideS);
  prepareGroundSide(g.gR, g.gR, g.hOn, g.hR, g.dpR, favourable, g.sideR);
}

/**
 * Geometry of the path over the `n` hull points in one condition (homogeneous: straight rays;
 * `favourable`: curved rays of radius `ws.gamma`) into `g`: side mean planes on the ground with
 * roofs, images S′ and R′ in them, G on each side, the four path differences and the Δdif
 * arguments per band.
 */
export function diffractionGeometry(profile: CutProfile, hull: Hull, n: number, favourable: boolean, ws: PathWorkspace, g: DiffractionGeometry): DiffractionGeometry {
  const hx = hull.x;
  const hz = hull.z;
  const last = n - 1;
  let e = 0;
  for (let i = 0; i < last; i++) e += planar((hx[i + 1] ?? 0) - (hx[i] ?? 0), (hz[i + 1] ?? 0) - (hz[i] ?? 0));
  g.e = e;
  // S and R start and end the paths that do not use their image.
  const ends = g.ends;
  ends[0] = 0;
  ends[1] = profile.sourceZ;
  ends[2] = profile.receiverX;
  ends[3] = profile.receiverZ;
  ends[6] = profile.receiverX;
  ends[7] = profile.receiverZ;
  ends[8] = 0;
  ends[9] = profile.sourceZ;
  // The side planes are asked for here, so the side functions call no plane fit (small enough
  // for the JIT to inline their double-valued callees).
  ws.planeRange[0] = 0;
  ws.planeRange[1] = hx[0] ?? 0;
  sideMeanPlane(profile, ws);
  sourceSide(profile, hull, ws, g);
  ws.planeRange[0] = hx[last] ?? 0;
  ws.planeRange[1] = profile.receiverX;
  sideMeanPlane(profile, ws);
  receiverSide(profile, hull, last, ws, g);
  pathDifferences(hull, last, favourable, ws, g);
  difArgumentBands(g);
  prepareSides(g, favourable);
  return g;
}

/**
 * Rayleigh criterion (amended §2.5.7, eq. 2.5.21 conditions) per band into `mask`: a point
 * diffracts in a band when δ ≥ 0, or when δ > −λ/20 and δ > λ/4 − δ′ (δ′ between the images S′
 * and R′ in the side mean planes); all 0 when the condition has no diffraction point.
 */
export function rayleighBands(g: DiffractionGeometry, diffracting: boolean, mask: Uint8Array): void {
  for (let b = 0; b < BANDS; b++) {
    const lambda = C_SOUND / (BAND_HZ[b] ?? 0);
    mask[b] = diffracting && (g.deltaSR >= 0 || (g.deltaSR > -lambda / 20 && g.deltaSR > lambda / 4 - g.deltaPrime)) ? 1 : 0;
  }
}

/**
 * `groundSideAmplitude` of `side` (§2.5.6-2.5.7) in the bands where `mask[b] === want`, into
 * `out`; the other bands are left as they are. One call site, so the JIT inlines it.
 */
export function sideAmplitudes(side: GroundSide, mask: Uint8Array, want: number, out: Float64Array): void {
  for (let b = 0; b < BANDS; b++) if (mask[b] === want) out[b] = sideAmp(side, BAND_HZ[b] ?? 0);
}

/**
 * Diffraction terms of the bands flagged in `mask` (§2.5.7): Δdif for S-R, S'-R and S-R', the
 * ground attenuation on each side, Δground(S,O), Δground(O,R) and A_dif, into the H or F fields
 * of `out`; zero in the other bands (the path is not diffracted there). `detail = false` leaves
 * the report-only terms (image-path Δdif, each side's A_ground) NaN.
 */
export function diffractionBands(g: DiffractionGeometry, favourable: boolean, mask: Uint8Array, ws: PathWorkspace, out: PathAttenuation, detail: boolean): void {
  const ampS = ws.ampS;
  const ampR = ws.ampR;
  sideAmplitudes(g.sideS, mask, 1, ampS);
  sideAmplitudes(g.sideR, mask, 1, ampR);
  const dSRField = favourable ? out.DeltaDiffSRF : out.DeltaDiffSRH;
  const dSpRField = favourable ? out.DeltaDiffSPrimeRF : out.DeltaDiffSPrimeRH;
  const dSRpField = favourable ? out.DeltaDiffSRPrimeF : out.DeltaDiffSRPrimeH;
  const aSOField = favourable ? out.AGroundSOF : out.AGroundSOH;
  const aORField = favourable ? out.AGroundORF : out.AGroundORH;
  const dgSOField = favourable ? out.DeltaGroundSOF : out.DeltaGroundSOH;
  const dgORField = favourable ? out.DeltaGroundORF : out.DeltaGroundORH;
  const aDifField = favourable ? out.ADiffF : out.ADiffH;
  for (let b = 0; b < BANDS; b++) {
    if (mask[b] !== 1) {
      dSRField[b] = 0;
      dSpRField[b] = 0;
      dSRpField[b] = 0;
      aSOField[b] = 0;
      aORField[b] = 0;
      dgSOField[b] = 0;
      dgORField[b] = 0;
      aDifField[b] = 0;
      continue;
    }
    // Δdif = 10 lg q; the ground weights 10^(−(Δimage − ΔSR)/20) = √(qSR/qImage) (eq. 2.5.32-2.5.33).
    const qSR = g.qSR[b] ?? 1;
    const qSpR = g.qSpR[b] ?? 1;
    const qSRp = g.qSRp[b] ?? 1;
    const dSR = 10 * Math.log10(qSR);
    const ampSO = ampS[b] ?? 0;
    const ampOR = ampR[b] ?? 0;
    const dgSO = -20 * Math.log10(1 + (ampSO - 1) * Math.sqrt(qSR / qSpR));
    const dgOR = -20 * Math.log10(1 + (ampOR - 1) * Math.sqrt(qSR / qSRp));
    // The 25 dB cap bounds Δdif(S,R) inside A_dif; the ground weights use the uncapped values.
    aDifField[b] = Math.min(dSR, DIF_CAP) + dgSO + dgOR;
    dSRField[b] = dSR;
    dgSOField[b] = dgSO;
    dgORField[b] = dgOR;
    // Reported only: the image-path Δdif and each side's A_ground.
    dSpRField[b] = detail ? 10 * Math.log10(qSpR) : Number.NaN;
    dSRpField[b] = detail ? 10 * Math.log10(qSRp) : Number.NaN;
    aSOField[b] = detail ? -20 * Math.log10(ampSO) : Number.NaN;
    aORField[b] = detail ? -20 * Math.log10(ampOR) : Number.NaN;
  }
}

/**
 * A lateral path unfolded around its vertical edges (§2.5.7 lateral diffraction, ISO/TR 17534-4
 * TC08-TC12) into `out`: its length is the sum of the legs S → edges → R (edge heights on the
 * plane through S and R), δ = length − |SR|, and e the length between the first and last edge
 * (C″ of eq. 2.5.22; 0 for one edge).
 */
export function lateralGeometry(profile: CutProfile, out: LateralPath): LateralPath {
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

/**
 * Lateral diffraction per band (§2.5.7): Δdif(S,R) of the unfolded path, uncapped, into both
 * conditions' DeltaDiffSR, and A_boundary = A_ground of the unfolded path + Δdif.
 */
export function lateralBands(path: LateralPath, out: PathAttenuation): void {
  for (let b = 0; b < BANDS; b++) {
    const dLat = deltaDif(path.delta, BAND_HZ[b] ?? 0, path.e, Number.POSITIVE_INFINITY);
    out.DeltaDiffSRH[b] = dLat;
    out.DeltaDiffSRF[b] = dLat;
    out.ABoundaryH[b] = (out.AGroundH[b] ?? 0) + dLat;
    out.ABoundaryF[b] = (out.AGroundF[b] ?? 0) + dLat;
  }
}
