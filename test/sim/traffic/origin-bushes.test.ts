/**
 * The bushes of Algorithm B (src/sim/traffic/origin-bushes.ts) stay well formed through many bush
 * updates at changing costs, whichever way the update re-orders them (merge of forward links or a
 * local Pearce–Kelly reorder): every bush link's tail comes before its head in the origin's
 * topological order, the entry list is sorted by the position of its heads (one pass in list order sees every link
 * into a node before any link out of it), the list holds each bush link once and matches the
 * per-link flags, and origin flows stay ≥ 0 and are carried along with their links.
 */
import { describe, expect, it } from 'vitest';
import { OriginBushes } from '../../../src/sim/traffic/origin-bushes';
import { buildNetwork } from '../../../src/sim/traffic/road-graph';
import { ShortestPathTree } from '../../../src/sim/traffic/shortest-path';
import { syntheticGrid } from '../../../src/sim/traffic/synthetic-grid';

/** Deterministic pseudo-random numbers in [0, 1) (32-bit LCG). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Problems found in origin o's bush (empty when well formed). */
function bushProblems(b: OriginBushes, o: number): string[] {
  const net = b.net;
  const m = net.linkCount;
  const n = net.nodeCount;
  const base = o * m;
  const problems: string[] = [];
  const pos = new Map<number, number>();
  for (let t = 0; t < (b.topoLen[o] as number); t++) pos.set(b.topo[o * n + t] as number, t);
  const seen = new Set<number>();
  let lastHeadPos = -1;
  for (let e = 0; e < (b.bushCount[o] as number); e++) {
    const a = b.bushList[base + e] as number;
    const x = b.bushFlow[base + e] as number;
    if (seen.has(a)) problems.push(`link ${a} listed twice`);
    seen.add(a);
    if (b.inBush[base + a] !== 1) problems.push(`link ${a} listed but not flagged`);
    if (!(x >= 0)) problems.push(`link ${a} origin flow ${x}`);
    const pi = pos.get(net.initNode[a] as number);
    const pj = pos.get(net.termNode[a] as number);
    if (pi === undefined || pj === undefined) problems.push(`link ${a} has an end outside the order`);
    else {
      if (pi >= pj) problems.push(`link ${a} goes backward (${pi} → ${pj})`);
      if (pj < lastHeadPos) problems.push(`entry ${e} (link ${a}) out of head order`);
      lastHeadPos = pj;
    }
  }
  for (let a = 0; a < m; a++) if (b.inBush[base + a] === 1 && !seen.has(a)) problems.push(`link ${a} flagged but not listed`);
  return problems;
}

describe('Algorithm B bushes', () => {
  it('stay acyclic, ordered and consistent through 60 updates at random costs', () => {
    const grid = syntheticGrid({ rows: 8, cols: 9, zoneCount: 20, seed: 3, totalDemand: 5000 });
    const net = buildNetwork(grid.graph);
    const origins = [0, 7, 13];
    const bushes = new OriginBushes(net, origins.length);
    const spt = new ShortestPathTree(net.nodeCount);
    const random = lcg(11);
    const baseCost = new Float64Array(net.linkCount);
    for (let a = 0; a < net.linkCount; a++) baseCost[a] = (net.freeFlowTime[a] as number) + (net.fixedCost[a] as number);
    const cost = baseCost.slice();
    const flow = new Float64Array(net.linkCount);
    origins.forEach((origin, o) => {
      spt.run(net, cost, origin);
      bushes.setTreeBush(o, spt);
      // One vehicle on every tree link: enough flow for the shifts to move.
      for (let e = 0; e < (bushes.bushCount[o] as number); e++) {
        bushes.bushFlow[o * net.linkCount + e] = 1;
        const a = bushes.bushList[o * net.linkCount + e] as number;
        flow[a] = (flow[a] as number) + 1;
      }
    });
    let updates = 0;
    for (let round = 0; round < 20; round++) {
      // Every third round costs between 0.5× and 3× free flow (shortcuts in every direction: a full
      // re-sort), else small steps from the last costs (a few forward shortcuts: the merge).
      const wild = round % 3 === 0;
      for (let a = 0; a < net.linkCount; a++) cost[a] = wild ? (baseCost[a] as number) * (0.5 + 2.5 * random()) : (cost[a] as number) * (0.97 + 0.06 * random());
      origins.forEach((origin, o) => {
        const flows = new Map<number, number>();
        for (let e = 0; e < (bushes.bushCount[o] as number); e++) flows.set(bushes.bushList[o * net.linkCount + e] as number, bushes.bushFlow[o * net.linkCount + e] as number);
        expect(bushes.update(o, origin, cost)).toBe(true);
        updates++;
        // Kept links carry their flow into the new order; added links carry none.
        const carried = new Map([...flows].filter(([a]) => bushes.inBush[o * net.linkCount + a] === 1));
        expect(bushProblems(bushes, o)).toEqual([]);
        for (let e = 0; e < (bushes.bushCount[o] as number); e++) {
          const a = bushes.bushList[o * net.linkCount + e] as number;
          expect(bushes.bushFlow[o * net.linkCount + e]).toBe(carried.get(a) ?? 0);
        }
        bushes.equilibrate(o, origin, flow, cost, 0);
        expect(bushProblems(bushes, o)).toEqual([]);
      });
    }
    expect(updates).toBe(60);
    // The wild rounds add backward links: the local reorder ran.
    expect(bushes.order.reorders).toBeGreaterThan(0);
  });
});

