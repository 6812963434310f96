/**
 * NGSI-LD broker figures (issue 4): entity upserts/s (single requests and batches of 1,000, on a
 * WAL + synchronous=FULL SQLite file), query latency p50/p99 over many entities (by type, by q, by
 * near), and notification latency from write to SSE client. Baseline in the same run: the raw
 * better-sqlite3 insert of the same JSON documents in one transaction (the storage floor).
 * Targets from the issue (printed, never asserted): ≥ 20k upserts/s batched, p99 < 20 ms by type
 * with limit=100, notification p99 < 20 ms, aggregation over 1 M samples < 200 ms (avg,max per
 * hour, and every aggrMethod but distinctCount, which reads the raw samples).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { brokerPlugin } from '../server/broker/plugin';
import { printTable, sink } from './harness';

/** The figure: query latency with 100k entities (BENCH_BROKER_ENTITIES to change). */
const ENTITIES = Number(process.env['BENCH_BROKER_ENTITIES'] ?? 100_000);
const BATCH = 1000;
const SINGLE = 1000;
const SAMPLES = 1_000_000;

function entity(i: number): Record<string, unknown> {
  return {
    id: `urn:ngsi-ld:Sensor:${i}`,
    type: i % 10 === 0 ? 'AirQualitySensor' : 'NoiseSensor',
    level: { type: 'Property', value: (i * 7919) % 100, observedAt: '2024-05-01T10:00:00Z', unitCode: 'DB' },
    location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [6.1 + ((i * 13) % 1000) * 1e-4, 46.2 + ((i * 29) % 1000) * 1e-4] } },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

