/**
 * The gateway's other ways of hearing about changes, each against real brokers: MQTT notifications
 * through a real mosquitto (started here on a free port; skipped with the reason when
 * /usr/sbin/mosquitto is absent), polling with modifiedAt comparison (a broker that cannot reach
 * the gateway), and the default set-up (embedded broker, HTTP notifications to the same server).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwinServer, type TwinServer } from '../../server/app';
import { changeSignature } from '../../server/gateway/live-gateway';
import { createNgsiClient, openEventStream, type EventStream } from '../../src/ngsi';
import { HAS_MOSQUITTO, startBroker, startMosquitto, waitFor, type RunningBroker } from './brokers';

interface Recorded {
  last: () => string | undefined;
  ids: string[];
  stream: EventStream;
}

function record(url: string): Recorded {
  const statuses: string[] = [];
  const ids: string[] = [];
  const stream = openEventStream({
    url,
    backoffMs: 100,
    onEvent: (event) => {
      if (event.event === 'status') statuses.push((JSON.parse(event.data) as { broker: string }).broker);
      if (event.event === 'entities') ids.push(...(JSON.parse(event.data) as { id: string }[]).map((e) => e.id));
    },
  });
  return { last: () => statuses.at(-1), ids, stream };
}

const light = (id: string, state: string): Record<string, unknown> => ({
  id,
  type: 'Streetlight',
  powerState: { type: 'Property', value: state, observedAt: new Date().toISOString() },
  location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [7.85, 47.99] } },
});

/** Create → event, then an update → event, through the twin at `twin` with the broker at `brokerUrl`. */
async function createAndUpdateReachPage(twin: TwinServer, brokerUrl: string, id: string, withinMs: number): Promise<void> {
  const live = record(`${twin.url}api/live/stream?type=Streetlight`);
  try {
    await waitFor(() => live.last() === 'up', 5000, 'status up');
    const direct = createNgsiClient({ baseUrl: `${brokerUrl}/ngsi-ld/v1`, retries: 0 });
    await direct.createEntity(light(id, 'off'));
    await waitFor(() => live.ids.includes(id), withinMs, `the creation of ${id}`);
    live.ids.length = 0;
    await direct.updateAttributes(id, { powerState: { type: 'Property', value: 'on', observedAt: new Date().toISOString() } });
    await waitFor(() => live.ids.includes(id), withinMs, `the update of ${id}`);
  } finally {
    live.stream.close();
  }
}

describe.skipIf(!HAS_MOSQUITTO)('gateway with MQTT notifications (real mosquitto)', () => {
  let broker: RunningBroker;
  let mosquitto: { url: string; stop(): void };
  let twin: TwinServer;
  beforeAll(async () => {
    mosquitto = await startMosquitto();
    broker = await startBroker();
    twin = await startTwinServer({ port: 0, frontEnd: false, broker: { url: broker.url }, live: { notification: 'mqtt', mqttUrl: mosquitto.url, healthIntervalMs: 200 } });
  });
  afterAll(async () => {
    await twin?.close();
    await broker?.close();
    mosquitto?.stop();
  });

  it('subscribes with an mqtt:// endpoint; notifications reach the page within a second', async () => {
    await createAndUpdateReachPage(twin, broker.url, 'urn:ngsi-ld:Streetlight:mqtt-1', 1000);
    const subs = (await (await fetch(`${broker.url}/ngsi-ld/v1/subscriptions`)).json()) as { notification: { endpoint: { uri: string } } }[];
    expect(subs.length).toBe(1);
    expect(subs[0]?.notification.endpoint.uri.startsWith(`${mosquitto.url}/civic-twin/gateway/`)).toBe(true);
  });
});
if (!HAS_MOSQUITTO) console.warn(`MQTT gateway test SKIPPED: no mosquitto at /usr/sbin/mosquitto (apt-get install mosquitto)`);

describe('gateway polling (broker cannot reach the gateway)', () => {
  let broker: RunningBroker;
  let twin: TwinServer;
  beforeAll(async () => {
    broker = await startBroker();
    twin = await startTwinServer({ port: 0, frontEnd: false, broker: { url: broker.url }, live: { notification: 'poll', pollIntervalMs: 150, healthIntervalMs: 200 } });
  });
  afterAll(async () => {
    await twin?.close();
    await broker?.close();
  });

  it('forwards created and changed entities, makes no subscription', async () => {
    await createAndUpdateReachPage(twin, broker.url, 'urn:ngsi-ld:Streetlight:poll-1', 1500);
    expect((await (await fetch(`${broker.url}/ngsi-ld/v1/subscriptions`)).json()) as unknown[]).toEqual([]);
  });

  it('change signature: modifiedAt, else the latest observedAt, else the content', () => {
    expect(changeSignature({ id: 'a', modifiedAt: '2026-01-01T00:00:00Z', x: { observedAt: '2027-01-01T00:00:00Z' } })).toBe('2026-01-01T00:00:00Z');
    expect(changeSignature({ id: 'a', x: { observedAt: '2026-01-01T00:00:00Z' }, y: [{ observedAt: '2026-02-01T00:00:00Z' }, { observedAt: '2025-01-01T00:00:00Z' }] })).toBe('2026-02-01T00:00:00Z');
    expect(changeSignature({ id: 'a', x: { value: 1 } })).not.toBe(changeSignature({ id: 'a', x: { value: 2 } }));
  });
});

describe('gateway on the embedded broker (default set-up)', () => {
  let twin: TwinServer;
  beforeAll(async () => {
    twin = await startTwinServer({ port: 0, frontEnd: false, live: { healthIntervalMs: 200, maxWatchSets: 2 } });
  });
  afterAll(async () => {
    await twin?.close();
  });

  it('subscribes to the broker on the same server and streams its changes', async () => {
    await createAndUpdateReachPage(twin, twin.url.replace(/\/$/, ''), 'urn:ngsi-ld:Streetlight:embedded-1', 1000);
    const status = (await (await fetch(`${twin.url}api/live/status`)).json()) as { broker: string; external: boolean; subscriptions: number };
    expect(status).toMatchObject({ broker: 'up', external: false, subscriptions: 1 });
  });

  it('watch sets are bounded: one more distinct set is a 429 ProblemDetails', async () => {
    const open = new AbortController();
    // The first test made one set (Streetlight); a second one is allowed, a third is refused.
    const second = await fetch(`${twin.url}api/live/stream?type=WasteContainer`, { signal: open.signal });
    expect(second.status).toBe(200);
    const third = await fetch(`${twin.url}api/live/stream?type=ParkingSpot`);
    expect(third.status).toBe(429);
    expect(((await third.json()) as { type: string }).type).toBe('urn:civic-twin:gateway:TooManyWatchSets');
    open.abort();
  });

  it('a stream without ?type= is a 400 ProblemDetails', async () => {
    const response = await fetch(`${twin.url}api/live/stream`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/type/);
  });
});
