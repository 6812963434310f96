/**
 * Token buckets for flood protection: each key (a participant, a consultation) holds up to
 * `burst` tokens and regains `perSecond` per second; a request that finds no token is refused
 * (HTTP 429 with Retry-After) before anything is stored.
 */
export interface BucketRule {
  burst: number;
  perSecond: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();
  constructor(
    private readonly rule: BucketRule,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until a token is available for `key` (0 = available now). Does not take it. */
  waitSeconds(key: string): number {
    const b = this.refill(key);
    return b.tokens >= 1 ? 0 : (1 - b.tokens) / this.rule.perSecond;
  }

  /** Take a token; false when the bucket is empty. */
  take(key: string): boolean {
    const b = this.refill(key);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private refill(key: string): { tokens: number; atMs: number } {
    const now = this.now();
    let b = this.buckets.get(key);
    if (b === undefined) {
      b = { tokens: this.rule.burst, atMs: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.rule.burst, b.tokens + ((now - b.atMs) / 1000) * this.rule.perSecond);
    b.atMs = now;
    return b;
  }
}
