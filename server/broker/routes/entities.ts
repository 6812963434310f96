/**
 * /ngsi-ld/v1/entities and /entities/{id}[/attrs[/{attrId}]] (ETSI GS CIM 009 clause 6.4 – 6.7).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Broker } from '../broker';
import { BrokerError, badData, notFound } from '../errors';
import type { TermMap } from '../context/term-map';
import { applyFragment, createEntity, deleteAttribute, replaceEntity, type AttrChange } from '../model/entity-operations';
import type { StoredEntity } from '../model/entity';
import { assertUri, isObject, parseAttributeInstances, parseFragment } from '../model/parse-entity';
import { renderEntity, renderFeature, type RenderOptions } from '../model/render-entity';
import { checkQueryLength, parseEntityFilter, runQuery } from '../query/entity-query';
import type { TenantStore } from '../store/tenant-store';
import { intParam, negotiate, renderOptions, requestContext, requireJsonBody, sendPayload, tenantName, tenantOf, type Query } from './http';

const BASE = '/ngsi-ld/v1';

type IdParams = { id: string };
type AttrParams = { id: string; attrId: string };

export function nowIso(): string {
  return new Date().toISOString();
}

/** Apply a write in one transaction and tell the subscriptions. */
export function commit(broker: Broker, request: FastifyRequest, store: TenantStore, before: StoredEntity | undefined, after: StoredEntity | undefined, change: Partial<AttrChange>): void {
  store.transaction((tx) => {
    if (after === undefined) tx.delete((before as StoredEntity).id);
    else tx.put(after);
  });
  broker.emit({ tenant: tenantName(request) ?? '', before, after, created: change.created ?? [], updated: change.updated ?? [], deleted: change.deleted ?? [] });
}

function entityIdParam(id: string): string {
  return assertUri(id, 'entity id');
}

function bodyObject(body: unknown, what: string): Record<string, unknown> {
  if (!isObject(body)) throw badData(`${what} must be a JSON object`);
  return body;
}

/** Projection options from attrs / pick / omit (clause 4.21, V1.9). */
export function projection(query: Query, terms: TermMap, base: RenderOptions): RenderOptions {
  const out: RenderOptions = { ...base };
  const list = (raw: string | undefined): string[] | undefined => raw?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const pick = list(query['pick']) ?? list(query['attrs']);
  const omit = list(query['omit']);
  if (query['pick'] !== undefined && omit !== undefined) throw badData('pick and omit must not be used together');
  if (pick !== undefined) {
    out.attrs = new Set(pick.filter((a) => a !== 'id' && a !== 'type' && a !== 'scope').map((a) => terms.expand(a)));
    if (query['pick'] !== undefined) {
      out.keepId = pick.includes('id');
      out.keepType = pick.includes('type');
      out.keepScope = pick.includes('scope');
    }
  }
  if (omit !== undefined) {
    out.omit = new Set(omit.map((a) => terms.expand(a)));
    out.keepId = !omit.includes('id');
    out.keepType = !omit.includes('type');
    out.keepScope = !omit.includes('scope');
  }
  return out;
}

function sendEntities(reply: FastifyReply, request: FastifyRequest, accept: ReturnType<typeof negotiate>, terms: TermMap, context: Awaited<ReturnType<typeof requestContext>>, entities: StoredEntity[], options: RenderOptions, query: Query): FastifyReply {
  if (accept === 'geo+json') {
    const geometryIri = terms.expand(query['geometryProperty'] ?? 'location');
    const features = entities.map((e) => renderFeature(e, terms, options, geometryIri));
    return sendPayload(reply, accept, context, { type: 'FeatureCollection', features });
  }
  void request;
  return sendPayload(reply, accept, context, entities.map((e) => renderEntity(e, terms, options)));
}

