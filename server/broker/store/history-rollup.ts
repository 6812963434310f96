/**
 * Per-minute rollups of the numeric attribute history, so that a temporal aggregation
 * (ETSI GS CIM 009 clause 4.5.19, aggrMethods per aggrPeriodDuration) reads one row per minute
 * instead of one per sample. A cell holds, for one (entity, attribute) and one minute aligned to
 * the Unix epoch, the sample count n, the count of numeric samples, and Σx, Σx², min x and max x
 * over the numeric ones. A window [lo, hi] is combined from the cells that lie wholly inside it and
 * the raw samples of the (at most two) partial minutes at its edges, so results are exact
 * (counts, min, max) or equal up to summation order (sum, avg, sumsq, stddev).
 */
import type Database from 'better-sqlite3';

/** Rollup cell length (ms). */
export const CELL_MS = 60_000;

/** Partial or combined aggregates of a set of samples; null sums/extrema when none is numeric. */
export interface SampleStats { n: number; numeric: number; sum: number | null; sumsq: number | null; min: number | null; max: number | null }

export interface HistorySample { entityId: string; attr: string; atMs: number; num: number | null }

const add = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : a + b);
const pick = (a: number | null, b: number | null, f: (x: number, y: number) => number): number | null => (a === null ? b : b === null ? a : f(a, b));

/** Combine two partial aggregates (associative). */
export function mergeStats(a: SampleStats, b: SampleStats): SampleStats {
  return { n: a.n + b.n, numeric: a.numeric + b.numeric, sum: add(a.sum, b.sum), sumsq: add(a.sumsq, b.sumsq), min: pick(a.min, b.min, Math.min), max: pick(a.max, b.max, Math.max) };
}

export class HistoryRollup {
  private readonly statements;

  constructor(db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS history_rollup (
      entity_id TEXT NOT NULL, attr TEXT NOT NULL, cell INTEGER NOT NULL, n INTEGER NOT NULL, numeric INTEGER NOT NULL,
      sum REAL, sumsq REAL, min REAL, max REAL, PRIMARY KEY (entity_id, attr, cell)) WITHOUT ROWID`);
    // Schema version 1: rollups exist. A database written before them gets them built once.
    if ((db.pragma('user_version', { simple: true }) as number) < 1) {
      db.transaction(() => {
        db.exec(`DELETE FROM history_rollup;
          INSERT INTO history_rollup SELECT entity_id, attr, at_ms / ${CELL_MS}, COUNT(*), COUNT(num), SUM(num), SUM(num * num), MIN(num), MAX(num)
          FROM attribute_history GROUP BY entity_id, attr, at_ms / ${CELL_MS}`);
        db.pragma('user_version = 1');
      })();
    }
    this.statements = {
      upsert: db.prepare(`INSERT INTO history_rollup (entity_id, attr, cell, n, numeric, sum, sumsq, min, max) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (entity_id, attr, cell) DO UPDATE SET n = n + excluded.n, numeric = numeric + excluded.numeric,
        sum = COALESCE(sum + excluded.sum, sum, excluded.sum), sumsq = COALESCE(sumsq + excluded.sumsq, sumsq, excluded.sumsq),
        min = COALESCE(MIN(min, excluded.min), min, excluded.min), max = COALESCE(MAX(max, excluded.max), max, excluded.max)`),
      cells: db.prepare(`SELECT COALESCE(SUM(n), 0) AS n, COALESCE(SUM(numeric), 0) AS numeric, SUM(sum) AS sum, SUM(sumsq) AS sumsq, MIN(min) AS min, MAX(max) AS max
        FROM history_rollup WHERE entity_id = ? AND attr = ? AND cell >= ? AND cell <= ?`),
      raw: db.prepare(`SELECT COUNT(*) AS n, COUNT(num) AS numeric, SUM(num) AS sum, SUM(num * num) AS sumsq, MIN(num) AS min, MAX(num) AS max
        FROM attribute_history WHERE entity_id = ? AND attr = ? AND at_ms >= ? AND at_ms <= ?`),
      remove: db.prepare('DELETE FROM history_rollup WHERE entity_id = ?'),
    };
  }

  /** Fold new history samples into their cells (inside the caller's transaction). */
  add(samples: readonly HistorySample[]): void {
    const cells = new Map<string, { entityId: string; attr: string; cell: number; stats: SampleStats }>();
    for (const s of samples) {
      if (!Number.isFinite(s.atMs)) continue;
      const cell = Math.floor(s.atMs / CELL_MS);
      const key = `${s.entityId}\u0000${s.attr}\u0000${cell}`;
      const one: SampleStats = s.num === null ? { n: 1, numeric: 0, sum: null, sumsq: null, min: null, max: null } : { n: 1, numeric: 1, sum: s.num, sumsq: s.num * s.num, min: s.num, max: s.num };
      const entry = cells.get(key);
      if (entry === undefined) cells.set(key, { entityId: s.entityId, attr: s.attr, cell, stats: one });
      else entry.stats = mergeStats(entry.stats, one);
    }
    for (const c of cells.values()) this.statements.upsert.run(c.entityId, c.attr, c.cell, c.stats.n, c.stats.numeric, c.stats.sum, c.stats.sumsq, c.stats.min, c.stats.max);
  }

  deleteEntity(entityId: string): void {
    this.statements.remove.run(entityId);
  }

  /** Aggregates of the samples with lo ≤ at_ms ≤ hi (ms, integers): whole cells from the rollup, partial minutes raw. */
  window(entityId: string, attr: string, lo: number, hi: number): SampleStats {
    const cellLo = Math.ceil(lo / CELL_MS);
    const cellHi = Math.floor((hi + 1) / CELL_MS) - 1;
    if (cellHi < cellLo) return this.statements.raw.get(entityId, attr, lo, hi) as SampleStats;
    let stats = this.statements.cells.get(entityId, attr, cellLo, cellHi) as SampleStats;
    if (lo < cellLo * CELL_MS) stats = mergeStats(this.statements.raw.get(entityId, attr, lo, cellLo * CELL_MS - 1) as SampleStats, stats);
    if ((cellHi + 1) * CELL_MS <= hi) stats = mergeStats(stats, this.statements.raw.get(entityId, attr, (cellHi + 1) * CELL_MS, hi) as SampleStats);
    return stats;
  }
}
