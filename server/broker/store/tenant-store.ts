/**
 * One tenant's entities and subscriptions: SQLite (better-sqlite3) is the durable copy, an
 * in-memory map (with a type index) serves queries. Durability: journal_mode=WAL with
 * synchronous=FULL makes every COMMIT fsync the WAL before better-sqlite3 returns, and the broker
 * answers 2xx only after that return; so neither a kill -9 (OS page cache survives) nor a power
 * loss (fsync done) loses an acknowledged write (SQLite docs "PRAGMA synchronous", "WAL mode").
 */
import Database from 'better-sqlite3';
import type { StoredEntity } from '../model/entity';
import { HistoryRollup, type HistorySample } from './history-rollup';

export interface StoredSubscription {
  id: string;
  /** The subscription in expanded-attribute form plus its @context (JSON). */
  doc: Record<string, unknown>;
}

export class TenantStore {
  readonly db: Database.Database;
  private readonly entities = new Map<string, StoredEntity>();
  private readonly byType = new Map<string, Set<string>>();
  private readonly statements;
  /** Aggregation statements, one per set of requested columns. */
  private readonly statementCache = new Map<string, Database.Statement>();
  private readonly rollup: HistoryRollup;
  readonly subscriptions = new Map<string, StoredSubscription>();

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS entities (id TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS subscriptions (id TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS attribute_history (
        entity_id TEXT NOT NULL, attr TEXT NOT NULL, dataset TEXT NOT NULL, at TEXT NOT NULL, doc TEXT NOT NULL,
        at_ms INTEGER NOT NULL DEFAULT 0, num REAL);
      CREATE INDEX IF NOT EXISTS attribute_history_key ON attribute_history (entity_id, attr, at);
      -- Covering index for aggregation, ordered by time in ms: every window is one range seek that
      -- reads only the index, never the JSON rows (replaces the former index keyed on the text time).
      DROP INDEX IF EXISTS attribute_history_numeric;
      CREATE INDEX IF NOT EXISTS attribute_history_series ON attribute_history (entity_id, attr, at_ms, num);
    `);
    this.statements = {
      upsert: this.db.prepare('INSERT INTO entities (id, doc) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc'),
      remove: this.db.prepare('DELETE FROM entities WHERE id = ?'),
      upsertSub: this.db.prepare('INSERT INTO subscriptions (id, doc) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc'),
      removeSub: this.db.prepare('DELETE FROM subscriptions WHERE id = ?'),
      history: this.db.prepare('INSERT INTO attribute_history (entity_id, attr, dataset, at, doc, at_ms, num) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      firstAt: this.db.prepare('SELECT at_ms FROM attribute_history WHERE entity_id = ? AND attr = ? AND at_ms >= ? AND at_ms <= ? ORDER BY at_ms LIMIT 1').pluck(),
      lastAt: this.db.prepare('SELECT at_ms FROM attribute_history WHERE entity_id = ? AND attr = ? AND at_ms >= ? AND at_ms <= ? ORDER BY at_ms DESC LIMIT 1').pluck(),
      historyOf: this.db.prepare('SELECT attr, dataset, at, doc FROM attribute_history WHERE entity_id = ? AND at >= ? AND at <= ? ORDER BY at, rowid'),
      removeHistory: this.db.prepare('DELETE FROM attribute_history WHERE entity_id = ?'),
      historyAttrs: this.db.prepare('SELECT DISTINCT attr FROM attribute_history WHERE entity_id = ?').pluck(),
    };
    this.rollup = new HistoryRollup(this.db);
    for (const row of this.db.prepare('SELECT doc FROM entities').iterate() as Iterable<{ doc: string }>) this.index(JSON.parse(row.doc) as StoredEntity);
    for (const row of this.db.prepare('SELECT id, doc FROM subscriptions').iterate() as Iterable<{ id: string; doc: string }>) {
      this.subscriptions.set(row.id, { id: row.id, doc: JSON.parse(row.doc) as Record<string, unknown> });
    }
  }

  private index(entity: StoredEntity): void {
    const previous = this.entities.get(entity.id);
    if (previous !== undefined) for (const t of previous.type) this.byType.get(t)?.delete(entity.id);
    this.entities.set(entity.id, entity);
    for (const t of entity.type) {
      let set = this.byType.get(t);
      if (set === undefined) this.byType.set(t, (set = new Set()));
      set.add(entity.id);
    }
  }

  get(id: string): StoredEntity | undefined {
    return this.entities.get(id);
  }

  /** Run writes atomically (one COMMIT, one fsync). Memory is updated only after the commit. */
  transaction<T>(fn: (tx: WriteBatch) => T): T {
    const batch = new WriteBatch();
    const result = this.db.transaction(() => {
      const value = fn(batch);
      for (const [id, entity] of batch.entities) if (entity !== null && !batch.explicitHistory.has(id)) this.recordHistory(this.entities.get(id), entity, batch);
      for (const [id, entity] of batch.entities) {
        if (entity === null) this.statements.remove.run(id);
        else this.statements.upsert.run(id, JSON.stringify(entity));
      }
      const samples: HistorySample[] = [];
      for (const h of batch.history) {
        const value = (JSON.parse(h.doc) as { value?: unknown })['value'];
        const sample: HistorySample = { entityId: h.entityId, attr: h.attr, atMs: Date.parse(h.at), num: typeof value === 'number' ? value : null };
        this.statements.history.run(h.entityId, h.attr, h.dataset, h.at, h.doc, sample.atMs, sample.num);
        samples.push(sample);
      }
      this.rollup.add(samples);
      return value;
    })();
    for (const [id, entity] of batch.entities) {
      if (entity === null) {
        const previous = this.entities.get(id);
        if (previous !== undefined) for (const t of previous.type) this.byType.get(t)?.delete(id);
        this.entities.delete(id);
      } else this.index(entity);
    }
    return result;
  }

  /**
   * Temporal evolution (ETSI GS CIM 009 clause 4.5.7 / 5.2.40): every attribute instance that is
   * new or changed is kept, stamped with its observedAt or else its modifiedAt.
   */
  private recordHistory(previous: StoredEntity | undefined, next: StoredEntity, batch: WriteBatch): void {
    for (const [attr, instances] of Object.entries(next.attrs)) {
      const old = previous?.attrs[attr];
      for (const instance of instances) {
        const dataset = typeof instance['datasetId'] === 'string' ? instance['datasetId'] : '@default';
        const doc = JSON.stringify(instance);
        const before = old?.find((o) => (typeof o['datasetId'] === 'string' ? o['datasetId'] : '@default') === dataset);
        if (before !== undefined && JSON.stringify(before) === doc) continue;
        const stamp = typeof instance['observedAt'] === 'string' ? instance['observedAt'] : String(instance['modifiedAt'] ?? next.modifiedAt);
        const ms = Date.parse(stamp);
        const at = Number.isNaN(ms) ? stamp : new Date(ms).toISOString();
        batch.history.push({ entityId: next.id, attr, dataset, at, doc });
      }
    }
  }

  saveSubscription(sub: StoredSubscription): void {
    this.statements.upsertSub.run(sub.id, JSON.stringify(sub.doc));
    this.subscriptions.set(sub.id, sub);
  }

  deleteSubscription(id: string): boolean {
    this.statements.removeSub.run(id);
    return this.subscriptions.delete(id);
  }

  /** Candidate entities: by ids, else by any of the types, else all (insertion order). */
  *candidates(types: readonly string[] | undefined, ids: readonly string[] | undefined): Iterable<StoredEntity> {
    if (ids !== undefined) {
      for (const id of ids) {
        const e = this.entities.get(id);
        if (e !== undefined) yield e;
      }
      return;
    }
    if (types !== undefined) {
      const seen = types.length > 1 ? new Set<string>() : undefined;
      for (const t of types) {
        for (const id of this.byType.get(t) ?? []) {
          if (seen !== undefined) {
            if (seen.has(id)) continue;
            seen.add(id);
          }
          const e = this.entities.get(id);
          if (e !== undefined) yield e;
        }
      }
      return;
    }
    yield* this.entities.values();
  }

  allEntities(): Iterable<StoredEntity> {
    return this.entities.values();
  }

  /** History rows of one entity (temporal API), oldest first. */
  history(entityId: string, from?: string, to?: string): { attr: string; dataset: string; at: string; doc: string }[] {
    return this.statements.historyOf.all(entityId, from ?? '', to ?? '\uffff') as { attr: string; dataset: string; at: string; doc: string }[];
  }

  /**
   * Numeric aggregates of one attribute's history per window of `periodMs` (the whole span when
   * undefined), windows starting at the first sample in [from, to] (ISO texts, inclusive), computed
   * by SQLite. Each window is combined from the per-minute rollups (history-rollup.ts) and the raw
   * samples of its partial edge minutes; distinctCount needs the raw samples, read by one range
   * seek per window on the covering index (entity_id, attr, at_ms, num) with only the requested
   * `columns` computed. A gap is skipped with one seek to the next sample (no sort, no JSON). Very
   * many windows (over BUCKET_SEEK_LIMIT) use one GROUP BY instead. undefined when the window
   * holds no sample.
   */
  historyBuckets(entityId: string, attr: string, periodMs: number | undefined, columns: ReadonlySet<NumericAggregate>, from?: string, to?: string): HistoryBuckets | undefined {
    const fromMs = from === undefined ? Number.MIN_SAFE_INTEGER : Date.parse(from);
    const toMs = to === undefined ? Number.MAX_SAFE_INTEGER : Date.parse(to);
    const first = this.statements.firstAt.get(entityId, attr, fromMs, toMs) as number | undefined;
    const last = this.statements.lastAt.get(entityId, attr, fromMs, toMs) as number | undefined;
    if (first === undefined || last === undefined) return undefined;
    const period = Math.max(1, Math.round(periodMs ?? last - first + 1));
    const key = NUMERIC_AGGREGATES.filter((c) => columns.has(c));
    const list = key.map((c) => `, ${AGGREGATE_SQL[c]} AS "${c}"`).join('');
    const buckets: HistoryBucket[] = [];
    if ((last - first) / period > BUCKET_SEEK_LIMIT) {
      const grouped = this.cachedStatement(`g${key.join()}`, `SELECT CAST((at_ms - ?) / ? AS INTEGER) AS k, COUNT(*) AS n, COUNT(num) AS numeric${list} FROM attribute_history WHERE entity_id = ? AND attr = ? AND at_ms >= ? AND at_ms <= ? GROUP BY k ORDER BY k`);
      return { first, last, period, buckets: grouped.all(first, period, entityId, attr, first, last) as HistoryBucket[] };
    }
    const raw = this.cachedStatement(`w${key.join()}`, `SELECT COUNT(*) AS n, COUNT(num) AS numeric${list} FROM attribute_history WHERE entity_id = ? AND attr = ? AND at_ms >= ? AND at_ms <= ?`);
    const fromRollup = !columns.has('distinct');
    let start: number | undefined = first;
    while (start !== undefined && start <= last) {
      const k = Math.floor((start - first) / period);
      const lo = first + k * period;
      const hi = Math.min(lo + period - 1, last);
      let bucket: HistoryBucket;
      if (fromRollup) {
        const s = this.rollup.window(entityId, attr, lo, hi);
        bucket = { k, ...s, avg: s.sum === null || s.numeric === 0 ? null : s.sum / s.numeric };
      } else bucket = { ...(raw.get(entityId, attr, lo, hi) as HistoryBucket), k };
      if (bucket.n > 0) buckets.push(bucket);
      start = this.statements.firstAt.get(entityId, attr, lo + period, last) as number | undefined;
    }
    return { first, last, period, buckets };
  }

  private cachedStatement(key: string, sql: string): Database.Statement {
    let statement = this.statementCache.get(key);
    if (statement === undefined) this.statementCache.set(key, (statement = this.db.prepare(sql)));
    return statement;
  }

  /** Forget the whole temporal evolution of an entity. */
  deleteHistory(entityId: string): void {
    this.db.transaction(() => {
      this.statements.removeHistory.run(entityId);
      this.rollup.deleteEntity(entityId);
    })();
  }

  /** Attribute IRIs with history for an entity. */
  historyAttributes(entityId: string): string[] {
    return this.statements.historyAttrs.all(entityId) as string[];
  }

  close(): void {
    this.db.close();
  }
}

/** Aggregates SQLite computes over the numeric column (`distinct`: COUNT(DISTINCT num)). */
export const NUMERIC_AGGREGATES = ['sum', 'avg', 'min', 'max', 'sumsq', 'distinct'] as const;
export type NumericAggregate = (typeof NUMERIC_AGGREGATES)[number];
const AGGREGATE_SQL: Record<NumericAggregate, string> = { sum: 'SUM(num)', avg: 'AVG(num)', min: 'MIN(num)', max: 'MAX(num)', sumsq: 'SUM(num * num)', distinct: 'COUNT(DISTINCT num)' };
/** Above this many windows one GROUP BY (a sort) beats a range seek per window. */
const BUCKET_SEEK_LIMIT = 20_000;

/** One window: `k` its index from the first sample; `n` samples, `numeric` of them numbers; the requested aggregates. */
export interface HistoryBucket { k: number; n: number; numeric: number; sum?: number | null; avg?: number | null; min?: number | null; max?: number | null; sumsq?: number | null; distinct?: number | null }
export interface HistoryBuckets { first: number; last: number; period: number; buckets: HistoryBucket[] }

/** Writes collected during a transaction (null = delete). */
export class WriteBatch {
  readonly entities = new Map<string, StoredEntity | null>();
  readonly history: { entityId: string; attr: string; dataset: string; at: string; doc: string }[] = [];
  /** Entities whose history rows the writer adds itself (temporal representation writes). */
  readonly explicitHistory = new Set<string>();
  put(entity: StoredEntity): void {
    this.entities.set(entity.id, entity);
  }
  delete(id: string): void {
    this.entities.set(id, null);
  }
}
