/**
 * Peak-hour traffic of a city model: road graph and zones from the twin, gravity demand from
 * residents and jobs (or a given demand), user equilibrium by path-based gradient projection, flows
 * back onto the roads. Units: veh/h, s, m; summary figures in veh·h and veh·km per hour.
 */
import { ROAD_CLASSES, type CityModel } from '../city-model';
import type { AssignmentResult, WarmStartAssignment } from '../../sim/traffic/assignment-options';
import { BushAssignment } from '../../sim/traffic/bush-assignment';
import { PathBasedAssignment } from '../../sim/traffic/gradient-projection';
import type { OdDemand } from '../../sim/traffic/od-demand';
import { buildNetwork, type TrafficNetwork } from '../../sim/traffic/road-graph';
import { ShortestPathTree } from '../../sim/traffic/shortest-path';
import { DEFAULT_DETERRENCE, gravityModel, odDemandFromMatrix, withIntrazonalCost, type Deterrence, type GravityResult } from './gravity-demand';
import { buildCityRoadGraph, type CityRoadGraph, type CityRoadGraphOptions } from './road-graph-from-city';
import { roadFlowsFromLinks, type RoadFlows } from './road-flows';
import { PEAK_HOUR_TRIPS_PER_RESIDENT } from './trip-generation';

/** Zone-to-zone free-flow travel time, minutes, [i · z + j] (Infinity: no path). */
export function freeFlowSkim(net: TrafficNetwork): Float64Array {
  const z = net.zoneCount;
  const skim = new Float64Array(z * z);
  const cost = new Float64Array(net.linkCount);
  for (let a = 0; a < net.linkCount; a++) cost[a] = (net.freeFlowTime[a] as number) + (net.fixedCost[a] as number);
  const tree = new ShortestPathTree(net.nodeCount);
  for (let o = 0; o < z; o++) {
    tree.run(net, cost, o);
    for (let d = 0; d < z; d++) skim[o * z + d] = (tree.dist[d] as number) / 60;
  }
  return skim;
}

/** Σ flow × length over the road links (connectors left out), veh·km per hour. */
export function roadVehicleKm(g: CityRoadGraph, linkFlow: Float64Array): number {
  let vehicleKm = 0;
  for (let a = 0; a < g.roadLinkCount; a++) vehicleKm += ((linkFlow[a] as number) * (g.graph.length[a] as number)) / 1000;
  return vehicleKm;
}

export interface GravityDemandOptions {
  deterrence?: Deterrence;
  /** Peak-hour vehicle trips per resident (default PEAK_HOUR_TRIPS_PER_RESIDENT). */
  tripsPerResident?: number;
}

/**
 * Gravity demand (veh/h) of the zones of a city graph, on free-flow times (min) with intrazonal
 * costs. A district with residents but no estimated jobs (building use unknown everywhere) gets
 * attractions ∝ residents instead, with a warning, so that it still has trips.
 */
export function cityGravityDemand(g: CityRoadGraph, net: TrafficNetwork, o: GravityDemandOptions = {}): { demand: OdDemand; gravity: GravityResult; warnings: string[] } {
  const rate = o.tripsPerResident ?? PEAK_HOUR_TRIPS_PER_RESIDENT;
  if (!(rate >= 0)) throw new Error(`gravity demand: trips per resident must be ≥ 0, got ${rate}`);
  const warnings: string[] = [];
  const productions = Float64Array.from(g.zones.residents, (r) => r * rate);
  let attractions = g.zones.jobs;
  const sum = (x: Float64Array) => x.reduce((a, b) => a + b, 0);
  if (sum(productions) === 0) warnings.push('no residents in the district: no gravity demand');
  else if (sum(attractions) === 0) {
    warnings.push('no jobs estimated (no building with a non-residential use): attractions taken ∝ residents');
    attractions = g.zones.residents;
  }
  const cost = withIntrazonalCost(freeFlowSkim(net), g.zones.zoneCount);
  const gravity = gravityModel(productions, attractions, cost, o.deterrence ?? DEFAULT_DETERRENCE);
  if (gravity.unbalancedZones.length > 0) warnings.push(`gravity model: ${gravity.unbalancedZones.length} zones could not be balanced (largest relative error ${gravity.maxRelativeError.toExponential(2)})`);
  return { demand: odDemandFromMatrix(gravity.trips, g.zones.zoneCount), gravity, warnings };
}

export interface CityTrafficInputOptions extends CityRoadGraphOptions, GravityDemandOptions {
  /** Demand to use instead of the gravity model (zones of the city graph). */
  demand?: OdDemand;
}

/** The road graph and network of a city and the demand on its zones (given or gravity). */
export interface CityTrafficInputs {
  graph: CityRoadGraph;
  network: TrafficNetwork;
  demand: OdDemand;
  /** The gravity model's run, null for a given demand. */
  gravity: GravityResult | null;
  warnings: string[];
}

/**
 * Builds the road graph and network of a city and its demand (the given one, checked against the
 * graph's zones, or the gravity model's), with warnings on what the demand lacks.
 */
