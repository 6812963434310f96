/**
 * Equilibrium link flows back onto the twin's roads. A road split into several pieces gets, per
 * direction, the length-weighted mean flow of its pieces (so flow × length is the road's
 * vehicle-km per hour), and the largest volume/capacity ratio of any piece and direction.
 * Units: veh/h; v/c dimensionless. Roads with no motor link get NaN.
 */
import type { CityRoadGraph } from './road-graph-from-city';

export interface RoadFlows {
  /** Flow along the vertex order, veh/h. */
  forwardVehH: Float64Array;
  /** Flow against the vertex order, veh/h. */
  backwardVehH: Float64Array;
  /** forward + backward, veh/h. */
  totalVehH: Float64Array;
  /** Largest v/c of the road's links. */
  volumeCapacity: Float64Array;
}

/** Per-road flows of `linkFlow` (veh/h, indexed by graph link id). */
export function roadFlowsFromLinks(g: CityRoadGraph, linkFlow: Float64Array, roadCount: number): RoadFlows {
  if (linkFlow.length < g.roadLinkCount) throw new Error(`road flows: ${linkFlow.length} link flows for ${g.roadLinkCount} road links`);
  const fwd = new Float64Array(roadCount);
  const bwd = new Float64Array(roadCount);
  const lenF = new Float64Array(roadCount);
  const lenB = new Float64Array(roadCount);
  const vc = new Float64Array(roadCount).fill(NaN);
  const has = new Uint8Array(roadCount);
  for (let a = 0; a < g.roadLinkCount; a++) {
    const r = g.linkRoad[a] as number;
    if (r < 0 || r >= roadCount) throw new Error(`road flows: link ${a} maps to road ${r}, outside 0…${roadCount - 1}`);
    const v = linkFlow[a] as number;
    const len = g.graph.length[a] as number;
    has[r] = 1;
    if (g.linkDirection[a] === 1) {
      fwd[r] = (fwd[r] as number) + v * len;
      lenF[r] = (lenF[r] as number) + len;
    } else {
      bwd[r] = (bwd[r] as number) + v * len;
      lenB[r] = (lenB[r] as number) + len;
    }
    const ratio = v / (g.graph.capacity[a] as number);
    if (!(ratio <= (vc[r] as number))) vc[r] = ratio;
  }
  const total = new Float64Array(roadCount);
  for (let r = 0; r < roadCount; r++) {
    if (has[r] === 0) {
      fwd[r] = NaN;
      bwd[r] = NaN;
      total[r] = NaN;
      continue;
    }
    fwd[r] = (lenF[r] as number) > 0 ? (fwd[r] as number) / (lenF[r] as number) : 0;
    bwd[r] = (lenB[r] as number) > 0 ? (bwd[r] as number) / (lenB[r] as number) : 0;
    total[r] = (fwd[r] as number) + (bwd[r] as number);
  }
  return { forwardVehH: fwd, backwardVehH: bwd, totalVehH: total, volumeCapacity: vc };
}
