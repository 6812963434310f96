import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBroker, postEntity, CORE, LD, type TestBroker } from './broker-app';

let t: TestBroker;
beforeEach(async () => {
  t = await createTestBroker();
});
afterEach(async () => {
  await t.app.close();
});

const building = {
  id: 'urn:ngsi-ld:Building:1',
  type: 'Building',
  name: { type: 'Property', value: 'Town hall' },
  height: { type: 'Property', value: 21.5, unitCode: 'MTR', observedAt: '2024-05-01T10:00:00Z', accuracy: { type: 'Property', value: 0.5 } },
  owner: { type: 'Relationship', object: 'urn:ngsi-ld:Person:7' },
  location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [6.14, 46.2] } },
  label: { type: 'LanguageProperty', languageMap: { en: 'Town hall', fr: 'Hôtel de ville' } },
  category: { type: 'VocabProperty', vocab: 'civic' },
  meta: { type: 'JsonProperty', json: { a: [1, 2] } },
  floors: { type: 'ListProperty', valueList: [0, 1, 2] },
};

describe('entities', () => {
  it('creates, retrieves in normalized form, and rejects a duplicate', async () => {
    const created = await postEntity(t, building);
    expect(created.statusCode).toBe(201);
    expect(created.headers['location']).toBe('/ngsi-ld/v1/entities/urn:ngsi-ld:Building:1');
    const again = await t.json({ method: 'POST', url: '/ngsi-ld/v1/entities', payload: building, headers: { 'content-type': 'application/json' } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: 'https://uri.etsi.org/ngsi-ld/errors/AlreadyExists', status: 409 });
    const got = await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Building:1' });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(building);
    expect(String(got.headers['link'])).toContain('ngsi-ld-core-context');
  });

  it('answers keyValues, concise, sysAttrs and lang', async () => {
    await postEntity(t, building);
    const kv = await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Building:1?options=keyValues' });
    expect(kv.body).toMatchObject({ id: building.id, type: 'Building', name: 'Town hall', height: 21.5, owner: 'urn:ngsi-ld:Person:7', location: { type: 'Point' }, label: { languageMap: { en: 'Town hall' } }, floors: [0, 1, 2] });
    const concise = await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Building:1?format=concise' });
    expect(concise.body).toMatchObject({ name: 'Town hall', owner: { object: 'urn:ngsi-ld:Person:7' }, height: { value: 21.5, unitCode: 'MTR', accuracy: 0.5 } });
    const sys = await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Building:1?options=sysAttrs' });
    const body = sys.body as Record<string, Record<string, unknown>>;
    expect(typeof body['createdAt']).toBe('string');
    expect(typeof body['name']?.['modifiedAt']).toBe('string');
    const fr = await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Building:1?lang=fr' });
    expect((fr.body as Record<string, unknown>)['label']).toEqual({ type: 'Property', value: 'Hôtel de ville', lang: 'fr' });
  });

  it('uses the @context of the body (ld+json) and of the Link header', async () => {
    const context = { '@context': { Shop: 'https://example.org/Shop', open: 'https://example.org/isOpen' } };
    await t.app.inject({ method: 'POST', url: '/ngsi-ld/v1/jsonldContexts', payload: context, headers: { 'content-type': 'application/json' } }).then(async (r) => {
      expect(r.statusCode).toBe(201);
      const url = `http://localhost${String(r.headers['location'])}`;
      const created = await t.req({ method: 'POST', url: '/ngsi-ld/v1/entities', payload: { id: 'urn:ngsi-ld:Shop:1', type: 'Shop', open: true, '@context': url }, headers: { 'content-type': LD } });
      expect(created.statusCode).toBe(201);
      const plain = await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Shop:1' });
      expect(plain.body).toMatchObject({ type: 'https://example.org/Shop', 'https://example.org/isOpen': { type: 'Property', value: true } });
      const linked = await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Shop:1', headers: { link: `<${url}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"` } });
      expect(linked.body).toMatchObject({ type: 'Shop', open: { value: true } });
      const ld = await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Shop:1', headers: { accept: LD, link: `<${url}>; rel="http://www.w3.org/ns/json-ld#context"` } });
      expect((ld.body as Record<string, unknown>)['@context']).toEqual([url, CORE]);
    });
  });

  it('answers 503 LdContextNotAvailable fast for an unreachable context', async () => {
    const started = Date.now();
    const r = await t.json({ method: 'POST', url: '/ngsi-ld/v1/entities', payload: { id: 'urn:x:1', type: 'T', '@context': 'http://127.0.0.1:9/nothing.jsonld' }, headers: { 'content-type': LD } });
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ type: 'https://uri.etsi.org/ngsi-ld/errors/LdContextNotAvailable' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('rejects malformed entities with BadRequestData / InvalidRequest', async () => {
    const cases: [unknown, string][] = [
      [{ type: 'T' }, 'BadRequestData'],
      [{ id: 'not a uri', type: 'T' }, 'BadRequestData'],
      [{ id: 'urn:x:1' }, 'BadRequestData'],
      [{ id: 'urn:x:1', type: 'T', p: { type: 'Property' } }, 'BadRequestData'],
      [{ id: 'urn:x:1', type: 'T', p: { type: 'Relationship', object: 'nope' } }, 'BadRequestData'],
      [{ id: 'urn:x:1', type: 'T', p: { type: 'Banana', value: 1 } }, 'BadRequestData'],
      [{ id: 'urn:x:1', type: 'T', location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [200, 0] } } }, 'BadRequestData'],
      [{ id: 'urn:x:1', type: 'T', 'bad name': 1 }, 'BadRequestData'],
    ];
    for (const [payload, code] of cases) {
      const r = await t.json({ method: 'POST', url: '/ngsi-ld/v1/entities', payload: payload as Record<string, unknown>, headers: { 'content-type': 'application/json' } });
      expect(r.status, JSON.stringify(payload)).toBe(400);
      expect((r.body as { type: string }).type).toBe(`https://uri.etsi.org/ngsi-ld/errors/${code}`);
    }
    const broken = await t.json({ method: 'POST', url: '/ngsi-ld/v1/entities', payload: '{"id": ', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect((broken.body as { type: string }).type).toBe('https://uri.etsi.org/ngsi-ld/errors/InvalidRequest');
    const wrongType = await t.req({ method: 'POST', url: '/ngsi-ld/v1/entities', payload: 'x', headers: { 'content-type': 'text/plain' } });
    expect(wrongType.statusCode).toBe(415);
    const missing = await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Nothing:1' });
    expect(missing.status).toBe(404);
  });

  it('appends, updates, merges (with urn:ngsi-ld:null), replaces and deletes attributes', async () => {
    await postEntity(t, building);
    const url = '/ngsi-ld/v1/entities/urn:ngsi-ld:Building:1';
    const h = { 'content-type': 'application/json' };
    expect((await t.req({ method: 'POST', url: `${url}/attrs`, payload: { colour: { type: 'Property', value: 'red' } }, headers: h })).statusCode).toBe(204);
    const noOverwrite = await t.json({ method: 'POST', url: `${url}/attrs?options=noOverwrite`, payload: { colour: { type: 'Property', value: 'blue' } }, headers: h });
    expect(noOverwrite.status).toBe(207);
    const partial = await t.json({ method: 'PATCH', url: `${url}/attrs`, payload: { colour: { type: 'Property', value: 'green' }, ghost: { type: 'Property', value: 1 } }, headers: h });
    expect(partial.status).toBe(207);
    expect(partial.body).toMatchObject({ updated: ['colour'], notUpdated: [{ attributeName: 'ghost' }] });
    expect((await t.req({ method: 'PATCH', url: `${url}/attrs/height`, payload: { value: 22 }, headers: h })).statusCode).toBe(204);
    const merged = await t.req({ method: 'PATCH', url, payload: { name: 'urn:ngsi-ld:null', height: { value: 23 } }, headers: h });
    expect(merged.statusCode).toBe(204);
    const after = (await t.json({ method: 'GET', url })).body as Record<string, Record<string, unknown>>;
    expect(after['name']).toBeUndefined();
    expect(after['colour']?.['value']).toBe('green');
    expect(after['height']).toMatchObject({ value: 23, unitCode: 'MTR', accuracy: { value: 0.5 } });
    expect((await t.req({ method: 'DELETE', url: `${url}/attrs/colour` })).statusCode).toBe(204);
    expect((await t.req({ method: 'DELETE', url: `${url}/attrs/colour` })).statusCode).toBe(404);
    expect((await t.req({ method: 'PUT', url, payload: { type: 'Building', only: { type: 'Property', value: 1 } }, headers: h })).statusCode).toBe(204);
    expect((await t.json({ method: 'GET', url: `${url}?options=keyValues` })).body).toEqual({ id: building.id, type: 'Building', only: 1 });
    expect((await t.req({ method: 'DELETE', url })).statusCode).toBe(204);
    expect((await t.req({ method: 'GET', url })).statusCode).toBe(404);
  });

  it('keeps datasetId instances apart and deletes one of them', async () => {
    const h = { 'content-type': 'application/json' };
    await postEntity(t, { id: 'urn:ngsi-ld:Vehicle:1', type: 'Vehicle', speed: [{ type: 'Property', value: 50 }, { type: 'Property', value: 52, datasetId: 'urn:ngsi-ld:Dataset:gps' }] });
    const url = '/ngsi-ld/v1/entities/urn:ngsi-ld:Vehicle:1';
    expect(((await t.json({ method: 'GET', url })).body as Record<string, unknown[]>)['speed']).toHaveLength(2);
    expect((await t.req({ method: 'DELETE', url: `${url}/attrs/speed?datasetId=urn:ngsi-ld:Dataset:gps`, headers: h })).statusCode).toBe(204);
    expect(((await t.json({ method: 'GET', url })).body as Record<string, unknown>)['speed']).toEqual({ type: 'Property', value: 50 });
  });

  it('isolates tenants', async () => {
    await postEntity(t, building, { 'ngsild-tenant': 'alpha' });
    expect((await t.req({ method: 'GET', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Building:1' })).statusCode).toBe(404);
    expect((await t.req({ method: 'GET', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Building:1', headers: { 'ngsild-tenant': 'alpha' } })).statusCode).toBe(200);
    const unknown = await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities?type=Building', headers: { 'ngsild-tenant': 'beta' } });
    expect(unknown.status).toBe(404);
    expect((unknown.body as { type: string }).type).toBe('https://uri.etsi.org/ngsi-ld/errors/NonexistentTenant');
  });

  it('answers GeoJSON for Accept: application/geo+json', async () => {
    await postEntity(t, building);
    const one = await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Building:1?options=keyValues', headers: { accept: 'application/geo+json' } });
    expect(one.headers['content-type']).toContain('application/geo+json');
    expect(one.body).toMatchObject({ type: 'Feature', id: building.id, geometry: { type: 'Point', coordinates: [6.14, 46.2] }, properties: { type: 'Building', name: 'Town hall' } });
    const many = await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities?type=Building', headers: { accept: 'application/geo+json' } });
    expect(many.body).toMatchObject({ type: 'FeatureCollection', features: [{ id: building.id }] });
  });
});
