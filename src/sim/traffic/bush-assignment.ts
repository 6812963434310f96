/**
 * Static user equilibrium by Algorithm B (Dial 2006, TR-B 40; bush update of Nie 2010, TR-B 44),
 * a bush-based (origin-based) method: each origin's flow lives on an acyclic bush
 * (origin-bushes.ts), so the work per origin is linear in the links however many destinations
 * and equal-cost paths it has, and no path is ever stored.
 *
 * Start: per origin, a Dijkstra tree at the current costs is its bush and carries its demand
 * (incremental loading by origin). An iteration then visits every origin: bush update (drop
 * unused links off the bush's shortest-path tree, add shortcuts), then up to `innerPasses` passes
 * of Newton flow shifts from the longest used to the shortest bush path of each node, costs
 * updated at once; then `restrictedSweeps` passes of shifts over all bushes (no update).
 * While visiting, the excess Σ_a x_a^o c_a − Σ_d q_od L_d of each origin (L the
 * shortest path within its updated bush, from the labels of the first shift pass) is summed into
 * an estimate of the gap; as L ≥ the network's shortest path, this is a lower bound. It is taken
 * before the iteration's shifts, so the gap after the iteration is predicted from the trend of the
 * last two estimates (e_k² / e_{k−1}). Once the prediction, scaled by how far the last exact
 * measurement exceeded its prediction, reaches the target, an exact sweep (every origin's
 * network shortest paths at one and the same flows, link flows rebuilt as Σ_o x^o; see
 * exactSweep) measures TSTT − SPTT; every stop follows such a sweep, so the reported gap is exact.
 *
 * What-if: setNetwork keeps the bushes and origin flows. A closed link costs +∞ inside the
 * bushes, so the bush update adds the links around it and the flow shifts empty it; an origin
 * whose bush still carries flow on a closed link gets up to CLOSED_EXTRA_PASSES more updates and
 * shift passes in the same iteration (the update reaches one more link layer behind the closure
 * each time), so the first iteration empties it. The solve stops only when no flow is left on a
 * closed link. An origin whose loaded OD pair loses every
 * path, or which has a pair that was unreachable, is rebuilt from a fresh tree.
 */
import { throwIfCancelled } from '../core/progress';
import { summarize, type UnreachablePair } from './assignment-measures';
import { gapProgress, resolveOptions, stopReasonAfterMeasure, type AssignmentOptions, type AssignmentResult, type GapRecord, type StopReason } from './assignment-options';
import { computeLinkCosts } from './link-cost';
import type { OdDemand } from './od-demand';
import { bushLinkCost, OriginBushes } from './origin-bushes';
import type { TrafficNetwork } from './road-graph';
import { ClosedLinks, reaches } from './closed-links';
import { ShortestPathTree } from './shortest-path';

export interface BushAssignmentOptions extends AssignmentOptions {
  /** Flow-shift passes over an origin's bush after each bush update; default 1. */
  innerPasses?: number;
  /**
   * Sweeps of flow shifts over every bush after the updates of an iteration, without updating
   * (origins interact through the link costs). Default: adaptive, 1 while most bushes still change
   * and STABLE_RESTRICTED_SWEEPS once the updates add links to fewer than STABLE_BUSH_FRACTION of
   * the origins (see there).
   */
  restrictedSweeps?: number;
}

/** A node's flows are shifted while its longest used path exceeds the shortest by this fraction of the target gap. */
const SHIFT_TOLERANCE_FRACTION = 0.1;
/** Largest factor by which an exact gap is taken to exceed the estimate (bounds the wait for the next exact sweep). */
const MAX_ESTIMATE_SCALE = 10;
/**
 * An exact gap this many times the predicted one, and not half of the exact gap before, is a
 * stall: every bush is in equilibrium but shortest paths left some bushes at links the update
 * cannot add without closing a cycle with links it keeps (seen on the Geneva district after a
 * road closure: estimate 1e-9, exact gap 1.3e-5 for 35 iterations). The origins holding this
 * share of the hidden excess are then reloaded from fresh trees. (One exact gap far above the
 * prediction alone is common when the estimate collapses, and the next iteration converges.)
 */
