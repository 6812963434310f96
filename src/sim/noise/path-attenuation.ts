/**
 * Attenuation along one propagation path (a 2-D cut) per CNOSSOS-EU, Directive (EU) 2015/996
 * Annex II §2.5.5-2.5.7 as amended by (EU) 2021/1226, and ISO/TR 17534-4:2020 (test cases):
 *   L_H = L_W − A_div − A_atm − A_boundary,H − A_refl,   L_F likewise with A_boundary,F,
 *   L   = 10 lg(p 10^(L_F/10) + (1 − p) 10^(L_H/10))      (eq. 2.5.11-2.5.12, 2.5.27).
 * This covers paths whose line of sight is clear of the ground and of edges (A_boundary = A_ground);
 * paths with diffraction edges or terrain above the ray are reported as unsupported
 * (`supported = false`). Not yet modelled: diffraction by terrain just below the ray (ISO/TR
 * 17534-4 TC06/TC17 switch to A_dif in some bands).
 */
import { octaveAbsorption } from './atmospheric-absorption';
import type { CutProfile } from './cut-profile';
import {
  groundAttenuation,
  groundPathFactor,
  groundPathFactorPrime,
  heightAbovePlane,
  meanPlane,
  projectionAlongPlane,
  type GroundTerms,
  type MeanPlane,
} from './ground-attenuation';
import { BAND_COUNT, OCTAVE_BANDS_HZ } from './road-coefficient-types';

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
  /** Reflection attenuation −10 lg(1 − α) summed over the path's reflections. */
  ARefl: Float64Array;
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
    ARefl: f(),
    LH: f(),
    LF: f(),
    L: f(),
  };
}

const scratchPlane: MeanPlane = { slope: 0, intercept: 0 };
const scratchGround: GroundTerms = { aGround: 0, w: 0, cf: 0 };

/** Geometric divergence A_div = 20 lg d + 11, dB, d in m (eq. 2.5.3, point source). */
export function geometricDivergence(distanceM: number): number {
  return 20 * Math.log10(distanceM) + 11;
}

/**
 * Largest signed path difference δ (m) of the ground vertices strictly between source and receiver
 * relative to the straight ray S-R (eq. 2.5.22: positive above the ray, negative below).
 */
export function terrainPathDifference(profile: CutProfile): number {
  const xr = profile.receiverX;
  const zs = profile.sourceZ;
  const dz = profile.receiverZ - zs;
  const sr = Math.hypot(xr, dz);
  let best = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < profile.groundCount; i++) {
    const x = profile.groundX[i] ?? 0;
    if (x <= 1e-9 || x >= xr - 1e-9) continue;
    const z = profile.groundZ[i] ?? 0;
    const detour = Math.hypot(x, z - zs) + Math.hypot(xr - x, profile.receiverZ - z) - sr;
    const above = z > zs + (dz * x) / xr;
    const delta = above ? detour : -detour;
    if (delta > best) best = delta;
  }
  return best;
}

/**
 * Fills `out` for `profile`, sound power `lw` per band (dB), occurrence of favourable conditions
 * `p` (0…1). Returns `out`.
 */
export function computePathAttenuation(profile: CutProfile, lw: ArrayLike<number>, atmosphere: Atmosphere, p: number, out: PathAttenuation): PathAttenuation {
  out.supported = true;
  out.reason = '';
  const xr = profile.receiverX;
  const dz = profile.receiverZ - profile.sourceZ;
  const d = Math.sqrt(xr * xr + dz * dz);
  octaveAbsorption(atmosphere.temperatureC, atmosphere.humidityPercent, out.AlphaAtm);
  const aDiv = geometricDivergence(d);

  // Mean plane and heights over it (§2.5.6).
  const plane = meanPlane(profile.groundX, profile.groundZ, profile.groundCount, scratchPlane);
  const zs = Math.max(heightAbovePlane(plane, 0, profile.sourceZ), 0);
  const zr = Math.max(heightAbovePlane(plane, xr, profile.receiverZ), 0);
  const dp = projectionAlongPlane(plane, xr, profile.receiverZ) - projectionAlongPlane(plane, 0, profile.sourceZ);
  const gPath = groundPathFactor(profile.groundX, profile.groundG, profile.groundCount, 0, xr);
  const gPrime = groundPathFactorPrime(gPath, profile.sourceG, dp, zs, zr);

  if (profile.edgeCount > 0) {
    out.supported = false;
    out.reason = `${profile.edgeCount} diffraction edge(s): diffraction (§2.5.7) not implemented yet`;
  } else {
    const delta = terrainPathDifference(profile);
    if (delta > 0) {
      out.supported = false;
      out.reason = `terrain blocks the line of sight (path difference ${delta.toFixed(3)} m): diffraction over terrain (§2.5.7) not implemented yet`;
    }
  }

  for (let b = 0; b < BAND_COUNT; b++) {
    const f = OCTAVE_BANDS_HZ[b] ?? 0;
    out.ADiv[b] = aDiv;
    out.AAtm[b] = ((out.AlphaAtm[b] ?? 0) * d) / 1000;
    groundAttenuation(f, gPath, gPrime, zs, zr, dp, false, scratchGround);
    out.AGroundH[b] = scratchGround.aGround;
    out.WH[b] = scratchGround.w;
    out.CfH[b] = scratchGround.cf;
    groundAttenuation(f, gPath, gPrime, zs, zr, dp, true, scratchGround);
    out.AGroundF[b] = scratchGround.aGround;
    out.WF[b] = scratchGround.w;
    out.CfF[b] = scratchGround.cf;
    out.ABoundaryH[b] = out.AGroundH[b] ?? 0;
    out.ABoundaryF[b] = out.AGroundF[b] ?? 0;
    let aRefl = 0;
    for (const alpha of profile.reflectionAlpha) aRefl += -10 * Math.log10(1 - (alpha[b] ?? 0));
    out.ARefl[b] = aRefl;
    const base = (lw[b] ?? 0) - aDiv - (out.AAtm[b] ?? 0) - aRefl;
    const lh = base - (out.ABoundaryH[b] ?? 0);
    const lf = base - (out.ABoundaryF[b] ?? 0);
    out.LH[b] = lh;
    out.LF[b] = lf;
    out.L[b] = 10 * Math.log10(p * 10 ** (lf / 10) + (1 - p) * 10 ** (lh / 10));
  }
  return out;
}
