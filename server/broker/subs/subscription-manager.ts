/**
 * Subscriptions and notifications (ETSI GS CIM 009 clauses 5.8, 5.11, 7.2 – 7.3): each entity
 * change is matched against the tenant's active subscriptions (entities, watchedAttributes,
 * notificationTrigger, q, geoQ, scopeQ, throttling, expiresAt) and a Notification is delivered by
 * HTTP POST, MQTT publish (clause 7.3: `{ metadata, body }`) or to the subscription's Server-Sent
 * Events stream (this broker's extension: GET /ngsi-ld/v1/subscriptions/{id}/events, same payload).
 */
import { randomUUID } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import type { Broker, EntityChange } from '../broker';
import type { TermMap } from '../context/term-map';
import { CORE_CONTEXT_URL, linkHeaderFor } from '../context/context-resolver';
import type { StoredEntity } from '../model/entity';
import { renderEntity, type Format } from '../model/render-entity';
import { matchesGeo, parseGeoQuery, type GeoQuery } from '../query/entity-query';
import { evaluateQ, parseQ, type QNode } from '../query/q-language';
import { matchesScopeQ, matchesType, parseTypeExpression, type TypeNode } from '../query/type-expression';
import type { StoredSubscription, TenantStore } from '../store/tenant-store';
import { isObject } from '../model/parse-entity';

export const DEFAULT_TRIGGERS = ['entityCreated', 'entityUpdated', 'attributeCreated', 'attributeUpdated'];

/** A subscription compiled once (term map, parsed q/geoQ) for matching on the hot path. */
interface Compiled {
  terms: TermMap;
  selectors: { id?: string; idPattern?: RegExp; type?: TypeNode }[];
  watched?: Set<string>;
  triggers: Set<string>;
  q?: QNode;
  geo?: GeoQuery;
  scopeQ?: string;
  attributes?: Set<string>;
}

