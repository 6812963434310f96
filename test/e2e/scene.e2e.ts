/**
 * The 3D scene in real headless Chromium: the demo district loads and is labelled synthetic, the
 * canvas is not blank (pixel count), hover/click on a building shows its id in the info panel,
 * the layer panel hides a layer, walk mode moves the camera.
 */
import { describe, expect, it } from 'vitest';
import { countNonBackgroundPixels, pixelAt, renderedTwinForSuite, screenshot } from './support/browser';

const CANVAS = '[data-testid="scene-view"] canvas';

describe('3D scene (e2e)', () => {
  const session = renderedTwinForSuite();

  it('loads the demo district, labelled synthetic, with attribution', async () => {
    const { page } = session();
    await expect.poll(() => page.getByTestId('district-name').textContent(), { timeout: 30_000 }).toMatch(/synthetic demo district/i);
    expect(await page.getByTestId('synthetic-label').isVisible()).toBe(true);
    expect(await page.getByTestId('attribution').textContent()).toMatch(/synthetic/i);
    // The legend lists road classes present in the district.
    expect(await page.getByTestId('legend').locator('li').count()).toBeGreaterThan(3);
  });

  it('draws the district: the canvas is not blank, in a few draw calls', async () => {
    const { page } = session();
    const pixels = await countNonBackgroundPixels(page, '[data-testid="scene-view"] canvas');
    await screenshot(page, 'scene-demo-district');
    // The district covers a good part of the view (buildings, roads, trees, terrain).
    expect(pixels.nonBackground / pixels.total).toBeGreaterThan(0.2);
    const info = await page.evaluate(() => window.__twinTest?.renderInfo());
    expect(info?.triangles ?? 0).toBeGreaterThan(10_000);
    // Merged meshes: a handful of draw calls for the whole district (+ shadow pass).
    expect(info?.calls ?? Infinity).toBeLessThan(60);
  });

  it('hovering highlights a building; clicking selects it and shows its id in the info panel', async () => {
    const { page } = session();
    const target = await page.evaluate(() => window.__twinTest?.findClickableBuilding() ?? null);
    expect(target).not.toBeNull();
    if (target === null) return;
    const plain = await pixelAt(page, CANVAS, target.x, target.y);
    // Hover: the building turns the highlight orange (r well above b).
    await page.mouse.move(target.x, target.y);
    await expect.poll(async () => { const [r, , b] = await pixelAt(page, CANVAS, target.x, target.y); return r - b; }, { timeout: 30_000 }).toBeGreaterThan(60);
    await page.mouse.click(target.x, target.y);
    await expect.poll(() => page.getByTestId('info-building-id').textContent(), { timeout: 30_000 }).toBe(target.id);
    // Selected: blue (b well above r), unlike its plain colour.
    await expect.poll(async () => { const [r, , b] = await pixelAt(page, CANVAS, target.x, target.y); return b - r; }, { timeout: 30_000 }).toBeGreaterThan(40);
    expect(plain[2] - plain[0]).toBeLessThan(20);
    expect(await page.getByTestId('info-panel').textContent()).toMatch(/Storeys/);
    await page.evaluate(() => window.__twinTest?.invalidate());
    await page.waitForTimeout(500);
    await screenshot(page, 'scene-building-selected');
  });

  it('the layer panel hides and shows buildings', async () => {
    const { page } = session();
    const before = await page.evaluate(() => window.__twinTest?.renderInfo().triangles ?? 0);
    await page.getByTestId('layer-buildings').uncheck();
    await expect.poll(() => page.evaluate(() => window.__twinTest?.renderInfo().triangles ?? 0), { timeout: 30_000 }).toBeLessThan(before);
    await page.getByTestId('layer-buildings').check();
    await expect.poll(() => page.evaluate(() => window.__twinTest?.renderInfo().triangles ?? 0), { timeout: 30_000 }).toBe(before);
  });

  it('walk mode puts the eye at street level and W moves it forward', async () => {
    const { page } = session();
    await page.getByTestId('navigation-switch-walk').click();
    const start = await page.evaluate(() => window.__twinTest?.cameraPose() ?? null);
    expect(start?.pitchRad).toBeCloseTo(0, 6);
    await page.getByTestId('scene-view').focus();
    await page.keyboard.down('w');
    await page.waitForTimeout(800);
    await page.keyboard.up('w');
    const end = await page.evaluate(() => window.__twinTest?.cameraPose() ?? null);
    expect(start).not.toBeNull();
    expect(end).not.toBeNull();
    if (start === null || end === null) return;
    const moved = Math.hypot(end.target[0] - start.target[0], end.target[1] - start.target[1]);
    expect(moved).toBeGreaterThan(0.5);
    await screenshot(page, 'scene-walk-mode');
    await page.getByTestId('navigation-switch-orbit').click();
  });

  it('keyboard: Tab reaches the view switch, the import button, every layer checkbox and the scene; Space toggles a layer', async () => {
    const { page } = session();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    // Start sequential focus navigation at the top bar (a click on the title sets the starting point),
    // not after the control an earlier test clicked.
    await page.locator('.app-title').click();
    const reached: string[] = [];
    for (let k = 0; k < 18; k++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.textContent ?? ''));
    }
    for (const id of ['view-switch-map', 'navigation-switch-walk', 'layer-buildings', 'layer-labels', 'scene-view']) expect(reached).toContain(id);
    expect(reached.some((r) => /Import city data/.test(r))).toBe(true);
    await page.getByTestId('layer-trees').focus();
    await page.keyboard.press('Space');
    expect(await page.getByTestId('layer-trees').isChecked()).toBe(false);
    await page.keyboard.press('Space');
    expect(await page.getByTestId('layer-trees').isChecked()).toBe(true);
    // The focus ring is visible (an outline is drawn).
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe('none');
  });
});
