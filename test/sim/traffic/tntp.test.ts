/** TNTP import/export: round trips (fast-check), comments and terminators, errors naming file and line. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildOdDemand, odEntries } from '../../../src/sim/traffic/od-demand';
import { buildNetwork, type RoadGraph } from '../../../src/sim/traffic/road-graph';
import { flowRowsToLinks, formatTntpFlow, parseTntpFlow } from '../../../src/sim/traffic/tntp-flow';
import { formatTntpNet, parseTntpNet } from '../../../src/sim/traffic/tntp-net';
import { formatTntpTrips, parseTntpTrips } from '../../../src/sim/traffic/tntp-trips';
import { applyNetworkEdits } from '../../../src/sim/traffic/what-if';

const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

const graphArb = fc.integer({ min: 2, max: 12 }).chain((nodeCount) => fc.record({
  nodeCount: fc.constant(nodeCount),
  zoneCount: fc.integer({ min: 1, max: nodeCount }),
  firstThruNode: fc.integer({ min: 0, max: nodeCount }),
  links: fc.array(fc.record({
    i: fc.integer({ min: 0, max: nodeCount - 1 }), j: fc.integer({ min: 0, max: nodeCount - 1 }),
    cap: finite(1, 1e5), len: finite(0, 1e4), fft: finite(0, 100), b: finite(0, 2), p: finite(0, 6),
    speed: finite(0, 1e4), toll: finite(0, 50), type: fc.integer({ min: 0, max: 9 }),
  }), { minLength: 1, maxLength: 30 }),
  tollFactor: finite(0, 3), distanceFactor: finite(0, 3),
}));

interface RandomGraph {
  nodeCount: number;
  zoneCount: number;
  firstThruNode: number;
  tollFactor: number;
  distanceFactor: number;
  links: { i: number; j: number; cap: number; len: number; fft: number; b: number; p: number; speed: number; toll: number; type: number }[];
}

function toGraph(r2: RandomGraph): RoadGraph {
  const L = r2.links;
  return {
    nodeCount: r2.nodeCount, zoneCount: r2.zoneCount, firstThruNode: r2.firstThruNode,
    initNode: Int32Array.from(L, (l) => l.i), termNode: Int32Array.from(L, (l) => l.j),
    capacity: Float64Array.from(L, (l) => l.cap), length: Float64Array.from(L, (l) => l.len), freeFlowTime: Float64Array.from(L, (l) => l.fft),
    b: Float64Array.from(L, (l) => l.b), power: Float64Array.from(L, (l) => l.p), speedLimit: Float64Array.from(L, (l) => l.speed),
    toll: Float64Array.from(L, (l) => l.toll), linkType: Int32Array.from(L, (l) => l.type), tollFactor: r2.tollFactor, distanceFactor: r2.distanceFactor,
  };
}

const RUNS = { numRuns: 60, seed: 7 };

describe('TNTP round trips', () => {
  it('net: export → import gives the same graph', () => {
    fc.assert(fc.property(graphArb, (r) => {
      const g = toGraph(r);
      const back = parseTntpNet(formatTntpNet(g), 'round-trip_net.tntp');
      expect(back).toEqual(g);
    }), RUNS);
  });

  it('trips: export → import gives the same demand', () => {
    const arb = fc.integer({ min: 2, max: 15 }).chain((zones) => fc.tuple(fc.constant(zones), fc.array(fc.record({
      origin: fc.integer({ min: 0, max: zones - 1 }), destination: fc.integer({ min: 0, max: zones - 1 }), volume: finite(0, 5000),
    }), { maxLength: 60 })));
    fc.assert(fc.property(arb, ([zones, entries]) => {
      const d = buildOdDemand(zones, entries);
      const back = parseTntpTrips(formatTntpTrips(d), 'round-trip_trips.tntp');
      expect(back.warnings).toEqual([]);
      expect([...odEntries(back.demand)]).toEqual([...odEntries(d)]);
      expect(back.demand.total).toBe(d.total);
    }), RUNS);
  });

  it('flow: export → import gives the same volumes and costs, matched to links', () => {
    fc.assert(fc.property(graphArb, fc.integer({ min: 0, max: 1e6 }), (r, seed) => {
      const net = buildNetwork(toGraph(r));
      const flow = Float64Array.from({ length: net.linkCount }, (_, a) => ((seed * (a + 1)) % 9973) / 7);
      const cost = Float64Array.from({ length: net.linkCount }, (_, a) => a / 3);
      const back = flowRowsToLinks(net, parseTntpFlow(formatTntpFlow(net, flow, cost)));
      expect(back.volume).toEqual(flow);
      expect(back.cost).toEqual(cost);
    }), RUNS);
  });
});

describe('TNTP reading', () => {
  const net = [
    '<NUMBER OF ZONES> 2',
    '<NUMBER OF NODES> 3 ~ comment after a tag',
    '<FIRST THRU NODE> 3',
    '<NUMBER OF LINKS> 2',
    '<TOLL FACTOR> 0.5',
    '<END OF METADATA>',
    '~ init term cap len fft b power speed toll type ;',
    '1 3 100 2 1.5 0.15 4 60 1 1 ;  ~ trailing comment',
    '\t3\t2\t200\t3\t2\t0\t0\t0\t0\t2\t;',
  ].join('\r\n');

  it('parses metadata, comments, tabs and terminators', () => {
    const g = parseTntpNet(net, 'x_net.tntp');
    expect(g.nodeCount).toBe(3);
    expect(g.zoneCount).toBe(2);
    expect(g.firstThruNode).toBe(2);
    expect(g.tollFactor).toBe(0.5);
    expect(g.distanceFactor).toBe(0);
    expect([...g.initNode]).toEqual([0, 2]);
    expect([...g.termNode]).toEqual([2, 1]);
    expect([...g.freeFlowTime]).toEqual([1.5, 2]);
    expect([...g.linkType]).toEqual([1, 2]);
  });

  it('names the file and line of a bad value', () => {
    expect(() => parseTntpNet(net.replace('1 3 100 2 1.5', '1 3 abc 2 1.5'), 'bad_net.tntp')).toThrow(/bad_net\.tntp:8: capacity must be a number, got 'abc'/);
    expect(() => parseTntpNet(net.replace('1 3 100', '1 4 100'), 'bad_net.tntp')).toThrow(/bad_net\.tntp:8: term_node 4 must be an integer in 1…3/);
    expect(() => parseTntpNet(net.replace('<NUMBER OF LINKS> 2', '<NUMBER OF LINKS> 3'), 'bad_net.tntp')).toThrow(/bad_net\.tntp.*says 3 links, the file has 2/);
    expect(() => parseTntpNet(net.replace('<END OF METADATA>', ''), 'bad_net.tntp')).toThrow(/bad_net\.tntp:8: expected a metadata tag/);
    expect(() => parseTntpNet(net.replace('<NUMBER OF NODES> 3', ''), 'bad_net.tntp')).toThrow(/bad_net\.tntp: metadata <NUMBER OF NODES> is missing/);
    expect(() => parseTntpNet(net.replace('\t0\t2\t;', ';'), 'bad_net.tntp')).toThrow(/bad_net\.tntp:9: a link line needs 10 fields/);
  });

  const trips = [
    '<NUMBER OF ZONES> 3',
    '<TOTAL OD FLOW> 60',
    '<END OF METADATA>',
    '',
    'Origin 1',
    '  2 : 10.0;   3 : 20.0; ~ two entries',
    'Origin \t2 ',
    '1 :      30;',
    '2 : 0.0;',
  ].join('\n');

  it('parses trips with several entries per line and drops zero or intrazonal demand', () => {
    const t = parseTntpTrips(trips, 'x_trips.tntp');
    expect(t.warnings).toEqual([]);
    expect([...odEntries(t.demand)]).toEqual([
      { origin: 0, destination: 1, volume: 10 }, { origin: 0, destination: 2, volume: 20 }, { origin: 1, destination: 0, volume: 30 },
    ]);
  });

  it('warns when <TOTAL OD FLOW> disagrees and rejects malformed entries with file and line', () => {
    expect(parseTntpTrips(trips.replace('<TOTAL OD FLOW> 60', '<TOTAL OD FLOW> 61'), 't.tntp').warnings[0]).toMatch(/t\.tntp: <TOTAL OD FLOW> 61 differs/);
    expect(() => parseTntpTrips(trips.replace('1 :      30;', '4 : 30;'), 't.tntp')).toThrow(/t\.tntp:8: destination 4 must be an integer in 1…3/);
    expect(() => parseTntpTrips(trips.replace('Origin 1', ''), 't.tntp')).toThrow(/t\.tntp:6: expected 'Origin <zone>'/);
    expect(() => parseTntpTrips(trips.replace('3 : 20.0;', '3 = 20.0;'), 't.tntp')).toThrow(/t\.tntp:6: expected '<destination> : <demand>;'/);
    expect(() => parseTntpTrips(trips.replace('30;', '-30;'), 't.tntp')).toThrow(/t\.tntp:8: demand 2→1 must be ≥ 0/);
  });

  it('reads flow files with a header and reports links missing from the network', () => {
    const g = buildNetwork(parseTntpNet(net, 'x_net.tntp'));
    const rows = parseTntpFlow('From \tTo \tVolume \tCost \n1 \t3 \t12.5 \t1.7 \n3\t2\t4\t2;\n', 'x_flow.tntp');
    expect(flowRowsToLinks(g, rows).volume).toEqual(Float64Array.from([12.5, 4]));
    expect(() => flowRowsToLinks(g, parseTntpFlow('From To Volume Cost\n2 3 1 1\n', 'y_flow.tntp'), 'y_flow.tntp')).toThrow(/y_flow\.tntp:2: no \(further\) link 2→3/);
  });
});

describe('network object shape', () => {
  // The solvers' hot loops are compiled for one hidden class of TrafficNetwork: a what-if network
  // with another field order made them deoptimize in the re-solve's first iteration.
  it('is the same (field order) from a TNTP file, a plain graph, a graph without lanes and a what-if edit', () => {
    fc.assert(fc.property(graphArb, (r) => {
      const plain = buildNetwork(toGraph(r));
      const reversed = buildNetwork(Object.fromEntries(Object.entries(toGraph(r)).reverse()) as unknown as RoadGraph);
      const withLanes = buildNetwork({ ...toGraph(r), lanes: new Uint8Array(r.links.length).fill(2) });
      const fromFile = buildNetwork(parseTntpNet(formatTntpNet(plain), 'shape.tntp'));
      const edited = applyNetworkEdits(plain, [{ kind: 'close', link: 0 }, { kind: 'add', initNode: 0, termNode: r.nodeCount - 1, capacity: 100, length: 1, freeFlowTime: 1 }]);
      const keys = Object.keys(plain);
      for (const net of [reversed, withLanes, fromFile, edited]) expect(Object.keys(net)).toEqual(keys);
      expect(plain.lanes).toEqual(new Uint8Array(r.links.length));
      expect(withLanes.lanes[0]).toBe(2);
    }), { numRuns: 20, seed: 3 });
  });
});
