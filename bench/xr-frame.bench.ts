/**
 * Frame budget for headsets (issue 11, "A frame budget for headsets"): draw calls and triangles of
 * one frame of the 3D scene in the desktop view and in the immersive (stereo) view, for the demo
 * district and for Geneva (OSM, CITIES_DIR/geneva; skipped with the reason printed when absent),
 * against the budget in bench/README.md, plus the render time per frame (median over N frames).
 *
 * Real app, real browser: the twin server (server/app.ts) and headless Chromium with the iwer
 * emulated Meta Quest 3 (`?test=1&xr-emulator`, entered through the "Enter VR" button as the e2e
 * test does). Render times come from SwiftShader software rendering on a shared CPU: they are NOT a
 * headset figure; the baseline measured in the same run and view is the empty scene (every layer
 * checkbox off), so the ratio says what the district itself costs. Figures are printed, never asserted.
 */
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startTwinServer } from '../server/app';
import { launchChromium } from '../test/e2e/support/browser';
import { CITIES_DIR, fixtureDir } from '../test/support/fixtures';
import type {} from '../src/scene/test-hooks-api';
import type {} from '../src/xr/xr-test-hooks';
import { FRAME_PROBE_SCRIPT, median } from './support/frame-probe';
import { printTable, type Row } from './harness';

/** The headset budget per frame (both eyes), bench/README.md. */
export const XR_BUDGET = { drawCalls: 100, triangles: 1_500_000, frameMs: 1000 / 72 } as const;

/** Frames measured per view (software rendering: a stereo frame takes up to about a second here). */
const FRAMES_DESKTOP = 8;
const FRAMES_XR = 6;
const VIEWPORT = { width: 1000, height: 640 };

interface ViewFigures {
  calls: number;
  triangles: number;
  medianMs: number;
}

async function renderInfo(page: Page): Promise<{ calls: number; triangles: number }> {
  const info = await page.evaluate(() => window.__twinTest?.renderInfo() ?? null);
  if (info === null) throw new Error('window.__twinTest.renderInfo is missing (was the page opened with ?test=1?)');
  return info;
}

/** Desktop view (frameloop "demand"): ask for `n` frames one after another, return their figures. */
async function measureDesktop(page: Page, n: number): Promise<ViewFigures> {
  await page.evaluate(() => window.__frameProbe?.reset());
  for (let k = 0; k < n; k++) {
    const before = await page.evaluate(() => {
      window.__twinTest?.invalidate();
      return window.__twinTest?.frames ?? 0;
    });
    await page.waitForFunction((b) => (window.__twinTest?.frames ?? 0) > b, before, { timeout: 60_000, polling: 20 });
  }
  const samples = await page.evaluate(() => window.__frameProbe?.samples.slice() ?? []);
  return { ...(await renderInfo(page)), medianMs: median(samples) };
}

/** Immersive view (the XR session draws every frame): wait for one settling frame, then `n` more. */
async function measureXr(page: Page, n: number): Promise<ViewFigures> {
  await page.evaluate(() => window.__frameProbe?.reset());
  await page.waitForFunction(() => (window.__frameProbe?.samples.length ?? 0) >= 1, undefined, { timeout: 60_000, polling: 50 });
  await page.evaluate(() => window.__frameProbe?.reset());
  await page.waitForFunction((k) => (window.__frameProbe?.samples.length ?? 0) >= k, n, { timeout: 120_000, polling: 50 });
  const samples = await page.evaluate(() => window.__frameProbe?.samples.slice() ?? []);
  return { ...(await renderInfo(page)), medianMs: median(samples) };
}

/** Tick or untick every layer checkbox (src/ui/layer-panel.tsx) through its change handler; `only` keeps that one layer on. */
async function setAllLayers(page: Page, visible: boolean, only?: string): Promise<void> {
  await page.evaluate(
    ({ v, only }) => {
      document.querySelectorAll<HTMLInputElement>('input[type="checkbox"][data-testid^="layer-"]').forEach((box) => {
        const want = only === undefined ? v : box.dataset.testid === `layer-${only}`;
        if (box.checked !== want) box.click();
      });
    },
    { v: visible, only },
  );
}

/** Layers of the layer panel (src/state/layers-store.ts LAYERS), measured one at a time in the immersive view. */
const LAYER_IDS = ['buildings', 'roads', 'trees', 'terrain', 'labels', 'tileset'] as const;

/**
 * Open the app and wait for its first frame and the "Enter VR" button. Vite's dependency cache is
 * shared by every server started from this checkout: when another one re-optimises meanwhile, the
 * page's lazy import of iwer fails with "504 Outdated Optimize Dep" and no button appears; a reload
 * then fetches the current bundle (at most 3 tries).
 */
