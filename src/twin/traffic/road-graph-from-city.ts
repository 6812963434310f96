/**
 * RoadGraph (the traffic kernel's input) from a CityModel: zone centroids first (nodes
 * 0 … zoneCount − 1, `firstThruNode = zoneCount`, so no path passes through a zone), then the road
 * junctions. Links: the directed road links (ids 0 … roadLinkCount − 1, in RoadNetwork order), then
 * the centroid connectors. Units: m, s, veh/h (src/sim/traffic/README.md, "From the twin's roads").
 *
 * Connectors (README step 5): each centroid is joined, both ways, to its `connectorsPerZone`
 * (1–3) nearest junctions of the largest strongly connected part of the road network, so every
 * zone reaches every other. Junctions on a road of another class than service / living_street are
 * preferred (when there are any), so that a zone's traffic does not funnel through a driveway of
 * 300 veh/h; a connector has constant cost (b = 0): the straight line at 20 km/h,
 * capacity 10 000 veh/h.
 */
import { ROAD_CLASSES, type CityModel } from '../city-model';
import { BPR_DEFAULT } from '../../sim/traffic/road-class-capacity';
import type { RoadGraph } from '../../sim/traffic/road-graph';
import { buildRoadNetwork, largestStrongComponent, SNAP_TOLERANCE_M, type RoadNetwork } from './road-network';
import { zonesFromBuildings, ZONE_CELL_M, type TrafficZones } from './traffic-zones';

export const CONNECTOR_SPEED_KMH = 20;
export const CONNECTOR_CAPACITY_VEH_H = 10_000;
/** linkType of a connector (one past the road classes). */
export const CONNECTOR_LINK_TYPE = ROAD_CLASSES.length;

export interface CityRoadGraphOptions {
  /** Vertex snapping tolerance, m (default 0.5). */
  snapToleranceM?: number;
  /** Zone grid cell, m (default 150). */
  zoneCellM?: number;
  /** Connectors per zone, 1–3 (default 2). */
  connectorsPerZone?: number;
}

export interface CityRoadGraph {
  graph: RoadGraph;
  network: RoadNetwork;
  zones: TrafficZones;
  /** Road index of each graph link (−1 for connectors). */
  linkRoad: Int32Array;
  /** +1 along the road's vertex order, −1 against it, 0 for connectors. */
  linkDirection: Int8Array;
  /** Links 0 … roadLinkCount − 1 are road links. */
  roadLinkCount: number;
}

/** Access roads that connectors avoid when other junctions exist. */
const ACCESS_CLASSES = new Set<number>([ROAD_CLASSES.indexOf('service'), ROAD_CLASSES.indexOf('living_street')]);

/** Junctions a connector may join: in the largest strong component, on a through road if any. */
function candidateJunctions(network: RoadNetwork): Uint8Array {
  const main = largestStrongComponent(network);
  const through = new Uint8Array(network.nodeCount);
  let any = false;
  for (let a = 0; a < network.initNode.length; a++) {
    if (ACCESS_CLASSES.has(network.roadClass[a] as number)) continue;
    for (const v of [network.initNode[a] as number, network.termNode[a] as number]) {
      if (main[v] === 1) {
        through[v] = 1;
        any = true;
      }
    }
  }
  return any ? through : main;
}

/** Builds the graph, zones and link → road map of a city model. */
export function buildCityRoadGraph(city: CityModel, options: CityRoadGraphOptions = {}): CityRoadGraph {
  const k = options.connectorsPerZone ?? 2;
  if (!(Number.isInteger(k) && k >= 1 && k <= 3)) throw new Error(`city road graph: connectorsPerZone must be 1, 2 or 3, got ${k}`);
  const network = buildRoadNetwork(city.roads, options.snapToleranceM ?? SNAP_TOLERANCE_M);
  const zones = zonesFromBuildings(city.buildings, options.zoneCellM ?? ZONE_CELL_M);
  const inMain = candidateJunctions(network);
  const z = zones.zoneCount;
  const m = network.initNode.length;
  const conn: { zone: number; node: number; len: number }[] = [];
  for (let zone = 0; zone < z; zone++) {
    const cx = zones.centroidXY[2 * zone] as number;
    const cy = zones.centroidXY[2 * zone + 1] as number;
    const best: { node: number; d: number }[] = [];
    for (let v = 0; v < network.nodeCount; v++) {
      if (inMain[v] === 0) continue;
      const d = Math.hypot((network.nodeXY[2 * v] as number) - cx, (network.nodeXY[2 * v + 1] as number) - cy);
      if (best.length < k || d < (best[best.length - 1] as { d: number }).d) {
        best.push({ node: v, d });
        best.sort((a, b) => a.d - b.d || a.node - b.node);
        if (best.length > k) best.pop();
      }
    }
    for (const c of best) conn.push({ zone, node: c.node, len: c.d });
  }
  const total = m + 2 * conn.length;
  const g: RoadGraph = {
    nodeCount: z + network.nodeCount, zoneCount: z, firstThruNode: z,
    initNode: new Int32Array(total), termNode: new Int32Array(total), capacity: new Float64Array(total), length: new Float64Array(total),
    freeFlowTime: new Float64Array(total), b: new Float64Array(total), power: new Float64Array(total), speedLimit: new Float64Array(total),
    toll: new Float64Array(total), linkType: new Int32Array(total), lanes: new Uint8Array(total), tollFactor: 0, distanceFactor: 0,
  };
  const lanes = g.lanes as Uint8Array;
  const linkRoad = new Int32Array(total).fill(-1);
  const linkDirection = new Int8Array(total);
  for (let a = 0; a < m; a++) {
    g.initNode[a] = (network.initNode[a] as number) + z;
    g.termNode[a] = (network.termNode[a] as number) + z;
    g.capacity[a] = network.capacityVehH[a] as number;
    g.length[a] = network.lengthM[a] as number;
    g.freeFlowTime[a] = network.freeFlowTimeS[a] as number;
    g.b[a] = BPR_DEFAULT.b;
    g.power[a] = BPR_DEFAULT.power;
    g.speedLimit[a] = network.speedMS[a] as number;
    g.linkType[a] = network.roadClass[a] as number;
    lanes[a] = network.lanes[a] as number;
    linkRoad[a] = network.road[a] as number;
    linkDirection[a] = network.direction[a] as number;
  }
  const speed = CONNECTOR_SPEED_KMH / 3.6;
  conn.forEach((c, i) => {
    for (const [a, from, to] of [[m + 2 * i, c.zone, c.node + z], [m + 2 * i + 1, c.node + z, c.zone]] as const) {
      g.initNode[a] = from;
      g.termNode[a] = to;
      g.capacity[a] = CONNECTOR_CAPACITY_VEH_H;
      g.length[a] = c.len;
      g.freeFlowTime[a] = c.len / speed;
      g.speedLimit[a] = speed;
      g.linkType[a] = CONNECTOR_LINK_TYPE;
    }
  });
  return { graph: g, network, zones, linkRoad, linkDirection, roadLinkCount: m };
}
