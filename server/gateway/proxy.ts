/**
 * Same-origin proxy of the page's NGSI-LD traffic to an external broker (Orion-LD, Stellio,
 * Scorpio): every method under /ngsi-ld/* is forwarded to the broker's root (the temporal API,
 * /ngsi-ld/v1/temporal/*, to its own service when one is configured), bodies streamed both ways,
 * headers passed through (Link, NGSILD-Tenant, Accept, Content-Type, Authorization…) except the
 * hop-by-hop ones (RFC 9110 §7.6.1); nothing else is rewritten. The configured tenant and token
 * are added only when the request carries none. A broker that cannot be reached answers 502, one
 * that does not answer in time 504, as ProblemDetails JSON (RFC 9457) naming the broker and why.
 */
import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface ExternalBroker {
  /** Root URL of the broker, before /ngsi-ld/v1 (e.g. http://localhost:1026). */
  url: string;
  /** Root URL of a separate temporal service (before /ngsi-ld/v1/temporal); default `url`. */
  temporalUrl?: string;
  /** NGSILD-Tenant sent when the request names none. */
  tenant?: string;
  /** Bearer token sent when the request carries no Authorization. */
  token?: string;
  /** Time to wait for the broker's response headers, ms; default 15 000. */
  timeoutMs?: number;
}

/** Headers that describe one connection, not the message (RFC 9110 §7.6.1), plus Host. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

export interface GatewayProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The broker (root URL) the gateway could not use. */
  broker: string;
}

/** ProblemDetails of a gateway failure (502 unreachable / 504 time-out). */
export function gatewayProblem(status: 502 | 504, broker: string, reason: string): GatewayProblem {
  return {
    type: status === 502 ? 'urn:civic-twin:gateway:BrokerUnreachable' : 'urn:civic-twin:gateway:BrokerTimeout',
    title: status === 502 ? 'Bad Gateway' : 'Gateway Timeout',
    status,
    detail: status === 502 ? `the NGSI-LD broker ${broker} is not reachable: ${reason}` : `the NGSI-LD broker ${broker} did not answer within ${reason}`,
    broker,
  };
}

/** A transport error in words, with the system code when Node gives one (ECONNREFUSED…). */
export function transportReason(error: unknown): string {
  const e = error as { message?: string; code?: string; cause?: { message?: string; code?: string } };
  const inner = e.cause ?? e;
  const code = inner.code ?? e.code;
  const message = inner.message ?? e.message ?? String(error);
  return code !== undefined && !message.includes(code) ? `${code} ${message}` : message;
}

/** The upstream root serving a path (the temporal service for /ngsi-ld/v1/temporal/*). */
export function upstreamRoot(broker: ExternalBroker, path: string): string {
  const root = path.startsWith('/ngsi-ld/v1/temporal/') || path === '/ngsi-ld/v1/temporal' ? (broker.temporalUrl ?? broker.url) : broker.url;
  return root.replace(/\/$/, '');
}

function forwardHeaders(incoming: IncomingHttpHeaders, broker: ExternalBroker): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
  if (broker.tenant !== undefined && out['ngsild-tenant'] === undefined) out['ngsild-tenant'] = broker.tenant;
  if (broker.token !== undefined && out['authorization'] === undefined) out['authorization'] = `Bearer ${broker.token}`;
  return out;
}

function sendProblem(reply: FastifyReply, problem: GatewayProblem): void {
  if (reply.raw.headersSent) {
    reply.raw.destroy();
    return;
  }
  reply.raw.writeHead(problem.status, { 'content-type': 'application/json' });
  reply.raw.end(JSON.stringify(problem));
}

/**
 * Registers the proxy on `app` (in its own scope: bodies are not parsed, they stream through).
 * `onFailure` hears of every transport failure (the gateway then probes the broker at once).
 */
export async function registerNgsiProxy(app: FastifyInstance, broker: ExternalBroker, onFailure: (problem: GatewayProblem) => void = () => undefined): Promise<void> {
  const timeoutMs = broker.timeoutMs ?? 15_000;
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // Leave the body unread: the handler pipes the raw request stream to the broker.
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      reply.hijack();
      const root = upstreamRoot(broker, request.url);
      const target = new URL(`${root}${request.url}`);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      await new Promise<void>((resolve) => {
        let settled = false;
        const fail = (status: 502 | 504, reason: string): void => {
          if (settled) return;
          settled = true;
          const problem = gatewayProblem(status, root, reason);
          onFailure(problem);
          sendProblem(reply, problem);
          resolve();
        };
        const upstream = send(target, { method: request.method, headers: forwardHeaders(request.headers, broker) }, (response) => {
          clearTimeout(timer);
          const headers: OutgoingHttpHeaders = {};
          for (const [name, value] of Object.entries(response.headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
          reply.raw.writeHead(response.statusCode ?? 502, headers);
          response.pipe(reply.raw);
          response.on('end', () => {
            settled = true;
            resolve();
          });
          response.on('error', () => {
            settled = true;
            reply.raw.destroy();
            resolve();
          });
        });
        const timer = setTimeout(() => {
          fail(504, `${Number((timeoutMs / 1000).toFixed(1))} s`);
          upstream.destroy();
        }, timeoutMs);
        upstream.on('error', (error) => {
          clearTimeout(timer);
          fail(502, transportReason(error));
        });
        // The page went away: stop the upstream exchange too (e.g. a streamed notification feed).
        reply.raw.on('close', () => {
          if (!reply.raw.writableFinished) upstream.destroy();
        });
        const body = request.body as Readable | undefined;
        const source = body !== undefined && typeof body.pipe === 'function' ? body : request.raw;
        if (request.method === 'GET' || request.method === 'HEAD') upstream.end();
        else source.pipe(upstream);
      });
    };
    scope.all('/ngsi-ld/*', handler);
    scope.all('/ngsi-ld', handler);
  });
}
