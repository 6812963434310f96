/** RunControl (progress, cancel), time and iteration limits of the solvers. */
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../../src/sim/core/progress';
import { solveFrankWolfe } from '../../../src/sim/traffic/frank-wolfe';
import { solveGradientProjection } from '../../../src/sim/traffic/gradient-projection';
import { buildNetwork } from '../../../src/sim/traffic/road-graph';
import { syntheticGrid } from '../../../src/sim/traffic/synthetic-grid';

const { graph, demand } = syntheticGrid({ rows: 5, cols: 6, zoneCount: 8, seed: 3, totalDemand: 6000 });
const net = buildNetwork(graph);

describe('run control', () => {
  for (const [name, solve] of [['gp', solveGradientProjection], ['fw', solveFrankWolfe]] as const) {
    it(`${name}: reports progress with a fraction in [0, 1] and stops when cancelled`, () => {
      const fractions: number[] = [];
      const signal = { aborted: false };
      expect(() => solve(net, demand, {
        gap: 1e-14,
        control: { signal, onProgress: (p) => { fractions.push(p.fraction); if (fractions.length === 3) signal.aborted = true; } },
      })).toThrow(CancelledError);
      expect(fractions.length).toBe(3);
      for (const f of fractions) expect(f >= 0 && f <= 1).toBe(true);
    });

    it(`${name}: stops at maxIterations and at maxSeconds, saying why`, () => {
      const byIterations = solve(net, demand, { gap: 0, maxIterations: 2 });
      expect(byIterations.iterations).toBe(2);
      expect(byIterations.stopReason).toBe('maxIterations');
      expect(byIterations.converged).toBe(false);
      let now = 0;
      const byTime = solve(net, demand, { gap: 0, maxSeconds: 0.5, clock: () => (now += 100) });
      expect(byTime.stopReason).toBe('maxSeconds');
      expect(byTime.seconds).toBeGreaterThan(0.5);
    });
  }

  it('needs a clock for maxSeconds', () => {
    expect(() => solveGradientProjection(net, demand, { maxSeconds: 1 })).toThrow(/maxSeconds needs a clock/);
  });
});
