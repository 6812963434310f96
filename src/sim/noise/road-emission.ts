/**
 * CNOSSOS-EU road traffic source emission: directional sound power per metre of source line Lw'
 * per octave band, Directive (EU) 2015/996 Annex II §2.2.2 (eq. 2.2.1 … 2.2.20), as amended by
 * Delegated Directive (EU) 2021/1226 (coefficient set '2020' and the speed factor on the category 1
 * uphill gradient correction).
 */
import {
  BAND_COUNT,
  OCTAVE_BANDS_HZ,
  VEHICLE_CATEGORIES,
  type RoadCoefficientSet,
  type VehicleCategory,
} from './road-coefficient-types';

/** Reference speed v_ref, km/h (§2.2.2). */
export const REFERENCE_SPEED_KMH = 70;
/** Lowest speed the method accepts; lower speeds are raised to it (§2.2.2), km/h. */
export const MIN_SPEED_KMH = 20;
/** Reference air temperature τ_ref, °C (eq. 2.2.15). */
export const REFERENCE_TEMPERATURE_C = 20;
/** Gradient bound of the method, % (eq. 2.2.16: min(12 %; s)). */
export const MAX_GRADIENT_PERCENT = 12;

/** Junction type for eq. 2.2.17-2.2.18: 1 = crossing with traffic lights, 2 = roundabout, 0 = none. */
export type JunctionType = 0 | 1 | 2;

/**
 * Direction handling of a road's gradient: 'forward' = all traffic in the digitised direction
 * (slope as given), 'reverse' = all traffic against it (slope negated), 'both' = half the flow of
 * each category uphill and half downhill (§2.2.2); 'both-noisemodelling' reproduces NoiseModelling's
 * `way = 3` (see `roadLineEmission`), which the reference cases `…withSlope_*` were computed with.
 */
export type TrafficDirection = 'forward' | 'reverse' | 'both' | 'both-noisemodelling';

export interface RoadEmissionInput {
  /** Mean speed per category, km/h. */
  speedKmh: Readonly<Record<VehicleCategory, number>>;
  /** Hourly flow per category, vehicles/h. */
  flowPerHour: Readonly<Record<VehicleCategory, number>>;
  /** Air temperature τ, °C. */
  temperatureC: number;
  /** Road surface id (key of `coefficients.surfaces`, e.g. 'NL01', 'DEF'). */
  surface: string;
  /** Studded tyres: months per year they are fitted (T_s) and share of category 1 fitted (p_m, 0…1). */
  studdedMonths: number;
  studdedShare: number;
  /** Distance to the nearest junction x, m, and its type. */
  junctionDistanceM: number;
  junctionType: JunctionType;
  /** Road gradient s, % (positive uphill in the digitised direction). */
  slopePercent: number;
  /** Clamp s to [−12, 12] % before use (the formulas clamp it again through min(12 %; ·)). */
  clampSlope: boolean;
  direction: TrafficDirection;
}

/** Energetic sum of levels, dB. */
export function sumDb(a: number, b: number): number {
  return 10 * Math.log10(10 ** (a / 10) + 10 ** (b / 10));
}

/** Band index 0…7 of an octave centre frequency; throws for any other frequency. */
export function bandIndex(frequencyHz: number): number {
  const i = (OCTAVE_BANDS_HZ as readonly number[]).indexOf(frequencyHz);
  if (i < 0) throw new Error(`frequency ${frequencyHz} Hz is not a CNOSSOS octave band (${OCTAVE_BANDS_HZ.join(', ')})`);
  return i;
}

/**
 * Gradient correction of propulsion noise ΔL_WP,grad,m, dB (eq. 2.2.13-2.2.16). `s` in %, speed
 * km/h. The category 1 uphill term carries the factor v/100, as in the JRC CNOSSOS reference
 * program (reference case T02 checks it) and in the amended text; the same in both coefficient sets.
 */
