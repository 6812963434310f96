/**
 * Collects what an import run reports: skipped features (file, feature, reason), warnings and
 * defaulted-value counts per field ("building.height"), then the final ImportReport.
 */
import type { ImportIssue } from './city-model';

export class ReportCollector {
  readonly skipped: ImportIssue[] = [];
  readonly warnings: string[] = [];
  readonly defaulted: Record<string, number> = {};
  private readonly warned = new Set<string>();

  skip(file: string, feature: string | undefined, reason: string): void {
    this.skipped.push(feature === undefined ? { file, reason } : { file, feature, reason });
  }

  /** Adds a warning once (repeats are dropped). */
  warn(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.warnings.push(message);
  }

  countDefault(field: string, n = 1): void {
    this.defaulted[field] = (this.defaulted[field] ?? 0) + n;
  }
}

/** min / max / mean / median of the finite values, or null when there are none. */
export function summaryStats(values: ArrayLike<number>): { min: number; max: number; mean: number; median: number } | null {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? NaN;
    if (Number.isFinite(v)) finite.push(v);
  }
  if (finite.length === 0) return null;
  finite.sort((a, b) => a - b);
  const mid = finite.length >> 1;
  const median = finite.length % 2 === 1 ? (finite[mid] ?? NaN) : ((finite[mid - 1] ?? NaN) + (finite[mid] ?? NaN)) / 2;
  let sum = 0;
  for (const v of finite) sum += v;
  return { min: finite[0] ?? NaN, max: finite[finite.length - 1] ?? NaN, mean: sum / finite.length, median };
}
