import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBroker, type TestBroker } from './broker-app';

let t: TestBroker;
const ids = (body: unknown): string[] => (body as { id: string }[]).map((e) => e.id).sort();

/** A small district: sensors on a line of longitudes at 46.2° N, 100 m apart (≈ 0.0013°). */
beforeAll(async () => {
  t = await createTestBroker();
  const entities = [];
  for (let i = 0; i < 10; i++) {
    entities.push({
      id: `urn:ngsi-ld:Sensor:${i}`,
      type: i % 2 === 0 ? 'NoiseSensor' : ['NoiseSensor', 'AirSensor'],
      ...(i < 3 ? { scope: i === 0 ? '/Geneva/Centre' : '/Geneva/Centre/North' } : {}),
      level: { type: 'Property', value: 40 + i, observedAt: `2024-05-0${(i % 9) + 1}T10:00:00Z`, quality: { type: 'Property', value: i % 3 } },
      name: { type: 'Property', value: `sensor ${i}` },
      meta: { type: 'Property', value: { brand: i < 5 ? 'acme' : 'other', nested: { n: i } } },
      tags: { type: 'Property', value: ['a', i % 2 === 0 ? 'even' : 'odd'] },
      inside: { type: 'Relationship', object: `urn:ngsi-ld:Building:${i % 3}` },
      location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [6.14 + 0.0013 * i, 46.2] } },
    });
  }
  const r = await t.req({ method: 'POST', url: '/ngsi-ld/v1/entityOperations/create', payload: entities, headers: { 'content-type': 'application/json' } });
  expect(r.statusCode).toBe(201);
});
afterAll(async () => {
  await t.app.close();
});

async function query(qs: string): Promise<{ status: number; body: unknown; headers: Record<string, unknown> }> {
  return t.json({ method: 'GET', url: `/ngsi-ld/v1/entities?${qs}&limit=100` });
}

