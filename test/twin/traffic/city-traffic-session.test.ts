import { describe, expect, it } from 'vitest';
import { compileLegend } from '../../../src/results/colour-scale';
import { CancelledError } from '../../../src/sim/core/progress';
import { measureAssignment } from '../../../src/sim/traffic/assignment-measures';
import { solveGradientProjection } from '../../../src/sim/traffic/gradient-projection';
import { TrafficJob, trafficResultTransferables } from '../../../src/sim-workers/traffic-job';
import { generateDemoDistrict } from '../../../src/twin/demo';
import { CityTrafficSession } from '../../../src/twin/traffic/city-traffic-session';
import { linkTime } from '../../../src/sim/traffic/link-cost';
import { maxAbsDiff } from '../../sim/traffic/helpers';
import { differenceResult, flowDifference, TRAFFIC_RESULT_IDS, volumeCapacityResult, VOLUME_CAPACITY_CLASSES } from '../../../src/twin/traffic/traffic-results';

const GAP = 1e-10;

describe('city traffic session (demo district): baseline, warm what-ifs, road details', () => {
  const city = generateDemoDistrict();
  const road = city.roads.id.indexOf('road-main-3');

  it('solves the baseline and reports per-road details consistent with the link flows', () => {
    const s = new CityTrafficSession(city);
    const base = s.solveBaseline({ gap: GAP });
    expect(base.figures.converged).toBe(true);
    expect(base.figures.relativeGap).toBeLessThanOrEqual(GAP);
    expect(base.figures.unreachable).toEqual([]);
    const d = base.roads;
    expect(d.totalVehH[road]).toBeGreaterThan(0);
    // Per direction: capacity is the smallest piece's, times are sums of the pieces' BPR times.
    for (let a = 0; a < s.graph.roadLinkCount; a++) {
      if (s.graph.linkRoad[a] !== road) continue;
      const dir = s.graph.linkDirection[a] === 1 ? d.forward : d.backward;
      expect(dir.capacityVehH[road]).toBeLessThanOrEqual(s.network.capacity[a] as number);
      expect(dir.congestedTimeS[road]).toBeGreaterThanOrEqual(linkTime(s.network, a, base.linkFlow[a] as number) - 1e-12);
      expect(dir.congestedTimeS[road]).toBeGreaterThanOrEqual(dir.freeFlowTimeS[road] as number);
    }
    // A road without motor traffic has no value.
    const footway = city.roads.roadClass.findIndex((_, r) => !s.graph.linkRoad.includes(r));
    expect(footway).toBeGreaterThanOrEqual(0);
    expect(d.totalVehH[footway]).toBeNaN();
    expect(d.forward.capacityVehH[footway]).toBeNaN();
  });

  it('re-solves a closure warm to the cold equilibrium of the edited network, and resets to the baseline', () => {
    const s = new CityTrafficSession(city);
    const base = s.solveBaseline({ gap: GAP });
    const closed = s.applyChanges([{ road, change: { kind: 'close' } }], { gap: 1e-12 });
    expect(closed.roads.totalVehH[road]).toBe(0);
    expect(closed.roads.forward.closed[road]).toBe(1);
    expect(closed.figures.beckmann).toBeGreaterThanOrEqual(base.figures.beckmann * (1 - GAP));
    const cold = solveGradientProjection(s.network, s.demand, { gap: 1e-12 });
    expect(maxAbsDiff(cold.linkFlow, closed.linkFlow)).toBeLessThan(1e-3);
    // The independent measure agrees with the reported gap.
    expect(measureAssignment(s.network, s.demand, closed.linkFlow).relativeGap).toBeLessThanOrEqual(1e-10);
    expect(s.appliedChanges).toEqual([{ road, change: { kind: 'close' } }]);
    const back = s.resetChanges({ gap: GAP });
    expect(s.appliedChanges).toEqual([]);
    expect(back.roads.totalVehH[road]).toBeCloseTo(base.roads.totalVehH[road] as number, 2);
  });

  it('with Algorithm B gives the same baseline and closure as gradient projection (flows within 1e-3 veh/h)', () => {
    const gp = new CityTrafficSession(city);
    const b = new CityTrafficSession(city, { method: 'b' });
    const pairs = [[gp.solveBaseline({ gap: GAP }), b.solveBaseline({ gap: GAP })], [
      gp.applyChanges([{ road, change: { kind: 'close' } }], { gap: GAP }), b.applyChanges([{ road, change: { kind: 'close' } }], { gap: GAP }),
    ]] as const;
    for (const [x, y] of pairs) {
      expect(y.figures.relativeGap).toBeLessThanOrEqual(GAP);
      expect(maxAbsDiff(x.linkFlow, y.linkFlow)).toBeLessThan(1e-3);
    }
    expect(pairs[1][1].roads.totalVehH[road]).toBe(0);
  });

  it('reports in its figures the OD pairs a closure leaves without a path', () => {
    const s = new CityTrafficSession(city);
    s.solveBaseline({ gap: 1e-8 });
    // Close every motor road: only zones sharing a junction keep a path; the others are listed.
    const all = [...new Set(Array.from(s.graph.linkRoad.subarray(0, s.graph.roadLinkCount)))];
    const r = s.applyChanges(all.map((x) => ({ road: x, change: { kind: 'close' as const } })), { gap: 1e-8 });
    expect(r.figures.unreachable.length).toBeGreaterThan(s.demand.destZone.length / 2);
    const lost = r.figures.unreachable.reduce((sum, u) => sum + u.demand, 0);
    expect(lost + r.figures.assignedVehH).toBeCloseTo(s.demand.total, 6);
    for (let a = 0; a < s.graph.roadLinkCount; a++) expect(r.linkFlow[a]).toBe(0);
    for (const u of r.figures.unreachable) expect(u.origin).not.toBe(u.destination);
  });
});

