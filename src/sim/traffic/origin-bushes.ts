/**
 * The per-origin bushes of Algorithm B (Dial 2006, "A path-based user-equilibrium traffic
 * assignment algorithm that obviates path storage and enumeration", Transportation Research B 40;
 * bush update rules as in Nie 2010, "A class of bush-based algorithms for the traffic assignment
 * problem", TR-B 44): for each origin an acyclic subnetwork (its bush) carrying all of the
 * origin's flow, stored as one flag and one origin flow per link, plus a topological order.
 *
 *   labels:   in topological order, the shortest (L, over every bush link) and the longest
 *             (U, over the links that carry flow of this origin) path cost to each node;
 *   update:   drop the bush links with no flow that are not on the shortest-path tree of the bush,
 *             then add every open link (i, j) with U_i + c_ij < U_j, U the longest path over the
 *             remaining bush (shortcuts; adding only such links keeps the bush acyclic, Nie 2010 §3),
 *             and every link with L_i + c_ij < L_j and U_i < U_j (a cheaper way out of the bush;
 *             every bush link has U_i ≤ U_j, and one with U_i < U_j closes no cycle). Without
 *             the second rule the Geneva district stalled at an exact gap of 2.7e-6 with every
 *             bush in equilibrium: the cheapest path left the bush at a link (i, j) with
 *             U_i + c_ij ≥ U_j, i reached only by unused links. Any other link with
 *             L_i + c_ij < L_j is added tentatively: bush-order.ts keeps it unless j reaches i
 *             in the bush (a cycle). Without this, a road closure on the Geneva district stalled
 *             at an exact gap of 3.9e-5 (bush estimate 1.8e-9): shortcuts out of nodes that
 *             unused bush paths reach late (U_i ≥ U_j) were never added;
 *   shift:    for each node j, last in topological order first, move
 *             Δ = min(min flow on the longest segment, (C_long − C_short) / Σ c') from the longest
 *             used path segment to the shortest one, between j and their last common node
 *             (a Newton step on the two segments, Dial 2006 §3).
 * A closed link keeps an infinite cost until its flow has been shifted away (what-if), so the
 * shifts themselves empty it. Everything lives in typed arrays of origins × links and
 * origins × nodes, allocated once; the inner loops allocate nothing. An origin's flows are stored
 * per bush entry, beside the link list (bushFlow[e] belongs to bushList[e]), so a pass over a bush
 * reads two short contiguous runs: indexing them by link id (origins × links, 10 MB on the
 * synthetic grid) made every pass miss the cache on each link and cost 5–7× as much.
 */
import { BushOrder } from './bush-order';
import { linkCost, linkCostDerivative } from './link-cost';
import type { TrafficNetwork } from './road-graph';
import type { ShortestPathTree } from './shortest-path';

/** Reverse star (in-links per node) and forward star over every link, open or closed. */
export interface AllLinkStars {
  inStart: Int32Array;
  inLinks: Int32Array;
  outStart: Int32Array;
  outLinks: Int32Array;
}

export function buildAllLinkStars(net: TrafficNetwork): AllLinkStars {
  const n = net.nodeCount;
  const m = net.linkCount;
  const inStart = new Int32Array(n + 1);
  const outStart = new Int32Array(n + 1);
  for (let a = 0; a < m; a++) {
    const j = (net.termNode[a] as number) + 1;
    const i = (net.initNode[a] as number) + 1;
    inStart[j] = (inStart[j] as number) + 1;
    outStart[i] = (outStart[i] as number) + 1;
  }
  for (let v = 0; v < n; v++) {
    inStart[v + 1] = (inStart[v + 1] as number) + (inStart[v] as number);
    outStart[v + 1] = (outStart[v + 1] as number) + (outStart[v] as number);
  }
  const inFill = inStart.slice(0, n);
  const outFill = outStart.slice(0, n);
  const inLinks = new Int32Array(m);
  const outLinks = new Int32Array(m);
  for (let a = 0; a < m; a++) {
    const j = net.termNode[a] as number;
    const i = net.initNode[a] as number;
    const ei = inFill[j] as number;
    const eo = outFill[i] as number;
    inLinks[ei] = a;
    outLinks[eo] = a;
    inFill[j] = ei + 1;
    outFill[i] = eo + 1;
  }
  return { inStart, inLinks, outStart, outLinks };
}

/** Generalized cost of link a at flow v; +∞ for a closed link (it must be emptied). */
export function bushLinkCost(net: TrafficNetwork, a: number, v: number): number {
  return net.open[a] === 0 ? Infinity : linkCost(net, a, v);
}

