/**
 * The topological order of an Algorithm B bush after a bush update added links (origin-bushes.ts).
 * A bush keeps its nodes in topological order (`topo`, `pos`) and its entries (links with their
 * origin flows) sorted by the position of their heads, so that one pass in list order sees every
 * link into a node before any link out of it. Two ways to restore that, cheaper first:
 *
 *   insertForward: every added link goes forward in the order: merge the new entries in place;
 *   reorder:       some added links go backward: dynamic topological sort (Pearce & Kelly 2006,
 *                  "A dynamic topological sort algorithm for directed acyclic graphs", ACM J. Exp.
 *                  Algorithmics 11), which moves only the nodes between the two ends of each
 *                  backward link that must move and finds a cycle if the links closed one; then
 *                  one pass rebuilds the entry list group by group.
 * After a what-if closure about half of the synthetic grid's first updates add a backward link.
 * A full Kahn (1962) sort, used before, walked every link out of and into every bush node for
 * each of them; the reorder visits only the nodes between the ends of the backward links.
 */
import type { OriginBushes } from './origin-bushes';

export class BushOrder {
  /** Updates that needed the local reorder (instrumentation, tests). */
  reorders = 0;
  private readonly stack: Int32Array;
  private readonly forwardPos: Int32Array;
  private readonly backwardPos: Int32Array;
  private readonly mergedPos: Int32Array;
  private readonly visited: Int32Array;
  private stamp = 0;
  private readonly groupStart: Int32Array;
  private readonly groupLength: Int32Array;
  private readonly addedFirst: Int32Array;
  private addedNext: Int32Array;
  /** Entry-indexed scratch: the entry list (links, origin flows) while it is rebuilt. */
  private entryLinks: Int32Array;
  private entryFlows: Float64Array;

  constructor(nodeCount: number, linkCount: number) {
    const n = nodeCount;
    this.stack = new Int32Array(n);
    this.forwardPos = new Int32Array(n);
    this.backwardPos = new Int32Array(n);
    this.mergedPos = new Int32Array(n);
    this.visited = new Int32Array(n);
    this.groupStart = new Int32Array(n);
    this.groupLength = new Int32Array(n);
    this.addedFirst = new Int32Array(n).fill(-1);
    this.addedNext = new Int32Array(linkCount);
    this.entryLinks = new Int32Array(linkCount);
    this.entryFlows = new Float64Array(linkCount);
  }

  /** Grows the link-indexed scratch for a network with appended links. */
  setLinkCount(linkCount: number): void {
    if (linkCount <= this.entryLinks.length) return;
    this.addedNext = new Int32Array(linkCount);
    this.entryLinks = new Int32Array(linkCount);
    this.entryFlows = new Float64Array(linkCount);
  }

  /**
   * Origin o's bush after the update flagged `added[0 … count)` (no flow) in `inBush`, with `pos`
   * valid for the old order. The links from `added[firstTentative]` on are those the update could
   * not prove acyclic: one that closes a cycle is left out (unflagged). Returns the number of
   * links kept (moved to the front of `added`), or −1 when a link that is not tentative closes a
   * cycle: the entry list is then unchanged, the order is not valid, and the caller rebuilds the
   * bush.
   */
  restore(b: OriginBushes, o: number, added: Int32Array, firstTentative: number, count: number): number {
    this.appendNewHeads(b, o, added, count);
    if (this.insertForward(b, o, added, count)) return count;
    this.reorders++;
    return this.reorder(b, o, added, firstTentative, count);
  }

  /**
   * Appends to origin o's order the heads of added links that are new to the bush. Nothing in the
   * bush leaves them (an added link's tail is always a bush node, reached at finite cost), so last
   * is a valid place, and every added link into one goes forward.
   */
  private appendNewHeads(b: OriginBushes, o: number, added: Int32Array, count: number): void {
    const { pos, topo } = b;
    const term = b.net.termNode;
    const tb = o * b.net.nodeCount;
    let len = b.topoLen[o] as number;
    for (let k = 0; k < count; k++) {
      const j = term[added[k] as number] as number;
      if ((pos[j] as number) < 0) {
        topo[tb + len] = j;
        pos[j] = len++;
      }
    }
    b.topoLen[o] = len;
  }

