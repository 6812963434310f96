/**
 * What-if edits of a road network and their warm-started re-solve. Edits never renumber links:
 * a closure flags the link closed, an added link is appended, so the paths (gradient projection)
 * or bushes (Algorithm B) and flows of the previous equilibrium stay meaningful and the solver
 * resumes from them.
 */
import type { AssignmentOptions, AssignmentResult, WarmStartAssignment } from './assignment-options';
import { buildNetwork, copyRoadGraph, type RoadGraph, type TrafficNetwork } from './road-graph';

/** Link ids are 0-based network indices; nodes are 0-based. Units are those of the network. */
export type NetworkEdit =
  | { kind: 'close'; link: number }
  | { kind: 'reopen'; link: number }
  | { kind: 'capacity'; link: number; capacity: number }
  /** New speed (length unit per time unit): free-flow time becomes length / speed. */
  | { kind: 'speed'; link: number; speed: number }
  /** New lane count: capacity scales by lanes / current lanes (network `lanes`, or `currentLanes`). */
  | { kind: 'lanes'; link: number; lanes: number; currentLanes?: number }
  | {
    kind: 'add'; initNode: number; termNode: number; capacity: number; length: number; freeFlowTime: number;
    b?: number; power?: number; speedLimit?: number; toll?: number; linkType?: number; lanes?: number;
  };

/** A new network with the edits applied in order (the input network is not changed). */
export function applyNetworkEdits(net: TrafficNetwork, edits: readonly NetworkEdit[]): TrafficNetwork {
  let g = copyRoadGraph(net);
  const open = net.open.slice();
  const added = edits.filter((e) => e.kind === 'add');
  if (added.length > 0) {
    const m = g.initNode.length;
    const grownOpen = new Uint8Array(m + added.length).fill(1);
    grownOpen.set(open);
    g = appendLinks(g, added);
    return finish(g, grownOpen, edits);
  }
  return finish(g, open, edits);
}

/**
 * Applies edits to a network and re-solves from the previous equilibrium held by `assignment`
 * (gradient projection or Algorithm B).
 */
export function resolveWhatIf(assignment: WarmStartAssignment, edits: readonly NetworkEdit[], options: AssignmentOptions & { innerPasses?: number } = {}): AssignmentResult {
  assignment.setNetwork(applyNetworkEdits(assignment.net, edits));
  return assignment.solve(options);
}

function finish(g: RoadGraph, open: Uint8Array, edits: readonly NetworkEdit[]): TrafficNetwork {
  const m = g.initNode.length;
  const checkLink = (link: number, kind: string) => {
    if (!Number.isInteger(link) || link < 0 || link >= m) throw new Error(`what-if ${kind}: link ${link} is not a link id (0…${m - 1})`);
  };
  for (const e of edits) {
    switch (e.kind) {
      case 'add':
        break;
      case 'close':
        checkLink(e.link, e.kind);
        open[e.link] = 0;
        break;
      case 'reopen':
        checkLink(e.link, e.kind);
        open[e.link] = 1;
        break;
      case 'capacity':
        checkLink(e.link, e.kind);
        if (!(e.capacity > 0)) throw new Error(`what-if capacity: link ${e.link} capacity must be > 0, got ${e.capacity}`);
        g.capacity[e.link] = e.capacity;
        break;
      case 'speed': {
        checkLink(e.link, e.kind);
        const len = g.length[e.link] as number;
        if (!(e.speed > 0) || !(len > 0)) throw new Error(`what-if speed: link ${e.link} needs speed > 0 and length > 0 (speed ${e.speed}, length ${len})`);
        g.freeFlowTime[e.link] = len / e.speed;
        g.speedLimit[e.link] = e.speed;
        break;
      }
      case 'lanes': {
        checkLink(e.link, e.kind);
        const current = e.currentLanes ?? g.lanes?.[e.link] ?? 0;
        if (!(current > 0) || !(e.lanes > 0)) throw new Error(`what-if lanes: link ${e.link} needs current and new lane counts > 0 (current ${current}, new ${e.lanes})`);
        g.capacity[e.link] = ((g.capacity[e.link] as number) * e.lanes) / current;
        if (g.lanes !== undefined) g.lanes[e.link] = e.lanes;
        break;
      }
    }
  }
  return buildNetwork(g, 'what-if network', open);
}

function appendLinks(g: RoadGraph, added: readonly Extract<NetworkEdit, { kind: 'add' }>[]): RoadGraph {
  const m = g.initNode.length;
  const k = added.length;
  const growF = (a: Float64Array, pick: (e: Extract<NetworkEdit, { kind: 'add' }>) => number) => {
    const b = new Float64Array(m + k);
    b.set(a);
    added.forEach((e, i) => (b[m + i] = pick(e)));
    return b;
  };
  const growI = (a: Int32Array, pick: (e: Extract<NetworkEdit, { kind: 'add' }>) => number) => {
    const b = new Int32Array(m + k);
    b.set(a);
    added.forEach((e, i) => (b[m + i] = pick(e)));
    return b;
  };
  const out = {
    ...g,
    initNode: growI(g.initNode, (e) => e.initNode),
    termNode: growI(g.termNode, (e) => e.termNode),
    capacity: growF(g.capacity, (e) => e.capacity),
    length: growF(g.length, (e) => e.length),
    freeFlowTime: growF(g.freeFlowTime, (e) => e.freeFlowTime),
    b: growF(g.b, (e) => e.b ?? 0.15),
    power: growF(g.power, (e) => e.power ?? 4),
    speedLimit: growF(g.speedLimit, (e) => e.speedLimit ?? 0),
    toll: growF(g.toll, (e) => e.toll ?? 0),
    linkType: growI(g.linkType, (e) => e.linkType ?? 0),
  };
  if (g.lanes !== undefined) {
    const lanes = new Uint8Array(m + k);
    lanes.set(g.lanes);
    added.forEach((e, i) => (lanes[m + i] = e.lanes ?? 0));
    out.lanes = lanes;
  }
  return out;
}
