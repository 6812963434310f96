/**
 * Properties of the equilibrium solvers on seeded synthetic grids (fast-check), and closed-form
 * equilibria of two-route networks (Wardrop 1952: used routes have equal, minimal cost).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solveFrankWolfe } from '../../../src/sim/traffic/frank-wolfe';
import { PathBasedAssignment, solveGradientProjection } from '../../../src/sim/traffic/gradient-projection';
import { reorderOdDemand } from '../../../src/sim/traffic/od-demand';
import { buildNetwork } from '../../../src/sim/traffic/road-graph';
import { syntheticGrid, type SyntheticGridOptions } from '../../../src/sim/traffic/synthetic-grid';
import { resolveWhatIf, type NetworkEdit } from '../../../src/sim/traffic/what-if';
import { expectClose } from '../../support/expect-close';
import { WHAT_IF_EDITS, demandOf, maxAbsDiff, networkOf, worstConservationError } from './helpers';

const gridArb = fc.record({
  rows: fc.integer({ min: 3, max: 6 }),
  cols: fc.integer({ min: 3, max: 6 }),
  zoneCount: fc.integer({ min: 3, max: 10 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  totalDemand: fc.double({ min: 500, max: 6000, noNaN: true }),
});
const RUNS = { numRuns: 12, seed: 20261124 };

function grid(p: Omit<SyntheticGridOptions, 'decayPerM'>) {
  const { graph, demand } = syntheticGrid({ ...p, decayPerM: 1 / 1500 });
  return { net: buildNetwork(graph), demand };
}

describe('equilibrium properties (seeded synthetic grids)', () => {
  it('conserves flow at every node to 1e-9 of the demand (GP and FW)', () => {
    fc.assert(fc.property(gridArb, (p) => {
      const { net, demand } = grid(p);
      const gp = solveGradientProjection(net, demand, { gap: 1e-10 });
      expect(gp.converged).toBe(true);
      expect(worstConservationError(net, demand, gp.linkFlow)).toBeLessThanOrEqual(1e-9 * demand.total);
      const fw = solveFrankWolfe(net, demand, { gap: 1e-3, maxIterations: 200 });
      expect(worstConservationError(net, demand, fw.linkFlow)).toBeLessThanOrEqual(1e-9 * demand.total);
    }), RUNS);
  });

  it('closing a link never lowers the Beckmann objective (beyond the gap bound)', () => {
    fc.assert(fc.property(gridArb, fc.integer({ min: 0, max: 1e6 }), (p, pick) => {
      const { net, demand } = grid(p);
      const solver = new PathBasedAssignment(net, demand);
      const base = solver.solve({ gap: 1e-10 });
      // Close one direction of a street (links after the connectors are never zone links here).
      const streets = net.linkCount - 2 * net.zoneCount;
      const link = pick % streets;
      const after = resolveWhatIf(solver, [{ kind: 'close', link }], { gap: 1e-10 });
      expect(after.converged).toBe(true);
      expect(after.unreachable).toEqual([]);
      // B(after) ≥ B*_closed ≥ B*_base ≥ B(base) − (TSTT − SPTT)(base).
      expect(after.beckmann).toBeGreaterThanOrEqual(base.beckmann - (base.tstt - base.sptt) - 1e-12 * base.beckmann);
    }), RUNS);
  });

  it('gives the same link flows whatever the order of origins and destinations', () => {
    fc.assert(fc.property(gridArb, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (p, shuffleSeed) => {
      const { net, demand } = grid(p);
      const order = Array.from(demand.originZone, (_, i) => i);
      let s = shuffleSeed;
      for (let i = order.length - 1; i > 0; i--) {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        const j = s % (i + 1);
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      const permuted = reorderOdDemand(demand, order, true);
      expect(permuted.total).toBeCloseTo(demand.total, 9);
      const a = solveGradientProjection(net, demand, { gap: 1e-12 });
      const b = solveGradientProjection(net, permuted, { gap: 1e-12 });
      expect(maxAbsDiff(a.linkFlow, b.linkFlow)).toBeLessThanOrEqual(1e-4);
    }), RUNS);
  });
});

describe('what-if re-solve', () => {
  const { graph, demand } = syntheticGrid({ rows: 6, cols: 7, zoneCount: 12, seed: 5, totalDemand: 8000 });
  const net = buildNetwork(graph);
  for (const [name, edit] of WHAT_IF_EDITS) {
    it(`${name}: warm-started re-solve equals a cold solve of the edited network`, () => {
      const solver = new PathBasedAssignment(net, demand);
      solver.solve({ gap: 1e-10 });
      const warm = resolveWhatIf(solver, edit, { gap: 1e-12 });
      const cold = solveGradientProjection(solver.net, demand, { gap: 1e-12 });
      expect(warm.converged && cold.converged).toBe(true);
      expect(maxAbsDiff(warm.linkFlow, cold.linkFlow)).toBeLessThanOrEqual(1e-4);
      expectClose(warm.beckmann, cold.beckmann, { rel: 1e-10 }, 'Beckmann');
      expect(worstConservationError(solver.net, demand, warm.linkFlow)).toBeLessThanOrEqual(1e-9 * demand.total);
    });
  }

  it('reports OD pairs left with no path and keeps the others assigned', () => {
    const solver = new PathBasedAssignment(net, demand);
    solver.solve({ gap: 1e-8 });
    // Close both connectors of zone 0 (they are the first two links after the streets).
    const connectors: NetworkEdit[] = [];
    for (let a = 0; a < net.linkCount; a++) if (net.initNode[a] === 0 || net.termNode[a] === 0) connectors.push({ kind: 'close', link: a });
    const r = resolveWhatIf(solver, connectors, { gap: 1e-10 });
    const lost = new Set(r.unreachable.map((u) => `${u.origin}-${u.destination}`));
    let expected = 0;
    let lostDemand = 0;
    for (let o = 0; o < demand.originZone.length; o++) {
      for (let k = demand.odStart[o] as number; k < (demand.odStart[o + 1] as number); k++) {
        if (demand.originZone[o] === 0 || demand.destZone[k] === 0) {
          expected++;
          lostDemand += demand.volume[k] as number;
          expect(lost.has(`${(demand.originZone[o] as number) + 1}-${(demand.destZone[k] as number) + 1}`)).toBe(true);
        }
      }
    }
    expect(r.unreachable.length).toBe(expected);
    expectClose(r.assignedDemand, demand.total - lostDemand, { rel: 1e-12 }, 'assigned demand');
    expect(r.converged).toBe(true);
    expect(worstConservationError(solver.net, demand, r.linkFlow, lost)).toBeLessThanOrEqual(1e-9 * demand.total);
    // Reopening brings the lost demand back.
    const back = resolveWhatIf(solver, connectors.map((e) => ({ kind: 'reopen', link: (e as { link: number }).link })), { gap: 1e-10 });
    expect(back.unreachable).toEqual([]);
    expectClose(back.assignedDemand, demand.total, { rel: 1e-12 }, 'assigned demand after reopening');
  });
});

describe('closed-form two-route equilibria', () => {
  // Zones 0 → 1 over two parallel links; t = fft·(1 + b·v/cap) with power 1.
  const twoRoutes = (second: { fft: number; b: number; power: number }, extra = {}) => networkOf(2, 2, [
    { from: 0, to: 1, fft: 10, capacity: 100, b: 1, power: 1, toll: 5 },
    { from: 0, to: 1, fft: second.fft, capacity: 200, b: second.b, power: second.power, length: 3 },
  ], extra);
  const demand = demandOf(2, [[0, 1, 300]]);

  it('equalizes the route times (10 + 0.1x = 20 + 0.1(300 − x) → x = 200)', () => {
    for (const solve of [solveGradientProjection, solveFrankWolfe]) {
      const r = solve(twoRoutes({ fft: 20, b: 1, power: 1 }), demand, { gap: 1e-12, maxIterations: 5000 });
      expectClose(r.linkFlow[0] as number, 200, { abs: 1e-6 }, 'route 1');
      expectClose(r.linkFlow[1] as number, 100, { abs: 1e-6 }, 'route 2');
    }
  });

  it('adds toll and length to the generalized cost with the TNTP factors', () => {
    // 10 + 0.1x + 1·5 + 2·1 = 20 + 0.1(300 − x) + 2·3 → 0.2x = 39 → x = 195.
    const r = solveGradientProjection(twoRoutes({ fft: 20, b: 1, power: 1 }, { tollFactor: 1, distanceFactor: 2 }), demand, { gap: 1e-12 });
    expectClose(r.linkFlow[0] as number, 195, { abs: 1e-6 }, 'tolled route');
    expectClose(r.tstt - r.tsttTime, 5 * 195 + 2 * (195 * 1 + 105 * 3), { rel: 1e-12 }, 'toll and length part of TSTT');
  });

  it('handles constant-cost links (power 0 and b 0)', () => {
    for (const second of [{ fft: 25, b: 0.15, power: 0 }, { fft: 25 * 1.15, b: 0, power: 4 }]) {
      const net = twoRoutes({ fft: second.fft, b: second.b, power: second.power });
      const constant = second.power === 0 ? 25 * 1.15 : second.fft;
      // 10 + 0.1x = constant while x < 300.
      const r = solveGradientProjection(net, demand, { gap: 1e-12 });
      expectClose(r.linkCost[1] as number, constant, { rel: 1e-15 }, 'constant cost');
      expectClose(r.linkFlow[0] as number, (constant - 10) / 0.1, { abs: 1e-6 }, 'variable route');
      expectClose(r.beckmann, 10 * r.linkFlow[0]! + 0.05 * r.linkFlow[0]! ** 2 + constant * r.linkFlow[1]!, { rel: 1e-12 }, 'Beckmann');
    }
  });

  it('never passes through a zone below FIRST THRU NODE', () => {
    // 0 → 2 directly costs 50; via zone 1 it would cost 2. With firstThruNode = 2, zone 1 is not a through-node.
    const links = [{ from: 0, to: 2, fft: 50, b: 0 }, { from: 0, to: 1, fft: 1, b: 0 }, { from: 1, to: 2, fft: 1, b: 0 }];
    const d = demandOf(3, [[0, 2, 10]]);
    expect(solveGradientProjection(networkOf(3, 3, links, { firstThruNode: 2 }), d, { gap: 1e-12 }).linkFlow[0]).toBe(10);
    expect(solveGradientProjection(networkOf(3, 3, links, { firstThruNode: 0 }), d, { gap: 1e-12 }).linkFlow[0]).toBe(0);
  });
});
