/**
 * After a traffic worker failure the client's fresh worker has no baseline: `workerRequests` makes
 * it re-solve the baseline and re-apply the changes in force before the what-if, so the answer is
 * the one the failed worker would have given (the same network at the same gap), with no request
 * to run the baseline again.
 */
import { describe, expect, it } from 'vitest';
import { workerRequests } from '../../src/app/traffic-client';
import { TrafficJob, type TrafficJobRequest, type TrafficJobResult } from '../../src/sim-workers/traffic-job';
import { generateDemoDistrict } from '../../src/twin/demo';
import type { AppliedRoadChange } from '../../src/twin/traffic/city-traffic-session';

const GAP = 1e-10;

/** Largest |a − b| over the roads with a value (veh/h). */
function worstFlowDifference(a: TrafficJobResult, b: TrafficJobResult): number {
  let worst = 0;
  a.roads.totalVehH.forEach((v, i) => {
    const w = b.roads.totalVehH[i] ?? NaN;
    if (Number.isNaN(v) && Number.isNaN(w)) return;
    worst = Math.max(worst, Math.abs(v - w));
  });
  return worst;
}

describe('traffic client: a fresh worker re-solves the baseline before a what-if', () => {
  const close: AppliedRoadChange = { road: 0, change: { kind: 'close' } };
  const slow: AppliedRoadChange = { road: 1, change: { kind: 'speed', speedKmh: 30 } };

  it('plans the requests: as asked with a baseline in the worker, baseline first without one', () => {
    const whatIf: TrafficJobRequest = { kind: 'what-if', changes: [slow], gap: 1e-8 };
    expect(workerRequests(whatIf, true, [close])).toEqual([whatIf]);
    expect(workerRequests(whatIf, false, [close])).toEqual([{ kind: 'baseline', gap: 1e-8 }, { kind: 'what-if', changes: [close, slow], gap: 1e-8 }]);
    expect(workerRequests({ kind: 'reset' }, false, [close])).toEqual([{ kind: 'baseline' }]);
    expect(workerRequests({ kind: 'baseline', gap: 1e-4 }, false, [close])).toEqual([{ kind: 'baseline', gap: 1e-4 }]);
  });

  it('the fresh worker answers a what-if as the failed one would have', () => {
    const city = generateDemoDistrict();
    const main = city.roads.id.indexOf('road-main-3');
    const side = city.roads.id.indexOf('road-main-5');
    expect(main).toBeGreaterThanOrEqual(0);
    expect(side).toBeGreaterThanOrEqual(0);
    const first: AppliedRoadChange = { road: main, change: { kind: 'close' } };
    const second: AppliedRoadChange = { road: side, change: { kind: 'speed', speedKmh: 20 } };

    // The worker that lived on: baseline, a closure, then a second what-if on top.
    const lived = new TrafficJob(city);
    lived.run({ kind: 'baseline', gap: GAP });
    const before = lived.run({ kind: 'what-if', changes: [first], gap: GAP });
    const expected = lived.run({ kind: 'what-if', changes: [second], gap: GAP });

    // The replacement of a worker that failed after the closure: nothing but the district.
    const fresh = new TrafficJob(city);
    expect(() => fresh.run({ kind: 'what-if', changes: [second], gap: GAP })).toThrow(/needs a baseline first/);
    const steps = workerRequests({ kind: 'what-if', changes: [second], gap: GAP }, false, before.changes);
    const results = steps.map((r) => fresh.run(r));
    const got = results[results.length - 1];
    if (got === undefined) throw new Error('no request planned');
    expect(results.map((r) => r.kind)).toEqual(['baseline', 'scenario']);
    expect(got.changes).toEqual(expected.changes);
    expect(got.roads.totalVehH[main]).toBe(0);
    const worst = worstFlowDifference(got, expected);
    console.log(`fresh worker vs. the worker that lived: worst road flow difference ${worst.toExponential(2)} veh/h`);
    expect(worst).toBeLessThan(1e-6);
    expect(got.figures.relativeGap).toBeLessThanOrEqual(GAP);
  }, 60_000);
});
