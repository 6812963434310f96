/**
 * Static user equilibrium against the TransportationNetworks best-known solutions. Every folder of
 * REFERENCE_DIR/traffic_assignment holding a *_net.tntp and a *_trips.tntp is a case; expected
 * figures come from expected_summary.json (by folder name) and the folder's *_flow.tntp.
 * Tolerances (README of the folder): at gap 1e-4, Beckmann objective within 1e-5 relative and link
 * flows within 1% (read as Σ|x − x*| / Σx*: single low-volume links converge far slower); link flows
 * within 0.1 veh of the best-known flows at gap ≤ 1e-8 (solved here to 1e-12). Convexity alone does
 * not imply the 1e-5 at gap 1e-4 (B − B_opt ≤ TSTT − SPTT, up to ≈ 1.1e-4 relative on Anaheim), so
 * the test also checks that bound, and the 1e-5 at the gap 1e-5·B_opt/TSTT that guarantees it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measureAssignment } from '../../src/sim/traffic/assignment-measures';
import { solveFrankWolfe } from '../../src/sim/traffic/frank-wolfe';
import { PathBasedAssignment } from '../../src/sim/traffic/gradient-projection';
import { reorderOdDemand } from '../../src/sim/traffic/od-demand';
import { buildNetwork } from '../../src/sim/traffic/road-graph';
import { flowRowsToLinks, parseTntpFlow } from '../../src/sim/traffic/tntp-flow';
import { parseTntpNet } from '../../src/sim/traffic/tntp-net';
import { parseTntpTrips } from '../../src/sim/traffic/tntp-trips';
import { resolveWhatIf } from '../../src/sim/traffic/what-if';
import { maxAbsDiff } from '../sim/traffic/helpers';
import { expectClose } from '../support/expect-close';
import { fixtureDir, REFERENCE_DIR } from '../support/fixtures';

const TOL = {
  /** Objective, relative (folder README). */
  beckmannAtGap1e4: { rel: 1e-5 },
  /** Link flows at gap 1e-4, Σ|x − x*| / Σx* (folder README: "within ~1%"). */
  flowL1AtGap1e4: { rel: 0.01 },
  /** Link flows at gap ≤ 1e-8, vehicles (folder README). */
  flowVeh: { abs: 0.1 },
  /** Our measures recomputed on the best-known flows vs expected_summary.json (independent check). */
  measuresOfBestFlows: { rel: 1e-9 },
};
const FLOW_GAP = 1e-12;

interface ExpectedSummary {
  beckmann?: number;
  tstt_generalized?: number;
  demand?: number;
  zones?: number;
  nodes?: number;
  links?: number;
}

const root = fixtureDir(REFERENCE_DIR, 'traffic_assignment');

interface Case {
  name: string;
  dir: string;
  net: string;
  trips: string;
  flow: string | undefined;
  expected: ExpectedSummary | undefined;
}

function discover(dir: string): Case[] {
  const summaryPath = join(dir, 'expected_summary.json');
  const summary = existsSync(summaryPath) ? (JSON.parse(readFileSync(summaryPath, 'utf8')) as { networks?: Record<string, ExpectedSummary> }) : {};
  const cases: Case[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const sub = join(dir, entry.name);
    const files = readdirSync(sub);
    const net = files.find((f) => f.endsWith('_net.tntp'));
    const trips = files.find((f) => f.endsWith('_trips.tntp'));
    if (net === undefined || trips === undefined) continue;
    const flow = files.find((f) => f.endsWith('_flow.tntp'));
    cases.push({ name: entry.name, dir: sub, net: join(sub, net), trips: join(sub, trips), flow: flow === undefined ? undefined : join(sub, flow), expected: summary.networks?.[entry.name] });
  }
  return cases.sort((a, b) => a.name.localeCompare(b.name));
}

const worst: Record<string, string | number>[] = [];

