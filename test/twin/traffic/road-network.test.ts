import { describe, expect, it } from 'vitest';
import { buildRoadNetwork, largestStrongComponent, type RoadNetwork } from '../../../src/twin/traffic/road-network';
import { expectClose } from '../../support/expect-close';
import { roadTableOf } from './helpers';

/** Links as "x,y→x,y road dir" strings, for readable comparisons. */
function linkList(net: RoadNetwork): string[] {
  const at = (v: number) => `${net.nodeXY[2 * v]},${net.nodeXY[2 * v + 1]}`;
  return [...net.initNode.keys()].map((a) => `${at(net.initNode[a] as number)}→${at(net.termNode[a] as number)} r${net.road[a]} ${net.direction[a]}`).sort();
}

describe('road network from a hand-made road table', () => {
  const roads = roadTableOf([
    { roadClass: 'residential', xy: [0, 0, 100, 0, 200, 0] }, // r0: split at x = 100 by r1's end
    { roadClass: 'residential', xy: [100, 0.3, 100, 100], oneway: 1 }, // r1: start snaps onto r0's vertex
    { roadClass: 'tertiary', xy: [200, 0, 200, 100], oneway: -1, lanes: 2 }, // r2: against its vertex order
    { roadClass: 'footway', xy: [0, 0, 0, 100] },
    { roadClass: 'cycleway', xy: [100, 100, 200, 100] },
    { roadClass: 'rail', xy: [0, 100, 100, 100] },
    { roadClass: 'pedestrian', xy: [0, 0, 100, 100] },
  ]);
  const net = buildRoadNetwork(roads);

  it('snaps coincident vertices, splits at another road\'s end point and leaves out non-motor classes', () => {
    expect(net.nodeCount).toBe(5);
    expect(linkList(net)).toEqual([
      '0,0→100,0 r0 1', '100,0→0,0 r0 -1', '100,0→100,100 r1 1', '100,0→200,0 r0 1', '200,0→100,0 r0 -1', '200,100→200,0 r2 -1',
    ]);
  });

  it('gives lengths from the geometry and capacity and free-flow time from the class table', () => {
    for (let a = 0; a < net.initNode.length; a++) {
      expectClose(net.lengthM[a] as number, 100, { abs: 1e-9 }, `length of link ${a}`);
      if (net.road[a] === 2) {
        // tertiary one-way, 2 lanes: 2 × 600 veh/h, 45 km/h
        expect(net.capacityVehH[a]).toBe(1200);
        expectClose(net.freeFlowTimeS[a] as number, 100 / (45 / 3.6), { rel: 1e-12 });
      } else {
        // residential, no lane count: 1 lane per direction, 600 veh/h, 30 km/h
        expect(net.capacityVehH[a]).toBe(600);
        expectClose(net.freeFlowTimeS[a] as number, 12, { rel: 1e-12 });
      }
    }
  });

  it('makes a node of an interior vertex shared by two roads, not of one used by a single road', () => {
    const cross = buildRoadNetwork(roadTableOf([
      { roadClass: 'primary', xy: [0, 0, 50, 0, 100, 0, 150, 0] },
      { roadClass: 'secondary', xy: [100, -60, 100, 0, 100, 80] },
    ]));
    // ends (0,0), (150,0), (100,−60), (100,80) + the shared vertex (100,0); (50,0) is not a node
    expect(cross.nodeCount).toBe(5);
    expect(cross.initNode.length).toBe(8);
    const primaryLengths = [...cross.lengthM].filter((_, a) => cross.road[a] === 0).sort((x, y) => x - y);
    expect(primaryLengths).toEqual([50, 50, 100, 100]);
  });

  it('rejects a bad oneway value and a non-finite vertex, naming the road', () => {
    const bad = roadTableOf([{ roadClass: 'primary', xy: [0, 0, 10, 0] }]);
    bad.oneway[0] = 2;
    expect(() => buildRoadNetwork(bad)).toThrow(/road-0 oneway/);
    expect(() => buildRoadNetwork(roadTableOf([{ roadClass: 'primary', xy: [0, 0, NaN, 0] }]))).toThrow(/road-0 vertex 1/);
  });

  it('finds the largest strongly connected part (a one-way dead end is outside it)', () => {
    const flag = largestStrongComponent(net);
    const inside = [...flag.keys()].filter((v) => flag[v] === 1).map((v) => `${net.nodeXY[2 * v]},${net.nodeXY[2 * v + 1]}`).sort();
    expect(inside).toEqual(['0,0', '100,0', '200,0']);
  });
});
