import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTntpTrips } from '../../../src/sim/traffic/tntp-trips';
import { deterrenceValue, gravityModel, odDemandFromEntries, odDemandFromMatrix, odDemandFromTntp, withIntrazonalCost, type Deterrence } from '../../../src/twin/traffic/gravity-demand';
import { expectClose } from '../../support/expect-close';

/** Row and column sums of an n × n matrix. */
function sums(t: Float64Array, n: number): { rows: number[]; cols: number[] } {
  const rows = new Array<number>(n).fill(0);
  const cols = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    rows[i] = (rows[i] as number) + (t[i * n + j] as number);
    cols[j] = (cols[j] as number) + (t[i * n + j] as number);
  }
  return { rows, cols };
}

/** Mean trip cost Σ T·c / Σ T. */
function meanCost(t: Float64Array, c: Float64Array): number {
  let tc = 0;
  let s = 0;
  t.forEach((q, k) => { tc += q * (c[k] as number); s += q; });
  return tc / s;
}

const zoneCase = fc.integer({ min: 3, max: 7 }).chain((n) => fc.record({
  n: fc.constant(n),
  o: fc.array(fc.double({ min: 1, max: 500, noNaN: true }), { minLength: n, maxLength: n }),
  d: fc.array(fc.double({ min: 1, max: 500, noNaN: true }), { minLength: n, maxLength: n }),
  c: fc.array(fc.double({ min: 1, max: 30, noNaN: true }), { minLength: n * n, maxLength: n * n }),
}));

describe('doubly constrained gravity model (Furness)', () => {
  it('row sums match productions and column sums the attractions scaled to the same total', () => {
    fc.assert(fc.property(zoneCase, ({ n, o, d, c }) => {
      for (const f of [{ kind: 'exponential', betaPerMin: 0.1 }, { kind: 'power', gamma: 2 }] as Deterrence[]) {
        const r = gravityModel(Float64Array.from(o), Float64Array.from(d), Float64Array.from(c), f);
        const totalO = o.reduce((a, b) => a + b, 0);
        const totalD = d.reduce((a, b) => a + b, 0);
        const s = sums(r.trips, n);
        for (let i = 0; i < n; i++) {
          expectClose(s.rows[i] as number, o[i] as number, { rel: 1e-8 }, `row ${i}`);
          expectClose(s.cols[i] as number, ((d[i] as number) * totalO) / totalD, { rel: 1e-8 }, `column ${i}`);
        }
        expect(r.unbalancedZones).toEqual([]);
      }
    }), { numRuns: 60 });
  });

  it('is monotone in deterrence: a larger β never lengthens the mean trip', () => {
    fc.assert(fc.property(zoneCase, ({ o, d, c }) => {
      const cost = Float64Array.from(c);
      let previous = Infinity;
      for (const beta of [0, 0.05, 0.1, 0.2, 0.4]) {
        const m = meanCost(gravityModel(Float64Array.from(o), Float64Array.from(d), cost, { kind: 'exponential', betaPerMin: beta }).trips, cost);
        expect(m).toBeLessThanOrEqual(previous * (1 + 1e-9));
        previous = m;
      }
    }), { numRuns: 40 });
  });

  it('drops intrazonal trips from the OD demand and sets the intrazonal cost to half the nearest zone', () => {
    const c = withIntrazonalCost(Float64Array.from([0, 4, 9, 6, 0, 8, 9, 10, 0]), 3);
    expect([c[0], c[4], c[8]]).toEqual([2, 2, 4]); // zone 3: nearest is 8 (2 → 3)
    const r = gravityModel(Float64Array.from([10, 20, 30]), Float64Array.from([30, 20, 10]), c);
    const demand = odDemandFromMatrix(r.trips, 3);
    expectClose(demand.total, 60 - (r.trips[0] as number) - (r.trips[4] as number) - (r.trips[8] as number), { rel: 1e-12 });
    expect(demand.destZone.length).toBe(6);
  });

  it('places no trips on pairs without a path and reports zones it cannot balance', () => {
    // zone 3 is unreachable from and to everyone, itself included
    const c = Float64Array.from([2, 5, Infinity, 5, 2, Infinity, Infinity, Infinity, Infinity]);
    const r = gravityModel(Float64Array.from([10, 10, 10]), Float64Array.from([10, 10, 10]), c);
    expect(r.trips[2]).toBe(0);
    expect(r.trips[6]).toBe(0);
    expect(r.unbalancedZones).toContain(2);
  });

  it('deterrence functions: exp(−β·c) and c^(−γ), zero for no path', () => {
    expectClose(deterrenceValue({ kind: 'exponential', betaPerMin: 0.1 }, 10), Math.exp(-1), { rel: 1e-15 });
    expectClose(deterrenceValue({ kind: 'power', gamma: 2 }, 4), 1 / 16, { rel: 1e-15 });
    expect(deterrenceValue({ kind: 'exponential', betaPerMin: 0.1 }, Infinity)).toBe(0);
  });

  it('rejects bad input naming the zone or the size', () => {
    expect(() => gravityModel(Float64Array.from([1, -1]), Float64Array.from([1, 1]), new Float64Array(4))).toThrow(/zone 2/);
    expect(() => gravityModel(Float64Array.from([1, 1]), Float64Array.from([1, 1]), new Float64Array(3))).toThrow(/cost matrix/);
  });
});

describe('demand from a file or a scenario', () => {
  const trips = Float64Array.from([0, 12.5, 3, 4, 0, 0, 1, 2, 0]);

  it('reads a TNTP _trips file back to the same demand (veh/h)', () => {
    const demand = odDemandFromMatrix(trips, 3);
    const back = odDemandFromTntp(formatTntpTrips(demand), 3, 'x_trips.tntp');
    expect(back.total).toBeCloseTo(demand.total, 12);
    expect(back.destZone.length).toBe(5);
    expect(() => odDemandFromTntp(formatTntpTrips(demand), 4, 'x_trips.tntp')).toThrow(/x_trips\.tntp.*3.*4 zones/);
  });

  it('builds a scenario demand from OD entries and rejects a zone outside the graph', () => {
    expect(odDemandFromEntries([{ origin: 0, destination: 1, volume: 5 }, { origin: 0, destination: 1, volume: 2 }], 2).total).toBe(7);
    expect(() => odDemandFromEntries([{ origin: 0, destination: 5, volume: 1 }], 2)).toThrow(/destination 6/);
  });
});
