/**
 * Link-based baselines for static user equilibrium:
 * - Frank–Wolfe (Frank & Wolfe 1956; LeBlanc, Morlok & Pierskalla 1975): all-or-nothing
 *   direction y − x, exact line search on the Beckmann objective;
 * - conjugate Frank–Wolfe (Mitradjieva & Lindberg 2013, Transportation Science 47(2)): the
 *   direction s̄_k − x_k with s̄_k = α s̄_{k−1} + (1 − α) y_k, α making s̄_{k−1} − x_k and the
 *   direction conjugate w.r.t. the diagonal Hessian diag(c'(x_k)), α clamped to [0, 1 − δ].
 * Kept as the baseline of the benchmark; they converge slowly near tight gaps.
 */
import { throwIfCancelled } from '../core/progress';
import { allOrNothing, summarize, type UnreachablePair } from './assignment-measures';
import { gapProgress, resolveOptions, stopReasonAfterMeasure, type AssignmentOptions, type AssignmentResult, type GapRecord, type StopReason } from './assignment-options';
import { computeLinkCosts, linkCost, linkCostDerivative } from './link-cost';
import type { OdDemand } from './od-demand';
import type { TrafficNetwork } from './road-graph';
import { ShortestPathTree } from './shortest-path';

export interface FrankWolfeOptions extends AssignmentOptions {
  /** Conjugate directions (Mitradjieva & Lindberg 2013); default false (plain FW). */
  conjugate?: boolean;
}

/** Upper clamp 1 − δ of the conjugation weight α (Mitradjieva & Lindberg 2013, §3). */
const CFW_DELTA = 0.01;
/** Bisection steps of the line search (2⁻⁶⁰ of the step interval). */
const LINE_SEARCH_STEPS = 60;

/** Solves by (conjugate) Frank–Wolfe from an all-or-nothing load at free-flow costs. */
export function solveFrankWolfe(net: TrafficNetwork, demand: OdDemand, options: FrankWolfeOptions = {}): AssignmentResult {
  const { gap: target, maxIterations, maxMs, clock } = resolveOptions(options);
  const conjugate = options.conjugate === true;
  const m = net.linkCount;
  const t0 = clock?.() ?? 0;
  const spt = new ShortestPathTree(net.nodeCount);
  const nodeLoad = new Float64Array(net.nodeCount);
  const x = new Float64Array(m);
  const y = new Float64Array(m);
  const sBar = new Float64Array(m);
  const dir = new Float64Array(m);
  const cost = new Float64Array(m);
  const history: GapRecord[] = [];
  computeLinkCosts(net, x, cost);
  let unreachable: UnreachablePair[] = [];
  allOrNothing(net, demand, cost, x, spt, nodeLoad, unreachable);
  let iterations = 0;
  let haveSBar = false;
  let stopReason: StopReason | undefined;
  let sptt: number;
  for (;;) {
    computeLinkCosts(net, x, cost);
    unreachable = [];
    sptt = allOrNothing(net, demand, cost, y, spt, nodeLoad, unreachable);
    const measures = summarize(net, demand, x, sptt, []);
    const elapsed = clock === undefined ? NaN : clock() - t0;
    if (options.history === true) history.push({ iteration: iterations, relativeGap: measures.relativeGap, seconds: elapsed / 1000 });
    options.control?.onProgress?.({ fraction: gapProgress(measures.relativeGap, target), stage: `Frank–Wolfe: iteration ${iterations}, gap ${measures.relativeGap.toExponential(2)}` });
    stopReason = stopReasonAfterMeasure(measures.relativeGap <= target, iterations, elapsed, { maxIterations, maxMs });
    if (stopReason !== undefined) break;
    throwIfCancelled(options.control, 'traffic assignment');
    let alpha = 0;
    if (conjugate && haveSBar) {
      let num = 0;
      let den = 0;
      for (let a = 0; a < m; a++) {
        const h = linkCostDerivative(net, a, x[a] as number);
        const sx = (sBar[a] as number) - (x[a] as number);
        num += sx * h * ((y[a] as number) - (x[a] as number));
        den += sx * h * ((y[a] as number) - (sBar[a] as number));
      }
      alpha = den !== 0 ? num / den : 0;
      if (!(alpha >= 0)) alpha = 0;
      else if (alpha > 1 - CFW_DELTA) alpha = 1 - CFW_DELTA;
    }
    for (let a = 0; a < m; a++) {
      const s = conjugate ? alpha * (sBar[a] as number) + (1 - alpha) * (y[a] as number) : (y[a] as number);
      sBar[a] = s;
      dir[a] = s - (x[a] as number);
    }
    haveSBar = true;
    const lambda = exactLineSearch(net, x, dir);
    for (let a = 0; a < m; a++) x[a] = (x[a] as number) + lambda * (dir[a] as number);
    iterations++;
  }
  const measures = summarize(net, demand, x, sptt, unreachable);
  return {
    method: conjugate ? 'cfw' : 'fw', ...measures, iterations, converged: stopReason === 'gap', stopReason,
    seconds: clock === undefined ? null : (clock() - t0) / 1000,
    linkFlow: x, linkCost: computeLinkCosts(net, x, cost), history,
  };
}

/**
 * Step λ ∈ [0, 1] minimizing the Beckmann objective along x + λ·d: the root of the directional
 * derivative Σ d_a c_a(x_a + λ d_a), which increases with λ (convex objective), by bisection.
 */
export function exactLineSearch(net: TrafficNetwork, x: Float64Array, d: Float64Array): number {
  const slope = (lambda: number) => {
    let g = 0;
    for (let a = 0; a < net.linkCount; a++) {
      const da = d[a] as number;
      if (da !== 0) g += da * linkCost(net, a, (x[a] as number) + lambda * da);
    }
    return g;
  };
  if (slope(1) <= 0) return 1;
  if (slope(0) >= 0) return 0;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < LINE_SEARCH_STEPS; i++) {
    const mid = 0.5 * (lo + hi);
    if (slope(mid) < 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