export function cityTrafficInputs(city: CityModel, o: CityTrafficInputOptions = {}): CityTrafficInputs {
  const graph = buildCityRoadGraph(city, o);
  const network = buildNetwork(graph.graph, `${city.name} roads`);
  let demand = o.demand;
  let gravity: GravityResult | null = null;
  let warnings: string[] = [];
  if (demand === undefined) ({ demand, gravity, warnings } = cityGravityDemand(graph, network, o));
  if (graph.zones.zoneCount === 0) warnings.push('no building with residents or jobs: no traffic zones');
  if (demand.zoneCount !== graph.zones.zoneCount) throw new Error(`city traffic: demand has ${demand.zoneCount} zones, the city graph ${graph.zones.zoneCount}`);
  return { graph, network, demand, gravity, warnings };
}

/**
 * The equilibrium solver of a city: 'gp' gradient projection (default: on the Geneva district it
 * solves a baseline in 7.6 s and a road closure in 4.1 s, Algorithm B in 9.3 and 9.4 s, and B's
 * bushes take ~13 bytes × origins × links) or 'b' Algorithm B (src/sim/traffic/README.md).
 */
export type CityAssignmentMethod = 'gp' | 'b';

/** A warm-startable solver of the chosen method. */
export function cityAssignment(method: CityAssignmentMethod, network: TrafficNetwork, demand: OdDemand): WarmStartAssignment {
  return method === 'b' ? new BushAssignment(network, demand) : new PathBasedAssignment(network, demand);
}

export interface CityTrafficOptions extends CityTrafficInputOptions {
  /** Solver, default 'gp'. */
  method?: CityAssignmentMethod;
  gap?: number;
  maxSeconds?: number;
  clock?: () => number;
  /** How many busiest roads the summary lists (default 10). */
  busiest?: number;
}

export interface BusyRoad {
  road: number;
  id: string;
  name: string;
  roadClass: string;
  flowVehH: number;
  forwardVehH: number;
  backwardVehH: number;
  volumeCapacity: number;
}

export interface CityTrafficSummary {
  zones: number;
  junctions: number;
  roadLinks: number;
  connectors: number;
  odPairs: number;
  demandVehH: number;
  relativeGap: number;
  iterations: number;
  seconds: number | null;
  /** Total system travel time, veh·h per hour. */
  tsttVehH: number;
  /** Σ flow × length over road links, veh·km per hour. */
  vehicleKm: number;
  unreachablePairs: number;
  busiestRoads: BusyRoad[];
  warnings: string[];
}

export interface CityTraffic {
  graph: CityRoadGraph;
  network: TrafficNetwork;
  demand: OdDemand;
  gravity: GravityResult | null;
  result: AssignmentResult;
  roadFlows: RoadFlows;
  summary: CityTrafficSummary;
}

/** Convergence and network figures of a solve, as the summary gives them. */
export type CitySolveFigures = Pick<CityTrafficSummary, 'relativeGap' | 'iterations' | 'seconds' | 'tsttVehH' | 'vehicleKm' | 'unreachablePairs'>;

/** The summary of a solve of `inputs`: sizes, figures and the `busiest` roads by v/c (default 10). */
export function cityTrafficSummary(city: CityModel, inputs: Omit<CityTrafficInputs, 'gravity'>, figures: CitySolveFigures, roadFlows: RoadFlows, busiest = 10): CityTrafficSummary {
  const { graph, network, demand, warnings } = inputs;
  const roads = city.roads;
  const order = [...Array(roads.count).keys()].filter((r) => Number.isFinite(roadFlows.totalVehH[r]));
  order.sort((a, b) => (roadFlows.volumeCapacity[b] as number) - (roadFlows.volumeCapacity[a] as number) || a - b);
  const busiestRoads = order.slice(0, busiest).map((r) => ({
    road: r, id: roads.id[r] ?? '', name: roads.name[r] ?? '', roadClass: ROAD_CLASSES[roads.roadClass[r] as number] ?? '',
    flowVehH: roadFlows.totalVehH[r] as number, forwardVehH: roadFlows.forwardVehH[r] as number,
    backwardVehH: roadFlows.backwardVehH[r] as number, volumeCapacity: roadFlows.volumeCapacity[r] as number,
  }));
  return {
    zones: graph.zones.zoneCount, junctions: graph.network.nodeCount, roadLinks: graph.roadLinkCount,
    connectors: network.linkCount - graph.roadLinkCount, odPairs: demand.destZone.length, demandVehH: demand.total,
    ...figures, busiestRoads, warnings,
  };
}

/** Builds, loads and solves the traffic of a city model. */
export function solveCityTraffic(city: CityModel, o: CityTrafficOptions = {}): CityTraffic {
  const { graph, network, demand, gravity, warnings } = cityTrafficInputs(city, o);
  const result = cityAssignment(o.method ?? 'gp', network, demand).solve({
    gap: o.gap ?? 1e-8,
    ...(demand.total > 0 ? {} : { maxIterations: 1 }), // nothing to assign
    ...(o.clock === undefined ? {} : { clock: o.clock }),
    ...(o.maxSeconds === undefined ? {} : { maxSeconds: o.maxSeconds }),
  });
  const roadFlows = roadFlowsFromLinks(graph, result.linkFlow, city.roads.count);
  const summary = cityTrafficSummary(city, { graph, network, demand, warnings }, {
    relativeGap: result.relativeGap, iterations: result.iterations, seconds: result.seconds, tsttVehH: result.tstt / 3600,
    vehicleKm: roadVehicleKm(graph, result.linkFlow), unreachablePairs: result.unreachable.length,
  }, roadFlows, o.busiest);
  return { graph, network, demand, gravity, result, roadFlows, summary };
}