export default async function (): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'broker-bench-'));
  try {
    // Baseline: raw SQLite inserts of the same documents, one transaction.
    const raw = new Database(join(dir, 'raw.sqlite'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.exec('CREATE TABLE e (id TEXT PRIMARY KEY, doc TEXT) WITHOUT ROWID');
    const insert = raw.prepare('INSERT OR REPLACE INTO e VALUES (?, ?)');
    const docs = Array.from({ length: BATCH * 10 }, (_, i) => entity(i));
    let t0 = performance.now();
    raw.transaction(() => {
      for (const d of docs) insert.run(d['id'], JSON.stringify(d));
    })();
    const rawRate = docs.length / ((performance.now() - t0) / 1000);
    raw.close();

    const app = Fastify({ logger: false });
    await app.register(brokerPlugin, { dbPath: join(dir, 'broker.sqlite') });
    const headers = { 'content-type': 'application/json' };

    t0 = performance.now();
    for (let i = 0; i < SINGLE; i++) await app.inject({ method: 'POST', url: '/ngsi-ld/v1/entityOperations/upsert', payload: [entity(i)], headers });
    const singleRate = SINGLE / ((performance.now() - t0) / 1000);

    t0 = performance.now();
    for (let start = 0; start < ENTITIES; start += BATCH) {
      const batch = Array.from({ length: BATCH }, (_, k) => entity(start + k));
      const r = await app.inject({ method: 'POST', url: '/ngsi-ld/v1/entityOperations/upsert', payload: batch, headers });
      sink(r.statusCode);
    }
    const batchRate = ENTITIES / ((performance.now() - t0) / 1000);

    const latency = async (url: string, runs: number): Promise<{ p50: number; p99: number }> => {
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const s = performance.now();
        const r = await app.inject({ method: 'GET', url });
        sink(r.body.length);
        samples.push(performance.now() - s);
      }
      samples.sort((a, b) => a - b);
      return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
    };
    const byType = await latency('/ngsi-ld/v1/entities?type=AirQualitySensor&limit=100', 200);
    const byQ = await latency('/ngsi-ld/v1/entities?type=NoiseSensor&q=level%3E98&limit=100', 50);
    const byNear = await latency('/ngsi-ld/v1/entities?type=NoiseSensor&georel=near;maxDistance==200&geometry=Point&coordinates=[6.15,46.25]&limit=100', 50);

    // Notification latency: write → SSE event on a real socket.
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    await app.inject({ method: 'POST', url: '/ngsi-ld/v1/subscriptions', payload: { id: 'urn:ngsi-ld:Subscription:bench', type: 'Subscription', entities: [{ type: 'Lamp' }], notification: { endpoint: { uri: 'urn:civic-twin:sse' } } }, headers });
    const controller = new AbortController();
    const response = await fetch(`${address}/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:bench/events`, { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const nextEvent = async (): Promise<void> => {
      for (;;) {
        const end = buffer.indexOf('\n\n', buffer.indexOf('event: notification'));
        if (buffer.includes('event: notification') && end >= 0) {
          buffer = buffer.slice(end + 2);
          return;
        }
        buffer += decoder.decode((await reader.read()).value);
      }
    };
    const notify: number[] = [];
    for (let i = 0; i < 300; i++) {
      const s = performance.now();
      const w = await fetch(`${address}/ngsi-ld/v1/entities`, { method: 'POST', headers, body: JSON.stringify({ id: `urn:ngsi-ld:Lamp:${i}`, type: 'Lamp', on: { type: 'Property', value: true } }) });
      if (w.status !== 201) throw new Error(`write answered ${w.status}`);
      await nextEvent();
      notify.push(performance.now() - s);
    }
    controller.abort();
    notify.sort((a, b) => a - b);

    // Temporal: SAMPLES observations of one attribute, written as temporal representations of
    // 10,000 instances each, then aggregated (avg, max per hour) over the whole range.
    const PER_REQUEST = 10_000;
    t0 = performance.now();
    for (let start = 0; start < SAMPLES; start += PER_REQUEST) {
      const instances = Array.from({ length: PER_REQUEST }, (_, k) => ({ type: 'Property', value: ((start + k) * 37) % 1000, observedAt: new Date(Date.UTC(2024, 0, 1) + (start + k) * 1000).toISOString() }));
      const r = await app.inject({ method: 'POST', url: '/ngsi-ld/v1/temporal/entities', payload: { id: 'urn:ngsi-ld:Meter:bench', type: 'Meter', power: instances }, headers });
      if (r.statusCode >= 300) throw new Error(`temporal write answered ${r.statusCode}: ${r.body}`);
    }
    const temporalWriteRate = SAMPLES / ((performance.now() - t0) / 1000);
    const aggregatedUrl = '/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Meter:bench?attrs=power&options=aggregatedValues&aggrPeriodDuration=PT1H&aggrMethods=';
    const aggregation = await latency(`${aggregatedUrl}avg,max`, 5);
    const aggregationAll = await latency(`${aggregatedUrl}totalCount,sum,avg,min,max,stddev,sumsq`, 5);
    const aggregationDistinct = await latency(`${aggregatedUrl}distinctCount`, 3);
    await app.close();

    printTable('NGSI-LD broker (SQLite WAL, synchronous=FULL; fastify inject unless noted)', [
      { measure: 'raw SQLite insert, 1 transaction (baseline)', value: Math.round(rawRate), unit: 'docs/s', ratio: '1.00', target: '' },
      { measure: `upsert, single requests (${SINGLE})`, value: Math.round(singleRate), unit: 'entities/s', ratio: (singleRate / rawRate).toFixed(3), target: '' },
      { measure: `upsert, batches of ${BATCH} (${ENTITIES})`, value: Math.round(batchRate), unit: 'entities/s', ratio: (batchRate / rawRate).toFixed(3), target: '≥ 20000' },
      { measure: `query by type, limit=100 (${ENTITIES} entities) p50 / p99`, value: `${byType.p50.toFixed(2)} / ${byType.p99.toFixed(2)}`, unit: 'ms', ratio: '', target: 'p99 < 20' },
      { measure: 'query by q (level>98) p50 / p99', value: `${byQ.p50.toFixed(2)} / ${byQ.p99.toFixed(2)}`, unit: 'ms', ratio: '', target: '' },
      { measure: 'query by near (200 m) p50 / p99', value: `${byNear.p50.toFixed(2)} / ${byNear.p99.toFixed(2)}`, unit: 'ms', ratio: '', target: '' },
      { measure: 'notification write → SSE client (real socket) p50 / p99', value: `${percentile(notify, 0.5).toFixed(2)} / ${percentile(notify, 0.99).toFixed(2)}`, unit: 'ms', ratio: '', target: 'p99 < 20' },
      { measure: `temporal writes (${SAMPLES} samples, 10k per request)`, value: Math.round(temporalWriteRate), unit: 'samples/s', ratio: (temporalWriteRate / rawRate).toFixed(3), target: '' },
      { measure: `temporal aggregation avg,max per hour over ${SAMPLES} samples p50`, value: aggregation.p50.toFixed(1), unit: 'ms', ratio: '', target: '< 200 (1 M samples)' },
      { measure: 'temporal aggregation totalCount,sum,avg,min,max,stddev,sumsq per hour p50', value: aggregationAll.p50.toFixed(1), unit: 'ms', ratio: '', target: '< 200 (1 M samples)' },
      { measure: 'temporal aggregation distinctCount per hour (raw samples) p50', value: aggregationDistinct.p50.toFixed(1), unit: 'ms', ratio: '', target: '' },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
