/**
 * Tiny benchmark harness shared by every `bench/*.bench.ts`: warm-up, repeated timing, a sink
 * against dead-code elimination, and ratios against a baseline measured in the same run.
 * Figures are printed, never asserted: speed goals live here, not in tests.
 */
import { performance } from 'node:perf_hooks';

export interface Timing {
  name: string;
  medianMs: number;
  minMs: number;
  runs: number;
}

let sinkValue = 0;
/** Feed results here so the work cannot be optimised away. */
export function sink(value: number): void {
  sinkValue = (sinkValue + value) % 1e9;
}
export function sinkState(): number {
  return sinkValue;
}

export async function time(name: string, fn: () => unknown, opts: { warmup?: number; runs?: number } = {}): Promise<Timing> {
  const warmup = opts.warmup ?? 1;
  const runs = opts.runs ?? 5;
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { name, medianMs: samples[Math.floor(samples.length / 2)] ?? NaN, minMs: samples[0] ?? NaN, runs };
}

/** Peak resident memory growth while `fn` runs, sampled every 5 ms, in MiB. */
export async function peakRssMiB(fn: () => unknown): Promise<{ peakMiB: number; deltaMiB: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return { peakMiB: peak / 2 ** 20, deltaMiB: (peak - start) / 2 ** 20 };
}

export interface Row {
  [column: string]: string | number;
}

export function printTable(title: string, rows: Row[]): void {
  process.stdout.write(`\n## ${title}\n`);
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0] ?? {});
  const fmt = (v: string | number | undefined) => (typeof v === 'number' ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3)) : (v ?? ''));
  const cells = rows.map((r) => cols.map((c) => String(fmt(r[c]))));
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (vals: string[]) => `| ${vals.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |\n`;
  process.stdout.write(line(cols));
  process.stdout.write(line(widths.map((w) => '-'.repeat(w))));
  for (const row of cells) process.stdout.write(line(row));
}
