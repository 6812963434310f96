/**
 * NO2 from modelled NOx (all concentrations as µg/m³ of NO2 mass unless named ppb).
 *
 * - Ozone-limiting method (Cole & Summerhays 1979; US EPA Appendix W §4.2.3.4 "OLM"): the primary
 *   NO2 fraction f of the road NOx is NO2 at the tailpipe; the rest (NO) is converted to NO2 only as far
 *   as background ozone allows (NO + O3 → NO2 + O2, one mole each):
 *   NO2 = f·NOx + min((1 − f)·NOx, (M_NO2/M_O3)·O3) + NO2_background.
 * - Derwent & Middleton (1996, Clean Air 26(3/4)) empirical annual-mean curve for UK urban sites:
 *   NO2 = 2.166 − NOx·(1.236 − 3.348A + 1.933A² − 0.326A³), A = log10(NOx), in ppb, for total
 *   (road + background) 9 ≤ NOx ≤ 1141 ppb.
 */
import { MOLAR_MASS_G_PER_MOL, ppbToUgPerM3, ugPerM3ToPpb } from './pollutants';

/** Ozone-limited NO2 (µg/m³) from road NOx, its primary NO2 fraction, background O3 and NO2 (µg/m³). */
export function no2OzoneLimitedUgPerM3(roadNoxUgPerM3: number, primaryNo2Fraction: number, backgroundO3UgPerM3: number, backgroundNo2UgPerM3 = 0): number {
  if (!(primaryNo2Fraction >= 0 && primaryNo2Fraction <= 1)) throw new Error(`NO2: primary fraction must be in [0, 1], got ${primaryNo2Fraction}`);
  const primary = primaryNo2Fraction * roadNoxUgPerM3;
  const ozoneLimit = (MOLAR_MASS_G_PER_MOL.NO2 / MOLAR_MASS_G_PER_MOL.O3) * Math.max(0, backgroundO3UgPerM3);
  return primary + Math.min((1 - primaryNo2Fraction) * roadNoxUgPerM3, ozoneLimit) + backgroundNo2UgPerM3;
}

/** Validity range of the Derwent–Middleton curve, total NOx in ppb. */
export const DERWENT_MIDDLETON_NOX_PPB = [9, 1141] as const;

/** Derwent–Middleton NO2 (µg/m³) from total NOx (µg/m³ as NO2); NOx outside the fitted range is clamped to it. */
export function no2DerwentMiddletonUgPerM3(totalNoxUgPerM3: number): number {
  const noxPpb = ugPerM3ToPpb(totalNoxUgPerM3, MOLAR_MASS_G_PER_MOL.NO2);
  if (noxPpb <= 0) return 0;
  const [lo, hi] = DERWENT_MIDDLETON_NOX_PPB;
  const x = Math.min(hi, Math.max(lo, noxPpb));
  const a = Math.log10(x);
  let no2Ppb = 2.166 - x * (1.236 - 3.348 * a + 1.933 * a * a - 0.326 * a * a * a);
  // Below the fitted range scale proportionally; never more NO2 than NOx.
  if (noxPpb < lo) no2Ppb *= noxPpb / lo;
  return ppbToUgPerM3(Math.min(no2Ppb, noxPpb), MOLAR_MASS_G_PER_MOL.NO2);
}

/**
 * Ozone-limited NO2 map (µg/m³) from a road NOx map and the map of primary NO2 (the same dispersion
 * run with the links' primary NO2 emission rates), background O3 and NO2 (µg/m³), into `out`.
 */
export function no2MapOzoneLimited(roadNoxUgPerM3: Float64Array, roadPrimaryNo2UgPerM3: Float64Array, backgroundO3UgPerM3: number, backgroundNo2UgPerM3: number, out = new Float64Array(roadNoxUgPerM3.length)): Float64Array {
  if (roadPrimaryNo2UgPerM3.length !== roadNoxUgPerM3.length) throw new Error('no2MapOzoneLimited: NOx and primary NO2 maps differ in size');
  const ozoneLimit = (MOLAR_MASS_G_PER_MOL.NO2 / MOLAR_MASS_G_PER_MOL.O3) * Math.max(0, backgroundO3UgPerM3);
  for (let r = 0; r < roadNoxUgPerM3.length; r++) {
    const nox = roadNoxUgPerM3[r] as number;
    const primary = Math.min(nox, roadPrimaryNo2UgPerM3[r] as number);
    out[r] = primary + Math.min(nox - primary, ozoneLimit) + backgroundNo2UgPerM3;
  }
  return out;
}

/**
 * Total NO2 (µg/m³) at a receiver from its road NOx and road primary NO2 (µg/m³ as NO2) and the
 * background: the ozone-limiting method when background O3 is known (finite); otherwise the
 * incremental Derwent–Middleton curve, NO2 = NO2_bg + DM(NOx_road + NO2_bg) − DM(NO2_bg), taking
 * the background NO2 as the lower bound of the background NOx (no NO measured), but never less
 * than background plus the road's primary NO2.
 */
export function no2FromRoadNoxUgPerM3(roadNoxUgPerM3: number, roadPrimaryNo2UgPerM3: number, backgroundNo2UgPerM3: number, backgroundO3UgPerM3: number): number {
  const nox = Math.max(0, roadNoxUgPerM3);
  const primary = Math.min(nox, Math.max(0, roadPrimaryNo2UgPerM3));
  if (Number.isFinite(backgroundO3UgPerM3)) {
    const ozoneLimit = (MOLAR_MASS_G_PER_MOL.NO2 / MOLAR_MASS_G_PER_MOL.O3) * Math.max(0, backgroundO3UgPerM3);
    return primary + Math.min(nox - primary, ozoneLimit) + backgroundNo2UgPerM3;
  }
  const bg = Math.max(0, backgroundNo2UgPerM3);
  const increment = no2DerwentMiddletonUgPerM3(nox + bg) - no2DerwentMiddletonUgPerM3(bg);
  return bg + Math.min(nox, Math.max(primary, increment));
}
