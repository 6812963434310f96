import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBroker, postEntity, type TestBroker } from './broker-app';
import { durationMs } from '../../server/broker/routes/temporal';

let t: TestBroker;
const h = { 'content-type': 'application/json' };
const url = '/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Meter:1';

/** Six observations of power, one per hour from 00:00, values 10, 20, … 60 (W). */
beforeAll(async () => {
  t = await createTestBroker();
  await postEntity(t, { id: 'urn:ngsi-ld:Meter:1', type: 'Meter', power: { type: 'Property', value: 10, unitCode: 'WTT', observedAt: '2024-05-01T00:00:00Z' }, label: { type: 'Property', value: 'a' } });
  for (let i = 1; i < 6; i++) {
    const r = await t.req({ method: 'PATCH', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Meter:1/attrs', payload: { power: { type: 'Property', value: 10 * (i + 1), unitCode: 'WTT', observedAt: `2024-05-01T0${i}:00:00Z` } }, headers: h });
    expect(r.statusCode).toBe(204);
  }
});
afterAll(async () => {
  await t.app.close();
});

describe('temporal API', () => {
  it('keeps every change and answers the temporal representation', async () => {
    const r = await t.json({ method: 'GET', url: `${url}?attrs=power` });
    const power = (r.body as { power: { value: number; observedAt: string }[] }).power;
    expect(power.map((p) => p.value)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(power[0]).toMatchObject({ type: 'Property', unitCode: 'WTT', observedAt: '2024-05-01T00:00:00Z' });
  });
  it('filters by timerel and lastN, and answers temporalValues', async () => {
    const between = await t.json({ method: 'GET', url: `${url}?attrs=power&timerel=between&timeAt=2024-05-01T01:00:00Z&endTimeAt=2024-05-01T03:00:00Z&options=temporalValues` });
    expect(between.body).toEqual({ id: 'urn:ngsi-ld:Meter:1', type: 'Meter', power: { type: 'Property', values: [[20, '2024-05-01T01:00:00Z'], [30, '2024-05-01T02:00:00Z'], [40, '2024-05-01T03:00:00Z']] } });
    const last = await t.json({ method: 'GET', url: `${url}?attrs=power&lastN=2&options=temporalValues` });
    expect((last.body as { power: { values: unknown[][] } }).power.values.map((v) => v[0])).toEqual([50, 60]);
    const before = await t.json({ method: 'GET', url: `${url}?attrs=power&timerel=before&timeAt=2024-05-01T00:30:00Z&options=temporalValues` });
    expect((before.body as { power: { values: unknown[][] } }).power.values).toHaveLength(1);
  });
  it('aggregates per period', async () => {
    const r = await t.json({ method: 'GET', url: `${url}?attrs=power&options=aggregatedValues&aggrMethods=avg,max,totalCount&aggrPeriodDuration=PT2H` });
    expect(r.body).toMatchObject({ power: { type: 'Property', avg: [[15, '2024-05-01T00:00:00.000Z', '2024-05-01T02:00:00.000Z'], [35, expect.any(String), expect.any(String)], [55, expect.any(String), expect.any(String)]], max: [[20, expect.any(String), expect.any(String)], [40, expect.any(String), expect.any(String)], [60, expect.any(String), expect.any(String)]], totalCount: [[2, expect.any(String), expect.any(String)], [2, expect.any(String), expect.any(String)], [2, expect.any(String), expect.any(String)]] } });
  });
  it('computes the same aggregates in SQLite and in the general path', async () => {
    const base = `${url}?attrs=power&options=aggregatedValues&aggrPeriodDuration=PT3H&aggrMethods=`;
    const sql = (await t.json({ method: 'GET', url: `${base}avg,min,sum,stddev` })).body as { power: Record<string, unknown> };
    const general = (await t.json({ method: 'GET', url: `${base}avg,min,sum,stddev,distinctCount&lastN=100` })).body as { power: Record<string, unknown> };
    for (const m of ['avg', 'min', 'sum']) expect(sql.power[m]).toEqual(general.power[m]);
    const [a, b] = [sql.power['stddev'] as number[][], general.power['stddev'] as number[][]];
    a.forEach((row, i) => expect(row[0]).toBeCloseTo((b[i] as number[])[0] as number, 9));
    expect(general.power['distinctCount']).toEqual([[3, '2024-05-01T00:00:00.000Z', '2024-05-01T03:00:00.000Z'], [3, '2024-05-01T03:00:00.000Z', '2024-05-01T06:00:00.000Z']]);
  });
  it('queries temporal entities by type', async () => {
    const r = await t.json({ method: 'GET', url: '/ngsi-ld/v1/temporal/entities?type=Meter&timerel=after&timeAt=2024-05-01T04:30:00Z&attrs=power&options=temporalValues' });
    expect(r.body).toEqual([{ id: 'urn:ngsi-ld:Meter:1', type: 'Meter', power: { type: 'Property', values: [[60, '2024-05-01T05:00:00Z']] } }]);
  });
  it('rejects bad temporal parameters', async () => {
    for (const qs of ['timerel=between&timeAt=2024-05-01T00:00:00Z', 'timerel=soon&timeAt=2024-05-01T00:00:00Z', 'timerel=after&timeAt=yesterday', 'lastN=0', 'lastN=1.5', 'options=aggregatedValues', 'options=aggregatedValues&aggrMethods=avg&aggrPeriodDuration=PT']) {
      expect((await t.req({ method: 'GET', url: `${url}?${qs}` })).statusCode, qs).toBe(400);
    }
    expect(durationMs('P1DT2H')).toBe(26 * 3600 * 1000);
  });
});

describe('temporal representation writes', () => {
  it('creates from instances, keeps them all, and updates with 204', async () => {
    const body = { id: 'urn:ngsi-ld:Meter:2', type: 'Meter', power: [{ type: 'Property', value: 1, observedAt: '2024-05-02T00:00:00Z' }, { type: 'Property', value: 3, observedAt: '2024-05-02T02:00:00Z' }, { type: 'Property', value: 2, observedAt: '2024-05-02T01:00:00Z' }] };
    const created = await t.req({ method: 'POST', url: '/ngsi-ld/v1/temporal/entities', payload: body, headers: h });
    expect(created.statusCode).toBe(201);
    const current = await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Meter:2?options=keyValues' });
    expect(current.body).toEqual({ id: 'urn:ngsi-ld:Meter:2', type: 'Meter', power: 3 });
    const again = await t.req({ method: 'POST', url: '/ngsi-ld/v1/temporal/entities', payload: { id: 'urn:ngsi-ld:Meter:2', power: [{ type: 'Property', value: 4, observedAt: '2024-05-02T03:00:00Z' }] }, headers: h });
    expect(again.statusCode).toBe(204);
    const history = await t.json({ method: 'GET', url: '/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Meter:2?options=temporalValues' });
    expect((history.body as { power: { values: unknown[][] } }).power.values.map((v) => v[0])).toEqual([1, 2, 3, 4]);
    expect((await t.req({ method: 'DELETE', url: '/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Meter:2' })).statusCode).toBe(204);
    expect((await t.req({ method: 'GET', url: '/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Meter:2' })).statusCode).toBe(404);
  });
});
