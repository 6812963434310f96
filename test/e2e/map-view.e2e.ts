/**
 * The map view (CesiumJS, offline imagery) in headless Chromium: switching 3D → map → 3D keeps
 * the camera on the same place (target, heading, distance within tolerances), the map canvas is
 * not blank, and no Cesium ion request is made.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraPose } from '../../src/state/camera-store';
import { countNonBackgroundPixels, openTwin, pixelAt, screenshot, waitForScene, type TwinSession } from './support/browser';

/**
 * Camera tolerances after a round trip through Cesium's camera. The conversion goes through
 * Earth-fixed coordinates both ways (src/map/map-frame.ts), so only rounding is expected:
 * 1 cm + 10 ppm of the distance for the target, 1e-5 rad for heading and pitch.
 */
const TARGET_TOLERANCE_M = (distance: number) => 0.01 + 1e-5 * distance;
const ANGLE_TOLERANCE_RAD = 1e-5;

function targetGap(a: CameraPose, b: CameraPose): number {
  return Math.hypot(a.target[0] - b.target[0], a.target[1] - b.target[1], a.target[2] - b.target[2]);
}

describe('map view (e2e)', () => {
  let session: TwinSession;
  const ionRequests: string[] = [];

  beforeAll(async () => {
    session = await openTwin();
    session.page.on('request', (r) => {
      if (/cesium\.com|virtualearth|bing/i.test(r.url())) ionRequests.push(r.url());
    });
    await waitForScene(session.page, 2);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('switching to the map and back keeps the camera on the same place', async () => {
    const { page } = session;
    // Move the camera off its default first (so the test does not pass on a reset).
    await page.mouse.move(600, 350);
    await page.mouse.down({ button: 'left' });
    await page.mouse.move(660, 330, { steps: 5 });
    await page.mouse.up({ button: 'left' });
    await page.mouse.wheel(0, -200);
    await page.waitForTimeout(300);
    const before = await page.evaluate(() => window.__twinTest?.cameraPose() ?? null);
    expect(before).not.toBeNull();
    if (before === null) return;

    await page.getByTestId('view-switch-map').click();
    await page.waitForSelector('[data-testid="map-view"] canvas', { timeout: 120_000 });
    const onMap = await page.evaluate(() => window.__twinTest?.cameraPose() ?? null);
    expect(onMap).not.toBeNull();
    if (onMap === null) return;
    expect(targetGap(before, onMap)).toBeLessThan(TARGET_TOLERANCE_M(before.distanceM));
    expect(Math.abs(onMap.headingRad - before.headingRad)).toBeLessThan(ANGLE_TOLERANCE_RAD);
    expect(Math.abs(onMap.pitchRad - before.pitchRad)).toBeLessThan(ANGLE_TOLERANCE_RAD);

    // Let the map draw (imagery and primitives) and check it is not blank.
    await page.waitForTimeout(3000);
    const pixels = await countNonBackgroundPixels(page, '[data-testid="map-view"] canvas');
    await screenshot(page, 'map-view');
    expect(pixels.nonBackground / pixels.total).toBeGreaterThan(0.05);

    await page.getByTestId('view-switch-scene').click();
    await page.waitForTimeout(300);
    const after = await page.evaluate(() => window.__twinTest?.cameraPose() ?? null);
    expect(after).not.toBeNull();
    if (after === null) return;
    const gap = targetGap(before, after);
    expect(gap).toBeLessThan(TARGET_TOLERANCE_M(before.distanceM));
    expect(Math.abs(after.headingRad - before.headingRad)).toBeLessThan(ANGLE_TOLERANCE_RAD);
    expect(Math.abs(after.pitchRad - before.pitchRad)).toBeLessThan(ANGLE_TOLERANCE_RAD);
    expect(Math.abs(after.distanceM - before.distanceM) / before.distanceM).toBeLessThan(1e-5);
    await page.evaluate(() => window.__twinTest?.invalidate());
    await page.waitForTimeout(500);
    await screenshot(page, 'scene-after-map');
    console.log(`camera round trip 3D → map → 3D: target moved ${(gap * 1000).toFixed(3)} mm, heading ${Math.abs(after.headingRad - before.headingRad).toExponential(1)} rad at ${before.distanceM.toFixed(0)} m distance`);
  });

  it('clicking a building on the map selects it (info panel shows its id)', async () => {
    const { page } = session;
    const candidate = await page.evaluate(() => window.__twinTest?.findClickableBuilding() ?? null);
    expect(candidate).not.toBeNull();
    if (candidate === null) return;
    await page.getByTestId('view-switch-map').click();
    await page.waitForTimeout(1500);
    const onMap = await page.evaluate((id) => window.__twinTest?.projectBuildingOnMap?.(id) ?? null, candidate.id);
    expect(onMap).not.toBeNull();
    if (onMap === null) return;
    await page.mouse.click(onMap.x, onMap.y);
    await expect.poll(() => page.getByTestId('info-building-id').textContent(), { timeout: 30_000 }).toBe(candidate.id);
    // The selected building turns the selection blue on the map too.
    const mapCanvas = '[data-testid="map-view"] canvas';
    await expect.poll(async () => { const [r, , b] = await pixelAt(page, mapCanvas, onMap.x, onMap.y); return b - r; }, { timeout: 30_000 }).toBeGreaterThan(40);
    await screenshot(page, 'map-building-selected');
    await page.getByTestId('view-switch-scene').click();
  });

  it('uses no Cesium ion service', () => {
    expect(ionRequests).toEqual([]);
  });
});
