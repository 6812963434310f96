/**
 * Attenuation along one propagation path (a 2-D cut) per CNOSSOS-EU, Directive (EU) 2015/996
 * Annex II §2.5.5-2.5.8 as amended by (EU) 2021/1226, and ISO/TR 17534-4:2020 (test cases):
 *   L_H = L_W − A_div − A_atm − A_boundary,H − A_refl,   L_F likewise with A_boundary,F,
 *   L   = 10 lg(p 10^(L_F/10) + (1 − p) 10^(L_H/10))      (eq. 2.5.11-2.5.12, 2.5.27).
 * A_boundary = A_ground when the ray S-R clears the convex hull of edges and terrain, else
 * A_dif (§2.5.7). This module combines the terms; the diffraction points are in `path-hull.ts`,
 * the diffraction terms and lateral geometry in `path-diffraction.ts`, A_refl and Δretrodif in
 * `path-reflection.ts`, the reusable scratch in `path-workspace.ts`.
 */
import { octaveAbsorption } from './atmospheric-absorption';
import type { CutProfile } from './cut-profile';
import {
  groundAttenuation,
  groundPathFactor,
  groundPathFactorPrime,
  heightAbovePlane,
  meanPlane,
  prepareGroundSide,
  projectionAlongPlane,
} from './ground-attenuation';
import { diffractionBands, diffractionGeometry, lateralBands, lateralGeometry, rayleighBands, resetSidePlanes, sideAmplitudes } from './path-diffraction';
import { hullFor, mergeCandidates, nearestBelowRay } from './path-hull';
import { retroDiffraction, reflectionAbsorption } from './path-reflection';
import { createPathWorkspace, type PathWorkspace } from './path-workspace';
import { BAND_COUNT, OCTAVE_BANDS_HZ } from './road-coefficient-types';

export { createPathWorkspace, type PathWorkspace } from './path-workspace';

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

/** Module-local copies of imported kernels and constants (inlinable callees, no live-binding lookups). */
const BANDS = BAND_COUNT;
const BAND_HZ = Float64Array.from(OCTAVE_BANDS_HZ);

/** The workspace of callers that pass none (one thread: a worker or the main thread). */
const SHARED_WORKSPACE = createPathWorkspace();

/** Geometric divergence A_div = 20 lg d + 11, dB, d in m (eq. 2.5.3, point source). */
export function geometricDivergence(distanceM: number): number {
  return 20 * Math.log10(distanceM) + 11;
}

/** α per band of `atmosphere` into `ws.alpha` (ISO 9613-1, §2.5.4), recomputed only when it changes. */
function airAbsorption(atmosphere: Atmosphere, ws: PathWorkspace): Float64Array {
  if (atmosphere.temperatureC !== ws.alphaT || atmosphere.humidityPercent !== ws.alphaRh) {
    octaveAbsorption(atmosphere.temperatureC, atmosphere.humidityPercent, ws.alpha);
    ws.alphaT = atmosphere.temperatureC;
    ws.alphaRh = atmosphere.humidityPercent;
  }
  return ws.alpha;
}

/**
 * Whole-path ground geometry (§2.5.6) into `ws`, over the mean plane `ws.plane` of the ground
 * with roofs: heights z_s, z_r over it (≥ 0), projected distance d_p, G_path (eq. 2.5.13) and
 * G′_path (eq. 2.5.14); with `prepare` (maps) also the band-independent ground terms H and F.
 */
function wholePathGround(profile: CutProfile, ws: PathWorkspace, prepare: boolean): void {
  const xr = profile.receiverX;
  const plane = ws.plane;
  ws.zs = Math.max(heightAbovePlane(plane, 0, profile.sourceZ), 0);
  ws.zr = Math.max(heightAbovePlane(plane, xr, profile.receiverZ), 0);
  ws.dp = projectionAlongPlane(plane, xr, profile.receiverZ) - projectionAlongPlane(plane, 0, profile.sourceZ);
  ws.gPath = groundPathFactor(profile.sideGroundX, profile.sideGroundG, profile.sideGroundCount, 0, xr);
  ws.gPrime = groundPathFactorPrime(ws.gPath, profile.sourceG, ws.dp, ws.zs, ws.zr);
  if (prepare) {
    prepareGroundSide(ws.gPath, ws.gPrime, ws.zs, ws.zr, ws.dp, false, ws.wholeH);
    prepareGroundSide(ws.gPath, ws.gPrime, ws.zs, ws.zr, ws.dp, true, ws.wholeF);
  }
}

/**
 * Whole-path A_ground, W and C_f of every band, H (eq. 2.5.15-2.5.18) and F (eq. 2.5.19-2.5.21),
 * into `out` (reports: also in the bands where the path diffracts).
 */
function groundBandsDetail(ws: PathWorkspace, out: PathAttenuation): void {
  const terms = ws.groundTerms;
  for (let b = 0; b < BANDS; b++) {
    const f = BAND_HZ[b] ?? 0;
    groundAttenuation(f, ws.gPath, ws.gPrime, ws.zs, ws.zr, ws.dp, false, terms);
    out.AGroundH[b] = terms.aGround;
    out.WH[b] = terms.w;
    out.CfH[b] = terms.cf;
    groundAttenuation(f, ws.gPath, ws.gPrime, ws.zs, ws.zr, ws.dp, true, terms);
    out.AGroundF[b] = terms.aGround;
    out.WF[b] = terms.w;
    out.CfF[b] = terms.cf;
  }
}

