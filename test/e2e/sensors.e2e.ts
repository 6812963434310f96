/**
 * Live sensors in real headless Chromium (issue 5): the embedded broker with the sensor simulator
 * running; two hours of past simulator snapshots upserted so the temporal API has history. The
 * markers appear in their legend colours; a value changed in the broker (PATCH) changes the
 * marker's colour (hook and pixels) and the open panel's value within 2 s; the chart shows history
 * points; the replay slider shows past values; the filter hides a type; a bad value is drawn grey
 * with a badge and explained; an empty broker is said in words; stale data fade.
 *
 * The page's own live feed (src/app/live-sensors.ts, through the server's gateway) fills the
 * sensors store; a last suite stops an external broker behind the gateway and checks the markers
 * fade while the data are stale and come back when it returns.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createSensorSimulator } from '../../server/sensors/simulator';
import { startSensors, type RunningSensors } from '../../server/sensors/publisher';
import { startBroker, type RunningBroker } from '../gateway/brokers';
import { createNgsiClient, type NgsiClient } from '../../src/ngsi';
import { generateDemoDistrict } from '../../src/twin/demo';
import { NOISE_CLASSES } from '../../src/sim/noise/noise-classes';
import type { SensorMarkerInfo } from '../../src/scene/sensor-test-hooks';
import { SCENE_CANVAS, openTwin, pixelAt, screenshot, waitForScene, type TwinSession } from './support/browser';

const SEED = 3;
const STEP_MS = 10 * 60_000;
const PAST_STEPS = 12;
/** The bound from a broker change to the marker and the panel. */
const UPDATE_BOUND_MS = 2000;

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function near(rgb: readonly number[], hex: string, tolerance = 14): boolean {
  const want = hexToRgb(hex);
  return want.every((c, k) => Math.abs(c - (rgb[k] ?? -999)) <= tolerance);
}

async function markerOf(page: Page, id: string): Promise<SensorMarkerInfo | null> {
  return page.evaluate((i) => window.__twinSensors?.markers().find((m) => m.id === i) ?? null, id);
}

async function frame(page: Page): Promise<void> {
  await waitForScene(page, 1);
}

