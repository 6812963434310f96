/**
 * Importing through the UI: the server starts with a bad --city (the demo opens and the error is
 * shown in words), then a small GeoJSON district picked in the file input replaces it; a broken
 * file gives an error and keeps the district on screen.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CITIES_DIR, fixtureDir } from '../support/fixtures';
import { countNonBackgroundPixels, openTwin, screenshot, waitForScene, type TwinSession } from './support/browser';

const GENEVA_PBF = fixtureDir(CITIES_DIR, 'geneva', 'geneva.osm.pbf');

/** A few buildings of a block in WGS84 (lon, lat), one road, and one invalid polygon (2 points). */
function smallDistrict(): string {
  const lon0 = 6.1432;
  const lat0 = 46.2044;
  const dLon = 0.00013; // ≈ 10 m at 46° N
  const dLat = 0.00009; // ≈ 10 m
  const square = (i: number, j: number, size: number) => {
    const x = lon0 + i * dLon * 3;
    const y = lat0 + j * dLat * 3;
    return [[[x, y], [x + size * dLon, y], [x + size * dLon, y + size * dLat], [x, y + size * dLat], [x, y]]];
  };
  const features = [];
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 3; j++) {
      features.push({ type: 'Feature', id: `e2e-b-${i}-${j}`, properties: { building: 'yes', height: 9 + 3 * ((i + j) % 4) }, geometry: { type: 'Polygon', coordinates: square(i, j, 2) } });
    }
  }
  features.push({ type: 'Feature', id: 'e2e-road', properties: { highway: 'primary', name: 'Rue du Test' }, geometry: { type: 'LineString', coordinates: [[lon0 - dLon, lat0 - dLat], [lon0 + 13 * dLon, lat0 - dLat]] } });
  features.push({ type: 'Feature', id: 'e2e-broken', properties: { building: 'yes' }, geometry: { type: 'Polygon', coordinates: [[[lon0, lat0], [lon0 + dLon, lat0]]] } });
  return JSON.stringify({ type: 'FeatureCollection', features });
}

describe('import through the UI (e2e)', () => {
  let session: TwinSession;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'twin-e2e-'));
    writeFileSync(join(dir, 'e2e-quarter.geojson'), smallDistrict());
    writeFileSync(join(dir, 'broken.geojson'), '{ "type": "FeatureCollection", "features": [');
    session = await openTwin({ city: join(dir, 'does-not-exist') });
    await waitForScene(session.page, 1);
  });

  afterAll(async () => {
    await session?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('a bad --city path shows the error and opens the demo district', async () => {
    const { page } = session;
    await expect.poll(() => page.getByTestId('server-city-error').textContent(), { timeout: 30_000 }).toMatch(/does-not-exist/);
    expect(await page.getByTestId('district-name').textContent()).toMatch(/synthetic demo district/i);
  });

  it('a broken file gives an error in words and keeps the current district', async () => {
    const { page } = session;
    await page.getByTestId('import-input').setInputFiles(join(dir, 'broken.geojson'));
    await expect.poll(() => page.getByTestId('import-message').textContent(), { timeout: 60_000 }).toMatch(/broken\.geojson.*invalid JSON/is);
    expect(await page.getByTestId('district-name').textContent()).toMatch(/synthetic demo district/i);
    await screenshot(page, 'import-broken-file');
  });

  it('importing a GeoJSON file shows the new district and lists the skipped feature', async () => {
    const { page } = session;
    await page.getByTestId('import-input').setInputFiles(join(dir, 'e2e-quarter.geojson'));
    await expect.poll(() => page.getByTestId('district-name').textContent(), { timeout: 60_000 }).toBe('e2e-quarter');
    expect(await page.getByTestId('synthetic-label').count()).toBe(0);
    const message = await page.getByTestId('import-message').textContent();
    expect(message).toMatch(/12 buildings/);
    expect(message).toMatch(/e2e-broken/);
    await expect.poll(() => page.evaluate(() => window.__twinTest?.findClickableBuilding()?.id ?? ''), { timeout: 30_000 }).toMatch(/e2e-b-/);
    const pixels = await countNonBackgroundPixels(page, '[data-testid="scene-view"] canvas');
    expect(pixels.nonBackground).toBeGreaterThan(1000);
    await screenshot(page, 'import-geojson-district');
  });

  it.skipIf(GENEVA_PBF === undefined)('a long import shows progress and can be cancelled, keeping the district', async () => {
    const { page } = session;
    const before = await page.getByTestId('district-name').textContent();
    await page.getByTestId('import-input').setInputFiles(GENEVA_PBF ?? '');
    const progress = page.getByTestId('import-progress');
    await progress.waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'import-progress');
    await progress.getByRole('button').click();
    await expect.poll(() => page.getByTestId('import-message').textContent(), { timeout: 30_000 }).toMatch(/cancelled/i);
    expect(await page.getByTestId('district-name').textContent()).toBe(before);
  });
});
