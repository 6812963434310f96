/**
 * The client live against the embedded broker (startTwinServer, API only, port 0): create, query
 * with pagination, subscribe and receive a notification over SSE, the sensor simulator publishing
 * and the client reading the values back; a dead broker → typed error after bounded retries.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwinServer, type TwinServer } from '../../server/app';
import { createSensorSimulator } from '../../server/sensors/simulator';
import { generateDemoDistrict } from '../../src/twin/demo';
import { NgsiError, createNgsiClient, observe, pointOf, type NgsiClient } from '../../src/ngsi';

describe('NGSI-LD client against the embedded broker', () => {
  let server: TwinServer;
  let client: NgsiClient;
  beforeAll(async () => {
    server = await startTwinServer({ port: 0, frontEnd: false, sensors: { rateS: 3600, seed: 3 } });
    client = createNgsiClient({ baseUrl: `${server.url}ngsi-ld/v1`, pageSize: 7, retries: 1, backoffMs: 10 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates entities and reads them back over several pages (Link next / offset + count)', async () => {
    const bins = Array.from({ length: 20 }, (_, i) => ({ id: `urn:ngsi-ld:Bin:${String(i).padStart(2, '0')}`, type: 'Bin', fill: { type: 'Property', value: i / 20, observedAt: '2026-01-01T00:00:00Z', unitCode: 'C62' }, location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [7.85, 48, 300] } } }));
    await client.createEntity(bins[0] ?? {});
    expect((await client.batchUpsert(bins.slice(1))).errors).toEqual([]);
    let pages = 0;
    const seen: string[] = [];
    for await (const page of client.queryPages({ type: 'Bin', attrs: ['fill', 'location'] })) {
      pages++;
      seen.push(...page.map((e) => e.id));
    }
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(bins.map((b) => b.id));
    const one = await client.getEntity('urn:ngsi-ld:Bin:05', { attrs: ['fill', 'location'] });
    expect(observe(one, 'fill')).toEqual({ value: 0.25, observedAt: '2026-01-01T00:00:00.000Z', timeSource: 'observedAt', unitCode: 'C62' });
    expect(pointOf(one)).toEqual({ lonDeg: 7.85, latDeg: 48, heightM: 300 });
    for (const format of ['concise', 'simplified', 'geojson'] as const) {
      const e = await client.getEntity('urn:ngsi-ld:Bin:05', { format });
      expect(e.attributes['fill']?.[0]?.value, format).toBe(0.25);
    }
    expect((await client.queryEntities({ type: 'Bin', max: 10 })).length).toBe(10);
  });

  it('missing entity → typed NgsiError with a message in words', async () => {
    const error = await client.getEntity('urn:ngsi-ld:Bin:none').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NgsiError);
    expect((error as NgsiError).kind).toBe('ResourceNotFound');
    expect((error as NgsiError).message).toMatch(/not found/);
  });

  it('subscribes and receives a notification over SSE', async () => {
    const id = await client.createSubscription({ entities: [{ type: 'Bin' }], watchedAttributes: ['fill'], notification: { endpoint: { uri: 'urn:civic-twin:sse' } } });
    const controller = new AbortController();
    const stream = client.notifications(id, controller.signal);
    const first = stream.next();
    await new Promise((r) => setTimeout(r, 100));
    await client.updateAttributes('urn:ngsi-ld:Bin:03', { fill: { type: 'Property', value: 0.99 } });
    const n = await first;
    controller.abort();
    expect(n.done).toBe(false);
    expect(n.value?.subscriptionId).toBe(id);
    expect(n.value?.data[0]?.id).toBe('urn:ngsi-ld:Bin:03');
    expect(n.value?.data[0]?.attributes['fill']?.[0]?.value).toBe(0.99);
    await client.deleteSubscription(id);
  });

  it('reads back what the sensor simulator published, equal to the simulator at the observation time', async () => {
    let traffic = await client.queryEntities({ type: 'TrafficFlowObserved', attrs: ['intensity', 'dateObserved', 'location'] });
    for (let i = 0; i < 50 && traffic.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      traffic = await client.queryEntities({ type: 'TrafficFlowObserved', attrs: ['intensity', 'dateObserved', 'location'] });
    }
    expect(traffic.length).toBeGreaterThan(0);
    const sim = createSensorSimulator({ model: generateDemoDistrict(), seed: 3 });
    for (const e of traffic) {
      const o = observe(e, 'intensity');
      const expected = sim.snapshot(Date.parse(o?.observedAt ?? '')).find((x) => x.id === e.id);
      expect(o?.value).toBe((expected?.['intensity'] as { value: number }).value);
      expect(pointOf(e)).toBeDefined();
    }
    const noise = await client.queryEntities({ type: 'NoiseLevelObserved', attrs: ['LAeq'] });
    expect(noise.map((e) => observe(e, 'LAeq')?.unitCode)).toContain('2N');
    const history = await client.getTemporal(traffic[0]?.id ?? '', { attrs: ['intensity'], lastN: 5 });
    expect(history.attributes['intensity']?.length).toBeGreaterThanOrEqual(1);
  });
});

describe('NGSI-LD client against a dead or failing broker', () => {
  it('a closed port → NgsiError Unavailable after bounded retries', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const client = createNgsiClient({ baseUrl: `http://127.0.0.1:${port}/ngsi-ld/v1`, retries: 2, backoffMs: 5, fetch: counting });
    const started = Date.now();
    const error = await client.queryEntities({ type: 'X' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NgsiError);
    expect((error as NgsiError).kind).toBe('Unavailable');
    expect((error as NgsiError).message).toMatch(/not reachable.*3 attempt/);
    expect(calls).toBe(3);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('retries a 503 with backoff and succeeds; a ProblemDetails 5xx after the retries is typed', async () => {
    let calls = 0;
    const flaky: typeof fetch = () => {
      calls++;
      return Promise.resolve(calls < 3 ? new Response(JSON.stringify({ type: 'https://uri.etsi.org/ngsi-ld/errors/InternalError', title: 'busy' }), { status: 503 }) : new Response('[]', { status: 200 }));
    };
    expect(await createNgsiClient({ baseUrl: 'http://x/ngsi-ld/v1', backoffMs: 1, fetch: flaky }).queryEntities({ type: 'X' })).toEqual([]);
    expect(calls).toBe(3);
    calls = 0;
    const failing: typeof fetch = () => {
      calls++;
      return Promise.resolve(new Response(JSON.stringify({ type: 'https://uri.etsi.org/ngsi-ld/errors/InternalError', detail: 'disk full' }), { status: 500 }));
    };
    const error = await createNgsiClient({ baseUrl: 'http://x/ngsi-ld/v1', retries: 2, backoffMs: 1, fetch: failing }).getEntity('urn:a').catch((e: unknown) => e);
    expect(calls).toBe(3);
    expect((error as NgsiError).kind).toBe('InternalError');
    expect((error as NgsiError).message).toBe('GET /entities/urn%3Aa: the broker had an internal error (HTTP 500) — disk full');
  });

  it('sends the viewer context as a Link header, the tenant and the token', async () => {
    let seen: Headers | undefined;
    const spy: typeof fetch = (_input, init) => {
      seen = new Headers(init?.headers);
      return Promise.resolve(new Response('[]', { status: 200 }));
    };
    await createNgsiClient({ baseUrl: 'http://x/ngsi-ld/v1', contextUrl: 'http://ctx/c.jsonld', token: () => 'T', fetch: spy }).withTenant('city').queryEntities({ type: 'X' });
    expect(seen?.get('link')).toBe('<http://ctx/c.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"');
    expect(seen?.get('ngsild-tenant')).toBe('city');
    expect(seen?.get('authorization')).toBe('Bearer T');
  });
});
