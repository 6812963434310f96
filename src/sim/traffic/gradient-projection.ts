/**
 * Static user equilibrium by path-based gradient projection (Jayakrishnan, Tsai, Prashker &
 * Rajadhyaksha 1994, "A faster path-based algorithm for traffic assignment", TRR 1443), with
 * column generation from per-origin shortest-path trees and Gauss–Seidel flow shifts:
 *
 * An iteration is one of two kinds:
 *   fresh (while the gap is above the target): per origin, a Dijkstra tree at the current costs,
 *      then at once, for each of its OD pairs away from equilibrium: add the tree path when new,
 *      load any unassigned demand on it (incremental loading by origin), and move flow from every
 *      costlier path p to the cheapest path m by the Newton step
 *      Δf = min(f_p, (c_p − c_m) / Σ_{a ∈ p ⊕ m} c'_a) (⊕: links on one path only), updating the
 *      link costs at once (Gauss–Seidel). Each pair's excess Σ f_p c_p − q·(shortest) is summed
 *      when visited into an estimate of the gap;
 *   exact (once the estimate reaches the target, and before any stop): a tree per origin at one
 *      and the same flows gives SPTT and the exact relative gap; stop when it reaches the target,
 *      else do the same column generation and shifts from these trees.
 * Then `innerPasses` restricted sweeps of the shifts over the active pairs' path sets. Pairs are
 * active when they have unassigned demand, a cheaper tree path, or an excess above a tenth of the
 * target gap (relative to q·shortest), so near convergence an iteration costs little more than
 * its trees.
 * Paths with no flow are dropped. The object keeps its paths and flows, so a what-if re-solve
 * (see what-if.ts) starts from the previous equilibrium.
 */
import { throwIfCancelled } from '../core/progress';
import { summarize, type UnreachablePair } from './assignment-measures';
import { gapProgress, resolveOptions, stopReasonAfterMeasure, type AssignmentOptions, type AssignmentResult, type GapRecord, type StopReason } from './assignment-options';
import { computeLinkCosts, linkCost, linkCostDerivative } from './link-cost';
import type { OdDemand } from './od-demand';
import { PathSet } from './path-set';
import type { TrafficNetwork } from './road-graph';
import { ShortestPathTree } from './shortest-path';

export interface GradientProjectionOptions extends AssignmentOptions {
  /** Restricted sweeps over the path sets after each column-generation sweep; default 3. */
  innerPasses?: number;
}

/** Trees of all origins are kept when origins × nodes is at most this (else recomputed in step B). */
const MAX_STORED_TREE_ENTRIES = 1 << 24;
/** A pair is worked on while its excess cost exceeds this fraction of the target gap (relative to q·shortest). */
const ACTIVE_EXCESS_FRACTION = 0.1;
/**
 * A tree path is added when cheaper than every path of the pair by more than this fraction, or by
 * more than the active tolerance (a tenth of the target gap) when that is larger.
 */
const NEW_COLUMN_FRACTION = 1e-13;
/** Demand left unassigned above this fraction of q is loaded on the tree path. */
const MISSING_DEMAND_FRACTION = 1e-12;
/** Link flows are rebuilt from path flows every so many iterations (drift of incremental updates). */
const REBUILD_EVERY = 8;
/** Bits of odState. */
const OD_LOAD = 1;
const OD_NEW_COLUMN = 2;

export class PathBasedAssignment {
  net: TrafficNetwork;
  readonly demand: OdDemand;
  readonly paths: PathSet;
  /** Link flows (vehicles) and generalized costs, indexed by link id. */
  flow: Float64Array;
  cost: Float64Array;
  /** True while some reachable demand may be unassigned (cold start, after a closure). */
  needsLoading = true;
  /** Iterations run by every solve of this object. */
  totalIterations = 0;
  private readonly spt: ShortestPathTree;
  private readonly trees: Int32Array | undefined;
  private readonly seq: Int32Array;
  private markM: Int32Array;
  private markP: Int32Array;
  private stamp = 0;
  /** Origin index of each OD pair. */
  private readonly odOrigin: Int32Array;
  /** OD_LOAD | OD_NEW_COLUMN flags set by step A. */
  private readonly odState: Uint8Array;
  /** Pairs worked on in steps B and C. */
  private readonly activeList: Int32Array;
  private activeCount = 0;
  /** Relative gap last measured or estimated (Infinity after an edit). */
  private gapEstimate = Infinity;
  /** Σ f_p and Σ f_p·c_p of the pair last costed by measurePair (veh; veh·cost unit). */
  private pairAssigned = 0;
  private pairFlowCost = 0;

