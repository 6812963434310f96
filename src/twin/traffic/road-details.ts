/**
 * Per-road, per-direction figures of an assignment for the road details of the views: flow,
 * capacity, free-flow and congested travel time and v/c. A road split into several pieces
 * (junctions along it) gets, per direction, the length-weighted mean flow (as roadFlowsFromLinks),
 * the smallest capacity of its pieces (the bottleneck), and the sum of their travel times (the
 * time to drive the whole road). Units: veh/h, s; v/c dimensionless. NaN where a road has no link
 * in that direction (one-way, no motor traffic).
 */
import { linkTime } from '../../sim/traffic/link-cost';
import type { TrafficNetwork } from '../../sim/traffic/road-graph';
import { roadFlowsFromLinks, type RoadFlows } from './road-flows';
import type { CityRoadGraph } from './road-graph-from-city';

export interface RoadDirectionDetails {
  /** Smallest capacity of the road's pieces in this direction, veh/h. */
  capacityVehH: Float64Array;
  /** Σ free-flow time of the pieces, s. */
  freeFlowTimeS: Float64Array;
  /** Σ BPR travel time of the pieces at the assigned flows, s. */
  congestedTimeS: Float64Array;
  /** Largest v/c of the pieces. */
  volumeCapacity: Float64Array;
  /** 1 when a piece of the road is closed in this direction (what-if). */
  closed: Uint8Array;
}

export interface RoadDetails extends RoadFlows {
  /** Along the road's vertex order. */
  forward: RoadDirectionDetails;
  /** Against the road's vertex order. */
  backward: RoadDirectionDetails;
}

function directionDetails(roadCount: number): RoadDirectionDetails {
  return {
    capacityVehH: new Float64Array(roadCount).fill(NaN),
    freeFlowTimeS: new Float64Array(roadCount).fill(NaN),
    congestedTimeS: new Float64Array(roadCount).fill(NaN),
    volumeCapacity: new Float64Array(roadCount).fill(NaN),
    closed: new Uint8Array(roadCount),
  };
}

const add = (arr: Float64Array, r: number, v: number): void => {
  const old = arr[r] as number;
  arr[r] = Number.isNaN(old) ? v : old + v;
};

/**
 * Road details of link flows `linkFlow` (veh/h, by graph link id) on network `net` (the one the
 * flows were solved on: what-if capacities and closures count). Closed links carry no flow.
 */
export function roadDetailsFromLinks(g: CityRoadGraph, net: TrafficNetwork, linkFlow: Float64Array, roadCount: number): RoadDetails {
  const flows = roadFlowsFromLinks(g, linkFlow, roadCount);
  const forward = directionDetails(roadCount);
  const backward = directionDetails(roadCount);
  for (let a = 0; a < g.roadLinkCount; a++) {
    const r = g.linkRoad[a] as number;
    const d = g.linkDirection[a] === 1 ? forward : backward;
    const v = linkFlow[a] as number;
    const cap = net.capacity[a] as number;
    if (!(cap >= (d.capacityVehH[r] as number))) d.capacityVehH[r] = cap;
    add(d.freeFlowTimeS, r, net.freeFlowTime[a] as number);
    add(d.congestedTimeS, r, linkTime(net, a, v));
    const vc = v / cap;
    if (!(vc <= (d.volumeCapacity[r] as number))) d.volumeCapacity[r] = vc;
    if (net.open[a] === 0) d.closed[r] = 1;
  }
  return { ...flows, forward, backward };
}
