/**
 * @context hosting (ETSI GS CIM 009 clause 5.13 / 6.29): POST a context document, list, get and
 * delete them under /ngsi-ld/v1/jsonldContexts. The core context is always listed and served.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Broker } from '../broker';
import { BrokerError, badData, notFound } from '../errors';
import { CORE_CONTEXT_URL } from '../context/context-resolver';
import { isObject } from '../model/parse-entity';
import { requireJsonBody } from './http';

const BASE = '/ngsi-ld/v1/jsonldContexts';

export function contextRoutes(app: FastifyInstance, broker: Broker): void {
  const hosted = broker.contexts.hosted;
  app.post(BASE, async (request, reply) => {
    requireJsonBody(request);
    const body = request.body;
    if (!isObject(body) || body['@context'] === undefined) throw badData('a context document must be a JSON object with @context');
    const inner = body['@context'];
    if (!isObject(inner) && !Array.isArray(inner) && typeof inner !== 'string') throw badData('@context must be an object, an array or a URL');
    if (Array.isArray(inner) && !inner.every((item) => typeof item === 'string' || isObject(item))) throw badData('@context array items must be URLs or objects');
    const id = randomUUID();
    hosted.set(id, { document: body, createdAt: new Date().toISOString() });
    return reply.code(201).header('location', `${BASE}/${id}`).send();
  });
  app.get(BASE, async (request, reply) => {
    const details = (request.query as Record<string, string | undefined>)['details'] === 'true';
    const urls = [CORE_CONTEXT_URL, ...[...hosted.keys()].map((id) => `${BASE}/${id}`), ...broker.contexts.cachedUrls()];
    if (!details) return reply.send(urls);
    return reply.send(urls.map((url) => ({ url, localId: url.startsWith(BASE) ? url.slice(BASE.length + 1) : undefined, kind: url.startsWith(BASE) ? 'Hosted' : url === CORE_CONTEXT_URL ? 'Cached' : 'Cached' })));
  });
  app.get<{ Params: { id: string } }>(`${BASE}/:id`, async (request, reply) => {
    const id = request.params.id;
    if (id === CORE_CONTEXT_URL || id === 'core') return reply.header('content-type', 'application/ld+json').send(JSON.stringify(broker.contexts.coreDocument()));
    const entry = hosted.get(id);
    if (entry === undefined) throw notFound(`no @context ${id}`);
    return reply.header('content-type', 'application/ld+json').send(JSON.stringify(entry.document));
  });
  app.delete<{ Params: { id: string } }>(`${BASE}/:id`, async (request, reply) => {
    const id = request.params.id;
    if (id === CORE_CONTEXT_URL) throw new BrokerError('BadRequestData', 'the core @context cannot be deleted');
    if (!hosted.delete(id)) throw notFound(`no @context ${id}`);
    return reply.code(204).send();
  });
}
