/**
 * HTTP edge helpers shared by the routes: content negotiation (ETSI GS CIM 009 clause 6.3.4),
 * @context from the Link header or the body (6.3.5), representation options (6.3.7, 6.3.15),
 * tenant header (6.3.14) and the JSON body parser with depth limit.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BrokerError, badData, invalid } from '../errors';
import type { Broker } from '../broker';
import { CORE_CONTEXT_URL, contextFromLinkHeader, isCoreContextUrl, linkHeaderFor, type ResolvedContext } from '../context/context-resolver';
import type { Format, RenderOptions } from '../model/render-entity';
import { isObject } from '../model/parse-entity';
import type { TenantStore } from '../store/tenant-store';

export type Accept = 'json' | 'ld+json' | 'geo+json';

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function tenantName(request: FastifyRequest): string | undefined {
  const name = header(request, 'ngsild-tenant');
  return name === undefined || name === '' ? undefined : name;
}

export function tenantOf(broker: Broker, request: FastifyRequest, create: boolean): TenantStore {
  return broker.tenant(tenantName(request), create);
}

/** The media type of the response (406 when none acceptable). */
export function negotiate(request: FastifyRequest, allowGeo = true): Accept {
  const accept = header(request, 'accept');
  if (accept === undefined || accept.trim() === '') return 'json';
  const ranges = accept.split(',').map((r) => {
    const [type = '', ...params] = r.split(';').map((s) => s.trim());
    const q = params.find((p) => p.startsWith('q='));
    return { type: type.toLowerCase(), q: q === undefined ? 1 : Number(q.slice(2)) };
  }).filter((r) => r.q > 0).sort((a, b) => b.q - a.q);
  for (const { type } of ranges) {
    if (type === 'application/ld+json') return 'ld+json';
    if (type === 'application/geo+json' && allowGeo) return 'geo+json';
    if (type === 'application/json' || type === 'application/*' || type === '*/*') return 'json';
  }
  throw new BrokerError('NotAcceptable', `none of the media types in Accept (${accept}) is served: use application/json, application/ld+json${allowGeo ? ' or application/geo+json' : ''}`);
}