describe.skipIf(root === undefined)('traffic assignment reference networks', () => {
  const cases = root === undefined ? [] : discover(root);
  it('finds at least one network', () => {
    expect(cases.length).toBeGreaterThan(0);
  });
  afterAll(() => {
    if (worst.length > 0) {
      console.table(worst.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? v.toExponential(2) : v]))));
    }
  });

  for (const c of cases) {
    describe(c.name, () => {
      const net = buildNetwork(parseTntpNet(readFileSync(c.net, 'utf8'), c.net), c.net);
      const { demand } = parseTntpTrips(readFileSync(c.trips, 'utf8'), c.trips);
      const best = c.flow === undefined ? undefined : flowRowsToLinks(net, parseTntpFlow(readFileSync(c.flow, 'utf8'), c.flow), c.flow);
      const bestMeasures = best === undefined ? undefined : measureAssignment(net, demand, best.volume);
      const expectedBeckmann = c.expected?.beckmann ?? bestMeasures?.beckmann;
      const row: Record<string, string | number> = { network: c.name };
      worst.push(row);

      it('reads the dimensions stated in expected_summary.json', () => {
        if (c.expected?.nodes !== undefined) expect(net.nodeCount).toBe(c.expected.nodes);
        if (c.expected?.links !== undefined) expect(net.linkCount).toBe(c.expected.links);
        if (c.expected?.zones !== undefined) expect(net.zoneCount).toBe(c.expected.zones);
        if (c.expected?.demand !== undefined) expectClose(demand.total, c.expected.demand, { rel: 1e-12 }, 'total demand');
        if (best !== undefined) expect(best.volume.every((v) => Number.isFinite(v))).toBe(true);
      });

      it.skipIf(bestMeasures === undefined || c.expected === undefined)('recomputes the expected objective, TSTT and gap on the best-known flows', () => {
        const m = bestMeasures as NonNullable<typeof bestMeasures>;
        const e = c.expected as ExpectedSummary;
        if (e.beckmann !== undefined) expectClose(m.beckmann, e.beckmann, TOL.measuresOfBestFlows, 'Beckmann of best flows');
        if (e.tstt_generalized !== undefined) expectClose(m.tstt, e.tstt_generalized, TOL.measuresOfBestFlows, 'TSTT of best flows');
        expect(Math.abs(m.relativeGap)).toBeLessThan(1e-12);
        expect(m.unreachable).toEqual([]);
      });

      it.skipIf(expectedBeckmann === undefined)('gradient projection: objective within 1e-5 and flows within 1% at gap 1e-4, flows within 0.1 veh at tight gap', () => {
        const solver = new PathBasedAssignment(net, demand);
        const eb = expectedBeckmann as number;
        const loose = solver.solve({ gap: 1e-4 });
        expect(loose.converged).toBe(true);
        expect(loose.relativeGap).toBeLessThanOrEqual(1e-4);
        // Convexity of the Beckmann objective: 0 ≤ B(x) − B_opt ≤ TSTT − SPTT at any feasible x.
        expect(loose.beckmann - eb).toBeGreaterThanOrEqual(-1e-9 * eb);
        expect(loose.beckmann - eb).toBeLessThanOrEqual(loose.tstt - loose.sptt + 1e-9 * eb);
        row.gapLoose = loose.relativeGap;
        row.beckmannRelErrAtGap1e4 = Math.abs(loose.beckmann - eb) / eb;
        expectClose(loose.beckmann, eb, TOL.beckmannAtGap1e4, 'Beckmann at gap 1e-4');
        if (best !== undefined) {
          let absErr = 0;
          let total = 0;
          for (let a = 0; a < net.linkCount; a++) {
            const b = best.volume[a] as number;
            absErr += Math.abs((loose.linkFlow[a] as number) - b);
            total += b;
          }
          row.flowL1RelErrAtGap1e4 = absErr / total;
          expect(absErr, 'Σ|x − x*| at gap 1e-4').toBeLessThanOrEqual(TOL.flowL1AtGap1e4.rel * total);
        }
        // A relative gap of 1e-4 guarantees only 1e-4·TSTT/B_opt (≈ 1.1e-4 on Anaheim): the 1e-5 is
        // also checked at the gap that guarantees it.
        const gapFor1e5 = Math.min(1e-4, (TOL.beckmannAtGap1e4.rel * eb) / loose.tstt);
        const objective = solver.solve({ gap: gapFor1e5 });
        row.gapFor1e5 = gapFor1e5;
        row.beckmannRelErr = Math.abs(objective.beckmann - eb) / eb;
        expectClose(objective.beckmann, eb, TOL.beckmannAtGap1e4, `Beckmann at gap ${gapFor1e5.toExponential(2)}`);

        const tight = solver.solve({ gap: FLOW_GAP });
        expect(tight.converged).toBe(true);
        row.gapReached = tight.relativeGap;
        row.beckmannRelErrTight = Math.abs(tight.beckmann - eb) / eb;
        if (c.expected?.tstt_generalized !== undefined) expectClose(tight.tstt, c.expected.tstt_generalized, { rel: 1e-9 }, 'TSTT');
        if (best !== undefined) {
          let maxErr = 0;
          let at = -1;
          for (let a = 0; a < net.linkCount; a++) {
            const err = Math.abs((tight.linkFlow[a] as number) - (best.volume[a] as number));
            if (err > maxErr) {
              maxErr = err;
              at = a;
            }
          }
          row.worstFlowErrVeh = maxErr;
          expect(maxErr, `link ${at + 1}`).toBeLessThanOrEqual(TOL.flowVeh.abs);
        }
      });

      it('same link flows with the origins in reverse order; closing a link never lowers the objective', () => {
        const base = new PathBasedAssignment(net, demand);
        const b = base.solve({ gap: FLOW_GAP });
        const order = Array.from(demand.originZone, (_, i) => demand.originZone.length - 1 - i);
        const r = new PathBasedAssignment(net, reorderOdDemand(demand, order, true)).solve({ gap: FLOW_GAP });
        row.reorderFlowDiffVeh = maxAbsDiff(b.linkFlow, r.linkFlow);
        expect(row.reorderFlowDiffVeh).toBeLessThanOrEqual(TOL.flowVeh.abs);
        // Three links picked by a fixed stride; a closure that cuts off OD pairs is skipped.
        let worstDrop = -Infinity;
        for (let i = 1; i <= 3; i++) {
          const link = Math.floor((i * net.linkCount) / 4);
          const solver = new PathBasedAssignment(net, demand);
          solver.solve({ gap: FLOW_GAP });
          const closed = resolveWhatIf(solver, [{ kind: 'close', link }], { gap: 1e-10 });
          if (closed.unreachable.length > 0) continue;
          worstDrop = Math.max(worstDrop, b.beckmann - closed.beckmann);
          expect(closed.beckmann).toBeGreaterThanOrEqual(b.beckmann - (b.tstt - b.sptt) - 1e-12 * b.beckmann);
        }
        row.closureWorstObjectiveDrop = worstDrop;
      });

      it.skipIf(expectedBeckmann === undefined)('Frank–Wolfe baselines: objective bounded by the gap they reach', () => {
        const eb = expectedBeckmann as number;
        for (const conjugate of [false, true]) {
          const r = solveFrankWolfe(net, demand, { gap: 1e-3, maxIterations: 400, conjugate });
          // Convexity: 0 ≤ B(x) − B_opt ≤ TSTT − SPTT (the gap bounds the objective error).
          expect(r.beckmann - eb).toBeGreaterThanOrEqual(-1e-9 * eb);
          expect(r.beckmann - eb).toBeLessThanOrEqual(r.tstt - r.sptt + 1e-9 * eb);
          row[conjugate ? 'cfwGap' : 'fwGap'] = r.relativeGap;
        }
      });
    });
  }
});
