/**
 * The 3D Tiles context layer of the 3D view in headless Chromium. The test writes a minimal 3D
 * Tiles 1.1 tileset (tileset.json + one GLB box content, glTF 2.0 binary, KHR_materials_unlit
 * magenta) into a temp folder, placed by its root `transform` (tile frame = the demo district's
 * ENU frame at the camera target), serves it from a second small HTTP server with CORS, sets its
 * URL through the UI and checks that magenta pixels appear, that the layer toggle hides them and
 * that a broken URL and a document that is not a tileset are reported in words.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Matrix4 } from 'three';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORIGIN } from '../../src/twin/demo';
import { ecefToEnuMatrix } from '../../src/scene/tileset-layer-frame';
import { openTwin, readCanvasPixels, screenshot, waitForScene, type TwinSession } from './support/browser';

/** Box half width and height in metres (large enough to stand out over the demo buildings). */
const HALF_WIDTH_M = 60;
const HEIGHT_M = 160;
/** Magenta pixels the box must add at the default view (it covers about 3 400 of the 1000 × 640 canvas). */
const MIN_BOX_PIXELS = 1000;

/** A GLB (glTF 2.0 binary, §4.4) holding one unlit magenta box: x, z ∈ ±HALF_WIDTH_M, y ∈ [0, HEIGHT_M] (glTF is y-up). */
function boxGlb(): Buffer {
  const w = HALF_WIDTH_M;
  const positions = new Float32Array([-w, 0, -w, w, 0, -w, w, 0, w, -w, 0, w, -w, HEIGHT_M, -w, w, HEIGHT_M, -w, w, HEIGHT_M, w, -w, HEIGHT_M, w]);
  const faces = [[0, 1, 2, 3], [4, 7, 6, 5], [0, 4, 5, 1], [1, 5, 6, 2], [2, 6, 7, 3], [3, 7, 4, 0]];
  const indices = new Uint16Array(faces.flatMap(([a, b, c, d]) => [a ?? 0, b ?? 0, c ?? 0, a ?? 0, c ?? 0, d ?? 0]));
  const bin = Buffer.concat([Buffer.from(positions.buffer), Buffer.from(indices.buffer)]);
  const gltf = {
    asset: { version: '2.0' },
    extensionsUsed: ['KHR_materials_unlit'],
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ mesh: 0 }],
    meshes: [{ primitives: [{ attributes: { POSITION: 0 }, indices: 1, material: 0 }] }],
    materials: [{ pbrMetallicRoughness: { baseColorFactor: [1, 0, 1, 1] }, doubleSided: true, extensions: { KHR_materials_unlit: {} } }],
    buffers: [{ byteLength: bin.length }],
    bufferViews: [
      { buffer: 0, byteOffset: 0, byteLength: positions.byteLength, target: 34962 },
      { buffer: 0, byteOffset: positions.byteLength, byteLength: indices.byteLength, target: 34963 },
    ],
    accessors: [
      { bufferView: 0, componentType: 5126, count: 8, type: 'VEC3', min: [-w, 0, -w], max: [w, HEIGHT_M, w] },
      { bufferView: 1, componentType: 5123, count: indices.length, type: 'SCALAR' },
    ],
  };
  const pad = (b: Buffer, fill: number) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4, fill)]);
  const json = pad(Buffer.from(JSON.stringify(gltf)), 0x20);
  const binPadded = pad(bin, 0);
  const chunk = (type: number, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32LE(data.length, 0);
    head.writeUInt32LE(type, 4);
    return Buffer.concat([head, data]);
  };
  const body = Buffer.concat([chunk(0x4e4f534a, json), chunk(0x004e4942, binPadded)]);
  const header = Buffer.alloc(12);
  header.writeUInt32LE(0x46546c67, 0);
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(12 + body.length, 8);
  return Buffer.concat([header, body]);
}

/** tileset.json whose root tile frame is ENU at `target` (ENU m) of the demo district. */
function tilesetJson(target: readonly [number, number, number]): string {
  const enuToEcef = new Matrix4().fromArray(ecefToEnuMatrix(DEMO_ORIGIN)).invert();
  const transform = enuToEcef.multiply(new Matrix4().makeTranslation(target[0], target[1], target[2]));
  const r = HALF_WIDTH_M * 1.5;
  return JSON.stringify({
    asset: { version: '1.1' },
    geometricError: 100,
    root: {
      transform: transform.toArray(),
      boundingVolume: { box: [0, 0, HEIGHT_M / 2, r, 0, 0, 0, r, 0, 0, 0, HEIGHT_M] },
      geometricError: 0,
      refine: 'ADD',
      content: { uri: 'box.glb' },
    },
  });
}

