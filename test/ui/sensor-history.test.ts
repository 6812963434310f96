/**
 * Sensor history for the chart and the replay (src/app/sensor-history.ts): against the embedded
 * broker (simulator snapshots upserted at past instants, read back per entity and per type over
 * several pages), and against a scripted fetch for the 206 + Content-Range completion.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwinServer, type TwinServer } from '../../server/app';
import { createSensorSimulator } from '../../server/sensors/simulator';
import type { NgsiEntity } from '../../server/sensors/entities';
import { generateDemoDistrict } from '../../src/twin/demo';
import { createNgsiClient, type NgsiClient } from '../../src/ngsi';
import { contentRangeStartMs, fetchSensorSeries, fetchTypeHistory, loadReplayHistory, mergeSeries } from '../../src/app/sensor-history';
import { sensorsStore, type Sensor } from '../../src/state/sensors-store';

const STEP_MS = 10 * 60_000;
const STEPS = 12;

function valueOf(entity: NgsiEntity, attribute: string): unknown {
  return (entity[attribute] as { value?: unknown } | undefined)?.value;
}

describe('sensor history from the embedded broker', () => {
  let server: TwinServer;
  let client: NgsiClient;
  const t0 = Date.parse('2026-06-21T06:00:00Z');
  const snapshots: NgsiEntity[][] = [];
  beforeAll(async () => {
    server = await startTwinServer({ port: 0, frontEnd: false });
    client = createNgsiClient({ baseUrl: `${server.url}ngsi-ld/v1`, retries: 0 });
    const simulator = createSensorSimulator({ model: generateDemoDistrict(), seed: 7 });
    for (let k = 0; k < STEPS; k++) {
      const snapshot = simulator.snapshot(t0 + k * STEP_MS);
      snapshots.push(snapshot);
      expect((await client.batchUpsert(snapshot)).errors).toEqual([]);
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reads one sensor’s series over a window, sorted, with the published values', async () => {
    const id = snapshots[0]?.find((e) => e.type === 'NoiseLevelObserved')?.id ?? '';
    const series = await fetchSensorSeries(id, ['LAeq', 'LAmax'], t0 + STEP_MS, t0 + 4.5 * STEP_MS, client);
    const laeq = series['LAeq'];
    // Steps 1…4 lie in the window (its end falls between two samples).
    expect(laeq?.timesMs).toEqual([1, 2, 3, 4].map((k) => t0 + k * STEP_MS));
    expect(laeq?.values).toEqual([1, 2, 3, 4].map((k) => valueOf(snapshots[k]?.find((e) => e.id === id) ?? { id: '', type: '' }, 'LAeq')));
    expect(series['LAmax']?.timesMs).toHaveLength(4);
  });

  it('reads every entity of a type over several pages of a temporal query', async () => {
    const ids = snapshots[0]?.filter((e) => e.type === 'TrafficFlowObserved').map((e) => e.id) ?? [];
    expect(ids.length).toBeGreaterThan(3);
    const history = await fetchTypeHistory('TrafficFlowObserved', ['intensity'], t0, t0 + STEPS * STEP_MS, client, 3);
    expect(Object.keys(history).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const s = history[id]?.['intensity'];
      expect(s?.timesMs).toHaveLength(STEPS);
      expect(s?.values).toEqual(snapshots.map((snap) => valueOf(snap.find((e) => e.id === id) ?? { id: '', type: '' }, 'intensity')));
    }
  });

  it('loads the replay history of the shown types into the store', async () => {
    const shown = (snapshots[0] ?? []).filter((e) => e.type === 'WasteContainer' || e.type === 'NoiseLevelObserved');
    const sensors: Sensor[] = shown.map((e) => ({ id: e.id, type: e.type as Sensor['type'], position: { x: 0, y: 0, z: 0 }, readings: {}, problems: [] }));
    sensorsStore.getState().setSensors(sensors);
    sensorsStore.getState().setTypeHidden('WasteContainer', true);
    const r = await loadReplayHistory(STEPS * STEP_MS, t0 + STEPS * STEP_MS, client);
    const history = sensorsStore.getState().replayHistory;
    const noiseIds = shown.filter((e) => e.type === 'NoiseLevelObserved').map((e) => e.id);
    expect(Object.keys(history).sort()).toEqual([...noiseIds].sort());
    expect(history[noiseIds[0] ?? '']?.['LAeq']?.timesMs).toHaveLength(STEPS);
    // Main attributes of noise: LAeq, LAS, LAmax; the simulator publishes LAeq and LAmax.
    expect(r.samples).toBe(noiseIds.length * STEPS * 2);
    sensorsStore.getState().setTypeHidden('WasteContainer', false);
  });
});

describe('206 Partial Content completion', () => {
  it('parses the Content-Range start instant', () => {
    expect(contentRangeStartMs('date-time 2026-01-01T10:00:00.000Z-2026-01-01T12:00:00.000Z/*')).toBe(Date.parse('2026-01-01T10:00:00Z'));
    expect(contentRangeStartMs(null)).toBeUndefined();
    expect(contentRangeStartMs('bytes 0-10/20')).toBeUndefined();
  });

  it('asks again for the part before a truncated answer and merges both in time order', async () => {
    const at = (h: number): string => new Date(Date.UTC(2026, 0, 1, h)).toISOString();
    const calls: string[] = [];
    const fetchStub: typeof fetch = async (input) => {
      const url = new URL(String(input));
      calls.push(url.searchParams.get('endTimeAt') ?? '');
      const end = url.searchParams.get('endTimeAt') ?? '';
      if (end === at(12)) {
        const body = { id: 'urn:x', type: 'NoiseLevelObserved', LAeq: [9, 10, 11].map((h) => ({ type: 'Property', value: 50 + h, observedAt: at(h) })) };
        return new Response(JSON.stringify(body), { status: 206, headers: { 'content-range': `date-time ${at(9)}-${at(11)}/*`, 'content-type': 'application/json' } });
      }
      const body = { id: 'urn:x', type: 'NoiseLevelObserved', LAeq: [6, 7, 8].map((h) => ({ type: 'Property', value: 50 + h, observedAt: at(h) })) };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const stubClient = createNgsiClient({ baseUrl: 'http://broker.test/ngsi-ld/v1', fetch: fetchStub, retries: 0 });
    const series = await fetchSensorSeries('urn:x', ['LAeq'], Date.parse(at(6)), Date.parse(at(12)), stubClient);
    expect(calls).toEqual([at(12), at(9)]);
    expect(series['LAeq']?.timesMs).toEqual([6, 7, 8, 9, 10, 11].map((h) => Date.parse(at(h))));
    expect(series['LAeq']?.values).toEqual([56, 57, 58, 59, 60, 61]);
  });

  it('mergeSeries keeps one sample per instant', () => {
    const merged = mergeSeries({ a: { timesMs: [1, 2, 3], values: [1, 2, 3] } }, { a: { timesMs: [3, 4], values: [30, 4] }, b: { timesMs: [1], values: ['on'] } });
    expect(merged['a']).toEqual({ timesMs: [1, 2, 3, 4], values: [1, 2, 30, 4] });
    expect(merged['b']).toEqual({ timesMs: [1], values: ['on'] });
  });
});
