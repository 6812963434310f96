/**
 * /ngsi-ld/v1/subscriptions (ETSI GS CIM 009 clauses 5.8, 6.10 – 6.11) plus the SSE extension
 * GET /ngsi-ld/v1/subscriptions/{id}/events (text/event-stream, one `notification` event per
 * Notification, the same JSON payload as an HTTP notification).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Broker } from '../broker';
import { BrokerError, badData, notFound } from '../errors';
import { assertUri, isObject } from '../model/parse-entity';
import { CORE_CONTEXT_URL } from '../context/context-resolver';
import type { SubscriptionManager } from '../subs/subscription-manager';
import { intParam, negotiate, requestContext, requireJsonBody, sendPayload, tenantName, tenantOf, type Query } from './http';

const BASE = '/ngsi-ld/v1/subscriptions';
const RUNTIME = ['status', 'timesSent', 'timesFailed', 'lastNotification', 'lastFailure', 'lastSuccess'];
const TRIGGERS = new Set(['entityCreated', 'entityUpdated', 'entityDeleted', 'attributeCreated', 'attributeUpdated', 'attributeDeleted']);

/** Validate a subscription body (create: full; patch: fragment). */
function validate(doc: Record<string, unknown>, full: boolean): void {
  if (full && doc['type'] !== 'Subscription') throw badData('a subscription needs "type": "Subscription"');
  if (full && doc['entities'] === undefined && doc['watchedAttributes'] === undefined) throw badData('a subscription needs entities or watchedAttributes');
  if (doc['entities'] !== undefined) {
    if (!Array.isArray(doc['entities']) || doc['entities'].length === 0) throw badData('entities must be a non-empty array');
    for (const e of doc['entities']) {
      if (!isObject(e) || typeof e['type'] !== 'string') throw badData('each entities item needs a type');
      if (e['id'] !== undefined) assertUri(e['id'], 'entities[].id');
    }
  }
  if (doc['watchedAttributes'] !== undefined && (!Array.isArray(doc['watchedAttributes']) || doc['watchedAttributes'].length === 0 || !doc['watchedAttributes'].every((a) => typeof a === 'string'))) throw badData('watchedAttributes must be a non-empty array of names');
  if (doc['notificationTrigger'] !== undefined && (!Array.isArray(doc['notificationTrigger']) || !doc['notificationTrigger'].every((t) => typeof t === 'string' && TRIGGERS.has(t)))) throw badData(`notificationTrigger must list values of ${[...TRIGGERS].join(', ')}`);
  if (doc['throttling'] !== undefined && (typeof doc['throttling'] !== 'number' || doc['throttling'] <= 0)) throw badData('throttling must be a positive number of seconds');
  if (doc['timeInterval'] !== undefined && (typeof doc['timeInterval'] !== 'number' || doc['timeInterval'] <= 0)) throw badData('timeInterval must be a positive number of seconds');
  if (doc['throttling'] !== undefined && doc['timeInterval'] !== undefined) throw badData('throttling and timeInterval must not be used together');
  if (doc['expiresAt'] !== undefined && (typeof doc['expiresAt'] !== 'string' || Number.isNaN(Date.parse(doc['expiresAt'])))) throw badData('expiresAt must be a DateTime');
  if (full && typeof doc['expiresAt'] === 'string' && Date.parse(doc['expiresAt']) < Date.now()) throw badData('expiresAt is in the past');
  if (doc['jsonldContext'] !== undefined) assertUri(doc['jsonldContext'], 'jsonldContext');
  if (doc['isActive'] !== undefined && typeof doc['isActive'] !== 'boolean') throw badData('isActive must be a boolean');
  if (full || doc['notification'] !== undefined) {
    const n = doc['notification'];
    if (!isObject(n) || !isObject(n['endpoint'])) throw badData('notification.endpoint is required');
    assertUri(n['endpoint']['uri'], 'notification.endpoint.uri');
    if (n['format'] !== undefined && !['normalized', 'keyValues', 'simplified', 'concise'].includes(String(n['format']))) throw badData(`notification.format ${String(n['format'])} is not supported`);
    if (n['sysAttrs'] !== undefined && typeof n['sysAttrs'] !== 'boolean') throw badData('notification.sysAttrs must be a boolean');
    if (n['sysAttrs'] === true && (n['format'] === 'keyValues' || n['format'] === 'simplified')) throw badData('notification.sysAttrs has no place in the simplified format');
    for (const member of ['pick', 'omit', 'attributes'] as const) {
      if (n[member] !== undefined && (!Array.isArray(n[member]) || !n[member].every((a) => typeof a === 'string'))) throw badData(`notification.${member} must be an array of names`);
    }
    if (Array.isArray(n['pick']) && Array.isArray(n['omit']) && n['pick'].some((a) => (n['omit'] as unknown[]).includes(a))) throw badData('notification.pick and notification.omit name the same member');
    if (n['attributes'] !== undefined && (!Array.isArray(n['attributes']) || n['attributes'].length === 0)) throw badData('notification.attributes must be a non-empty array');
  }
}

