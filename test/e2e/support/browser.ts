/**
 * Headless Chromium for the e2e tests (playwright-core driving Debian's `chromium`; see
 * ../shared/docs/browser-testing.md): the executable from CHROMIUM_PATH or /usr/bin/chromium,
 * software WebGL, no background networking. A small viewport keeps software rendering quick.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTwinServer, PROJECT_ROOT, type TwinServer, type TwinServerOptions } from '../../../server/app';
import type { TwinTestHooks } from '../../../src/scene/test-hooks-api';

export type { TwinTestHooks };

export const CHROMIUM_EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTEFACTS_DIR = resolve(PROJECT_ROOT, 'test-results', 'e2e');
export const VIEWPORT = { width: 1000, height: 640 };

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_EXECUTABLE)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_EXECUTABLE}. Install it with \`apt-get install chromium\` (Debian/Ubuntu) or set CHROMIUM_PATH to a Chromium/Chrome executable.`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, headless: true, args: CHROMIUM_ARGS });
}

export interface TwinSession {
  server: TwinServer;
  browser: Browser;
  page: Page;
  /** Browser console errors and page errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

/** Start the real server on a free port, launch Chromium and open the app in test mode. */
export async function openTwin(options: Omit<TwinServerOptions, 'port' | 'host'> = {}): Promise<TwinSession> {
  mkdirSync(ARTEFACTS_DIR, { recursive: true });
  const server = await startTwinServer({ ...options, port: 0, host: '127.0.0.1', hotReload: false });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${server.url}?test=1`, { waitUntil: 'load', timeout: 180_000 });
    const b = browser;
    return {
      server,
      browser: b,
      page,
      errors,
      async close() {
        await b.close();
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.close();
    throw error;
  }
}

/**
 * Wait until the 3D scene has drawn (test hooks present, at least one frame), then ask for
 * `extraFrames` more frames and wait for them (frameloop="demand" draws only when asked).
 */
export async function waitForScene(page: Page, extraFrames = 1): Promise<void> {
  await page.waitForFunction(() => (window.__twinTest?.frames ?? 0) >= 1, undefined, { timeout: 120_000, polling: 250 });
  for (let k = 0; k < extraFrames; k++) {
    const n = await page.evaluate(() => {
      const hooks = window.__twinTest;
      hooks?.invalidate();
      return hooks?.frames ?? 0;
    });
    await page.waitForFunction((before) => (window.__twinTest?.frames ?? 0) > before, n, { timeout: 60_000, polling: 100 });
  }
}

/**
 * One twin session (demo district, default server) shared by a describe block: opened and rendered
 * (scene plus 2 frames) before its tests, closed after them. Call inside `describe`; the returned
 * getter gives the session once `beforeAll` has run.
 */
export function renderedTwinForSuite(): () => TwinSession {
  let session: TwinSession | undefined;
  beforeAll(async () => {
    session = await openTwin();
    await waitForScene(session.page, 2);
  });
  afterAll(async () => {
    await session?.close();
  });
  return () => {
    if (session === undefined) throw new Error('twin session not open (renderedTwinForSuite getter called before beforeAll)');
    return session;
  };
}

/** Selector of the 3D scene's WebGL canvas. */
export const SCENE_CANVAS = '[data-testid="scene-view"] canvas';

/**
 * The pixels of a canvas as the page shows them: RGBA bytes row by row from the top left, the canvas
 * size in canvas px, and its client rectangle in CSS px (to map a client position to a pixel).
 */
export interface CanvasPixels {
  width: number;
  height: number;
  rgba: Uint8Array;
  rect: { left: number; top: number; width: number; height: number };
}

/**
 * Read a canvas back through a 2D copy (drawImage works for WebGL canvases too; read right after a
 * frame). The one place the e2e tests copy a canvas: every sampler below works on its result.
 */
export async function readCanvasPixels(page: Page, selector = SCENE_CANVAS): Promise<CanvasPixels> {
  const read = await page.evaluate((selector) => {
    const source = document.querySelector(selector);
    if (!(source instanceof HTMLCanvasElement)) throw new Error(`no canvas at ${selector}`);
    const copy = document.createElement('canvas');
    copy.width = source.width;
    copy.height = source.height;
    const ctx = copy.getContext('2d');
    if (ctx === null) throw new Error('no 2D context');
    ctx.drawImage(source, 0, 0);
    const bytes = ctx.getImageData(0, 0, copy.width, copy.height).data;
    // Base64 in chunks: a byte string of the whole canvas would overflow the argument list.
    let binary = '';
    for (let k = 0; k < bytes.length; k += 0x8000) binary += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
    const r = source.getBoundingClientRect();
    return { width: copy.width, height: copy.height, base64: btoa(binary), rect: { left: r.left, top: r.top, width: r.width, height: r.height } };
  }, selector);
  const rgba = new Uint8Array(Buffer.from(read.base64, 'base64'));
  if (rgba.length !== 4 * read.width * read.height) throw new Error(`canvas ${selector}: read ${rgba.length} bytes for ${read.width} × ${read.height} px`);
  return { width: read.width, height: read.height, rgba, rect: read.rect };
}

/** The canvas pixel (column, row) under a client (CSS px) position, rounded to the nearest. */
export function canvasPixelAt(pixels: CanvasPixels, clientX: number, clientY: number): { x: number; y: number } {
  return {
    x: Math.round(((clientX - pixels.rect.left) / pixels.rect.width) * pixels.width),
    y: Math.round(((clientY - pixels.rect.top) / pixels.rect.height) * pixels.height),
  };
}

/** RGB of one canvas pixel; outside the canvas it is black, as getImageData gives there. */
export function rgbAt(pixels: CanvasPixels, x: number, y: number): [number, number, number] {
  if (x < 0 || y < 0 || x >= pixels.width || y >= pixels.height) return [0, 0, 0];
  const k = 4 * (y * pixels.width + x);
  return [pixels.rgba[k] ?? 0, pixels.rgba[k + 1] ?? 0, pixels.rgba[k + 2] ?? 0];
}

/** RGB triples of the (2·half + 1)² block of canvas pixels centred on (x, y), row by row. */
export function rgbBlock(pixels: CanvasPixels, x: number, y: number, half: number): number[] {
  const out: number[] = [];
  for (let row = y - half; row <= y + half; row++) for (let col = x - half; col <= x + half; col++) out.push(...rgbAt(pixels, col, row));
  return out;
}

/**
 * RGB triples of the pixels whose column and row are both multiples of `stride` and that `keep`
 * accepts (x, y in canvas px), row by row.
 */
export function rgbOnGrid(pixels: CanvasPixels, stride: number, keep: (x: number, y: number) => boolean = () => true): number[] {
  const out: number[] = [];
  for (let y = 0; y < pixels.height; y += stride) for (let x = 0; x < pixels.width; x += stride) if (keep(x, y)) out.push(...rgbAt(pixels, x, y));
  return out;
}

/** The page errors a test counts: the dev server's hot-reload socket and Vite's own messages are left out. */
export const pageErrors = (errors: readonly string[]): string[] => errors.filter((e) => !/WebSocket|\[vite\]/.test(e));

/** A box in client (CSS) px of the page. */
export interface ClientBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** RGB samples inside a client-px box, every `stride`-th canvas px (rgbOnGrid). */
export function rgbInClientBox(pixels: CanvasPixels, box: ClientBox, stride: number): number[] {
  const a = canvasPixelAt(pixels, box.x0, box.y0);
  const b = canvasPixelAt(pixels, box.x1, box.y1);
  return rgbOnGrid(pixels, stride, (x, y) => x >= a.x && x <= b.x && y >= a.y && y <= b.y);
}

/** The scene canvas once it has drawn `extraFrames` more frames (waitForScene, then readCanvasPixels). */
export async function settledScenePixels(page: Page, extraFrames = 2): Promise<CanvasPixels> {
  await waitForScene(page, extraFrames);
  return readCanvasPixels(page);
}

/** Count pixels of a canvas that differ from its background (corner) colour by more than `tolerance` per channel. */
export async function countNonBackgroundPixels(page: Page, selector: string, tolerance = 12): Promise<{ total: number; nonBackground: number }> {
  const { rgba } = await readCanvasPixels(page, selector);
  const r0 = rgba[0] ?? 0;
  const g0 = rgba[1] ?? 0;
  const b0 = rgba[2] ?? 0;
  let nonBackground = 0;
  for (let k = 0; k < rgba.length; k += 4) {
    if (Math.abs((rgba[k] ?? 0) - r0) > tolerance || Math.abs((rgba[k + 1] ?? 0) - g0) > tolerance || Math.abs((rgba[k + 2] ?? 0) - b0) > tolerance) nonBackground++;
  }
  return { total: rgba.length / 4, nonBackground };
}

/** RGB of a canvas at a client (CSS px) position, averaged over a 3 × 3 block. */
export async function pixelAt(page: Page, selector: string, clientX: number, clientY: number): Promise<[number, number, number]> {
  const pixels = await readCanvasPixels(page, selector);
  const { x, y } = canvasPixelAt(pixels, clientX, clientY);
  const block = rgbBlock(pixels, x, y, 1);
  const sum: [number, number, number] = [0, 0, 0];
  for (let k = 0; k < block.length; k += 3) {
    sum[0] += block[k] ?? 0;
    sum[1] += block[k + 1] ?? 0;
    sum[2] += block[k + 2] ?? 0;
  }
  return [sum[0] / 9, sum[1] / 9, sum[2] / 9];
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = resolve(ARTEFACTS_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** RGB bytes of every `stride`-th pixel of a canvas in reading order (for before/after comparisons of a view). */
export async function sampleCanvasRgb(page: Page, selector = SCENE_CANVAS, stride = 4): Promise<number[]> {
  const { rgba } = await readCanvasPixels(page, selector);
  const out: number[] = [];
  for (let k = 0; k < rgba.length; k += 4 * stride) out.push(rgba[k] ?? 0, rgba[k + 1] ?? 0, rgba[k + 2] ?? 0);
  return out;
}

/** Share of sampled pixels (RGB triples from sampleCanvasRgb) whose colour differs by more than `tolerance` in a channel. */
export function changedPixelShare(before: readonly number[], after: readonly number[], tolerance = 10): number {
  if (before.length !== after.length || before.length === 0) throw new Error(`pixel samples differ in size (${before.length} vs ${after.length})`);
  let changed = 0;
  for (let k = 0; k < before.length; k += 3) {
    if (Math.abs((before[k] ?? 0) - (after[k] ?? 0)) > tolerance || Math.abs((before[k + 1] ?? 0) - (after[k + 1] ?? 0)) > tolerance || Math.abs((before[k + 2] ?? 0) - (after[k + 2] ?? 0)) > tolerance) changed++;
  }
  return changed / (before.length / 3);
}