export class OriginBushes {
  net: TrafficNetwork;
  stars: AllLinkStars;
  /** 1 when link a is in the bush of origin o: inBush[o · linkCount + a]. */
  inBush: Uint8Array;
  /**
   * The bush links of origin o ordered by the topological position of their head, so one pass
   * in this order sees every link into a node before any link out of it: bushList[o · linkCount + e],
   * e < bushCount[o].
   */
  bushList: Int32Array;
  /** Origin flow on each bush entry (vehicles): bushFlow[o · linkCount + e] is on link bushList[same]. */
  bushFlow: Float64Array;
  readonly bushCount: Int32Array;
  /** Bush nodes of origin o in topological order: topo[o · nodeCount + t], t < topoLen[o]. */
  readonly topo: Int32Array;
  readonly topoLen: Int32Array;
  /**
   * Labels of the origin last labelled (cost unit), the bush entries (e, relative to the origin's
   * base) of their last links (−1 none), and topological positions.
   */
  readonly L: Float64Array;
  readonly U: Float64Array;
  readonly minEntry: Int32Array;
  readonly maxEntry: Int32Array;
  readonly pos: Int32Array;
  /** Keeps each bush's topological order through its updates. */
  readonly order: BushOrder;
  /** Links added by the last update: those proven acyclic first, then the tentative ones. */
  private added: Int32Array;
  private tentative: Int32Array;
  /** Shifts made by the last equilibrate call. */
  shifts = 0;
  /** Links added to the bush by the last update call. */
  lastAdded = 0;
  /** Σ origin flow × cost over the bush at the last `labels` call (cost unit × vehicles). */
  flowCost = 0;

  constructor(net: TrafficNetwork, readonly originCount: number) {
    const n = net.nodeCount;
    const m = net.linkCount;
    this.net = net;
    this.stars = buildAllLinkStars(net);
    this.inBush = new Uint8Array(originCount * m);
    this.bushList = new Int32Array(originCount * m);
    this.bushFlow = new Float64Array(originCount * m);
    this.bushCount = new Int32Array(originCount);
    this.topo = new Int32Array(originCount * n);
    this.topoLen = new Int32Array(originCount);
    this.L = new Float64Array(n);
    this.U = new Float64Array(n);
    this.minEntry = new Int32Array(n);
    this.maxEntry = new Int32Array(n);
    this.pos = new Int32Array(n);
    this.order = new BushOrder(n, m);
    this.added = new Int32Array(m);
    this.tentative = new Int32Array(m);
  }

  /** Takes an edited network with the same nodes and possibly appended links (what-if). */
  setNetwork(net: TrafficNetwork): void {
    const m0 = this.net.linkCount;
    const m = net.linkCount;
    if (m > m0) {
      const inBush = new Uint8Array(this.originCount * m);
      const bushList = new Int32Array(this.originCount * m);
      const bushFlow = new Float64Array(this.originCount * m);
      for (let o = 0; o < this.originCount; o++) {
        const count = this.bushCount[o] as number;
        inBush.set(this.inBush.subarray(o * m0, (o + 1) * m0), o * m);
        bushList.set(this.bushList.subarray(o * m0, o * m0 + count), o * m);
        bushFlow.set(this.bushFlow.subarray(o * m0, o * m0 + count), o * m);
      }
      this.inBush = inBush;
      this.bushList = bushList;
      this.bushFlow = bushFlow;
      this.order.setLinkCount(m);
      this.added = new Int32Array(m);
      this.tentative = new Int32Array(m);
    }
    this.net = net;
    this.stars = buildAllLinkStars(net);
  }

  /** Bush of origin o = the shortest-path tree in `spt` (already run from o's zone); no flow on it. */
  setTreeBush(o: number, spt: ShortestPathTree): void {
    const m = this.net.linkCount;
    const n = this.net.nodeCount;
    const base = o * m;
    this.inBush.fill(0, base, base + m);
    const { order, predLink, settled } = spt;
    for (let t = 1; t < settled; t++) {
      const a = predLink[order[t] as number] as number;
      this.inBush[base + a] = 1;
      this.bushList[base + t - 1] = a;
    }
    this.bushFlow.fill(0, base, base + settled - 1);
    this.bushCount[o] = settled - 1;
    this.topo.set(order.subarray(0, settled), o * n);
    this.topoLen[o] = settled;
  }

