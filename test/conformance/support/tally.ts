/** Per-family pass/fail/skip counts, printed once per family when its file finishes. */
import { afterAll } from 'vitest';

export interface Tally {
  pass(): void;
  fail(): void;
  skip(reason: string): void;
}

export function createTally(family: string): Tally {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const reasons = new Map<string, number>();
  afterAll(() => {
    const why = [...reasons].map(([r, n]) => `    ${n} × ${r}`).join('\n');
    console.log(`[conformance] ${family}: passed ${counts.passed}, failed ${counts.failed}, skipped ${counts.skipped}${why === '' ? '' : `\n  skipped because:\n${why}`}`);
  });
  return {
    pass: () => void counts.passed++,
    fail: () => void counts.failed++,
    skip: (reason) => {
      counts.skipped++;
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    },
  };
}

/** Run a check, counting it as passed or failed (re-throwing so vitest reports the failure). */
export async function counted(tally: Tally, check: () => Promise<void> | void): Promise<void> {
  try {
    await check();
    tally.pass();
  } catch (error) {
    tally.fail();
    throw error;
  }
}
