/**
 * The chain's result cache: one entry per (stage, content hash of the stage's inputs). A stage
 * whose inputs hash the same as an earlier run's returns the stored value at once. Bounded (least
 * recently used entries go first); hits and misses are counted per stage for the tests and the
 * progress display.
 */

export interface StageCacheStats {
  hits: number;
  misses: number;
}

export class StageCache {
  private readonly entries = new Map<string, unknown>();
  readonly stats = new Map<string, StageCacheStats>();

  constructor(private readonly capacity = 64) {}

  private count(stage: string, hit: boolean): void {
    const s = this.stats.get(stage) ?? { hits: 0, misses: 0 };
    if (hit) s.hits++;
    else s.misses++;
    this.stats.set(stage, s);
  }

  /** The cached value of `stage` for `key`, or `compute()` stored under it. */
  get<T>(stage: string, key: string, compute: () => T): { value: T; hit: boolean } {
    const k = `${stage}:${key}`;
    if (this.entries.has(k)) {
      const value = this.entries.get(k) as T;
      this.entries.delete(k); // move to the most recent end
      this.entries.set(k, value);
      this.count(stage, true);
      return { value, hit: true };
    }
    const value = compute();
    this.entries.set(k, value);
    this.count(stage, false);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return { value, hit: false };
  }

  has(stage: string, key: string): boolean {
    return this.entries.has(`${stage}:${key}`);
  }

  clear(): void {
    this.entries.clear();
    this.stats.clear();
  }
}
