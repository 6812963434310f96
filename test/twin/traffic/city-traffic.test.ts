import { describe, expect, it } from 'vitest';
import { ROAD_CLASSES } from '../../../src/twin/city-model';
import { generateDemoDistrict } from '../../../src/twin/demo';
import { freeFlowSkim, solveCityTraffic } from '../../../src/twin/traffic/city-traffic';
import { CONNECTOR_LINK_TYPE } from '../../../src/twin/traffic/road-graph-from-city';
import { roadFlowsFromLinks } from '../../../src/twin/traffic/road-flows';
import { expectClose } from '../../support/expect-close';

describe('peak-hour traffic of the demo district', () => {
  const city = generateDemoDistrict();
  const run = solveCityTraffic(city, { gap: 1e-10 });
  const { graph, network, demand, result, roadFlows } = run;

  it('numbers zones first, never through-nodes, each with 1–3 two-way connectors to junctions', () => {
    const z = graph.zones.zoneCount;
    expect(z).toBeGreaterThan(10);
    expect(network.firstThruNode).toBe(z);
    const perZone = new Array<number>(z).fill(0);
    for (let a = graph.roadLinkCount; a < network.linkCount; a++) {
      expect(network.linkType[a]).toBe(CONNECTOR_LINK_TYPE);
      expect(network.b[a]).toBe(0);
      const i = network.initNode[a] as number;
      const j = network.termNode[a] as number;
      expect((i < z) !== (j < z)).toBe(true); // one end a zone, the other a junction
      if (i < z) perZone[i] = (perZone[i] as number) + 1;
    }
    for (const k of perZone) expect(k >= 1 && k <= 3).toBe(true);
    for (let a = 0; a < graph.roadLinkCount; a++) expect(network.initNode[a]).toBeGreaterThanOrEqual(z);
  });

  it('is connected: every zone reaches every other zone', () => {
    const z = graph.zones.zoneCount;
    const skim = freeFlowSkim(network);
    for (let i = 0; i < z; i++) for (let j = 0; j < z; j++) expect(Number.isFinite(skim[i * z + j])).toBe(true);
    expect(result.unreachable).toEqual([]);
  });

  it('converges and conserves flow at every junction and zone (to 1e-9 of the demand)', () => {
    expect(result.relativeGap).toBeLessThanOrEqual(1e-10);
    const net = new Float64Array(network.nodeCount); // out − in
    for (let a = 0; a < network.linkCount; a++) {
      const v = result.linkFlow[a] as number;
      net[network.initNode[a] as number] = (net[network.initNode[a] as number] as number) + v;
      net[network.termNode[a] as number] = (net[network.termNode[a] as number] as number) - v;
    }
    const produced = new Float64Array(network.nodeCount);
    for (let o = 0; o < demand.originZone.length; o++) {
      for (let k = demand.odStart[o] as number; k < (demand.odStart[o + 1] as number); k++) {
        const q = demand.volume[k] as number;
        produced[demand.originZone[o] as number] = (produced[demand.originZone[o] as number] as number) + q;
        produced[demand.destZone[k] as number] = (produced[demand.destZone[k] as number] as number) - q;
      }
    }
    let worst = 0;
    for (let v = 0; v < network.nodeCount; v++) worst = Math.max(worst, Math.abs((net[v] as number) - (produced[v] as number)));
    expect(worst).toBeLessThanOrEqual(1e-9 * demand.total);
  });

  it('loads the main street and the ring more than the residential streets (length-weighted mean veh/h)', () => {
    const mean = (classes: string[]) => {
      let fl = 0;
      let len = 0;
      for (let a = 0; a < graph.roadLinkCount; a++) {
        if (!classes.includes(ROAD_CLASSES[network.linkType[a] as number] as string)) continue;
        fl += (result.linkFlow[a] as number) * (network.length[a] as number);
        len += network.length[a] as number;
      }
      return fl / len;
    };
    const main = mean(['primary', 'secondary']);
    const residential = mean(['residential']);
    expect(residential).toBeGreaterThan(0);
    expect(main).toBeGreaterThan(residential);
  });

  it('puts the flows back onto the roads: per direction, total and v/c, keeping vehicle-km', () => {
    const roads = city.roads;
    let linkVehKm = 0;
    const lenDir = new Map<string, number>();
    for (let a = 0; a < graph.roadLinkCount; a++) {
      linkVehKm += (result.linkFlow[a] as number) * (network.length[a] as number);
      const key = `${graph.linkRoad[a]}:${graph.linkDirection[a]}`;
      lenDir.set(key, (lenDir.get(key) ?? 0) + (network.length[a] as number));
      expect(roadFlows.volumeCapacity[graph.linkRoad[a] as number]).toBeGreaterThanOrEqual((result.linkFlow[a] as number) / (network.capacity[a] as number) - 1e-12);
    }
    let roadVehKm = 0;
    for (let r = 0; r < roads.count; r++) {
      const cls = ROAD_CLASSES[roads.roadClass[r] as number] as string;
      if (['footway', 'cycleway', 'pedestrian', 'rail'].includes(cls)) {
        expect(Number.isNaN(roadFlows.totalVehH[r])).toBe(true);
        continue;
      }
      roadVehKm += (roadFlows.forwardVehH[r] as number) * (lenDir.get(`${r}:1`) ?? 0) + (roadFlows.backwardVehH[r] as number) * (lenDir.get(`${r}:-1`) ?? 0);
      expectClose(roadFlows.totalVehH[r] as number, (roadFlows.forwardVehH[r] as number) + (roadFlows.backwardVehH[r] as number), { abs: 1e-9 });
      if (roads.oneway[r] === 1) expect(roadFlows.backwardVehH[r]).toBe(0);
      if (roads.oneway[r] === -1) expect(roadFlows.forwardVehH[r]).toBe(0);
    }
    expectClose(roadVehKm, linkVehKm, { rel: 1e-12 }, 'vehicle-km');
    expectClose(run.summary.vehicleKm, linkVehKm / 1000, { rel: 1e-12 }, 'summary vehicle-km');
  });

  it('round trip: a flow set per link comes back on its road and direction', () => {
    const flow = new Float64Array(network.linkCount);
    for (let a = 0; a < graph.roadLinkCount; a++) flow[a] = 10 * (graph.linkRoad[a] as number) + (graph.linkDirection[a] === 1 ? 1 : 2);
    const back = roadFlowsFromLinks(graph, flow, city.roads.count);
    for (let a = 0; a < graph.roadLinkCount; a++) {
      const r = graph.linkRoad[a] as number;
      expect(graph.linkDirection[a] === 1 ? back.forwardVehH[r] : back.backwardVehH[r]).toBeCloseTo(flow[a] as number, 9);
    }
  });
});
