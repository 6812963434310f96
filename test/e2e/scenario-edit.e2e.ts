/**
 * Editing a scenario in the 3D view (issue 10) in real headless Chromium on the demo district: draw
 * a footprint on the Marktplatz by clicking its corners on the canvas (screen positions from the
 * editor's test hook), close it with Enter, give it 20 storeys — the new building appears (pixels
 * change there); click a road with the road tool and close it (its ribbon turns red); Ctrl+Z twice
 * gives back the original pixels, Ctrl+Shift+Z and Ctrl+Y the edited ones; the building tool picks
 * the new building and changes its storeys (undone again); a two-point footprint is
 * refused with the loader's message; the draft saves as a scenario (the downloaded JSON passes the
 * scenario loader: scenarios/schema.json and the ids), runs at 100 m cells beside the baseline and
 * the KPI table shows both.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../server/app';
import type {} from '../../src/scene/edit-tools/edit-test-hooks-api';
import { generateDemoDistrict } from '../../src/twin/demo/index';
import { parseScenario } from '../../src/scenario/load-scenario';
import type { Point2 } from '../../src/scenario/scenario-types';
import { changedPixelShare, pageErrors, renderedTwinForSuite, rgbInClientBox, rgbOnGrid, screenshot, settledScenePixels, waitForScene, type CanvasPixels, type ClientBox } from './support/browser';

/** The footprint of scenarios/tower-by-the-square.json: open ground on the Marktplatz. */
function squareFootprint(): Point2[] {
  const tower = JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'scenarios/tower-by-the-square.json'), 'utf8')) as { edits: { op: string; footprint?: Point2[] }[] };
  const footprint = tower.edits.find((e) => e.op === 'add-building')?.footprint;
  if (footprint === undefined) throw new Error('tower-by-the-square.json: no add-building footprint');
  return footprint;
}

/** RGB samples (every 2nd canvas px) inside a client-px box. */
const boxRgb = (pixels: CanvasPixels, box: ClientBox): number[] => rgbInClientBox(pixels, box, 2);

const editCount = (page: Page) => page.evaluate(() => window.__twinEdit?.store.getState().edits.length ?? -1);

