/** Options and result shared by the equilibrium solvers (gradient projection, Algorithm B, Frank–Wolfe). */
import type { RunControl } from '../core/progress';
import type { AssignmentMeasures } from './assignment-measures';
import type { TrafficNetwork } from './road-graph';

export type AssignmentMethod = 'gp' | 'b' | 'fw' | 'cfw';

export interface AssignmentOptions {
  /** Target relative gap (TSTT − SPTT)/TSTT; default 1e-8. */
  gap?: number;
  /** Most iterations (each one a shortest-path tree per origin); default 100 000. */
  maxIterations?: number;
  /** Wall-clock budget, s; needs `clock`. */
  maxSeconds?: number;
  /** Milliseconds from an arbitrary epoch (performance.now); kernels never read the clock themselves. */
  clock?: () => number;
  /** Progress and cancellation. */
  control?: RunControl;
  /** Keep (iteration, gap, seconds) of every iteration in the result. */
  history?: boolean;
  /** Called after every iteration with its gap (gradient projection; a panel shows it live). */
  onIteration?: (report: IterationReport) => void;
}

/** One iteration of a solver as it runs. */
export interface IterationReport {
  iteration: number;
  /** Relative gap: exact (all trees at the same flows) or estimated while pairs are visited; NaN while demand is unassigned. */
  relativeGap: number;
  exact: boolean;
  /** Seconds since the solve started (NaN without a clock). */
  seconds: number;
}

export interface GapRecord {
  iteration: number;
  /** NaN while demand is still unassigned (the gap of a partial load means nothing). */
  relativeGap: number;
  /** Seconds since the solve started (NaN without a clock). */
  seconds: number;
}

export type StopReason = 'gap' | 'maxIterations' | 'maxSeconds';

export interface AssignmentResult extends AssignmentMeasures {
  method: AssignmentMethod;
  iterations: number;
  /** Solve time, s (null without a clock). */
  seconds: number | null;
  converged: boolean;
  stopReason: StopReason;
  /** Equilibrium link flows (vehicles), indexed by link id. */
  linkFlow: Float64Array;
  /** Generalized link costs at linkFlow. */
  linkCost: Float64Array;
  history: GapRecord[];
}

/**
 * A solver that keeps its state between solves, so a what-if re-solve starts from the previous
 * equilibrium (PathBasedAssignment: gradient projection; BushAssignment: Algorithm B).
 */
export interface WarmStartAssignment {
  readonly net: TrafficNetwork;
  /** Takes an edited network with the same nodes and the same first links (see what-if.ts). */
  setNetwork(net: TrafficNetwork): void;
  solve(options?: AssignmentOptions & { innerPasses?: number }): AssignmentResult;
}

/** Reads and checks the options every solver shares. */
export function resolveOptions(o: AssignmentOptions): { gap: number; maxIterations: number; maxMs: number; clock: (() => number) | undefined } {
  const gap = o.gap ?? 1e-8;
  if (!(gap >= 0)) throw new Error(`assignment: gap must be ≥ 0, got ${gap}`);
  const maxIterations = o.maxIterations ?? 100_000;
  if (o.maxSeconds !== undefined && o.clock === undefined) throw new Error('assignment: maxSeconds needs a clock');
  return { gap, maxIterations, maxMs: o.maxSeconds === undefined ? Infinity : o.maxSeconds * 1000, clock: o.clock };
}

/** Progress fraction from the gap reached, on a log scale from 1 to the target. */
export function gapProgress(gap: number, target: number): number {
  if (!(gap > 0) || gap <= target) return 1;
  const t = Math.log10(Math.max(target, 1e-16));
  return Math.min(1, Math.max(0, Math.log10(Math.min(gap, 1)) / t));
}

/**
 * After an exact gap measurement: why the solver stops (target reached first, then the iteration
 * and time limits), or undefined to go on. `elapsedMs` is NaN without a clock (never over the limit).
 */
export function stopReasonAfterMeasure(reached: boolean, iterations: number, elapsedMs: number, limits: { maxIterations: number; maxMs: number }): StopReason | undefined {
  if (reached) return 'gap';
  if (iterations >= limits.maxIterations) return 'maxIterations';
  if (elapsedMs > limits.maxMs) return 'maxSeconds';
  return undefined;
}