function serveFolder(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/')).replace(/^[/\\]+/, '');
    res.setHeader('Access-Control-Allow-Origin', '*');
    try {
      const body = readFileSync(join(dir, path));
      res.writeHead(200, { 'Content-Type': path.endsWith('.json') ? 'application/json' : 'model/gltf-binary' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Pixels of the 3D canvas that are the box's magenta: count and mean column as a fraction of the width. */
async function magenta(page: Page): Promise<{ count: number; meanX: number }> {
  await page.evaluate(() => window.__twinTest?.invalidate());
  await page.waitForTimeout(150);
  const { width, rgba } = await readCanvasPixels(page);
  let n = 0;
  let sumX = 0;
  for (let k = 0; k < rgba.length; k += 4) {
    if ((rgba[k] ?? 0) > 200 && (rgba[k + 1] ?? 255) < 60 && (rgba[k + 2] ?? 0) > 200) {
      n++;
      sumX += (k / 4) % width;
    }
  }
  return { count: n, meanX: n === 0 ? NaN : sumX / n / width };
}

async function magentaPixels(page: Page): Promise<number> {
  return (await magenta(page)).count;
}

async function setTilesetUrl(page: Page, url: string): Promise<void> {
  const details = page.getByTestId('tileset-settings');
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  await page.getByTestId('tileset-url').fill(url);
  await page.getByTestId('tileset-apply').click();
}

describe('3D Tiles context layer (e2e)', () => {
  let session: TwinSession;
  let files: Server;
  let base = '';
  const dir = mkdtempSync(join(tmpdir(), 'twin-tileset-'));

  beforeAll(async () => {
    session = await openTwin();
    await waitForScene(session.page, 2);
    const pose = await session.page.evaluate(() => window.__twinTest?.cameraPose() ?? null);
    if (pose === null) throw new Error('no camera pose from the test hooks');
    writeFileSync(join(dir, 'box.glb'), boxGlb());
    writeFileSync(join(dir, 'tileset.json'), tilesetJson(pose.target));
    writeFileSync(join(dir, 'not-a-tileset.json'), JSON.stringify({ type: 'FeatureCollection', features: [] }));
    files = await serveFolder(dir);
    base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await session?.close();
    await new Promise((resolve) => (files === undefined ? resolve(undefined) : files.close(resolve)));
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the tileset in the district frame, and the layer toggle hides it', async () => {
    const { page } = session;
    const before = await magentaPixels(page);
    await setTilesetUrl(page, `${base}/tileset.json`);
    await expect.poll(() => magentaPixels(page), { timeout: 30_000, interval: 300 }).toBeGreaterThan(before + MIN_BOX_PIXELS);
    const { count: shown, meanX } = await magenta(page);
    // The box stands on the camera target, which is at the middle of the canvas.
    expect(Math.abs(meanX - 0.5)).toBeLessThan(0.05);
    await screenshot(page, 'scene-tileset');
    expect(await page.getByTestId('tileset-error').count()).toBe(0);
    await page.getByTestId('layer-tileset').uncheck();
    await expect.poll(() => magentaPixels(page), { timeout: 10_000, interval: 200 }).toBeLessThanOrEqual(before);
    await page.getByTestId('layer-tileset').check();
    await expect.poll(() => magentaPixels(page), { timeout: 10_000, interval: 200 }).toBeGreaterThan(before + MIN_BOX_PIXELS);
    console.log(`tileset box: ${before} magenta pixels before, ${shown} after loading, mean column at ${(meanX * 100).toFixed(1)} % of the width`);
  });

  it('reports an unreachable URL and a document that is not a tileset in words', async () => {
    const { page } = session;
    await setTilesetUrl(page, `${base}/missing/tileset.json`);
    await expect.poll(() => page.getByTestId('tileset-error').textContent(), { timeout: 10_000 }).toMatch(/missing\/tileset\.json.*HTTP 404/);
    await setTilesetUrl(page, `${base}/not-a-tileset.json`);
    await expect.poll(() => page.getByTestId('tileset-error').textContent(), { timeout: 10_000 }).toMatch(/not a 3D Tiles tileset: missing 'asset'/);
    await setTilesetUrl(page, 'http://127.0.0.1:9/tileset.json');
    await expect.poll(() => page.getByTestId('tileset-error').textContent(), { timeout: 10_000 }).toMatch(/unreachable/);
    expect(session.errors.filter((e) => /pageerror|Uncaught/i.test(e))).toEqual([]);
  });
});
