/**
 * `--city <folder>` with a real district (CITIES_DIR/delft, CityJSON 2.0): the server lists the
 * files, the browser imports them in the worker (progress bar) and shows the district; clicking
 * one of its buildings shows its CityJSON id. Skipped (reported) when the folder is absent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CITIES_DIR, fixtureDir } from '../support/fixtures';
import { countNonBackgroundPixels, openTwin, screenshot, waitForScene, type TwinSession } from './support/browser';

const DELFT = fixtureDir(CITIES_DIR, 'delft');

describe.skipIf(DELFT === undefined)('--city with a real district folder (e2e)', () => {
  let session: TwinSession;

  beforeAll(async () => {
    session = await openTwin({ city: DELFT ?? '' });
    await session.page.waitForFunction(() => document.querySelector('[data-testid="district-name"]')?.textContent === 'delft', undefined, { timeout: 120_000 });
    await waitForScene(session.page, 2);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('opens the city from the server, not the demo', async () => {
    const { page } = session;
    expect(await page.getByTestId('synthetic-label').count()).toBe(0);
    expect(await page.getByTestId('server-city-error').count()).toBe(0);
    const header = await page.getByTestId('district-header').textContent();
    expect(header).toMatch(/\d+ buildings/);
    const pixels = await countNonBackgroundPixels(page, '[data-testid="scene-view"] canvas');
    expect(pixels.nonBackground / pixels.total).toBeGreaterThan(0.05);
    await screenshot(page, 'city-folder-delft');
  });

  it('clicking one of its buildings shows the source id', async () => {
    const { page } = session;
    const target = await page.evaluate(() => window.__twinTest?.findClickableBuilding() ?? null);
    expect(target).not.toBeNull();
    if (target === null) return;
    await page.mouse.click(target.x, target.y);
    await expect.poll(() => page.getByTestId('info-building-id').textContent(), { timeout: 30_000 }).toBe(target.id);
  });
});
