/** Small networks shared by the traffic tests. */
import { buildOdDemand, type OdDemand } from '../../../src/sim/traffic/od-demand';
import { buildNetwork, type RoadGraph, type TrafficNetwork } from '../../../src/sim/traffic/road-graph';
import type { NetworkEdit } from '../../../src/sim/traffic/what-if';

export interface TestLink {
  from: number;
  to: number;
  fft: number;
  capacity?: number;
  b?: number;
  power?: number;
  length?: number;
  toll?: number;
}

/** A RoadGraph from a link list (0-based nodes); BPR defaults b = 0.15, power = 4, capacity 100. */
export function graphOf(nodeCount: number, zoneCount: number, links: readonly TestLink[], extra: Partial<RoadGraph> = {}): RoadGraph {
  const m = links.length;
  const f = (pick: (l: TestLink) => number) => Float64Array.from(links, pick);
  return {
    nodeCount, zoneCount, firstThruNode: 0,
    initNode: Int32Array.from(links, (l) => l.from), termNode: Int32Array.from(links, (l) => l.to),
    capacity: f((l) => l.capacity ?? 100), length: f((l) => l.length ?? 1), freeFlowTime: f((l) => l.fft),
    b: f((l) => l.b ?? 0.15), power: f((l) => l.power ?? 4), speedLimit: new Float64Array(m), toll: f((l) => l.toll ?? 0),
    linkType: new Int32Array(m).fill(1), tollFactor: 0, distanceFactor: 0, ...extra,
  };
}

export function networkOf(nodeCount: number, zoneCount: number, links: readonly TestLink[], extra: Partial<RoadGraph> = {}): TrafficNetwork {
  return buildNetwork(graphOf(nodeCount, zoneCount, links, extra));
}

export function demandOf(zoneCount: number, entries: readonly [number, number, number][]): OdDemand {
  return buildOdDemand(zoneCount, entries.map(([origin, destination, volume]) => ({ origin, destination, volume })));
}

/** Largest |inflow − outflow − (arrivals − departures)| over the nodes. */
export function worstConservationError(net: TrafficNetwork, demand: OdDemand, flow: Float64Array, unassigned: ReadonlySet<string> = new Set()): number {
  const balance = new Float64Array(net.nodeCount);
  for (let a = 0; a < net.linkCount; a++) {
    balance[net.termNode[a] as number] = (balance[net.termNode[a] as number] as number) + (flow[a] as number);
    balance[net.initNode[a] as number] = (balance[net.initNode[a] as number] as number) - (flow[a] as number);
  }
  for (let o = 0; o < demand.originZone.length; o++) {
    const origin = demand.originZone[o] as number;
    for (let k = demand.odStart[o] as number; k < (demand.odStart[o + 1] as number); k++) {
      const d = demand.destZone[k] as number;
      if (unassigned.has(`${origin + 1}-${d + 1}`)) continue;
      const q = demand.volume[k] as number;
      balance[d] = (balance[d] as number) - q;
      balance[origin] = (balance[origin] as number) + q;
    }
  }
  let worst = 0;
  for (const b of balance) worst = Math.max(worst, Math.abs(b));
  return worst;
}

export function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return worst;
}

/** One edit of each kind for the what-if tests on the 6 × 7 synthetic grid (seed 5, 12 zones). */
export const WHAT_IF_EDITS: readonly (readonly [string, NetworkEdit[]])[] = [
  ['close', [{ kind: 'close', link: 3 }]],
  ['capacity', [{ kind: 'capacity', link: 10, capacity: 300 }]],
  ['speed', [{ kind: 'speed', link: 20, speed: 200 }]],
  ['lanes', [{ kind: 'lanes', link: 30, lanes: 3 }]],
  ['add', [{ kind: 'add', initNode: 12, termNode: 12 + 6 * 7 - 1, capacity: 2000, length: 2000, freeFlowTime: 2 }]],
  ['close and reopen', [{ kind: 'close', link: 5 }, { kind: 'reopen', link: 5 }]],
];
