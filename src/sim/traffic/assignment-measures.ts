/**
 * All-or-nothing loading and the convergence measures of a static assignment
 * (Boyce, Ralevic-Dekic & Bar-Gera 2004, "Convergence of traffic assignment: how much is enough?"):
 *
 *   TSTT  = Σ_a v_a · c_a(v_a)          (generalized; `tsttTime` is the time-only part)
 *   SPTT  = Σ_od q_od · (shortest generalized-cost path at v)
 *   relative gap       = (TSTT − SPTT) / TSTT
 *   average excess cost = (TSTT − SPTT) / Σ q (assigned demand)
 *   Beckmann objective  = Σ_a ∫₀^{v_a} c_a
 * OD pairs with no path are listed and left out of SPTT and of the assigned demand.
 */
import { beckmannObjective, computeLinkCosts, totalGeneralizedCost, totalTravelTime } from './link-cost';
import type { OdDemand } from './od-demand';
import type { TrafficNetwork } from './road-graph';
import { ShortestPathTree } from './shortest-path';

/** An OD pair that no open path joins (1-based zone numbers, as in the input files). */
export interface UnreachablePair {
  origin: number;
  destination: number;
  demand: number;
}

export interface AssignmentMeasures {
  /** Σ v·c (generalized cost × vehicles). */
  tstt: number;
  /** Σ v·t, travel time only. */
  tsttTime: number;
  sptt: number;
  relativeGap: number;
  averageExcessCost: number;
  beckmann: number;
  /** Demand that has a path (vehicles). */
  assignedDemand: number;
  unreachable: UnreachablePair[];
}

/**
 * Loads every OD pair on its shortest path at costs `cost`, adding to `out` (cleared first).
 * Returns SPTT = Σ q·(shortest cost) over the pairs with a path and lists the others in
 * `unreachable` when given. Uses `nodeLoad` (length nodeCount, left zeroed) as scratch.
 */
export function allOrNothing(
  net: TrafficNetwork, demand: OdDemand, cost: Float64Array, out: Float64Array,
  spt: ShortestPathTree, nodeLoad: Float64Array, unreachable?: UnreachablePair[],
): number {
  out.fill(0);
  let sptt = 0;
  const { originZone, odStart, destZone, volume } = demand;
  for (let o = 0; o < originZone.length; o++) {
    const origin = originZone[o] as number;
    spt.run(net, cost, origin);
    const { dist, predLink, order } = spt;
    const end = odStart[o + 1] as number;
    for (let k = odStart[o] as number; k < end; k++) {
      const d = destZone[k] as number;
      const q = volume[k] as number;
      const c = dist[d] as number;
      if (c === Infinity) {
        unreachable?.push({ origin: origin + 1, destination: d + 1, demand: q });
        continue;
      }
      sptt += q * c;
      nodeLoad[d] = (nodeLoad[d] as number) + q;
    }
    for (let i = spt.settled - 1; i > 0; i--) {
      const u = order[i] as number;
      const load = nodeLoad[u] as number;
      if (load === 0) continue;
      nodeLoad[u] = 0;
      const a = predLink[u] as number;
      out[a] = (out[a] as number) + load;
      const tail = net.initNode[a] as number;
      nodeLoad[tail] = (nodeLoad[tail] as number) + load;
    }
    nodeLoad[origin] = 0;
  }
  return sptt;
}

/** Convergence measures of link flows `flow` (independent of the solver that produced them). */
export function measureAssignment(net: TrafficNetwork, demand: OdDemand, flow: Float64Array): AssignmentMeasures {
  const cost = computeLinkCosts(net, flow, new Float64Array(net.linkCount));
  const unreachable: UnreachablePair[] = [];
  const spt = new ShortestPathTree(net.nodeCount);
  const sptt = allOrNothing(net, demand, cost, new Float64Array(net.linkCount), spt, new Float64Array(net.nodeCount), unreachable);
  return summarize(net, demand, flow, sptt, unreachable);
}

/** Measures from flows and an SPTT already computed at those flows. */
export function summarize(net: TrafficNetwork, demand: OdDemand, flow: Float64Array, sptt: number, unreachable: UnreachablePair[]): AssignmentMeasures {
  const tstt = totalGeneralizedCost(net, flow);
  let lost = 0;
  for (const u of unreachable) lost += u.demand;
  const assignedDemand = demand.total - lost;
  return {
    tstt,
    tsttTime: totalTravelTime(net, flow),
    sptt,
    relativeGap: tstt > 0 ? (tstt - sptt) / tstt : 0,
    averageExcessCost: assignedDemand > 0 ? (tstt - sptt) / assignedDemand : 0,
    beckmann: beckmannObjective(net, flow),
    assignedDemand,
    unreachable,
  };
}
