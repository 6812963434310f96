/**
 * Compare a broker answer with a fixture's expectation. Strings containing `REGEX(…)` are patterns
 * (Orion-LD functional tests): the literal text around them must match exactly. Objects must have
 * the same keys; arrays of entities (objects with `id`) are compared as sets, other arrays in order.
 */

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern string → RegExp, or undefined when it has no REGEX(…) placeholder. */
export function placeholderPattern(expected: string): RegExp | undefined {
  if (!expected.includes('REGEX(')) return undefined;
  let out = '';
  let i = 0;
  while (i < expected.length) {
    const start = expected.indexOf('REGEX(', i);
    if (start < 0) {
      out += escape(expected.slice(i));
      break;
    }
    out += escape(expected.slice(i, start));
    let depth = 1;
    let j = start + 6;
    while (j < expected.length && depth > 0) {
      if (expected[j] === '\\') j++;
      else if (expected[j] === '(') depth++;
      else if (expected[j] === ')') depth--;
      j++;
    }
    out += `(?:${expected.slice(start + 6, j - 1)})`;
    i = j;
  }
  return new RegExp(`^${out}$`, 's');
}

/**
 * Every published ETSI core context URL names the same core vocabulary; the broker targets V1.8
 * and names v1.8 where Orion-LD 1.x names v1.6, so core URLs are compared as one.
 */
const CORE_URL = /https?:\/\/uri\.etsi\.org\/ngsi-ld\/v1\/ngsi-ld-core-context(-v\d+\.\d+)?\.jsonld/g;
export function normalizeCore(text: string): string {
  return text.replace(CORE_URL, 'urn:etsi:ngsi-ld:core-context');
}

/** Differences between expected and actual, as path: reason lines (empty = equal). */
export function differences(expected: unknown, actual: unknown, path = '$'): string[] {
  if (typeof expected === 'string') {
    if (typeof actual === 'string' && normalizeCore(expected) !== expected) return normalizeCore(expected) === normalizeCore(actual) ? [] : [`${path}: expected ${expected}, got ${actual}`];
    const pattern = placeholderPattern(expected);
    if (pattern !== undefined) return typeof actual === 'string' && pattern.test(actual) ? [] : [`${path}: ${JSON.stringify(actual)} does not match ${expected}`];
    return expected === actual ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)}`];
    if (expected.length !== actual.length) return [`${path}: expected ${expected.length} items, got ${actual.length}`];
    const entityList = expected.every((e) => typeof e === 'object' && e !== null && 'id' in e);
    if (entityList) {
      const out: string[] = [];
      for (const e of expected as { id: unknown }[]) {
        const a = (actual as { id?: unknown }[]).find((x) => typeof x === 'object' && x !== null && x.id === e.id);
        if (a === undefined) out.push(`${path}: no item with id ${JSON.stringify(e.id)}`);
        else out.push(...differences(e, a, `${path}[id=${String(e.id)}]`));
      }
      return out;
    }
    return expected.flatMap((e, i) => differences(e, actual[i], `${path}[${i}]`));
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const out: string[] = [];
    for (const key of Object.keys(e)) out.push(...differences(e[key], a[key], `${path}.${key}`));
    for (const key of Object.keys(a)) if (!(key in e)) out.push(`${path}.${key}: unexpected member`);
    return out;
  }
  if (typeof expected === 'number' && typeof actual === 'number') return Math.abs(expected - actual) <= 1e-9 * Math.max(1, Math.abs(expected)) ? [] : [`${path}: expected ${expected}, got ${actual}`];
  return expected === actual ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}