const STALL_FACTOR = 100;
const STALL_REBUILD_SHARE = 0.9;
/** Extra bush updates + shift passes per iteration for a bush that still carries flow on a closed link (what-if). */
const CLOSED_EXTRA_PASSES = 4;
/**
 * Restricted sweeps adapt to how much the bushes still change. An update scans every link and
 * may re-sort the bush, so while most bushes grow, an iteration's gain comes from the updates and
 * one restricted sweep is fastest (synthetic grid to 1e-6: 65–100 % of the updates add links in
 * each of its 4 iterations). Once fewer than this fraction of the origins' updates add a link, the
 * bushes are nearly settled and the gap falls with more shift passes over them (the origins
 * interact only through the link costs; Anaheim and Sioux Falls converge slowly there, each
 * origin's Newton step undoing part of another's on shared links): then STABLE_RESTRICTED_SWEEPS.
 */
const STABLE_BUSH_FRACTION = 0.5;
const STABLE_RESTRICTED_SWEEPS = 3;

export class BushAssignment {
  net: TrafficNetwork;
  readonly demand: OdDemand;
  /** Link flows (vehicles) and bush costs (+∞ on closed links), indexed by link id. */
  flow: Float64Array;
  cost: Float64Array;
  totalIterations = 0;
  private readonly bushes: OriginBushes;
  private readonly spt: ShortestPathTree;
  /** Per origin: 1 once its demand is on its bush; 2 when it must be rebuilt from a fresh tree. */
  private readonly originState: Uint8Array;
  /** Per OD pair: 1 when its demand is on the bush (it had a path when the origin was loaded). */
  private readonly pairLoaded: Uint8Array;
  private readonly nodeLoad: Float64Array;
  private gapEstimate = Infinity;
  /** The estimate of the iteration before (the trend predicts the gap after the last iteration). */
  private previousEstimate = Infinity;
  /** Exact gap over the estimate at the last failed exact sweep (≥ 1): the estimate is a lower bound. */
  private estimateScale = 1;
  /** The closed links of `net` (listed by setNetwork and solve) and the bushes' flow on them. */
  private readonly closed = new ClosedLinks();
  /** Link flows and costs were rebuilt by setNetwork and nothing moved since (solve skips its rebuild). */
  private flowsRebuilt = false;
  /** Node labels that exact sweeps found below the bush labels (instrumentation). */
  exactImproved = 0;
  /** Origins reloaded from fresh trees after a stall (instrumentation). */
  stallRebuilds = 0;
  /** Per origin, Σ_d q_od (bush shortest path − network shortest path) at the last exact sweep. */
  private hiddenExcess: Float64Array;

  constructor(net: TrafficNetwork, demand: OdDemand) {
    if (demand.zoneCount > net.zoneCount) throw new Error(`assignment: demand has ${demand.zoneCount} zones, network ${net.zoneCount}`);
    this.net = net;
    this.demand = demand;
    this.flow = new Float64Array(net.linkCount);
    this.cost = new Float64Array(net.linkCount);
    this.bushes = new OriginBushes(net, demand.originZone.length);
    this.spt = new ShortestPathTree(net.nodeCount);
    this.originState = new Uint8Array(demand.originZone.length);
    this.pairLoaded = new Uint8Array(demand.destZone.length);
    this.nodeLoad = new Float64Array(net.nodeCount);
    this.hiddenExcess = new Float64Array(demand.originZone.length);
  }

