/**
 * Pasquill–Gifford stability classes A (very unstable) … F (moderately stable), stored as the
 * integers 1…6 used by CALINE3's CLAS field and ISC3's KST index (EPA-454/B-95-003b, §1.1.5).
 */
export type StabilityClass = 1 | 2 | 3 | 4 | 5 | 6;

export const STABILITY_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type StabilityLetter = (typeof STABILITY_LETTERS)[number];

/** 'A'…'F' (case-insensitive, text after the letter ignored, e.g. "D (Pasquill table …)") or 1…6. */
export function parseStabilityClass(value: string | number, what = 'stability'): StabilityClass {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 1 && value <= 6) return value as StabilityClass;
    throw new Error(`${what}: stability class must be 1…6 (A…F), got ${value}`);
  }
  const m = /^\s*([A-Fa-f])(?![A-Za-z])/.exec(value);
  if (m?.[1] !== undefined) return (m[1].toUpperCase().charCodeAt(0) - 64) as StabilityClass;
  const n = Number(value);
  if (value.trim() !== '' && Number.isInteger(n)) return parseStabilityClass(n, what);
  throw new Error(`${what}: '${value}' is not a stability class A…F or 1…6`);
}

export function stabilityLetter(cls: StabilityClass): StabilityLetter {
  return STABILITY_LETTERS[cls - 1] as StabilityLetter;
}