  /**
   * Shortest (L, minEntry: every bush link) and longest (U, maxEntry: links with origin flow) path
   * labels of origin o in topological order, and its flow cost; sets pos. Nodes outside the bush
   * keep L = +∞, U = −∞ (and pos −1 when not in the order).
   */
  labels(o: number, origin: number, cost: Float64Array): void {
    const { net, L, U, minEntry, maxEntry, pos, bushList, bushFlow, topo } = this;
    const init = net.initNode;
    const term = net.termNode;
    const base = o * net.linkCount;
    const tb = o * net.nodeCount;
    const len = this.topoLen[o] as number;
    L.fill(Infinity);
    U.fill(-Infinity);
    minEntry.fill(-1);
    maxEntry.fill(-1);
    pos.fill(-1);
    for (let t = 0; t < len; t++) pos[topo[tb + t] as number] = t;
    L[origin] = 0;
    U[origin] = 0;
    const count = this.bushCount[o] as number;
    let flowCost = 0;
    for (let e = 0; e < count; e++) {
      const a = bushList[base + e] as number;
      const i = init[a] as number;
      const j = term[a] as number;
      const c = cost[a] as number;
      const li = (L[i] as number) + c;
      if (li < (L[j] as number)) {
        L[j] = li;
        minEntry[j] = e;
      }
      const x = bushFlow[base + e] as number;
      if (x > 0) flowCost += x * c;
      const ui = U[i] as number;
      if (ui > -Infinity && x > 0) {
        const u = ui + c;
        if (u > (U[j] as number)) {
          U[j] = u;
          maxEntry[j] = e;
        }
      }
    }
    this.flowCost = flowCost;
  }

  /**
   * Bush update of origin o (Nie 2010): removes unused links off the bush's shortest-path tree,
   * adds shortcut links with respect to the longest-path labels, and restores the bush's
   * topological order (bush-order.ts).
   * Returns false when the bush could not be ordered (the caller then rebuilds it).
   * Leaves L (shortest paths in the bush before the additions).
   */
  update(o: number, origin: number, cost: Float64Array): boolean {
    const { net, inBush, minEntry, L, U, pos, bushList, bushFlow, added, topo } = this;
    const m = net.linkCount;
    const base = o * m;
    const init = net.initNode;
    const term = net.termNode;
    const open = net.open;
    // One pass, node by node in topological order (a node's in-links are consecutive entries):
    // L and minEntry over all of the node's bush links, then drop its unused links that are not
    // on the bush's shortest-path tree (closed ones always), keeping the list's order, and U over
    // the links that stay.
    const tb = o * net.nodeCount;
    const len = this.topoLen[o] as number;
    L.fill(Infinity);
    U.fill(-Infinity);
    minEntry.fill(-1);
    pos.fill(-1);
    for (let t = 0; t < len; t++) pos[topo[tb + t] as number] = t;
    L[origin] = 0;
    U[origin] = 0;
    const count = this.bushCount[o] as number;
    let kept = 0;
    let e = 0;
    while (e < count) {
      const j = term[bushList[base + e] as number] as number;
      let g = e;
      let lj = L[j] as number;
      for (; g < count; g++) {
        const a = bushList[base + g] as number;
        if (term[a] !== j) break;
        const li = (L[init[a] as number] as number) + (cost[a] as number);
        if (li < lj) {
          lj = li;
          minEntry[j] = g;
        }
      }
      L[j] = lj;
      const minE = minEntry[j] as number;
      let uj = U[j] as number;
      for (let k = e; k < g; k++) {
        const a = bushList[base + k] as number;
        const x = bushFlow[base + k] as number;
        if (x <= 0 && (minE !== k || open[a] === 0)) {
          inBush[base + a] = 0;
          continue;
        }
        bushList[base + kept] = a;
        bushFlow[base + kept] = x;
        kept++;
        const ui = U[init[a] as number] as number;
        if (ui === -Infinity) continue;
        const u = ui + (cost[a] as number);
        if (u > uj) uj = u;
      }
      U[j] = uj;
      e = g;
    }
    this.bushCount[o] = kept;
    let addedCount = 0;
    let tentativeCount = 0;
    const firstThru = net.firstThruNode;
    const { tentative } = this;
    for (let a = 0; a < m; a++) {
      if (inBush[base + a] !== 0 || open[a] === 0) continue;
      const i = init[a] as number;
      if (i < firstThru && i !== origin) continue;
      const li = L[i] as number;
      if (!(li < Infinity)) continue;
      const j = term[a] as number;
      const ui = U[i] as number;
      const uj = U[j] as number;
      const c = cost[a] as number;
      const shorter = li + c < (L[j] as number);
      if (ui < Infinity && (uj === -Infinity || ui + c < uj || (ui < uj && shorter))) {
        added[addedCount++] = a;
      } else if (shorter) {
        // Shortens the bush's shortest path but may close a cycle (j may reach i in the bush):
        // bush-order.ts keeps it only if it does not. Queued after the safe links, whose
        // acyclicity argument (U a potential of the bush) holds only without these.
        tentative[tentativeCount++] = a;
      } else continue;
      inBush[base + a] = 1;
    }
    const safeCount = addedCount;
    for (let k = 0; k < tentativeCount; k++) added[addedCount++] = tentative[k] as number;
    const keptAdded = addedCount === 0 ? 0 : this.order.restore(this, o, added, safeCount, addedCount);
    this.lastAdded = keptAdded > 0 ? keptAdded : 0;
    return keptAdded >= 0;
  }

