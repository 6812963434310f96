/**
 * Model-versus-observation statistics for dispersion models (Chang & Hanna 2004, "Air quality model
 * performance evaluation", Meteorol. Atmos. Phys. 87:167–196; the BOOT/Model Validation Kit set):
 * fractional bias FB, mean bias, NMSE, FAC2, correlation. Pure functions over paired arrays
 * (observed Co, predicted Cp); pairs with a non-finite member are skipped.
 */
export interface EvaluationStatistics {
  n: number;
  meanObserved: number;
  meanPredicted: number;
  /** Mean bias Cp − Co (units of the input). */
  bias: number;
  /** Fractional bias 2(Co − Cp)/(Co + Cp) (Chang & Hanna sign: > 0 under-prediction). */
  fractionalBias: number;
  /** Normalised mean square error mean((Co − Cp)²) / (mean Co · mean Cp). */
  nmse: number;
  /** Fraction of pairs with 0.5 ≤ Cp/Co ≤ 2 (both zero counts as agreement). */
  fac2: number;
  /** Pearson correlation; NaN when either series is constant. */
  r: number;
}

/** Calls `visit(o, p)` for each index where both the observation and the prediction are finite. */
function forEachFinitePair(observed: ArrayLike<number>, predicted: ArrayLike<number>, visit: (o: number, p: number) => void): void {
  for (let i = 0; i < observed.length; i++) {
    const o = observed[i] as number;
    const p = predicted[i] as number;
    if (Number.isFinite(o) && Number.isFinite(p)) visit(o, p);
  }
}

export function evaluateModel(observed: ArrayLike<number>, predicted: ArrayLike<number>): EvaluationStatistics {
  if (observed.length !== predicted.length) throw new Error(`evaluateModel: ${observed.length} observations but ${predicted.length} predictions`);
  let n = 0;
  let so = 0;
  let sp = 0;
  forEachFinitePair(observed, predicted, (o, p) => {
    n++;
    so += o;
    sp += p;
  });
  if (n === 0) throw new Error('evaluateModel: no finite observation/prediction pairs');
  const mo = so / n;
  const mp = sp / n;
  let sq = 0;
  let within = 0;
  let cov = 0;
  let vo = 0;
  let vp = 0;
  forEachFinitePair(observed, predicted, (o, p) => {
    sq += (o - p) ** 2;
    if ((o === 0 && p === 0) || (o > 0 && p >= 0.5 * o && p <= 2 * o) || (o < 0 && p <= 0.5 * o && p >= 2 * o)) within++;
    cov += (o - mo) * (p - mp);
    vo += (o - mo) ** 2;
    vp += (p - mp) ** 2;
  });
  return {
    n,
    meanObserved: mo,
    meanPredicted: mp,
    bias: mp - mo,
    fractionalBias: (2 * (mo - mp)) / (mo + mp),
    nmse: sq / n / (mo * mp),
    fac2: within / n,
    r: vo > 0 && vp > 0 ? cov / Math.sqrt(vo * vp) : NaN,
  };
}
