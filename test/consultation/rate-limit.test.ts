import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../server/consultation/rate-limit';

describe('RateLimiter (token bucket)', () => {
  it('allows a burst, refuses beyond it, refills at the rate, and keeps keys apart', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 3, perSecond: 0.5 }, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
    expect(limiter.take('b')).toBe(true);
    expect(limiter.waitSeconds('a')).toBeCloseTo(2, 9);
    now = 1999;
    expect(limiter.take('a')).toBe(false);
    now = 2000;
    expect(limiter.take('a')).toBe(true);
    now = 1_000_000;
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
  });
});
