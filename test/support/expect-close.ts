/** `expectClose(actual, expected, {abs, rel})`: passes when |a − e| ≤ abs or ≤ rel·|e|. */
import { expect } from 'vitest';

export interface Tolerance {
  abs?: number;
  rel?: number;
}

export function isClose(actual: number, expected: number, tol: Tolerance): boolean {
  const err = Math.abs(actual - expected);
  return (tol.abs !== undefined && err <= tol.abs) || (tol.rel !== undefined && err <= tol.rel * Math.abs(expected));
}

export function expectClose(actual: number, expected: number, tol: Tolerance, label = ''): void {
  if (!isClose(actual, expected, tol)) {
    expect.fail(`${label} expected ${expected} ± ${JSON.stringify(tol)}, got ${actual} (error ${actual - expected})`);
  }
}
