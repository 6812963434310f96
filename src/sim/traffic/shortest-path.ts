/**
 * One-to-all shortest paths by Dijkstra's algorithm (Dijkstra 1959) with a binary heap and
 * decrease-key, all on preallocated typed arrays (no allocation per run). Closed links are skipped;
 * nodes below `firstThruNode` other than the origin are reached but never expanded (TNTP zones
 * that are not through-nodes). Link costs must be ≥ 0.
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
  /** Position of a node in the heap, −1 when not in it. */
  private readonly pos: Int32Array;
  private size = 0;

  constructor(nodeCount: number) {
    this.dist = new Float64Array(nodeCount);
    this.predLink = new Int32Array(nodeCount);
    this.order = new Int32Array(nodeCount);
    this.heap = new Int32Array(nodeCount);
    this.pos = new Int32Array(nodeCount);
  }

  /** Shortest paths from `origin` with link costs `cost` (indexed by link id). */
  run(net: TrafficNetwork, cost: Float64Array, origin: number): void {
    const { dist, predLink, pos, order } = this;
    const { outStart, outLinks, termNode, open } = net;
    const firstThru = net.firstThruNode;
    dist.fill(Infinity);
    predLink.fill(-1);
    pos.fill(-1);
    this.size = 0;
    this.settled = 0;
    dist[origin] = 0;
    this.push(origin);
    while (this.size > 0) {
      const u = this.pop();
      order[this.settled++] = u;
      if (u < firstThru && u !== origin) continue;
      const du = dist[u] as number;
      const end = outStart[u + 1] as number;
      for (let e = outStart[u] as number; e < end; e++) {
        const a = outLinks[e] as number;
        if (open[a] === 0) continue;
        const v = termNode[a] as number;
        const dv = du + (cost[a] as number);
        if (dv < (dist[v] as number)) {
          dist[v] = dv;
          predLink[v] = a;
          if ((pos[v] as number) < 0) this.push(v);
          else this.siftUp(pos[v] as number);
        }
      }
    }
  }

  private push(v: number): void {
    const i = this.size++;
    this.heap[i] = v;
    this.pos[v] = i;
    this.siftUp(i);
  }

  private pop(): number {
    const heap = this.heap;
    const top = heap[0] as number;
    const last = heap[--this.size] as number;
    this.pos[top] = -2;
    if (this.size > 0) {
      heap[0] = last;
      this.pos[last] = 0;
      this.siftDown(0);
    }
    return top;
  }

  private siftUp(i: number): void {
    const { heap, pos, dist } = this;
    const v = heap[i] as number;
    const dv = dist[v] as number;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as number;
      if ((dist[p] as number) <= dv) break;
      heap[i] = p;
      pos[p] = i;
      i = parent;
    }
    heap[i] = v;
    pos[v] = i;
  }

  private siftDown(i: number): void {
    const { heap, pos, dist } = this;
    const n = this.size;
    const v = heap[i] as number;
    const dv = dist[v] as number;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && (dist[heap[right] as number] as number) < (dist[heap[child] as number] as number)) child = right;
      const c = heap[child] as number;
      if ((dist[c] as number) >= dv) break;
      heap[i] = c;
      pos[c] = i;
      i = child;
    }
    heap[i] = v;
    pos[v] = i;
  }
}