describe('traffic job and results', () => {
  const city = generateDemoDistrict();
  const road = city.roads.id.indexOf('road-main-3');

  it('runs baseline, what-if and reset, reporting every iteration with its gap', () => {
    const job = new TrafficJob(city);
    expect(() => new TrafficJob(city).run({ kind: 'reset' })).toThrow(/baseline first/);
    const gaps: number[] = [];
    const base = job.run({ kind: 'baseline', gap: 1e-8 }, undefined, (it) => gaps.push(it.relativeGap));
    expect(base.kind).toBe('baseline');
    expect(gaps.length).toBe(base.figures.iterations + 1);
    expect(gaps[gaps.length - 1]).toBe(base.figures.relativeGap);
    const what = job.run({ kind: 'what-if', changes: [{ road, change: { kind: 'speed', speedKmh: 10 } }], gap: 1e-8 });
    expect(what.kind).toBe('scenario');
    expect(what.changes).toHaveLength(1);
    expect(what.roads.totalVehH[road]).toBeLessThan(base.roads.totalVehH[road] as number);
    const reset = job.run({ kind: 'reset', gap: 1e-8 });
    expect(reset.changes).toEqual([]);
    expect(trafficResultTransferables(reset).length).toBe(14);
  });

  it('stops with CancelledError when the run control is aborted, and the next baseline runs again', () => {
    const job = new TrafficJob(city);
    expect(() => job.run({ kind: 'baseline', gap: 1e-8 }, { signal: { aborted: true } })).toThrow(CancelledError);
    expect(job.run({ kind: 'baseline', gap: 1e-8 }).figures.converged).toBe(true);
  });

  it('publishes v/c classes with widths ∝ flow, and a difference on a diverging legend centred on 0', () => {
    const s = new CityTrafficSession(city);
    const base = s.solveBaseline({ gap: 1e-8 });
    const vc = volumeCapacityResult(base.roads, TRAFFIC_RESULT_IDS.baseline, { title: 'v/c', unit: 'v/c' });
    expect(vc.values.length).toBe(city.roads.count);
    expect(vc.legend.kind === 'classes' && vc.legend.classes).toBe(VOLUME_CAPACITY_CLASSES);
    const busiest = base.roads.totalVehH.indexOf(Math.max(...base.roads.totalVehH.filter((v) => !Number.isNaN(v))));
    expect(vc.widthM?.[busiest]).toBeCloseTo(24, 5);
    const closed = s.applyChanges([{ road, change: { kind: 'close' } }], { gap: 1e-8 });
    const diff = differenceResult(closed.roads, base.roads, TRAFFIC_RESULT_IDS.difference, { title: 'diff', unit: 'veh/h' });
    const values = flowDifference(closed.roads, base.roads);
    expect(Array.from(diff.values)).toEqual(Array.from(values));
    expect(diff.values[road]).toBeCloseTo(-(base.roads.totalVehH[road] as number), 3);
    if (diff.legend.kind !== 'ramp') throw new Error('difference legend must be a ramp');
    expect(diff.legend.centre).toBe(0);
    expect(diff.legend.min).toBe(-diff.legend.max);
    const colours = compileLegend(diff.legend);
    expect(colours.hex(0)).toBe('#e6e6e6');
    expect(colours.hex(diff.legend.min)).toBe('#2166ac');
    expect(colours.hex(diff.legend.max)).toBe('#b2182b');
  });
});
