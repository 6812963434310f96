/**
 * Reflection terms of one path (CNOSSOS-EU, Directive (EU) 2015/996 Annex II §2.5.8 as amended by
 * (EU) 2021/1226, with ISO/TR 17534-4:2020 §5.15): the absorption of each reflecting wall,
 * A_refl = −10 lg(1 − α) per band, and the retro-diffraction Δretrodif of a wall of finite height
 * (eq. 2.5.36-2.5.37), both summed over the path's reflections. dB; lengths m.
 */
import { arcLength, planar as planarDistance } from './diffraction';
import type { CutProfile } from './cut-profile';
import { SOUND_SPEED } from './ground-attenuation';
import { BAND_COUNT, OCTAVE_BANDS_HZ } from './road-coefficient-types';

/** Module-local copies (direct callee the JIT can inline, no live-binding lookups in hot loops). */
const arc = arcLength;
const planar = planarDistance;
const BANDS = BAND_COUNT;
const BAND_HZ = Float64Array.from(OCTAVE_BANDS_HZ);
const C_SOUND = SOUND_SPEED;

/** A_refl per band into `out`: −10 lg(1 − α_b) summed over the profile's reflecting walls, dB. */
export function reflectionAbsorption(profile: CutProfile, out: Float64Array): Float64Array {
  out.fill(0);
  const walls = profile.reflectionAlpha;
  for (let i = 0; i < walls.length; i++) {
    const alpha = walls[i];
    if (alpha === undefined) continue;
    for (let b = 0; b < BANDS; b++) out[b] = (out[b] ?? 0) + -10 * Math.log10(1 - (alpha[b] ?? 0));
  }
  return out;
}

/**
 * Retro-diffraction of the profile's reflections per band, homogeneous into `outH` and favourable
 * (arcs of radius `gamma`, m) into `outF`, dB: the reflecting obstacle's top P limits the
 * reflection like an edge seen from below, Δretrodif = 10 lg(3 + 40 δ′/λ) when 40 δ′/λ ≥ −2,
 * else 0, with δ′ = SR − SP − PR (eq. 2.5.36-2.5.37). Summed over the reflections; 0 for a
 * profile without obstacle heights (`reflectionX`/`reflectionTopZ` absent or empty, or a NaN entry).
 */
export function retroDiffraction(profile: CutProfile, gamma: number, outH: Float64Array, outF: Float64Array): void {
  outH.fill(0);
  outF.fill(0);
  const xs = profile.reflectionX;
  const tops = profile.reflectionTopZ;
  if (xs === undefined || tops === undefined || xs.length === 0) return;
  const zs = profile.sourceZ;
  const xr = profile.receiverX;
  const zr = profile.receiverZ;
  const sr = planar(xr, zr - zs);
  for (let i = 0; i < xs.length; i++) {
    const px = xs[i] ?? Number.NaN;
    const pz = tops[i] ?? Number.NaN;
    if (!Number.isFinite(px) || !Number.isFinite(pz)) continue;
    const sp = planar(px, pz - zs);
    const pr = planar(xr - px, zr - pz);
    const deltaH = sr - sp - pr;
    const deltaF = arc(sr, gamma) - arc(sp, gamma) - arc(pr, gamma);
    for (let b = 0; b < BANDS; b++) {
      const lambda = C_SOUND / (BAND_HZ[b] ?? 0);
      const argH = (40 / lambda) * deltaH;
      if (argH >= -2) outH[b] = (outH[b] ?? 0) + 10 * Math.log10(3 + argH);
      const argF = (40 / lambda) * deltaF;
      if (argF >= -2) outF[b] = (outF[b] ?? 0) + 10 * Math.log10(3 + argF);
    }
  }
}
