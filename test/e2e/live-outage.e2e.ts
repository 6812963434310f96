/**
 * Live sensors through the gateway in real Chromium, with an outage: the twin server is started
 * with an external broker (as `npm start -- --broker <url>`): the embedded broker plugin on its
 * own port with the sensor simulator publishing into it. The page shows live data; the broker is
 * stopped → the page shows the outage within a few seconds and keeps the data; the broker is
 * started again on the same port → the page recovers and receives new values with no reload.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSensors, type RunningSensors } from '../../server/sensors/publisher';
import { startBroker, type RunningBroker } from '../gateway/brokers';
import { openTwin, screenshot, waitForScene, type TwinSession } from './support/browser';

describe('live sensors: outage and recovery through the gateway (e2e)', () => {
  let dir: string;
  let broker: RunningBroker;
  let sensors: RunningSensors;
  let session: TwinSession;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'twin-live-e2e-'));
    broker = await startBroker(0, join(dir, 'broker.sqlite'));
    sensors = startSensors(broker.app, { rateS: 2, seed: 11 });
    await sensors.tick();
    session = await openTwin({ broker: { url: broker.url }, live: { healthIntervalMs: 500, probeTimeoutMs: 1000 } });
    await waitForScene(session.page, 1);
  });
  afterAll(async () => {
    sensors?.stop();
    await session?.close();
    await broker?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('shows live data, the outage with data kept, and recovers with no reload', async () => {
    const { page } = session;
    await page.waitForFunction(() => window.__twinLive?.status().status === 'live' && (window.__twinLive?.sensorCount() ?? 0) > 0, undefined, { timeout: 60_000, polling: 200 });
    const indicator = page.getByTestId('live-indicator');
    await expect(indicator.textContent()).resolves.toMatch(/Live · \d+ sensors · data \d+ s old/);
    await expect(indicator.getAttribute('role')).resolves.toBe('status');
    const count = await page.evaluate(() => window.__twinLive?.sensorCount() ?? 0);
    // Marks this page instance: a reload would lose it.
    await page.evaluate(() => Object.assign(window, { __sameLivePage: true }));
    await screenshot(page, 'live-outage-1-live');

    // The simulator publishes every 2 s: a newer observation arrives over the stream.
    const newest = (): Promise<number> => page.evaluate(() => window.__twinLive?.newestObservationMs() ?? 0);
    const first = await newest();
    await page.waitForFunction((t) => (window.__twinLive?.newestObservationMs() ?? 0) > t, first, { timeout: 10_000, polling: 100 });

    // Outage.
    sensors.stop();
    const stoppedAt = Date.now();
    await broker.close();
    const banner = page.getByTestId('live-outage');
    await banner.waitFor({ state: 'visible', timeout: 5000 });
    const shownAfterMs = Date.now() - stoppedAt;
    const text = (await banner.textContent()) ?? '';
    expect(text).toMatch(/^Live data unavailable: .*not reachable.*\. Showing data from \d\d:\d\d \(\d+ s old\)\. Reconnecting…$/);
    expect(text).toContain(broker.url);
    await expect(banner.getAttribute('role')).resolves.toBe('status');
    expect(await page.evaluate(() => window.__twinLive?.sensorCount() ?? 0)).toBe(count);
    await screenshot(page, 'live-outage-2-down');
    const lastBeforeRestart = await newest();

    // Recovery on the same port (the broker keeps its data and the gateway's subscription in its file).
    broker = await startBroker(broker.port, join(dir, 'broker.sqlite'));
    sensors = startSensors(broker.app, { rateS: 2, seed: 11 });
    await indicator.waitFor({ state: 'visible', timeout: 15_000 });
    await banner.waitFor({ state: 'detached', timeout: 5000 });
    await page.waitForFunction((t) => (window.__twinLive?.newestObservationMs() ?? 0) > t, lastBeforeRestart, { timeout: 10_000, polling: 100 });
    expect(await page.evaluate(() => (window as unknown as { __sameLivePage?: boolean }).__sameLivePage)).toBe(true);
    expect(await page.evaluate(() => window.__twinLive?.status().status)).toBe('live');
    await screenshot(page, 'live-outage-3-recovered');
    console.log(`live-outage e2e: ${count} sensors; outage shown ${shownAfterMs} ms after the broker stopped`);
    // Failed requests during the outage are logged by Chromium as network errors, and Vite's HMR
    // client complains when another dev server holds its WebSocket port; nothing else may be logged.
    expect(session.errors.filter((e) => !/Failed to load resource|net::ERR_|status of 50[234]|WebSocket|\[vite\]/.test(e))).toEqual([]);
  });
});