  constructor(net: TrafficNetwork, demand: OdDemand) {
    if (demand.zoneCount > net.zoneCount) throw new Error(`assignment: demand has ${demand.zoneCount} zones, network ${net.zoneCount}`);
    this.net = net;
    this.demand = demand;
    this.paths = new PathSet(demand.destZone.length);
    this.flow = new Float64Array(net.linkCount);
    this.cost = computeLinkCosts(net, this.flow, new Float64Array(net.linkCount));
    this.spt = new ShortestPathTree(net.nodeCount);
    const entries = demand.originZone.length * net.nodeCount;
    this.trees = entries <= MAX_STORED_TREE_ENTRIES ? new Int32Array(entries) : undefined;
    this.seq = new Int32Array(net.nodeCount);
    this.markM = new Int32Array(net.linkCount);
    this.markP = new Int32Array(net.linkCount);
    const pairs = demand.destZone.length;
    this.odOrigin = new Int32Array(pairs);
    for (let o = 0; o < demand.originZone.length; o++) this.odOrigin.fill(o, demand.odStart[o], demand.odStart[o + 1]);
    this.odState = new Uint8Array(pairs);
    this.activeList = new Int32Array(pairs);
  }

  /**
   * Replaces the network by an edited one with the same nodes and the same first links (what-if).
   * Paths that use a now-closed link are dropped; their demand is loaded again by the next solve,
   * which also rebuilds the link flows and costs from the remaining paths.
   */
  setNetwork(net: TrafficNetwork): void {
    if (net.nodeCount !== this.net.nodeCount) throw new Error('assignment: a what-if network must keep the node set');
    if (net.linkCount < this.net.linkCount) throw new Error('assignment: a what-if network may only append links');
    if (net.linkCount > this.flow.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(net.linkCount);
        b.set(a);
        return b;
      };
      this.flow = grow(this.flow);
      this.cost = new Float64Array(net.linkCount);
      this.markM = new Int32Array(net.linkCount);
      this.markP = new Int32Array(net.linkCount);
      this.stamp = 0;
    }
    this.net = net;
    this.gapEstimate = Infinity;
    const { paths } = this;
    for (let k = 0; k < this.demand.destZone.length; k++) {
      let prev = -1;
      for (let p = paths.odFirst[k] as number; p >= 0;) {
        const next = paths.pathNext[p] as number;
        if (this.pathIsClosed(p)) {
          paths.remove(k, prev, p);
          this.needsLoading = true;
        } else prev = p;
        p = next;
      }
    }
  }

  /** Solves to the target gap, starting from the current paths and flows. */
  solve(options: GradientProjectionOptions = {}): AssignmentResult {
    const { gap: target, maxIterations, maxMs, clock } = resolveOptions(options);
    const innerPasses = options.innerPasses ?? 3;
    const activeTol = ACTIVE_EXCESS_FRACTION * target;
    const t0 = clock?.() ?? 0;
    const history: GapRecord[] = [];
    let iterations = 0;
    let stopReason: StopReason | undefined;
    // Set by the exact measurement that every exit of the loop follows.
    let sptt!: number;
    let unreachable!: UnreachablePair[];
    this.rebuildLinkFlows();
    for (;;) {
      if (iterations > 0 && iterations % REBUILD_EVERY === 0) this.rebuildLinkFlows();
      const elapsedBefore = clock === undefined ? NaN : clock() - t0;
      const limitReached = iterations >= maxIterations || elapsedBefore > maxMs;
      if (limitReached || (!this.needsLoading && this.gapEstimate <= target)) {
        // Exact measurement: trees of all origins at the same flows.
        unreachable = [];
        sptt = this.shortestPathSweep(unreachable, activeTol);
        const m = summarize(this.net, this.demand, this.flow, sptt, []);
        const elapsed = clock === undefined ? NaN : clock() - t0;
        this.gapEstimate = this.needsLoading ? Infinity : m.relativeGap;
        if (options.history === true) history.push({ iteration: iterations, relativeGap: this.needsLoading ? NaN : m.relativeGap, seconds: elapsed / 1000 });
        options.control?.onProgress?.({ fraction: this.needsLoading ? 0 : gapProgress(m.relativeGap, target), stage: `gradient projection: iteration ${iterations}, gap ${m.relativeGap.toExponential(2)}` });
        options.onIteration?.({ iteration: iterations, relativeGap: this.needsLoading ? NaN : m.relativeGap, exact: true, seconds: elapsed / 1000 });
        stopReason = stopReasonAfterMeasure(!this.needsLoading && m.relativeGap <= target, iterations, elapsed, { maxIterations, maxMs });
        if (stopReason !== undefined) break;
        throwIfCancelled(options.control, 'traffic assignment');
        this.columnGenerationSweep();
      } else {
        throwIfCancelled(options.control, 'traffic assignment');
        this.gapEstimate = this.freshSweep(activeTol);
        options.control?.onProgress?.({ fraction: gapProgress(this.gapEstimate, target), stage: `gradient projection: iteration ${iterations}, gap ≈ ${this.gapEstimate.toExponential(2)}` });
        options.onIteration?.({ iteration: iterations, relativeGap: this.gapEstimate, exact: false, seconds: clock === undefined ? NaN : (clock() - t0) / 1000 });
      }
      const { activeList, activeCount } = this;
      for (let pass = 0; pass < innerPasses; pass++) {
        for (let i = 0; i < activeCount; i++) this.equilibrate(activeList[i] as number);
      }
      iterations++;
      this.totalIterations++;
    }
    const measures = summarize(this.net, this.demand, this.flow, sptt, unreachable);
    return {
      method: 'gp', ...measures, iterations, converged: stopReason === 'gap', stopReason,
      seconds: clock === undefined ? null : (clock() - t0) / 1000,
      linkFlow: this.flow.slice(), linkCost: this.cost.slice(), history,
    };
  }

  /** Link flows as the sum of path flows (removes drift of the incremental updates) and costs. */
  rebuildLinkFlows(): void {
    const { flow, paths } = this;
    flow.fill(0);
    const { pathNext, pathStart, pathLength, pathFlow, links } = paths;
    for (let k = 0; k < this.demand.destZone.length; k++) {
      for (let p = paths.odFirst[k] as number; p >= 0; p = pathNext[p] as number) {
        const f = pathFlow[p] as number;
        const s = pathStart[p] as number;
        const e = s + (pathLength[p] as number);
        for (let i = s; i < e; i++) {
          const a = links[i] as number;
          flow[a] = (flow[a] as number) + f;
        }
      }
    }
    computeLinkCosts(this.net, flow, this.cost);
  }

  /**
   * Step A: a tree per origin (stored for step B) → SPTT; lists pairs with no path. Marks the pairs
   * to work on in step B: unassigned demand, a tree path cheaper than all their paths, or an excess
   * cost Σ f_p c_p − q·(shortest) above `activeTol` · q · (shortest).
   */
  private shortestPathSweep(unreachable: UnreachablePair[], activeTol: number): number {
    const { net, demand, spt, trees, cost, odState, activeList } = this;
    const n = net.nodeCount;
    let sptt = 0;
    let active = 0;
    for (let o = 0; o < demand.originZone.length; o++) {
      const origin = demand.originZone[o] as number;
      spt.run(net, cost, origin);
      trees?.set(spt.predLink, o * n);
      const dist = spt.dist;
      const end = demand.odStart[o + 1] as number;
      for (let k = demand.odStart[o] as number; k < end; k++) {
        const d = demand.destZone[k] as number;
        const q = demand.volume[k] as number;
        const c = dist[d] as number;
        if (c === Infinity) {
          unreachable.push({ origin: origin + 1, destination: d + 1, demand: q });
          continue;
        }
        sptt += q * c;
        const state = this.measurePair(k, q, c, activeTol);
        const assigned = this.pairAssigned;
        const fc = this.pairFlowCost;
        odState[k] = state;
        if (state !== 0 || fc - assigned * c > activeTol * q * c) activeList[active++] = k;
      }
    }
    this.activeCount = active;
    return sptt;
  }

  /**
   * Costs pair k's paths at the current link costs (demand q, shortest-path cost c): sets
   * pairAssigned (Σ f_p) and pairFlowCost (Σ f_p·c_p), and returns the pair's state: OD_LOAD when
   * part of its demand is unassigned, OD_NEW_COLUMN when the tree path beats all its paths by more
   * than `activeTol` (relative).
   */
  private measurePair(k: number, q: number, c: number, activeTol: number): number {
    const { paths, cost } = this;
    const { pathNext, pathStart, pathLength, pathFlow, links } = paths;
    let assigned = 0;
    let fc = 0;
    let cmin = Infinity;
    for (let p = paths.odFirst[k] as number; p >= 0; p = pathNext[p] as number) {
      const sp = pathStart[p] as number;
      const ep = sp + (pathLength[p] as number);
      let pc = 0;
      for (let i = sp; i < ep; i++) pc += cost[links[i] as number] as number;
      const f = pathFlow[p] as number;
      assigned += f;
      fc += f * pc;
      if (pc < cmin) cmin = pc;
    }
    this.pairAssigned = assigned;
    this.pairFlowCost = fc;
    let state = 0;
    if (q - assigned > MISSING_DEMAND_FRACTION * q) state |= OD_LOAD;
    if (cmin - c > Math.max(NEW_COLUMN_FRACTION, activeTol) * c) state |= OD_NEW_COLUMN;
    return state;
  }

  /**
   * A sweep with a fresh tree per origin, its pairs worked on at once (no separate step A).
   * Returns the relative gap estimated at visit time (Σ excess / Σ f·c, each pair measured when
   * visited); the exact gap is measured by step A once the estimate reaches the target.
   */
  private freshSweep(activeTol: number): number {
    const { net, demand, spt, cost, activeList } = this;
    let excess = 0;
    let total = 0;
    let active = 0;
    for (let o = 0; o < demand.originZone.length; o++) {
      const origin = demand.originZone[o] as number;
      spt.run(net, cost, origin);
      const dist = spt.dist;
      const end = demand.odStart[o + 1] as number;
      for (let k = demand.odStart[o] as number; k < end; k++) {
        const d = demand.destZone[k] as number;
        const q = demand.volume[k] as number;
        const c = dist[d] as number;
        if (c === Infinity) continue;
        const state = this.measurePair(k, q, c, activeTol);
        const assigned = this.pairAssigned;
        const fc = this.pairFlowCost;
        excess += fc - assigned * c;
        total += fc;
        if (state === 0 && !(fc - assigned * c > activeTol * q * c)) continue;
        activeList[active++] = k;
        if (state !== 0) this.addTreePath(k, origin, spt.predLink, 0, state);
        this.equilibrate(k);
      }
    }
    this.activeCount = active;
    this.needsLoading = false;
    return total > 0 ? excess / total : Infinity;
  }

  /** Adds the tree path to OD k's paths when new, and loads k's unassigned demand on it (OD_LOAD). */
  private addTreePath(k: number, origin: number, pred: Int32Array, base: number, state: number): void {
    const { net, demand, paths, seq } = this;
    const d = demand.destZone[k] as number;
    let len = 0;
    for (let v = d; v !== origin;) {
      const a = pred[base + v] as number;
      seq[len++] = a;
      v = net.initNode[a] as number;
    }
    const hash = PathSet.hashLinks(seq, len);
    let p = paths.find(k, seq, len, hash);
    if (p < 0) p = paths.add(k, seq, len, hash, 0);
    if ((state & OD_LOAD) !== 0) {
      let assigned = 0;
      for (let q = paths.odFirst[k] as number; q >= 0; q = paths.pathNext[q] as number) assigned += paths.pathFlow[q] as number;
      const missing = (demand.volume[k] as number) - assigned;
      if (missing > 0) {
        paths.pathFlow[p] = (paths.pathFlow[p] as number) + missing;
        this.addFlow(p, missing, undefined, 0);
      }
    }
  }

  /** Step B over the active pairs: column generation from the trees, loading, flow shifts. */
  private columnGenerationSweep(): void {
    const { net, demand, spt, trees, odState, odOrigin, activeList, activeCount } = this;
    const n = net.nodeCount;
    let treeOf = -1;
    for (let i = 0; i < activeCount; i++) {
      const k = activeList[i] as number;
      const state = odState[k] as number;
      if (state !== 0) {
        const o = odOrigin[k] as number;
        const origin = demand.originZone[o] as number;
        if (treeOf !== o && (trees === undefined || (state & OD_LOAD) !== 0)) {
          // Demand to load goes on a tree at the current costs (so the loads of earlier origins
          // are seen: incremental loading by origin), not on the tree of step A.
          spt.run(net, this.cost, origin);
          treeOf = o;
        }
        if (treeOf === o) this.addTreePath(k, origin, spt.predLink, 0, state);
        else this.addTreePath(k, origin, trees as Int32Array, o * n, state);
      }
      this.equilibrate(k);
    }
    this.needsLoading = false;
  }

  /** Newton flow shifts from every costlier path of OD k to its cheapest path. */
  private equilibrate(k: number): void {
    const { paths, net, flow, cost, markM, markP } = this;
    const { pathNext, pathStart, pathLength, pathFlow, links } = paths;
    const first = paths.odFirst[k] as number;
    if (first < 0 || (pathNext[first] as number) < 0) return;
    let m = -1;
    let cm = Infinity;
    for (let p = first; p >= 0; p = pathNext[p] as number) {
      const c = this.pathCost(p);
      if (c < cm) {
        cm = c;
        m = p;
      }
    }
    const sm = pathStart[m] as number;
    const em = sm + (pathLength[m] as number);
    const stampM = ++this.stamp;
    for (let i = sm; i < em; i++) markM[links[i] as number] = stampM;
    let prev = -1;
    for (let p = paths.odFirst[k] as number; p >= 0;) {
      const next = pathNext[p] as number;
      if (p === m) {
        prev = p;
        p = next;
        continue;
      }
      const fp = pathFlow[p] as number;
      const sp = pathStart[p] as number;
      const ep = sp + (pathLength[p] as number);
      const stampP = ++this.stamp;
      let cp = 0;
      let h = 0;
      for (let i = sp; i < ep; i++) {
        const a = links[i] as number;
        markP[a] = stampP;
        cp += cost[a] as number;
        if (markM[a] !== stampM) h += linkCostDerivative(net, a, flow[a] as number);
      }
      for (let i = sm; i < em; i++) {
        const a = links[i] as number;
        if (markP[a] !== stampP) h += linkCostDerivative(net, a, flow[a] as number);
      }
      const dc = cp - cm;
      let dx = 0;
      if (dc > 0) dx = h > 0 && dc < fp * h ? dc / h : fp;
      if (dx > 0) {
        // Shift dx from p to m on the links the two paths do not share.
        this.addFlow(p, -dx, markM, stampM);
        this.addFlow(m, dx, markP, stampP);
        pathFlow[m] = (pathFlow[m] as number) + dx;
        cm = this.pathCost(m);
      }
      if (dx >= fp) {
        paths.remove(k, prev, p);
      } else {
        pathFlow[p] = fp - dx;
        prev = p;
      }
      p = next;
    }
  }

  /** Adds `df` to the links of path p not marked with `stamp` in `mark`, updating their costs. */
  private addFlow(p: number, df: number, mark: Int32Array | undefined, stamp: number): void {
    const { paths, net, flow, cost } = this;
    const s = paths.pathStart[p] as number;
    const e = s + (paths.pathLength[p] as number);
    for (let i = s; i < e; i++) {
      const a = paths.links[i] as number;
      if (mark !== undefined && mark[a] === stamp) continue;
      let v = (flow[a] as number) + df;
      if (v < 0) v = 0;
      flow[a] = v;
      cost[a] = linkCost(net, a, v);
    }
  }

  private pathIsClosed(p: number): boolean {
    const { paths, net } = this;
    const s = paths.pathStart[p] as number;
    const e = s + (paths.pathLength[p] as number);
    for (let i = s; i < e; i++) if (net.open[paths.links[i] as number] === 0) return true;
    return false;
  }

  private pathCost(p: number): number {
    const { paths, cost } = this;
    const s = paths.pathStart[p] as number;
    const e = s + (paths.pathLength[p] as number);
    let c = 0;
    for (let i = s; i < e; i++) c += cost[paths.links[i] as number] as number;
    return c;
  }

}

/** Cold-start gradient projection. */
export function solveGradientProjection(net: TrafficNetwork, demand: OdDemand, options: GradientProjectionOptions = {}): AssignmentResult {
  return new PathBasedAssignment(net, demand).solve(options);
}
