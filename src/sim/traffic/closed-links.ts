/**
 * The closed links of a what-if network as Algorithm B (bush-assignment.ts) sees them: a closed
 * link costs +∞ inside the bushes until its origin flows have been shifted away, and the update
 * drops it once it carries none, so after the first iteration no bush holds it. Every question
 * here therefore looks at `inBush` for the few closed links first and reads a bush's entries only
 * when it holds one (three scans of every bush entry of every origin cost ~12 ms per what-if on
 * the synthetic grid before).
 */
import type { OriginBushes } from './origin-bushes';
import type { TrafficNetwork } from './road-graph';

/** Origin flow left on a closed link below this fraction of the total demand is rounding residue. */
const CLOSED_RESIDUE_FRACTION = 1e-12;

export class ClosedLinks {
  /** Ids of the closed links of the network last listed. */
  links = new Int32Array(0);

  list(net: TrafficNetwork): void {
    let count = 0;
    for (let a = 0; a < net.linkCount; a++) if (net.open[a] === 0) count++;
    const closed = new Int32Array(count);
    count = 0;
    for (let a = 0; a < net.linkCount; a++) if (net.open[a] === 0) closed[count++] = a;
    this.links = closed;
  }

  /** Whether origin o's bush holds a closed link (with or without flow): one look per closed link. */
  held(bushes: OriginBushes, o: number): boolean {
    const { links } = this;
    const { inBush } = bushes;
    const base = o * bushes.net.linkCount;
    for (let k = 0; k < links.length; k++) if (inBush[base + (links[k] as number)] !== 0) return true;
    return false;
  }

  /** Whether origin o's bush carries flow on a closed link. */
  carried(bushes: OriginBushes, o: number): boolean {
    if (!this.held(bushes, o)) return false;
    const { bushList, bushFlow, bushCount, net } = bushes;
    const base = o * net.linkCount;
    const end = base + (bushCount[o] as number);
    for (let e = base; e < end; e++) if ((bushFlow[e] as number) > 0 && net.open[bushList[e] as number] === 0) return true;
    return false;
  }

  /**
   * Rounding can leave a few 1e-14 veh of an origin on a closed link into a node with no other
   * way in and no destination (a dead end): nothing can shift it. Origin flows on closed links
   * below CLOSED_RESIDUE_FRACTION of the total demand are set to 0 (conservation moves by as much);
   * the next bush update drops the emptied closed link.
   */
  dropResidue(bushes: OriginBushes, originCount: number, totalDemand: number): void {
    if (this.links.length === 0) return;
    const { bushList, bushFlow, bushCount, net } = bushes;
    const m = net.linkCount;
    const limit = CLOSED_RESIDUE_FRACTION * totalDemand;
    for (let o = 0; o < originCount; o++) {
      if (!this.held(bushes, o)) continue;
      const end = o * m + (bushCount[o] as number);
      for (let e = o * m; e < end; e++) {
        if (net.open[bushList[e] as number] !== 0) continue;
        const x = bushFlow[e] as number;
        if (x > 0 && x <= limit) bushFlow[e] = 0;
      }
    }
  }

  /** Whether no closed link carries flow (`flow` by link id). */
  empty(flow: Float64Array): boolean {
    const { links } = this;
    for (let k = 0; k < links.length; k++) if ((flow[links[k] as number] as number) > 0) return false;
    return true;
  }
}

/**
 * Whether `to` can be reached from `from` over open links without passing through a node below
 * firstThruNode (breadth-first search; `scratch` is a node-sized buffer, left zeroed).
 */
export function reaches(net: TrafficNetwork, from: number, to: number, scratch: Float64Array): boolean {
  const queue = new Int32Array(net.nodeCount);
  let head = 0;
  let tail = 0;
  queue[tail++] = from;
  scratch[from] = 1;
  let found = from === to;
  while (head < tail && !found) {
    const v = queue[head++] as number;
    if (v !== from && v < net.firstThruNode) continue;
    const end = net.outStart[v + 1] as number;
    for (let e = net.outStart[v] as number; e < end; e++) {
      const w = net.outHead[e] as number;
      if (scratch[w] !== 0) continue;
      if (w === to) found = true;
      scratch[w] = 1;
      queue[tail++] = w;
    }
  }
  for (let i = 0; i < tail; i++) scratch[queue[i] as number] = 0;
  return found;
}