/** The @context of a request: body member for application/ld+json writes, else the Link header. */
export async function requestContext(broker: Broker, request: FastifyRequest, body?: unknown): Promise<ResolvedContext> {
  const contentType = (header(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  const link = header(request, 'link');
  if (body !== undefined && contentType === 'application/ld+json') {
    const bodyContext = Array.isArray(body) ? (body[0] as Record<string, unknown> | undefined)?.['@context'] : isObject(body) ? body['@context'] : undefined;
    if (bodyContext === undefined) throw badData('a request body of type application/ld+json must contain @context');
    if (link !== undefined) throw badData('a Link header must not be sent with an application/ld+json body');
    return broker.contexts.resolve(bodyContext);
  }
  if (body !== undefined && isObject(body) && body['@context'] !== undefined) throw badData('@context in the body requires Content-Type application/ld+json');
  return broker.contexts.resolve(contextFromLinkHeader(link));
}

/** Check the Content-Type of a write (415 otherwise). */
export function requireJsonBody(request: FastifyRequest, allowMergePatch = false): void {
  const contentType = (header(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  const ok = contentType === 'application/json' || contentType === 'application/ld+json' || (allowMergePatch && contentType === 'application/merge-patch+json');
  if (!ok) throw new BrokerError('UnsupportedMediaType', `Content-Type ${contentType === '' ? '(none)' : contentType} is not supported: use application/json or application/ld+json`);
}

export type Query = Record<string, string | undefined>;

/** Representation options from `options` / `format` (clause 6.3.7) and `lang`. */
export function renderOptions(query: Query): RenderOptions {
  const options = new Set((query['options'] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''));
  for (const option of options) {
    if (!['keyValues', 'simplified', 'sysAttrs', 'concise', 'normalized', 'noOverwrite', 'update', 'replace'].includes(option)) throw badData(`options: unknown value ${option}`);
  }
  const formats = ['keyValues', 'simplified', 'concise', 'normalized'].filter((f) => options.has(f));
  if (formats.length > 1 && !(formats.length === 2 && formats.includes('keyValues') && formats.includes('simplified'))) throw badData(`options: ${formats.join(' and ')} exclude each other`);
  if ((options.has('keyValues') || options.has('simplified') || query['format'] === 'keyValues' || query['format'] === 'simplified') && options.has('sysAttrs')) throw badData('options: sysAttrs has no place in the simplified representation');
  let format: Format = 'normalized';
  const explicit = query['format'];
  if (explicit !== undefined) {
    if (explicit === 'keyValues' || explicit === 'simplified') format = 'keyValues';
    else if (explicit === 'concise') format = 'concise';
    else if (explicit !== 'normalized') throw badData(`format: unknown value ${explicit}`);
  } else if (options.has('keyValues') || options.has('simplified')) format = 'keyValues';
  else if (options.has('concise')) format = 'concise';
  const out: RenderOptions = { format, sysAttrs: options.has('sysAttrs') };
  if (query['lang'] !== undefined) out.lang = query['lang'];
  return out;
}

/** The @context a response names: the request's context followed by the core context (clause 6.3.6). */
export function responseContext(value: unknown): unknown {
  if (value === undefined || value === null) return CORE_CONTEXT_URL;
  const list = Array.isArray(value) ? value : [value];
  return list.some((v) => typeof v === 'string' && isCoreContextUrl(v)) ? value : [...list, CORE_CONTEXT_URL];
}

/** Send a JSON-LD payload: @context in the body for application/ld+json, else a Link header. */
export function sendPayload(reply: FastifyReply, accept: Accept, context: ResolvedContext, payload: unknown, status = 200): FastifyReply {
  const contextValue = responseContext(context.value);
  const prefer = reply.request.headers['prefer'];
  if (accept === 'geo+json' && typeof prefer === 'string' && /\bbody=json\b/.test(prefer)) {
    reply.header('link', linkHeaderFor(typeof context.value === 'string' ? context.value : CORE_CONTEXT_URL));
    reply.header('content-type', 'application/geo+json');
    return reply.code(status).send(JSON.stringify(payload));
  }
  if (accept === 'geo+json') {
    const withContext = (feature: unknown): unknown => (isObject(feature) && feature['type'] === 'Feature' ? { ...feature, '@context': contextValue } : feature);
    const body = isObject(payload) && Array.isArray(payload['features']) ? { ...payload, features: payload['features'].map(withContext) } : withContext(payload);
    reply.header('content-type', 'application/geo+json');
    return reply.code(status).send(JSON.stringify(body));
  }
  if (accept === 'ld+json') {
    const withContext = (item: unknown): unknown => (isObject(item) ? { ...item, '@context': contextValue } : item);
    reply.header('content-type', 'application/ld+json');
    return reply.code(status).send(JSON.stringify(Array.isArray(payload) ? payload.map(withContext) : withContext(payload)));
  }
  const linkUrl = typeof context.value === 'string' ? context.value : CORE_CONTEXT_URL;
  const paging = reply.getHeader('link');
  reply.header('link', [linkHeaderFor(linkUrl), ...(paging === undefined ? [] : [String(paging)])].join(', '));
  reply.header('content-type', 'application/json');
  return reply.code(status).send(JSON.stringify(payload));
}

/** JSON.parse with a nesting limit; errors are InvalidRequest (clause 5.5.2). */
export function parseJsonBody(text: string, maxDepth: number): unknown {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++;
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) {
      if (++depth > maxDepth) throw badData(`JSON nests deeper than ${maxDepth} levels`);
    } else if (ch === 125 || ch === 93) depth--;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw invalid(`the request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Positive integer query parameter. */
export function intParam(query: Query, name: string, fallback: number): number {
  const raw = query[name];
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw badData(`${name} must be a non-negative integer, got ${raw}`);
  return Number(raw);
}
