/**
 * Temporal API, read side (ETSI GS CIM 009 clauses 5.7.3 – 5.7.4, 6.18 – 6.19): the kept
 * evolution of attributes as the temporal representation (4.5.7, instances per attribute), the
 * simplified temporalValues form (4.5.9: `values: [[value, time], …]`) and the aggregated form
 * (4.5.19: `aggrMethods` per `aggrPeriodDuration` window: `[[value, start, end], …]`), with
 * timerel/timeAt/endTimeAt, lastN and attrs. More than MAX_INSTANCES instances of one attribute →
 * 206 Partial Content with a Content-Range of the times returned (clause 6.3.10).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Broker } from '../broker';
import { badData, notFound } from '../errors';
import type { TermMap } from '../context/term-map';
import { CORE_ENTITY_MEMBERS, attrContent, type StoredAttr, type StoredEntity } from '../model/entity';
import { assertName, assertUri, isObject, parseAttribute, parseScope, parseTypes } from '../model/parse-entity';
import { parseEntityFilter, runQuery } from '../query/entity-query';
import type { HistoryBucket, NumericAggregate, TenantStore } from '../store/tenant-store';
import { intParam, negotiate, requestContext, requireJsonBody, sendPayload, tenantOf, type Query } from './http';

const BASE = '/ngsi-ld/v1/temporal/entities';
export const MAX_INSTANCES = 10_000;
const AGGREGATES = ['totalCount', 'distinctCount', 'sum', 'avg', 'min', 'max', 'stddev', 'sumsq'] as const;
type Aggregate = (typeof AGGREGATES)[number];

/** ISO 8601 duration → ms (years as 365 d and months as 30 d: the windows are nominal). */
export function durationMs(text: string): number {
  const m = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (m === null || text === 'P' || text.endsWith('T')) throw badData(`aggrPeriodDuration ${text} is not an ISO 8601 duration`);
  const [y, mo, w, d, h, mi, s] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v))) as number[];
  const ms = ((((((y ?? 0) * 365 + (mo ?? 0) * 30 + (w ?? 0) * 7 + (d ?? 0)) * 24 + (h ?? 0)) * 60 + (mi ?? 0)) * 60) + (s ?? 0)) * 1000;
  if (ms <= 0) throw badData(`aggrPeriodDuration ${text} must be longer than zero`);
  return ms;
}

interface TimeWindow { from?: string; to?: string }

function isoParam(query: Query, name: string): string | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw badData(`${name} must be a DateTime, got ${raw}`);
  return new Date(ms).toISOString();
}

/** timerel/timeAt/endTimeAt → an inclusive window (clause 4.11). */
function timeWindow(query: Query): TimeWindow {
  const timerel = query['timerel'];
  const timeAt = isoParam(query, 'timeAt');
  const endTimeAt = isoParam(query, 'endTimeAt');
  if (timerel === undefined) {
    if (timeAt !== undefined) throw badData('timeAt needs timerel');
    return {};
  }
  if (timeAt === undefined) throw badData('timerel needs timeAt');
  switch (timerel) {
    case 'before': return { to: timeAt };
    case 'after': return { from: timeAt };
    case 'between':
      if (endTimeAt === undefined) throw badData('timerel=between needs endTimeAt');
      if (endTimeAt < timeAt) throw badData('endTimeAt is before timeAt');
      return { from: timeAt, to: endTimeAt };
    default: throw badData(`timerel must be before, after or between, got ${timerel}`);
  }
}

interface Row { attr: string; at: string; instance: StoredAttr }

function rowsOf(store: TenantStore, entity: StoredEntity, window: TimeWindow, attrs: Set<string> | undefined): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const r of store.history(entity.id, window.from, window.to)) {
    if (attrs !== undefined && !attrs.has(r.attr)) continue;
    let list = out.get(r.attr);
    if (list === undefined) out.set(r.attr, (list = []));
    list.push({ attr: r.attr, at: r.at, instance: JSON.parse(r.doc) as StoredAttr });
  }
  return out;
}

