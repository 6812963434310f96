/**
 * ShortestPathTree (src/sim/traffic/shortest-path.ts): Dijkstra against a plain Bellman–Ford, and
 * `improve` (labels of actual paths made exact) against Dijkstra, on seeded synthetic grids with
 * random link costs, zones that are not through-nodes and closed links.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildNetwork, type TrafficNetwork } from '../../../src/sim/traffic/road-graph';
import { ShortestPathTree } from '../../../src/sim/traffic/shortest-path';
import { mulberry32, syntheticGrid } from '../../../src/sim/traffic/synthetic-grid';

/** Shortest path costs by Bellman–Ford (tails below firstThruNode other than the origin are not passed through). */
function bellmanFord(net: TrafficNetwork, cost: Float64Array, origin: number): Float64Array {
  const dist = new Float64Array(net.nodeCount).fill(Infinity);
  dist[origin] = 0;
  for (let round = 0; round < net.nodeCount; round++) {
    let changed = false;
    for (let a = 0; a < net.linkCount; a++) {
      const i = net.initNode[a] as number;
      if (net.open[a] === 0 || (i < net.firstThruNode && i !== origin)) continue;
      const d = (dist[i] as number) + (cost[a] as number);
      const j = net.termNode[a] as number;
      if (d < (dist[j] as number)) {
        dist[j] = d;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return dist;
}

function randomCase(seed: number): { net: TrafficNetwork; cost: Float64Array; random: () => number } {
  const grid = syntheticGrid({ rows: 5, cols: 6, zoneCount: 8, seed, totalDemand: 1000 });
  const random = mulberry32(seed);
  const open = new Uint8Array(grid.graph.initNode.length).fill(1);
  for (let a = 0; a < open.length; a++) if (random() < 0.08) open[a] = 0;
  const net = buildNetwork(grid.graph, 'grid', open);
  const cost = Float64Array.from({ length: net.linkCount }, () => 0.1 + 10 * random());
  return { net, cost, random };
}

describe('shortest paths', () => {
  it('Dijkstra equals Bellman–Ford from every zone (closed links, zones not passed through)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
      const { net, cost } = randomCase(seed);
      const spt = new ShortestPathTree(net.nodeCount);
      for (let origin = 0; origin < net.zoneCount; origin++) {
        spt.run(net, cost, origin);
        expect(Array.from(spt.dist)).toEqual(Array.from(bellmanFord(net, cost, origin)));
      }
    }), { numRuns: 30, seed: 5 });
  });

  it('improve turns costs of actual paths (a tree at other costs) into the shortest path costs', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
      const { net, cost, random } = randomCase(seed);
      const spt = new ShortestPathTree(net.nodeCount);
      const other = Float64Array.from(cost, (c) => c * (0.2 + 3 * random()));
      let improvedLabels = 0;
      for (let origin = 0; origin < net.zoneCount; origin++) {
        // Labels of actual paths: the tree at other costs, its paths costed at `cost`.
        spt.run(net, other, origin);
        const labels = new Float64Array(net.nodeCount).fill(Infinity);
        labels[origin] = 0;
        for (let t = 1; t < spt.settled; t++) {
          const v = spt.order[t] as number;
          const a = spt.predLink[v] as number;
          labels[v] = (labels[net.initNode[a] as number] as number) + (cost[a] as number);
        }
        const exact = bellmanFord(net, cost, origin);
        improvedLabels += spt.improve(net, cost, origin, labels);
        for (let v = 0; v < net.nodeCount; v++) {
          const want = exact[v] as number;
          if (want === Infinity) expect(labels[v]).toBe(Infinity);
          else expect(Math.abs((labels[v] as number) - want)).toBeLessThanOrEqual(1e-12 * want);
        }
        // Labels already exact are left alone.
        expect(spt.improve(net, cost, origin, labels)).toBe(0);
      }
      // The other costs' trees are not shortest at `cost`: some labels had to fall.
      expect(improvedLabels).toBeGreaterThan(0);
    }), { numRuns: 30, seed: 9 });
  });
});