  /**
   * When every added link (i, j) goes forward (pos i < pos j), merges the added entries into the
   * list by the position of their heads and returns true; else returns false with nothing changed.
   */
  private insertForward(b: OriginBushes, o: number, added: Int32Array, count: number): boolean {
    const { net, pos, bushList, bushFlow } = b;
    const term = net.termNode;
    const init = net.initNode;
    for (let k = 0; k < count; k++) {
      const a = added[k] as number;
      if ((pos[init[a] as number] as number) >= (pos[term[a] as number] as number)) return false;
    }
    // Added links by head position (insertion sort: a handful), then a merge from the back.
    for (let k = 1; k < count; k++) {
      const a = added[k] as number;
      const p = pos[term[a] as number] as number;
      let q = k - 1;
      while (q >= 0 && (pos[term[added[q] as number] as number] as number) > p) {
        added[q + 1] = added[q] as number;
        q--;
      }
      added[q + 1] = a;
    }
    const base = o * net.linkCount;
    const entries = b.bushCount[o] as number;
    let r = base + entries - 1;
    let w = r + count;
    for (let q = count - 1; q >= 0; q--) {
      const a = added[q] as number;
      const p = pos[term[a] as number] as number;
      while (r >= base && (pos[term[bushList[r] as number] as number] as number) > p) {
        bushList[w] = bushList[r] as number;
        bushFlow[w] = bushFlow[r] as number;
        w--;
        r--;
      }
      bushList[w] = a;
      bushFlow[w] = 0;
      w--;
    }
    b.bushCount[o] = entries + count;
    return true;
  }

  /**
   * Pearce–Kelly over the added links one at a time: each is taken out of the bush, and put back
   * once the order is valid with it (a backward link (x, y) moves the nodes that y reaches before
   * pos x behind those that reach x after pos y, on the positions they held), the tentative ones
   * last; a tentative link that closes a cycle stays out. Then the entry list is rebuilt in the
   * new order. Returns the links kept, or −1 when a link that is not tentative closes a cycle,
   * with every added link flagged again and the entry list unchanged.
   */
  private reorder(b: OriginBushes, o: number, added: Int32Array, firstTentative: number, count: number): number {
    const { net, pos, inBush } = b;
    const base = o * net.linkCount;
    const init = net.initNode;
    const term = net.termNode;
    for (let k = 0; k < count; k++) inBush[base + (added[k] as number)] = 0;
    let kept = 0;
    for (let k = 0; k < count; k++) {
      const a = added[k] as number;
      const x = init[a] as number;
      const y = term[a] as number;
      if ((pos[x] as number) > (pos[y] as number) && !this.moveBehind(b, o, x, y)) {
        if (k >= firstTentative) continue;
        for (let q = 0; q < kept; q++) inBush[base + (added[q] as number)] = 1;
        for (let q = k; q < count; q++) inBush[base + (added[q] as number)] = 1;
        return -1;
      }
      inBush[base + a] = 1;
      added[kept++] = a;
    }
    this.rebuildEntries(b, o, added, kept);
    return kept;
  }

