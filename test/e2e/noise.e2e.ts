/**
 * Road traffic noise (issue 8) in real headless Chromium: on the demo district the noise panel
 * runs the CNOSSOS-EU chain in its worker with a progress bar and Cancel; a run at a 40 m grid
 * (software WebGL and a shared CPU: the product default is 10 m) drapes the Lden map on the scene
 * (pixels change), the Results legend shows the 5-dB classes in dB(A), the exposure table and the
 * bar chart appear, and a flow what-if re-sums in the worker and updates the table. A building
 * removed in the editor's draft is the same district: the re-run goes to the same worker and
 * recomputes only the paths the change touches (the panel says how many).
 */
import { describe, expect, it } from 'vitest';
import type {} from '../../src/scene/edit-tools/edit-test-hooks-api';
import { changedPixelShare, pageErrors, renderedTwinForSuite, sampleCanvasRgb, screenshot, waitForScene } from './support/browser';

/** Page errors, without the dev server's hot-reload socket (another suite may hold its port). */
describe('road traffic noise (e2e)', () => {
  const session = renderedTwinForSuite();

  it('runs from the panel with progress and cancel, drapes Lden with its legend, shows exposure and re-sums a what-if', async () => {
    const { page, errors } = session();
    const panel = page.getByTestId('noise-panel');
    await expect.poll(() => panel.isVisible(), { timeout: 30_000 }).toBe(true);
    await expect(panel.textContent()).resolves.toMatch(/CNOSSOS-EU/);

    // Default 10 m grid: long enough to see progress, then cancel it.
    await page.getByTestId('noise-run').click();
    const progress = page.getByTestId('noise-progress');
    await progress.waitFor({ state: 'visible', timeout: 10_000 });
    await expect.poll(() => progress.locator('progress').getAttribute('value'), { timeout: 120_000 }).not.toBe('0');
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('noise-cancelled').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await progress.count()).toBe(0);

    // A 40 m grid run to the end.
    const before = await sampleCanvasRgb(page);
    await page.getByTestId('noise-grid').selectOption('40');
    await page.getByTestId('noise-run').click();
    await progress.waitFor({ state: 'visible', timeout: 10_000 });
    const table = page.getByTestId('noise-exposure-table');
    await table.waitFor({ state: 'visible', timeout: 300_000 });
    await waitForScene(page, 2);
    const after = await sampleCanvasRgb(page);
    await screenshot(page, 'noise-lden-demo');
    const changed = changedPixelShare(before, after);
    console.log(`noise overlay: ${(changed * 100).toFixed(1)} % of sampled pixels changed`);
    expect(changed).toBeGreaterThan(0.05);

    const legend = page.getByTestId('result-legend');
    await expect(legend.getAttribute('data-result-id')).resolves.toBe('noise-lden');
    await expect(legend.textContent()).resolves.toMatch(/Road noise Lden.*dB\(A\).*50–54.*55–59.*60–64.*65–69/s);
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(3);
    await expect(page.getByTestId('noise-thresholds').textContent()).resolves.toMatch(/Lden ≥ 55 dB \(END\)\s*[\d,]+/);
    expect(await page.getByTestId('noise-chart').locator('rect').count()).toBe(11);
    const end55 = async () => Number(((await page.getByTestId('noise-thresholds').locator('dd').first().textContent()) ?? '').replace(/[^\d]/g, ''));
    const baseEnd55 = await end55();
    expect(baseEnd55).toBeGreaterThan(0);

    // What-if: a quarter of the traffic on every road → re-summed in the worker, fewer residents above 55 dB.
    await page.getByTestId('noise-flow').fill('20');
    await page.getByTestId('noise-resummed').waitFor({ state: 'visible', timeout: 30_000 });
    await expect.poll(end55, { timeout: 30_000 }).toBeLessThan(baseEnd55);
    console.log(`noise what-if: ${(await page.getByTestId('noise-resummed').textContent()) ?? ''}; residents ≥ 55 dB Lden ${baseEnd55} → ${await end55()}`);

    // A building change in the editor's draft (same district): the panel keeps its worker, and the
    // re-run updates the session, recomputing only the paths the removed building touched.
    await page.waitForFunction(() => window.__twinEdit?.store.getState().base != null, undefined, { timeout: 30_000 });
    const removed = await page.evaluate(() => {
      const s = window.__twinEdit?.store.getState();
      const ids = s?.base?.buildings.id ?? [];
      const id = ids[Math.floor(ids.length / 2)] ?? '';
      return s?.apply({ op: 'remove-building', id }) === true ? id : null;
    });
    expect(removed).not.toBeNull();
    await expect.poll(() => page.getByTestId('noise-subject').textContent(), { timeout: 10_000 }).toMatch(/editor’s draft \(1 edits\)/);
    await page.getByTestId('noise-stale').waitFor({ state: 'visible', timeout: 10_000 });
    await page.getByTestId('noise-run').click();
    const update = page.getByTestId('noise-update');
    await update.waitFor({ state: 'visible', timeout: 300_000 });
    await expect(update.getAttribute('data-incremental')).resolves.toBe('true');
    const updateText = (await update.textContent()) ?? '';
    console.log(`noise re-run after removing building ${removed ?? ''}: "${updateText}"`);
    const share = Number(/\(([\d.]+) %\)/.exec(updateText)?.[1] ?? Number.NaN);
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(100);
    expect(await page.getByTestId('noise-stale').count()).toBe(0);
    expect(pageErrors(errors)).toEqual([]);
  });
});
