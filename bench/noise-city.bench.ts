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
 *   of a 500 m × 500 m part of the district (pairs and time).
 * Printed, never asserted. Skipped with a line when the Lorient folder is absent.
 */
import { performance } from 'node:perf_hooks';
import { CITIES_DIR, fixtureDir } from '../test/support/fixtures';
import { importCityFiles } from '../src/twin/import';
import { readSourcePath } from '../src/twin/import/node-files';
import { createNoiseSession, runNoiseJob } from '../src/sim-workers/noise-job';
import { printTable, sink, time } from './harness';

export default async function (): Promise<void> {
  const dir = fixtureDir(CITIES_DIR, 'lorient');
  if (dir === undefined) {
    process.stdout.write('noise-city: SKIPPED (no CITIES_DIR/lorient)\n');
    return;
  }
  const city = await importCityFiles(await readSourcePath(dir));
  const rows = [];

  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const session = createNoiseSession(city, { gridCellM: 20, facadeSpacingM: 10 });
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