  /**
   * Replaces the network by an edited one with the same nodes and the same first links (what-if).
   * Bushes and origin flows are kept; see the file doc for closed links and lost paths.
   */
  setNetwork(net: TrafficNetwork): void {
    const old = this.net;
    if (net.nodeCount !== old.nodeCount) throw new Error('assignment: a what-if network must keep the node set');
    if (net.linkCount < old.linkCount) throw new Error('assignment: a what-if network may only append links');
    if (net.linkCount > this.flow.length) {
      const flow = new Float64Array(net.linkCount);
      flow.set(this.flow);
      this.flow = flow;
      this.cost = new Float64Array(net.linkCount);
    }
    this.net = net;
    this.bushes.setNetwork(net);
    this.closed.list(this.net);
    this.gapEstimate = Infinity;
    this.previousEstimate = Infinity;
    this.estimateScale = 1;
    this.rebuildLinkFlows();
    this.flowsRebuilt = true;
    const { demand, originState, pairLoaded, spt } = this;
    const { bushList, bushFlow, bushCount } = this.bushes;
    const m = net.linkCount;
    let opened = net.linkCount > old.linkCount;
    for (let a = 0; a < old.linkCount && !opened; a++) opened = old.open[a] === 0 && net.open[a] === 1;
    // A closure cuts no OD pair off when its tail still reaches its head: then only origins
    // whose pairs had no path need a look. Else check the origins that used a closed link.
    let detours = true;
    for (let a = 0; a < old.linkCount && detours; a++) {
      if (old.open[a] === 1 && net.open[a] === 0) detours = reaches(net, net.initNode[a] as number, net.termNode[a] as number, this.nodeLoad);
    }
    for (let o = 0; o < demand.originZone.length; o++) {
      if (originState[o] !== 1) continue;
      const end = demand.odStart[o + 1] as number;
      let rebuild = false;
      // A pair without a path may have one now.
      for (let k = demand.odStart[o] as number; k < end && opened && !rebuild; k++) rebuild = pairLoaded[k] === 0;
      // Only a bush holding a closed link (inBush) can carry flow on one: look at its entries then.
      const holdsClosed = this.closed.held(this.bushes, o);
      let closes = false;
      for (let e = o * m; holdsClosed && e < o * m + (bushCount[o] as number) && !closes; e++) {
        const a = bushList[e] as number;
        closes = a < old.linkCount && old.open[a] === 1 && net.open[a] === 0 && (bushFlow[e] as number) > 0;
      }
      if (!rebuild && closes && !detours) {
        spt.run(net, this.cost, demand.originZone[o] as number);
        for (let k = demand.odStart[o] as number; k < end && !rebuild; k++) rebuild = spt.dist[demand.destZone[k] as number] === Infinity;
      }
      if (rebuild) originState[o] = 2;
    }
  }

