/**
 * Noise city chain (src/sim-workers/noise-job.ts) on Lorient (CITIES_DIR/lorient, flows given):
 * - the full Lden/Lnight map and exposure table: grid receivers over the district (20 m here, so the
 *   bench stays under a minute on a shared machine; the product default is 10 m) plus facade
 *   receivers every 10 m (default 5 m), sources within 250 m, distance-adaptive point sources;
 *   measured once (it is the baseline of the ratio below);
 * - a flow what-if (every flow × 1.3) re-summed per road from the stored gains (`NoiseSession.whatIf`:
 *   3 periods, maps, facades, exposure), as a ratio to that full computation, and per 100 k
 *   receivers (issue 8 target: < 300 ms);
 * - the adaptive sources' paths against the uniform 10 m step of the kernel, on the same receivers
 *   of a 500 m × 500 m part of the district (pairs and time);
 * - geometry what-ifs (src/sim-workers/noise-geometry-change.ts): a new 45 m tower near the centre
 *   and a 4 m noise barrier along the road nearest the centre, recomputing only the pairs they can
 *   touch: share of pairs recomputed and time as a ratio to the full map (the baseline above,
 *   same city size; CPU and wall); on the demo district the same with a full computation of each
 *   edited city in the same run, and the worst |ΔLden| between the two (should be 0).
 * Printed, never asserted. Lorient rows are skipped with a line when its folder is absent.
 */
import { performance } from 'node:perf_hooks';
import { CITIES_DIR, fixtureDir } from '../test/support/fixtures';
import { importCityFiles } from '../src/twin/import';
import { readSourcePath } from '../src/twin/import/node-files';
import { createNoiseSession, runNoiseJob, type NoiseJob, type NoiseJobResult, type NoiseSession } from '../src/sim-workers/noise-job';
import { updateNoiseSession } from '../src/sim-workers/noise-geometry-change';
import { applyEdits } from '../src/scenario/edits';
import type { ScenarioEdit } from '../src/scenario/scenario-types';
import type { CityModel } from '../src/twin/city-model';
import { noiseJobBounds } from '../src/sim-workers/noise-study-area';
import { generateDemoDistrict } from '../src/twin/demo/index';
import { printTable, sink, time, type Row } from './harness';

