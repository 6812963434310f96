import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBroker, postEntity, type TestBroker } from './broker-app';

describe('write tokens and the read-only role', () => {
  let t: TestBroker;
  beforeAll(async () => {
    t = await createTestBroker({ tokens: { write: ['w-secret'], read: ['kiosk'] } });
  });
  afterAll(async () => {
    await t.app.close();
  });
  it('lets a write token write and read, a kiosk token only read, and nobody else in', async () => {
    const entity = { id: 'urn:ngsi-ld:Kiosk:1', type: 'Kiosk' };
    expect((await postEntity(t, entity)).statusCode).toBe(401);
    expect((await postEntity(t, entity, { authorization: 'Bearer kiosk' })).statusCode).toBe(403);
    expect((await postEntity(t, entity, { authorization: 'Bearer w-secret' })).statusCode).toBe(201);
    expect((await t.req({ method: 'GET', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Kiosk:1', headers: { authorization: 'Bearer kiosk' } })).statusCode).toBe(200);
    expect((await t.req({ method: 'GET', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Kiosk:1' })).statusCode).toBe(401);
    expect((await t.req({ method: 'DELETE', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Kiosk:1', headers: { authorization: 'Bearer kiosk' } })).statusCode).toBe(403);
    const problem = await t.json({ method: 'DELETE', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Kiosk:1' });
    expect(problem.body).toMatchObject({ status: 401, title: 'Unauthorized' });
  });
});

describe('limits', () => {
  let t: TestBroker;
  beforeAll(async () => {
    t = await createTestBroker({ limits: { bodyBytes: 4096, jsonDepth: 8, attributesPerEntity: 5, queryLength: 200 } });
  });
  afterAll(async () => {
    await t.app.close();
  });
  it('rejects oversized bodies, deep JSON, too many attributes and long queries', async () => {
    const big = await postEntity(t, { id: 'urn:x:big', type: 'T', p: 'x'.repeat(5000) });
    expect(big.statusCode).toBe(413);
    let deep: unknown = 1;
    for (let i = 0; i < 10; i++) deep = { a: deep };
    expect((await postEntity(t, { id: 'urn:x:deep', type: 'T', p: { value: deep } })).statusCode).toBe(400);
    const many: Record<string, unknown> = { id: 'urn:x:many', type: 'T' };
    for (let i = 0; i < 6; i++) many[`a${i}`] = i;
    expect((await postEntity(t, many)).statusCode).toBe(400);
    expect((await t.req({ method: 'GET', url: `/ngsi-ld/v1/entities?type=T&q=${'a'.repeat(300)}==1` })).statusCode).toBe(403);
    expect((await t.req({ method: 'GET', url: '/ngsi-ld/v1/entities/urn:x:many' })).statusCode).toBe(404);
  });
});

describe('fuzzing payloads (fast-check, seeded)', () => {
  let t: TestBroker;
  beforeAll(async () => {
    t = await createTestBroker();
    await postEntity(t, { id: 'urn:ngsi-ld:Anchor:1', type: 'Anchor', keep: { type: 'Property', value: 42 } });
  });
  afterAll(async () => {
    await t.app.close();
  });
  const attrName = fc.oneof(fc.constantFrom('value', 'type', 'object', 'location', 'keep', '@context', 'id', 'observedAt', 'datasetId', 'languageMap'), fc.string({ maxLength: 8 }));
  const payload = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.dictionary(attrName, fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.record({ type: fc.constantFrom('Property', 'Relationship', 'GeoProperty', 'LanguageProperty', 'VocabProperty', 'JsonProperty', 'ListProperty', 'Nope'), value: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] })), { maxKeys: 6 }),
  );
  it('never answers 5xx and never corrupts another entity', async () => {
    const routes = [
      { method: 'POST', url: '/ngsi-ld/v1/entities' },
      { method: 'PATCH', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Anchor:2' },
      { method: 'POST', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Anchor:2/attrs' },
      { method: 'POST', url: '/ngsi-ld/v1/entityOperations/upsert' },
      { method: 'POST', url: '/ngsi-ld/v1/subscriptions' },
    ] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), payload, fc.boolean(), async (route, body, asArray) => {
        const r = await t.req({ method: route.method, url: route.url, payload: JSON.stringify(asArray ? [body] : body), headers: { 'content-type': 'application/json' } });
        expect(r.statusCode, r.body).toBeLessThan(500);
        if (r.statusCode >= 400) expect((JSON.parse(r.body) as { type: string }).type).toMatch(/^https:\/\/uri\.etsi\.org\/ngsi-ld\/errors\//);
      }),
      { seed: 20_240_501, numRuns: 400 },
    );
    const anchor = await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Anchor:1' });
    expect(anchor.body).toEqual({ id: 'urn:ngsi-ld:Anchor:1', type: 'Anchor', keep: { type: 'Property', value: 42 } });
  });
});
