/**
 * One-to-all shortest paths by Dijkstra's algorithm (Dijkstra 1959) with a 4-ary heap (shallower
 * than a binary heap: fewer cache-missing levels per pop; 15–25 % faster on the 1,000-node
 * synthetic grid, measured against the binary heap in one run) and decrease-key, all on
 * preallocated typed arrays (no allocation per run). Closed links are skipped; nodes below
 * `firstThruNode` other than the origin are reached but never expanded (TNTP zones that are not
 * through-nodes), so they never enter the heap. Link costs must be ≥ 0.
 */
import type { TrafficNetwork } from './road-graph';

export class ShortestPathTree {
  /** Cost from the origin to each node (Infinity when unreachable). */
  readonly dist: Float64Array;
  /** Link entering each node on its shortest path (−1 for the origin and unreachable nodes). */
  readonly predLink: Int32Array;
  /** Nodes in the order they were settled (non-decreasing dist); `settled` of them are valid. */
  readonly order: Int32Array;
  settled = 0;
  private readonly heap: Int32Array;
  /** dist of the node at each heap position (saves an indirection per comparison). */
  private readonly heapKey: Float64Array;
  /** Position of a node in the heap, −1 never queued, −2 settled. */
  private readonly pos: Int32Array;
  /** Non-through nodes reached, in first-reached order. */
  private readonly leaf: Int32Array;

  constructor(nodeCount: number) {
    this.dist = new Float64Array(nodeCount);
    this.predLink = new Int32Array(nodeCount);
    this.order = new Int32Array(nodeCount);
    this.heap = new Int32Array(nodeCount);
    this.heapKey = new Float64Array(nodeCount);
    this.pos = new Int32Array(nodeCount);
    this.leaf = new Int32Array(nodeCount);
  }

  /** Shortest paths from `origin` with link costs `cost` (indexed by link id). */
  run(net: TrafficNetwork, cost: Float64Array, origin: number): void {
    const { dist, predLink, pos, order, heap, heapKey } = this;
    const { outStart, outLinks, outHead } = net;
    const firstThru = net.firstThruNode;
    dist.fill(Infinity);
    predLink.fill(-1);
    pos.fill(-1);
    let settled = 0;
    // Nodes that are not through-nodes are leaves: they never enter the heap (their distance is
    // final once every tail has been settled) and are appended to `order` at the end.
    let leaves = 0;
    const leaf = this.leaf;
    dist[origin] = 0;
    heap[0] = origin;
    heapKey[0] = 0;
    pos[origin] = 0;
    let size = 1;
    while (size > 0) {
      // Pop the minimum.
      const u = heap[0] as number;
      pos[u] = -2;
      size--;
      if (size > 0) this.siftDown(heap[size] as number, heapKey[size] as number, size);
      order[settled++] = u;
      const du = dist[u] as number;
      const end = outStart[u + 1] as number;
      for (let e = outStart[u] as number; e < end; e++) {
        const v = outHead[e] as number;
        const dv = du + (cost[outLinks[e] as number] as number);
        const old = dist[v] as number;
        if (dv >= old) continue;
        dist[v] = dv;
        predLink[v] = outLinks[e] as number;
        if (v < firstThru) {
          if (old === Infinity && v !== origin) leaf[leaves++] = v;
          continue;
        }
        // Insert or decrease-key.
        let at = pos[v] as number;
        if (at < 0) at = size++;
        this.siftUp(v, dv, at);
      }
    }
    for (let i = 0; i < leaves; i++) order[settled++] = leaf[i] as number;
    this.settled = settled;
  }

  /**
   * Turns `dist`, costs of actual paths from `origin` (+∞ where none; e.g. an Algorithm B bush's
   * labels), into the shortest path costs, in place: one pass over the links queues every node
   * that a link improves (Bellman's optimality conditions L_j ≤ L_i + c_ij; Ahuja, Magnanti &
   * Orlin 1993, Network Flows §5.2), then Dijkstra's loop runs from those only. Correct because
   * the labels only fall and every node whose label is wrong has, on its shortest path, a first
   * wrong node whose predecessor is right: that one is queued at its exact cost. Near equilibrium
   * few labels are wrong, so this visits a small part of the network. Returns the number of
   * nodes improved; `predLink` and `order` are not set.
   */
  improve(net: TrafficNetwork, cost: Float64Array, origin: number, dist: Float64Array): number {
    const { pos, heap, heapKey } = this;
    const { outStart, outLinks, outHead } = net;
    const init = net.initNode;
    const term = net.termNode;
    const open = net.open;
    const firstThru = net.firstThruNode;
    pos.fill(-1);
    let size = 0;
    let improved = 0;
    for (let a = 0; a < net.linkCount; a++) {
      if (open[a] === 0) continue;
      const i = init[a] as number;
      if (i < firstThru && i !== origin) continue;
      const v = term[a] as number;
      const dv = (dist[i] as number) + (cost[a] as number);
      if (!(dv < (dist[v] as number))) continue;
      dist[v] = dv;
      improved++;
      if (v < firstThru) continue;
      let at = pos[v] as number;
      if (at < 0) at = size++;
      this.siftUp(v, dv, at);
    }
    while (size > 0) {
      const u = heap[0] as number;
      pos[u] = -2;
      size--;
      if (size > 0) this.siftDown(heap[size] as number, heapKey[size] as number, size);
      const du = dist[u] as number;
      const end = outStart[u + 1] as number;
      for (let e = outStart[u] as number; e < end; e++) {
        const v = outHead[e] as number;
        const dv = du + (cost[outLinks[e] as number] as number);
        if (!(dv < (dist[v] as number))) continue;
        dist[v] = dv;
        improved++;
        // A settled node (pos −2) is queued again: only rounding can lower it after its pop.
        if (v < firstThru) continue;
        let at = pos[v] as number;
        if (at < 0) at = size++;
        this.siftUp(v, dv, at);
      }
    }
    return improved;
  }

  /** Places node v with key dv at heap position `start` (a new last slot, or its own) and sifts it up. */
  private siftUp(v: number, dv: number, start: number): void {
    const { heap, heapKey, pos } = this;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const pk = heapKey[parent] as number;
      if (pk <= dv) break;
      const p = heap[parent] as number;
      heap[i] = p;
      heapKey[i] = pk;
      pos[p] = i;
      i = parent;
    }
    heap[i] = v;
    heapKey[i] = dv;
    pos[v] = i;
  }

  /** Puts the heap's last node (`last`, key `key`) at the root of a heap of `size` and sifts it down. */
  private siftDown(last: number, key: number, size: number): void {
    const { heap, heapKey, pos } = this;
    let i = 0;
    for (;;) {
      const c0 = 4 * i + 1;
      if (c0 >= size) break;
      let child = c0;
      let ck = heapKey[c0] as number;
      const cEnd = c0 + 4 < size ? c0 + 4 : size;
      for (let c = c0 + 1; c < cEnd; c++) {
        const kc = heapKey[c] as number;
        if (kc < ck) {
          ck = kc;
          child = c;
        }
      }
      if (ck >= key) break;
      const cn = heap[child] as number;
      heap[i] = cn;
      heapKey[i] = ck;
      pos[cn] = i;
      i = child;
    }
    heap[i] = last;
    heapKey[i] = key;
    pos[last] = i;
  }
}
