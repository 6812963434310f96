/**
 * A worker that cannot start (src/app/worker-failure.ts) in real headless Chromium on the demo
 * district: the request for the worker module is aborted with a route, so the module worker fires
 * `error` without a message. The panel shows the run's error within seconds (it used to stay
 * "running" for ever), the scene keeps rendering and the results already shown stay; with the
 * route removed the next run starts a fresh worker and succeeds.
 * - scenarios: the baseline run fails with "scenario worker failed: the worker script could not be
 *   loaded"; the rerun's fresh worker reports progress past the runner's own 'loading' stage (a full
 *   chain takes minutes here), then it is cancelled;
 * - sun hours: a finished map stays on show while a second run fails; a worker script that throws
 *   while it starts gives its message and place; the next run finishes;
 * - noise, air and traffic: the panel's error names the worker; the rerun's fresh worker reports
 *   progress (noise, air; then cancelled) or finishes (traffic baseline);
 * - import (last: it replaces the district): the import message says the import worker failed and
 *   the demo district stays; the next import shows the new district.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { renderedTwinForSuite, screenshot, waitForScene } from './support/browser';

/** Page errors, without the dev server's socket, and the aborted worker request's own console line. */
const pageErrors = (errors: readonly string[]) => errors.filter((e) => !/WebSocket|\[vite\]|Failed to load resource|net::ERR_FAILED/.test(e));

/** The worker module (Vite dev serves it as `…/x.worker.ts?worker_file&type=module`). */
const workerUrl = (name: string) => `**/${name}.worker.ts*`;

const abort = (route: Route) => route.abort('failed');

