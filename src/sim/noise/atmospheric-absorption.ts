/**
 * Atmospheric absorption coefficient per ISO 9613-1:1993 §6 (eq. 3-5, Annex B for the saturation
 * pressure), as required by CNOSSOS-EU (Directive (EU) 2015/996 Annex II §2.5.4: A_atm = α·d/1000).
 */
import { BAND_COUNT } from './road-coefficient-types';

/** Reference ambient pressure p_r, kPa (ISO 9613-1 §5). */
export const REFERENCE_PRESSURE_KPA = 101.325;
const T0 = 293.15; // reference air temperature, K
const T01 = 273.16; // triple-point isotherm temperature, K

/**
 * Pure-tone absorption coefficient α, dB/km, at frequency `frequencyHz`, air temperature °C,
 * relative humidity % and pressure kPa (ISO 9613-1 eq. 5).
 */
export function absorptionCoefficientDbPerKm(frequencyHz: number, temperatureC: number, humidityPercent: number, pressureKpa = REFERENCE_PRESSURE_KPA): number {
  const t = temperatureC + 273.15;
  const pRel = pressureKpa / REFERENCE_PRESSURE_KPA;
  const c = -6.8346 * (T01 / t) ** 1.261 + 4.6151;
  const h = (humidityPercent * 10 ** c) / pRel; // molar concentration of water vapour, %
  const frO = pRel * (24 + (4.04e4 * h * (0.02 + h)) / (0.391 + h));
  const frN = pRel * (t / T0) ** -0.5 * (9 + 280 * h * Math.exp(-4.17 * ((t / T0) ** (-1 / 3) - 1)));
  const f2 = frequencyHz * frequencyHz;
  const alpha =
    8.686 *
    f2 *
    (1.84e-11 / pRel * Math.sqrt(t / T0) +
      (t / T0) ** -2.5 * ((0.01275 * Math.exp(-2239.1 / t)) / (frO + f2 / frO) + (0.1068 * Math.exp(-3352 / t)) / (frN + f2 / frN)));
  return alpha * 1000;
}

/**
 * Exact mid-band frequency of octave band `band` (0 = 63 Hz … 7 = 8 kHz), Hz: 1000·10^(3(b−4)/10)
 * (IEC 61260-1 base-ten series; ISO 9613-1 §8.2.1 evaluates α at the exact mid-band frequency).
 */
export function exactMidbandHz(band: number): number {
  return 1000 * 10 ** ((3 * (band - 4)) / 10);
}

/** α for the 8 CNOSSOS octave bands (63 Hz … 8 kHz, exact mid-band frequencies), dB/km, into `out`. */
export function octaveAbsorption(temperatureC: number, humidityPercent: number, out: Float64Array, pressureKpa = REFERENCE_PRESSURE_KPA): Float64Array {
  for (let b = 0; b < BAND_COUNT; b++) out[b] = absorptionCoefficientDbPerKm(exactMidbandHz(b), temperatureC, humidityPercent, pressureKpa);
  return out;
}
