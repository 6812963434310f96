/**
 * A seeded synthetic city for tests and benchmarks: a rows × cols street grid (two-way links,
 * every `arterialEvery`-th street an arterial), and `zoneCount` zone centroids, each joined to a
 * random intersection by a pair of constant-cost connectors. Centroids are nodes 0…zoneCount−1
 * and are not through-nodes. Demand follows a doubly-unconstrained gravity model
 * q_ij = k · P_i · A_j · exp(−β · d_ij) (Ortúzar & Willumsen, Modelling Transport, ch. 5) with
 * d the straight-line distance, scaled to `totalDemand`; pairs below `minPairDemand` are dropped.
 * Units: length m, time min, capacity and demand veh/h.
 */
import { buildOdDemand, type OdDemand, type OdEntry } from './od-demand';
import type { RoadGraph } from './road-graph';

export interface SyntheticGridOptions {
  rows: number;
  cols: number;
  zoneCount: number;
  seed: number;
  /** Total demand, veh/h. */
  totalDemand: number;
  /** Gravity decay β, 1/m; default 1/2000. */
  decayPerM?: number;
  arterialEvery?: number;
  minPairDemand?: number;
}

/** Street types of the grid: speed km/h, capacity veh/h per direction. */
const ARTERIAL = { speedKmh: 50, capacityVehH: 1800, type: 1 };
const LOCAL = { speedKmh: 30, capacityVehH: 700, type: 2 };
const CONNECTOR = { speedKmh: 20, capacityVehH: 10_000, lengthM: 150, type: 3 };

/** Mulberry32 PRNG (T. Ettinger): deterministic uniform numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticGrid(o: SyntheticGridOptions): { graph: RoadGraph; demand: OdDemand } {
  const rand = mulberry32(o.seed);
  const { rows, cols, zoneCount } = o;
  const every = o.arterialEvery ?? 5;
  const inter = rows * cols;
  const nodeCount = zoneCount + inter;
  const x = new Float64Array(nodeCount);
  const y = new Float64Array(nodeCount);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = zoneCount + r * cols + c;
      x[v] = c * 300 + (rand() - 0.5) * 100;
      y[v] = r * 300 + (rand() - 0.5) * 100;
    }
  }
  const links: { i: number; j: number; len: number; kind: typeof ARTERIAL | typeof LOCAL | typeof CONNECTOR }[] = [];
  const street = (i: number, j: number, arterial: boolean) => {
    const len = Math.hypot((x[i] as number) - (x[j] as number), (y[i] as number) - (y[j] as number));
    const kind = arterial ? ARTERIAL : LOCAL;
    links.push({ i, j, len, kind }, { i: j, j: i, len, kind });
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = zoneCount + r * cols + c;
      if (c + 1 < cols) street(v, v + 1, r % every === 0);
      if (r + 1 < rows) street(v, v + cols, c % every === 0);
    }
  }
  for (let z = 0; z < zoneCount; z++) {
    const v = zoneCount + Math.floor(rand() * inter);
    x[z] = (x[v] as number) + 50;
    y[z] = (y[v] as number) + 50;
    links.push({ i: z, j: v, len: CONNECTOR.lengthM, kind: CONNECTOR }, { i: v, j: z, len: CONNECTOR.lengthM, kind: CONNECTOR });
  }
  const m = links.length;
  const graph: RoadGraph = {
    nodeCount, zoneCount, firstThruNode: zoneCount,
    initNode: new Int32Array(m), termNode: new Int32Array(m), capacity: new Float64Array(m), length: new Float64Array(m),
    freeFlowTime: new Float64Array(m), b: new Float64Array(m), power: new Float64Array(m), speedLimit: new Float64Array(m),
    toll: new Float64Array(m), linkType: new Int32Array(m), lanes: new Uint8Array(m), tollFactor: 0, distanceFactor: 0,
  };
  links.forEach((l, a) => {
    const speedMMin = (l.kind.speedKmh * 1000) / 60;
    graph.initNode[a] = l.i;
    graph.termNode[a] = l.j;
    graph.capacity[a] = l.kind.capacityVehH;
    graph.length[a] = l.len;
    graph.freeFlowTime[a] = l.len / speedMMin;
    const connector = l.kind === CONNECTOR;
    graph.b[a] = connector ? 0 : 0.15;
    graph.power[a] = connector ? 0 : 4;
    graph.speedLimit[a] = speedMMin;
    graph.linkType[a] = l.kind.type;
    (graph.lanes as Uint8Array)[a] = l.kind === ARTERIAL ? 2 : 1;
  });
  const production = Float64Array.from({ length: zoneCount }, () => 0.2 + rand());
  const attraction = Float64Array.from({ length: zoneCount }, () => 0.2 + rand());
  const beta = o.decayPerM ?? 1 / 2000;
  const weights: OdEntry[] = [];
  let sum = 0;
  for (let i = 0; i < zoneCount; i++) {
    for (let j = 0; j < zoneCount; j++) {
      if (i === j) continue;
      const d = Math.hypot((x[i] as number) - (x[j] as number), (y[i] as number) - (y[j] as number));
      const w = (production[i] as number) * (attraction[j] as number) * Math.exp(-beta * d);
      weights.push({ origin: i, destination: j, volume: w });
      sum += w;
    }
  }
  const minPair = o.minPairDemand ?? 0;
  const entries = weights
    .map((e) => ({ ...e, volume: (e.volume / sum) * o.totalDemand }))
    .filter((e) => e.volume >= minPair);
  return { graph, demand: buildOdDemand(zoneCount, entries, 'synthetic grid') };
}
