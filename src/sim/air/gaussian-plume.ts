/**
 * Steady-state Gaussian plume from a continuous point source (EPA ISC3 User's Guide Vol. II,
 * EPA-454/B-95-003b, §1.1.1 eq. 1-1; De Visscher 2014, "Air Dispersion Modeling", eq. 2.31):
 *
 *   C = Q·V / (2π·u·σy·σz) · exp(−y² / (2σy²))
 *
 * with the vertical term V for full ground reflection and, when a mixing height L is given,
 * multiple reflections between the ground and the lid (ISC3 eq. 1-50, image sources at ±2nL),
 * switching to a uniformly mixed layer V = √(2π)·σz / L once σz > 1.6·L (ISC3 §1.1.6.1).
 * Units: Q in g/s, u in m/s, lengths in m, C in µg/m³.
 */
import { sigmaY, sigmaZ, type DispersionScheme } from './dispersion-coefficients';
import type { StabilityClass } from './stability-class';

const TWO_PI = 2 * Math.PI;
const SQRT_TWO_PI = Math.sqrt(TWO_PI);

/** ISC3's criterion for a uniformly mixed layer, σz / L (Vol. II §1.1.6.1). */
export const UNIFORM_MIXING_SIGMA_Z_RATIO = 1.6;

/**
 * Vertical term V (m⁰) of eq. 1-1: ground reflection plus, for finite mixingHeightM, the image
 * series; 0 when the plume centre is above the lid (ISC3 sets ground concentrations to zero).
 */
export function verticalTerm(zM: number, effectiveHeightM: number, sigmaZM: number, mixingHeightM = Infinity): number {
  const twoS2 = 2 * sigmaZM * sigmaZM;
  const direct = Math.exp(-((zM - effectiveHeightM) ** 2) / twoS2) + Math.exp(-((zM + effectiveHeightM) ** 2) / twoS2);
  if (!Number.isFinite(mixingHeightM)) return direct;
  if (effectiveHeightM > mixingHeightM || zM > mixingHeightM) return 0;
  if (sigmaZM > UNIFORM_MIXING_SIGMA_Z_RATIO * mixingHeightM) return (SQRT_TWO_PI * sigmaZM) / mixingHeightM;
  let sum = direct;
  for (let n = 1; n <= 50; n++) {
    const up = 2 * n * mixingHeightM;
    const pair =
      Math.exp(-((zM - effectiveHeightM + up) ** 2) / twoS2) + Math.exp(-((zM + effectiveHeightM + up) ** 2) / twoS2) +
      Math.exp(-((zM - effectiveHeightM - up) ** 2) / twoS2) + Math.exp(-((zM + effectiveHeightM - up) ** 2) / twoS2);
    sum += pair;
    if (pair <= 1e-15 * sum) break;
  }
  return sum;
}

/** A point source and its dispersion regime in the plume frame (x downwind, y crosswind). */
export interface PlumeConditions {
  emissionGPerS: number;
  windSpeedMPerS: number;
  /** Stack height + plume rise (m). */
  effectiveHeightM: number;
  stability: StabilityClass;
  scheme: DispersionScheme;
  /** Mixing height (m); Infinity or absent for no lid. */
  mixingHeightM?: number;
}

/**
 * Concentration (µg/m³) at downwind distance xM, crosswind offset yM and height zM (m) in the plume
 * frame; 0 at or upwind of the source (x ≤ 0).
 */
export function plumeConcentrationUgPerM3(p: PlumeConditions, xM: number, yM: number, zM: number): number {
  if (!(xM > 0)) return 0;
  if (!(p.windSpeedMPerS > 0)) throw new Error(`plume: wind speed must be > 0 m/s, got ${p.windSpeedMPerS}`);
  const sy = sigmaY(p.scheme, p.stability, xM);
  const sz = sigmaZ(p.scheme, p.stability, xM);
  const v = verticalTerm(zM, p.effectiveHeightM, sz, p.mixingHeightM ?? Infinity);
  const gPerM3 = ((p.emissionGPerS * v) / (TWO_PI * p.windSpeedMPerS * sy * sz)) * Math.exp(-(yM * yM) / (2 * sy * sy));
  return gPerM3 * 1e6;
}

/**
 * Concentration (µg/m³) at a receptor (x east, y north, z up; m) from a source at (sourceX,
 * sourceY) with the wind blowing FROM windFromDeg (meteorological convention, clockwise from north).
 */
export function pointSourceConcentrationUgPerM3(
  p: PlumeConditions,
  sourceXM: number,
  sourceYM: number,
  windFromDeg: number,
  receptorXM: number,
  receptorYM: number,
  receptorZM: number,
): number {
  const toRad = ((windFromDeg + 180) * Math.PI) / 180;
  const wx = Math.sin(toRad);
  const wy = Math.cos(toRad);
  const dx = receptorXM - sourceXM;
  const dy = receptorYM - sourceYM;
  const downwind = dx * wx + dy * wy;
  const crosswind = -dx * wy + dy * wx;
  return plumeConcentrationUgPerM3(p, downwind, crosswind, receptorZM);
}
