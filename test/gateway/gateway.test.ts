/**
 * The same-origin gateway against real brokers started in process: the embedded broker plugin on
 * its own port acts as the external broker (`startTwinServer({ broker })`, like `npm start --
 * --broker <url>`). Proxy pass-through, create → notification → SSE event within a second, broker
 * stopped → status down + 502 ProblemDetails, broker restarted on the same port → re-subscribed and
 * events flow again, subscriptions deleted on shutdown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwinServer, type TwinServer } from '../../server/app';
import { createNgsiClient, openEventStream, type EventStream, type NgsiClient } from '../../src/ngsi';
import { startBroker, waitFor, type RunningBroker } from './brokers';

interface Recorded {
  statuses: { broker: string; error: string | null }[];
  entities: { id: string; [k: string]: unknown }[];
  heartbeats: number;
  stream: EventStream;
}

function record(url: string): Recorded {
  const out: Omit<Recorded, 'stream'> = { statuses: [], entities: [], heartbeats: 0 };
  const stream = openEventStream({
    url,
    backoffMs: 100,
    onComment: (text) => {
      if (text === 'heartbeat') out.heartbeats++;
    },
    onEvent: (event) => {
      if (event.event === 'status') out.statuses.push(JSON.parse(event.data) as Recorded['statuses'][number]);
      if (event.event === 'entities') out.entities.push(...(JSON.parse(event.data) as Recorded['entities']));
    },
  });
  return Object.assign(out, { stream });
}

const bin = (id: string, fill: number): Record<string, unknown> => ({
  id,
  type: 'WasteContainer',
  fillingLevel: { type: 'Property', value: fill, observedAt: new Date().toISOString(), unitCode: 'C62' },
  location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [7.85, 47.99] } },
});

describe('gateway to an external broker (HTTP notifications)', () => {
  let broker: RunningBroker;
  let twin: TwinServer;
  let direct: NgsiClient;
  let viaGateway: NgsiClient;
  let live: Recorded;

  beforeAll(async () => {
    broker = await startBroker();
    twin = await startTwinServer({ port: 0, frontEnd: false, broker: { url: broker.url }, live: { healthIntervalMs: 200, probeTimeoutMs: 500, heartbeatMs: 300 } });
    direct = createNgsiClient({ baseUrl: `${broker.url}/ngsi-ld/v1`, retries: 0 });
    viaGateway = createNgsiClient({ baseUrl: `${twin.url}ngsi-ld/v1`, retries: 0 });
  });
  afterAll(async () => {
    live?.stream.close();
    await twin?.close();
    await broker?.close();
  });

  it('proxies /ngsi-ld/* to the broker, passing headers and bodies through', async () => {
    await viaGateway.createEntity(bin('urn:ngsi-ld:WasteContainer:g1', 0.25));
    expect((await direct.getEntity('urn:ngsi-ld:WasteContainer:g1')).attributes['fillingLevel']?.[0]?.value).toBe(0.25);
    const response = await fetch(`${twin.url}ngsi-ld/v1/entities?type=WasteContainer&count=true`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('ngsild-results-count')).toBe('1');
    // A tenant header reaches the broker: an unknown tenant is the broker's own answer.
    const tenant = await fetch(`${twin.url}ngsi-ld/v1/entities?type=WasteContainer`, { headers: { 'ngsild-tenant': 'nobody' } });
    const direct404 = await fetch(`${broker.url}/ngsi-ld/v1/entities?type=WasteContainer`, { headers: { 'ngsild-tenant': 'nobody' } });
    expect(tenant.status).toBe(direct404.status);
    expect(await tenant.json()).toEqual(await direct404.json());
    const missing = await fetch(`${twin.url}ngsi-ld/v1/entities/urn:x:none`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { type: string }).type).toMatch(/ResourceNotFound/);
  });

  it('a change in the broker reaches the page stream within a second', async () => {
    live = record(`${twin.url}api/live/stream?type=WasteContainer,Streetlight&attrs=fillingLevel,location`);
    await waitFor(() => live.statuses.some((s) => s.broker === 'up'), 5000, 'status up');
    const started = Date.now();
    await direct.updateAttributes('urn:ngsi-ld:WasteContainer:g1', { fillingLevel: { type: 'Property', value: 0.5, observedAt: new Date().toISOString() } });
    const ms = await waitFor(() => live.entities.some((e) => e.id === 'urn:ngsi-ld:WasteContainer:g1'), 1000, 'the entities event');
    expect(Date.now() - started).toBeLessThan(1000);
    const entity = live.entities.find((e) => e.id === 'urn:ngsi-ld:WasteContainer:g1');
    expect((entity?.['fillingLevel'] as { value: number }).value).toBe(0.5);
    expect(ms).toBeLessThan(1000);
    console.log(`gateway: broker update → page SSE event in ${Date.now() - started} ms`);
    await waitFor(() => live.heartbeats > 0, 2000, 'a heartbeat comment');
    // Someone else posting a notification to the gateway is refused and reaches no page.
    const forged = await fetch(`${twin.url}api/live/notify/guess/0`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: [{ id: 'urn:forged', type: 'WasteContainer' }] }) });
    expect(forged.status).toBe(404);
    const status = (await (await fetch(`${twin.url}api/live/status`)).json()) as { broker: string; subscriptions: number; external: boolean };
    expect(status).toMatchObject({ broker: 'up', subscriptions: 1, external: true });
    expect(live.entities.some((e) => e.id === 'urn:forged')).toBe(false);
  });

  it('broker stopped → status down to pages and 502 ProblemDetails naming the broker', async () => {
    await broker.close();
    await waitFor(() => live.statuses.at(-1)?.broker === 'down', 3000, 'status down');
    expect(live.statuses.at(-1)?.error).toContain(broker.url);
    const response = await fetch(`${twin.url}ngsi-ld/v1/entities?type=WasteContainer`);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toMatch(/json/);
    const problem = (await response.json()) as { type: string; status: number; detail: string; broker: string };
    expect(problem).toMatchObject({ status: 502, broker: broker.url });
    expect(problem.detail).toMatch(/not reachable: .*ECONNREFUSED/);
  });

  it('broker restarted on the same port → re-subscribed, events flow again', async () => {
    broker = await startBroker(broker.port);
    await waitFor(() => live.statuses.at(-1)?.broker === 'up', 5000, 'status up again');
    // The restarted broker (in memory) had lost the subscription: the gateway made it again.
    const subs = (await (await fetch(`${broker.url}/ngsi-ld/v1/subscriptions`)).json()) as unknown[];
    expect(subs.length).toBe(1);
    live.entities.length = 0;
    await direct.createEntity(bin('urn:ngsi-ld:WasteContainer:g2', 0.1));
    await waitFor(() => live.entities.some((e) => e.id === 'urn:ngsi-ld:WasteContainer:g2'), 1000, 'an event after the restart');
  });

  it('deletes its subscriptions on shutdown', async () => {
    live.stream.close();
    await twin.close();
    const subs = (await (await fetch(`${broker.url}/ngsi-ld/v1/subscriptions`)).json()) as unknown[];
    expect(subs).toEqual([]);
  });
});

describe('gateway start-up on a broker with leftovers of a killed run', () => {
  let broker: RunningBroker;
  let twin: TwinServer;
  afterAll(async () => {
    await twin?.close();
    await broker?.close();
  });

  it('deletes its own leftover subscriptions (same notification address), keeps everyone else’s', async () => {
    broker = await startBroker();
    const direct = createNgsiClient({ baseUrl: `${broker.url}/ngsi-ld/v1`, retries: 0 });
    const notifyUrl = 'http://127.0.0.1:9';
    const leftover = await direct.createSubscription({ description: 'Civic Twin live gateway', entities: [{ type: 'Streetlight' }], notification: { endpoint: { uri: `${notifyUrl}/api/live/notify/old-run-key/0` } } });
    const foreign = await direct.createSubscription({ description: 'Civic Twin live gateway', entities: [{ type: 'Streetlight' }], notification: { endpoint: { uri: 'http://127.0.0.1:10/api/live/notify/0' } } });
    const other = await direct.createSubscription({ description: 'someone else', entities: [{ type: 'Streetlight' }], notification: { endpoint: { uri: `${notifyUrl}/api/live/notify/0` } } });
    twin = await startTwinServer({ port: 0, frontEnd: false, broker: { url: broker.url }, live: { notifyUrl, healthIntervalMs: 100 } });
    let up = false;
    for (let k = 0; k < 50 && !up; k++) {
      up = ((await (await fetch(`${twin.url}api/live/status`)).json()) as { broker: string }).broker === 'up';
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(up).toBe(true);
    const ids = ((await (await fetch(`${broker.url}/ngsi-ld/v1/subscriptions`)).json()) as { id: string }[]).map((s) => s.id);
    expect(ids).not.toContain(leftover);
    expect(ids).toContain(foreign);
    expect(ids).toContain(other);
  });
});