/** Maps: A_ground only in the bands where it bounds the path (not diffracted), from the prepared sides. */
function groundBandsMaps(ws: PathWorkspace, out: PathAttenuation): void {
  sideAmplitudes(ws.wholeH, ws.difH, 0, ws.ampS);
  sideAmplitudes(ws.wholeF, ws.difF, 0, ws.ampR);
  for (let b = 0; b < BANDS; b++) {
    if (ws.difH[b] !== 1) out.AGroundH[b] = -20 * Math.log10(ws.ampS[b] ?? 0);
    if (ws.difF[b] !== 1) out.AGroundF[b] = -20 * Math.log10(ws.ampR[b] ?? 0);
  }
}

/**
 * Fills `out` for `profile`, sound power `lw` per band (dB), occurrence of favourable conditions
 * `p` (0…1). Returns `out`. `detail = false` (maps) skips what only reports: the whole-path ground
 * terms of bands where the path diffracts (AGround, W, C_f keep stale values there) and the
 * combined level L (NaN); LH, LF, A_boundary and the diffraction terms are always computed.
 * `workspace`: the scratch to use (`createPathWorkspace`; default one shared per thread); no
 * result depends on the paths it computed before. Allocates nothing once the workspace has grown
 * to the largest cut.
 */
export function computePathAttenuation(profile: CutProfile, lw: ArrayLike<number>, atmosphere: Atmosphere, p: number, out: PathAttenuation, detail = true, workspace: PathWorkspace = SHARED_WORKSPACE): PathAttenuation {
  const ws = workspace;
  out.supported = true;
  out.reason = '';
  resetSidePlanes(ws);
  const xr = profile.receiverX;
  const dz = profile.receiverZ - profile.sourceZ;
  const d = Math.sqrt(xr * xr + dz * dz);
  out.AlphaAtm.set(airAbsorption(atmosphere, ws));
  meanPlane(profile.sideGroundX, profile.sideGroundZ, profile.sideGroundCount, ws.plane);
  wholePathGround(profile, ws, !detail);

  // A lateral path (around vertical edges) has its own diffraction term; no vertical hull.
  const lateral = profile.kind === 'left' || profile.kind === 'right';
  if (lateral) lateralGeometry(profile, ws.lateral);
  // Diffraction points: the upper convex hull of S, the edges, the terrain vertices and R (§2.5.7).
  const candidates = lateral ? 0 : mergeCandidates(profile, ws);
  ws.gamma = Math.max(1000, 8 * d);
  const countH = lateral ? 0 : hullFor(profile, ws, candidates, false, ws.hullH);
  const countF = lateral ? 0 : hullFor(profile, ws, candidates, true, ws.hullF);
  // Ray not blocked: the point closest to it may still diffract (Rayleigh criterion, per band).
  const diffractingH = !lateral && (countH > 0 || nearestBelowRay(profile, ws, candidates, false, ws.hullH));
  const diffractingF = !lateral && (countF > 0 || nearestBelowRay(profile, ws, candidates, true, ws.hullF));
  if (diffractingH) diffractionGeometry(profile, ws.hullH, Math.max(countH, 1), false, ws, ws.geometryH);
  if (diffractingF) diffractionGeometry(profile, ws.hullF, Math.max(countF, 1), true, ws, ws.geometryF);
  rayleighBands(ws.geometryH, diffractingH, ws.difH);
  rayleighBands(ws.geometryF, diffractingF, ws.difF);
  // A_div uses the direct distance S-R, also for diffracted (ISO/TR 17534-4 TC10) and lateral
  // paths (TC08); A_atm the distance travelled (the chord, or the unfolded lateral path).
  const aDiv = geometricDivergence(lateral ? ws.lateral.direct : d);
  const atmDistance = lateral ? ws.lateral.length : d;

  // The whole-path ground terms of a band the vertical path diffracts in are reported only.
  if (detail) groundBandsDetail(ws, out);
  else groundBandsMaps(ws, out);
  diffractionBands(ws.geometryH, false, ws.difH, ws, out, detail);
  diffractionBands(ws.geometryF, true, ws.difF, ws, out, detail);
  for (let b = 0; b < BANDS; b++) {
    out.ABoundaryH[b] = ws.difH[b] === 1 ? (out.ADiffH[b] ?? 0) : (out.AGroundH[b] ?? 0);
    out.ABoundaryF[b] = ws.difF[b] === 1 ? (out.ADiffF[b] ?? 0) : (out.AGroundF[b] ?? 0);
  }
  // Lateral diffraction: A_boundary = A_ground of the unfolded path + Δdif(S,R), uncapped.
  if (lateral) lateralBands(ws.lateral, out);
  reflectionAbsorption(profile, out.ARefl);
  retroDiffraction(profile, ws.gamma, out.RetroDiffH, out.RetroDiffF);

  for (let b = 0; b < BANDS; b++) {
    out.ADiv[b] = aDiv;
    out.AAtm[b] = ((out.AlphaAtm[b] ?? 0) * atmDistance) / 1000;
    const base = (lw[b] ?? 0) - aDiv - (out.AAtm[b] ?? 0) - (out.ARefl[b] ?? 0);
    const lh = base - (out.ABoundaryH[b] ?? 0) - (out.RetroDiffH[b] ?? 0);
    const lf = base - (out.ABoundaryF[b] ?? 0) - (out.RetroDiffF[b] ?? 0);
    out.LH[b] = lh;
    out.LF[b] = lf;
    out.L[b] = detail ? 10 * Math.log10(p * 10 ** (lf / 10) + (1 - p) * 10 ** (lh / 10)) : Number.NaN;
  }
  return out;
}
