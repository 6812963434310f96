/**
 * The embedded NGSI-LD context broker as a fastify plugin: everything under /ngsi-ld/v1
 * (ETSI GS CIM 009 V1.8.1 clause 6). Register it on an app (server/app.ts) or run it alone
 * (server/broker/main.ts). Errors are answered as ProblemDetails from ./errors.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Broker, type BrokerLimits } from './broker';
import { BrokerError, type ErrorCode } from './errors';
import { parseJsonBody } from './routes/http';
import { entityRoutes } from './routes/entities';
import { batchRoutes } from './routes/batch';
import { typeRoutes } from './routes/types';
import { contextRoutes } from './routes/contexts';
import { subscriptionRoutes } from './routes/subscriptions';
import { SubscriptionManager } from './subs/subscription-manager';
import { temporalRoutes } from './routes/temporal';
import { temporalOperationRoutes } from './routes/temporal-operations';

export interface BrokerTokens {
  /** Bearer tokens allowed to write (and read). */
  write?: string[];
  /** Bearer tokens allowed to read only (a kiosk role); when absent, reads are public. */
  read?: string[];
}

export interface BrokerPluginOptions {
  /** SQLite file of the default tenant (":memory:" for tests). */
  dbPath: string;
  /** Folder for per-tenant SQLite files (default `<dbPath>.tenants`). */
  tenantsDir?: string;
  /** Write/read tokens; no `write` list = writes are open (local laptop use). */
  tokens?: BrokerTokens;
  /** Folder where fetched remote @contexts are cached across restarts. */
  contextCacheDir?: string;
  /** Pre-loaded @context documents by URL (offline fixtures). */
  contextDocuments?: ReadonlyMap<string, unknown>;
  /** Replaces the HTTP fetch of remote @contexts (offline test set-ups). */
  contextFetcher?: (url: string, signal: AbortSignal) => Promise<unknown>;
  /** Remote @context fetch time-out in ms (default 5000). */
  contextTimeoutMs?: number;
  limits?: Partial<BrokerLimits>;
  /** CORS: allowed origin(s) ('*' for any); absent = no CORS headers. */
  corsOrigin?: string;
  /** Receives the broker instance (tests, benchmarks). */
  onReady?: (broker: Broker) => void;
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/** Writes = anything but GET/HEAD/OPTIONS, except a query POST (entityOperations/query, temporal too). */
function isWrite(request: FastifyRequest): boolean {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return false;
  return !request.url.startsWith('/ngsi-ld/v1/entityOperations/query') && !request.url.startsWith('/ngsi-ld/v1/temporal/entityOperations/query');
}

function sendProblem(reply: FastifyReply, error: BrokerError): FastifyReply {
  return reply.code(error.status).header('content-type', 'application/json').send(JSON.stringify(error.toProblem()));
}

const FASTIFY_ERRORS: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PayloadTooLarge',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UnsupportedMediaType',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'InvalidRequest',
  FST_ERR_CTP_INVALID_JSON_BODY: 'InvalidRequest',
};

const brokerPluginImpl: FastifyPluginAsync<BrokerPluginOptions> = async (app: FastifyInstance, options) => {
  const broker = new Broker({
    dbPath: options.dbPath,
    ...(options.tenantsDir === undefined ? {} : { tenantsDir: options.tenantsDir }),
    contexts: {
      ...(options.contextCacheDir === undefined ? {} : { cacheDir: options.contextCacheDir }),
      ...(options.contextDocuments === undefined ? {} : { documents: options.contextDocuments }),
      ...(options.contextTimeoutMs === undefined ? {} : { timeoutMs: options.contextTimeoutMs }),
      ...(options.contextFetcher === undefined ? {} : { fetcher: options.contextFetcher }),
    },
    ...(options.limits === undefined ? {} : { limits: options.limits }),
  });
  const subscriptions = new SubscriptionManager(broker);
  app.addHook('onClose', async () => {
    await subscriptions.close();
    broker.close();
  });

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(['application/json', 'application/ld+json', 'application/merge-patch+json', 'application/geo+json'], { parseAs: 'string', bodyLimit: broker.limits.bodyBytes }, (_request, body, done) => {
      try {
        const text = typeof body === 'string' ? body : body.toString('utf8');
        done(null, text.trim() === '' ? undefined : parseJsonBody(text, broker.limits.jsonDepth));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: broker.limits.bodyBytes }, (_request, body, done) => done(null, body === '' ? undefined : body));

    scope.setErrorHandler((error: Error, _request, reply) => {
      if (error instanceof BrokerError) return sendProblem(reply, error);
      const code = (error as { code?: string }).code;
      const mapped = code === undefined ? undefined : FASTIFY_ERRORS[code];
      if (mapped !== undefined) return sendProblem(reply, new BrokerError(mapped, error.message));
      const status = (error as { statusCode?: number }).statusCode;
      if (status !== undefined && status >= 400 && status < 500) return sendProblem(reply, new BrokerError('BadRequestData', error.message));
      return sendProblem(reply, new BrokerError('InternalError', error instanceof Error ? error.message : String(error)));
    });
    scope.setNotFoundHandler((request, reply) => sendProblem(reply, new BrokerError('ResourceNotFound', `no NGSI-LD resource at ${request.method} ${request.url}`)));

    scope.addHook('onRequest', async (request, reply) => {
      if (options.corsOrigin !== undefined) {
        reply.header('access-control-allow-origin', options.corsOrigin);
        reply.header('access-control-expose-headers', 'Link, Location, NGSILD-Results-Count, Content-Range');
        if (request.method === 'OPTIONS') {
          reply.header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
          reply.header('access-control-allow-headers', 'Content-Type, Link, Accept, Authorization, NGSILD-Tenant');
          return reply.code(204).send();
        }
      }
      const tokens = options.tokens;
      if (tokens === undefined) return undefined;
      const token = bearer(request);
      const canWrite = token !== undefined && (tokens.write ?? []).includes(token);
      const canRead = canWrite || tokens.read === undefined || (token !== undefined && tokens.read.includes(token));
      if (isWrite(request) && tokens.write !== undefined && !canWrite) {
        throw new BrokerError(token === undefined ? 'Unauthorized' : 'Forbidden', token === undefined ? 'writing needs an Authorization: Bearer token' : 'this token may only read');
      }
      if (!canRead) throw new BrokerError('Unauthorized', 'reading needs an Authorization: Bearer token');
      return undefined;
    });

    entityRoutes(scope, broker);
    batchRoutes(scope, broker);
    typeRoutes(scope, broker);
    contextRoutes(scope, broker);
    subscriptionRoutes(scope, broker, subscriptions);
    temporalRoutes(scope, broker);
    temporalOperationRoutes(scope, broker);
  }, { prefix: '' });
  options.onReady?.(broker);
};

/** The broker plugin: its routes live under /ngsi-ld/v1, its parsers and error handler stay inside it. */
export const brokerPlugin = brokerPluginImpl;