/** A one-building GeoJSON district in WGS84 (lon, lat). */
function oneBuilding(): string {
  const [x, y, d] = [6.1432, 46.2044, 0.0002];
  const ring = [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
  return JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', id: 'wf-b-1', properties: { building: 'yes', height: 12 }, geometry: { type: 'Polygon', coordinates: [ring] } }] });
}

/** The scene still renders: the canvas is visible and draws two more frames. */
async function expectSceneUp(page: Page): Promise<void> {
  expect(await page.getByTestId('scene-view').locator('canvas').isVisible()).toBe(true);
  await waitForScene(page, 2);
}

describe('worker failure (e2e)', () => {
  const session = renderedTwinForSuite();

  it('a scenario run whose worker cannot load fails with a clear message; the next run starts a fresh worker', async () => {
    const { page, errors } = session();
    const context = page.context();
    const panel = page.getByTestId('scenario-panel');
    await panel.getByTestId('scenario-run').waitFor({ state: 'visible', timeout: 60_000 });
    await expect.poll(() => panel.getByTestId('scenario-run').isEnabled(), { timeout: 60_000 }).toBe(true);
    await panel.getByTestId('scenario-grid').selectOption('100');

    await context.route(workerUrl('scenario'), abort);
    const started = Date.now();
    await panel.getByTestId('scenario-run').click();
    const row = panel.getByTestId('scenario-run-baseline');
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('failed');
    const failedAfterS = (Date.now() - started) / 1000;
    const alert = row.getByRole('alert');
    await expect(alert.textContent()).resolves.toMatch(/failed: scenario worker failed: the worker script could not be loaded/);
    console.log(`scenario worker not loaded: "${(await alert.textContent()) ?? ''}" after ${failedAfterS.toFixed(1)} s`);
    await expect.poll(() => panel.getByTestId('scenario-run').isEnabled(), { timeout: 5_000 }).toBe(true);
    await screenshot(page, 'worker-failure-scenario');
    await expectSceneUp(page);

    await context.unroute(workerUrl('scenario'), abort);
    await panel.getByTestId('scenario-run').click();
    const progress = row.getByTestId('scenario-progress');
    await progress.waitFor({ state: 'visible', timeout: 10_000 });
    // The runner's own first label is 'loading'; any other stage came from the fresh worker.
    await expect.poll(async () => (await progress.locator('progress').getAttribute('aria-label')) ?? 'loading', { timeout: 120_000 }).not.toBe('loading');
    console.log(`fresh scenario worker reports: ${(await progress.locator('progress').getAttribute('aria-label')) ?? ''}`);
    await panel.getByTestId('scenario-cancel').click();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('cancelled');
    expect(pageErrors(errors)).toEqual([]);
  });

  it('a sun-hours run whose worker cannot load fails with a clear message, keeps the map on show, and the next run succeeds', async () => {
    const { page, errors } = session();
    const context = page.context();
    const panel = page.getByTestId('sun-hours-panel');
    await expect.poll(() => panel.isVisible(), { timeout: 30_000 }).toBe(true);
    await page.getByTestId('sun-hours-preset-march').check();
    await page.getByTestId('sun-hours-resolution').selectOption('5');
    await page.getByTestId('sun-hours-step').selectOption('30');
    const kpis = page.getByTestId('sun-hours-kpis');
    const legend = page.getByTestId('result-legend');

    // A finished map first: it must stay on show through the failed run.
    await page.getByTestId('sun-hours-run').click();
    await kpis.waitFor({ state: 'visible', timeout: 180_000 });
    await expect(legend.getAttribute('data-result-id')).resolves.toBe('sun-hours');

    await context.route(workerUrl('sun-hours'), abort);
    const started = Date.now();
    await page.getByTestId('sun-hours-run').click();
    const error = page.getByTestId('sun-hours-error');
    await error.waitFor({ state: 'visible', timeout: 10_000 });
    console.log(`sun-hours worker not loaded: "${(await error.textContent()) ?? ''}" after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await expect(error.textContent()).resolves.toMatch(/The sun-hours run failed: sun-hours worker failed: the worker script could not be loaded/);
    expect(await page.getByTestId('sun-hours-progress').count()).toBe(0);
    await expect(legend.getAttribute('data-result-id')).resolves.toBe('sun-hours');
    await screenshot(page, 'worker-failure-sun-hours');
    await expectSceneUp(page);

    await context.unroute(workerUrl('sun-hours'), abort);

    // A worker script that throws while it starts (outside any comlink call): the ErrorEvent's message and place.
    const throwing = (route: Route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: 'throw new Error("worker-failure e2e: boom");' });
    await context.route(workerUrl('sun-hours'), throwing);
    await page.getByTestId('sun-hours-run').click();
    await error.waitFor({ state: 'visible', timeout: 10_000 });
    await expect(error.textContent()).resolves.toMatch(/sun-hours worker failed: Uncaught Error: worker-failure e2e: boom at \S*sun-hours\.worker\.ts\S*:1:\d+/);
    console.log(`sun-hours worker throws: "${(await error.textContent()) ?? ''}"`);
    await context.unroute(workerUrl('sun-hours'), throwing);

    await page.getByTestId('sun-hours-run').click();
    await kpis.waitFor({ state: 'visible', timeout: 180_000 });
    expect(await error.count()).toBe(0);
    await expect(legend.getAttribute('data-result-id')).resolves.toBe('sun-hours');
    await expectSceneUp(page);
    expect(pageErrors(errors)).toEqual([]);
  });

  it('noise, air and traffic runs whose worker cannot load fail with a clear message; the next run works', async () => {
    const { page, errors } = session();
    const context = page.context();
    for (const name of ['noise', 'air'] as const) {
      await expect.poll(() => page.getByTestId(`${name}-panel`).isVisible(), { timeout: 30_000 }).toBe(true);
      await context.route(workerUrl(name), abort);
      await page.getByTestId(`${name}-run`).click();
      const error = page.getByTestId(`${name}-error`);
      await error.waitFor({ state: 'visible', timeout: 10_000 });
      await expect(error.textContent()).resolves.toMatch(new RegExp(`${name} worker failed: the worker script could not be loaded`));
      console.log(`${name} worker not loaded: "${(await error.textContent()) ?? ''}"`);
      expect(await page.getByTestId(`${name}-progress`).count()).toBe(0);
      await context.unroute(workerUrl(name), abort);

      await page.getByTestId(`${name}-run`).click();
      const progress = page.getByTestId(`${name}-progress`);
      // The fresh worker either reports progress (then the run is cancelled) or has already finished.
      await expect.poll(async () => (await progress.count()) === 0 || (await progress.locator('progress').getAttribute('value')) !== '0', { timeout: 120_000 }).toBe(true);
      if ((await progress.count()) > 0) await progress.getByRole('button', { name: 'Cancel' }).click().catch(() => undefined);
      expect(await error.count()).toBe(0);
    }

    await expect.poll(() => page.getByTestId('traffic-run').isVisible(), { timeout: 30_000 }).toBe(true);
    await context.route(workerUrl('traffic'), abort);
    await page.getByTestId('traffic-run').click();
    const error = page.getByTestId('traffic-error');
    await error.waitFor({ state: 'visible', timeout: 10_000 });
    await expect(error.textContent()).resolves.toMatch(/traffic worker failed: the worker script could not be loaded/);
    console.log(`traffic worker not loaded: "${(await error.textContent()) ?? ''}"`);
    expect(await page.getByTestId('traffic-run').isEnabled()).toBe(true);
    await context.unroute(workerUrl('traffic'), abort);
    await page.getByTestId('traffic-run').click();
    await page.getByTestId('traffic-figures').waitFor({ state: 'visible', timeout: 120_000 });
    expect(await error.count()).toBe(0);
    await expectSceneUp(page);
    expect(pageErrors(errors)).toEqual([]);
  });

  it('an import whose worker cannot load says so and keeps the district; the next import works', async () => {
    const { page, errors } = session();
    const context = page.context();
    const dir = mkdtempSync(join(tmpdir(), 'twin-worker-failure-'));
    try {
      const file = join(dir, 'wf-block.geojson');
      writeFileSync(file, oneBuilding());
      const before = await page.getByTestId('district-name').textContent();
      await context.route(workerUrl('import'), abort);
      await page.getByTestId('import-input').setInputFiles(file);
      const message = page.getByTestId('import-message');
      await expect.poll(() => message.textContent(), { timeout: 10_000 }).toMatch(/import worker failed: the worker script could not be loaded/);
      console.log(`import worker not loaded: "${(await message.textContent()) ?? ''}"`);
      expect(await page.getByTestId('district-name').textContent()).toBe(before);
      await expectSceneUp(page);

      await context.unroute(workerUrl('import'), abort);
      await page.getByTestId('import-input').setInputFiles(file);
      await expect.poll(() => page.getByTestId('district-name').textContent(), { timeout: 60_000 }).toBe('wf-block');
      await expect(message.textContent()).resolves.toMatch(/1 building/);
      await expectSceneUp(page);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(pageErrors(errors)).toEqual([]);
  });
});
