/**
 * Sun & time (issue 6) in real headless Chromium: the time panel drives the scene's sun, so changing
 * the local time of day moves the shadows (the canvas pixels differ between 09:00 and 17:00), and
 * the panel reports the SPA sun elevation and sunrise/sunset for the day.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { renderedTwinForSuite, waitForScene } from './support/browser';

const CANVAS = '[data-testid="scene-view"] canvas';

/** Grey levels of every 4th pixel of the scene canvas (needs preserveDrawingBuffer, test mode). */
async function sampleCanvas(page: Page): Promise<number[]> {
  return page.evaluate((selector) => {
    const source = document.querySelector<HTMLCanvasElement>(selector);
    if (source === null) return [];
    const c = document.createElement('canvas');
    c.width = source.width;
    c.height = source.height;
    const ctx = c.getContext('2d');
    if (ctx === null) return [];
    ctx.drawImage(source, 0, 0);
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    const out: number[] = [];
    for (let i = 0; i < data.length; i += 16) out.push(((data[i] ?? 0) + (data[i + 1] ?? 0) + (data[i + 2] ?? 0)) / 3);
    return out;
  }, CANVAS);
}

async function setTime(page: Page, hhmm: string): Promise<void> {
  await page.getByTestId('time-input').fill(hhmm);
  await page.evaluate(() => window.__twinTest?.invalidate());
  await waitForScene(page, 2);
}

describe('sun & time (e2e)', () => {
  const session = renderedTwinForSuite();

  it('changing the time of day moves the shadows', async () => {
    const { page } = session();
    await expect.poll(() => page.getByTestId('time-panel').isVisible(), { timeout: 30_000 }).toBe(true);
    await page.getByTestId('time-panel-toggle').click(); // collapsed by default (one tab stop)
    await setTime(page, '09:00');
    const morning = await sampleCanvas(page);
    const elevationMorning = await page.getByTestId('time-sun').locator('dd').first().textContent();
    await setTime(page, '17:00');
    const evening = await sampleCanvas(page);
    expect(morning.length).toBeGreaterThan(1000);
    expect(evening.length).toBe(morning.length);
    let changed = 0;
    for (let i = 0; i < morning.length; i++) if (Math.abs((morning[i] ?? 0) - (evening[i] ?? 0)) > 10) changed++;
    // Shadows swing from west of the buildings to east: a visible share of pixels changes.
    expect(changed / morning.length).toBeGreaterThan(0.01);
    // Sunrise and sunset are shown as HH:MM, and the elevation text follows the time.
    expect(await page.getByTestId('time-sun').textContent()).toMatch(/\d{2}:\d{2}.*\d{2}:\d{2}/s);
    expect(await page.getByTestId('time-sun').locator('dd').first().textContent()).not.toBe(elevationMorning);
  });
});