describe('query', () => {
  it.each([
    ['type=AirSensor', [1, 3, 5, 7, 9]],
    ['type=NoiseSensor;AirSensor', [1, 3, 5, 7, 9]],
    ['type=(NoiseSensor;AirSensor)|Nothing', [1, 3, 5, 7, 9]],
    ['id=urn:ngsi-ld:Sensor:1,urn:ngsi-ld:Sensor:2', [1, 2]],
    ['type=NoiseSensor&idPattern=Sensor:[0-2]$', [0, 1, 2]],
    ['type=NoiseSensor&q=level>47', [8, 9]],
    ['type=NoiseSensor&q=level==40,41,49', [0, 1, 9]],
    ['type=NoiseSensor&q=level==42..44', [2, 3, 4]],
    ['type=NoiseSensor&q=level!=40;level<43', [1, 2]],
    ['type=NoiseSensor&q=(level<41|level>48);name~=sensor', [0, 9]],
    ['type=NoiseSensor&q=name!~=sensor [0-7]', [8, 9]],
    ['type=NoiseSensor&q=level.quality==2', [2, 5, 8]],
    ['type=NoiseSensor&q=meta[brand]=="other"', [5, 6, 7, 8, 9]],
    ['type=NoiseSensor&q=meta[nested.n]>=8', [8, 9]],
    ['type=NoiseSensor&q=tags=="odd"', [1, 3, 5, 7, 9]],
    ['type=NoiseSensor&q=inside=="urn:ngsi-ld:Building:1"', [1, 4, 7]],
    ['type=NoiseSensor&q=level.observedAt>=2024-05-08T00:00:00Z', [7, 8]],
    ['type=NoiseSensor&q=name', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
    ['type=NoiseSensor&scopeQ=/Geneva/Centre/%23', [0, 1, 2]],
    ['type=NoiseSensor&scopeQ=/Geneva/Centre/%2B', [1, 2]],
    ['type=NoiseSensor&georel=near;maxDistance==150&geometry=Point&coordinates=[6.14,46.2]', [0, 1]],
    ['type=NoiseSensor&georel=near;minDistance==700&geometry=Point&coordinates=[6.14,46.2]', [7, 8, 9]],
    ['type=NoiseSensor&georel=within&geometry=Polygon&coordinates=[[[6.139,46.19],[6.1428,46.19],[6.1428,46.21],[6.139,46.21],[6.139,46.19]]]', [0, 1, 2]],
    ['type=NoiseSensor&georel=intersects&geometry=LineString&coordinates=[[6.1426,46.1],[6.1426,46.3]]', [2]],
    ['type=NoiseSensor&georel=equals&geometry=Point&coordinates=[6.14,46.2]', [0]],
  ])('%s', async (qs, expected) => {
    const r = await query(qs);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(ids(r.body)).toEqual(expected.map((i) => `urn:ngsi-ld:Sensor:${i}`).sort());
  });

  it('rejects bad queries with BadRequestData', async () => {
    for (const qs of ['q=level>>3', 'q=(level>3', 'type=(A', 'georel=near&geometry=Point&coordinates=[0,0]', 'georel=within&geometry=Polygon&coordinates=[[[0,0],[1,1]]]', 'limit=abc&type=A', 'orderBy=level;up&type=A']) {
      const r = await query(qs);
      expect(r.status, qs).toBe(400);
    }
    expect((await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities' })).status).toBe(400);
    expect((await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities?type=NoiseSensor&limit=5000' })).status).toBe(403);
  });

  it('pages with limit/offset, NGSILD-Results-Count and Link next/prev', async () => {
    const r = await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities?type=NoiseSensor&limit=3&offset=3&count=true' });
    expect(r.headers['ngsild-results-count']).toBe('10');
    expect(ids(r.body)).toEqual(['urn:ngsi-ld:Sensor:3', 'urn:ngsi-ld:Sensor:4', 'urn:ngsi-ld:Sensor:5']);
    const link = String(r.headers['link']);
    expect(link).toContain('offset=6');
    expect(link).toContain('rel="next"');
    expect(link).toContain('offset=0');
    expect(link).toContain('rel="prev"');
    const countOnly = await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities?type=AirSensor&limit=0&count=true' });
    expect(countOnly.body).toEqual([]);
    expect(countOnly.headers['ngsild-results-count']).toBe('5');
  });

  it('orders by an attribute and projects with attrs, pick and omit', async () => {
    const desc = await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities?type=NoiseSensor&orderBy=level;desc&limit=3&options=keyValues&attrs=level' });
    expect(desc.body).toEqual([9, 8, 7].map((i) => ({ id: `urn:ngsi-ld:Sensor:${i}`, type: i % 2 === 0 ? 'NoiseSensor' : ['NoiseSensor', 'AirSensor'], level: 40 + i })));
    const pick = await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:0?pick=id,name&options=keyValues' });
    expect(pick.body).toEqual({ id: 'urn:ngsi-ld:Sensor:0', name: 'sensor 0' });
    const omit = await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:0?omit=type,meta,tags,inside,location,level&options=keyValues' });
    expect(omit.body).toEqual({ id: 'urn:ngsi-ld:Sensor:0', scope: '/Geneva/Centre', name: 'sensor 0' });
  });

  it('lists types and attributes', async () => {
    const types = await t.json({ method: 'GET', url: '/ngsi-ld/v1/types' });
    expect(types.body).toMatchObject({ type: 'EntityTypeList', typeList: expect.arrayContaining(['NoiseSensor', 'AirSensor']) as unknown });
    const info = await t.json({ method: 'GET', url: '/ngsi-ld/v1/types/AirSensor' });
    expect(info.body).toMatchObject({ type: 'EntityTypeInfo', typeName: 'AirSensor', entityCount: 5 });
    const attrs = await t.json({ method: 'GET', url: '/ngsi-ld/v1/attributes' });
    expect((attrs.body as { attributeList: string[] }).attributeList.sort()).toEqual(['inside', 'level', 'location', 'meta', 'name', 'tags']);
    const level = await t.json({ method: 'GET', url: '/ngsi-ld/v1/attributes/level' });
    expect(level.body).toMatchObject({ attributeName: 'level', attributeCount: 10, attributeTypes: ['Property'] });
  });
});

describe('batch operations', () => {
  it('reports per-entity errors with 207 and commits the rest', async () => {
    const h = { 'content-type': 'application/json' };
    const r = await t.json({ method: 'POST', url: '/ngsi-ld/v1/entityOperations/create', payload: [{ id: 'urn:ngsi-ld:Sensor:0', type: 'NoiseSensor' }, { id: 'urn:ngsi-ld:New:1', type: 'New' }, { id: 'bad id', type: 'New' }], headers: h });
    expect(r.status).toBe(207);
    expect(r.body).toMatchObject({ success: ['urn:ngsi-ld:New:1'], errors: [{ entityId: 'urn:ngsi-ld:Sensor:0', error: { status: 409 } }, { entityId: 'bad id', error: { status: 400 } }] });
    const upsert = await t.json({ method: 'POST', url: '/ngsi-ld/v1/entityOperations/upsert?options=update', payload: [{ id: 'urn:ngsi-ld:New:1', type: 'New', x: 1 }, { id: 'urn:ngsi-ld:New:2', type: 'New', x: 2 }], headers: h });
    expect(upsert.status).toBe(201);
    expect(upsert.body).toEqual(['urn:ngsi-ld:New:2']);
    const update = await t.json({ method: 'POST', url: '/ngsi-ld/v1/entityOperations/update', payload: [{ id: 'urn:ngsi-ld:New:1', type: 'New', x: 5 }, { id: 'urn:ngsi-ld:New:9', type: 'New', x: 5 }], headers: h });
    expect(update.status).toBe(207);
    const merge = await t.json({ method: 'POST', url: '/ngsi-ld/v1/entityOperations/merge', payload: [{ id: 'urn:ngsi-ld:New:2', x: 'urn:ngsi-ld:null', y: 3 }], headers: h });
    expect(merge.status).toBe(204);
    expect((await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:New:2?options=keyValues' })).body).toEqual({ id: 'urn:ngsi-ld:New:2', type: 'New', y: 3 });
    const del = await t.json({ method: 'POST', url: '/ngsi-ld/v1/entityOperations/delete', payload: ['urn:ngsi-ld:New:1', 'urn:ngsi-ld:New:2', 'urn:ngsi-ld:New:3'], headers: h });
    expect(del.status).toBe(207);
    expect((del.body as { success: string[] }).success).toEqual(['urn:ngsi-ld:New:1', 'urn:ngsi-ld:New:2']);
    const q = await t.json({ method: 'POST', url: '/ngsi-ld/v1/entityOperations/query', payload: { type: 'Query', entities: [{ type: 'AirSensor' }], q: 'level>48' }, headers: h });
    expect(ids(q.body)).toEqual(['urn:ngsi-ld:Sensor:9']);
  });
});