describe('live sensors (e2e)', () => {
  let session: TwinSession;
  let client: NgsiClient;
  let now = 0;
  const simulator = createSensorSimulator({ model: generateDemoDistrict(), seed: SEED });

  beforeAll(async () => {
    session = await openTwin({ sensors: { rateS: 3600, seed: SEED } });
    client = createNgsiClient({ baseUrl: `${session.server.url}ngsi-ld/v1`, retries: 1 });
    // Two hours of history, then the present again (the simulator's own first publication).
    now = Date.now();
    for (let k = PAST_STEPS; k >= 1; k--) expect((await client.batchUpsert(simulator.snapshot(now - k * STEP_MS))).errors).toEqual([]);
    expect((await client.batchUpsert(simulator.snapshot(now))).errors).toEqual([]);
    await waitForScene(session.page, 2);
    const { page } = session;
    await page.waitForFunction(() => window.__twinSensors !== undefined, undefined, { timeout: 30_000 });
    await page.waitForFunction(() => window.__twinSensors?.store.getState().connection.status === 'live' && Object.keys(window.__twinSensors.store.getState().sensors).length > 0, undefined, { timeout: 30_000, polling: 200 });
    await frame(page);
  }, 240_000);
  afterAll(async () => {
    await session?.close();
  });

  it('draws every located sensor as a marker in its legend colour, in a few draw calls', async () => {
    const { page } = session;
    const expected = simulator.snapshot(now).length;
    await expect.poll(async () => (await page.evaluate(() => window.__twinSensors?.markers().length ?? 0)), { timeout: 10_000 }).toBe(expected);
    const markers = await page.evaluate(() => window.__twinSensors?.markers() ?? []);
    expect(new Set(markers.map((m) => m.kind))).toEqual(new Set(['air', 'noise', 'traffic', 'weather', 'parking', 'light', 'waste']));
    expect(markers.filter((m) => m.problem)).toEqual([]);
    await frame(page);
    const target = await page.evaluate(() => window.__twinSensors?.findVisibleMarker('noise') ?? null);
    expect(target).not.toBeNull();
    const marker = await markerOf(page, target?.id ?? '');
    const rgb = await pixelAt(page, SCENE_CANVAS, target?.x ?? 0, target?.y ?? 0);
    expect(near(rgb, marker?.colour ?? '#000000'), `pixel ${rgb.join(',')} vs ${marker?.colour}`).toBe(true);
    await screenshot(page, 'sensors-markers');
    // Instanced: hiding every type takes off at most one draw call per family, poles, badges and ring.
    const shownCalls = (await page.evaluate(() => window.__twinTest?.renderInfo().calls)) ?? 0;
    const kinds = ['AirQualityObserved', 'NoiseLevelObserved', 'TrafficFlowObserved', 'WeatherObserved', 'ParkingSpot', 'OnStreetParking', 'Streetlight', 'WasteContainer'] as const;
    await page.evaluate((types) => types.forEach((type) => window.__twinSensors?.store.getState().setTypeHidden(type, true)), [...kinds]);
    await frame(page);
    const hiddenCalls = (await page.evaluate(() => window.__twinTest?.renderInfo().calls)) ?? 0;
    await page.evaluate((types) => types.forEach((type) => window.__twinSensors?.store.getState().setTypeHidden(type, false)), [...kinds]);
    await frame(page);
    console.info(`sensors e2e: draw calls ${shownCalls} with ${markers.length} markers, ${hiddenCalls} without`);
    expect(shownCalls - hiddenCalls).toBeGreaterThanOrEqual(7);
    expect(shownCalls - hiddenCalls).toBeLessThanOrEqual(10);
    const panel = await page.getByTestId('sensors-panel').textContent();
    expect(panel).toMatch(/Noise, LAeq \(8\)/);
    expect(panel).toMatch(/32 of 32 sensors shown/);
  });

  it('a click opens the detail; a broker change recolours the marker and updates the panel within 2 s', async () => {
    const { page } = session;
    const target = await page.evaluate(() => window.__twinSensors?.findVisibleMarker('noise') ?? null);
    expect(target).not.toBeNull();
    if (target === null) return;
    // Hover: a label with the sensor's name and main value.
    await page.mouse.move(target.x, target.y);
    await expect.poll(() => page.getByTestId('sensor-hover-label').textContent(), { timeout: 5000 }).toMatch(/Noise sensor · .+: \d+(\.\d)? dB\(A\)/);
    await page.mouse.click(target.x, target.y);
    await expect.poll(() => page.evaluate(() => window.__twinSensors?.store.getState().selectedId), { timeout: 5000 }).toBe(target.id);
    const detail = page.getByTestId('sensor-detail');
    await expect.poll(() => detail.textContent(), { timeout: 5000 }).toMatch(/Noise sensor/);
    const before = await markerOf(page, target.id);
    // Loud enough for the top class, whatever the simulated level was.
    const value = 83.2;
    const loud = NOISE_CLASSES.at(-1)?.colour ?? '';
    expect(before?.colour).not.toBe(loud);
    const start = Date.now();
    const observedAt = new Date().toISOString();
    await client.updateAttributes(target.id, { LAeq: { type: 'Property', value, observedAt, unitCode: '2N' } });
    await page.waitForFunction(
      ({ id, loud }) => {
        const m = window.__twinSensors?.markers().find((x) => x.id === id);
        const text = document.querySelector('[data-testid="sensor-value-LAeq"]')?.textContent ?? '';
        return m?.colour === loud && /83[.,]2/.test(text);
      },
      { id: target.id, loud },
      { timeout: UPDATE_BOUND_MS, polling: 50 },
    );
    await frame(page);
    // The selected marker is drawn larger: find its head again.
    const head = await page.evaluate((id) => window.__twinSensors?.projectMarker(id) ?? null, target.id);
    expect(head).not.toBeNull();
    const rgb = await pixelAt(page, SCENE_CANVAS, head?.x ?? 0, head?.y ?? 0);
    const elapsed = Date.now() - start;
    console.info(`sensors e2e: broker PATCH → marker colour, pixels and panel value in ${elapsed} ms`);
    expect(near(rgb, loud), `pixel ${rgb.join(',')} vs ${loud}`).toBe(true);
    expect(elapsed).toBeLessThan(UPDATE_BOUND_MS + 1000);
    expect(await page.getByTestId('sensor-observed').textContent()).toMatch(/Europe\/Berlin/);
    await screenshot(page, 'sensors-detail-updated');
  });

  it('the detail chart shows the history from the temporal API', async () => {
    const { page } = session;
    const chart = page.getByTestId('sensor-chart');
    await expect.poll(async () => chart.getAttribute('data-state'), { timeout: 10_000 }).toBe('ready');
    // 1 h range: the past snapshots of the last hour, the present one and the PATCH.
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThanOrEqual(6);
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    await page.getByTestId('sensor-range-6h').click();
    await expect.poll(async () => Number((await chart.getAttribute('data-state')) === 'ready' ? await chart.getAttribute('data-points') : 0), { timeout: 10_000 }).toBeGreaterThanOrEqual(2 * (PAST_STEPS + 1));
    await screenshot(page, 'sensors-chart');
  });

  it('the replay slider shows every marker’s value at a past instant, and Live returns', async () => {
    const { page } = session;
    const noiseId = await page.evaluate(() => window.__twinSensors?.store.getState().selectedId ?? '');
    await page.getByTestId('sensor-replay-load').click();
    const slider = page.getByTestId('sensor-replay-slider');
    await slider.waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('sensor-replay-samples').textContent()).toMatch(/\d+ samples/);
    // 100 min ago: the snapshot of 10 steps back holds.
    const at = now - 10 * STEP_MS + 1000;
    const then = simulator.snapshot(now - 10 * STEP_MS).find((e) => e.id === noiseId);
    const level = (then?.['LAeq'] as { value: number }).value;
    const k = NOISE_CLASSES.findLastIndex((c) => level >= c.fromDb);
    await page.evaluate((ms) => window.__twinSensors?.store.getState().setReplayAt(ms), at);
    await expect.poll(async () => (await markerOf(page, noiseId))?.colour, { timeout: 2000 }).toBe(NOISE_CLASSES[k]?.colour);
    expect(await page.getByTestId('sensor-detail-replay').textContent()).toContain(String(level).replace('.', '.'));
    // Keyboard: Home goes to the window's start (6 h ago), before any history → no value.
    await slider.focus();
    await page.keyboard.press('Home');
    await expect.poll(async () => (await markerOf(page, noiseId))?.colour, { timeout: 2000 }).toBe('#c4c9cf');
    // Play advances the instant; Pause stops it.
    const home = await page.evaluate(() => window.__twinSensors?.store.getState().replayAtMs ?? 0);
    await page.getByTestId('sensor-replay-play').click();
    await expect.poll(() => page.evaluate(() => window.__twinSensors?.store.getState().replayAtMs ?? 0), { timeout: 3000 }).toBeGreaterThan(home);
    await page.getByTestId('sensor-replay-play').click();
    await frame(page);
    await screenshot(page, 'sensors-replay');
    await page.getByTestId('sensor-replay-live').click();
    await expect.poll(async () => (await markerOf(page, noiseId))?.colour, { timeout: 2000 }).toBe(NOISE_CLASSES.at(-1)?.colour);
  });

  it('the sensor list is keyboard operable: Enter on a row selects that sensor', async () => {
    const { page } = session;
    const id = await page.evaluate(() => window.__twinSensors?.markers().find((m) => m.kind === 'weather')?.id ?? '');
    const row = page.getByTestId(`sensor-row-${id}`);
    await row.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => window.__twinSensors?.store.getState().selectedId), { timeout: 2000 }).toBe(id);
    expect(await row.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.getByTestId('sensor-detail-name').textContent(), { timeout: 2000 }).toMatch(/Weather station/);
    expect(await page.getByTestId('sensor-values').textContent()).toMatch(/temperature-?\d+(\.\d)? °C/);
  });

  it('the filter hides a type and shows it again', async () => {
    const { page } = session;
    const target = await page.evaluate(() => window.__twinSensors?.findVisibleMarker('waste') ?? window.__twinSensors?.findVisibleMarker('traffic') ?? null);
    expect(target).not.toBeNull();
    if (target === null) return;
    const kind = (await markerOf(page, target.id))?.kind ?? 'waste';
    const colour = (await markerOf(page, target.id))?.colour ?? '#000000';
    const shown = await pixelAt(page, SCENE_CANVAS, target.x, target.y);
    expect(near(shown, colour), `pixel ${shown.join(',')} vs ${colour}`).toBe(true);
    await page.getByTestId(`sensor-filter-${kind}`).uncheck();
    await frame(page);
    expect(await page.evaluate((k) => window.__twinSensors?.markers().filter((m) => m.kind === k).length, kind)).toBe(0);
    const hidden = await pixelAt(page, SCENE_CANVAS, target.x, target.y);
    expect(near(hidden, colour), `pixel ${hidden.join(',')} still ${colour}`).toBe(false);
    expect(await page.getByTestId('sensors-summary').textContent()).toMatch(/of 32 sensors shown/);
    await page.getByTestId(`sensor-filter-${kind}`).check();
    await expect.poll(() => page.evaluate((k) => window.__twinSensors?.markers().filter((m) => m.kind === k).length ?? 0, kind)).toBeGreaterThan(0);
  });

  it('a bad value is drawn grey with a badge and explained in words', async () => {
    const { page } = session;
    const id = await page.evaluate(() => window.__twinSensors?.markers().find((m) => m.kind === 'noise')?.id ?? '');
    await page.getByTestId(`sensor-row-${id}`).click();
    await client.updateAttributes(id, { LAeq: { type: 'Property', value: 'NaN', observedAt: new Date().toISOString(), unitCode: '2N' } });
    await expect.poll(async () => (await markerOf(page, id))?.problem, { timeout: 3000 }).toBe(true);
    expect((await markerOf(page, id))?.colour).toBe('#8a8a8a');
    await expect.poll(() => page.getByTestId('sensor-problems').textContent(), { timeout: 3000 }).toMatch(/not a number/);
    await frame(page);
    await screenshot(page, 'sensors-problem');
    // Vite's dev-server websocket (hot reload, off in tests) may clash with another server on this machine: not the page's error.
    expect(session.errors.filter((e) => !/WebSocket|\[vite\]/.test(e))).toEqual([]);
  });
});

