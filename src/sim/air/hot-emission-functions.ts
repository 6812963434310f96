/**
 * Hot-exhaust emission factor as a function of mean travelling speed, EF(V) in g/km per vehicle
 * (fuel consumption FC also in g/km), V in km/h — the Tier 3 (COPERT) method of the EMEP/EEA air
 * pollutant emission inventory guidebook, chapter 1.A.3.b.i–iv.
 *
 * The guidebook has printed several functional forms over its editions. The rows of
 * `emep-eea-hot-ef.ts` name the form they were published in; coefficients keep the order
 * of their source table (a, b, c, … = the columns Alpha, Beta, Gamma, … or a, b, c, … there):
 *
 * - `rational`: GB2013 (Sept 2014) Tables 3-41/3-47 and annex "Equation 1":
 *   EF = (a + c·V + e·V² + f/V) / (1 + b·V + d·V²) · (1 − RF).
 *   This is the 2016+ consolidated form (α·V² + β·V + γ + δ/V) / (ε·V² + ζ·V + η) · (1 − RF)
 *   with α = e, β = c, γ = a, δ = f, ε = d, ζ = b, η = 1 (`rationalFrom2016` converts).
 * - `logistic`: annex Eq 6 (PC) and HDV annex function 10: EF = a + b / (1 + exp(−c + d·ln V + e·V)).
 * - `twoPower`: annex Eq 9 / HDV function 1: EF = a·V^b + c·V^d.
 * - `inverseQuadratic`: annex Eq 12 / HDV function 5: EF = 1 / (c·V² + b·V + a).
 * - `polynomial5`: annex Eq 17: EF = a·V⁵ + b·V⁴ + c·V³ + d·V² + e·V + f.
 * - `powerExponential`: HDV function 0: EF = a · b^V · V^c.
 * - `cubic`: HDV function 14: EF = a·V³ + b·V² + c·V + d.
 * - `constant`: a speed-independent Tier 1/Tier 2 value a (used where no function was found).
 *
 * The reduction factor RF (fraction, 0–1) applies to every form. Outside the function's published
 * range [vMin, vMax] the speed is clamped to it (the guidebook: the functions are valid only in
 * that range); `clampSpeedKmh` reports which side was clamped.
 */

export const HOT_EF_FORMS = ['rational', 'logistic', 'twoPower', 'inverseQuadratic', 'polynomial5', 'powerExponential', 'cubic', 'constant'] as const;
export type HotEfForm = (typeof HOT_EF_FORMS)[number];

/** Number of coefficients each form reads. */
export const FORM_COEFFICIENT_COUNT: Readonly<Record<HotEfForm, number>> = {
  rational: 6,
  logistic: 5,
  twoPower: 4,
  inverseQuadratic: 3,
  polynomial5: 6,
  powerExponential: 3,
  cubic: 4,
  constant: 1,
};

/** One speed function: form, coefficients in source order, reduction factor and validity range. */
export interface HotEfFunction {
  form: HotEfForm;
  coefficients: readonly number[];
  /** Reduction factor RF as a fraction (0 = none). */
  reductionFactor?: number;
  vMinKmh: number;
  vMaxKmh: number;
}

/** Speed clamped into [vMin, vMax]; `side` −1 below, +1 above, 0 inside. */
export interface ClampedSpeed {
  speedKmh: number;
  side: -1 | 0 | 1;
}

export function clampSpeedKmh(fn: HotEfFunction, speedKmh: number, out: ClampedSpeed = { speedKmh: 0, side: 0 }): ClampedSpeed {
  if (speedKmh < fn.vMinKmh) {
    out.speedKmh = fn.vMinKmh;
    out.side = -1;
  } else if (speedKmh > fn.vMaxKmh) {
    out.speedKmh = fn.vMaxKmh;
    out.side = 1;
  } else {
    out.speedKmh = speedKmh;
    out.side = 0;
  }
  return out;
}

/** The form's value at speed V (km/h), without clamping and without RF. */
export function evaluateForm(form: HotEfForm, k: readonly number[], v: number): number {
  const a = k[0] ?? 0;
  const b = k[1] ?? 0;
  const c = k[2] ?? 0;
  const d = k[3] ?? 0;
  const e = k[4] ?? 0;
  const f = k[5] ?? 0;
  switch (form) {
    case 'rational':
      return (a + c * v + e * v * v + f / v) / (1 + b * v + d * v * v);
    case 'logistic':
      return a + b / (1 + Math.exp(-c + d * Math.log(v) + e * v));
    case 'twoPower':
      return a * Math.pow(v, b) + c * Math.pow(v, d);
    case 'inverseQuadratic':
      return 1 / (c * v * v + b * v + a);
    case 'polynomial5':
      return ((((a * v + b) * v + c) * v + d) * v + e) * v + f;
    case 'powerExponential':
      return a * Math.pow(b, v) * Math.pow(v, c);
    case 'cubic':
      return ((a * v + b) * v + c) * v + d;
    case 'constant':
      return a;
  }
}

const scratch: ClampedSpeed = { speedKmh: 0, side: 0 };

/** EF (g/km) at mean speed `speedKmh`, clamped to the function's range, times (1 − RF). */
export function hotEmissionFactor(fn: HotEfFunction, speedKmh: number): number {
  const v = clampSpeedKmh(fn, speedKmh, scratch).speedKmh;
  return evaluateForm(fn.form, fn.coefficients, v) * (1 - (fn.reductionFactor ?? 0));
}

/**
 * Coefficients of the `rational` form from the 2016+ guidebook's (α, β, γ, δ, ε, ζ, η): dividing
 * numerator and denominator by η gives a = γ/η, b = ζ/η, c = β/η, d = ε/η, e = α/η, f = δ/η.
 */
export function rationalFrom2016(alpha: number, beta: number, gamma: number, delta: number, epsilon: number, zeta: number, eta: number): number[] {
  if (eta === 0) throw new RangeError('rationalFrom2016: η must be non-zero');
  return [gamma / eta, zeta / eta, beta / eta, epsilon / eta, alpha / eta, delta / eta];
}
