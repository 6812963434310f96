/**
 * Peak-hour traffic of a district for the traffic worker (src/app/traffic.worker.ts), issue 7: the
 * baseline assignment, road what-ifs re-solved warm-started, and back to the baseline. Holds one
 * CityTrafficSession (src/twin/traffic) between calls, so what-ifs start from the previous
 * equilibrium. Pure: runs in the worker and in Node tests alike. Units: veh/h, s, m.
 */
import type { CityModel } from '../twin/city-model';
import type { RunControl } from '../sim/core/progress';
import type { IterationReport } from '../sim/traffic/assignment-options';
import { CityTrafficSession, type AppliedRoadChange, type CityTrafficSolution, type TrafficFigures } from '../twin/traffic/city-traffic-session';
import type { RoadDetails } from '../twin/traffic/road-details';

export type TrafficJobRequest =
  /** Build the graph and demand of `city` and solve the baseline. */
  | { kind: 'baseline'; gap?: number }
  /** Apply road changes on top of the current scenario and re-solve warm. */
  | { kind: 'what-if'; changes: AppliedRoadChange[]; gap?: number }
  /** Undo every change and re-solve warm. */
  | { kind: 'reset'; gap?: number };

export interface TrafficJobResult {
  /** 'baseline' after a baseline or reset, else 'scenario'. */
  kind: 'baseline' | 'scenario';
  figures: TrafficFigures;
  roads: RoadDetails;
  /** Road changes in force (empty for the baseline). */
  changes: AppliedRoadChange[];
  /** Notes on the demand estimate (gravity model fall-backs). */
  warnings: string[];
  /** Junctions and road links of the graph (for the panel's figures). */
  junctions: number;
  roadLinks: number;
}

/** The traffic job of one district: created per district, called per request. */
export class TrafficJob {
  private session: CityTrafficSession | null = null;

  constructor(private readonly city: CityModel) {}

  run(request: TrafficJobRequest, control?: RunControl, onIteration?: (r: IterationReport) => void): TrafficJobResult {
    const o = { gap: request.gap ?? 1e-6, clock: () => performance.now(), ...(control === undefined ? {} : { control }), ...(onIteration === undefined ? {} : { onIteration }) };
    if (request.kind === 'baseline' || this.session === null) {
      if (request.kind !== 'baseline') throw new Error(`traffic: '${request.kind}' needs a baseline first`);
      this.session = new CityTrafficSession(this.city);
      return this.wrap('baseline', this.session.solveBaseline(o));
    }
    if (request.kind === 'reset') return this.wrap('baseline', this.session.resetChanges(o));
    return this.wrap('scenario', this.session.applyChanges(request.changes, o));
  }

  private wrap(kind: TrafficJobResult['kind'], s: CityTrafficSolution): TrafficJobResult {
    const session = this.session as CityTrafficSession;
    return {
      kind, figures: s.figures, roads: s.roads, changes: [...session.appliedChanges], warnings: session.warnings,
      junctions: session.graph.network.nodeCount, roadLinks: session.graph.roadLinkCount,
    };
  }
}

/** The buffers of a result that can be transferred instead of copied. */
export function trafficResultTransferables(r: TrafficJobResult): ArrayBuffer[] {
  const d = r.roads;
  const arrays = [d.forwardVehH, d.backwardVehH, d.totalVehH, d.volumeCapacity];
  for (const dir of [d.forward, d.backward]) arrays.push(dir.capacityVehH, dir.freeFlowTimeS, dir.congestedTimeS, dir.volumeCapacity);
  return arrays.map((a) => a.buffer as ArrayBuffer).concat([d.forward.closed.buffer as ArrayBuffer, d.backward.closed.buffer as ArrayBuffer]);
}