  /** Solves to the target gap, starting from the current bushes and flows. */
  solve(options: BushAssignmentOptions = {}): AssignmentResult {
    const { gap: target, maxIterations, maxMs, clock } = resolveOptions(options);
    const innerPasses = options.innerPasses ?? 1;
    const restrictedSweeps = options.restrictedSweeps;
    const tol = SHIFT_TOLERANCE_FRACTION * target;
    const t0 = clock?.() ?? 0;
    const history: GapRecord[] = [];
    let iterations = 0;
    let stopReason: StopReason | undefined;
    let sptt!: number;
    let unreachable!: UnreachablePair[];
    let lastExactGap = Infinity;
    this.closed.list(this.net);
    if (!this.flowsRebuilt) this.rebuildLinkFlows();
    this.flowsRebuilt = false;
    for (let o = 0; o < this.demand.originZone.length; o++) if (this.originState[o] !== 1) this.loadOrigin(o);
    for (;;) {
      const elapsedBefore = clock === undefined ? NaN : clock() - t0;
      const limitReached = iterations >= maxIterations || elapsedBefore > maxMs;
      // The estimate is taken at the start of an iteration's shifts, so it lags by one iteration:
      // the gap after the last one is predicted by the trend of the last two estimates.
      const est = this.gapEstimate;
      const prev = this.previousEstimate;
      const predicted = Number.isFinite(prev) && est < prev ? est * (est / prev) : est;
      if (limitReached || predicted * this.estimateScale <= target) {
        this.closed.dropResidue(this.bushes, this.demand.originZone.length, this.demand.total);
        this.rebuildLinkFlows();
        unreachable = [];
        sptt = this.exactSweep(unreachable);
        const m = summarize(this.net, this.demand, this.flow, sptt, []);
        const emptied = this.closed.empty(this.flow);
        const gap = emptied ? m.relativeGap : Infinity;
        const elapsed = clock === undefined ? NaN : clock() - t0;
        if (gap > target) this.estimateScale = predicted > 0 ? Math.min(MAX_ESTIMATE_SCALE, Math.max(1, gap / predicted)) : MAX_ESTIMATE_SCALE;
        if (options.history === true) history.push({ iteration: iterations, relativeGap: gap, seconds: elapsed / 1000 });
        options.control?.onProgress?.({ fraction: gapProgress(gap, target), stage: `algorithm B: iteration ${iterations}, gap ${gap.toExponential(2)}` });
        options.onIteration?.({ iteration: iterations, relativeGap: gap, exact: true, seconds: elapsed / 1000 });
        stopReason = stopReasonAfterMeasure(gap <= target, iterations, elapsed, { maxIterations, maxMs });
        if (stopReason !== undefined) break;
        // A stall: the bushes are in equilibrium but the network's shortest paths left them, and
        // the exact gap did not halve since the last exact sweep.
        if (gap < Infinity && gap > STALL_FACTOR * predicted && gap > 0.5 * lastExactGap) this.rebuildStalledOrigins();
        lastExactGap = gap;
      }
      throwIfCancelled(options.control, 'traffic assignment');
      this.previousEstimate = this.gapEstimate;
      this.gapEstimate = this.sweep(tol, innerPasses, restrictedSweeps);
      options.control?.onProgress?.({ fraction: gapProgress(this.gapEstimate, target), stage: `algorithm B: iteration ${iterations}, gap ≈ ${this.gapEstimate.toExponential(2)}` });
      options.onIteration?.({ iteration: iterations, relativeGap: this.gapEstimate, exact: false, seconds: clock === undefined ? NaN : (clock() - t0) / 1000 });
      iterations++;
      this.totalIterations++;
    }
    const measures = summarize(this.net, this.demand, this.flow, sptt, unreachable);
    return {
      method: 'b', ...measures, iterations, converged: stopReason === 'gap', stopReason,
      seconds: clock === undefined ? null : (clock() - t0) / 1000,
      linkFlow: this.flow.slice(), linkCost: computeLinkCosts(this.net, this.flow, new Float64Array(this.net.linkCount)), history,
    };
  }

  /** Link flows as Σ_o x^o (removes drift of the incremental updates) and bush costs. */
  private rebuildLinkFlows(): void {
    const { net, flow, cost } = this;
    const { bushList, bushFlow, bushCount } = this.bushes;
    const m = net.linkCount;
    flow.fill(0);
    for (let o = 0; o < this.demand.originZone.length; o++) {
      const end = o * m + (bushCount[o] as number);
      for (let e = o * m; e < end; e++) {
        const a = bushList[e] as number;
        flow[a] = (flow[a] as number) + (bushFlow[e] as number);
      }
    }
    for (let a = 0; a < m; a++) cost[a] = bushLinkCost(net, a, flow[a] as number);
  }

