/**
 * The scenario editor's barrier and tree tools and the split view's per-half hiding (issue 10), in
 * real headless Chromium on the demo district.
 * 1. On the Marktplatz (open ground: the tower scenario's footprint) a noise barrier is drawn by
 *    clicking its two ends on the canvas and Enter, given 6 m; a tree is planted with one click.
 *    Pixels change where each stands; Ctrl+Z twice gives back the scene of before (0.00 %).
 * 2. The tallest building is removed in a draft, saved and run beside the baseline (100 m cells);
 *    the draft is emptied again (Ctrl+Z), so only the run's edits hide the building. In the split
 *    view (left: baseline, right: the draft) the building stands in the left half as before, and
 *    in the right half only its ghost: moving the divider across it shows each. The comparison's
 *    share link carries the draft.
 * 3. A shared link carrying drafts saved in the sharer's page reopens them in a new page: a good
 *    draft is listed and run; a draft that names a road this district lacks shows the loader's
 *    line and id; a damaged draft says so.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../server/app';
import type {} from '../../src/scene/edit-tools/edit-test-hooks-api';
import { encodeShareState } from '../../src/app/scenario-url';
import { encodeDraftText } from '../../src/scenario/draft-link';
import type { Point2 } from '../../src/scenario/scenario-types';
import { createEditStore, draftScenarioFile, treeEdit } from '../../src/state/edit-store';
import { generateDemoDistrict } from '../../src/twin/demo/index';
import { changedPixelShare, pageErrors, renderedTwinForSuite, rgbInClientBox, rgbOnGrid, screenshot, settledScenePixels, waitForScene, type CanvasPixels, type ClientBox } from './support/browser';

/** RGB samples (every canvas px) inside a client-px box. */
const boxRgb = (pixels: CanvasPixels, box: ClientBox): number[] => rgbInClientBox(pixels, box, 1);
const whole = (pixels: CanvasPixels): number[] => rgbOnGrid(pixels, 2);
const editCount = (page: Page) => page.evaluate(() => window.__twinEdit?.store.getState().edits.length ?? -1);
const pct = (share: number, digits = 1) => `${(share * 100).toFixed(digits)} %`;

/** Open ground on the Marktplatz: the footprint of scenarios/tower-by-the-square.json. */
function squareFootprint(): Point2[] {
  const tower = JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'scenarios/tower-by-the-square.json'), 'utf8')) as { edits: { op: string; footprint?: Point2[] }[] };
  const footprint = tower.edits.find((e) => e.op === 'add-building')?.footprint;
  if (footprint === undefined) throw new Error('tower-by-the-square.json: no add-building footprint');
  return footprint;
}

/** Client position of the ground at ENU (x, y); throws when it is off screen. */
async function onScreen(page: Page, p: Point2): Promise<{ x: number; y: number }> {
  const c = await page.evaluate(([x, y]) => window.__twinEdit?.projectGround(x, y) ?? null, [p[0], p[1]] as const);
  if (c === null) throw new Error(`ground point (${p[0]}, ${p[1]}) is off screen`);
  return c;
}

