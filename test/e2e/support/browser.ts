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

/** Count pixels of a canvas that differ from its background (corner) colour by more than `tolerance` per channel. */
export async function countNonBackgroundPixels(page: Page, selector: string, tolerance = 12): Promise<{ total: number; nonBackground: number }> {
  return page.evaluate(
    ({ selector, tolerance }) => {
      const source = document.querySelector(selector);
      if (!(source instanceof HTMLCanvasElement)) throw new Error(`no canvas at ${selector}`);
      const copy = document.createElement('canvas');
      copy.width = source.width;
      copy.height = source.height;
      const ctx = copy.getContext('2d');
      if (ctx === null) throw new Error('no 2D context');
      ctx.drawImage(source, 0, 0);
      const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
      const r0 = data[0] ?? 0;
      const g0 = data[1] ?? 0;
      const b0 = data[2] ?? 0;
      let nonBackground = 0;
      for (let k = 0; k < data.length; k += 4) {
        if (Math.abs((data[k] ?? 0) - r0) > tolerance || Math.abs((data[k + 1] ?? 0) - g0) > tolerance || Math.abs((data[k + 2] ?? 0) - b0) > tolerance) nonBackground++;
      }
      return { total: data.length / 4, nonBackground };
    },
    { selector, tolerance },
  );
}

/** RGB of a canvas at a client (CSS px) position, averaged over a 3 × 3 block. */
export async function pixelAt(page: Page, selector: string, clientX: number, clientY: number): Promise<[number, number, number]> {
  return page.evaluate(
    ({ selector, clientX, clientY }) => {
      const source = document.querySelector(selector);
      if (!(source instanceof HTMLCanvasElement)) throw new Error(`no canvas at ${selector}`);
      const rect = source.getBoundingClientRect();
      const x = Math.round(((clientX - rect.left) / rect.width) * source.width);
      const y = Math.round(((clientY - rect.top) / rect.height) * source.height);
      const copy = document.createElement('canvas');
      copy.width = source.width;
      copy.height = source.height;
      const ctx = copy.getContext('2d');
      if (ctx === null) throw new Error('no 2D context');
      ctx.drawImage(source, 0, 0);
      const d = ctx.getImageData(x - 1, y - 1, 3, 3).data;
      const sum: [number, number, number] = [0, 0, 0];
      for (let k = 0; k < d.length; k += 4) {
        sum[0] += d[k] ?? 0;
        sum[1] += d[k + 1] ?? 0;
        sum[2] += d[k + 2] ?? 0;
      }
      return [sum[0] / 9, sum[1] / 9, sum[2] / 9] as [number, number, number];
    },
    { selector, clientX, clientY },
  );
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = resolve(ARTEFACTS_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

export const SCENE_CANVAS = '[data-testid="scene-view"] canvas';

/** RGB bytes of every `stride`-th pixel of a canvas (for before/after comparisons of a view). */
export async function sampleCanvasRgb(page: Page, selector = SCENE_CANVAS, stride = 4): Promise<number[]> {
  return page.evaluate(
    ({ selector, stride }) => {
      const source = document.querySelector(selector);
      if (!(source instanceof HTMLCanvasElement)) throw new Error(`no canvas at ${selector}`);
      const copy = document.createElement('canvas');
      copy.width = source.width;
      copy.height = source.height;
      const ctx = copy.getContext('2d');
      if (ctx === null) throw new Error('no 2D context');
      ctx.drawImage(source, 0, 0);
      const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
      const out: number[] = [];
      for (let k = 0; k < data.length; k += 4 * stride) out.push(data[k] ?? 0, data[k + 1] ?? 0, data[k + 2] ?? 0);
      return out;
    },
    { selector, stride },
  );
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
