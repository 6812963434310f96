/**
 * The twin's HTTP API: /api/health, /api/city for the demo, a --city folder, a single file and
 * bad paths, and /api/city/files/:name serving the bytes (fastify inject, plus one real socket).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiApp, startTwinServer } from '../../server/app';
import { resolveCitySource } from '../../server/city-source';
import { hasDisplay } from '../../server/open-browser';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'twin-api-'));
  writeFileSync(join(dir, 'district.geojson'), '{"type":"FeatureCollection","features":[]}');
  writeFileSync(join(dir, 'roads.shp'), new Uint8Array([0, 0, 39, 10, 1, 2, 3]));
  writeFileSync(join(dir, 'roads.dbf'), new Uint8Array([3, 4]));
  writeFileSync(join(dir, 'notes.txt'), 'not a city file');
  mkdirSync(join(dir, 'osm'));
  writeFileSync(join(dir, 'osm', 'extract.osm'), '<osm version="0.6"></osm>');
  mkdirSync(join(dir, 'empty'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('resolveCitySource', () => {
  it('no --city is the demo district', () => {
    expect(resolveCitySource(undefined)).toEqual({ kind: 'demo' });
  });

  it('a folder lists its supported files (sorted, sub-folders included, others ignored)', () => {
    const source = resolveCitySource(dir);
    expect(source.kind).toBe('files');
    if (source.kind !== 'files') return;
    expect(source.files.map((f) => f.name)).toEqual(['district.geojson', 'osm/extract.osm', 'roads.dbf', 'roads.shp']);
    expect(source.files.find((f) => f.name === 'roads.shp')?.sizeBytes).toBe(7);
  });

  it('a missing path falls back to the demo with an error naming the path', () => {
    const source = resolveCitySource(join(dir, 'nope'));
    expect(source).toEqual({ kind: 'demo', error: `City path not found: ${join(dir, 'nope')}` });
  });

  it('an unsupported file or an empty folder is an error in words', () => {
    const txt = resolveCitySource(join(dir, 'notes.txt'));
    expect(txt.kind === 'demo' && txt.error).toMatch(/Unsupported city file .*notes\.txt/);
    const empty = resolveCitySource(join(dir, 'empty'));
    expect(empty.kind === 'demo' && empty.error).toMatch(/holds no supported file/);
  });
});

describe('API (inject)', () => {
  it('GET /api/health', async () => {
    const app = await buildApiApp({ city: { kind: 'demo' } });
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    await app.close();
  });

  it('GET /api/city for the demo, and with a bad --city', async () => {
    const demo = await buildApiApp({ city: resolveCitySource(undefined) });
    expect((await demo.inject('/api/city')).json()).toEqual({ kind: 'demo' });
    await demo.close();
    const bad = await buildApiApp({ city: resolveCitySource(join(dir, 'missing-folder')) });
    const body = (await bad.inject('/api/city')).json() as { kind: string; error?: string };
    expect(body.kind).toBe('demo');
    expect(body.error).toContain('missing-folder');
    expect((await bad.inject('/api/city/files/anything')).statusCode).toBe(404);
    await bad.close();
  });

  it('GET /api/city with a folder lists files with URLs that serve their bytes', async () => {
    const app = await buildApiApp({ city: resolveCitySource(dir) });
    const body = (await app.inject('/api/city')).json() as { kind: string; name: string; files: { name: string; url: string; sizeBytes: number }[] };
    expect(body.kind).toBe('files');
    expect(body.files).toHaveLength(4);
    const osm = body.files.find((f) => f.name === 'osm/extract.osm');
    expect(osm?.url).toBe('/api/city/files/osm%2Fextract.osm');
    const res = await app.inject(osm?.url ?? '');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('<osm version="0.6"></osm>');
    const shp = await app.inject('/api/city/files/roads.shp');
    expect([...shp.rawPayload]).toEqual([0, 0, 39, 10, 1, 2, 3]);
    // Only listed files are served: no path traversal, no unlisted files.
    expect((await app.inject('/api/city/files/notes.txt')).statusCode).toBe(404);
    expect((await app.inject('/api/city/files/..%2F..%2Fetc%2Fpasswd')).statusCode).toBe(404);
    await app.close();
  });

  it('a single --city file', async () => {
    const app = await buildApiApp({ city: resolveCitySource(join(dir, 'district.geojson')) });
    expect((await app.inject('/api/city')).json()).toMatchObject({ kind: 'files', name: 'district.geojson', files: [{ name: 'district.geojson' }] });
    await app.close();
  });
});

describe('startTwinServer (real socket, API only)', () => {
  it('listens on a free port and answers /api/health and /api/city', async () => {
    const server = await startTwinServer({ port: 0, city: dir, frontEnd: false });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const health = await fetch(new URL('/api/health', server.url));
      expect(await health.json()).toEqual({ status: 'ok' });
      const city = (await (await fetch(new URL('/api/city', server.url))).json()) as { kind: string; name: string };
      expect(city.kind).toBe('files');
      expect(city.name).toBe(dir.split('/').pop());
    } finally {
      await server.close();
    }
  });
});

describe('hasDisplay', () => {
  it('never in CI, otherwise when DISPLAY or WAYLAND_DISPLAY is set on Linux', () => {
    expect(hasDisplay({ CI: 'true', DISPLAY: ':0' }, 'linux')).toBe(false);
    expect(hasDisplay({ DISPLAY: ':0' }, 'linux')).toBe(true);
    expect(hasDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(hasDisplay({}, 'linux')).toBe(false);
    expect(hasDisplay({}, 'darwin')).toBe(true);
  });
});