function present(doc: Record<string, unknown>, sysAttrs: boolean): Record<string, unknown> {
  const { '@context': _context, createdAt, modifiedAt, ...rest } = doc;
  const out: Record<string, unknown> = { ...rest };
  out['isActive'] = doc['isActive'] !== false;
  out['status'] = doc['status'] === 'expired' || (typeof doc['expiresAt'] === 'string' && Date.parse(doc['expiresAt']) <= Date.now()) ? 'expired' : out['isActive'] === false ? 'paused' : 'active';
  if (sysAttrs) Object.assign(out, { createdAt, modifiedAt });
  const n = isObject(doc['notification']) ? { ...doc['notification'] } : {};
  n['format'] ??= 'normalized';
  if (isObject(n['endpoint'])) n['endpoint'] = { accept: 'application/json', ...n['endpoint'] };
  if (n['timesSent'] === 0) delete n['timesSent'];
  out['notification'] = n;
  out['jsonldContext'] = typeof doc['jsonldContext'] === 'string' ? doc['jsonldContext'] : typeof doc['@context'] === 'string' ? doc['@context'] : CORE_CONTEXT_URL;
  return out;
}

export function subscriptionRoutes(app: FastifyInstance, broker: Broker, manager: SubscriptionManager): void {
  app.post(BASE, async (request, reply) => {
    requireJsonBody(request);
    const body = request.body;
    if (!isObject(body)) throw badData('a subscription must be a JSON object');
    const context = await requestContext(broker, request, body);
    validate(body, true);
    const id = body['id'] === undefined ? `urn:ngsi-ld:Subscription:${randomUUID()}` : assertUri(body['id'], 'subscription id');
    const store = tenantOf(broker, request, true);
    if (store.subscriptions.has(id)) throw new BrokerError('AlreadyExists', `subscription ${id} already exists`);
    const now = new Date().toISOString();
    const notification = { ...(body['notification'] as Record<string, unknown>) };
    for (const k of RUNTIME) delete notification[k];
    const doc: Record<string, unknown> = { ...body, id, notification: { ...notification, status: 'ok', timesSent: 0 }, createdAt: now, modifiedAt: now };
    if (context.value !== undefined) doc['@context'] = context.value;
    else delete doc['@context'];
    await manager.compile(doc);
    const sub = { id, doc };
    store.saveSubscription(sub);
    await manager.register(tenantName(request) ?? '', sub);
    return reply.code(201).header('location', `${BASE}/${id}`).send();
  });

  app.get(BASE, async (request, reply) => {
    const query = request.query as Query;
    const accept = negotiate(request, false);
    const context = await requestContext(broker, request);
    const store = tenantOf(broker, request, false);
    const all = [...store.subscriptions.values()];
    const limit = intParam(query, 'limit', 20);
    const offset = intParam(query, 'offset', 0);
    if (query['count'] === 'true') reply.header('ngsild-results-count', String(all.length));
    const sysAttrs = (query['options'] ?? '').includes('sysAttrs');
    return sendPayload(reply, accept, context, all.slice(offset, offset + limit).map((s) => present(s.doc, sysAttrs)));
  });

  app.get<{ Params: { id: string } }>(`${BASE}/:id`, async (request, reply) => {
    const accept = negotiate(request, false);
    const context = await requestContext(broker, request);
    const sub = tenantOf(broker, request, false).subscriptions.get(request.params.id);
    if (sub === undefined) throw notFound(`subscription ${request.params.id} not found`);
    const sysAttrs = ((request.query as Query)['options'] ?? '').includes('sysAttrs');
    return sendPayload(reply, accept, { terms: context.terms, value: sub.doc['@context'] ?? context.value }, present(sub.doc, sysAttrs));
  });

  app.patch<{ Params: { id: string } }>(`${BASE}/:id`, async (request, reply) => {
    requireJsonBody(request, true);
    const body = request.body;
    if (!isObject(body) || Object.keys(body).filter((k) => k !== '@context').length === 0) throw badData('a subscription fragment must be a non-empty JSON object');
    await requestContext(broker, request, body);
    const store = tenantOf(broker, request, false);
    const sub = store.subscriptions.get(request.params.id);
    if (sub === undefined) throw notFound(`subscription ${request.params.id} not found`);
    if (body['id'] !== undefined && body['id'] !== sub.id) throw badData('the id of a subscription cannot change');
    validate(body, false);
    const doc: Record<string, unknown> = { ...sub.doc, ...body, modifiedAt: new Date().toISOString() };
    if (isObject(body['notification'])) doc['notification'] = { ...(sub.doc['notification'] as Record<string, unknown>), ...body['notification'] };
    if (body['@context'] === undefined) doc['@context'] = sub.doc['@context'];
    if (doc['@context'] === undefined) delete doc['@context'];
    if (body['expiresAt'] !== undefined && doc['status'] === 'expired') delete doc['status'];
    await manager.compile(doc);
    const next = { id: sub.id, doc };
    store.saveSubscription(next);
    await manager.register(tenantName(request) ?? '', next);
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string } }>(`${BASE}/:id`, async (request, reply) => {
    const store = tenantOf(broker, request, false);
    if (!store.deleteSubscription(request.params.id)) throw notFound(`subscription ${request.params.id} not found`);
    manager.forget(tenantName(request) ?? '', request.params.id);
    return reply.code(204).send();
  });

  app.get<{ Params: { id: string } }>(`${BASE}/:id/events`, async (request, reply) => {
    const store = tenantOf(broker, request, false);
    if (!store.subscriptions.has(request.params.id)) throw notFound(`subscription ${request.params.id} not found`);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'access-control-allow-origin': '*' });
    res.write(': civic-twin NGSI-LD notifications\n\n');
    const detach = manager.attachSse(tenantName(request) ?? '', request.params.id, (payload) => {
      res.write(`event: notification\ndata: ${payload}\n\n`);
    });
    request.raw.on('close', detach);
  });
}