export function gradientCorrection(category: VehicleCategory, slopePercent: number, speedKmh: number): number {
  const s = slopePercent;
  switch (category) {
    case '1':
      if (s < -6) return Math.min(MAX_GRADIENT_PERCENT, -s) - 6;
      if (s <= 2) return 0;
      return ((Math.min(MAX_GRADIENT_PERCENT, s) - 2) / 1.5) * (speedKmh / 100);
    case '2':
      if (s < -4) return ((Math.min(MAX_GRADIENT_PERCENT, -s) - 4) / 0.7) * ((speedKmh - 20) / 100);
      if (s <= 0) return 0;
      return (Math.min(MAX_GRADIENT_PERCENT, s) / 1) * (speedKmh / 100);
    case '3':
      if (s < -4) return ((Math.min(MAX_GRADIENT_PERCENT, -s) - 4) / 0.5) * ((speedKmh - 10) / 100);
      if (s <= 0) return 0;
      return (Math.min(MAX_GRADIENT_PERCENT, s) / 0.8) * (speedKmh / 100);
    default:
      return 0;
  }
}

/** Temperature coefficient K of rolling noise, dB/°C (eq. 2.2.15): 0.08 light, 0.04 heavy, 0 two-wheelers. */
function temperatureCoefficient(category: VehicleCategory): number {
  if (category === '1') return 0.08;
  if (category === '2' || category === '3') return 0.04;
  return 0;
}

/** Rolling and propulsion sound power of one vehicle, dB (eq. 2.2.4-2.2.6), written by `vehicleNoiseParts`. */
export interface VehicleNoiseParts {
  rolling: number;
  propulsion: number;
  /** Gradient correction included in `propulsion`, dB (eq. 2.2.16). */
  gradient: number;
}

/**
 * Rolling and propulsion sound power of one vehicle of `category`, dB, for one band (index 0…7)
 * and one gradient `slopePercent` (eq. 2.2.4-2.2.20). Speed is raised to 20 km/h first. Categories
 * 4a and 4b have propulsion noise only (eq. 2.2.3): their `rolling` is −Infinity.
 */
export function vehicleNoiseParts(
  set: RoadCoefficientSet,
  category: VehicleCategory,
  band: number,
  speedKmh: number,
  slopePercent: number,
  input: RoadEmissionInput,
  out: VehicleNoiseParts,
): VehicleNoiseParts {
  const v = Math.max(speedKmh, MIN_SPEED_KMH);
  const veh = set.vehicles[category];
  const surface = set.surfaces[input.surface];
  if (surface === undefined) throw new Error(`road surface '${input.surface}' is not in coefficient set ${set.id}`);
  const road = surface.categories[category];
  if (road === undefined) throw new Error(`road surface '${input.surface}' has no coefficients for category ${category}`);
  const alpha = road.alpha[band] ?? 0;
  const lgV = Math.log10(v / REFERENCE_SPEED_KMH);
  const heavyOrLight = category === '1' || category === '2' || category === '3';

  // Eq. 2.2.4 rolling, 2.2.6 propulsion.
  let rolling = (veh.ar[band] ?? Number.NaN) + (veh.br[band] ?? Number.NaN) * lgV;
  let propulsion = (veh.ap[band] ?? Number.NaN) + ((veh.bp[band] ?? Number.NaN) * (v - REFERENCE_SPEED_KMH)) / REFERENCE_SPEED_KMH;

  // Road surface (eq. 2.2.19-2.2.20): rolling α + β lg(v/vref); propulsion min(α; 0).
  rolling += alpha + road.beta * lgV;
  propulsion += Math.min(alpha, 0);

  // Studded tyres, category 1 (eq. 2.2.7-2.2.9): Δstud with the speed held in [50, 90] km/h.
  if (category === '1' && veh.studA !== undefined && veh.studB !== undefined && input.studdedShare > 0 && input.studdedMonths > 0) {
    const vStud = Math.min(Math.max(v, 50), 90);
    const dStud = (veh.studA[band] ?? 0) + (veh.studB[band] ?? 0) * Math.log10(vStud / REFERENCE_SPEED_KMH);
    const ps = (input.studdedShare * input.studdedMonths) / 12;
    rolling += 10 * Math.log10(1 - ps + ps * 10 ** (dStud / 10));
  }

  // Acceleration / deceleration near junctions (eq. 2.2.17-2.2.18).
  if (input.junctionType !== 0) {
    const c = input.junctionType === 1 ? veh.trafficLights : veh.roundabout;
    const factor = Math.max(1 - Math.abs(input.junctionDistanceM) / 100, 0);
    rolling += c.cr * factor;
    propulsion += c.cp * factor;
  }

  // Air temperature (eq. 2.2.10-2.2.11), on rolling noise.
  rolling += temperatureCoefficient(category) * (REFERENCE_TEMPERATURE_C - input.temperatureC);
  // Road gradient (eq. 2.2.13-2.2.16), on propulsion noise.
  const gradient = gradientCorrection(category, slopePercent, v);
  propulsion += gradient;

  out.rolling = heavyOrLight ? rolling : Number.NEGATIVE_INFINITY;
  out.propulsion = propulsion;
  out.gradient = gradient;
  return out;
}

