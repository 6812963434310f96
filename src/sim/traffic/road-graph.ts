/**
 * The road graph of a static traffic assignment, struct-of-arrays on typed arrays, and its
 * forward-star (CSR) index.
 *
 * Conventions (those of the TNTP format, Bar-Gera's TransportationNetworks, made 0-based):
 * - Nodes are 0 … nodeCount − 1. Zones are nodes 0 … zoneCount − 1 (their centroids).
 * - Nodes with index < `firstThruNode` may start or end a trip but are never passed through
 *   (TNTP `<FIRST THRU NODE>` minus one). 0 means every node is a through-node.
 * - Links are directed and keep their input order; a link's index is its id. What-if edits only
 *   append links or flag them closed, so ids (and the paths that use them) stay valid.
 * - Link travel time (BPR, Bureau of Public Roads 1964): t = fft · (1 + b · (v / capacity)^power),
 *   in the time unit of the input (TNTP files: minutes or 0.01 h). b = 0 (t = fft) or power = 0
 *   (t = fft · (1 + b)) gives a constant-cost link.
 * - Generalized cost (TNTP metadata `<TOLL FACTOR>`, `<DISTANCE FACTOR>`):
 *   c = t + tollFactor · toll + distanceFactor · length.
 */

/**
 * Plain typed-array input of the assignment, one entry per directed link. It can be filled from a
 * TNTP file or from the twin's road table (see README.md in this folder for the class table).
 */
export interface RoadGraph {
  nodeCount: number;
  /** Zones are the nodes 0 … zoneCount − 1. */
  zoneCount: number;
  /** Nodes below this index are never passed through (0: all nodes are through-nodes). */
  firstThruNode: number;
  /** Tail node of each link. */
  initNode: Int32Array;
  /** Head node of each link. */
  termNode: Int32Array;
  /** Practical capacity, vehicles per time unit of the demand (veh/h for the twin). */
  capacity: Float64Array;
  /** Length in the input's unit (TNTP: as the file says; twin: m). */
  length: Float64Array;
  /** Free-flow travel time, time unit of the input (twin: s). */
  freeFlowTime: Float64Array;
  /** BPR multiplier b (0.15 for the classic BPR curve). */
  b: Float64Array;
  /** BPR exponent (4 for the classic BPR curve). */
  power: Float64Array;
  /** Speed limit, length unit per time unit (0 = unknown). Informative; fft is what counts. */
  speedLimit: Float64Array;
  /** Toll, money unit (weighted by tollFactor into the generalized cost). */
  toll: Float64Array;
  /** Link type code of the source (TNTP `Type`, twin road class index). */
  linkType: Int32Array;
  /** Lanes of the link when known (0 = unknown); used by the `lanes` what-if. */
  lanes?: Uint8Array;
  /** Generalized-cost weight of toll (time units per money unit). */
  tollFactor: number;
  /** Generalized-cost weight of length (time units per length unit). */
  distanceFactor: number;
}

/** A RoadGraph with its forward-star index and per-link derived values. */
export interface TrafficNetwork extends RoadGraph {
  /** Lanes per link, 0 where unknown (always present, so every network has one object shape). */
  lanes: Uint8Array;
  linkCount: number;
  /** Open out-links of node n: outLinks[outStart[n] … outStart[n + 1] − 1] (link ids). */
  outStart: Int32Array;
  outLinks: Int32Array;
  /** Head node of each forward-star entry (termNode[outLinks[e]], stored in order). */
  outHead: Int32Array;
  /** tollFactor · toll + distanceFactor · length: the flow-independent part of the cost. */
  fixedCost: Float64Array;
  /** BPR coefficient fft · b / capacity^power, so that t = fft + alpha · v^power. */
  alpha: Float64Array;
  /** 1 = open, 0 = closed by a what-if (left out of the forward star). */
  open: Uint8Array;
}

/** Throws an Error naming the field and link when a RoadGraph is malformed. */
export function validateRoadGraph(g: RoadGraph, source = 'road graph'): void {
  const m = g.initNode.length;
  const fields: [string, ArrayLike<number>][] = [
    ['termNode', g.termNode], ['capacity', g.capacity], ['length', g.length], ['freeFlowTime', g.freeFlowTime],
    ['b', g.b], ['power', g.power], ['speedLimit', g.speedLimit], ['toll', g.toll], ['linkType', g.linkType],
  ];
  for (const [name, arr] of fields) {
    if (arr.length !== m) throw new Error(`${source}: field ${name} has ${arr.length} entries, initNode has ${m}`);
  }
  if (g.lanes !== undefined && g.lanes.length !== m) throw new Error(`${source}: field lanes has ${g.lanes.length} entries, initNode has ${m}`);
  if (!(g.nodeCount >= 0 && Number.isInteger(g.nodeCount))) throw new Error(`${source}: nodeCount must be a non-negative integer`);
  if (!(g.zoneCount >= 0 && g.zoneCount <= g.nodeCount)) throw new Error(`${source}: zoneCount ${g.zoneCount} must lie in 0…nodeCount (${g.nodeCount})`);
  if (!(g.firstThruNode >= 0 && g.firstThruNode <= g.nodeCount)) throw new Error(`${source}: firstThruNode ${g.firstThruNode} out of range`);
  if (!Number.isFinite(g.tollFactor) || !Number.isFinite(g.distanceFactor)) throw new Error(`${source}: toll and distance factors must be finite`);
  for (let a = 0; a < m; a++) {
    const i = g.initNode[a] ?? -1;
    const j = g.termNode[a] ?? -1;
    if (i < 0 || i >= g.nodeCount || j < 0 || j >= g.nodeCount) throw new Error(`${source}: link ${a + 1} joins nodes ${i + 1}→${j + 1}, outside 1…${g.nodeCount}`);
    const cap = g.capacity[a] ?? NaN;
    const fft = g.freeFlowTime[a] ?? NaN;
    const b = g.b[a] ?? NaN;
    const p = g.power[a] ?? NaN;
    if (!(fft >= 0) || !Number.isFinite(fft)) throw new Error(`${source}: link ${a + 1} (${i + 1}→${j + 1}) free-flow time ${fft} must be finite and ≥ 0`);
    if (!(b >= 0) || !Number.isFinite(b)) throw new Error(`${source}: link ${a + 1} (${i + 1}→${j + 1}) BPR b ${b} must be finite and ≥ 0`);
    if (!(p >= 0) || !Number.isFinite(p)) throw new Error(`${source}: link ${a + 1} (${i + 1}→${j + 1}) BPR power ${p} must be finite and ≥ 0`);
    if (b > 0 && p > 0 && !(cap > 0)) throw new Error(`${source}: link ${a + 1} (${i + 1}→${j + 1}) capacity ${cap} must be > 0 on a flow-dependent link`);
    const fixed = g.tollFactor * (g.toll[a] ?? 0) + g.distanceFactor * (g.length[a] ?? 0);
    if (!Number.isFinite(fixed) || fft + fixed < 0) throw new Error(`${source}: link ${a + 1} (${i + 1}→${j + 1}) has a negative or non-finite generalized cost`);
  }
}

