/**
 * Temporal writes of attributes (POST /temporal/entities/{id}/attrs, clause 5.6.12) and the
 * temporal query by POST (/temporal/entityOperations/query, clause 5.7.6 / 6.24).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBroker, type TestBroker } from './broker-app';

const h = { 'content-type': 'application/json' };
const TEMPORAL = '/ngsi-ld/v1/temporal/entities';
const QUERY = '/ngsi-ld/v1/temporal/entityOperations/query';
let t: TestBroker;

const instance = (value: number, hour: number): Record<string, unknown> => ({ type: 'Property', value, observedAt: `2024-06-01T${String(hour).padStart(2, '0')}:00:00Z` });

beforeAll(async () => {
  t = await createTestBroker();
  for (const [id, type, values] of [['urn:ngsi-ld:Meter:a', 'Meter', [1, 2, 3]], ['urn:ngsi-ld:Meter:b', 'Meter', [10, 20, 30]], ['urn:ngsi-ld:Pump:c', 'Pump', [100, 200, 300]]] as const) {
    const r = await t.req({ method: 'POST', url: TEMPORAL, payload: { id, type, power: values.map((v, i) => instance(v, i)) }, headers: h });
    expect(r.statusCode).toBe(201);
  }
});
afterAll(async () => {
  await t.app.close();
});

describe('POST /temporal/entities/{id}/attrs', () => {
  it('adds instances to the evolution of existing and new attributes, and updates the current state', async () => {
    const r = await t.req({ method: 'POST', url: `${TEMPORAL}/urn:ngsi-ld:Meter:a/attrs`, payload: { power: [instance(4, 3), instance(5, 4)], flow: instance(7, 4) }, headers: h });
    expect(r.statusCode).toBe(204);
    const history = await t.json({ method: 'GET', url: `${TEMPORAL}/urn:ngsi-ld:Meter:a?options=temporalValues` });
    expect(history.body).toMatchObject({ power: { values: [[1, '2024-06-01T00:00:00Z'], [2, '2024-06-01T01:00:00Z'], [3, '2024-06-01T02:00:00Z'], [4, '2024-06-01T03:00:00Z'], [5, '2024-06-01T04:00:00Z']] }, flow: { values: [[7, '2024-06-01T04:00:00Z']] } });
    const current = await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Meter:a?options=keyValues' });
    expect(current.body).toEqual({ id: 'urn:ngsi-ld:Meter:a', type: 'Meter', power: 5, flow: 7 });
    const sum = await t.json({ method: 'GET', url: `${TEMPORAL}/urn:ngsi-ld:Meter:a?attrs=power&options=aggregatedValues&aggrMethods=sum,totalCount` });
    expect(sum.body).toMatchObject({ power: { sum: [[15, '2024-06-01T00:00:00.000Z', '2024-06-01T04:00:00.000Z']], totalCount: [[5, expect.any(String), expect.any(String)]] } });
  });
  it('answers 404 for an unknown entity and 400 for a bad fragment, changing nothing', async () => {
    const missing = await t.json({ method: 'POST', url: `${TEMPORAL}/urn:ngsi-ld:Meter:none/attrs`, payload: { power: instance(1, 0) }, headers: h });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ type: 'https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound' });
    for (const payload of [[1, 2], { id: 'urn:ngsi-ld:Meter:b', power: instance(9, 9) }, { power: [] }, { power: { type: 'Property', value: 'urn:ngsi-ld:null' } }]) {
      const bad = await t.json({ method: 'POST', url: `${TEMPORAL}/urn:ngsi-ld:Meter:a/attrs`, payload, headers: h });
      expect(bad.status, JSON.stringify(payload)).toBe(400);
      expect(bad.body).toMatchObject({ type: 'https://uri.etsi.org/ngsi-ld/errors/BadRequestData' });
    }
    const history = await t.json({ method: 'GET', url: `${TEMPORAL}/urn:ngsi-ld:Meter:b?attrs=power&options=temporalValues` });
    expect((history.body as { power: { values: unknown[][] } }).power.values.map((v) => v[0])).toEqual([10, 20, 30]);
  });
});

describe('POST /temporal/entityOperations/query', () => {
  const query = async (body: Record<string, unknown>, qs = ''): Promise<{ status: number; body: unknown; headers: Record<string, unknown> }> => t.json({ method: 'POST', url: `${QUERY}${qs}`, payload: body, headers: h });
  it('answers the temporal representation of the entities a Query selects, as GET /temporal/entities does', async () => {
    const temporalQ = { timerel: 'between', timeAt: '2024-06-01T01:00:00Z', endTimeAt: '2024-06-01T02:00:00Z' };
    const posted = await query({ type: 'Query', entities: [{ type: 'Meter' }], attrs: ['power'], temporalQ }, '?options=temporalValues');
    const got = await t.json({ method: 'GET', url: `${TEMPORAL}?type=Meter&attrs=power&timerel=between&timeAt=2024-06-01T01:00:00Z&endTimeAt=2024-06-01T02:00:00Z&options=temporalValues` });
    expect(posted.status).toBe(200);
    expect(posted.body).toEqual(got.body);
    expect((posted.body as { id: string }[]).map((e) => e.id).sort()).toEqual(['urn:ngsi-ld:Meter:a', 'urn:ngsi-ld:Meter:b']);
  });
  it('unites several EntitySelectors, filters by q, pages with count and aggregates', async () => {
    const temporalQ = { timerel: 'after', timeAt: '2024-06-01T00:00:00Z' };
    const both = await query({ type: 'Query', entities: [{ id: 'urn:ngsi-ld:Pump:c' }, { idPattern: '^urn:ngsi-ld:Meter:b$' }, { type: 'Pump' }], temporalQ }, '?count=true&limit=1');
    expect(both.headers['ngsild-results-count']).toBe('2');
    expect((both.body as { id: string }[]).map((e) => e.id)).toEqual(['urn:ngsi-ld:Pump:c']);
    const filtered = await query({ type: 'Query', entities: [{ type: 'Meter' }, { type: 'Pump' }], q: 'power>25', temporalQ: { ...temporalQ, aggrMethods: 'max,avg', aggrPeriodDuration: 'PT2H' } }, '?options=aggregatedValues');
    expect(filtered.body).toEqual([
      { id: 'urn:ngsi-ld:Meter:b', type: 'Meter', power: { type: 'Property', max: [[20, '2024-06-01T00:00:00.000Z', '2024-06-01T02:00:00.000Z'], [30, '2024-06-01T02:00:00.000Z', '2024-06-01T04:00:00.000Z']], avg: [[15, '2024-06-01T00:00:00.000Z', '2024-06-01T02:00:00.000Z'], [30, '2024-06-01T02:00:00.000Z', '2024-06-01T04:00:00.000Z']] } },
      { id: 'urn:ngsi-ld:Pump:c', type: 'Pump', power: { type: 'Property', max: [[200, '2024-06-01T00:00:00.000Z', '2024-06-01T02:00:00.000Z'], [300, '2024-06-01T02:00:00.000Z', '2024-06-01T04:00:00.000Z']], avg: [[150, '2024-06-01T00:00:00.000Z', '2024-06-01T02:00:00.000Z'], [300, '2024-06-01T02:00:00.000Z', '2024-06-01T04:00:00.000Z']] } },
    ]);
  });
  it('rejects a body that is not a Query or lacks temporalQ', async () => {
    for (const body of [{ entities: [{ type: 'Meter' }] }, { type: 'Query', entities: [{ type: 'Meter' }] }, { type: 'Query', entities: { type: 'Meter' }, temporalQ: { timerel: 'after', timeAt: '2024-06-01T00:00:00Z' } }, { type: 'Query', entities: [{ type: 7 }], temporalQ: { timerel: 'after', timeAt: '2024-06-01T00:00:00Z' } }]) {
      const r = await query(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body).toMatchObject({ type: 'https://uri.etsi.org/ngsi-ld/errors/BadRequestData' });
    }
  });
});
