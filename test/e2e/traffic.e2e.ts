/**
 * Traffic in real Chromium (issue 7): the assignment of the demo district run from the traffic
 * panel in its worker, link flows drawn over the roads (pixels change) with the v/c legend in the
 * Results panel, a click on a drawn road shows its flow per direction, and closing that road
 * re-solves the what-if and shows the difference map with its diverging legend.
 */
import { describe, expect, it } from 'vitest';
import { changedPixelShare, renderedTwinForSuite, sampleCanvasRgb, screenshot, waitForScene } from './support/browser';

describe('traffic panel and flow maps (e2e)', () => {
  const session = renderedTwinForSuite();

  it('assigns the district, draws flows with a v/c legend, shows a clicked road and the difference of closing it', async () => {
    const { page, errors } = session();
    const panel = page.getByTestId('traffic-panel');
    await panel.scrollIntoViewIfNeeded();
    const before = await sampleCanvasRgb(page);

    await page.getByTestId('traffic-run').click();
    await page.getByTestId('traffic-figures').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('traffic-figures').textContent()).resolves.toMatch(/Relative gap.*Total travel time.*Vehicle-km.*Iterations.*Solve time/s);
    await expect(page.getByTestId('traffic-unreachable').textContent()).resolves.toMatch(/Every OD pair has a path|have no open path/);
    const legend = page.getByTestId('result-legend');
    await expect(legend.getAttribute('data-result-id')).resolves.toBe('traffic-vc');
    await expect(legend.textContent()).resolves.toMatch(/volume\/capacity.*v\/c.*< 0\.5.*≥ 1\.0/s);
    await expect(page.getByTestId('result-legend-classes').count()).resolves.toBe(1);

    await waitForScene(page, 2);
    const flows = await sampleCanvasRgb(page);
    await screenshot(page, 'traffic-flows');
    expect(changedPixelShare(before, flows)).toBeGreaterThan(0.005);

    // Click the busiest road that shows on screen.
    const target = await page.evaluate(() => {
      // window.__twinRoads: test hooks of src/scene/result-roads-layer.tsx (declared there, for the page).
      const hooks = (window as unknown as { __twinRoads?: { findClickableRoad(): { road: number; x: number; y: number } | null } }).__twinRoads;
      return hooks?.findClickableRoad() ?? null;
    });
    expect(target).not.toBeNull();
    if (target === null) return;
    await page.mouse.click(target.x, target.y);
    const road = page.getByTestId('traffic-road');
    await road.waitFor({ timeout: 10_000 });
    await expect(road.getAttribute('data-road')).resolves.toBe(String(target.road));
    const flowCells = await page.getByTestId('traffic-road-flow').allTextContents();
    expect(flowCells.length).toBeGreaterThan(0);
    expect(flowCells.some((c) => Number(c.replace(/[^0-9.]/g, '')) > 0)).toBe(true);
    await expect(page.getByTestId('traffic-road-table').textContent()).resolves.toMatch(/Capacity.*Free-flow time.*Congested time.*v\/c/s);
    // The info panel shows the road too, with its flow per direction.
    await expect(page.getByTestId('info-road-name').textContent()).resolves.not.toBe('');
    await expect(page.getByTestId('info-panel').textContent()).resolves.toMatch(/Flow as drawn \(veh\/h\).*Flow opposite/s);

    // Close it: the what-if is re-solved warm and the difference map is shown.
    await page.getByTestId('traffic-toggle-road').click();
    await page.getByTestId('traffic-changes').waitFor({ timeout: 60_000 });
    await expect(legend.getAttribute('data-result-id')).resolves.toBe('diff:traffic-flow:scenario');
    await expect(page.getByTestId('result-legend-ramp').count()).resolves.toBe(1);
    await expect(legend.textContent()).resolves.toMatch(/minus baseline.*veh\/h/s);
    await expect(page.getByTestId('traffic-road-flow').first().textContent()).resolves.toBe('closed');
    await waitForScene(page, 2);
    const difference = await sampleCanvasRgb(page);
    await screenshot(page, 'traffic-difference');
    expect(changedPixelShare(flows, difference)).toBeGreaterThan(0.002);
    // Vite's HMR socket fails when another e2e run holds its port (parallel runs); not an app error.
    expect(errors.filter((e) => !/WebSocket|\[vite\]/.test(e))).toEqual([]);
  });
});
