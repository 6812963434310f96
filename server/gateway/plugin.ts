/**
 * The same-origin gateway (issue 5) as one registration on the twin's fastify app:
 * - with an external broker: the /ngsi-ld/* proxy (./proxy), instead of the embedded broker;
 * - always: the page's live stream GET /api/live/stream?type=A,B&attrs=x,y[&context=URL]
 *   (Server-Sent Events `status`, `entities`, keep-alive comments), the notification endpoint
 *   POST /api/live/notify/{key}/{n} the broker's subscriptions call (404 for a wrong key), and GET /api/live/status.
 * The gateway starts watching the broker once the server listens (it needs its own address: the
 * embedded broker's and the default notification URL) and is closed before the app closes
 * (closeLiveGateway) so that its subscriptions are deleted while the broker still answers.
 */
import type { FastifyInstance } from 'fastify';
import { LiveGateway, type LiveGatewayOptions } from './live-gateway';
import { registerNgsiProxy, type ExternalBroker } from './proxy';

export type { ExternalBroker } from './proxy';
export type { LiveGatewayOptions, NotificationMode } from './live-gateway';

const gateways = new WeakMap<FastifyInstance, LiveGateway>();

/** The gateway registered on an app (tests, startTwinServer's close). */
export function liveGatewayOf(app: FastifyInstance): LiveGateway | undefined {
  return gateways.get(app);
}

/** Deletes the gateway's subscriptions and ends its streams; call before app.close(). */
export async function closeLiveGateway(app: FastifyInstance): Promise<void> {
  await gateways.get(app)?.close();
}

function list(value: unknown): string[] | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function ownUrl(app: FastifyInstance): string | undefined {
  const address = app.addresses()[0];
  if (address === undefined || typeof address === 'string') return undefined;
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** Registers the gateway on `app` (at the root, so its onListen/preClose hooks see the server). */
export async function registerGateway(app: FastifyInstance, broker: ExternalBroker | undefined, options: LiveGatewayOptions = {}): Promise<LiveGateway> {
  const gateway = new LiveGateway(options, broker ?? null);
  gateways.set(app, gateway);
  if (broker !== undefined) await registerNgsiProxy(app, broker, () => gateway.reportFailure());

  app.addHook('onListen', async () => {
    const url = ownUrl(app);
    if (url !== undefined) gateway.start(url);
  });
  // Open event streams would keep the server from closing; external subscriptions are deleted here too.
  app.addHook('preClose', async () => {
    await gateway.close();
  });

  await app.register(async (scope) => {
    scope.addContentTypeParser(['application/ld+json', 'application/geo+json'], { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, JSON.parse(typeof body === 'string' ? body : body.toString('utf8')));
      } catch (error) {
        done(error as Error, undefined);
      }
    });

    scope.get('/api/live/stream', async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const types = list(query['type']);
      if (types === undefined) {
        return reply.code(400).send({ type: 'https://uri.etsi.org/ngsi-ld/errors/BadRequestData', title: 'Bad Request', status: 400, detail: "GET /api/live/stream needs ?type=<entity type>[,<type>…]" });
      }
      const attrs = list(query['attrs']);
      const context = typeof query['context'] === 'string' && query['context'] !== '' ? query['context'] : undefined;
      const watch = gateway.watch({ types, ...(attrs === undefined ? {} : { attrs }), ...(context === undefined ? {} : { context }) });
      if (watch === null) {
        return reply.code(429).send({ type: 'urn:civic-twin:gateway:TooManyWatchSets', title: 'Too Many Requests', status: 429, detail: 'the live gateway already watches its maximum number of different type/attribute sets; ask for one of those' });
      }
      const { key, ready } = watch;
      // Wait (briefly) for the subscription, so a page told "up" misses no change.
      await Promise.race([ready, new Promise((r) => setTimeout(r, 3000).unref())]);
      // The page may have gone while waiting: no stream to attach (its close event is past).
      if (request.raw.destroyed || reply.raw.destroyed) return reply.code(499).send();
      reply.hijack();
      gateway.hub.attach(key, reply.raw, gateway.status, () => undefined);
      return reply;
    });

    scope.post('/api/live/notify/:key/:index', async (request, reply) => {
      const params = request.params as { key: string; index: string };
      const known = gateway.notify(params.key, Number(params.index), request.body);
      return reply.code(known ? 204 : 404).send();
    });

    scope.get('/api/live/status', async () => ({
      ...gateway.status,
      brokerUrl: gateway.brokerRoot,
      external: gateway.broker !== null,
      notification: gateway.mode,
      subscriptions: gateway.subscriptionIds.length,
      pages: gateway.hub.size,
    }));
  });
  return gateway;
}
