/**
 * Discovery: /types, /types/{type}, /attributes, /attributes/{attrId}
 * (ETSI GS CIM 009 clauses 5.7.5 – 5.7.10, data types EntityTypeList, EntityType,
 * EntityTypeInfo, AttributeList, Attribute in 5.2.24 – 5.2.28).
 */
import type { FastifyInstance } from 'fastify';
import type { Broker } from '../broker';
import { notFound } from '../errors';
import type { StoredEntity } from '../model/entity';
import { negotiate, requestContext, sendPayload, tenantOf, type Query } from './http';

const BASE = '/ngsi-ld/v1';

interface TypeSummary { entityCount: number; attrs: Map<string, Set<string>> }

function summarize(entities: Iterable<StoredEntity>): Map<string, TypeSummary> {
  const out = new Map<string, TypeSummary>();
  for (const e of entities) {
    for (const t of e.type) {
      let s = out.get(t);
      if (s === undefined) out.set(t, (s = { entityCount: 0, attrs: new Map() }));
      s.entityCount++;
      for (const [iri, instances] of Object.entries(e.attrs)) {
        let types = s.attrs.get(iri);
        if (types === undefined) s.attrs.set(iri, (types = new Set()));
        for (const a of instances) types.add(a.type);
      }
    }
  }
  return out;
}

export function typeRoutes(app: FastifyInstance, broker: Broker): void {
  app.get(`${BASE}/types`, async (request, reply) => {
    const accept = negotiate(request, false);
    const context = await requestContext(broker, request);
    const t = context.terms;
    const types = summarize(tenantOf(broker, request, false).allEntities());
    if ((request.query as Query)['details'] === 'true') {
      return sendPayload(reply, accept, context, [...types].map(([iri, s]) => ({ id: iri, type: 'EntityType', typeName: t.compact(iri), attributeNames: [...s.attrs.keys()].map((a) => t.compact(a)) })));
    }
    return sendPayload(reply, accept, context, { id: `urn:ngsi-ld:EntityTypeList:${types.size}`, type: 'EntityTypeList', typeList: [...types.keys()].map((iri) => t.compact(iri)) });
  });
  app.get<{ Params: { type: string } }>(`${BASE}/types/:type`, async (request, reply) => {
    const accept = negotiate(request, false);
    const context = await requestContext(broker, request);
    const t = context.terms;
    const iri = t.expand(request.params.type);
    const s = summarize(tenantOf(broker, request, false).candidates([iri], undefined)).get(iri);
    if (s === undefined) throw notFound(`no entity of type ${request.params.type}`);
    return sendPayload(reply, accept, context, {
      id: iri, type: 'EntityTypeInfo', typeName: t.compact(iri), entityCount: s.entityCount,
      attributeDetails: [...s.attrs].map(([a, kinds]) => ({ id: a, type: 'Attribute', attributeName: t.compact(a), attributeTypes: [...kinds] })),
    });
  });

  const attributes = (entities: Iterable<StoredEntity>): Map<string, { count: number; kinds: Set<string>; types: Set<string> }> => {
    const out = new Map<string, { count: number; kinds: Set<string>; types: Set<string> }>();
    for (const e of entities) {
      for (const [iri, instances] of Object.entries(e.attrs)) {
        let s = out.get(iri);
        if (s === undefined) out.set(iri, (s = { count: 0, kinds: new Set(), types: new Set() }));
        s.count++;
        for (const a of instances) s.kinds.add(a.type);
        for (const ty of e.type) s.types.add(ty);
      }
    }
    return out;
  };
  app.get(`${BASE}/attributes`, async (request, reply) => {
    const accept = negotiate(request, false);
    const context = await requestContext(broker, request);
    const t = context.terms;
    const attrs = attributes(tenantOf(broker, request, false).allEntities());
    if ((request.query as Query)['details'] === 'true') {
      return sendPayload(reply, accept, context, [...attrs].map(([iri, s]) => ({ id: iri, type: 'Attribute', attributeName: t.compact(iri), attributeCount: s.count, attributeTypes: [...s.kinds], typeNames: [...s.types].map((x) => t.compact(x)) })));
    }
    return sendPayload(reply, accept, context, { id: `urn:ngsi-ld:AttributeList:${attrs.size}`, type: 'AttributeList', attributeList: [...attrs.keys()].map((iri) => t.compact(iri)) });
  });
  app.get<{ Params: { attrId: string } }>(`${BASE}/attributes/:attrId`, async (request, reply) => {
    const accept = negotiate(request, false);
    const context = await requestContext(broker, request);
    const t = context.terms;
    const iri = t.expand(request.params.attrId);
    const s = attributes(tenantOf(broker, request, false).allEntities()).get(iri);
    if (s === undefined) throw notFound(`no attribute ${request.params.attrId}`);
    return sendPayload(reply, accept, context, { id: iri, type: 'Attribute', attributeName: t.compact(iri), attributeCount: s.count, attributeTypes: [...s.kinds], typeNames: [...s.types].map((x) => t.compact(x)) });
  });
}
