/** Test helper: a fastify app with the broker plugin on an in-memory (or temp-file) database. */
import Fastify, { type FastifyInstance, type InjectOptions, type LightMyRequestResponse } from 'fastify';
import { brokerPlugin, type BrokerPluginOptions } from '../../server/broker/plugin';
import type { Broker } from '../../server/broker/broker';

export const LD = 'application/ld+json';
export const CORE = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld';

export interface TestBroker {
  app: FastifyInstance;
  broker: Broker;
  req(options: InjectOptions): Promise<LightMyRequestResponse>;
  json(options: InjectOptions): Promise<{ status: number; body: unknown; headers: Record<string, unknown> }>;
}

export async function createTestBroker(options: Partial<BrokerPluginOptions> = {}): Promise<TestBroker> {
  const app = Fastify({ logger: false });
  let broker: Broker | undefined;
  await app.register(brokerPlugin, { dbPath: ':memory:', contextTimeoutMs: 300, ...options, onReady: (b) => (broker = b) });
  await app.ready();
  if (broker === undefined) throw new Error('broker plugin did not start');
  const req = (o: InjectOptions): Promise<LightMyRequestResponse> => app.inject(o);
  return {
    app,
    broker,
    req,
    async json(o) {
      const r = await req(o);
      return { status: r.statusCode, body: r.body === '' ? undefined : (JSON.parse(r.body) as unknown), headers: r.headers };
    },
  };
}

/** POST an entity as application/json (core context). */
export function postEntity(t: TestBroker, entity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return t.req({ method: 'POST', url: '/ngsi-ld/v1/entities', payload: entity, headers: { 'content-type': 'application/json', ...headers } });
}
