/**
 * The results contract in real Chromium: a raster result set in the results store (as a model's
 * panel does after its run) is draped on the ground in the legend's colours, the Results panel
 * shows its title, unit and classes, and hiding it restores the scene's pixels.
 */
import { describe, expect, it } from 'vitest';
import { changedPixelShare, renderedTwinForSuite, sampleCanvasRgb, screenshot, waitForScene } from './support/browser';

describe('analysis result overlay (e2e)', () => {
  const session = renderedTwinForSuite();

  it('drapes a raster result with its legend and hides it again', async () => {
    const { page, errors } = session();
    await expect(page.getByTestId('results-panel').textContent()).resolves.toMatch(/No analysis has been run yet/);
    const before = await sampleCanvasRgb(page);
    await page.evaluate(() => {
      // A 10 m grid over the district's central 600 m, values rising west → east over two classes.
      const cols = 60;
      const rows = 60;
      const values = new Float32Array(cols * rows);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) values[r * cols + c] = c < cols / 2 ? 52 : 67;
      window.__twinTest?.setResult({
        kind: 'raster',
        id: 'test-raster',
        title: 'Test levels',
        source: 'test',
        grid: { originX: -300, originY: -300, cellM: 10, cols, rows },
        values,
        legend: {
          kind: 'classes',
          unit: 'dB',
          classes: [
            { from: 50, to: 55, colour: '#1f77ff', label: '50–54' },
            { from: 65, to: 70, colour: '#ff2a1f', label: '65–69' },
          ],
        },
      });
    });
    await waitForScene(page, 2);
    const shown = await sampleCanvasRgb(page);
    await screenshot(page, 'results-overlay-shown');
    expect(changedPixelShare(before, shown)).toBeGreaterThan(0.02);
    // The overlay's two colours are on screen: strong blue and strong red pixels.
    let blue = 0;
    let red = 0;
    for (let k = 0; k < shown.length; k += 3) {
      const [r, g, b] = [shown[k] ?? 0, shown[k + 1] ?? 0, shown[k + 2] ?? 0];
      if (b > 150 && b - r > 60 && b - g > 20) blue++;
      if (r > 150 && r - g > 60 && r - b > 60) red++;
    }
    expect(blue).toBeGreaterThan(50);
    expect(red).toBeGreaterThan(50);
    const legend = page.getByTestId('result-legend');
    await expect(legend.textContent()).resolves.toMatch(/Test levels.*dB.*50–54.*65–69/s);

    await page.getByTestId('result-picker').selectOption('');
    await waitForScene(page, 2);
    const hidden = await sampleCanvasRgb(page);
    expect(changedPixelShare(before, hidden)).toBeLessThan(0.01);
    expect(errors).toEqual([]);
  });
});
