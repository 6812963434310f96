/**
 * One entry point for the static user-equilibrium solvers of this folder:
 * 'gp' path-based gradient projection (default, converges to tight gaps), 'b' Algorithm B
 * (bush-based, converges to tight gaps), 'fw' Frank–Wolfe and 'cfw' conjugate Frank–Wolfe
 * (baselines).
 */
import type { AssignmentMethod, AssignmentResult } from './assignment-options';
import { solveAlgorithmB } from './bush-assignment';
import { solveFrankWolfe, type FrankWolfeOptions } from './frank-wolfe';
import { solveGradientProjection, type GradientProjectionOptions } from './gradient-projection';
import type { OdDemand } from './od-demand';
import type { TrafficNetwork } from './road-graph';

export const ASSIGNMENT_METHODS: readonly AssignmentMethod[] = ['gp', 'b', 'fw', 'cfw'];

export function solveAssignment(
  net: TrafficNetwork, demand: OdDemand, method: AssignmentMethod,
  options: GradientProjectionOptions & FrankWolfeOptions = {},
): AssignmentResult {
  switch (method) {
    case 'gp':
      return solveGradientProjection(net, demand, options);
    case 'b':
      return solveAlgorithmB(net, demand, options);
    case 'fw':
      return solveFrankWolfe(net, demand, { ...options, conjugate: false });
    case 'cfw':
      return solveFrankWolfe(net, demand, { ...options, conjugate: true });
  }
}