describe('scenario editor: barrier and tree tools, split-view hiding (e2e)', () => {
  const session = renderedTwinForSuite();

  it('draws a noise barrier and plants a tree where the pixels change; undo restores the scene', async () => {
    const { page, errors } = session();
    const editor = page.getByTestId('scenario-editor');
    await editor.waitFor({ state: 'visible', timeout: 60_000 });
    await page.waitForFunction(() => window.__twinEdit?.store.getState().base !== null && window.__twinEdit !== undefined, undefined, { timeout: 60_000 });

    const footprint = squareFootprint();
    const xs = footprint.map((p) => p[0]);
    const ys = footprint.map((p) => p[1]);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const cx = (minX + maxX) / 2;
    const cy = (minY + maxY) / 2;
    await page.evaluate(([x, y]) => window.__twinEdit?.lookAt(x, y, 160), [cx, cy] as const);
    await waitForScene(page, 2);
    // The barrier along the square's south side, the tree near its north side, 2 m inside.
    const barrierEnds: Point2[] = [[minX + 2, minY + 2], [maxX - 2, minY + 2]];
    const treeAt: Point2 = [cx, maxY - 4];
    const [a, b] = [await onScreen(page, barrierEnds[0] ?? [0, 0]), await onScreen(page, barrierEnds[1] ?? [0, 0])];
    const tree = await onScreen(page, treeAt);
    // A 6 m wall and a 10 m tree rise above their ground points on screen.
    const barrierBox: ClientBox = { x0: Math.min(a.x, b.x) - 4, x1: Math.max(a.x, b.x) + 4, y0: Math.min(a.y, b.y) - 45, y1: Math.max(a.y, b.y) + 4 };
    const treeBox: ClientBox = { x0: tree.x - 20, x1: tree.x + 20, y0: tree.y - 60, y1: tree.y + 4 };
    await page.mouse.move(1, 1);
    const before = await settledScenePixels(page);
    await screenshot(page, 'scenario-edit-tools-before');

    // Barrier: one click per end, Enter ends the line, the form gives its height.
    await editor.getByTestId('edit-tool-barrier').click();
    for (const [k, c] of [a, b].entries()) {
      await page.mouse.click(c.x, c.y);
      await expect.poll(() => page.evaluate(() => window.__twinEdit?.store.getState().sketch.length ?? -1), { timeout: 10_000 }).toBe(k + 1);
    }
    await page.keyboard.press('Enter');
    const form = editor.getByTestId('edit-pending-form');
    await form.waitFor({ state: 'visible', timeout: 10_000 });
    await form.getByTestId('edit-height').fill('6');
    await form.getByTestId('edit-add').click();
    await expect.poll(() => editCount(page), { timeout: 10_000 }).toBe(1);
    const barrier = await page.evaluate(() => window.__twinEdit?.store.getState().edits[0] ?? null);
    expect(barrier).toMatchObject({ op: 'add-noise-barrier', heightM: 6 });
    if (barrier?.op !== 'add-noise-barrier') throw new Error(`expected a barrier edit, got ${JSON.stringify(barrier)}`);
    const worstEndM = Math.max(...barrier.line.map((p, k) => Math.hypot(p[0] - (barrierEnds[k]?.[0] ?? 0), p[1] - (barrierEnds[k]?.[1] ?? 0))));
    console.log(`barrier: worst end ${worstEndM.toFixed(2)} m from the intended point`);
    expect(worstEndM).toBeLessThan(3);
    await page.mouse.move(1, 1);
    const withBarrier = await settledScenePixels(page);
    const barrierShare = changedPixelShare(boxRgb(before, barrierBox), boxRgb(withBarrier, barrierBox));
    const barrierTreeBox = changedPixelShare(boxRgb(before, treeBox), boxRgb(withBarrier, treeBox));
    console.log(`barrier: ${pct(barrierShare)} of its box changed (${pct(barrierTreeBox)} of the tree's box)`);
    expect(barrierShare).toBeGreaterThan(0.1);
    await screenshot(page, 'scenario-edit-tools-barrier');

    // Tree: one click on open ground plants one (10 m, 6 m crown).
    await editor.getByTestId('edit-tool-trees').click();
    await page.mouse.click(tree.x, tree.y);
    await expect.poll(() => editCount(page), { timeout: 10_000 }).toBe(2);
    const planted = await page.evaluate(() => window.__twinEdit?.store.getState().edits[1] ?? null);
    expect(planted).toMatchObject({ op: 'add-trees', heightM: 10, crownDiameterM: 6 });
    if (planted?.op !== 'add-trees') throw new Error(`expected a tree edit, got ${JSON.stringify(planted)}`);
    const treeOffM = Math.hypot((planted.points?.[0]?.[0] ?? NaN) - treeAt[0], (planted.points?.[0]?.[1] ?? NaN) - treeAt[1]);
    expect(treeOffM).toBeLessThan(3);
    await page.mouse.move(1, 1);
    const withTree = await settledScenePixels(page);
    const treeShare = changedPixelShare(boxRgb(withBarrier, treeBox), boxRgb(withTree, treeBox));
    console.log(`tree: ${pct(treeShare)} of its box changed (${treeOffM.toFixed(2)} m from the intended point)`);
    expect(treeShare).toBeGreaterThan(0.05);
    await screenshot(page, 'scenario-edit-tools-tree');

    // Ctrl+Z twice: the scene of before, pixel for pixel.
    await editor.getByTestId('edit-tool-navigate').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => editCount(page), { timeout: 10_000 }).toBe(1);
    await page.keyboard.press('Control+z');
    await expect.poll(() => editCount(page), { timeout: 10_000 }).toBe(0);
    await page.mouse.move(1, 1);
    const undone = await settledScenePixels(page);
    const undoBarrier = changedPixelShare(boxRgb(before, barrierBox), boxRgb(undone, barrierBox));
    const undoTree = changedPixelShare(boxRgb(before, treeBox), boxRgb(undone, treeBox));
    const undoWhole = changedPixelShare(whole(before), whole(undone));
    console.log(`after two undos: ${pct(undoBarrier, 2)} of the barrier's box, ${pct(undoTree, 2)} of the tree's, ${pct(undoWhole, 2)} of the canvas differ from before`);
    expect(undoBarrier).toBe(0);
    expect(undoTree).toBe(0);
    expect(undoWhole).toBeLessThan(0.00005);
    expect(pageErrors(errors)).toEqual([]);
  }, 300_000);

  it('in the split view a building removed by the right half’s scenario is hidden in that half only', async () => {
    const { page, errors } = session();
    const panel = page.getByTestId('scenario-panel');
    const editor = page.getByTestId('scenario-editor');
    await page.waitForFunction(() => window.__twinEdit?.store.getState().base !== null && window.__twinEdit !== undefined, undefined, { timeout: 60_000 });

    // The tallest building and its footprint centre (mean of the outer ring's vertices).
    const tall = await page.evaluate(() => {
      const t = window.__twinEdit?.store.getState().base?.buildings;
      if (t === undefined) return null;
      let best = 0;
      for (let i = 1; i < t.count; i++) if ((t.heightM[i] ?? 0) > (t.heightM[best] ?? 0)) best = i;
      const v0 = t.ringOffset[t.ringStart[best] ?? 0] ?? 0;
      const v1 = t.ringOffset[(t.ringStart[best] ?? 0) + 1] ?? v0;
      let sx = 0;
      let sy = 0;
      for (let v = v0; v < v1; v++) {
        sx += t.xy[2 * v] ?? 0;
        sy += t.xy[2 * v + 1] ?? 0;
      }
      return { id: t.id[best] ?? '', heightM: t.heightM[best] ?? 0, x: sx / Math.max(1, v1 - v0), y: sy / Math.max(1, v1 - v0) };
    });
    if (tall === null) throw new Error('no district in the edit store');
    await page.evaluate(([x, y, d]) => window.__twinEdit?.lookAt(x, y, d), [tall.x, tall.y, 3 * tall.heightM + 80] as const);
    await waitForScene(page, 2);
    const roof = await page.evaluate((id) => window.__twinTest?.projectBuilding(id) ?? null, tall.id);
    const ground = await page.evaluate(([x, y]) => window.__twinEdit?.projectGround(x, y) ?? null, [tall.x, tall.y] as const);
    if (roof === null || ground === null) throw new Error(`building ${tall.id} not on screen (roof ${JSON.stringify(roof)}, ground ${JSON.stringify(ground)})`);
    const span = ground.y - roof.y;
    expect(span).toBeGreaterThan(20);
    // Roof centre down to half way to the footprint centre: inside the building, above any draped map.
    const upper: ClientBox = { x0: roof.x - 4, x1: roof.x + 4, y0: roof.y, y1: roof.y + 0.5 * span };
    // The divider's position is a fraction of the scene view's width (src/ui/scenario/split-divider.tsx).
    const view = await page.evaluate(() => {
      const r = document.querySelector('[data-testid="scene-view"]')?.getBoundingClientRect();
      return r === undefined ? null : { left: r.left, width: r.width };
    });
    if (view === null || view.width <= 0) throw new Error('no scene view');
    const roofFraction = (roof.x - view.left) / view.width;
    console.log(`tallest building ${tall.id}: ${tall.heightM.toFixed(1)} m, roof at ${pct(roofFraction)} of the view's width`);
    expect(roofFraction).toBeGreaterThan(0.3);
    expect(roofFraction).toBeLessThan(0.7);
    await page.mouse.move(1, 1);
    const before = await settledScenePixels(page);

    // A draft without the building, saved and chosen; then the draft is emptied again.
    expect(await page.evaluate((id) => window.__twinEdit?.store.getState().apply({ op: 'remove-building', id }) ?? false, tall.id)).toBe(true);
    await editor.getByTestId('edit-name').fill('Without the tower');
    await editor.getByTestId('edit-save').click();
    await editor.getByTestId('edit-saved').waitFor({ state: 'visible', timeout: 10_000 });
    await expect.poll(() => panel.getByTestId('scenario-choose-draft-without-the-tower').isChecked(), { timeout: 10_000 }).toBe(true);
    await page.evaluate(() => window.__twinEdit?.store.getState().undo());
    await expect.poll(() => editCount(page), { timeout: 10_000 }).toBe(0);

    // Baseline and draft at 100 m cells.
    await panel.getByTestId('scenario-grid').selectOption('100');
    const started = Date.now();
    await panel.getByTestId('scenario-run').click();
    await expect.poll(() => panel.getByTestId('scenario-run-draft-without-the-tower').getAttribute('data-status'), { timeout: 600_000, interval: 2_000 }).toMatch(/done|invalid|failed|cancelled/);
    console.log(`baseline + draft at 100 m cells in ${((Date.now() - started) / 1000).toFixed(1)} s: ${(await panel.locator('.scenario-runs').innerText()).replace(/\s+/g, ' ').slice(0, 300)}`);
    expect(await panel.getByTestId('scenario-run-draft-without-the-tower').getAttribute('data-status')).toBe('done');
    expect(await panel.getByTestId('scenario-run-baseline').getAttribute('data-status')).toBe('done');
    await expect.poll(() => panel.getByTestId('scenario-run').isEnabled(), { timeout: 30_000 }).toBe(true);

    // Split: baseline left, the draft right.
    await panel.getByTestId('scenario-split').check();
    const divider = page.getByTestId('split-divider');
    await divider.waitFor({ state: 'visible', timeout: 10_000 });
    await expect(panel.getByTestId('scenario-split-left').inputValue()).resolves.toMatch(/^scenario:baseline:/);
    await expect(panel.getByTestId('scenario-split-right').inputValue()).resolves.toMatch(/^scenario:without-the-tower:/);
    /** Moves the divider with its arrow keys (0.02 of the width a step) to about `target`. */
    const moveDivider = async (target: number) => {
      const now = Number(await divider.getAttribute('aria-valuenow')) / 100;
      const steps = Math.round((target - now) / 0.02);
      await divider.focus();
      for (let k = 0; k < Math.abs(steps); k++) await page.keyboard.press(steps > 0 ? 'ArrowRight' : 'ArrowLeft');
      await expect.poll(async () => Math.abs(Number(await divider.getAttribute('aria-valuenow')) / 100 - target), { timeout: 10_000 }).toBeLessThanOrEqual(0.011);
      await page.mouse.move(1, 1);
    };

    // The building in the left (baseline) half: drawn as before.
    await moveDivider(Math.min(0.95, roofFraction + 0.15));
    const inBaselineHalf = await settledScenePixels(page);
    await screenshot(page, 'scenario-edit-tools-split-baseline-half');
    const baselineShare = changedPixelShare(boxRgb(before, upper), boxRgb(inBaselineHalf, upper));
    // The building in the right (draft) half: only its ghost.
    await moveDivider(Math.max(0.05, roofFraction - 0.15));
    const inDraftHalf = await settledScenePixels(page);
    await screenshot(page, 'scenario-edit-tools-split-draft-half');
    const draftShare = changedPixelShare(boxRgb(before, upper), boxRgb(inDraftHalf, upper));
    console.log(`split view: ${pct(baselineShare, 2)} of the building's upper part changed in the baseline half, ${pct(draftShare)} in the draft's half`);
    expect(baselineShare).toBeLessThan(0.02);
    expect(draftShare).toBeGreaterThan(0.5);

    await panel.getByTestId('scenario-split').uncheck();
    // The comparison's link carries the draft saved in this page.
    await panel.getByTestId('scenario-share').click();
    const url = (await panel.getByTestId('scenario-share-url').getAttribute('href')) ?? '';
    expect(url).toMatch(/[#&]draft%3Adraft-without-the-tower=[\w-]+/);
    expect(pageErrors(errors)).toEqual([]);
  }, 800_000);

  it('a shared link reopens the drafts it carries, or says why one does not load', async () => {
    const { server, browser } = session();
    // A draft as the editor saves it (the demo district is the same in the sharer's page).
    const demo = generateDemoDistrict();
    const store = createEditStore();
    store.getState().begin(demo);
    expect(store.getState().apply(treeEdit(demo, [30, -60]))).toBe(true);
    expect(store.getState().apply({ op: 'close-road', id: 'road-main-2' })).toBe(true);
    const good = draftScenarioFile(store.getState(), { name: 'Shared tree and closure' });
    // A draft from another district (a road this one lacks), and a link whose draft was cut short.
    const unfit = '{\n  "name": "Elsewhere",\n  "base": "demo",\n  "edits": [\n    { "op": "close-road", "id": "road-main-99" }\n  ]\n}\n';
    const cut = encodeDraftText(good.text);
    const hash = encodeShareState({
      scenarios: ['baseline', good.id, 'draft-elsewhere', 'draft-cut'], grid: 100, shownId: null, split: null, view: 'scene', camera: null,
      drafts: [{ id: good.id, value: encodeDraftText(good.text) }, { id: 'draft-elsewhere', value: encodeDraftText(unfit) }, { id: 'draft-cut', value: cut.slice(0, cut.length >> 1) }],
    });
    console.log(`shared link with three drafts: ${hash.length} characters of hash`);
    const page = await browser.newPage({ viewport: { width: 1000, height: 640 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${server.url}?test=1${hash}`, { waitUntil: 'load', timeout: 180_000 });
      const panel = page.getByTestId('scenario-panel');
      const goodRun = panel.getByTestId(`scenario-run-${good.id}`);
      await expect.poll(() => goodRun.getAttribute('data-status'), { timeout: 600_000, interval: 2_000 }).toMatch(/done|invalid|failed|cancelled/);
      console.log(`shared link: ${(await panel.locator('.scenario-runs').innerText()).replace(/\s+/g, ' ').slice(0, 600)}`);
      expect(await goodRun.getAttribute('data-status')).toBe('done');
      await expect(goodRun.textContent()).resolves.toContain('Shared tree and closure');
      expect(await panel.getByTestId(`scenario-choose-${good.id}`).isChecked()).toBe(true);
      await expect.poll(() => panel.getByTestId('scenario-run').isEnabled(), { timeout: 60_000 }).toBe(true);
      const columns = await panel.getByTestId('scenario-kpi-column').allTextContents();
      expect(columns.some((c) => c.includes('Shared tree and closure'))).toBe(true);
      await expect(panel.getByTestId('scenario-issues-draft-elsewhere').textContent()).resolves.toMatch(/draft-elsewhere\.json:5:\d+: \/edits\/0\/id: unknown road 'road-main-99'/);
      await expect(panel.getByTestId('scenario-issues-draft-cut').textContent()).resolves.toMatch(/draft-cut\.json:1:1: the link's copy of the draft is damaged/);
      await screenshot(page, 'scenario-edit-tools-shared-drafts');
      expect(pageErrors(errors)).toEqual([]);
    } finally {
      await page.close();
    }
  }, 800_000);
});
