/**
 * Dispersion parameters σy, σz (m) of the Pasquill–Gifford family, as functions of downwind
 * distance x (m) and stability class.
 *
 * - ISC3 rural (EPA-454/B-95-003b, ISC3 User's Guide Vol. II, eqs. 1-32/1-33 and Table 1-1 for
 *   σy; eq. 1-34 and Table 1-2 for σz): σy = 465.11628·x_km·tan(TH), TH = 0.017453293·(c − d·ln x_km);
 *   σz = a·x_km^b piecewise in x_km, capped at 5000 m.
 * - Briggs (1973) open-country and urban curves as tabulated by Gifford (1976) and used by ISC3's
 *   urban option (Vol. II Tables 1-3, 1-4): s = a·x·(1 + b·x)^c with x in metres.
 */
import type { StabilityClass } from './stability-class';

/** ISC3 Table 1-1: σy rural coefficients (c, d) per class A…F. */
const ISC3_SIGMA_Y: readonly (readonly [number, number])[] = [
  [24.167, 2.5334],
  [18.333, 1.8096],
  [12.5, 1.0857],
  [8.333, 0.72382],
  [6.25, 0.54287],
  [4.1667, 0.36191],
];

/**
 * ISC3 Table 1-2: σz rural (upper x_km of the range, a, b) per class; the last range is open.
 * Class A beyond 3.11 km and B beyond 0.40 km reach the 5000 m cap quickly (Table 1-2 footnote).
 */
const ISC3_SIGMA_Z: readonly (readonly (readonly [number, number, number])[])[] = [
  [[0.1, 122.8, 0.9447], [0.15, 158.08, 1.0542], [0.2, 170.22, 1.0932], [0.25, 179.52, 1.1262], [0.3, 217.41, 1.2644], [0.4, 258.89, 1.4094], [0.5, 346.75, 1.7283], [3.11, 453.85, 2.1166], [Infinity, 453.85, 2.1166]],
  [[0.2, 90.673, 0.93198], [0.4, 98.483, 0.98332], [Infinity, 109.3, 1.0971]],
  [[Infinity, 61.141, 0.91465]],
  [[0.3, 34.459, 0.86974], [1, 32.093, 0.81066], [3, 32.093, 0.64403], [10, 33.504, 0.60486], [30, 36.65, 0.56589], [Infinity, 44.053, 0.51179]],
  [[0.1, 24.26, 0.8366], [0.3, 23.331, 0.81956], [1, 21.628, 0.7566], [2, 21.628, 0.63077], [4, 22.534, 0.57154], [10, 24.703, 0.50527], [20, 26.97, 0.46713], [40, 35.42, 0.37615], [Infinity, 47.618, 0.29592]],
  [[0.2, 15.209, 0.81558], [0.7, 14.457, 0.78407], [1, 13.953, 0.68465], [2, 13.953, 0.63227], [3, 14.823, 0.54503], [7, 16.187, 0.4649], [15, 17.836, 0.41507], [30, 22.651, 0.32681], [60, 27.074, 0.27436], [Infinity, 34.219, 0.21716]],
];

/** ISC3's upper limit on σz (m), Vol. II §1.1.5.2. */
export const ISC3_SIGMA_Z_MAX_M = 5000;

/** ISC3 rural σy (m) at downwind distance xM (m), eq. 1-32. */
export function isc3RuralSigmaY(cls: StabilityClass, xM: number): number {
  const [c, d] = ISC3_SIGMA_Y[cls - 1] as readonly [number, number];
  const xKm = xM / 1000;
  return 465.11628 * xKm * Math.tan(0.017453293 * (c - d * Math.log(xKm)));
}

/** ISC3 rural σz (m) at downwind distance xM (m), eq. 1-34 with Table 1-2, capped at 5000 m. */
export function isc3RuralSigmaZ(cls: StabilityClass, xM: number): number {
  const xKm = xM / 1000;
  const ranges = ISC3_SIGMA_Z[cls - 1] as readonly (readonly [number, number, number])[];
  for (const [upperKm, a, b] of ranges) {
    if (xKm <= upperKm) return Math.min(a * Math.pow(xKm, b), ISC3_SIGMA_Z_MAX_M);
  }
  return ISC3_SIGMA_Z_MAX_M;
}

/** Coefficients (a, b, c) of s = a·x·(1 + b·x)^c, x in m. */
export type BriggsCoefficients = readonly [number, number, number];

/** Briggs (1973) open-country curves (Gifford 1976, Table 4): [σy, σz] per class A…F. */
export const BRIGGS_RURAL: readonly (readonly [BriggsCoefficients, BriggsCoefficients])[] = [
  [[0.22, 0.0001, -0.5], [0.2, 0, 1]],
  [[0.16, 0.0001, -0.5], [0.12, 0, 1]],
  [[0.11, 0.0001, -0.5], [0.08, 0.0002, -0.5]],
  [[0.08, 0.0001, -0.5], [0.06, 0.0015, -0.5]],
  [[0.06, 0.0001, -0.5], [0.03, 0.0003, -1]],
  [[0.04, 0.0001, -0.5], [0.016, 0.0003, -1]],
];

/** Briggs (1973) urban curves (McElroy–Pooler St. Louis data; ISC3 Tables 1-3/1-4): A–B, C, D, E–F. */
export const BRIGGS_URBAN: readonly (readonly [BriggsCoefficients, BriggsCoefficients])[] = [
  [[0.32, 0.0004, -0.5], [0.24, 0.001, 0.5]],
  [[0.32, 0.0004, -0.5], [0.24, 0.001, 0.5]],
  [[0.22, 0.0004, -0.5], [0.2, 0, 1]],
  [[0.16, 0.0004, -0.5], [0.14, 0.0003, -0.5]],
  [[0.11, 0.0004, -0.5], [0.08, 0.0015, -0.5]],
  [[0.11, 0.0004, -0.5], [0.08, 0.0015, -0.5]],
];

function briggs([a, b, c]: BriggsCoefficients, xM: number): number {
  return a * xM * Math.pow(1 + b * xM, c);
}

/** Which σ curves: ISC3 rural (Pasquill–Gifford), Briggs open country, or Briggs urban. */
export type DispersionScheme = 'isc3-rural' | 'briggs-rural' | 'briggs-urban';

/** σy (m) at downwind distance xM > 0 (m). */
export function sigmaY(scheme: DispersionScheme, cls: StabilityClass, xM: number): number {
  if (scheme === 'isc3-rural') return isc3RuralSigmaY(cls, xM);
  const table = scheme === 'briggs-rural' ? BRIGGS_RURAL : BRIGGS_URBAN;
  return briggs((table[cls - 1] as readonly [BriggsCoefficients, BriggsCoefficients])[0], xM);
}

/** σz (m) at downwind distance xM > 0 (m). */
export function sigmaZ(scheme: DispersionScheme, cls: StabilityClass, xM: number): number {
  if (scheme === 'isc3-rural') return isc3RuralSigmaZ(cls, xM);
  const table = scheme === 'briggs-rural' ? BRIGGS_RURAL : BRIGGS_URBAN;
  return briggs((table[cls - 1] as readonly [BriggsCoefficients, BriggsCoefficients])[1], xM);
}
