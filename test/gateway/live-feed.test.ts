/**
 * The page's live feed (src/app/live-sensors.ts) run in Node against real servers: bootstrap of
 * every SENSOR_TYPES entity the simulator published (paged, shown attributes only), SSE deltas
 * into the sensors store, bad data flagged and warned once per entity, an external broker stopped
 * (connection down with the reason, data kept) and restarted (live again, re-bootstrapped), and
 * the polling fallback when the server has no event stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwinServer, type TwinServer } from '../../server/app';
import { publishEntities, startSensors, type RunningSensors } from '../../server/sensors/publisher';
import { startLiveFeed, type LiveFeed } from '../../src/app/live-sensors';
import { createNgsiClient } from '../../src/ngsi';
import { SENSOR_TYPES, sensorsStore } from '../../src/state/sensors-store';
import { DEMO_ORIGIN } from '../../src/twin/demo';
import { startBroker, waitFor, type RunningBroker } from './brokers';

const frame = (cb: () => void): void => void setTimeout(cb, 16);
const state = () => sensorsStore.getState();

describe('live feed against an external broker with the simulator publishing into it', () => {
  let broker: RunningBroker;
  let sensors: RunningSensors;
  let twin: TwinServer;
  let feed: LiveFeed;
  const warnings: string[] = [];

  beforeAll(async () => {
    broker = await startBroker();
    sensors = startSensors(broker.app, { rateS: 3600, seed: 5 });
    await sensors.tick();
    twin = await startTwinServer({ port: 0, frontEnd: false, broker: { url: broker.url }, live: { healthIntervalMs: 200, probeTimeoutMs: 500 } });
    feed = startLiveFeed({ origin: DEMO_ORIGIN, serverUrl: twin.url, requestFrame: frame, backoffMs: 100, maxBackoffMs: 500, warn: (m) => warnings.push(m) });
  });
  afterAll(async () => {
    feed?.stop();
    sensors?.stop();
    await twin?.close();
    await broker?.close();
  });

  it('bootstraps every simulated sensor with ENU position, units and observation times', async () => {
    await waitFor(() => state().connection.status === 'live', 10_000, 'live');
    const published = sensors.simulator.snapshot(Date.now()).filter((e) => (SENSOR_TYPES as readonly string[]).includes(e.type));
    const held = Object.values(state().sensors);
    expect(held.length).toBe(published.length);
    for (const sensor of held) {
      expect(sensor.position, sensor.id).not.toBeNull();
      // The demo district is about 1 km across: every sensor stands within it.
      expect(Math.hypot(sensor.position?.x ?? 0, sensor.position?.y ?? 0), sensor.id).toBeLessThan(1500);
      expect(sensor.problems, sensor.id).toEqual([]);
      for (const reading of Object.values(sensor.readings)) {
        expect(reading.problem, `${sensor.id} ${reading.attribute}`).toBeUndefined();
        expect(reading.observedAtMs, `${sensor.id} ${reading.attribute}`).toBeTypeOf('number');
      }
    }
    const noise = held.find((s) => s.type === 'NoiseLevelObserved');
    expect(noise?.readings['LAeq']?.unitCode).toBe('2N');
    expect(warnings).toEqual([]);
  });

  it('applies a change pushed over SSE within a second', async () => {
    const id = Object.values(state().sensors).find((s) => s.type === 'WasteContainer')?.id ?? '';
    const at = new Date(Date.now() + 1000).toISOString();
    const started = Date.now();
    await createNgsiClient({ baseUrl: `${broker.url}/ngsi-ld/v1` }).updateAttributes(id, { fillingLevel: { type: 'Property', value: 0.777, observedAt: at, unitCode: 'C62' } });
    await waitFor(() => state().sensors[id]?.readings['fillingLevel']?.value === 0.777, 1000, 'the delta in the store');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('flags bad data without throwing and warns once per entity', async () => {
    const at = new Date().toISOString();
    await publishEntities(broker.app, [
      { id: 'urn:ngsi-ld:NoiseLevelObserved:bad-1', type: 'NoiseLevelObserved', location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [7.85, 47.99] } }, LAeq: { type: 'Property', value: 'NaN', observedAt: at }, LAmax: { type: 'Property', value: 250, observedAt: at } },
      { id: 'urn:ngsi-ld:WeatherObserved:bad-2', type: 'WeatherObserved', temperature: { type: 'Property', value: 'warm', observedAt: at }, relativeHumidity: { type: 'Property', value: 0.5 } },
    ]);
    await waitFor(() => state().sensors['urn:ngsi-ld:WeatherObserved:bad-2'] !== undefined && state().sensors['urn:ngsi-ld:NoiseLevelObserved:bad-1'] !== undefined, 2000, 'the bad sensors');
    const noise = state().sensors['urn:ngsi-ld:NoiseLevelObserved:bad-1'];
    expect(noise?.readings['LAeq']?.problem).toBe('not-a-number');
    expect(noise?.readings['LAmax']?.problem).toBe('impossible-value');
    const weather = state().sensors['urn:ngsi-ld:WeatherObserved:bad-2'];
    expect(weather?.problems).toEqual(['missing-location']);
    expect(weather?.position).toBeNull();
    expect(weather?.readings['temperature']?.problem).toBe('wrong-type');
    expect(weather?.readings['relativeHumidity']?.problem).toBe('missing-time');
    await publishEntities(broker.app, [{ id: 'urn:ngsi-ld:WeatherObserved:bad-2', type: 'WeatherObserved', temperature: { type: 'Property', value: 'hot', observedAt: new Date(Date.now() + 5000).toISOString() } }]);
    await waitFor(() => state().sensors['urn:ngsi-ld:WeatherObserved:bad-2']?.readings['temperature']?.value === 'hot', 2000, 'the second bad delta');
    expect(warnings.filter((w) => w.includes('bad-2')).length).toBe(1);
    expect(warnings.filter((w) => w.includes('bad-1')).length).toBe(1);
  });

  it('broker stopped → down with the reason, data kept; restarted → live again and re-bootstrapped', async () => {
    const before = Object.keys(state().sensors).length;
    const port = broker.port;
    sensors.stop();
    await broker.close();
    const downIn = await waitFor(() => state().connection.status === 'down', 3000, 'down');
    expect(state().connection.error).toContain(broker.url);
    expect(Object.keys(state().sensors).length).toBe(before);
    broker = await startBroker(port);
    sensors = startSensors(broker.app, { rateS: 3600, seed: 5 });
    await sensors.tick();
    await publishEntities(broker.app, [{ id: 'urn:ngsi-ld:Streetlight:after-restart', type: 'Streetlight', location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [7.85, 47.99] } }, powerState: { type: 'Property', value: 'on', observedAt: new Date().toISOString() } }]);
    await waitFor(() => state().connection.status === 'live' && state().sensors['urn:ngsi-ld:Streetlight:after-restart'] !== undefined, 5000, 'live again with the new sensor');
    // The restarted broker (in memory) has no bad sensors: the re-bootstrap replaced the set.
    expect(state().sensors['urn:ngsi-ld:WeatherObserved:bad-2']).toBeUndefined();
    expect(downIn).toBeLessThan(3000);
  });
});

describe('live feed polling when the server has no event stream', () => {
  let broker: RunningBroker;
  let feed: LiveFeed;
  beforeAll(async () => {
    broker = await startBroker();
    await publishEntities(broker.app, [{ id: 'urn:ngsi-ld:WasteContainer:poll-1', type: 'WasteContainer', location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [7.85, 47.99] } }, fillingLevel: { type: 'Property', value: 0.2, observedAt: new Date().toISOString() } }]);
    // A bare broker: /api/live/stream is a 404, so the feed polls /ngsi-ld/v1/entities.
    feed = startLiveFeed({ origin: DEMO_ORIGIN, serverUrl: broker.url, requestFrame: frame, pollIntervalMs: 200, warn: () => undefined });
  });
  afterAll(async () => {
    feed?.stop();
    await broker?.close();
  });

  it('reads the sensors and follows changes by polling', async () => {
    await waitFor(() => state().connection.status === 'polling' && state().sensors['urn:ngsi-ld:WasteContainer:poll-1'] !== undefined, 5000, 'polling with the sensor');
    await publishEntities(broker.app, [{ id: 'urn:ngsi-ld:WasteContainer:poll-1', type: 'WasteContainer', fillingLevel: { type: 'Property', value: 0.9, observedAt: new Date(Date.now() + 1000).toISOString() } }]);
    await waitFor(() => state().sensors['urn:ngsi-ld:WasteContainer:poll-1']?.readings['fillingLevel']?.value === 0.9, 2000, 'the polled change');
  });
});