function aggregate(values: unknown[], method: Aggregate): unknown {
  const numbers = values.filter((v): v is number => typeof v === 'number');
  switch (method) {
    case 'totalCount': return values.length;
    case 'distinctCount': return new Set(values.map((v) => JSON.stringify(v))).size;
    case 'sum': return numbers.reduce((a, b) => a + b, 0);
    case 'sumsq': return numbers.reduce((a, b) => a + b * b, 0);
    case 'avg': return numbers.length === 0 ? null : numbers.reduce((a, b) => a + b, 0) / numbers.length;
    case 'min': return numbers.length === values.length && numbers.length > 0 ? Math.min(...numbers) : values.map(String).sort()[0] ?? null;
    case 'max': return numbers.length === values.length && numbers.length > 0 ? Math.max(...numbers) : values.map(String).sort().at(-1) ?? null;
    case 'stddev': {
      if (numbers.length === 0) return null;
      const mean = numbers.reduce((a, b) => a + b, 0) / numbers.length;
      return Math.sqrt(numbers.reduce((a, b) => a + (b - mean) ** 2, 0) / numbers.length);
    }
  }
}

interface TemporalOptions { mode: 'normalized' | 'temporalValues' | 'aggregated'; lastN?: number; methods: Aggregate[]; periodMs?: number; sysAttrs: boolean }

function temporalOptions(query: Query): TemporalOptions {
  const options = new Set((query['options'] ?? '').split(',').filter((s) => s !== ''));
  const format = query['format'];
  const mode = options.has('aggregatedValues') || format === 'aggregatedValues' ? 'aggregated' : options.has('temporalValues') || format === 'temporalValues' || format === 'simplified' ? 'temporalValues' : 'normalized';
  const out: TemporalOptions = { mode, methods: [], sysAttrs: options.has('sysAttrs') };
  if (query['lastN'] !== undefined) {
    if (!/^[1-9]\d*$/.test(query['lastN'])) throw badData(`lastN must be a positive integer, got ${query['lastN']}`);
    out.lastN = Number(query['lastN']);
  }
  if (mode === 'aggregated') {
    const methods = (query['aggrMethods'] ?? '').split(',').filter((s) => s !== '');
    if (methods.length === 0) throw badData('aggregatedValues needs aggrMethods');
    for (const m of methods) if (!(AGGREGATES as readonly string[]).includes(m)) throw badData(`aggrMethods: unknown method ${m}`);
    out.methods = methods as Aggregate[];
    if (query['aggrPeriodDuration'] !== undefined) out.periodMs = durationMs(query['aggrPeriodDuration']);
  }
  return out;
}

/** The temporal representation of one entity; `truncated` when an attribute had more than MAX_INSTANCES. */
function renderTemporal(entity: StoredEntity, rows: Map<string, Row[]>, terms: TermMap, options: TemporalOptions): { body: Record<string, unknown>; truncated: boolean; first?: string; last?: string } {
  const body: Record<string, unknown> = { id: entity.id, type: entity.type.length === 1 ? terms.compact(entity.type[0] as string) : entity.type.map((t) => terms.compact(t)) };
  if (entity.scope !== undefined) body['scope'] = entity.scope.length === 1 ? entity.scope[0] : entity.scope;
  let truncated = false;
  let first: string | undefined;
  let last: string | undefined;
  for (const [attr, all] of rows) {
    let list = options.lastN === undefined ? all : all.slice(-options.lastN);
    if (list.length > MAX_INSTANCES) {
      list = list.slice(-MAX_INSTANCES);
      truncated = true;
    }
    for (const r of list) {
      if (first === undefined || r.at < first) first = r.at;
      if (last === undefined || r.at > last) last = r.at;
    }
    const name = terms.compact(attr);
    const kind = list[0]?.instance.type ?? 'Property';
    if (options.mode === 'temporalValues') {
      // Each value keeps its own observedAt text (sub-millisecond digits included), else the kept time.
      // One values list per datasetId (clause 4.5.9); the default instance has no datasetId member.
      const groups = new Map<string | undefined, Row[]>();
      for (const r of list) {
        const key = typeof r.instance['datasetId'] === 'string' ? r.instance['datasetId'] : undefined;
        groups.set(key, [...(groups.get(key) ?? []), r]);
      }
      const rendered = [...groups].map(([datasetId, rows]) => ({
        type: kind,
        ...(datasetId === undefined ? {} : { datasetId }),
        values: rows.map((r) => [attrContent(r.instance), typeof r.instance['observedAt'] === 'string' ? r.instance['observedAt'] : r.at]),
      }));
      body[name] = rendered.length === 1 && groups.has(undefined) ? rendered[0] : rendered;
    } else if (options.mode === 'aggregated') {
      const out: Record<string, unknown> = { type: kind };
      const start = list[0]?.at;
      const end = list.at(-1)?.at;
      const buckets = new Map<number, Row[]>();
      const origin = start === undefined ? 0 : Date.parse(start);
      for (const r of list) {
        const k = options.periodMs === undefined ? 0 : Math.floor((Date.parse(r.at) - origin) / options.periodMs);
        let b = buckets.get(k);
        if (b === undefined) buckets.set(k, (b = []));
        b.push(r);
      }
      for (const method of options.methods) {
        out[method] = [...buckets].map(([k, b]) => {
          const from = options.periodMs === undefined ? start : new Date(origin + k * options.periodMs).toISOString();
          const to = options.periodMs === undefined ? end : new Date(origin + (k + 1) * options.periodMs).toISOString();
          return [aggregate(b.map((r) => attrContent(r.instance)), method), from, to];
        });
      }
      body[name] = out;
    } else {
      body[name] = list.map((r) => {
        const { createdAt, modifiedAt, ...rest } = r.instance;
        const rendered: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(rest)) rendered[k.startsWith('http') ? terms.compact(k) : k] = v;
        if (options.sysAttrs) Object.assign(rendered, { createdAt, modifiedAt });
        return rendered;
      });
    }
  }
  return { body, truncated, ...(first === undefined ? {} : { first }), ...(last === undefined ? {} : { last }) };
}

