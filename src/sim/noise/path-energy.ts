/**
 * Energetic sum of the propagation paths of one source–receiver pair (CNOSSOS-EU Annex II
 * §2.5.5, eq. 2.5.11-2.5.12 and §2.5.7 lateral paths): a vertical (direct or reflected) path adds
 * p·10^(L_F/10) + (1 − p)·10^(L_H/10); a lateral path adds its homogeneous share from its straight
 * cut and its favourable share from its curved cut (ISO/TR 17534-4 "…_Curved" profiles).
 */
import type { CutProfile } from './cut-profile';
import type { PathAttenuation } from './path-attenuation';
import { BAND_COUNT } from './road-coefficient-types';

/** Adds the energy of one computed path to `energy` (per band, linear, relative to 1 W·10^0). */
export function addPathEnergy(profile: CutProfile, result: PathAttenuation, p: number, energy: Float64Array): Float64Array {
  const lateral = profile.kind === 'left' || profile.kind === 'right';
  const shareH = lateral ? (profile.curved ? 0 : 1 - p) : 1 - p;
  const shareF = lateral ? (profile.curved ? p : 0) : p;
  for (let b = 0; b < BAND_COUNT; b++) {
    energy[b] = (energy[b] ?? 0) + shareF * 10 ** ((result.LF[b] ?? 0) / 10) + shareH * 10 ** ((result.LH[b] ?? 0) / 10);
  }
  return energy;
}

/** Level per band of a summed energy, dB (−Infinity where nothing arrives). */
export function energyToLevel(energy: Float64Array, out: Float64Array): Float64Array {
  for (let b = 0; b < BAND_COUNT; b++) out[b] = 10 * Math.log10(energy[b] ?? 0);
  return out;
}
