/**
 * Typed NGSI-LD client (ETSI GS CIM 009 V1.8 HTTP binding, clause 6): entities, batch operations,
 * subscriptions, temporal (own base URL: some deployments serve history from a separate service),
 * tenants (`NGSILD-Tenant`), a token hook (Bearer). Sends the viewer's @context as a Link header
 * (§6.3.5) when one is given, asks for only the attributes wanted (`attrs`), follows pagination
 * (Link `rel="next"`, else offset + `NGSILD-Results-Count`, which Orion-LD answers without Link),
 * turns ProblemDetails into NgsiError, and retries transport failures and 5xx answers with
 * exponential backoff (every operation it sends is idempotent except entity/subscription creation,
 * which is retried only on 503, an answer that means nothing was done).
 */
import { NgsiError, errorFromResponse } from './errors';
import { parseEntities, parseEntity, type ParsedEntity } from './parse';
import { readServerSentEvents } from './sse';

export type Representation = 'normalized' | 'concise' | 'simplified' | 'geojson';

export interface NgsiClientOptions {
  /** Broker API root, e.g. `http://localhost:1026/ngsi-ld/v1`. */
  baseUrl: string;
  /** Temporal API root; default baseUrl. */
  temporalBaseUrl?: string;
  tenant?: string;
  /** The viewer's own @context URL, sent as a Link header; default none (core context). */
  contextUrl?: string;
  /** Returns a Bearer token (or undefined for none) before every request. */
  token?: () => string | undefined | Promise<string | undefined>;
  /** Attempts after the first on transport failure or 5xx; default 3. */
  retries?: number;
  /** First backoff delay (ms), doubled each retry; default 200. */
  backoffMs?: number;
  /** Entities per page; default 100. */
  pageSize?: number;
  fetch?: typeof fetch;
}

export interface QueryParams {
  type?: string;
  id?: string;
  idPattern?: string;
  q?: string;
  attrs?: readonly string[];
  georel?: string;
  geometry?: string;
  coordinates?: string;
  geoproperty?: string;
  format?: Representation;
  /** Stop after this many entities. */
  max?: number;
}

export interface TemporalParams {
  attrs?: readonly string[];
  timerel?: 'before' | 'after' | 'between';
  timeAt?: string;
  endTimeAt?: string;
  lastN?: number;
  temporalValues?: boolean;
}

export interface BatchResult {
  success: string[];
  errors: { entityId: string; error: unknown }[];
}

