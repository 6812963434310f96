/**
 * The motor-traffic road network of a city model: junction nodes and directed road links, built
 * from the twin's RoadTable as src/sim/traffic/README.md ("From the twin's roads") documents.
 *
 * - Roads whose class has no entry in ROAD_CLASS_TRAFFIC (footway, cycleway, pedestrian, rail) are
 *   left out.
 * - Vertices closer than `snapToleranceM` are one point (grid hashing, first point wins).
 * - A point is a node when it is the end point of a kept road, or an interior vertex of two or more
 *   kept roads (a junction), or met twice by one road (a loop). Roads are split at their nodes, so a
 *   road whose end lies on another road's interior vertex splits that road there.
 * - Each piece between two nodes gives one directed link per allowed direction (oneway 0: both,
 *   1: along the vertex order, −1: against it); length is the planar polyline length (m),
 *   capacity (veh/h) and free-flow time (s) come from `roadLinkAttributes`.
 * Units: metres, seconds, veh/h.
 */
import { ROAD_CLASSES, type RoadTable } from '../city-model';
import { roadLinkAttributes } from '../../sim/traffic/road-class-capacity';

/** Default snapping tolerance of vertices, m (README of src/sim/traffic). */
export const SNAP_TOLERANCE_M = 0.5;

export interface RoadNetwork {
  /** Junction nodes, 0 … nodeCount − 1. */
  nodeCount: number;
  /** Interleaved x, y of each node, m (ENU). */
  nodeXY: Float64Array;
  /** One entry per directed road link. */
  initNode: Int32Array;
  termNode: Int32Array;
  lengthM: Float64Array;
  capacityVehH: Float64Array;
  freeFlowTimeS: Float64Array;
  /** Speed, m/s. */
  speedMS: Float64Array;
  /** Lanes per direction. */
  lanes: Uint8Array;
  /** Index into ROAD_CLASSES. */
  roadClass: Int32Array;
  /** Road index (in the RoadTable) of each link. */
  road: Int32Array;
  /** +1 along the road's vertex order, −1 against it. */
  direction: Int8Array;
}

/** Merges points closer than a tolerance: a uniform grid of cell size = tolerance, 3 × 3 look-up. */
class PointSnapper {
  readonly xy: number[] = [];
  private readonly cells = new Map<string, number[]>();
  constructor(private readonly tol: number) {}

  id(x: number, y: number): number {
    const cx = Math.floor(x / this.tol);
    const cy = Math.floor(y / this.tol);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const p of this.cells.get(`${cx + dx},${cy + dy}`) ?? []) {
          if (Math.hypot((this.xy[2 * p] as number) - x, (this.xy[2 * p + 1] as number) - y) <= this.tol) return p;
        }
      }
    }
    const p = this.xy.length / 2;
    this.xy.push(x, y);
    const key = `${cx},${cy}`;
    const list = this.cells.get(key);
    if (list === undefined) this.cells.set(key, [p]);
    else list.push(p);
    return p;
  }
}

