/**
 * POST /temporal/entityOperations/query (ETSI GS CIM 009 clause 5.7.6, 6.24): a temporal query
 * carried as a Query data type (clause 5.2.23) in the body: `entities` (EntitySelectors, each
 * `id`, `idPattern` or `type`; the union of their matches), `attrs`, `q`, `scopeQ`, `geoQ` and
 * `temporalQ` (`timerel`, `timeAt`, `endTimeAt`, `lastN`). `limit`, `offset`, `count`, `options`,
 * `aggrMethods` and `aggrPeriodDuration` come from the URL, as for GET /temporal/entities.
 */
import type { FastifyInstance } from 'fastify';
import type { Broker } from '../broker';
import { badData } from '../errors';
import type { StoredEntity } from '../model/entity';
import { isObject } from '../model/parse-entity';
import { parseEntityFilter, runQuery } from '../query/entity-query';
import { negotiate, requestContext, requireJsonBody, sendPayload, tenantOf, type Query } from './http';
import { temporalPage } from './temporal';

function stringMember(object: Record<string, unknown>, name: string, where: string): string | undefined {
  const value = object[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badData(`${where}.${name} must be a string`);
  return value;
}

/** The Query body's shared (non-selector) members as URL-style parameters. */
function queryParams(body: Record<string, unknown>, url: Query): Query {
  const params: Query = { ...url };
  const attrs = body['attrs'];
  if (attrs !== undefined) {
    if (!Array.isArray(attrs) || !attrs.every((a): a is string => typeof a === 'string')) throw badData('Query.attrs must be an array of attribute names');
    params['attrs'] = attrs.join(',');
  }
  for (const name of ['q', 'scopeQ', 'lang'] as const) {
    const v = stringMember(body, name, 'Query');
    if (v !== undefined) params[name] = v;
  }
  const geoQ = body['geoQ'];
  if (geoQ !== undefined) {
    if (!isObject(geoQ)) throw badData('Query.geoQ must be an object');
    for (const name of ['georel', 'geometry', 'geoproperty'] as const) {
      const v = stringMember(geoQ, name, 'Query.geoQ');
      if (v !== undefined) params[name] = v;
    }
    if (geoQ['coordinates'] !== undefined) params['coordinates'] = typeof geoQ['coordinates'] === 'string' ? geoQ['coordinates'] : JSON.stringify(geoQ['coordinates']);
  }
  const temporalQ = body['temporalQ'];
  if (temporalQ !== undefined) {
    if (!isObject(temporalQ)) throw badData('Query.temporalQ must be an object');
    for (const name of ['timerel', 'timeAt', 'endTimeAt', 'aggrMethods', 'aggrPeriodDuration'] as const) {
      const v = stringMember(temporalQ, name, 'Query.temporalQ');
      if (v !== undefined) params[name] = v;
    }
    const lastN = temporalQ['lastN'];
    if (lastN !== undefined) params['lastN'] = String(lastN);
  }
  return params;
}

export function temporalOperationRoutes(app: FastifyInstance, broker: Broker): void {
  app.post('/ngsi-ld/v1/temporal/entityOperations/query', async (request, reply) => {
    requireJsonBody(request);
    const body = request.body;
    if (!isObject(body) || body['type'] !== 'Query') throw badData('the body of a temporal query must be a Query object with "type": "Query"');
    const ctx = await requestContext(broker, request, body);
    const params = queryParams(body, request.query as Query);
    if (params['timerel'] === undefined) throw badData('a temporal query needs temporalQ with timerel and timeAt');
    const selectors = body['entities'] ?? [];
    if (!Array.isArray(selectors)) throw badData('Query.entities must be an array of EntitySelectors');
    const store = tenantOf(broker, request, false);
    const { attrs: _attrs, ...shared } = params;
    const found = new Map<string, StoredEntity>();
    for (const selector of selectors.length === 0 ? [{}] : selectors) {
      if (!isObject(selector)) throw badData('each of Query.entities must be an EntitySelector object');
      const one: Query = { ...shared };
      for (const name of ['id', 'idPattern', 'type'] as const) {
        const v = stringMember(selector, name, 'EntitySelector');
        if (v !== undefined) one[name] = v;
      }
      for (const e of runQuery(store, parseEntityFilter(one, ctx.terms, true), ctx.terms, undefined)) if (!found.has(e.id)) found.set(e.id, e);
    }
    const page = temporalPage(store, [...found.values()], params, ctx.terms);
    if (page.count !== undefined) reply.header('ngsild-results-count', String(page.count));
    return sendPayload(reply, negotiate(request, false), ctx, page.bodies, page.truncated ? 206 : 200);
  });
}
