/**
 * Progress and cancellation shared by every long-running kernel, so the same kernel reports to a
 * progress bar in a Web Worker, to the CLI and to tests. Kernels poll `signal.aborted` between
 * chunks of work (never per element) and throw `CancelledError`.
 */
export interface ProgressReport {
  /** Fraction done, 0…1. */
  fraction: number;
  /** Short human-readable stage ("assigning", "receivers 1200/10000"). */
  stage: string;
}

export type ProgressSink = (report: ProgressReport) => void;

/** What a long kernel accepts besides its inputs. Both optional: a kernel runs fine without them. */
export interface RunControl {
  onProgress?: ProgressSink;
  signal?: { readonly aborted: boolean };
}

export class CancelledError extends Error {
  constructor(stage = 'computation') {
    super(`${stage} was cancelled`);
    this.name = 'CancelledError';
  }
}

/** Throws CancelledError when the run's signal has been aborted. */
export function throwIfCancelled(control: RunControl | undefined, stage?: string): void {
  if (control?.signal?.aborted === true) throw new CancelledError(stage);
}
