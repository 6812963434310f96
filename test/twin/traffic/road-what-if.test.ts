import { describe, expect, it } from 'vitest';
import { PathBasedAssignment } from '../../../src/sim/traffic/gradient-projection';
import { resolveWhatIf } from '../../../src/sim/traffic/what-if';
import { generateDemoDistrict } from '../../../src/twin/demo';
import { cityGravityDemand } from '../../../src/twin/traffic/city-traffic';
import { buildCityRoadGraph } from '../../../src/twin/traffic/road-graph-from-city';
import { roadFlowsFromLinks } from '../../../src/twin/traffic/road-flows';
import { linksOfRoad, roadEdits } from '../../../src/twin/traffic/road-what-if';
import { buildNetwork } from '../../../src/sim/traffic/road-graph';

describe('road-level what-if on the demo district', () => {
  const city = generateDemoDistrict();
  const graph = buildCityRoadGraph(city);
  const net = buildNetwork(graph.graph);
  const { demand } = cityGravityDemand(graph, net);
  const road = city.roads.id.indexOf('road-main-3');

  it('closing a main-street segment moves its traffic elsewhere and never lowers the Beckmann objective', () => {
    const assignment = new PathBasedAssignment(net, demand);
    const base = assignment.solve({ gap: 1e-10 });
    const before = roadFlowsFromLinks(graph, base.linkFlow, city.roads.count);
    expect(before.totalVehH[road]).toBeGreaterThan(0);
    const closed = resolveWhatIf(assignment, roadEdits(graph, road, { kind: 'close' }), { gap: 1e-10 });
    const after = roadFlowsFromLinks(graph, closed.linkFlow, city.roads.count);
    expect(after.totalVehH[road]).toBe(0);
    expect(closed.unreachable).toEqual([]);
    expect(closed.beckmann).toBeGreaterThanOrEqual(base.beckmann * (1 - 1e-9));
  });

  it('turns road changes into edits of every link of the road, with units converted', () => {
    const links = linksOfRoad(graph, road);
    expect(links.length).toBe(2); // two-way, one piece
    expect(roadEdits(graph, road, { kind: 'speed', speedKmh: 36 })).toEqual(links.map((link) => ({ kind: 'speed', link, speed: 10 })));
    const footway = city.roads.roadClass.findIndex((_, r) => linksOfRoad(graph, r).length === 0);
    expect(() => roadEdits(graph, footway, { kind: 'close' })).toThrow(/no motor-traffic link/);
    expect(() => roadEdits(graph, road, { kind: 'lanes', lanes: 0 })).toThrow(/lanes/);
  });
});
