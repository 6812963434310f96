/// <reference types="node" />
/**
 * Node-only: `twin traffic --city <file|folder|demo>` — imports a city (or generates the demo
 * district), builds its road graph and gravity demand (or reads `--trips` in TNTP format, zones
 * numbered as the city graph's), solves the peak-hour user equilibrium and prints the summary.
 *
 *   twin traffic --city F|demo [--trips F] [--gap 1e-8] [--max-seconds S] [--beta 0.1]
 *     [--trips-per-resident 0.13] [--zone-cell 150] [--busiest 10] [--method gp|b]
 *     [--close-road ID …] [--road-speed ID=KMH …] [--json]
 *
 * With `--close-road` / `--road-speed` (road ids of the city model, repeatable) the road changes are
 * applied after the baseline and re-solved warm-started (CityTrafficSession); the output then has
 * `whatIf`: its figures, the changes and the roads whose two-way flow changed most (veh/h).
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { CityModel } from '../city-model';
import { generateDemoDistrict } from '../demo';
import { importCityFiles } from '../import';
import { readSourcePath } from '../import/node-files';
import { buildCityRoadGraph } from './road-graph-from-city';
import { odDemandFromTntp } from './gravity-demand';
import { cityTrafficSummary, solveCityTraffic, type CityTrafficOptions, type CityTrafficSummary } from './city-traffic';
import { CityTrafficSession, type AppliedRoadChange } from './city-traffic-session';
import { flowDifference } from './traffic-results';

export const CITY_TRAFFIC_HELP = `Usage: twin traffic --city F|demo [--trips F] [--gap 1e-8] [--max-seconds S] [--beta 0.1]
                    [--trips-per-resident 0.13] [--zone-cell 150] [--busiest 10]
                    [--method gp|b] [--close-road ID ...] [--road-speed ID=KMH ...] [--json]\n`;

/** Road changes of `--close-road ID` and `--road-speed ID=KMH`, with road ids checked against the city. */
export function roadChangesFromArgs(city: CityModel, close: readonly string[], speed: readonly string[]): AppliedRoadChange[] {
  const road = (id: string, flag: string): number => {
    const r = city.roads.id.indexOf(id);
    if (r < 0) throw new Error(`--${flag}: no road with id '${id}' in ${city.name}`);
    return r;
  };
  const changes: AppliedRoadChange[] = close.map((id) => ({ road: road(id, 'close-road'), change: { kind: 'close' } }));
  for (const spec of speed) {
    const m = /^(.+)=([0-9.]+)$/.exec(spec);
    if (m === null || !(Number(m[2]) > 0)) throw new Error(`--road-speed expects ID=KMH with a speed > 0, got '${spec}'`);
    changes.push({ road: road(m[1] as string, 'road-speed'), change: { kind: 'speed', speedKmh: Number(m[2]) } });
  }
  return changes;
}

/** The baseline summary and the warm-started what-if of road changes (the roads whose flow changed most), from one session. */
function withWhatIf(city: CityModel, options: CityTrafficOptions, changes: AppliedRoadChange[], top: number): { summary: CityTrafficSummary; whatIf: Record<string, unknown> } {
  const session = new CityTrafficSession(city, options);
  const solve = { gap: options.gap ?? 1e-8, clock: () => performance.now(), ...(options.maxSeconds === undefined ? {} : { maxSeconds: options.maxSeconds }) };
  const base = session.solveBaseline(solve);
  const f = base.figures;
  const summary = cityTrafficSummary(city, { graph: session.graph, network: session.baseNetwork, demand: session.demand, warnings: session.warnings }, {
    relativeGap: f.relativeGap, iterations: f.iterations, seconds: f.seconds, tsttVehH: f.tsttVehH, vehicleKm: f.vehicleKm, unreachablePairs: f.unreachable.length,
  }, base.roads, top);
  const what = session.applyChanges(changes, solve);
  const diff = flowDifference(what.roads, base.roads);
  const order = [...diff.keys()].filter((r) => Number.isFinite(diff[r] as number)).sort((a, b) => Math.abs(diff[b] as number) - Math.abs(diff[a] as number) || a - b);
  const whatIf = {
    changes: changes.map((c) => ({ road: city.roads.id[c.road], ...c.change })),
    figures: what.figures,
    baseline: { tsttVehH: f.tsttVehH, vehicleKm: f.vehicleKm, beckmann: f.beckmann },
    largestChanges: order.slice(0, top).map((r) => ({ road: city.roads.id[r], name: city.roads.name[r], baselineVehH: base.roads.totalVehH[r], whatIfVehH: what.roads.totalVehH[r], differenceVehH: diff[r] })),
  };
  return { summary, whatIf };
}