/** The SQL column each aggregate needs (totalCount: the row count every window carries; stddev from avg and sumsq). */
const SQL_COLUMNS: Record<Aggregate, readonly NumericAggregate[]> = {
  totalCount: [], distinctCount: ['distinct'], sum: ['sum'], avg: ['avg'], min: ['min'], max: ['max'], sumsq: ['sumsq'], stddev: ['avg', 'sumsq'],
};

/** Population standard deviation of a window from its mean and sum of squares (clause 4.5.19 `stddev`). */
function stddevOf(b: HistoryBucket): number | null {
  if (b.avg === null || b.avg === undefined || b.sumsq === null || b.sumsq === undefined) return null;
  return Math.sqrt(Math.max(0, b.sumsq / b.n - b.avg * b.avg));
}

function bucketValue(b: HistoryBucket, method: Aggregate): number | null {
  switch (method) {
    case 'totalCount': return b.n;
    case 'distinctCount': return b.distinct ?? null;
    case 'stddev': return stddevOf(b);
    default: return b[method] ?? null;
  }
}

/**
 * The aggregated representation computed inside SQLite (one range seek per window on the covering
 * index over the numeric column), when there is no lastN and every sample of an attribute is a
 * number (or only totalCount is asked); undefined → use the general path.
 */
function sqlAggregated(store: TenantStore, entity: StoredEntity, window: TimeWindow, attrs: Set<string> | undefined, terms: TermMap, options: TemporalOptions): Record<string, unknown> | undefined {
  if (options.mode !== 'aggregated' || options.lastN !== undefined) return undefined;
  const columns = new Set(options.methods.flatMap((m) => SQL_COLUMNS[m]));
  const onlyCount = options.methods.every((m) => m === 'totalCount');
  const body: Record<string, unknown> = { id: entity.id, type: entity.type.length === 1 ? terms.compact(entity.type[0] as string) : entity.type.map((t) => terms.compact(t)) };
  if (entity.scope !== undefined) body['scope'] = entity.scope.length === 1 ? entity.scope[0] : entity.scope;
  for (const attr of attrs ?? store.historyAttributes(entity.id)) {
    const series = store.historyBuckets(entity.id, attr, options.periodMs, columns, window.from, window.to);
    if (series === undefined) continue;
    if (!onlyCount && series.buckets.some((b) => b.numeric !== b.n)) return undefined;
    const { first, last, period } = series;
    const out: Record<string, unknown> = { type: entity.attrs[attr]?.[0]?.type ?? 'Property' };
    const startOf = (k: number): string => new Date(options.periodMs === undefined ? first : first + k * period).toISOString();
    const endOf = (k: number): string => new Date(options.periodMs === undefined ? last : first + (k + 1) * period).toISOString();
    for (const method of options.methods) out[method] = series.buckets.map((b) => [bucketValue(b, method), startOf(b.k), endOf(b.k)]);
    body[terms.compact(attr)] = out;
  }
  return body;
}