  /**
   * SPTT at the current costs (all origins at one and the same flows); lists pairs with no path.
   * An origin's shortest path costs come from its bush labels L (costs of actual paths), made
   * exact by ShortestPathTree.improve: near equilibrium most shortest paths lie in the bush, so
   * only a few labels fall, and this costs a fraction of a Dijkstra tree per origin.
   */
  private exactSweep(unreachable: UnreachablePair[]): number {
    const { net, demand, spt, cost, bushes } = this;
    let sptt = 0;
    for (let o = 0; o < demand.originZone.length; o++) {
      const origin = demand.originZone[o] as number;
      bushes.labels(o, origin, cost);
      const dist = bushes.L;
      const end = demand.odStart[o + 1] as number;
      let inBush = 0;
      for (let k = demand.odStart[o] as number; k < end; k++) {
        const c = dist[demand.destZone[k] as number] as number;
        if (c < Infinity) inBush += (demand.volume[k] as number) * c;
      }
      this.exactImproved += spt.improve(net, cost, origin, dist);
      let shortest = 0;
      for (let k = demand.odStart[o] as number; k < end; k++) {
        const d = demand.destZone[k] as number;
        const q = demand.volume[k] as number;
        const c = dist[d] as number;
        if (c === Infinity) unreachable.push({ origin: origin + 1, destination: d + 1, demand: q });
        else shortest += q * c;
      }
      this.hiddenExcess[o] = inBush - shortest;
      sptt += shortest;
    }
    return sptt;
  }

  /**
   * Reloads, from fresh trees at the current costs, the origins whose bushes miss their shortest
   * paths most (largest hidden excess, together STALL_REBUILD_SHARE of it). Their flows restart
   * from all-or-nothing and are equilibrated again by the following iterations.
   */
  private rebuildStalledOrigins(): void {
    const { hiddenExcess } = this;
    const origins = this.demand.originZone.length;
    let total = 0;
    for (let o = 0; o < origins; o++) if ((hiddenExcess[o] as number) > 0) total += hiddenExcess[o] as number;
    if (!(total > 0)) return;
    const byExcess = Array.from({ length: origins }, (_, o) => o).sort((a, b) => (hiddenExcess[b] as number) - (hiddenExcess[a] as number));
    let covered = 0;
    for (const o of byExcess) {
      if (covered >= STALL_REBUILD_SHARE * total) break;
      covered += hiddenExcess[o] as number;
      this.reloadOrigin(o);
      this.stallRebuilds++;
    }
    this.gapEstimate = Infinity;
    this.previousEstimate = Infinity;
    this.estimateScale = 1;
  }

  /** One iteration over all origins (bush update, flow shifts); returns the estimated relative gap. */
  private sweep(tol: number, innerPasses: number, restrictedSweeps: number | undefined): number {
    this.closed.dropResidue(this.bushes, this.demand.originZone.length, this.demand.total);
    const { demand, bushes, flow, cost, pairLoaded } = this;
    const { L } = bushes;
    let excess = 0;
    let total = 0;
    const anyClosed = !this.closed.empty(flow);
    let grown = 0;
    for (let o = 0; o < demand.originZone.length; o++) {
      const origin = demand.originZone[o] as number;
      const updated = bushes.update(o, origin, cost);
      if (bushes.lastAdded > 0) grown++;
      if (!updated) {
        // Not expected (the update keeps bushes acyclic); rebuild rather than fail.
        this.reloadOrigin(o);
        excess = Infinity;
        continue;
      }
      // The excess on the updated bush's labels (the first flow-shift pass computes them anyway):
      // with the shortcuts in, L is much nearer the network's shortest paths than before the update
      // (straight after loading, bushes are trees, L = U and the old estimate was 0).
      bushes.labels(o, origin, cost);
      const fc = bushes.flowCost;
      let sl = 0;
      const pairEnd = demand.odStart[o + 1] as number;
      for (let k = demand.odStart[o] as number; k < pairEnd; k++) {
        if (pairLoaded[k] === 1) sl += (demand.volume[k] as number) * (L[demand.destZone[k] as number] as number);
      }
      excess += fc - sl;
      total += fc;
      if (innerPasses > 0 && bushes.shiftAll(o, flow, cost, tol) > 0) {
        for (let pass = 1; pass < innerPasses; pass++) {
          if (bushes.equilibrate(o, origin, flow, cost, tol) === 0) break;
        }
      }
      // After a closure, while this bush still routes flow over a closed link: update and shift
      // again. An update adds links only out of nodes the bush reaches at finite cost (behind the
      // closed link, nodes are +∞), so a detour through nodes new to the bush gains one link layer
      // per update; with one update per iteration the link took 2 iterations to empty on the grid.
      for (let pass = 0; anyClosed && pass < CLOSED_EXTRA_PASSES && this.closed.carried(this.bushes, o); pass++) {
        if (!bushes.update(o, origin, cost)) {
          this.reloadOrigin(o);
          break;
        }
        if (bushes.equilibrate(o, origin, flow, cost, tol) === 0) break;
      }
    }
    // Restricted sweeps: shifts over every bush again, without updates (origins interact through the costs).
    const sweeps = restrictedSweeps ?? (grown < STABLE_BUSH_FRACTION * demand.originZone.length ? STABLE_RESTRICTED_SWEEPS : 1);
    for (let sweep = 0; sweep < sweeps; sweep++) {
      let shifts = 0;
      for (let o = 0; o < demand.originZone.length; o++) shifts += bushes.equilibrate(o, demand.originZone[o] as number, flow, cost, tol);
      if (shifts === 0) break;
    }
    if (!(total < Infinity)) return Infinity;
    return total > 0 && excess >= 0 ? excess / total : excess < 0 ? 0 : Infinity;
  }

