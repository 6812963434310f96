/**
 * Batch entity operations /entityOperations/{create,upsert,update,delete,merge,query}
 * (ETSI GS CIM 009 clauses 5.6.7 – 5.6.10, 5.6.20, 6.14 – 6.18, 6.31, 6.23). All successful
 * entities of one batch commit in ONE SQLite transaction; per-entity errors are reported in a
 * BatchOperationResult (207) as { success: [ids], errors: [{ entityId, error: ProblemDetails }] }.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Broker } from '../broker';
import { BrokerError, badData, notFound } from '../errors';
import type { ResolvedContext } from '../context/context-resolver';
import { applyFragment, createEntity, replaceEntity, type AttrChange } from '../model/entity-operations';
import type { StoredEntity } from '../model/entity';
import { assertUri, isObject, parseFragment } from '../model/parse-entity';
import { renderEntity } from '../model/render-entity';
import { parseEntityFilter, runQuery } from '../query/entity-query';
import { intParam, negotiate, renderOptions, requestContext, requireJsonBody, sendPayload, tenantName, tenantOf, type Query } from './http';
import { nowIso, projection } from './entities';

const BASE = '/ngsi-ld/v1/entityOperations';

interface BatchError {
  entityId: string;
  error: ReturnType<BrokerError['toProblem']>;
}

type Operation = 'create' | 'upsert' | 'update' | 'merge';

/** The @context of one batch item: its own (ld+json) or the request's. */
async function itemContext(broker: Broker, request: FastifyRequest, item: Record<string, unknown>, fallback: ResolvedContext | undefined): Promise<ResolvedContext> {
  if (item['@context'] !== undefined) return broker.contexts.resolve(item['@context']);
  if (fallback !== undefined) return fallback;
  throw badData('each entity of an application/ld+json batch needs @context');
}

function toError(entityId: string, error: unknown): BatchError {
  const e = error instanceof BrokerError ? error : new BrokerError('InternalError', error instanceof Error ? error.message : String(error));
  return { entityId, error: e.toProblem() };
}