export type SseSink = (payload: string) => void;

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export class SubscriptionManager {
  private readonly compiled = new Map<string, Compiled>();
  private readonly sse = new Map<string, Set<SseSink>>();
  private readonly mqttClients = new Map<string, Promise<MqttClient>>();
  private readonly inFlight = new Set<Promise<void>>();
  /** When each subscription last decided to notify (ms), set before delivery so throttling holds under bursts. */
  private readonly lastDecided = new Map<string, number>();

  constructor(private readonly broker: Broker) {
    broker.onChange((change) => this.onChange(change));
  }

  /** Compile a subscription (throws BrokerError on a bad q/geoQ/type). */
  async compile(doc: Record<string, unknown>): Promise<Compiled> {
    const { terms } = await this.broker.contexts.resolve(doc['@context']);
    const selectors = (Array.isArray(doc['entities']) ? doc['entities'] : []).filter(isObject).map((e) => {
      const s: Compiled['selectors'][number] = {};
      if (typeof e['id'] === 'string') s.id = e['id'];
      if (typeof e['idPattern'] === 'string') s.idPattern = new RegExp(e['idPattern']);
      if (typeof e['type'] === 'string') s.type = parseTypeExpression(e['type'], terms);
      return s;
    });
    const out: Compiled = { terms, selectors, triggers: new Set(Array.isArray(doc['notificationTrigger']) ? (doc['notificationTrigger'] as string[]) : DEFAULT_TRIGGERS) };
    if (Array.isArray(doc['watchedAttributes'])) out.watched = new Set((doc['watchedAttributes'] as string[]).map((a) => terms.expand(a)));
    if (typeof doc['q'] === 'string') out.q = parseQ(doc['q']);
    const geoQ = doc['geoQ'];
    if (isObject(geoQ)) {
      const geo = parseGeoQuery(str(geoQ['georel']), str(geoQ['geometry']), geoQ['coordinates'], str(geoQ['geoproperty']), terms);
      if (geo !== undefined) out.geo = geo;
    }
    if (typeof doc['scopeQ'] === 'string') out.scopeQ = doc['scopeQ'];
    const notification = isObject(doc['notification']) ? doc['notification'] : {};
    if (Array.isArray(notification['attributes'])) out.attributes = new Set((notification['attributes'] as string[]).map((a) => terms.expand(a)));
    return out;
  }

  async register(tenant: string, sub: StoredSubscription): Promise<void> {
    this.compiled.set(`${tenant}\u0000${sub.id}`, await this.compile(sub.doc));
  }

  forget(tenant: string, id: string): void {
    this.compiled.delete(`${tenant}\u0000${id}`);
  }

  /** Attach an SSE client; returns the detach function. */
  attachSse(tenant: string, id: string, sink: SseSink): () => void {
    const key = `${tenant}\u0000${id}`;
    let set = this.sse.get(key);
    if (set === undefined) this.sse.set(key, (set = new Set()));
    set.add(sink);
    return () => set.delete(sink);
  }

  private async compiledFor(tenant: string, sub: StoredSubscription): Promise<Compiled> {
    const key = `${tenant}\u0000${sub.id}`;
    const hit = this.compiled.get(key);
    if (hit !== undefined) return hit;
    const c = await this.compile(sub.doc);
    this.compiled.set(key, c);
    return c;
  }

  private onChange(change: EntityChange): void {
    let store: TenantStore;
    try {
      store = this.broker.tenant(change.tenant === '' ? undefined : change.tenant, false);
    } catch {
      return;
    }
    if (store.subscriptions.size === 0) return;
    const task = this.dispatch(change, store).catch(() => undefined);
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }

  private async dispatch(change: EntityChange, store: TenantStore): Promise<void> {
    const entity = change.after ?? change.before;
    if (entity === undefined) return;
    const events = new Set<string>();
    if (change.before === undefined) events.add('entityCreated');
    else if (change.after === undefined) events.add('entityDeleted');
    else events.add('entityUpdated');
    if (change.created.length > 0 && change.before !== undefined) events.add('attributeCreated');
    if (change.updated.length > 0) events.add('attributeUpdated');
    if (change.deleted.length > 0 && change.after !== undefined) events.add('attributeDeleted');
    const touched = [...change.created, ...change.updated, ...change.deleted];
    const now = Date.now();
    for (const sub of store.subscriptions.values()) {
      const doc = sub.doc;
      if (doc['isActive'] === false || doc['status'] === 'paused') continue;
      if (typeof doc['expiresAt'] === 'string' && Date.parse(doc['expiresAt']) <= now) {
        if (doc['status'] !== 'expired') store.saveSubscription({ id: sub.id, doc: { ...doc, status: 'expired' } });
        continue;
      }
      if (typeof doc['timeInterval'] === 'number') continue;
      const c = await this.compiledFor(change.tenant, sub);
      if (!(c.selectors.length === 0 || c.selectors.some((s) => (s.id === undefined || s.id === entity.id) && (s.idPattern === undefined || s.idPattern.test(entity.id)) && (s.type === undefined || matchesType(s.type, entity.type))))) continue;
      if (![...events].some((e) => c.triggers.has(e))) continue;
      if (c.watched !== undefined && change.before !== undefined && change.after !== undefined && !touched.some((a) => c.watched?.has(a))) continue;
      if (c.watched !== undefined && change.before === undefined && !Object.keys(entity.attrs).some((a) => c.watched?.has(a))) continue;
      if (c.q !== undefined && !evaluateQ(c.q, entity, c.terms)) continue;
      if (c.geo !== undefined && !matchesGeo(entity, c.geo)) continue;
      if (c.scopeQ !== undefined && !matchesScopeQ(c.scopeQ, entity.scope)) continue;
      const notification = isObject(doc['notification']) ? doc['notification'] : {};
      const key = `${change.tenant}\u0000${sub.id}`;
      const lastText = str(notification['lastNotification']);
      const last = Math.max(this.lastDecided.get(key) ?? -Infinity, lastText === undefined ? -Infinity : Date.parse(lastText));
      if (typeof doc['throttling'] === 'number' && now - last < doc['throttling'] * 1000) continue;
      this.lastDecided.set(key, now);
      await this.notify(change.tenant, store, sub, c, [entity], change.after === undefined ? change.before : undefined, change.before);
    }
  }

  /** Build and deliver one notification (also used for the initial notification). */
  async notify(tenant: string, store: TenantStore, sub: StoredSubscription, c: Compiled, entities: StoredEntity[], deleted?: StoredEntity, before?: StoredEntity): Promise<void> {
    const doc = sub.doc;
    const notification = isObject(doc['notification']) ? doc['notification'] : {};
    const endpoint = isObject(notification['endpoint']) ? notification['endpoint'] : {};
    const format = (str(notification['format']) ?? 'normalized') as Format;
    const data = entities.map((e) => {
      if (deleted !== undefined) return { id: e.id, type: e.type.map((t) => c.terms.compact(t)).join(','), deletedAt: new Date().toISOString() };
      const rendered = renderEntity(e, c.terms, { format: format === ('keyValues' as Format) || format === ('simplified' as Format) ? 'keyValues' : format, sysAttrs: notification['sysAttrs'] === true, ...(c.attributes === undefined ? {} : { attrs: c.attributes }), ...(typeof doc['lang'] === 'string' ? { lang: doc['lang'] } : {}) });
      if (notification['showChanges'] === true && before !== undefined) {
        for (const [iri, instances] of Object.entries(before.attrs)) {
          const name = c.terms.compact(iri);
          const target = rendered[name];
          const old = instances[0];
          if (isObject(target) && old !== undefined) target['previousValue'] = old['value'] ?? old['object'];
        }
      }
      return rendered;
    });
    const payload: Record<string, unknown> = { id: `urn:ngsi-ld:Notification:${randomUUID()}`, type: 'Notification', subscriptionId: sub.id, notifiedAt: new Date().toISOString(), data };
    const accept = str(endpoint['accept']) ?? 'application/json';
    const contextValue = doc['@context'] ?? CORE_CONTEXT_URL;
    if (accept === 'application/ld+json') payload['@context'] = contextValue;
    const body = JSON.stringify(payload);
    for (const sink of this.sse.get(`${tenant}\u0000${sub.id}`) ?? []) sink(body);
    const uri = str(endpoint['uri']) ?? '';
    let ok = true;
    try {
      if (/^https?:/.test(uri)) {
        const headers: Record<string, string> = { 'content-type': accept };
        if (accept !== 'application/ld+json') headers['link'] = linkHeaderFor(typeof contextValue === 'string' ? contextValue : CORE_CONTEXT_URL);
        if (tenant !== '') headers['ngsild-tenant'] = tenant;
        for (const info of Array.isArray(endpoint['receiverInfo']) ? endpoint['receiverInfo'] : []) if (isObject(info) && typeof info['key'] === 'string') headers[info['key']] = String(info['value']);
        const response = await fetch(uri, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
        ok = response.ok;
        await response.arrayBuffer();
      } else if (/^mqtts?:/.test(uri)) {
        await this.publishMqtt(uri, JSON.stringify({ metadata: { 'Content-Type': accept, ...(tenant === '' ? {} : { 'NGSILD-Tenant': tenant }) }, body: payload }));
      }
    } catch {
      ok = false;
    }
    const at = new Date().toISOString();
    const current = store.subscriptions.get(sub.id);
    if (current === undefined) return;
    const n = isObject(current.doc['notification']) ? { ...current.doc['notification'] } : {};
    n['timesSent'] = (typeof n['timesSent'] === 'number' ? n['timesSent'] : 0) + 1;
    n['lastNotification'] = at;
    if (ok) {
      n['lastSuccess'] = at;
      n['status'] = 'ok';
    } else {
      n['lastFailure'] = at;
      n['timesFailed'] = (typeof n['timesFailed'] === 'number' ? n['timesFailed'] : 0) + 1;
      n['status'] = 'failed';
    }
    store.saveSubscription({ id: sub.id, doc: { ...current.doc, notification: n } });
  }

  private async publishMqtt(uri: string, message: string): Promise<void> {
    const url = new URL(uri);
    const key = `${url.protocol}//${url.host}`;
    let client = this.mqttClients.get(key);
    if (client === undefined) {
      const { connectAsync } = await import('mqtt');
      client = connectAsync(key, { ...(url.username === '' ? {} : { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }), connectTimeout: 5000, reconnectPeriod: 0 });
      this.mqttClients.set(key, client);
      client.catch(() => this.mqttClients.delete(key));
    }
    const topic = decodeURIComponent(url.pathname.replace(/^\//, ''));
    await (await client).publishAsync(topic, message, { qos: 1 });
  }

  /** Wait for notifications in flight (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    await this.drain();
    for (const client of this.mqttClients.values()) {
      try {
        await (await client).endAsync();
      } catch {
        /* a client that never connected has nothing to close */
      }
    }
    this.mqttClients.clear();
  }
}