/**
 * Create or update the temporal representation of an entity (clause 5.6.11): every instance is
 * kept in the history; the entity's current state takes, per attribute and datasetId, the latest
 * instance by observedAt. 201 when the entity was created, 204 when it existed.
 */
function writeTemporal(broker: Broker, store: TenantStore, id: string, body: Record<string, unknown>, terms: TermMap): boolean {
  const now = new Date().toISOString();
  const existing = store.get(id);
  const types = body['type'] ?? body['@type'];
  if (existing === undefined && types === undefined) throw badData(`entity ${id} has no type`);
  const entity: StoredEntity = existing === undefined
    ? { id, type: parseTypes(types, terms), createdAt: now, modifiedAt: now, attrs: {} }
    : { ...existing, attrs: { ...existing.attrs }, modifiedAt: now };
  if (body['scope'] !== undefined) entity.scope = parseScope(body['scope']);
  if (existing !== undefined && types !== undefined) entity.type = [...new Set([...entity.type, ...parseTypes(types, terms)])];
  const rows: { attr: string; dataset: string; at: string; doc: string }[] = [];
  let count = 0;
  for (const [name, raw] of Object.entries(body)) {
    if (CORE_ENTITY_MEMBERS.has(name)) continue;
    assertName(name, 'attribute name');
    if (++count > broker.limits.attributesPerEntity) throw badData(`more than ${broker.limits.attributesPerEntity} attributes in one entity`);
    const iri = terms.expand(name);
    const list = Array.isArray(raw) ? raw : [raw];
    if (list.length === 0) throw badData(`attribute ${name}: no instances`);
    const latest = new Map<string, { at: string; attr: StoredAttr }>();
    for (const item of list) {
      const attr = parseAttribute(name, item, terms, { now, allowNull: false });
      if (attr === 'delete') throw badData(`attribute ${name}: urn:ngsi-ld:null has no place in a temporal representation`);
      const dataset = typeof attr['datasetId'] === 'string' ? attr['datasetId'] : '@default';
      const stamp = typeof attr['observedAt'] === 'string' ? attr['observedAt'] : now;
      const at = new Date(Date.parse(stamp)).toISOString();
      rows.push({ attr: iri, dataset, at, doc: JSON.stringify(attr) });
      const best = latest.get(dataset);
      if (best === undefined || at >= best.at) latest.set(dataset, { at, attr });
    }
    const kept = (entity.attrs[iri] ?? []).filter((a) => !latest.has(typeof a['datasetId'] === 'string' ? a['datasetId'] : '@default'));
    entity.attrs[iri] = [...kept, ...[...latest.values()].map((l) => l.attr)];
  }
  store.transaction((tx) => {
    tx.put(entity);
    tx.explicitHistory.add(id);
    for (const r of rows) tx.history.push({ entityId: id, ...r });
  });
  return existing === undefined;
}

