/**
 * One tenant's entities and subscriptions: SQLite (better-sqlite3) is the durable copy, an
 * in-memory map (with a type index) serves queries. Durability: journal_mode=WAL with
 * synchronous=FULL makes every COMMIT fsync the WAL before better-sqlite3 returns, and the broker
 * answers 2xx only after that return; so neither a kill -9 (OS page cache survives) nor a power
 * loss (fsync done) loses an acknowledged write (SQLite docs "PRAGMA synchronous", "WAL mode").
 */
import Database from 'better-sqlite3';
import type { StoredEntity } from '../model/entity';

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
      -- Covering index for aggregation: the GROUP BY reads only the index, never the JSON rows.
      CREATE INDEX IF NOT EXISTS attribute_history_numeric ON attribute_history (entity_id, attr, at, at_ms, num);
    `);
    this.statements = {
      upsert: this.db.prepare('INSERT INTO entities (id, doc) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc'),
      remove: this.db.prepare('DELETE FROM entities WHERE id = ?'),
      upsertSub: this.db.prepare('INSERT INTO subscriptions (id, doc) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc'),
      removeSub: this.db.prepare('DELETE FROM subscriptions WHERE id = ?'),
      history: this.db.prepare('INSERT INTO attribute_history (entity_id, attr, dataset, at, doc, at_ms, num) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      span: this.db.prepare('SELECT MIN(at_ms) AS first, MAX(at_ms) AS last, COUNT(*) AS n, COUNT(num) AS numeric FROM attribute_history WHERE entity_id = ? AND attr = ? AND at >= ? AND at <= ?'),
      buckets: this.db.prepare('SELECT CAST((at_ms - ?) / ? AS INTEGER) AS k, COUNT(*) AS n, SUM(num) AS sum, AVG(num) AS avg, MIN(num) AS min, MAX(num) AS max, SUM(num * num) AS sumsq FROM attribute_history WHERE entity_id = ? AND attr = ? AND at >= ? AND at <= ? GROUP BY k ORDER BY k'),
      historyOf: this.db.prepare('SELECT attr, dataset, at, doc FROM attribute_history WHERE entity_id = ? AND at >= ? AND at <= ? ORDER BY at, rowid'),
    };
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
      for (const h of batch.history) {
        const value = (JSON.parse(h.doc) as { value?: unknown })['value'];
        this.statements.history.run(h.entityId, h.attr, h.dataset, h.at, h.doc, Date.parse(h.at), typeof value === 'number' ? value : null);
      }
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

  /** Time span and numeric share of one attribute's history in a window (ms since epoch). */
  historySpan(entityId: string, attr: string, from?: string, to?: string): { first: number | null; last: number | null; n: number; numeric: number } {
    return this.statements.span.get(entityId, attr, from ?? '', to ?? '\uffff') as { first: number | null; last: number | null; n: number; numeric: number };
  }

  /** Numeric aggregates per window of `periodMs` from `originMs`, computed by SQLite. */
  historyBuckets(entityId: string, attr: string, originMs: number, periodMs: number, from?: string, to?: string): HistoryBucket[] {
    return this.statements.buckets.all(originMs, periodMs, entityId, attr, from ?? '', to ?? '\uffff') as HistoryBucket[];
  }

  /** Attribute IRIs with history for an entity. */
  historyAttributes(entityId: string): string[] {
    return (this.db.prepare('SELECT DISTINCT attr FROM attribute_history WHERE entity_id = ?').all(entityId) as { attr: string }[]).map((r) => r.attr);
  }

  close(): void {
    this.db.close();
  }
}

export interface HistoryBucket { k: number; n: number; sum: number | null; avg: number | null; min: number | null; max: number | null; sumsq: number | null }

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