export function entityRoutes(app: FastifyInstance, broker: Broker): void {
  app.post(`${BASE}/entities`, async (request, reply) => {
    requireJsonBody(request);
    const body = bodyObject(request.body, 'an entity');
    const context = await requestContext(broker, request, body);
    const id = assertUri(body['id'] ?? body['@id'], 'entity id');
    if (body['type'] === undefined && body['@type'] === undefined) throw badData(`entity ${id} has no type`);
    const now = nowIso();
    const fragment = parseFragment(body, context.terms, { now, allowNull: false }, broker.limits.attributesPerEntity);
    const store = tenantOf(broker, request, true);
    const entity = createEntity(id, fragment, now, store.get(id));
    commit(broker, request, store, undefined, entity, { created: Object.keys(entity.attrs) });
    return reply.code(201).header('location', `${BASE}/entities/${id}`).send();
  });

  app.get(`${BASE}/entities`, async (request, reply) => {
    checkQueryLength(request.url, broker.limits.queryLength);
    const query = request.query as Query;
    const accept = negotiate(request);
    const context = await requestContext(broker, request);
    const terms = context.terms;
    const filter = parseEntityFilter(query, terms, true);
    const limit = intParam(query, 'limit', 20);
    const offset = intParam(query, 'offset', 0);
    if (limit > broker.limits.maxLimit) throw new BrokerError('TooManyResults', `limit ${limit} exceeds the maximum ${broker.limits.maxLimit}`);
    const count = query['count'] === 'true';
    if (limit === 0 && !count) throw badData('limit=0 is only allowed with count=true');
    const store = tenantOf(broker, request, false);
    const all = runQuery(store, filter, terms, query['orderBy']);
    const page = all.slice(offset, offset + limit);
    if (count) reply.header('ngsild-results-count', String(all.length));
    const links: string[] = [];
    const pageUrl = (newOffset: number): string => {
      const params = new URLSearchParams(query as Record<string, string>);
      params.set('offset', String(newOffset));
      params.set('limit', String(limit));
      return `<${BASE}/entities?${params.toString()}>`;
    };
    if (offset + limit < all.length && limit > 0) links.push(`${pageUrl(offset + limit)}; rel="next"`);
    if (offset > 0 && limit > 0) links.push(`${pageUrl(Math.max(0, offset - limit))}; rel="prev"`);
    const options = projection(query, terms, renderOptions(query));
    if (links.length > 0) reply.header('link', links.join(', '));
    return sendEntities(reply, request, accept, terms, context, page, options, query);
  });

  app.get<{ Params: IdParams }>(`${BASE}/entities/:id`, async (request, reply) => {
    const id = entityIdParam(request.params.id);
    const query = request.query as Query;
    const accept = negotiate(request);
    const context = await requestContext(broker, request);
    const store = tenantOf(broker, request, false);
    const entity = store.get(id);
    if (entity === undefined) throw notFound(`entity ${id} not found`);
    const options = projection(query, context.terms, renderOptions(query));
    if (query['type'] !== undefined) {
      const wanted = query['type'].split(',').map((t) => context.terms.expand(t));
      if (!wanted.some((t) => entity.type.includes(t))) throw notFound(`entity ${id} is not of type ${query['type']}`);
    }
    if (accept === 'geo+json') return sendPayload(reply, accept, context, renderFeature(entity, context.terms, options, context.terms.expand(query['geometryProperty'] ?? 'location')));
    return sendPayload(reply, accept, context, renderEntity(entity, context.terms, options));
  });

  /**
   * The common first half of replace (PUT, §5.6.4) and merge (PATCH, §5.6.17): read the body, check
   * its id against the URL, parse it as a fragment and fetch the stored entity (404 when absent).
   */
  const editOfExisting = async (request: FastifyRequest<{ Params: IdParams }>, what: string, merge: boolean): Promise<{ now: string; fragment: ReturnType<typeof parseFragment>; store: TenantStore; before: StoredEntity }> => {
    requireJsonBody(request, merge);
    const id = entityIdParam(request.params.id);
    const body = bodyObject(request.body, what);
    const context = await requestContext(broker, request, body);
    if (body['id'] !== undefined && body['id'] !== id) throw badData(`body id ${String(body['id'])} differs from the URL id ${id}`);
    const now = nowIso();
    const fragment = parseFragment(body, context.terms, { now, allowNull: merge }, broker.limits.attributesPerEntity);
    const store = tenantOf(broker, request, false);
    const before = store.get(id);
    if (before === undefined) throw notFound(`entity ${id} not found`);
    return { now, fragment, store, before };
  };

  app.put<{ Params: IdParams }>(`${BASE}/entities/:id`, async (request, reply) => {
    const { now, fragment, store, before } = await editOfExisting(request, 'an entity', false);
    const after = replaceEntity(before, fragment, now);
    const deleted = Object.keys(before.attrs).filter((a) => after.attrs[a] === undefined);
    commit(broker, request, store, before, after, { updated: Object.keys(after.attrs), deleted });
    return reply.code(204).send();
  });

  app.patch<{ Params: IdParams }>(`${BASE}/entities/:id`, async (request, reply) => {
    const { now, fragment, store, before } = await editOfExisting(request, 'a merge fragment', true);
    const { entity, change } = applyFragment(before, fragment, now, 'merge');
    commit(broker, request, store, before, entity, change);
    return reply.code(204).send();
  });

  app.delete<{ Params: IdParams }>(`${BASE}/entities/:id`, async (request, reply) => {
    const id = entityIdParam(request.params.id);
    const store = tenantOf(broker, request, false);
    const before = store.get(id);
    if (before === undefined) throw notFound(`entity ${id} not found`);
    commit(broker, request, store, before, undefined, { deleted: Object.keys(before.attrs) });
    return reply.code(204).send();
  });

  const attrsWrite = async (request: FastifyRequest<{ Params: IdParams }>, reply: FastifyReply, mode: 'append' | 'update'): Promise<FastifyReply> => {
    requireJsonBody(request);
    const id = entityIdParam(request.params.id);
    const body = bodyObject(request.body, 'an attribute fragment');
    const context = await requestContext(broker, request, body);
    const now = nowIso();
    const noOverwrite = ((request.query as Query)['options'] ?? '').split(',').includes('noOverwrite');
    const fragment = parseFragment(body, context.terms, { now, allowNull: mode === 'update' }, broker.limits.attributesPerEntity);
    delete fragment.type;
    const store = tenantOf(broker, request, false);
    const before = store.get(id);
    if (before === undefined) throw notFound(`entity ${id} not found`);
    const { entity, change } = applyFragment(before, fragment, now, mode === 'update' ? 'update' : noOverwrite ? 'appendNoOverwrite' : 'append');
    if (mode === 'append' && body['type'] !== undefined) entity.type = [...new Set([...entity.type, ...(parseFragment({ type: body['type'] }, context.terms, { now, allowNull: false }, 1).type ?? [])])];
    commit(broker, request, store, before, entity, change);
    if (change.notUpdated.length === 0) return reply.code(204).send();
    const names = (iris: string[]): string[] => iris.map((i) => context.terms.compact(i));
    return reply.code(207).send({
      updated: names([...change.created, ...change.updated, ...change.deleted]),
      notUpdated: names(change.notUpdated).map((attributeName) => ({ attributeName, reason: mode === 'update' ? 'attribute does not exist' : 'attribute exists and noOverwrite was given' })),
    });
  };
  app.post<{ Params: IdParams }>(`${BASE}/entities/:id/attrs`, (request, reply) => attrsWrite(request, reply, 'append'));
  app.patch<{ Params: IdParams }>(`${BASE}/entities/:id/attrs`, (request, reply) => attrsWrite(request, reply, 'update'));

  const attrWrite = async (request: FastifyRequest<{ Params: AttrParams }>, reply: FastifyReply, mode: 'partial' | 'replace'): Promise<FastifyReply> => {
    requireJsonBody(request, true);
    const id = entityIdParam(request.params.id);
    const body = bodyObject(request.body, 'an attribute');
    const context = await requestContext(broker, request, body);
    const now = nowIso();
    const name = request.params.attrId;
    const iri = context.terms.expand(name);
    const store = tenantOf(broker, request, false);
    const before = store.get(id);
    if (before === undefined) throw notFound(`entity ${id} not found`);
    const existing = before.attrs[iri];
    if (existing === undefined) throw notFound(`entity ${id} has no attribute ${name}`);
    const { '@context': _ignored, ...attrBody } = body;
    let instances = parseAttributeInstances(name, mode === 'partial' && attrBody['type'] === undefined ? { type: existing[0]?.type, ...attrBody } : attrBody, context.terms, { now, allowNull: true });
    if (instances === 'delete') {
      const after = deleteAttribute(before, iri, name, undefined, true, now);
      commit(broker, request, store, before, after, { deleted: [iri] });
      return reply.code(204).send();
    }
    if (mode === 'partial') {
      instances = instances.map((attr) => {
        const old = existing.find((a) => a['datasetId'] === attr['datasetId']);
        if (old === undefined) throw notFound(`entity ${id}: attribute ${name} has no instance ${String(attr['datasetId'] ?? '(default)')}`);
        return { ...old, ...attr, createdAt: old['createdAt'] };
      });
    }
    const { entity, change } = applyFragment(before, { attrs: { [iri]: instances }, deletions: [] }, now, 'append');
    commit(broker, request, store, before, entity, change);
    return reply.code(204).send();
  };
  app.patch<{ Params: AttrParams }>(`${BASE}/entities/:id/attrs/:attrId`, (request, reply) => attrWrite(request, reply, 'partial'));
  app.put<{ Params: AttrParams }>(`${BASE}/entities/:id/attrs/:attrId`, (request, reply) => attrWrite(request, reply, 'replace'));

  app.delete<{ Params: AttrParams }>(`${BASE}/entities/:id/attrs/:attrId`, async (request, reply) => {
    const id = entityIdParam(request.params.id);
    const query = request.query as Query;
    const context = await requestContext(broker, request);
    const name = request.params.attrId;
    const iri = context.terms.expand(name);
    const store = tenantOf(broker, request, false);
    const before = store.get(id);
    if (before === undefined) throw notFound(`entity ${id} not found`);
    const after = deleteAttribute(before, iri, name, query['datasetId'], query['deleteAll'] === 'true', nowIso());
    commit(broker, request, store, before, after, { deleted: [iri] });
    return reply.code(204).send();
  });
}