/** Builds the junction nodes and directed links of the motor-traffic roads. */
export function buildRoadNetwork(roads: RoadTable, snapToleranceM = SNAP_TOLERANCE_M): RoadNetwork {
  if (!(snapToleranceM > 0)) throw new Error(`road network: snap tolerance must be > 0 m, got ${snapToleranceM}`);
  const snapper = new PointSnapper(snapToleranceM);
  const kept: number[] = [];
  const points: number[][] = [];
  for (let r = 0; r < roads.count; r++) {
    const cls = ROAD_CLASSES[roads.roadClass[r] as number];
    if (cls === undefined) throw new Error(`roads: road ${roads.id[r] ?? r} has class code ${roads.roadClass[r]}, not in ROAD_CLASSES`);
    const start = roads.vertexOffset[r] as number;
    const end = roads.vertexOffset[r + 1] as number;
    if (roadLinkAttributes(cls, 0, NaN, NaN, false) === undefined || end - start < 2) continue;
    const ids: number[] = [];
    for (let v = start; v < end; v++) {
      const x = roads.xyz[3 * v] as number;
      const y = roads.xyz[3 * v + 1] as number;
      if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`roads: road ${roads.id[r] ?? r} vertex ${v - start} is not finite`);
      const p = snapper.id(x, y);
      if (ids[ids.length - 1] !== p) ids.push(p); // drop repeated (snapped) vertices
    }
    if (ids.length < 2) continue;
    kept.push(r);
    points.push(ids);
  }
  // A point is a node when it ends a road, or two roads (or one road twice) pass through it.
  const pointCount = snapper.xy.length / 2;
  const lastRoad = new Int32Array(pointCount).fill(-1);
  const isNode = new Uint8Array(pointCount);
  points.forEach((ids, k) => {
    isNode[ids[0] as number] = 1;
    isNode[ids[ids.length - 1] as number] = 1;
    for (const p of ids) {
      if (lastRoad[p] !== -1) isNode[p] = 1;
      lastRoad[p] = k;
    }
  });
  const nodeOf = new Int32Array(pointCount).fill(-1);
  const nodeXY: number[] = [];
  for (let p = 0; p < pointCount; p++) {
    if (isNode[p] === 0) continue;
    nodeOf[p] = nodeXY.length / 2;
    nodeXY.push(snapper.xy[2 * p] as number, snapper.xy[2 * p + 1] as number);
  }
  const links = { init: [] as number[], term: [] as number[], len: [] as number[], cap: [] as number[], fft: [] as number[], speed: [] as number[], lanes: [] as number[], cls: [] as number[], road: [] as number[], dir: [] as number[] };
  points.forEach((ids, k) => {
    const r = kept[k] as number;
    const cls = ROAD_CLASSES[roads.roadClass[r] as number] as string;
    const oneway = roads.oneway[r] ?? 0;
    if (oneway !== 0 && oneway !== 1 && oneway !== -1) throw new Error(`roads: road ${roads.id[r] ?? r} oneway must be 0, 1 or −1, got ${oneway}`);
    const twoWay = oneway === 0;
    let from = ids[0] as number;
    let length = 0;
    for (let i = 1; i < ids.length; i++) {
      const a = ids[i - 1] as number;
      const b = ids[i] as number;
      length += Math.hypot((snapper.xy[2 * b] as number) - (snapper.xy[2 * a] as number), (snapper.xy[2 * b + 1] as number) - (snapper.xy[2 * a + 1] as number));
      if (isNode[b] === 0) continue;
      const attrs = roadLinkAttributes(cls, length, roads.lanes[r] ?? NaN, roads.maxSpeedKmh[r] ?? NaN, twoWay);
      if (attrs !== undefined && from !== b) {
        for (const dir of [1, -1] as const) {
          if (!twoWay && dir !== oneway) continue;
          links.init.push(nodeOf[dir === 1 ? from : b] as number);
          links.term.push(nodeOf[dir === 1 ? b : from] as number);
          links.len.push(length);
          links.cap.push(attrs.capacityVehH);
          links.fft.push(attrs.freeFlowTimeS);
          links.speed.push(attrs.speedKmh / 3.6);
          links.lanes.push(attrs.lanes);
          links.cls.push(roads.roadClass[r] as number);
          links.road.push(r);
          links.dir.push(dir);
        }
      }
      from = b;
      length = 0;
    }
  });
  return {
    nodeCount: nodeXY.length / 2, nodeXY: Float64Array.from(nodeXY),
    initNode: Int32Array.from(links.init), termNode: Int32Array.from(links.term), lengthM: Float64Array.from(links.len),
    capacityVehH: Float64Array.from(links.cap), freeFlowTimeS: Float64Array.from(links.fft), speedMS: Float64Array.from(links.speed),
    lanes: Uint8Array.from(links.lanes), roadClass: Int32Array.from(links.cls), road: Int32Array.from(links.road), direction: Int8Array.from(links.dir),
  };
}

/**
 * Nodes of the largest strongly connected component of the road network (Kosaraju, iterative),
 * as a 0/1 flag per node: zones are attached there so that every zone reaches every other.
 */
export function largestStrongComponent(net: RoadNetwork): Uint8Array {
  const n = net.nodeCount;
  const m = net.initNode.length;
  const csr = (tail: Int32Array, head: Int32Array): [Int32Array, Int32Array] => {
    const start = new Int32Array(n + 1);
    for (let a = 0; a < m; a++) start[(tail[a] as number) + 1] = (start[(tail[a] as number) + 1] as number) + 1;
    for (let v = 0; v < n; v++) start[v + 1] = (start[v + 1] as number) + (start[v] as number);
    const fill = start.slice(0, n);
    const adj = new Int32Array(m);
    for (let a = 0; a < m; a++) {
      const t = tail[a] as number;
      const e = fill[t] as number;
      adj[e] = head[a] as number;
      fill[t] = e + 1;
    }
    return [start, adj];
  };
  const [fs, fa] = csr(net.initNode, net.termNode);
  const [bs, ba] = csr(net.termNode, net.initNode);
  // Pass 1: finishing order by iterative DFS on the forward graph.
  const seen = new Uint8Array(n);
  const order: number[] = [];
  const stack: number[] = [];
  const edge: number[] = [];
  for (let s = 0; s < n; s++) {
    if (seen[s] === 1) continue;
    seen[s] = 1;
    stack.push(s);
    edge.push(fs[s] as number);
    while (stack.length > 0) {
      const v = stack[stack.length - 1] as number;
      const e = edge[edge.length - 1] as number;
      if (e < (fs[v + 1] as number)) {
        edge[edge.length - 1] = e + 1;
        const w = fa[e] as number;
        if (seen[w] === 0) {
          seen[w] = 1;
          stack.push(w);
          edge.push(fs[w] as number);
        }
      } else {
        stack.pop();
        edge.pop();
        order.push(v);
      }
    }
  }
  // Pass 2: components on the reverse graph in reverse finishing order.
  const comp = new Int32Array(n).fill(-1);
  const sizes: number[] = [];
  for (let i = order.length - 1; i >= 0; i--) {
    const s = order[i] as number;
    if (comp[s] !== -1) continue;
    const c = sizes.length;
    let size = 0;
    comp[s] = c;
    stack.push(s);
    while (stack.length > 0) {
      const v = stack.pop() as number;
      size++;
      for (let e = bs[v] as number; e < (bs[v + 1] as number); e++) {
        const w = ba[e] as number;
        if (comp[w] === -1) {
          comp[w] = c;
          stack.push(w);
        }
      }
    }
    sizes.push(size);
  }
  let best = 0;
  sizes.forEach((s, c) => { if (s > (sizes[best] ?? 0)) best = c; });
  const flag = new Uint8Array(n);
  for (let v = 0; v < n; v++) if (comp[v] === best) flag[v] = 1;
  return flag;
}