function num(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0, got '${value}'`);
  return n;
}

/** Loads the city named by `--city`: 'demo' or a file / folder of source files. */
export async function loadCity(source: string): Promise<CityModel> {
  if (source === 'demo') return generateDemoDistrict();
  return importCityFiles(await readSourcePath(source));
}

/** Runs the command; returns the exit code. */
export async function runCityTraffic(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args, allowPositionals: false, strict: true,
    options: {
      city: { type: 'string' }, trips: { type: 'string' }, gap: { type: 'string' }, 'max-seconds': { type: 'string' },
      beta: { type: 'string' }, 'trips-per-resident': { type: 'string' }, 'zone-cell': { type: 'string' },
      busiest: { type: 'string' }, method: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' },
      'close-road': { type: 'string', multiple: true }, 'road-speed': { type: 'string', multiple: true },
    },
  });
  if (values.help === true || values.city === undefined) {
    process.stdout.write(CITY_TRAFFIC_HELP);
    return values.help === true ? 0 : 2;
  }
  const city = await loadCity(values.city);
  const beta = num(values.beta, 'beta');
  const tripsPerResident = num(values['trips-per-resident'], 'trips-per-resident');
  const zoneCellM = num(values['zone-cell'], 'zone-cell');
  const maxSeconds = num(values['max-seconds'], 'max-seconds');
  const busiest = num(values.busiest, 'busiest');
  const method = values.method ?? 'gp';
  if (method !== 'gp' && method !== 'b') throw new Error(`--method must be gp or b for a city, got '${method}'`);
  const options: CityTrafficOptions = {
    method,
    gap: num(values.gap, 'gap') ?? 1e-8, clock: () => performance.now(),
    ...(beta === undefined ? {} : { deterrence: { kind: 'exponential', betaPerMin: beta } }),
    ...(tripsPerResident === undefined ? {} : { tripsPerResident }),
    ...(zoneCellM === undefined ? {} : { zoneCellM }),
    ...(maxSeconds === undefined ? {} : { maxSeconds }),
    ...(busiest === undefined ? {} : { busiest }),
  };
  if (values.trips !== undefined) {
    const zones = buildCityRoadGraph(city, options).zones.zoneCount;
    options.demand = odDemandFromTntp(await readFile(values.trips, 'utf8'), zones, values.trips);
  }
  const changes = roadChangesFromArgs(city, values['close-road'] ?? [], values['road-speed'] ?? []);
  // With road changes the baseline comes from the session that then re-solves them warm (one baseline solve).
  const { summary, whatIf } = changes.length > 0 ? withWhatIf(city, options, changes, busiest ?? 10) : { summary: solveCityTraffic(city, options).summary, whatIf: undefined };
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify({ city: city.name, synthetic: city.synthetic, ...summary, ...(whatIf === undefined ? {} : { whatIf }) }, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `${city.name}: ${summary.zones} zones, ${summary.junctions} junctions, ${summary.roadLinks} road links, ${summary.odPairs} OD pairs, ${summary.demandVehH.toFixed(1)} veh/h`,
    `relative gap ${summary.relativeGap.toExponential(3)} after ${summary.iterations} iterations (${(summary.seconds ?? 0).toFixed(3)} s)`,
    `TSTT ${summary.tsttVehH.toFixed(2)} veh·h, ${summary.vehicleKm.toFixed(1)} veh·km, OD pairs with no path: ${summary.unreachablePairs}`,
    'busiest roads (v/c, veh/h both directions):',
    ...summary.busiestRoads.map((r) => `  ${r.volumeCapacity.toFixed(3)}  ${r.flowVehH.toFixed(0).padStart(6)}  ${r.name || r.id} (${r.roadClass}, ${r.id})`),
    ...summary.warnings.map((w) => `warning: ${w}`),
  ];
  if (whatIf !== undefined) lines.push('what-if (warm-started):', JSON.stringify(whatIf, null, 2));
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
