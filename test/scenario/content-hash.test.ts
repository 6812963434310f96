/** Content hashes: equal content → equal hash whatever the array object; any change of a value, type or order → a different hash. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentHash, hashColumn } from '../../src/scenario/content-hash';

describe('contentHash', () => {
  it('depends on content, not identity', () => {
    const a = Float64Array.from([1, 2, 3]);
    expect(contentHash(a, 'x', { k: 1, j: [2] })).toBe(contentHash(Float64Array.from([1, 2, 3]), 'x', { j: [2], k: 1 }));
    expect(hashColumn(a)).toMatch(/^[0-9a-f]{16}$/);
  });
  it('tells types, values and order apart', () => {
    const hashes = [
      contentHash(Float64Array.from([1, 2])), contentHash(Float32Array.from([1, 2])), contentHash(Float64Array.from([2, 1])),
      contentHash(Float64Array.from([1, 2, 0])), contentHash('ab', 'c'), contentHash('a', 'bc'), contentHash(1), contentHash('1'), contentHash(null), contentHash(undefined),
      contentHash(['a', 'b']), contentHash(['b', 'a']), contentHash(new Uint8Array([1, 2, 3])), contentHash(new Uint8Array([1, 2, 4])),
    ];
    expect(new Set(hashes).size).toBe(hashes.length);
  });
  it('changes when any one element of a column changes (seeded property)', () => {
    fc.assert(
      fc.property(fc.float64Array({ minLength: 1, maxLength: 64, noDefaultInfinity: true, noNaN: true }), fc.nat(), fc.double({ noNaN: true }), (arr, at, v) => {
        const i = at % arr.length;
        fc.pre(!Object.is(arr[i], v));
        const b = arr.slice();
        b[i] = v;
        return contentHash(arr) !== contentHash(b);
      }),
      { seed: 10, numRuns: 300 },
    );
  });
});