export default async function (): Promise<void> {
  printTable('noise geometry what-ifs (demo district, 20 m grid, facade receivers every 10 m)', geometryWhatIfRows('demo', generateDemoDistrict(), { gridCellM: 20, facadeSpacingM: 10 }, true));
  const dir = fixtureDir(CITIES_DIR, 'lorient');
  if (dir === undefined) {
    process.stdout.write('noise-city: SKIPPED (no CITIES_DIR/lorient)\n');
    return;
  }
  const city = await importCityFiles(await readSourcePath(dir));
  const rows: Row[] = [];

  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  // Explicit bounds (the default ones), so a geometry what-if keeps the same grid.
  const lorientJob = { gridCellM: 20, facadeSpacingM: 10, bounds: noiseJobBounds(city) };
  const session = createNoiseSession(city, lorientJob);
  const fullMs = performance.now() - t0;
  // On a shared machine wall time includes waiting for a core: the process CPU time is printed too.
  const fullCpuMs = process.cpuUsage(cpu0).user / 1000;
  const s = session.result.stats;
  const receivers = s.gridReceivers + s.facadeReceivers;
  rows.push({
    measure: `Lorient full map: ${s.gridReceivers} grid (20 m) + ${s.facadeReceivers} facade receivers, ${s.pointSources} point sources`,
    'median ms': fullMs.toFixed(0),
    figure: `${s.pairs} paths, ${((1000 * fullMs) / s.pairs).toFixed(1)} µs/path, ${(fullMs / receivers).toFixed(2)} ms/receiver; CPU ${fullCpuMs.toFixed(0)} ms (1 run)`,
  });

  const cpuResum0 = process.cpuUsage();
  const resum = await time('flow what-if ×1.3: re-sum 3 periods (per road) + exposure', () => sink(session.whatIf([{ flowFactor: 1.3 }]).exposure.endLdenAbove55));
  // time() runs 1 warm-up + runs.
  const resumCpuMs = process.cpuUsage(cpuResum0).user / 1000 / (resum.runs + 1);
  rows.push({
    measure: resum.name,
    'median ms': resum.medianMs.toFixed(1),
    figure: `${(fullMs / resum.medianMs).toFixed(0)}× faster than the full map; per 100 k receivers ${((resum.medianMs * 100_000) / receivers).toFixed(0)} ms wall, ${((resumCpuMs * 100_000) / receivers).toFixed(0)} ms CPU (target < 300 ms)`,
  });

  rows.push(...geometryWhatIfRows('Lorient', city, lorientJob, false, { session, cpuMs: fullCpuMs, wallMs: fullMs }));

  // Adaptive vs uniform point sources on a central 500 m square, grid only.
  const part = { minX: -250, minY: -250, maxX: 250, maxY: 250 };
  const job = { bounds: part, gridCellM: 20, facades: false };
  const timed = <T>(fn: () => T): [T, number] => {
    const t = performance.now();
    const r = fn();
    return [r, performance.now() - t];
  };
  const [a, adaptiveMs] = timed(() => runNoiseJob(city, job));
  const [u, uniformMs] = timed(() => runNoiseJob(city, { ...job, coarsestSourceStepM: 10 }));
  const diffs: number[] = [];
  u.maps.lden.forEach((l, k) => {
    const d = Math.abs((a.maps.lden[k] ?? Number.NaN) - l);
    if (Number.isFinite(d)) diffs.push(d);
  });
  diffs.sort((p, q) => p - q);
  const worstDb = diffs[diffs.length - 1] ?? Number.NaN;
  const p95Db = diffs[Math.floor(diffs.length * 0.95)] ?? Number.NaN;
  rows.push({ measure: `adaptive sources (10…40 m), ${a.stats.gridReceivers} receivers of a 500 m square`, 'median ms': adaptiveMs.toFixed(0), figure: `${a.stats.pairs} paths; |ΔLden| vs uniform: 95th percentile ${p95Db.toFixed(2)} dB, worst ${worstDb.toFixed(2)} dB (1 run)` });
  rows.push({ measure: 'baseline: uniform 10 m sources (kernel computeAttenuations), same receivers', 'median ms': uniformMs.toFixed(0), figure: `${u.stats.pairs} paths; adaptive is ${(uniformMs / adaptiveMs).toFixed(1)}× faster (1 run)` });
  printTable('noise city chain (Lorient)', rows);
}

/** Process user CPU time (as the full map row) and wall time of fn, ms. */
function measured<T>(fn: () => T): { value: T; cpuMs: number; wallMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, cpuMs: c.user / 1000, wallMs };
}

/** Worst |ΔLden| over grid cells and facades, dB (NaN where one has a receiver the other lacks). */
function worstLdenDifference(a: NoiseJobResult, b: NoiseJobResult): number {
  let worst = a.facades.count === b.facades.count ? 0 : Number.NaN;
  a.maps.lden.forEach((l, k) => {
    const m = b.maps.lden[k] ?? Number.NaN;
    if (Number.isNaN(l) !== Number.isNaN(m)) worst = Number.NaN;
    else if (Number.isFinite(l) && Number.isFinite(m)) worst = Math.max(worst, Math.abs(l - m));
  });
  for (let j = 0; j < Math.min(a.facades.count, b.facades.count); j++) {
    const l = a.facades.lden[j] ?? Number.NaN;
    const m = b.facades.lden[j] ?? Number.NaN;
    if (Number.isFinite(l) && Number.isFinite(m)) worst = Math.max(worst, Math.abs(l - m));
  }
  return worst;
}

