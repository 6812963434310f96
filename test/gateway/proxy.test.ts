/**
 * The /ngsi-ld/* proxy's routing and failure answers: the temporal API to its own service
 * (`--temporal`), the configured token added when a request has none (a broker that requires
 * one), and a broker that accepts connections but never answers → 504 ProblemDetails.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { startTwinServer, type TwinServer } from '../../server/app';
import { brokerPlugin } from '../../server/broker/plugin';
import { publishEntities } from '../../server/sensors/publisher';
import { startBroker, type RunningBroker } from './brokers';

const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

async function twinFor(broker: Parameters<typeof startTwinServer>[0]): Promise<TwinServer> {
  const twin = await startTwinServer({ port: 0, frontEnd: false, ...broker });
  closers.push(() => twin.close());
  return twin;
}

describe('gateway proxy routing and failures', () => {
  it('sends /ngsi-ld/v1/temporal/* to the temporal service, the rest to the broker', async () => {
    const main: RunningBroker = await startBroker();
    const temporal: RunningBroker = await startBroker();
    closers.push(() => main.close(), () => temporal.close());
    const at = new Date().toISOString();
    await publishEntities(temporal.app, [{ id: 'urn:ngsi-ld:Streetlight:t1', type: 'Streetlight', powerState: { type: 'Property', value: 'on', observedAt: at } }]);
    const twin = await twinFor({ broker: { url: main.url, temporalUrl: temporal.url } });
    const history = await fetch(`${twin.url}ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Streetlight:t1`);
    expect(history.status).toBe(200);
    expect(((await history.json()) as { id: string }).id).toBe('urn:ngsi-ld:Streetlight:t1');
    // The same id is not in the main broker.
    expect((await fetch(`${twin.url}ngsi-ld/v1/entities/urn:ngsi-ld:Streetlight:t1`)).status).toBe(404);
  });

  it('adds the configured Bearer token when the request carries none', async () => {
    const app = Fastify({ logger: false });
    await app.register(brokerPlugin, { dbPath: ':memory:', tokens: { write: ['s3cret'], read: ['s3cret'] } });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    const entity = JSON.stringify({ id: 'urn:ngsi-ld:Streetlight:tok', type: 'Streetlight', powerState: { type: 'Property', value: 'on' } });
    const headers = { 'content-type': 'application/json' };
    expect((await fetch(`${address}/ngsi-ld/v1/entities`, { method: 'POST', headers, body: entity })).status).toBe(401);
    const twin = await twinFor({ broker: { url: address, token: 's3cret' } });
    expect((await fetch(`${twin.url}ngsi-ld/v1/entities`, { method: 'POST', headers, body: entity })).status).toBe(201);
    expect((await fetch(`${twin.url}ngsi-ld/v1/entities/urn:ngsi-ld:Streetlight:tok`)).status).toBe(200);
    // A request's own (wrong) token is passed unchanged: the broker's answer, not the gateway's.
    expect((await fetch(`${twin.url}ngsi-ld/v1/entities/urn:ngsi-ld:Streetlight:tok`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('a broker that never answers → 504 ProblemDetails naming it', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    closers.push(async () => {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    });
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const twin = await twinFor({ broker: { url, timeoutMs: 300 }, live: { healthIntervalMs: 60_000 } });
    const response = await fetch(`${twin.url}ngsi-ld/v1/entities?type=Streetlight`);
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({ type: 'urn:civic-twin:gateway:BrokerTimeout', title: 'Gateway Timeout', status: 504, detail: `the NGSI-LD broker ${url} did not answer within 0.3 s`, broker: url });
  });
});