describe('bush order', () => {
  // 0 → 1 → 2 → 3 and 0 → 2, plus 2 → 1 and 3 → 1 (not in the tree bush).
  const graph = {
    nodeCount: 4, zoneCount: 1, firstThruNode: 0,
    initNode: Int32Array.from([0, 1, 2, 0, 2, 3]), termNode: Int32Array.from([1, 2, 3, 2, 1, 1]),
    capacity: new Float64Array(6).fill(100), length: new Float64Array(6).fill(1), freeFlowTime: Float64Array.from([1, 1, 1, 3, 1, 1]),
    b: new Float64Array(6), power: new Float64Array(6), speedLimit: new Float64Array(6), toll: new Float64Array(6),
    linkType: new Int32Array(6), tollFactor: 0, distanceFactor: 0,
  };
  const treeBush = () => {
    const net = buildNetwork(graph);
    const bushes = new OriginBushes(net, 1);
    const spt = new ShortestPathTree(net.nodeCount);
    spt.run(net, net.freeFlowTime, 0);
    bushes.setTreeBush(0, spt);
    bushes.labels(0, 0, net.freeFlowTime);
    return bushes;
  };

  it('reorders locally for a backward link and refuses one that closes a cycle, leaving the entries', () => {
    // Tree bush 0 → 1 → 2 → 3 (order 0, 1, 2, 3). Adding 0 → 2 keeps the order; adding 3 → 1
    // closes 1 → 2 → 3 → 1.
    const bushes = treeBush();
    const entries = Array.from(bushes.bushList.subarray(0, bushes.bushCount[0]));
    bushes.inBush[5] = 1;
    expect(bushes.order.restore(bushes, 0, Int32Array.from([5]), 1, 1)).toBe(-1);
    expect(Array.from(bushes.bushList.subarray(0, bushes.bushCount[0]))).toEqual(entries);
    expect(bushes.inBush[5]).toBe(1);
  });

  it('leaves out a tentative link that closes a cycle and keeps the others', () => {
    // Tree bush 0 → 1 → 2 → 3; add 0 → 2 (safe) and 2 → 1 (tentative, closes 1 → 2 → 1).
    const bushes = treeBush();
    bushes.inBush[4] = 1;
    bushes.inBush[3] = 1;
    const added = Int32Array.from([3, 4]);
    expect(bushes.order.restore(bushes, 0, added, 1, 2)).toBe(1);
    expect(added[0]).toBe(3);
    expect(bushes.inBush[4]).toBe(0);
    expect(bushes.inBush[3]).toBe(1);
    expect(bushProblems(bushes, 0)).toEqual([]);
  });

  it('moves the nodes between the ends of a backward link behind its tail', () => {
    // Tree bush without 1 → 2: make the bush 0 → 1, 0 → 2 → 3 by hand, order 0, 2, 3, 1 is valid;
    // then add 1 → 2 (backward): 1 must come before 2 and 3.
    const net = buildNetwork(graph);
    const bushes = new OriginBushes(net, 1);
    for (const a of [0, 3, 2]) bushes.inBush[a] = 1;
    bushes.topo.set([0, 2, 3, 1]);
    bushes.topoLen[0] = 4;
    bushes.bushList.set([3, 2, 0]);
    bushes.bushFlow.set([5, 5, 7]);
    bushes.bushCount[0] = 3;
    bushes.labels(0, 0, net.freeFlowTime);
    bushes.inBush[1] = 1;
    expect(bushes.order.restore(bushes, 0, Int32Array.from([1]), 1, 1)).toBe(1);
    expect(Array.from(bushes.topo.subarray(0, 4))).toEqual([0, 1, 2, 3]);
    expect(Array.from(bushes.bushList.subarray(0, bushes.bushCount[0]))).toEqual([0, 3, 1, 2]);
    expect(Array.from(bushes.bushFlow.subarray(0, bushes.bushCount[0]))).toEqual([7, 5, 0, 5]);
    expect(bushProblems(bushes, 0)).toEqual([]);
  });
});