  /**
   * One Pearce–Kelly step for a new link x → y with pos y < pos x: δF = nodes reached from y
   * over bush links without passing pos x, δB = nodes reaching x without passing pos y; δB then
   * δF take the union of their positions, each set keeping its relative order. False when y
   * reaches x (a cycle).
   */
  private moveBehind(b: OriginBushes, o: number, x: number, y: number): boolean {
    const { net, pos, topo, inBush } = b;
    const { outStart, outLinks, inStart, inLinks } = b.stars;
    const base = o * net.linkCount;
    const tb = o * net.nodeCount;
    const init = net.initNode;
    const term = net.termNode;
    const { stack, visited, forwardPos, backwardPos, mergedPos } = this;
    const lower = pos[y] as number;
    const upper = pos[x] as number;
    if (this.stamp > 0x3ffffff0) {
      visited.fill(0);
      this.stamp = 0;
    }
    const forwardMark = ++this.stamp;
    let top = 0;
    let forward = 0;
    stack[top++] = y;
    visited[y] = forwardMark;
    while (top > 0) {
      const v = stack[--top] as number;
      forwardPos[forward++] = pos[v] as number;
      const end = outStart[v + 1] as number;
      for (let e = outStart[v] as number; e < end; e++) {
        const a = outLinks[e] as number;
        if (inBush[base + a] === 0) continue;
        const w = term[a] as number;
        if (w === x) return false;
        if ((pos[w] as number) < upper && visited[w] !== forwardMark) {
          visited[w] = forwardMark;
          stack[top++] = w;
        }
      }
    }
    const backwardMark = ++this.stamp;
    let backward = 0;
    stack[top++] = x;
    visited[x] = backwardMark;
    while (top > 0) {
      const v = stack[--top] as number;
      backwardPos[backward++] = pos[v] as number;
      const end = inStart[v + 1] as number;
      for (let e = inStart[v] as number; e < end; e++) {
        const a = inLinks[e] as number;
        if (inBush[base + a] === 0) continue;
        const w = init[a] as number;
        if ((pos[w] as number) > lower && visited[w] !== backwardMark) {
          visited[w] = backwardMark;
          stack[top++] = w;
        }
      }
    }
    forwardPos.subarray(0, forward).sort();
    backwardPos.subarray(0, backward).sort();
    // The union of the positions, in order (the two sets are disjoint: a node in both would close a cycle).
    let f = 0;
    let g = 0;
    for (let k = 0; k < forward + backward; k++) {
      mergedPos[k] = g < backward && (f >= forward || (backwardPos[g] as number) < (forwardPos[f] as number)) ? (backwardPos[g++] as number) : (forwardPos[f++] as number);
    }
    // Nodes by their old positions (read before any is overwritten), δB first, then δF.
    for (let k = 0; k < backward; k++) stack[k] = topo[tb + (backwardPos[k] as number)] as number;
    for (let k = 0; k < forward; k++) stack[backward + k] = topo[tb + (forwardPos[k] as number)] as number;
    for (let k = 0; k < forward + backward; k++) {
      const v = stack[k] as number;
      const p = mergedPos[k] as number;
      topo[tb + p] = v;
      pos[v] = p;
    }
    return true;
  }

  /**
   * The entry list in the bush's (new) order: each node's old group of entries (contiguous, as
   * the old list was sorted by head position), then the added links into it (no flow).
   */
  private rebuildEntries(b: OriginBushes, o: number, added: Int32Array, count: number): void {
    const { net, topo, bushList, bushFlow } = b;
    const base = o * net.linkCount;
    const tb = o * net.nodeCount;
    const term = net.termNode;
    const { groupStart, groupLength, addedFirst, addedNext, entryLinks, entryFlows } = this;
    const entries = b.bushCount[o] as number;
    for (let e = 0; e < entries; e++) {
      const a = bushList[base + e] as number;
      entryLinks[e] = a;
      entryFlows[e] = bushFlow[base + e] as number;
      const j = term[a] as number;
      if (groupLength[j] === 0) groupStart[j] = e;
      groupLength[j] = (groupLength[j] as number) + 1;
    }
    for (let k = 0; k < count; k++) {
      const j = term[added[k] as number] as number;
      addedNext[k] = addedFirst[j] as number;
      addedFirst[j] = k;
    }
    const len = b.topoLen[o] as number;
    let w = base;
    for (let t = 1; t < len; t++) {
      const j = topo[tb + t] as number;
      const start = groupStart[j] as number;
      const stop = start + (groupLength[j] as number);
      for (let e = start; e < stop; e++) {
        bushList[w] = entryLinks[e] as number;
        bushFlow[w] = entryFlows[e] as number;
        w++;
      }
      groupLength[j] = 0;
      for (let k = addedFirst[j] as number; k >= 0; k = addedNext[k] as number) {
        bushList[w] = added[k] as number;
        bushFlow[w] = 0;
        w++;
      }
      addedFirst[j] = -1;
    }
    b.bushCount[o] = w - base;
  }
}
