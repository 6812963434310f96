import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBroker, postEntity, type TestBroker } from './broker-app';

let t: TestBroker;
let receiver: Server;
let receiverUrl = '';
const received: { headers: Record<string, unknown>; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  t = await createTestBroker();
  receiver = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(text) as Record<string, unknown> });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/notify`;
});
afterAll(async () => {
  await t.app.close();
  await new Promise((r) => receiver.close(r));
});

const h = { 'content-type': 'application/json' };

async function waitFor<T>(probe: () => T | undefined, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('subscriptions', () => {
  it('validates, creates, reads, patches and deletes', async () => {
    const bad = await t.json({ method: 'POST', url: '/ngsi-ld/v1/subscriptions', payload: { type: 'Subscription', notification: { endpoint: { uri: receiverUrl } } }, headers: h });
    expect(bad.status).toBe(400);
    const created = await t.req({ method: 'POST', url: '/ngsi-ld/v1/subscriptions', payload: { id: 'urn:ngsi-ld:Subscription:a', type: 'Subscription', entities: [{ type: 'Room' }], notification: { endpoint: { uri: receiverUrl } } }, headers: h });
    expect(created.statusCode).toBe(201);
    const dup = await t.req({ method: 'POST', url: '/ngsi-ld/v1/subscriptions', payload: { id: 'urn:ngsi-ld:Subscription:a', type: 'Subscription', entities: [{ type: 'Room' }], notification: { endpoint: { uri: receiverUrl } } }, headers: h });
    expect(dup.statusCode).toBe(409);
    const got = await t.json({ method: 'GET', url: '/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:a' });
    expect(got.body).toMatchObject({ id: 'urn:ngsi-ld:Subscription:a', status: 'active', isActive: true, notification: { status: 'ok', format: 'normalized' }, jsonldContext: 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld' });
    expect((await t.req({ method: 'PATCH', url: '/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:a', payload: { isActive: false }, headers: h })).statusCode).toBe(204);
    expect((await t.json({ method: 'GET', url: '/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:a' })).body).toMatchObject({ status: 'paused' });
    expect(((await t.json({ method: 'GET', url: '/ngsi-ld/v1/subscriptions' })).body as unknown[]).length).toBe(1);
    expect((await t.req({ method: 'DELETE', url: '/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:a' })).statusCode).toBe(204);
    expect((await t.req({ method: 'GET', url: '/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:a' })).statusCode).toBe(404);
  });

  it('notifies by HTTP POST with watchedAttributes, q, showChanges and counters', async () => {
    received.length = 0;
    await t.req({ method: 'POST', url: '/ngsi-ld/v1/subscriptions', payload: { id: 'urn:ngsi-ld:Subscription:b', type: 'Subscription', entities: [{ type: 'Lamp' }], watchedAttributes: ['power'], q: 'power>10', notification: { attributes: ['power'], format: 'keyValues', showChanges: false, endpoint: { uri: receiverUrl } } }, headers: h });
    await postEntity(t, { id: 'urn:ngsi-ld:Lamp:1', type: 'Lamp', power: { type: 'Property', value: 5 }, colour: { type: 'Property', value: 'white' } });
    const url = '/ngsi-ld/v1/entities/urn:ngsi-ld:Lamp:1/attrs';
    await t.req({ method: 'PATCH', url, payload: { colour: { type: 'Property', value: 'red' } }, headers: h });
    await t.req({ method: 'PATCH', url, payload: { power: { type: 'Property', value: 20 } }, headers: h });
    const n = await waitFor(() => received[0]);
    expect(n.body).toMatchObject({ type: 'Notification', subscriptionId: 'urn:ngsi-ld:Subscription:b', data: [{ id: 'urn:ngsi-ld:Lamp:1', type: 'Lamp', power: 20 }] });
    expect((n.body['data'] as Record<string, unknown>[])[0]?.['colour']).toBeUndefined();
    expect(String(n.headers['link'])).toContain('ngsi-ld-core-context');
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toHaveLength(1);
    const sub = await t.json({ method: 'GET', url: '/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:b' });
    expect(sub.body).toMatchObject({ notification: { timesSent: 1, status: 'ok' } });
    expect(typeof (sub.body as { notification: Record<string, unknown> }).notification['lastSuccess']).toBe('string');
  });

  it('honours throttling, notificationTrigger (entityDeleted), geoQ and expiresAt', async () => {
    received.length = 0;
    const sub = (id: string, extra: Record<string, unknown>): Promise<unknown> => t.req({ method: 'POST', url: '/ngsi-ld/v1/subscriptions', payload: { id, type: 'Subscription', entities: [{ type: 'Car' }], notification: { endpoint: { uri: receiverUrl } }, ...extra }, headers: h });
    await sub('urn:ngsi-ld:Subscription:throttled', { throttling: 60 });
    await sub('urn:ngsi-ld:Subscription:deleted', { notificationTrigger: ['entityDeleted'] });
    await sub('urn:ngsi-ld:Subscription:geo', { geoQ: { georel: 'near;maxDistance==1000', geometry: 'Point', coordinates: [6.14, 46.2] } });
    await sub('urn:ngsi-ld:Subscription:expiring', { expiresAt: new Date(Date.now() + 300).toISOString() });
    await new Promise((r) => setTimeout(r, 400));
    await postEntity(t, { id: 'urn:ngsi-ld:Car:1', type: 'Car', location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [6.141, 46.2] } } });
    await postEntity(t, { id: 'urn:ngsi-ld:Car:2', type: 'Car', location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [7, 47] } } });
    await t.req({ method: 'DELETE', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Car:2' });
    await new Promise((r) => setTimeout(r, 300));
    const bySub = (id: string): Record<string, unknown>[] => received.filter((n) => n.body['subscriptionId'] === id).map((n) => n.body);
    expect(bySub('urn:ngsi-ld:Subscription:throttled')).toHaveLength(1);
    expect(bySub('urn:ngsi-ld:Subscription:geo').map((n) => (n['data'] as { id: string }[])[0]?.id)).toEqual(['urn:ngsi-ld:Car:1']);
    const deleted = bySub('urn:ngsi-ld:Subscription:deleted');
    expect(deleted).toHaveLength(1);
    expect((deleted[0]?.['data'] as Record<string, unknown>[])[0]).toMatchObject({ id: 'urn:ngsi-ld:Car:2', deletedAt: expect.any(String) as unknown });
    expect(bySub('urn:ngsi-ld:Subscription:expiring')).toHaveLength(0);
    expect((await t.json({ method: 'GET', url: '/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:expiring' })).body).toMatchObject({ status: 'expired' });
  });

  it('streams the same notifications over Server-Sent Events', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    await t.req({ method: 'POST', url: '/ngsi-ld/v1/subscriptions', payload: { id: 'urn:ngsi-ld:Subscription:sse', type: 'Subscription', entities: [{ type: 'Bin' }], notification: { endpoint: { uri: 'urn:civic-twin:sse' } } }, headers: h });
    const controller = new AbortController();
    const response = await fetch(`${address}/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:sse/events`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await postEntity(t, { id: 'urn:ngsi-ld:Bin:1', type: 'Bin', fill: { type: 'Property', value: 0.7 } });
    let text = '';
    while (!text.includes('event: notification')) text += new TextDecoder().decode((await reader.read()).value);
    while (!text.endsWith('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    const data = /data: (.*)\n/.exec(text)?.[1];
    expect(JSON.parse(data ?? '{}')).toMatchObject({ type: 'Notification', data: [{ id: 'urn:ngsi-ld:Bin:1', fill: { value: 0.7 } }] });
    controller.abort();
  });
});

const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((p) => existsSync(p));

describe.skipIf(MOSQUITTO === undefined)('MQTT notifications (Debian mosquitto; skipped when the binary is absent)', () => {
  let mosquitto: ChildProcess;
  let port = 0;
  beforeAll(async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    mosquitto = spawn(MOSQUITTO as string, ['-p', String(port)], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 300));
  });
  afterAll(() => {
    mosquitto.kill('SIGTERM');
  });
  it('publishes { metadata, body } to the topic of an mqtt:// endpoint', async () => {
    const { connectAsync } = await import('mqtt');
    const client = await connectAsync(`mqtt://127.0.0.1:${port}`);
    const messages: string[] = [];
    client.on('message', (_topic, payload) => messages.push(payload.toString()));
    await client.subscribeAsync('city/notify');
    await t.req({ method: 'POST', url: '/ngsi-ld/v1/subscriptions', payload: { type: 'Subscription', entities: [{ type: 'Tree' }], notification: { endpoint: { uri: `mqtt://127.0.0.1:${port}/city/notify` } } }, headers: h });
    await postEntity(t, { id: 'urn:ngsi-ld:Tree:1', type: 'Tree', height: { type: 'Property', value: 12 } });
    const message = await waitFor(() => messages[0], 5000);
    expect(JSON.parse(message)).toMatchObject({ metadata: { 'Content-Type': 'application/json' }, body: { type: 'Notification', data: [{ id: 'urn:ngsi-ld:Tree:1' }] } });
    await client.endAsync();
  });
});