const scratchForward: VehicleNoiseParts = { rolling: 0, propulsion: 0, gradient: 0 };
const scratchReverse: VehicleNoiseParts = { rolling: 0, propulsion: 0, gradient: 0 };

/** Energy of Lw' for flow q (veh/h) at speed v of a vehicle of level lw dB: 10^(Lw'/10), eq. 2.2.1. */
function lineEnergy(lw: number, flow: number, speedKmh: number): number {
  if (flow <= 0) return 0;
  return 10 ** (lw / 10) * (flow / (1000 * speedKmh));
}

/**
 * Lw' of the whole traffic in one band, summed over categories 1, 2, 3, 4a, 4b, dB/m
 * (Annex II eq. 2.2.1-2.2.3). `band` is the index 0…7 of 63 Hz … 8 kHz.
 */
export function roadLineEmission(set: RoadCoefficientSet, input: RoadEmissionInput, band: number): number {
  if (!(band >= 0 && band < BAND_COUNT)) throw new Error(`band index ${band} outside 0…${BAND_COUNT - 1}`);
  let slope = input.slopePercent;
  if (input.clampSlope) slope = Math.min(Math.max(slope, -MAX_GRADIENT_PERCENT), MAX_GRADIENT_PERCENT);
  if (input.direction === 'reverse') slope = -slope;
  let energy = 0;
  for (const cat of VEHICLE_CATEGORIES) {
    const q = input.flowPerHour[cat];
    const speed = input.speedKmh[cat];
    if (!(q >= 0) || !(speed >= 0)) throw new Error(`category ${cat}: flow ${q} veh/h and speed ${speed} km/h must be non-negative numbers`);
    if (q === 0) continue;
    const v = Math.max(speed, MIN_SPEED_KMH);
    const f = vehicleNoiseParts(set, cat, band, v, slope, input, scratchForward);
    const forward = sumDb(f.rolling, f.propulsion);
    if (input.direction === 'forward' || input.direction === 'reverse' || slope === 0) {
      energy += lineEnergy(forward, q, v);
    } else if (input.direction === 'both') {
      // §2.2.2: split a two-way flow, half corrected uphill and half downhill.
      const r = vehicleNoiseParts(set, cat, band, v, -slope, input, scratchReverse);
      energy += lineEnergy(forward, q / 2, v) + lineEnergy(sumDb(r.rolling, r.propulsion), q / 2, v);
    } else {
      // NoiseModelling's way = 3: the reversed half keeps the forward gradient correction on
      // propulsion and moves (reverse − forward) onto rolling noise (two-wheelers unchanged).
      const r = vehicleNoiseParts(set, cat, band, v, -slope, input, scratchReverse);
      const reversed = sumDb(f.rolling - f.gradient + r.gradient, f.propulsion);
      const split = cat === '4a' || cat === '4b' ? forward : reversed;
      energy += lineEnergy(forward, q / 2, v) + lineEnergy(split, q / 2, v);
    }
  }
  return 10 * Math.log10(energy);
}

/** Lw' in all 8 bands into `out` (length ≥ 8), dB/m. */
export function roadLineSpectrum(set: RoadCoefficientSet, input: RoadEmissionInput, out: Float64Array): Float64Array {
  for (let b = 0; b < BAND_COUNT; b++) out[b] = roadLineEmission(set, input, b);
  return out;
}