interface RequestOptions {
  method?: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  accept?: string;
  temporal?: boolean;
  /** May be retried on any 5xx (idempotent). */
  idempotent?: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The `rel="next"` target of a Link header, or undefined. */
export function nextLink(link: string | null): string | undefined {
  if (link === null) return undefined;
  for (const part of link.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (m !== null && /rel="?next"?/.test(m[2] ?? '')) return m[1];
  }
  return undefined;
}

export class NgsiClient {
  private readonly fetchImpl: typeof fetch;
  constructor(readonly options: NgsiClientOptions) {
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** The same client for another tenant. */
  withTenant(tenant: string): NgsiClient {
    return new NgsiClient({ ...this.options, tenant });
  }

  private url(path: string, query: RequestOptions['query'], temporal: boolean): string {
    const root = (temporal ? (this.options.temporalBaseUrl ?? this.options.baseUrl) : this.options.baseUrl).replace(/\/$/, '');
    const url = new URL(path.startsWith('http') ? path : `${root}${path}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  }

  /** One HTTP exchange with retries; returns the Response of a 2xx, throws NgsiError otherwise. */
  async request(path: string, options: RequestOptions = {}): Promise<Response> {
    const method = options.method ?? 'GET';
    const operation = `${method} ${path.split('?')[0] ?? path}`;
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
    if (this.options.contextUrl !== undefined) headers['link'] = `<${this.options.contextUrl}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`;
    if (this.options.tenant !== undefined) headers['ngsild-tenant'] = this.options.tenant;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const retries = this.options.retries ?? 3;
    const url = this.url(path, options.query, options.temporal ?? false);
    for (let attempt = 0; ; attempt++) {
      const token = await this.options.token?.();
      if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
      let response: Response;
      try {
        response = await this.fetchImpl(url, { method, headers, ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }) });
      } catch (cause) {
        if (attempt < retries) {
          await sleep((this.options.backoffMs ?? 200) * 2 ** attempt);
          continue;
        }
        throw new NgsiError('Unavailable', 0, { type: 'about:blank', detail: `${(cause as Error).message} after ${attempt + 1} attempt(s)` }, operation, { cause });
      }
      if (response.ok) return response;
      const retryable = response.status === 503 || (response.status >= 500 && (options.idempotent ?? method !== 'POST'));
      const text = await response.text();
      if (retryable && attempt < retries) {
        const after = Number(response.headers.get('retry-after'));
        await sleep(Number.isFinite(after) && after > 0 ? after * 1000 : (this.options.backoffMs ?? 200) * 2 ** attempt);
        continue;
      }
      throw errorFromResponse(response.status, text, operation);
    }
  }

  private static formatQuery(format: Representation | undefined): { options?: string; accept?: string } {
    if (format === 'concise') return { options: 'concise' };
    if (format === 'simplified') return { options: 'keyValues' };
    if (format === 'geojson') return { accept: 'application/geo+json' };
    return {};
  }

  /**
   * Every page of a query as the broker sent its entities (JSON objects, GeoJSON Features for
   * `geojson`), following Link next or offset + count; `sysAttrs` adds createdAt/modifiedAt.
   */
  async *queryRawPages(params: QueryParams & { sysAttrs?: boolean }): AsyncGenerator<Record<string, unknown>[]> {
    const limit = this.options.pageSize ?? 100;
    const fmt = NgsiClient.formatQuery(params.format);
    const options = [fmt.options, params.sysAttrs === true ? 'sysAttrs' : undefined].filter((o) => o !== undefined).join(',');
    const baseQuery = { type: params.type, id: params.id, idPattern: params.idPattern, q: params.q, attrs: params.attrs?.join(','), georel: params.georel, geometry: params.geometry, coordinates: params.coordinates, geoproperty: params.geoproperty, options: options === '' ? undefined : options, limit, count: 'true' };
    let next = this.url('/entities', { ...baseQuery, offset: 0 }, false);
    let offset = 0;
    let seen = 0;
    for (;;) {
      const response = await this.request(next, fmt.accept === undefined ? {} : { accept: fmt.accept });
      const body = (await response.json()) as unknown;
      const items = Array.isArray(body) ? body : typeof body === 'object' && body !== null && Array.isArray((body as { features?: unknown }).features) ? (body as { features: unknown[] }).features : [body];
      const page = items.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x));
      const remaining = params.max === undefined ? page : page.slice(0, params.max - seen);
      seen += remaining.length;
      if (remaining.length > 0) yield remaining;
      if (params.max !== undefined && seen >= params.max) return;
      offset += page.length;
      const link = nextLink(response.headers.get('link'));
      const count = Number(response.headers.get('ngsild-results-count') ?? Number.NaN);
      if (link !== undefined) next = new URL(link, next).toString();
      else if (page.length < limit || (Number.isFinite(count) && offset >= count)) return;
      else next = this.url('/entities', { ...baseQuery, offset }, false);
    }
  }

  /** Every page of a query, parsed (any representation), following Link next or offset + count. */
  async *queryPages(params: QueryParams): AsyncGenerator<ParsedEntity[]> {
    for await (const page of this.queryRawPages(params)) yield page.map(parseEntity);
  }

  async queryEntities(params: QueryParams): Promise<ParsedEntity[]> {
    const all: ParsedEntity[] = [];
    for await (const page of this.queryPages(params)) all.push(...page);
    return all;
  }

  async getEntity(id: string, params: { attrs?: readonly string[]; format?: Representation } = {}): Promise<ParsedEntity> {
    const fmt = NgsiClient.formatQuery(params.format);
    const response = await this.request(`/entities/${encodeURIComponent(id)}`, { query: { attrs: params.attrs?.join(','), options: fmt.options }, ...(fmt.accept === undefined ? {} : { accept: fmt.accept }) });
    const [entity] = parseEntities(await response.json());
    if (entity === undefined) throw new NgsiError('ResourceNotFound', 404, undefined, `GET /entities/${id}`);
    return entity;
  }

  async createEntity(entity: Record<string, unknown>): Promise<void> {
    await this.request('/entities', { method: 'POST', body: entity, idempotent: false });
  }

  async deleteEntity(id: string): Promise<void> {
    await this.request(`/entities/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }

  /** PATCH /entities/{id}/attrs (partial update of existing attributes). */
  async updateAttributes(id: string, fragment: Record<string, unknown>): Promise<void> {
    await this.request(`/entities/${encodeURIComponent(id)}/attrs`, { method: 'PATCH', body: fragment });
  }

  private async batch(op: 'create' | 'upsert' | 'update' | 'delete', body: unknown): Promise<BatchResult> {
    const response = await this.request(`/entityOperations/${op}`, { method: 'POST', body, idempotent: op !== 'create' });
    if (response.status === 207) return (await response.json()) as BatchResult;
    const text = await response.text();
    const created = text === '' ? [] : (JSON.parse(text) as unknown);
    return { success: Array.isArray(created) ? created.filter((x): x is string => typeof x === 'string') : [], errors: [] };
  }

  batchCreate(entities: readonly Record<string, unknown>[]): Promise<BatchResult> {
    return this.batch('create', entities);
  }
  batchUpsert(entities: readonly Record<string, unknown>[]): Promise<BatchResult> {
    return this.batch('upsert', entities);
  }
  batchUpdate(entities: readonly Record<string, unknown>[]): Promise<BatchResult> {
    return this.batch('update', entities);
  }
  batchDelete(ids: readonly string[]): Promise<BatchResult> {
    return this.batch('delete', ids);
  }

  /** Creates a subscription; returns its id (from the Location header). */
  async createSubscription(subscription: Record<string, unknown>): Promise<string> {
    const response = await this.request('/subscriptions', { method: 'POST', body: { type: 'Subscription', ...subscription }, idempotent: false });
    const location = response.headers.get('location') ?? '';
    const id = typeof subscription['id'] === 'string' ? subscription['id'] : decodeURIComponent(location.split('/').pop() ?? '');
    if (id === '') throw new NgsiError('Unknown', response.status, { type: 'about:blank', detail: 'no Location header' }, 'POST /subscriptions');
    return id;
  }

  async getSubscription(id: string): Promise<Record<string, unknown>> {
    return (await (await this.request(`/subscriptions/${encodeURIComponent(id)}`)).json()) as Record<string, unknown>;
  }

  async deleteSubscription(id: string): Promise<void> {
    await this.request(`/subscriptions/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }

  /**
   * Notifications of a subscription streamed over Server-Sent Events (the embedded broker's
   * extension GET /subscriptions/{id}/events); ends when `signal` aborts.
   */
  async *notifications(subscriptionId: string, signal?: AbortSignal): AsyncGenerator<Notification> {
    const url = this.url(`/subscriptions/${encodeURIComponent(subscriptionId)}/events`, undefined, false);
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    const token = await this.options.token?.();
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    if (this.options.tenant !== undefined) headers['ngsild-tenant'] = this.options.tenant;
    const response = await this.fetchImpl(url, { headers, ...(signal === undefined ? {} : { signal }) });
    if (!response.ok || response.body === null) throw errorFromResponse(response.status, await response.text(), `GET /subscriptions/${subscriptionId}/events`);
    try {
      for await (const event of readServerSentEvents(response.body)) {
        if (event.event !== 'notification') continue;
        const body = JSON.parse(event.data) as { subscriptionId?: unknown; notifiedAt?: unknown; data?: unknown };
        yield {
          subscriptionId: typeof body.subscriptionId === 'string' ? body.subscriptionId : subscriptionId,
          ...(typeof body.notifiedAt === 'string' ? { notifiedAt: body.notifiedAt } : {}),
          data: parseEntities(Array.isArray(body.data) ? body.data : []),
        };
      }
    } catch (error) {
      if (signal?.aborted === true) return;
      throw error;
    }
  }

  /** GET {temporalBaseUrl}/temporal/entities/{id}: the entity's attribute instances over time. */
  async getTemporal(id: string, params: TemporalParams = {}): Promise<ParsedEntity> {
    const response = await this.request(`/temporal/entities/${encodeURIComponent(id)}`, {
      temporal: true,
      query: { attrs: params.attrs?.join(','), timerel: params.timerel, timeAt: params.timeAt, endTimeAt: params.endTimeAt, lastN: params.lastN, options: params.temporalValues === true ? 'temporalValues' : undefined },
    });
    const [entity] = parseEntities(await response.json());
    if (entity === undefined) throw new NgsiError('ResourceNotFound', 404, undefined, `GET /temporal/entities/${id}`);
    return entity;
  }
}

export interface Notification {
  subscriptionId: string;
  notifiedAt?: string;
  data: ParsedEntity[];
}

export function createNgsiClient(options: NgsiClientOptions): NgsiClient {
  return new NgsiClient(options);
}
