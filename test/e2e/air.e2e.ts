/**
 * Air quality near roads (issue 9) in real headless Chromium: the embedded broker with the sensor
 * simulator (WeatherObserved, AirQualityObserved). From the air panel: a long run shows progress and
 * Cancel stops it; a run for the current conditions drapes the NO2 map on the scene (pixels change),
 * the Results legend is in µg/m³ with the EU limit and WHO 2021 guideline in its notes, and the panel
 * shows the population-weighted exposure figure and the model against the stations in words.
 *
 * The page's live feed fills the sensors store; if it has not within 15 s, the test puts the
 * simulator's own entities in the store (FEED STAND-IN, printed) so the panel still reads stations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSensorSimulator } from '../../server/sensors/simulator';
import type { NgsiEntity } from '../../server/sensors/entities';
import { createEnuFrame } from '../../src/geo/enu';
import type { Sensor, SensorReading } from '../../src/state/sensors-store';
import { DEMO_ORIGIN, generateDemoDistrict } from '../../src/twin/demo';
import type {} from '../../src/scene/sensor-test-hooks'; // window.__twinSensors
import { changedPixelShare, openTwin, sampleCanvasRgb, screenshot, waitForScene, type TwinSession } from './support/browser';

const SEED = 3;

/** Page errors, without the dev server's hot-reload socket. */
const pageErrors = (errors: readonly string[]) => errors.filter((e) => !/WebSocket|\[vite\]/.test(e));

/** Feed stand-in: a simulator entity → the store's Sensor (ENU position, one reading per Property). */
function toSensor(entity: NgsiEntity): Sensor {
  const frame = createEnuFrame(DEMO_ORIGIN);
  const location = entity['location'] as { value: { coordinates: [number, number] } };
  const enu = [0, 0, 0];
  frame.toEnu(location.value.coordinates[0], location.value.coordinates[1], DEMO_ORIGIN.heightM, enu);
  const readings: Record<string, SensorReading> = {};
  for (const [name, raw] of Object.entries(entity)) {
    const a = raw as { type?: string; value?: unknown; observedAt?: string };
    if (a.type !== 'Property') continue;
    const value = typeof a.value === 'number' || typeof a.value === 'string' ? a.value : null;
    readings[name] = { attribute: name, datasetId: '', value, ...(a.observedAt === undefined ? {} : { observedAtMs: Date.parse(a.observedAt) }) };
  }
  return { id: entity.id, type: entity.type as Sensor['type'], position: { x: enu[0] ?? 0, y: enu[1] ?? 0, z: 0 }, readings, problems: [] };
}

describe('air quality near roads (e2e)', () => {
  let session: TwinSession;
  beforeAll(async () => {
    session = await openTwin({ sensors: { rateS: 3600, seed: SEED } });
    await waitForScene(session.page, 2);
    const { page } = session;
    const fed = await page
      .waitForFunction(() => Object.values(window.__twinSensors?.store.getState().sensors ?? {}).some((s) => s.type === 'AirQualityObserved'), undefined, { timeout: 15_000, polling: 250 })
      .then(() => true)
      .catch(() => false);
    if (!fed) {
      const sensors = createSensorSimulator({ model: generateDemoDistrict(), seed: SEED }).snapshot(Date.now()).map(toSensor);
      await page.waitForFunction(() => window.__twinSensors !== undefined, undefined, { timeout: 30_000 });
      await page.evaluate((list) => window.__twinSensors?.store.getState().setSensors(list), sensors);
    }
    console.info(`air e2e: ${fed ? 'live feed' : 'FEED STAND-IN (no live feed filled the store)'}`);
  }, 240_000);
  afterAll(async () => {
    await session?.close();
  });

  it('runs from the panel with progress and cancel, drapes NO2 in µg/m³ and shows exposure and model vs observation', async () => {
    const { page, errors } = session;
    const panel = page.getByTestId('air-panel');
    await panel.scrollIntoViewIfNeeded();
    await expect.poll(() => panel.isVisible(), { timeout: 30_000 }).toBe(true);
    await expect(panel.textContent()).resolves.toMatch(/CALINE3/);

    // A day mean on a 10 m grid runs long enough to see progress; cancel it.
    await page.getByTestId('air-mode').selectOption('period-mean');
    await page.getByTestId('air-grid').selectOption('10');
    await page.getByTestId('air-run').click();
    const progress = page.getByTestId('air-progress');
    await progress.waitFor({ state: 'visible', timeout: 10_000 });
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('air-cancelled').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await progress.count()).toBe(0);

    // The current hour from the live weather, on a 40 m grid.
    const before = await sampleCanvasRgb(page);
    await page.getByTestId('air-mode').selectOption('hourly');
    await page.getByTestId('air-grid').selectOption('40');
    await page.getByTestId('air-run').click();
    const results = page.getByTestId('air-results');
    await results.waitFor({ state: 'visible', timeout: 240_000 });
    await waitForScene(page, 2);
    const after = await sampleCanvasRgb(page);
    await screenshot(page, 'air-no2-hour');
    const changed = changedPixelShare(before, after);
    console.log(`air overlay: ${(changed * 100).toFixed(1)} % of sampled pixels changed`);
    expect(changed).toBeGreaterThan(0.02);

    const legend = page.getByTestId('result-legend');
    await expect(legend.getAttribute('data-result-id')).resolves.toBe('air-no2');
    const legendText = (await legend.textContent()) ?? '';
    expect(legendText).toMatch(/NO2, this hour/);
    expect(legendText).toMatch(/µg\/m³/);
    expect(legendText).toMatch(/EU limit 40 µg\/m³.*WHO 2021 guideline 10 µg\/m³/s);
    expect(await page.getByTestId('result-legend-classes').locator('li').count()).toBe(6);

    await expect(page.getByTestId('air-exposure-value').textContent()).resolves.toMatch(/Population-weighted NO2: [\d.,]+ µg\/m³/);
    expect(await page.getByTestId('air-exposure-figure').locator('div').count()).toBe(6);
    const trust = (await page.getByTestId('air-trust-summary').textContent()) ?? '';
    console.log(`air model vs observation: ${trust}`);
    expect(trust).toMatch(/NO2: the model is within a factor 2 at \d+ of \d+ stations \(bias -?[\d.,]+ µg\/m³, NMSE [\d.,]+\)/);
    expect(await page.getByTestId('air-trust-table').locator('tbody tr').count()).toBeGreaterThan(0);

    // Switching the pollutant shows its map and its comparison.
    await page.getByTestId('air-pollutant').selectOption('PM10');
    await expect(legend.getAttribute('data-result-id')).resolves.toBe('air-pm10');
    await expect(page.getByTestId('air-trust-summary').textContent()).resolves.toMatch(/PM10/);
    expect(pageErrors(errors)).toEqual([]);
  }, 360_000);
});