async function openApp(page: Page, url: string): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  for (let attempt = 1; ; attempt++) {
    if (attempt === 1) await page.goto(url, { waitUntil: 'load', timeout: 180_000 });
    else await page.reload({ waitUntil: 'load', timeout: 180_000 });
    await page.waitForFunction(() => (window.__twinTest?.frames ?? 0) >= 1, undefined, { timeout: 240_000, polling: 250 });
    try {
      await page.getByTestId('enter-vr').waitFor({ state: 'visible', timeout: 30_000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw new Error(`no "Enter VR" button after ${attempt} loads of ${url}; page errors: ${errors.join(' | ')}`, { cause: error });
      process.stdout.write(`(no "Enter VR" button yet, reloading: try ${attempt + 1}; page errors: ${errors.join(' | ') || 'none'})\n`);
      errors.length = 0;
    }
  }
}

interface LayerShare {
  layer: string;
  calls: number;
  triangles: number;
}

interface CityFigures {
  desktop: ViewFigures;
  desktopEmpty: ViewFigures;
  xr: ViewFigures;
  xrEmpty: ViewFigures;
  /** Immersive view with that layer alone, minus the empty scene. */
  perLayer: LayerShare[];
  loadS: number;
}

async function measureCity(city: string | undefined): Promise<CityFigures> {
  const t0 = performance.now();
  const server = await startTwinServer({ port: 0, host: '127.0.0.1', hotReload: false, ...(city === undefined ? {} : { city }) });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.addInitScript({ content: FRAME_PROBE_SCRIPT });
    await openApp(page, `${server.url}?test=1&xr-emulator`);
    const loadS = (performance.now() - t0) / 1000;

    const desktop = await measureDesktop(page, FRAMES_DESKTOP);
    await setAllLayers(page, false);
    const desktopEmpty = await measureDesktop(page, FRAMES_DESKTOP);
    await setAllLayers(page, true);
    await measureDesktop(page, 1);

    await page.getByTestId('enter-vr').click({ timeout: 30_000 });
    await page.waitForFunction(() => window.__xrTest?.xrPresenting() ?? false, undefined, { timeout: 60_000, polling: 100 });
    const xr = await measureXr(page, FRAMES_XR);
    await setAllLayers(page, false);
    const xrEmpty = await measureXr(page, FRAMES_XR);
    const perLayer: LayerShare[] = [];
    for (const layer of LAYER_IDS) {
      await setAllLayers(page, false, layer);
      const alone = await measureXr(page, 2);
      perLayer.push({ layer, calls: alone.calls - xrEmpty.calls, triangles: alone.triangles - xrEmpty.triangles });
    }
    return { desktop, desktopEmpty, xr, xrEmpty, perLayer, loadS };
  } finally {
    await browser.close();
    await server.close();
  }
}

function rows(name: string, f: CityFigures): Row[] {
  const row = (view: string, v: ViewFigures, empty: ViewFigures): Row => ({
    district: name,
    view,
    'draw calls': v.calls,
    'calls/budget': v.calls / XR_BUDGET.drawCalls,
    triangles: v.triangles,
    'tris/budget': v.triangles / XR_BUDGET.triangles,
    'ms/frame (SwiftShader)': v.medianMs,
    'empty scene: calls': empty.calls,
    'empty scene: ms': empty.medianMs,
    'ms ratio to empty': v.medianMs / empty.medianMs,
  });
  return [row('desktop', f.desktop, f.desktopEmpty), row('immersive (stereo)', f.xr, f.xrEmpty)];
}

export default async function bench(): Promise<void> {
  const started = performance.now();
  process.stdout.write(
    `Budget per headset frame (both eyes): ≤ ${XR_BUDGET.drawCalls} draw calls, ≤ ${(XR_BUDGET.triangles / 1e6).toFixed(1)} M triangles, ≤ ${XR_BUDGET.frameMs.toFixed(1)} ms (72 Hz) on the device.\n` +
      `Render times below: headless Chromium, SwiftShader software WebGL on this shared CPU, ${VIEWPORT.width}×${VIEWPORT.height} canvas,\n` +
      `median over ${FRAMES_DESKTOP} desktop / ${FRAMES_XR} immersive frames (frame callback + gl.finish). NOT a headset figure: compare with the empty\n` +
      `scene (all layers off) measured in the same run and view. Calls and triangles are those of the whole frame (three.js renderer.info).\n`,
  );
  const cases: { name: string; city: string | undefined }[] = [{ name: 'demo (Lindenviertel)', city: undefined }];
  const geneva = fixtureDir(CITIES_DIR, 'geneva');
  if (geneva === undefined) process.stdout.write(`Geneva skipped: ${resolve(CITIES_DIR ?? '../shared/cities', 'geneva')} is absent (set CITIES_DIR).\n`);
  else cases.push({ name: 'Geneva (OSM)', city: geneva });

  const table: Row[] = [];
  const shares: Row[] = [];
  const verdicts: string[] = [];
  for (const c of cases) {
    let f: CityFigures;
    try {
      f = await measureCity(c.city);
    } catch (error) {
      verdicts.push(`${c.name}: not measured: ${(error as Error).message.slice(0, 400)}`);
      continue;
    }
    table.push(...rows(c.name, f));
    for (const l of f.perLayer) shares.push({ district: c.name, layer: l.layer, 'draw calls': l.calls, triangles: l.triangles, 'share of tris budget': l.triangles / XR_BUDGET.triangles });
    const within = f.xr.calls <= XR_BUDGET.drawCalls && f.xr.triangles <= XR_BUDGET.triangles;
    verdicts.push(`${c.name}: immersive ${f.xr.calls} calls, ${(f.xr.triangles / 1e6).toFixed(2)} M triangles → ${within ? 'within' : 'OVER'} budget (loaded in ${f.loadS.toFixed(1)} s)`);
  }
  printTable('XR frame: draw calls, triangles and render time per frame', table);
  printTable('Immersive view, one layer at a time (that layer alone minus the empty scene)', shares);
  process.stdout.write(`\n${verdicts.join('\n')}\n(bench took ${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
}
