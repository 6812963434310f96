/**
 * `twin traffic`: static user-equilibrium assignment of a TNTP network and demand.
 *
 *   twin traffic --net X_net.tntp --trips X_trips.tntp [--gap 1e-8] [--max-seconds S]
 *     [--max-iterations N] [--method gp|b|fw|cfw] [--flows out.tsv] [--close I-J …] --json
 *
 * Prints one JSON object: relative gap (TSTT − SPTT)/TSTT, average excess cost, Beckmann objective,
 * TSTT, SPTT, iterations, time, and the OD pairs left with no path. `--flows` writes the link flows
 * in the TNTP flow format (tab separated: From To Volume Cost). `--close I-J` (1-based nodes,
 * repeatable) closes that link after the base solve and re-solves warm-started; the JSON then has
 * `base` and `whatIf` objects.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseCommandArgs, printJson } from '../args';
import type { AssignmentMethod, AssignmentResult } from '../../sim/traffic/assignment-options';
import { BushAssignment } from '../../sim/traffic/bush-assignment';
import { PathBasedAssignment } from '../../sim/traffic/gradient-projection';
import { buildNetwork, type TrafficNetwork } from '../../sim/traffic/road-graph';
import { ASSIGNMENT_METHODS, solveAssignment } from '../../sim/traffic/solve-assignment';
import { formatTntpFlow } from '../../sim/traffic/tntp-flow';
import { parseTntpNet } from '../../sim/traffic/tntp-net';
import { parseTntpTrips } from '../../sim/traffic/tntp-trips';
import { resolveWhatIf, type NetworkEdit } from '../../sim/traffic/what-if';
import { runCityTraffic } from '../../twin/traffic/city-traffic-command';

export const summary = 'static user-equilibrium traffic assignment of TNTP files (gap, Beckmann, TSTT, flows, what-if)';

const HELP = `Usage: twin traffic --net F --trips F [--gap 1e-8] [--max-seconds S] [--max-iterations N]
                    [--method gp|b|fw|cfw] [--flows out.tsv] [--close I-J ...] [--json]
       twin traffic --city F|demo [...]   (the twin's roads and gravity demand; --city demo --help)\n`;

function positive(value: string | undefined, name: string, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0, got '${value}'`);
  return n;
}

/** The figures of a result as printed (flows left out). */
function report(r: AssignmentResult): Record<string, unknown> {
  return {
    method: r.method, relativeGap: r.relativeGap, averageExcessCost: r.averageExcessCost, beckmann: r.beckmann,
    tstt: r.tstt, tsttTime: r.tsttTime, sptt: r.sptt, iterations: r.iterations, seconds: r.seconds,
    converged: r.converged, stopReason: r.stopReason, assignedDemand: r.assignedDemand,
    unreachablePairs: r.unreachable.length, unreachable: r.unreachable,
  };
}

function closureEdit(net: TrafficNetwork, spec: string): NetworkEdit {
  const m = /^(\d+)-(\d+)$/.exec(spec.trim());
  if (m === null) throw new Error(`--close expects I-J (1-based nodes of a link), got '${spec}'`);
  const from = Number(m[1]) - 1;
  const to = Number(m[2]) - 1;
  if (from >= 0 && from < net.nodeCount) {
    for (let e = net.outStart[from] as number; e < (net.outStart[from + 1] as number); e++) {
      const a = net.outLinks[e] as number;
      if (net.termNode[a] === to) return { kind: 'close', link: a };
    }
  }
  throw new Error(`--close ${spec}: the network has no link ${m[1]}→${m[2]}`);
}

export async function run(args: string[]): Promise<number> {
  // `--city F|demo`: the twin's roads and gravity demand (src/twin/traffic/city-traffic-command.ts).
  if (args.some((a) => a === '--city' || a.startsWith('--city='))) return runCityTraffic(args);
  const { values } = parseCommandArgs(args, {
    net: { type: 'string' }, trips: { type: 'string' }, gap: { type: 'string' }, 'max-seconds': { type: 'string' },
    'max-iterations': { type: 'string' }, method: { type: 'string' }, flows: { type: 'string' }, close: { type: 'string', multiple: true },
  });
  if (values.help === true) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.net === undefined || values.trips === undefined) throw new Error(`--net and --trips are required\n${HELP}`);
  const method = (values.method ?? 'gp') as AssignmentMethod;
  if (!ASSIGNMENT_METHODS.includes(method)) throw new Error(`--method must be one of ${ASSIGNMENT_METHODS.join(', ')}, got '${method}'`);
  const gap = positive(values.gap, 'gap', 1e-8) as number;
  const maxSeconds = positive(values['max-seconds'], 'max-seconds', undefined);
  const maxIterations = positive(values['max-iterations'], 'max-iterations', undefined);
  const closures = values.close ?? [];
  if (closures.length > 0 && method !== 'gp' && method !== 'b') throw new Error('--close re-solves warm-started and needs --method gp or b');

  const net = buildNetwork(parseTntpNet(readFileSync(values.net, 'utf8'), values.net), values.net);
  const trips = parseTntpTrips(readFileSync(values.trips, 'utf8'), values.trips);
  const clock = () => performance.now();
  const options = {
    gap, clock,
    ...(maxSeconds === undefined ? {} : { maxSeconds }),
    ...(maxIterations === undefined ? {} : { maxIterations }),
  };
  let base: AssignmentResult;
  let whatIf: AssignmentResult | undefined;
  if (method === 'gp' || method === 'b') {
    const assignment = method === 'gp' ? new PathBasedAssignment(net, trips.demand) : new BushAssignment(net, trips.demand);
    base = assignment.solve(options);
    if (closures.length > 0) whatIf = resolveWhatIf(assignment, closures.map((c) => closureEdit(net, c)), options);
  } else {
    base = solveAssignment(net, trips.demand, method, options);
  }
  const final = whatIf ?? base;
  if (values.flows !== undefined) {
    writeFileSync(values.flows, formatTntpFlow(net, final.linkFlow, final.linkCost));
  }
  const network = {
    nodes: net.nodeCount, links: net.linkCount, zones: net.zoneCount, firstThruNode: net.firstThruNode + 1,
    odPairs: trips.demand.destZone.length, totalDemand: trips.demand.total,
  };
  const out = whatIf === undefined
    ? { network, ...report(base), warnings: trips.warnings }
    : { network, base: report(base), whatIf: { closed: closures, ...report(whatIf) }, warnings: trips.warnings };
  if (values.json === true) printJson(out);
  else {
    const lines = [
      `${method}: relative gap ${final.relativeGap.toExponential(3)} after ${final.iterations} iterations (${(final.seconds ?? 0).toFixed(3)} s), ${final.stopReason}`,
      `Beckmann ${final.beckmann}, TSTT ${final.tstt}, average excess cost ${final.averageExcessCost.toExponential(3)}`,
      `OD pairs with no path: ${final.unreachable.length}`,
      ...trips.warnings,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return 0;
}