describe('scenario editing in the scene (e2e)', () => {
  const session = renderedTwinForSuite();

  it('draws a building, closes a road, undoes and redoes with the keyboard, saves and runs the draft', async () => {
    const { page, errors } = session();
    const panel = page.getByTestId('scenario-panel');
    const editor = page.getByTestId('scenario-editor');
    await editor.waitFor({ state: 'visible', timeout: 60_000 });
    await expect(editor.getByTestId('edit-list-empty').textContent()).resolves.toMatch(/No edits yet/);
    await page.waitForFunction(() => window.__twinEdit !== undefined, undefined, { timeout: 60_000 });

    // Look at the square from 220 m, so the footprint's corners are well apart on screen.
    const footprint = squareFootprint();
    const cx = footprint.reduce((a, p) => a + p[0], 0) / footprint.length;
    const cy = footprint.reduce((a, p) => a + p[1], 0) / footprint.length;
    await page.evaluate(([x, y]) => window.__twinEdit?.lookAt(x, y, 220), [cx, cy] as const);
    await waitForScene(page, 2);
    const corners = await page.evaluate((pts) => pts.map(([x, y]) => window.__twinEdit?.projectGround(x, y) ?? null), footprint);
    if (corners.some((c) => c === null)) throw new Error(`footprint corner off screen: ${JSON.stringify(corners)}`);
    const screen = corners as { x: number; y: number }[];
    const xs = screen.map((c) => c.x);
    const ys = screen.map((c) => c.y);
    // The tower rises above its footprint on screen: the box reaches well above the ground corners.
    const towerBox: ClientBox = { x0: Math.min(...xs) - 6, x1: Math.max(...xs) + 6, y0: Math.min(...ys) - 120, y1: Math.max(...ys) + 6 };
    const before = await settledScenePixels(page);
    await screenshot(page, 'scenario-edit-before');

    // Draw: one click per corner, Enter closes the ring.
    await editor.getByTestId('edit-tool-draw-building').click();
    for (const [k, c] of screen.entries()) {
      await page.mouse.click(c.x, c.y);
      await expect.poll(() => page.evaluate(() => window.__twinEdit?.store.getState().sketch.length ?? -1), { timeout: 10_000 }).toBe(k + 1);
    }
    await page.keyboard.press('Enter');
    const form = editor.getByTestId('edit-pending-form');
    await form.waitFor({ state: 'visible', timeout: 10_000 });
    await form.getByTestId('edit-storeys').fill('20');
    await form.getByTestId('edit-use').selectOption('mixed');
    await form.getByTestId('edit-add').click();
    await expect.poll(() => editCount(page), { timeout: 10_000 }).toBe(1);
    const drawn = await page.evaluate(() => window.__twinEdit?.store.getState().edits[0] ?? null);
    expect(drawn).toMatchObject({ op: 'add-building', storeys: 20, use: 'mixed' });
    if (drawn?.op !== 'add-building') throw new Error(`expected an add-building edit, got ${JSON.stringify(drawn)}`);
    const drawnRing = drawn.footprint;
    // Clicked corners land within a couple of metres of the intended ones (pixel rounding on a sloped ground).
    const worstCornerM = Math.max(...drawnRing.map((p, k) => Math.hypot(p[0] - (footprint[k]?.[0] ?? 0), p[1] - (footprint[k]?.[1] ?? 0))));
    console.log(`footprint: worst corner ${worstCornerM.toFixed(2)} m from the intended point`);
    expect(worstCornerM).toBeLessThan(3);
    const withBuilding = await settledScenePixels(page);
    const buildingShare = changedPixelShare(boxRgb(before, towerBox), boxRgb(withBuilding, towerBox));
    console.log(`new building: ${(buildingShare * 100).toFixed(1)} % of the tower box changed`);
    expect(buildingShare).toBeGreaterThan(0.1);
    await screenshot(page, 'scenario-edit-building');

    // Close a road by clicking it.
    await editor.getByTestId('edit-tool-road').click();
    const road = await page.evaluate(() => window.__twinEdit?.findClickableRoad() ?? null);
    if (road === null) throw new Error('no clickable road on screen');
    await page.mouse.click(road.x, road.y);
    await editor.getByTestId('edit-road-form').waitFor({ state: 'visible', timeout: 10_000 });
    await expect(editor.getByTestId('edit-road-form').textContent()).resolves.toContain(road.id);
    await editor.getByTestId('edit-close-road').click();
    await expect.poll(() => editCount(page), { timeout: 10_000 }).toBe(2);
    await expect(editor.getByTestId('edit-undo').textContent()).resolves.toContain(`Close road ${road.id}`);
    const roadBox: ClientBox = { x0: road.x - 8, x1: road.x + 8, y0: road.y - 8, y1: road.y + 8 };
    const withRoad = await settledScenePixels(page);
    const roadShare = changedPixelShare(boxRgb(withBuilding, roadBox), boxRgb(withRoad, roadBox));
    console.log(`closed road ${road.id}: ${(roadShare * 100).toFixed(1)} % of the box around the click changed`);
    expect(roadShare).toBeGreaterThan(0.2);
    await screenshot(page, 'scenario-edit-road');

    // Ctrl+Z twice: the scene as before (the focus is on a panel button, not a form field).
    await page.keyboard.press('Control+z');
    await expect.poll(() => editCount(page), { timeout: 10_000 }).toBe(1);
    await page.keyboard.press('Control+z');
    await expect.poll(() => editCount(page), { timeout: 10_000 }).toBe(0);
    const undone = await settledScenePixels(page);
    const whole = (p: CanvasPixels) => rgbOnGrid(p, 3);
    const undoShare = changedPixelShare(whole(before), whole(undone));
    console.log(`after two undos: ${(undoShare * 100).toFixed(2)} % of the canvas differs from before the edits`);
    expect(undoShare).toBeLessThan(0.005);
    await expect(editor.getByTestId('edit-redo').textContent()).resolves.toContain('New building');

    // Ctrl+Shift+Z, then Ctrl+Y: both edits back, the same pixels as before the undos.
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => editCount(page), { timeout: 10_000 }).toBe(1);
    await page.keyboard.press('Control+y');
    await expect.poll(() => editCount(page), { timeout: 10_000 }).toBe(2);
    const redone = await settledScenePixels(page);
    const redoShare = changedPixelShare(whole(withRoad), whole(redone));
    console.log(`after two redos: ${(redoShare * 100).toFixed(2)} % of the canvas differs from the edited scene`);
    expect(redoShare).toBeLessThan(0.005);
    expect(await editor.getByTestId('edit-list').locator('li').count()).toBe(2);

    // The building tool picks the new building (the ray to its footprint's centre meets it first);
    // a change of storeys is one more edit, undone again with Ctrl+Z.
    await editor.getByTestId('edit-tool-building').click();
    const centre = await page.evaluate(([x, y]) => window.__twinEdit?.projectGround(x, y) ?? null, [cx, cy] as const);
    if (centre === null) throw new Error('footprint centre off screen');
    await page.mouse.click(centre.x, centre.y);
    const buildingForm = editor.getByTestId('edit-building-form');
    await buildingForm.waitFor({ state: 'visible', timeout: 10_000 });
    await expect(buildingForm.textContent()).resolves.toContain('edit-building-1');
    await buildingForm.getByTestId('edit-storeys').fill('10');
    await buildingForm.getByTestId('edit-apply').click();
    await expect.poll(() => editCount(page), { timeout: 10_000 }).toBe(3);
    await expect(editor.getByTestId('edit-undo').textContent()).resolves.toContain('Change building edit-building-1');
    await page.keyboard.press('Control+z');
    await expect.poll(() => editCount(page), { timeout: 10_000 }).toBe(2);

    // A footprint of two points is refused with the loader's message; Escape drops the sketch.
    await editor.getByTestId('edit-tool-draw-building').click();
    await page.mouse.click(road.x - 6, road.y);
    await page.mouse.click(road.x + 6, road.y);
    await expect.poll(() => page.evaluate(() => window.__twinEdit?.store.getState().sketch.length ?? -1), { timeout: 10_000 }).toBe(2);
    await page.keyboard.press('Enter');
    await expect(editor.getByTestId('edit-problem').textContent()).resolves.toMatch(/footprint needs at least 3 points/);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => window.__twinEdit?.store.getState().sketch.length ?? -1), { timeout: 10_000 }).toBe(0);
    expect(await editor.getByTestId('edit-problem').count()).toBe(0);
    expect(await editCount(page)).toBe(2);

    // Save: the downloaded file passes the scenario loader; the panel lists and chooses the draft.
    await editor.getByTestId('edit-tool-navigate').click();
    await editor.getByTestId('edit-name').fill('Tower and closed road');
    const [file] = await Promise.all([page.waitForEvent('download'), editor.getByTestId('edit-download').click()]);
    expect(file.suggestedFilename()).toBe('draft-tower-and-closed-road.json');
    const text = readFileSync(await file.path(), 'utf8');
    const parsed = parseScenario(text, file.suggestedFilename(), generateDemoDistrict());
    expect(parsed.edits.map((e) => e.op)).toEqual(['add-building', 'close-road']);
    await editor.getByTestId('edit-save').click();
    await editor.getByTestId('edit-saved').waitFor({ state: 'visible', timeout: 10_000 });
    const choice = panel.getByTestId('scenario-choose-draft-tower-and-closed-road');
    await expect.poll(() => choice.isChecked(), { timeout: 10_000 }).toBe(true);

    // Run baseline + draft at 100 m cells: the KPI table shows both.
    await panel.getByTestId('scenario-grid').selectOption('100');
    const started = Date.now();
    await panel.getByTestId('scenario-run').click();
    await page.getByTestId('scenario-progress').first().waitFor({ state: 'visible', timeout: 30_000 });
    // The machine is shared: log the runs' progress while waiting. Known flaky case (seen twice in
    // five runs while other suites ran): the scenario worker never answered and the baseline stayed
    // at "loading" (a worker module refused by the dev server, e.g. while Vite re-optimises the
    // shared dependency cache, never reaches comlink). Then the run is cancelled and started once
    // more, which starts a fresh worker; the retry is logged.
    let retried = false;
    for (let waited = 0; !(await panel.getByTestId('scenario-run').isEnabled()); waited += 30) {
      if (waited >= 150 && !retried && (await panel.locator('[data-status="done"]').count()) === 0) {
        console.log(`no scenario finished after ${waited} s (${(await panel.locator('.scenario-runs').innerText()).replace(/\s+/g, ' ').slice(0, 200)}); page errors: ${errors.join(' | ')}; cancelling and running again`);
        retried = true;
        await panel.getByTestId('scenario-cancel').click();
        await expect.poll(() => panel.getByTestId('scenario-run').isEnabled(), { timeout: 30_000 }).toBe(true);
        await panel.getByTestId('scenario-run').click();
        waited = 0;
      }
      if (waited > 600) throw new Error(`scenario run still going after 600 s:\n${await panel.locator('.scenario-runs').innerText()}\npage errors: ${errors.join('\n')}`);
      if (waited % 60 === 0) console.log(`${waited} s: ${(await panel.locator('.scenario-runs').innerText()).replace(/\s+/g, ' ').slice(0, 300)}`);
      await page.waitForTimeout(30_000);
    }
    console.log(`baseline + draft at 100 m cells in ${((Date.now() - started) / 1000).toFixed(1)} s:\n${await panel.locator('.scenario-runs').innerText()}`);
    const table = panel.getByTestId('scenario-kpi-table');
    await table.waitFor({ state: 'visible', timeout: 10_000 });
    await expect(panel.getByTestId('scenario-run-draft-tower-and-closed-road').getAttribute('data-status')).resolves.toBe('done');
    const columns = await table.getByTestId('scenario-kpi-column').allTextContents();
    expect(columns).toHaveLength(2);
    expect(columns[1]).toContain('Tower and closed road');
    expect(await table.getByTestId('scenario-kpi-change').count()).toBeGreaterThanOrEqual(6);
    console.log(`KPI table:\n${(await table.innerText()).slice(0, 1200)}`);
    await screenshot(page, 'scenario-edit-run');
    // After a retry, the refused worker module's 504 is the one expected console error.
    expect(pageErrors(errors).filter((e) => !(retried && /status of 504|Outdated Optimize Dep/.test(e)))).toEqual([]);
  }, 800_000);
});