  /**
   * One pass of flow shifts over origin o's bush, last node in topological order first; a node is
   * worked on when its longest used path costs more than (1 + tol) × its shortest. Updates `flow`
   * and `cost` at once (Gauss–Seidel). Returns the number of shifts.
   */
  equilibrate(o: number, origin: number, flow: Float64Array, cost: Float64Array, tol: number): number {
    this.labels(o, origin, cost);
    return this.shiftAll(o, flow, cost, tol);
  }

  /** The shifts of `equilibrate` on the labels of origin o already computed by `labels`. */
  shiftAll(o: number, flow: Float64Array, cost: Float64Array, tol: number): number {
    const { net, L, U, maxEntry, topo } = this;
    const tb = o * net.nodeCount;
    let shifts = 0;
    for (let t = (this.topoLen[o] as number) - 1; t > 0; t--) {
      const j = topo[tb + t] as number;
      if (maxEntry[j] === -1) continue;
      const lj = L[j] as number;
      if (!((U[j] as number) - lj > tol * lj)) continue;
      if (this.shift(o, j, flow, cost)) shifts++;
    }
    this.shifts = shifts;
    return shifts;
  }

  /** Newton shift at node j from the longest used segment to the shortest one (see the file doc). */
  private shift(o: number, j: number, flow: Float64Array, cost: Float64Array): boolean {
    const { net, minEntry, maxEntry, pos, bushList, bushFlow } = this;
    const init = net.initNode;
    const base = o * net.linkCount;
    const lastMin = minEntry[j] as number;
    const lastMax = maxEntry[j] as number;
    if (lastMin < 0 || lastMin === lastMax) return false;
    let a = init[bushList[base + lastMin] as number] as number;
    let b = init[bushList[base + lastMax] as number] as number;
    while (a !== b) {
      if ((pos[a] as number) > (pos[b] as number)) {
        const e = minEntry[a] as number;
        if (e < 0) return false;
        a = init[bushList[base + e] as number] as number;
      } else {
        const e = maxEntry[b] as number;
        if (e < 0) return false;
        b = init[bushList[base + e] as number] as number;
      }
    }
    const d = a;
    let cmin = 0;
    let cmax = 0;
    let h = 0;
    let fmin = Infinity;
    for (let v = j; v !== d;) {
      const l = bushList[base + (minEntry[v] as number)] as number;
      cmin += cost[l] as number;
      h += linkCostDerivative(net, l, flow[l] as number);
      v = init[l] as number;
    }
    for (let v = j; v !== d;) {
      const e = base + (maxEntry[v] as number);
      const l = bushList[e] as number;
      cmax += cost[l] as number;
      if (net.open[l] !== 0) h += linkCostDerivative(net, l, flow[l] as number);
      const x = bushFlow[e] as number;
      if (x < fmin) fmin = x;
      v = init[l] as number;
    }
    const dc = cmax - cmin;
    if (!(dc > 0) || !(fmin > 0)) return false;
    const dx = h > 0 && dc < fmin * h ? dc / h : fmin;
    for (let v = j; v !== d;) {
      const e = base + (maxEntry[v] as number);
      const l = bushList[e] as number;
      const x = (bushFlow[e] as number) - dx;
      bushFlow[e] = x > 0 ? x : 0;
      let f = (flow[l] as number) - dx;
      if (f < 0) f = 0;
      flow[l] = f;
      cost[l] = bushLinkCost(net, l, f);
      v = init[l] as number;
    }
    for (let v = j; v !== d;) {
      const e = base + (minEntry[v] as number);
      const l = bushList[e] as number;
      bushFlow[e] = (bushFlow[e] as number) + dx;
      const f = (flow[l] as number) + dx;
      flow[l] = f;
      cost[l] = bushLinkCost(net, l, f);
      v = init[l] as number;
    }
    return true;
  }
}