export function temporalRoutes(app: FastifyInstance, broker: Broker): void {
  app.post(BASE, async (request, reply) => {
    requireJsonBody(request);
    const body = request.body;
    if (!isObject(body)) throw badData('a temporal representation must be a JSON object');
    const ctx = await requestContext(broker, request, body);
    const id = assertUri(body['id'] ?? body['@id'], 'entity id');
    const created = writeTemporal(broker, tenantOf(broker, request, true), id, body, ctx.terms);
    return created ? reply.code(201).header('location', `${BASE}/${id}`).send() : reply.code(204).send();
  });
  /** Add attributes to the temporal evolution of an existing entity (clause 5.6.12): 204, 404 when it does not exist. */
  app.post<{ Params: { id: string } }>(`${BASE}/:id/attrs`, async (request, reply) => {
    requireJsonBody(request);
    const body = request.body;
    if (!isObject(body)) throw badData('a temporal attribute fragment must be a JSON object');
    const id = assertUri(request.params.id, 'entity id');
    const claimed = body['id'] ?? body['@id'];
    if (claimed !== undefined && claimed !== id) throw badData(`the fragment's id ${String(claimed)} differs from the entity ${id} in the path`);
    const ctx = await requestContext(broker, request, body);
    const store = tenantOf(broker, request, true);
    if (store.get(id) === undefined) throw notFound(`entity ${id} not found`);
    writeTemporal(broker, store, id, body, ctx.terms);
    return reply.code(204).send();
  });
  app.delete<{ Params: { id: string } }>(`${BASE}/:id`, async (request, reply) => {
    const store = tenantOf(broker, request, false);
    const entity = store.get(request.params.id);
    if (entity === undefined) throw notFound(`entity ${request.params.id} not found`);
    store.transaction((tx) => tx.delete(entity.id));
    store.deleteHistory(entity.id);
    return reply.code(204).send();
  });

  const answer = (reply: FastifyReply, request: FastifyRequest, ctx: Awaited<ReturnType<typeof requestContext>>, payload: unknown, truncated: boolean, first?: string, last?: string): FastifyReply => {
    if (truncated && first !== undefined && last !== undefined) reply.header('content-range', `date-time ${first}-${last}/*`);
    return sendPayload(reply, negotiate(request, false), ctx, payload, truncated ? 206 : 200);
  };

  app.get<{ Params: { id: string } }>(`${BASE}/:id`, async (request, reply) => {
    const query = request.query as Query;
    const ctx = await requestContext(broker, request);
    const store = tenantOf(broker, request, false);
    const entity = store.get(request.params.id);
    if (entity === undefined) throw notFound(`entity ${request.params.id} not found`);
    const options = temporalOptions(query);
    const attrs = query['attrs'] === undefined ? undefined : new Set(query['attrs'].split(',').map((a) => ctx.terms.expand(a)));
    const window = timeWindow(query);
    const fast = sqlAggregated(store, entity, window, attrs, ctx.terms, options);
    if (fast !== undefined) return answer(reply, request, ctx, fast, false);
    const r = renderTemporal(entity, rowsOf(store, entity, window, attrs), ctx.terms, options);
    return answer(reply, request, ctx, r.body, r.truncated, r.first, r.last);
  });

  app.get(BASE, async (request, reply) => {
    const query = request.query as Query;
    const ctx = await requestContext(broker, request);
    const options = temporalOptions(query);
    const window = timeWindow(query);
    if (query['timerel'] === undefined) throw badData('a temporal query needs timerel and timeAt');
    const { attrs: _attrs, ...rest } = query;
    const filter = parseEntityFilter(rest, ctx.terms, true);
    const store = tenantOf(broker, request, false);
    const all = runQuery(store, filter, ctx.terms, undefined);
    const page = temporalPage(store, all, query, ctx.terms, options, window);
    if (page.count !== undefined) reply.header('ngsild-results-count', String(page.count));
    return answer(reply, request, ctx, page.bodies, page.truncated);
  });
}

/**
 * One page (`limit`, `offset`, `count`) of the temporal representations of the matching entities,
 * shared by GET /temporal/entities and POST /temporal/entityOperations/query (clause 6.24).
 */
export function temporalPage(store: TenantStore, all: readonly StoredEntity[], query: Query, terms: TermMap, options = temporalOptions(query), window = timeWindow(query)): { bodies: Record<string, unknown>[]; truncated: boolean; count?: number } {
  const limit = intParam(query, 'limit', 20);
  const offset = intParam(query, 'offset', 0);
  const attrs = query['attrs'] === undefined ? undefined : new Set(query['attrs'].split(',').map((a) => terms.expand(a)));
  let truncated = false;
  const bodies = all.slice(offset, offset + limit).map((e) => {
    const fast = sqlAggregated(store, e, window, attrs, terms, options);
    if (fast !== undefined) return fast;
    const r = renderTemporal(e, rowsOf(store, e, window, attrs), terms, options);
    truncated ||= r.truncated;
    return r.body;
  });
  const counted = query['count'] === 'true' || (query['options'] ?? '').split(',').includes('count');
  return { bodies, truncated, ...(counted ? { count: all.length } : {}) };
}
