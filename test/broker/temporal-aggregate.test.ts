/**
 * Aggregated temporal representation (ETSI GS CIM 009 clause 4.5.19): every aggrMethod, per
 * aggrPeriodDuration window from the first sample in the time window, computed by the broker (in
 * SQLite) and compared with an independent JS computation on random samples, and with the
 * broker's general path (forced with a lastN larger than the sample count).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClose } from '../support/expect-close';
import { createTestBroker, type TestBroker } from './broker-app';

const METHODS = ['totalCount', 'distinctCount', 'sum', 'avg', 'min', 'max', 'stddev', 'sumsq'] as const;
type Method = (typeof METHODS)[number];
const T0 = Date.UTC(2024, 4, 1);
const h = { 'content-type': 'application/json' };
/** Window row: [value, start, end]. */
type Row = [number | null, string, string];

let t: TestBroker;
beforeAll(async () => {
  t = await createTestBroker();
});
afterAll(async () => {
  await t.app.close();
});

function expected(values: number[], method: Method): number {
  const n = values.length;
  const sum = values.reduce((a, b) => a + b, 0);
  const mean = sum / n;
  switch (method) {
    case 'totalCount': return n;
    case 'distinctCount': return new Set(values).size;
    case 'sum': return sum;
    case 'avg': return mean;
    case 'min': return Math.min(...values);
    case 'max': return Math.max(...values);
    case 'stddev': return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    case 'sumsq': return values.reduce((a, b) => a + b * b, 0);
  }
}

/** Reference: windows of periodMs from the first sample in [fromMs, toMs]; only non-empty windows. */
function reference(samples: { ms: number; value: number }[], periodMs: number | undefined, fromMs: number, toMs: number): { start: number; end: number; values: number[] }[] {
  const inside = samples.filter((s) => s.ms >= fromMs && s.ms <= toMs).sort((a, b) => a.ms - b.ms);
  const first = inside[0]?.ms;
  const last = inside.at(-1)?.ms;
  if (first === undefined || last === undefined) return [];
  if (periodMs === undefined) return [{ start: first, end: last, values: inside.map((s) => s.value) }];
  const windows = new Map<number, number[]>();
  for (const s of inside) {
    const k = Math.floor((s.ms - first) / periodMs);
    windows.set(k, [...(windows.get(k) ?? []), s.value]);
  }
  return [...windows].sort((a, b) => a[0] - b[0]).map(([k, values]) => ({ start: first + k * periodMs, end: first + (k + 1) * periodMs, values }));
}

const sample = fc.record({ offsetMs: fc.integer({ min: 0, max: 86_400_000 }), value: fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ min: -1e4, max: 1e4, noNaN: true, noDefaultInfinity: true })) });
const periods = [undefined, 'PT1M', 'PT15M', 'PT1H', 'PT7H', 'P1D'] as const;
const PERIOD_MS: Record<string, number> = { PT1M: 60_000, PT15M: 900_000, PT1H: 3_600_000, PT7H: 25_200_000, P1D: 86_400_000 };

