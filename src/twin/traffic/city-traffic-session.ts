/**
 * A baseline and its road what-ifs on one city model, kept warm: the road graph, the demand and
 * one assignment (gradient projection by default, or Algorithm B) whose paths or bushes and flows
 * carry over from solve to solve, so a what-if re-solves from the previous equilibrium
 * (src/sim/traffic/what-if.ts). The baseline's flows are kept to give scenario − baseline differences. Headless: the traffic worker
 * (src/sim-workers/traffic-job.ts), scenarios and tests all use it. Units: veh/h, s, m.
 */
import type { CityModel } from '../city-model';
import type { RunControl } from '../../sim/core/progress';
import type { AssignmentResult, IterationReport, WarmStartAssignment } from '../../sim/traffic/assignment-options';
import type { UnreachablePair } from '../../sim/traffic/assignment-measures';
import type { OdDemand } from '../../sim/traffic/od-demand';
import type { TrafficNetwork } from '../../sim/traffic/road-graph';
import { applyNetworkEdits } from '../../sim/traffic/what-if';
import { cityAssignment, cityTrafficInputs, roadVehicleKm, type CityAssignmentMethod, type CityTrafficInputOptions } from './city-traffic';
import { roadDetailsFromLinks, type RoadDetails } from './road-details';
import type { CityRoadGraph } from './road-graph-from-city';
import { roadEdits, type RoadChange } from './road-what-if';

export interface CityTrafficSessionOptions extends CityTrafficInputOptions {
  /** Solver, default 'gp' (see CityAssignmentMethod). */
  method?: CityAssignmentMethod;
}

export interface SolveOptions {
  /** Target relative gap; default 1e-6. */
  gap?: number;
  maxSeconds?: number;
  clock?: () => number;
  control?: RunControl;
  onIteration?: (report: IterationReport) => void;
}

/** Convergence and network figures of one solve. */
export interface TrafficFigures {
  relativeGap: number;
  converged: boolean;
  iterations: number;
  /** Solve time, s (null without a clock). */
  seconds: number | null;
  /** Total system travel time, veh·h per hour. */
  tsttVehH: number;
  /** Σ flow × length over road links, veh·km per hour. */
  vehicleKm: number;
  /** Beckmann objective, veh·s per hour. */
  beckmann: number;
  demandVehH: number;
  assignedVehH: number;
  zones: number;
  odPairs: number;
  /** OD pairs that no open road joins (1-based zones of the city graph), never dropped silently. */
  unreachable: UnreachablePair[];
}

/** A road change applied in the current scenario. */
export interface AppliedRoadChange {
  road: number;
  change: RoadChange;
}

export interface CityTrafficSolution {
  figures: TrafficFigures;
  roads: RoadDetails;
  /** Link flows, veh/h (graph link ids). */
  linkFlow: Float64Array;
}

export class CityTrafficSession {
  readonly graph: CityRoadGraph;
  readonly baseNetwork: TrafficNetwork;
  readonly demand: OdDemand;
  readonly warnings: string[];
  private readonly assignment: WarmStartAssignment;
  private readonly roadCount: number;
  private changes: AppliedRoadChange[] = [];
  baseline: CityTrafficSolution | null = null;

  constructor(city: CityModel, options: CityTrafficSessionOptions = {}) {
    const { graph, network, demand, warnings } = cityTrafficInputs(city, options);
    this.graph = graph;
    this.baseNetwork = network;
    this.roadCount = city.roads.count;
    this.demand = demand;
    this.warnings = warnings;
    this.assignment = cityAssignment(options.method ?? 'gp', this.baseNetwork, demand);
  }

  /** Road changes of the current scenario, in the order applied. */
  get appliedChanges(): readonly AppliedRoadChange[] {
    return this.changes;
  }

  /** The network of the current scenario (the baseline's until a change is applied). */
  get network(): TrafficNetwork {
    return this.assignment.net;
  }

  /** Solves the baseline (undoing any scenario change first) and keeps it for differences. */
  solveBaseline(o: SolveOptions = {}): CityTrafficSolution {
    if (this.changes.length > 0) {
      this.assignment.setNetwork(this.baseNetwork);
      this.changes = [];
    }
    this.baseline = this.solve(o);
    return this.baseline;
  }

  /**
   * Applies road changes on top of the current scenario and re-solves warm-started from the
   * previous equilibrium. A change to a road without motor-traffic links throws, naming the road.
   */
  applyChanges(changes: readonly AppliedRoadChange[], o: SolveOptions = {}): CityTrafficSolution {
    const edits = changes.flatMap((c) => roadEdits(this.graph, c.road, c.change));
    this.assignment.setNetwork(applyNetworkEdits(this.assignment.net, edits));
    this.changes = [...this.changes, ...changes];
    return this.solve(o);
  }

  /** Back to the baseline network, re-solved warm (the baseline figures of a fresh solve). */
  resetChanges(o: SolveOptions = {}): CityTrafficSolution {
    this.assignment.setNetwork(this.baseNetwork);
    this.changes = [];
    return this.solve(o);
  }

  private solve(o: SolveOptions): CityTrafficSolution {
    const result = this.assignment.solve({
      gap: o.gap ?? 1e-6,
      ...(this.demand.total > 0 ? {} : { maxIterations: 1 }), // nothing to assign
      ...(o.clock === undefined ? {} : { clock: o.clock }),
      ...(o.maxSeconds === undefined ? {} : { maxSeconds: o.maxSeconds }),
      ...(o.control === undefined ? {} : { control: o.control }),
      ...(o.onIteration === undefined ? {} : { onIteration: o.onIteration }),
    });
    return { figures: this.figures(result), roads: roadDetailsFromLinks(this.graph, this.assignment.net, result.linkFlow, this.roadCount), linkFlow: result.linkFlow };
  }

  private figures(r: AssignmentResult): TrafficFigures {
    return {
      relativeGap: r.relativeGap, converged: r.converged, iterations: r.iterations, seconds: r.seconds,
      tsttVehH: r.tstt / 3600, vehicleKm: roadVehicleKm(this.graph, r.linkFlow), beckmann: r.beckmann,
      demandVehH: this.demand.total, assignedVehH: r.assignedDemand, zones: this.graph.zones.zoneCount,
      odPairs: this.demand.destZone.length, unreachable: r.unreachable,
    };
  }
}
