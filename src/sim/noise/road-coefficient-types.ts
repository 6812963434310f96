/**
 * Shapes of the CNOSSOS-EU road source coefficient tables (Directive (EU) 2015/996 Annex II
 * §2.2.2, Appendix F; amended by Delegated Directive (EU) 2021/1226). Every spectrum has 8 values,
 * octave bands 63, 125, 250, 500, 1000, 2000, 4000, 8000 Hz (index 0 … 7).
 */

/** Octave band centre frequencies, Hz, in the order of every spectrum. */
export const OCTAVE_BANDS_HZ = [63, 125, 250, 500, 1000, 2000, 4000, 8000] as const;
export const BAND_COUNT = 8;

/** CNOSSOS-EU vehicle categories (§2.2.1, Table 2.2.a): 1 light, 2 medium heavy, 3 heavy, 4a/4b two-wheelers. */
export const VEHICLE_CATEGORIES = ['1', '2', '3', '4a', '4b'] as const;
export type VehicleCategory = (typeof VEHICLE_CATEGORIES)[number];

/** Junction correction coefficients C_R (rolling), C_P (propulsion), dB (§2.2.2, Table F-3). */
export interface JunctionCoefficients {
  cr: number;
  cp: number;
}

export interface VehicleCoefficients {
  description: string;
  /** Rolling noise A_R,i,m, dB, and speed slope B_R,i,m (eq. 2.2.5). */
  ar: readonly number[];
  br: readonly number[];
  /** Propulsion noise A_P,i,m, dB, and speed slope B_P,i,m (eq. 2.2.6). */
  ap: readonly number[];
  bp: readonly number[];
  /** Studded tyre coefficients a_i, b_i (category 1 only, eq. 2.2.9). */
  studA?: readonly number[];
  studB?: readonly number[];
  /** k = 1: crossing with traffic lights; k = 2: roundabout (eq. 2.2.17-2.2.18). */
  trafficLights: JunctionCoefficients;
  roundabout: JunctionCoefficients;
}

/** Road surface correction for one category: ΔL_WR,road = α_i,m + β_m·lg(v/v_ref) (eq. 2.2.19). */
export interface SurfaceCategoryCoefficients {
  alpha: readonly number[];
  beta: number;
}

export interface SurfaceCoefficients {
  description: string;
  /** Speed range of validity of the correction, km/h. */
  vminKmh: number;
  vmaxKmh: number;
  /** Per category; also '5' (the Directive's open category, all zero). */
  categories: Readonly<Record<string, SurfaceCategoryCoefficients>>;
}

export interface RoadCoefficientSet {
  id: '2015' | '2020';
  vehicles: Readonly<Record<VehicleCategory, VehicleCoefficients>>;
  surfaces: Readonly<Record<string, SurfaceCoefficients>>;
}