  /** Takes origin o's flows off and loads its demand again on a fresh tree (its bush could not be kept). */
  private reloadOrigin(o: number): void {
    this.originState[o] = 2;
    this.loadOrigin(o);
  }

  /**
   * Puts origin o's demand on a Dijkstra tree at the current costs, which becomes its bush (after
   * removing its old flows when it is rebuilt). Pairs with no path are left unloaded.
   */
  private loadOrigin(o: number): void {
    const { net, demand, bushes, spt, flow, cost, nodeLoad, pairLoaded } = this;
    const m = net.linkCount;
    const base = o * m;
    const { bushList, bushFlow } = bushes;
    if (this.originState[o] === 2) {
      const end = base + (bushes.bushCount[o] as number);
      for (let e = base; e < end; e++) {
        const x = bushFlow[e] as number;
        if (x === 0) continue;
        const a = bushList[e] as number;
        let f = (flow[a] as number) - x;
        if (f < 0) f = 0;
        flow[a] = f;
        cost[a] = bushLinkCost(net, a, f);
        bushFlow[e] = 0;
      }
    }
    const origin = demand.originZone[o] as number;
    spt.run(net, cost, origin);
    bushes.setTreeBush(o, spt);
    const { dist, predLink, order } = spt;
    const end = demand.odStart[o + 1] as number;
    for (let k = demand.odStart[o] as number; k < end; k++) {
      const d = demand.destZone[k] as number;
      const reachable = dist[d] !== Infinity;
      pairLoaded[k] = reachable ? 1 : 0;
      if (reachable) nodeLoad[d] = (nodeLoad[d] as number) + (demand.volume[k] as number);
    }
    for (let t = spt.settled - 1; t > 0; t--) {
      const u = order[t] as number;
      const load = nodeLoad[u] as number;
      if (load === 0) continue;
      nodeLoad[u] = 0;
      const a = predLink[u] as number;
      // setTreeBush put the link into u = order[t] at entry t − 1.
      bushFlow[base + t - 1] = (bushFlow[base + t - 1] as number) + load;
      const f = (flow[a] as number) + load;
      flow[a] = f;
      cost[a] = bushLinkCost(net, a, f);
      const tail = net.initNode[a] as number;
      nodeLoad[tail] = (nodeLoad[tail] as number) + load;
    }
    nodeLoad[origin] = 0;
    this.originState[o] = 1;
  }
}

/** Cold-start Algorithm B. */
export function solveAlgorithmB(net: TrafficNetwork, demand: OdDemand, options: BushAssignmentOptions = {}): AssignmentResult {
  return new BushAssignment(net, demand).solve(options);
}