/** A tower near the ENU origin and a barrier along the road vertex nearest to it, 6 m to its side. */
function whatIfEdits(city: CityModel): { name: string; edit: ScenarioEdit }[] {
  const r = city.roads;
  let best = 0;
  let bestD = Infinity;
  for (let v = 0; v + 1 < r.xyz.length / 3; v++) {
    const d = Math.hypot(r.xyz[3 * v] ?? 0, r.xyz[3 * v + 1] ?? 0);
    if (d < bestD) {
      bestD = d;
      best = v;
    }
  }
  // The vertex's segment to the next vertex of the same road (or the previous one).
  let road = 0;
  while (road + 1 < r.count && (r.vertexOffset[road + 1] ?? 0) <= best) road++;
  const w = best + 1 < (r.vertexOffset[road + 1] ?? 0) ? best + 1 : best - 1;
  const ax = r.xyz[3 * best] ?? 0;
  const ay = r.xyz[3 * best + 1] ?? 0;
  const len = Math.hypot((r.xyz[3 * w] ?? 0) - ax, (r.xyz[3 * w + 1] ?? 0) - ay) || 1;
  const ux = ((r.xyz[3 * w] ?? 0) - ax) / len;
  const uy = ((r.xyz[3 * w + 1] ?? 0) - ay) / len;
  const cx = ax - 6 * uy;
  const cy = ay + 6 * ux;
  return [
    { name: 'new tower 45 m, 22 × 22 m near the centre', edit: { op: 'add-building', id: 'bench-tower', footprint: [[10.3, 10.2], [32.1, 10.2], [32.1, 31.7], [10.3, 31.7]], heightM: 45, use: 'residential' } },
    { name: 'noise barrier 4 m × 80 m, 6 m beside the road nearest the centre', edit: { op: 'add-noise-barrier', id: 'bench-barrier', line: [[cx - 40 * ux, cy - 40 * uy], [cx + 40 * ux, cy + 40 * uy]], heightM: 4 } },
  ];
}

/**
 * Rows of the geometry what-ifs on `city`: the incremental update of a base session against the full
 * computation (`full`: the base map's own, same city size; else computed here for the base), and,
 * with `verify`, a full computation of each edited city with the worst |ΔLden| to the update.
 */
function geometryWhatIfRows(label: string, city: CityModel, job: NoiseJob, verify: boolean, full?: { session: NoiseSession; cpuMs: number; wallMs: number }): Row[] {
  const rows: Row[] = [];
  const jobWithBounds: NoiseJob = { ...job, bounds: job.bounds ?? noiseJobBounds(city) };
  const baseRun = full ?? (() => {
    const m = measured(() => createNoiseSession(city, jobWithBounds));
    return { session: m.value, cpuMs: m.cpuMs, wallMs: m.wallMs };
  })();
  const pairs = baseRun.session.result.stats.pairs;
  if (full === undefined) rows.push({ measure: `${label}: full map (baseline of the ratios)`, 'median ms': baseRun.wallMs.toFixed(0), figure: `${pairs} pairs; CPU ${baseRun.cpuMs.toFixed(0)} ms (1 run)` });
  for (const { name, edit } of whatIfEdits(city)) {
    const edited = applyEdits(city, [edit]).city;
    const inc = measured(() => updateNoiseSession(baseRun.session, edited, jobWithBounds));
    const u = inc.value.update;
    let check = '';
    if (verify) {
      const f = measured(() => createNoiseSession(edited, jobWithBounds));
      check = `; full recompute of the edited city CPU ${f.cpuMs.toFixed(0)} ms (×${(f.cpuMs / inc.cpuMs).toFixed(0)}), worst |ΔLden| ${worstLdenDifference(inc.value.session.result, f.value.result).toExponential(1)} dB`;
    }
    rows.push({
      measure: `${label}: ${name}, incremental`,
      'median ms': inc.wallMs.toFixed(0),
      figure:
        u.fullRecomputeReason !== null
          ? `FULL recompute: ${u.fullRecomputeReason}`
          : `${u.pairsRecomputed} of ${u.pairs} pairs recomputed (${((100 * u.pairsRecomputed) / u.pairs).toFixed(2)} %), ${u.receiversNew} new / ${u.receiversGone} gone receivers; CPU ${inc.cpuMs.toFixed(0)} ms = ${(inc.cpuMs / baseRun.cpuMs).toFixed(3)} of the full map's CPU, wall ratio ${(inc.wallMs / baseRun.wallMs).toFixed(3)} (1 run)${check}`,
    });
  }
  return rows;
}