describe('live sensors, empty broker (e2e)', () => {
  let session: TwinSession;
  beforeAll(async () => {
    session = await openTwin({ sensors: false });
    await waitForScene(session.page, 1);
  }, 240_000);
  afterAll(async () => {
    await session?.close();
  });

  it('says that there are no sensors and draws no markers', async () => {
    const { page } = session;
    await expect.poll(() => page.getByTestId('sensors-empty').textContent(), { timeout: 20_000 }).toMatch(/No sensors in this district or broker/);
    expect(await page.evaluate(() => window.__twinSensors?.markers().length)).toBe(0);
    expect(await page.getByTestId('sensor-replay').count()).toBe(0);
  });
});

describe('live sensors: stale data while the broker is away (e2e)', () => {
  let dir: string;
  let broker: RunningBroker;
  let sensors: RunningSensors;
  let session: TwinSession;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'twin-sensors-e2e-'));
    broker = await startBroker(0, join(dir, 'broker.sqlite'));
    sensors = startSensors(broker.app, { rateS: 2, seed: SEED });
    await sensors.tick();
    session = await openTwin({ broker: { url: broker.url }, live: { healthIntervalMs: 500, probeTimeoutMs: 1000 } });
    await waitForScene(session.page, 1);
  }, 240_000);
  afterAll(async () => {
    sensors?.stop();
    await session?.close();
    await broker?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('fades every marker while the connection is down and restores the colours when it is back', async () => {
    const { page } = session;
    const allMarkers = (): Promise<SensorMarkerInfo[]> => page.evaluate(() => window.__twinSensors?.markers() ?? []);
    await expect.poll(async () => (await allMarkers()).length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect((await allMarkers()).every((m) => !m.stale && m.colour === m.valueColour)).toBe(true);
    const target = await page.evaluate(() => window.__twinSensors?.findVisibleMarker() ?? null);
    expect(target).not.toBeNull();
    const live = await markerOf(page, target?.id ?? '');

    sensors.stop();
    await broker.close();
    await expect.poll(async () => (await allMarkers()).every((m) => m.stale && m.colour !== m.valueColour), { timeout: 10_000 }).toBe(true);
    await frame(page);
    const faded = await markerOf(page, target?.id ?? '');
    const rgb = await pixelAt(page, SCENE_CANVAS, target?.x ?? 0, target?.y ?? 0);
    expect(near(rgb, faded?.colour ?? '#000000'), `pixel ${rgb.join(',')} vs faded ${faded?.colour}`).toBe(true);
    expect(faded?.valueColour).toBe(live?.valueColour);
    await screenshot(page, 'sensors-stale');

    broker = await startBroker(broker.port, join(dir, 'broker.sqlite'));
    sensors = startSensors(broker.app, { rateS: 2, seed: SEED });
    await expect.poll(async () => (await allMarkers()).every((m) => !m.stale && m.colour === m.valueColour), { timeout: 20_000 }).toBe(true);
  });
});