export function batchRoutes(app: FastifyInstance, broker: Broker): void {
  const write = (operation: Operation) => async (request: FastifyRequest, reply: FastifyReply) => {
    requireJsonBody(request, operation === 'merge');
    const body = request.body;
    if (!Array.isArray(body)) throw badData('a batch body must be a JSON array of entities');
    if (body.length === 0) throw badData('a batch body must not be empty');
    const isLd = (request.headers['content-type'] ?? '').includes('ld+json');
    const requestCtx = isLd ? undefined : await requestContext(broker, request, {});
    const options = ((request.query as Query)['options'] ?? '').split(',');
    const store = tenantOf(broker, request, true);
    const now = nowIso();
    const success: string[] = [];
    const created: string[] = [];
    const errors: BatchError[] = [];
    const changes: { before: StoredEntity | undefined; after: StoredEntity; change: Partial<AttrChange> }[] = [];
    const pending = new Map<string, StoredEntity>();
    for (const item of body) {
      const rawId = isObject(item) ? (item['id'] ?? item['@id']) : undefined;
      const entityId = typeof rawId === 'string' ? rawId : String(rawId);
      try {
        if (!isObject(item)) throw badData('batch items must be JSON objects');
        if (!isLd && item['@context'] !== undefined) throw badData('@context in the body requires Content-Type application/ld+json');
        const id = assertUri(rawId, 'entity id');
        const context = await itemContext(broker, request, item, requestCtx);
        const fragment = parseFragment(item, context.terms, { now, allowNull: operation === 'merge' || operation === 'update' }, broker.limits.attributesPerEntity);
        const before = pending.get(id) ?? store.get(id);
        let after: StoredEntity;
        let change: Partial<AttrChange>;
        if (operation === 'create' || (operation === 'upsert' && before === undefined)) {
          if (item['type'] === undefined && item['@type'] === undefined) throw badData(`entity ${id} has no type`);
          after = createEntity(id, fragment, now, before);
          change = { created: Object.keys(after.attrs) };
          created.push(id);
        } else if (before === undefined) {
          throw notFound(`entity ${id} not found`);
        } else if (operation === 'upsert' && !options.includes('update')) {
          after = replaceEntity(before, fragment, now);
          change = { updated: Object.keys(after.attrs) };
        } else {
          const mode = operation === 'merge' ? 'merge' : operation === 'update' ? (options.includes('noOverwrite') ? 'appendNoOverwrite' : 'append') : 'append';
          const result = applyFragment(before, fragment, now, mode);
          after = result.entity;
          change = result.change;
        }
        pending.set(id, after);
        changes.push({ before, after, change });
        success.push(id);
      } catch (error) {
        errors.push(toError(entityId, error));
      }
    }
    store.transaction((tx) => {
      for (const entity of pending.values()) tx.put(entity);
    });
    const tenant = tenantName(request) ?? '';
    for (const c of changes) broker.emit({ tenant, before: c.before, after: c.after, created: c.change.created ?? [], updated: c.change.updated ?? [], deleted: c.change.deleted ?? [] });
    if (errors.length > 0) return reply.code(207).send({ success, errors });
    if (operation === 'create') return reply.code(201).send(success);
    if (operation === 'upsert' && created.length > 0) return reply.code(201).send(created);
    return reply.code(204).send();
  };
  app.post(`${BASE}/create`, write('create'));
  app.post(`${BASE}/upsert`, write('upsert'));
  app.post(`${BASE}/update`, write('update'));
  app.post(`${BASE}/merge`, write('merge'));

  app.post(`${BASE}/delete`, async (request, reply) => {
    requireJsonBody(request);
    const body = request.body;
    if (!Array.isArray(body) || body.length === 0) throw badData('a batch delete body must be a non-empty JSON array of entity ids');
    const store = tenantOf(broker, request, false);
    const success: string[] = [];
    const errors: BatchError[] = [];
    const removed: StoredEntity[] = [];
    for (const raw of body) {
      try {
        const id = assertUri(raw, 'entity id');
        const before = store.get(id);
        if (before === undefined || removed.some((e) => e.id === id)) throw notFound(`entity ${id} not found`);
        removed.push(before);
        success.push(id);
      } catch (error) {
        errors.push(toError(String(raw), error));
      }
    }
    store.transaction((tx) => {
      for (const entity of removed) tx.delete(entity.id);
    });
    const tenant = tenantName(request) ?? '';
    for (const before of removed) broker.emit({ tenant, before, after: undefined, created: [], updated: [], deleted: Object.keys(before.attrs) });
    if (errors.length > 0) return reply.code(207).send({ success, errors });
    return reply.code(204).send();
  });

  /** Query by POST (clause 6.23): a Query data type in the body. */
  app.post(`${BASE}/query`, async (request, reply) => {
    requireJsonBody(request);
    const body = request.body;
    if (!isObject(body) || body['type'] !== 'Query') throw badData('the body of a query must be a Query object with "type": "Query"');
    const context = await requestContext(broker, request, body);
    const accept = negotiate(request);
    const params: Query = { ...(request.query as Query) };
    const entities = Array.isArray(body['entities']) ? body['entities'] : [];
    const first = entities[0];
    if (isObject(first)) {
      if (typeof first['type'] === 'string') params['type'] = first['type'];
      if (typeof first['id'] === 'string') params['id'] = first['id'];
      if (typeof first['idPattern'] === 'string') params['idPattern'] = first['idPattern'];
    }
    if (Array.isArray(body['attrs'])) params['attrs'] = body['attrs'].join(',');
    if (typeof body['q'] === 'string') params['q'] = body['q'];
    if (typeof body['scopeQ'] === 'string') params['scopeQ'] = body['scopeQ'];
    const geoQ = body['geoQ'];
    if (isObject(geoQ)) {
      if (typeof geoQ['georel'] === 'string') params['georel'] = geoQ['georel'];
      if (typeof geoQ['geometry'] === 'string') params['geometry'] = geoQ['geometry'];
      if (geoQ['coordinates'] !== undefined) params['coordinates'] = JSON.stringify(geoQ['coordinates']);
      if (typeof geoQ['geoproperty'] === 'string') params['geoproperty'] = geoQ['geoproperty'];
    }
    const filter = parseEntityFilter(params, context.terms, true);
    const store = tenantOf(broker, request, false);
    const all = runQuery(store, filter, context.terms, params['orderBy']);
    const limit = intParam(params, 'limit', 20);
    const offset = intParam(params, 'offset', 0);
    if (params['count'] === 'true') reply.header('ngsild-results-count', String(all.length));
    const options = projection(params, context.terms, renderOptions(params));
    return sendPayload(reply, accept === 'geo+json' ? 'json' : accept, context, all.slice(offset, offset + limit).map((e) => renderEntity(e, context.terms, options)));
  });
}