/**
 * Builds the forward-star index of a RoadGraph (counting sort by tail node, stable so links of a
 * node keep their input order). The arrays of `g` are shared, not copied.
 */
export function buildNetwork(g: RoadGraph, source?: string, open?: Uint8Array): TrafficNetwork {
  validateRoadGraph(g, source);
  const m = g.initNode.length;
  const n = g.nodeCount;
  const openFlags = open ?? new Uint8Array(m).fill(1);
  if (openFlags.length !== m) throw new Error(`${source ?? 'road graph'}: open flags have ${openFlags.length} entries for ${m} links`);
  // Closed links stay in the link arrays (ids are stable) but not in the forward star.
  const outStart = new Int32Array(n + 1);
  let openCount = 0;
  for (let a = 0; a < m; a++) {
    if (openFlags[a] === 0) continue;
    openCount++;
    const slot = (g.initNode[a] as number) + 1;
    outStart[slot] = (outStart[slot] as number) + 1;
  }
  for (let v = 0; v < n; v++) outStart[v + 1] = (outStart[v + 1] as number) + (outStart[v] as number);
  const fill = outStart.slice(0, n);
  const outLinks = new Int32Array(openCount);
  const outHead = new Int32Array(openCount);
  for (let a = 0; a < m; a++) {
    if (openFlags[a] === 0) continue;
    const i = g.initNode[a] as number;
    const e = fill[i] as number;
    outLinks[e] = a;
    outHead[e] = g.termNode[a] as number;
    fill[i] = e + 1;
  }
  const fixedCost = new Float64Array(m);
  const alpha = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    fixedCost[a] = g.tollFactor * (g.toll[a] as number) + g.distanceFactor * (g.length[a] as number);
    const b = g.b[a] as number;
    const p = g.power[a] as number;
    // power 0: t = fft·(1 + b), constant (capacity^0 = 1, even for capacity 0).
    alpha[a] = b > 0 ? ((g.freeFlowTime[a] as number) * b) / (p === 0 ? 1 : Math.pow(g.capacity[a] as number, p)) : 0;
  }
  // One literal with every field in a fixed order: networks built from a TNTP file, the twin or a
  // what-if edit then share one hidden class. A spread of `g` took its field order, so the edited
  // network of a what-if had another shape, and every solver function compiled for the first one
  // deoptimized ("wrong map") in the re-solve's first iteration (2× its cost on the synthetic grid).
  return {
    nodeCount: g.nodeCount, zoneCount: g.zoneCount, firstThruNode: g.firstThruNode,
    initNode: g.initNode, termNode: g.termNode, capacity: g.capacity, length: g.length, freeFlowTime: g.freeFlowTime,
    b: g.b, power: g.power, speedLimit: g.speedLimit, toll: g.toll, linkType: g.linkType,
    lanes: g.lanes ?? new Uint8Array(m), tollFactor: g.tollFactor, distanceFactor: g.distanceFactor,
    linkCount: m, outStart, outLinks, outHead, fixedCost, alpha, open: openFlags,
  };
}

/** A copy of the RoadGraph fields of a network (fresh arrays), for edits. */
export function copyRoadGraph(g: RoadGraph): RoadGraph {
  const copy: RoadGraph = {
    nodeCount: g.nodeCount, zoneCount: g.zoneCount, firstThruNode: g.firstThruNode,
    initNode: g.initNode.slice(), termNode: g.termNode.slice(), capacity: g.capacity.slice(), length: g.length.slice(),
    freeFlowTime: g.freeFlowTime.slice(), b: g.b.slice(), power: g.power.slice(), speedLimit: g.speedLimit.slice(),
    toll: g.toll.slice(), linkType: g.linkType.slice(), tollFactor: g.tollFactor, distanceFactor: g.distanceFactor,
  };
  if (g.lanes !== undefined) copy.lanes = g.lanes.slice();
  return copy;
}