describe('aggregated temporal values on random samples', () => {
  it('match a JS computation for every method, period and time window', async () => {
    let worst = 0;
    let entity = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(sample, { minLength: 1, maxLength: 300 }), fc.constantFrom(...periods), fc.option(fc.tuple(fc.integer({ min: 0, max: 86_400 }), fc.integer({ min: 0, max: 86_400 }))), async (raw, period, between) => {
        const id = `urn:ngsi-ld:Meter:random${entity++}`;
        const samples = raw.map((s) => ({ ms: T0 + s.offsetMs, value: Object.is(s.value, -0) ? 0 : s.value }));
        const instances = samples.map((s) => ({ type: 'Property', value: s.value, observedAt: new Date(s.ms).toISOString() }));
        const w = await t.req({ method: 'POST', url: '/ngsi-ld/v1/temporal/entities', payload: { id, type: 'Meter', power: instances }, headers: h });
        expect(w.statusCode).toBe(201);
        const [a, b] = between === null ? [undefined, undefined] : [Math.min(...between) * 1000, Math.max(...between) * 1000];
        const window = a === undefined || b === undefined ? '' : `&timerel=between&timeAt=${new Date(T0 + a).toISOString()}&endTimeAt=${new Date(T0 + b).toISOString()}`;
        const base = `/ngsi-ld/v1/temporal/entities/${id}?attrs=power&options=aggregatedValues${period === undefined ? '' : `&aggrPeriodDuration=${period}`}${window}&aggrMethods=`;
        // Without distinctCount the windows come from the per-minute rollups; with it, from the raw samples.
        const rollup = await t.json({ method: 'GET', url: `${base}${METHODS.filter((m) => m !== 'distinctCount').join(',')}` });
        const sql = await t.json({ method: 'GET', url: `${base}${METHODS.join(',')}` });
        const general = await t.json({ method: 'GET', url: `${base}${METHODS.join(',')}&lastN=100000` });
        expect(sql.status).toBe(200);
        expect(rollup.status).toBe(200);
        const viaRollup = (rollup.body as { power?: Record<Method, Row[]> }).power;
        const want = reference(samples, period === undefined ? undefined : PERIOD_MS[period], a === undefined ? -Infinity : T0 + a, b === undefined ? Infinity : T0 + b);
        const got = (sql.body as { power?: Record<Method, Row[]> }).power;
        const alt = (general.body as { power?: Record<Method, Row[]> }).power;
        if (want.length === 0) {
          expect(got).toBeUndefined();
          return;
        }
        for (const method of METHODS) {
          const rows = got?.[method] ?? [];
          expect(rows.map((r) => [r[1], r[2]])).toEqual(want.map((x) => [new Date(x.start).toISOString(), new Date(x.end).toISOString()]));
          expect(alt?.[method]?.map((r) => [r[1], r[2]])).toEqual(rows.map((r) => [r[1], r[2]]));
          if (method !== 'distinctCount') expect(viaRollup?.[method]?.map((r) => [r[1], r[2]])).toEqual(rows.map((r) => [r[1], r[2]]));
          want.forEach((x, i) => {
            const e = expected(x.values, method);
            const scale = method === 'sumsq' || method === 'stddev' ? Math.max(...x.values.map((v) => v * v)) ** (method === 'stddev' ? 0.5 : 1) : Math.max(1, ...x.values.map(Math.abs));
            const actual = rows[i]?.[0] as number;
            const other = alt?.[method]?.[i]?.[0] as number;
            if (method !== 'distinctCount') {
              const summed = viaRollup?.[method]?.[i]?.[0] as number;
              expectClose(summed, e, { abs: 1e-9 * scale * x.values.length }, `${method} window ${i} (rollup)`);
              worst = Math.max(worst, Math.abs(summed - e) / Math.max(scale, 1e-300));
            }
            // Summation order differs (SQLite sums with compensation): tolerance relative to the samples' scale.
            expectClose(actual, e, { abs: 1e-9 * scale * x.values.length }, `${method} window ${i} (SQLite)`);
            expectClose(other, e, { abs: 1e-9 * scale * x.values.length }, `${method} window ${i} (general path)`);
            worst = Math.max(worst, Math.abs(actual - e) / Math.max(scale, 1e-300));
          });
        }
      }),
      { numRuns: 60, seed: 20241124 },
    );
    console.info(`aggregation: worst |broker − JS| / sample scale = ${worst.toExponential(2)}`);
  });
});

describe('per-minute rollups', () => {
  it('are built once for a database written before they existed, and dropped with the entity', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'broker-rollup-'));
    try {
      const dbPath = join(dir, 'b.sqlite');
      const url = '/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Meter:old?attrs=power&options=aggregatedValues&aggrMethods=totalCount,sum,min,max,stddev&aggrPeriodDuration=PT10M';
      const instances = Array.from({ length: 500 }, (_, i) => ({ type: 'Property', value: (i * 7919) % 113, observedAt: new Date(T0 + i * 7_300).toISOString() }));
      let b = await createTestBroker({ dbPath });
      expect((await b.req({ method: 'POST', url: '/ngsi-ld/v1/temporal/entities', payload: { id: 'urn:ngsi-ld:Meter:old', type: 'Meter', power: instances }, headers: h })).statusCode).toBe(201);
      const before = (await b.json({ method: 'GET', url })).body as { power: Record<string, Row[]> };
      await b.app.close();
      const raw = new Database(dbPath);
      raw.exec('DELETE FROM history_rollup');
      raw.pragma('user_version = 0');
      raw.close();
      b = await createTestBroker({ dbPath });
      const after = (await b.json({ method: 'GET', url })).body as { power: Record<string, Row[]> };
      expect(after.power['totalCount']?.reduce((a, r) => a + (r[0] as number), 0)).toBe(500);
      for (const m of ['totalCount', 'min', 'max']) expect(after.power[m]).toEqual(before.power[m]);
      for (const m of ['sum', 'stddev']) after.power[m]?.forEach((r, i) => expectClose(r[0] as number, before.power[m]?.[i]?.[0] as number, { rel: 1e-12 }, `${m} window ${i}`));
      expect((await b.req({ method: 'DELETE', url: '/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Meter:old' })).statusCode).toBe(204);
      await b.app.close();
      const check = new Database(dbPath);
      expect(check.prepare('SELECT COUNT(*) AS n FROM history_rollup').get()).toEqual({ n: 0 });
      check.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
