/**
 * Sun & time (issue 6) in real headless Chromium: the time panel drives the scene's sun, so changing
 * the local time of day moves the shadows (the canvas pixels differ between 09:00 and 17:00), and
 * the panel reports the SPA sun elevation and sunrise/sunset for the day.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { changedPixelShare, renderedTwinForSuite, sampleCanvasRgb, waitForScene } from './support/browser';

/**
 * Each sampled pixel's grey level (mean of R, G, B) as a grey triple, so that changedPixelShare counts
 * a pixel whose grey level moves by more than its tolerance (this test's criterion), not one channel.
 */
function greyTriples(rgb: readonly number[]): number[] {
  const out: number[] = [];
  for (let k = 0; k + 2 < rgb.length; k += 3) {
    const grey = ((rgb[k] ?? 0) + (rgb[k + 1] ?? 0) + (rgb[k + 2] ?? 0)) / 3;
    out.push(grey, grey, grey);
  }
  return out;
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
    const morning = await sampleCanvasRgb(page);
    const elevationMorning = await page.getByTestId('time-sun').locator('dd').first().textContent();
    await setTime(page, '17:00');
    const evening = await sampleCanvasRgb(page);
    // RGB triples of every 4th pixel (support/browser.ts).
    expect(morning.length / 3).toBeGreaterThan(1000);
    // Shadows swing from west of the buildings to east: a visible share of pixels changes.
    const changed = changedPixelShare(greyTriples(morning), greyTriples(evening));
    console.log(`sun 09:00 → 17:00: ${(changed * 100).toFixed(1)} % of sampled pixels changed grey level by more than 10`);
    expect(changed).toBeGreaterThan(0.01);
    // Sunrise and sunset are shown as HH:MM, and the elevation text follows the time.
    expect(await page.getByTestId('time-sun').textContent()).toMatch(/\d{2}:\d{2}.*\d{2}:\d{2}/s);
    expect(await page.getByTestId('time-sun').locator('dd').first().textContent()).not.toBe(elevationMorning);
  });
});
