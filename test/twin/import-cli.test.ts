import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/commands/import';
import { fixturePbf } from './osm-fixture';

function capture() {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  return { out: () => out, err: () => err };
}

describe('twin import', () => {
  afterEach(() => vi.restoreAllMocks());
  const dir = mkdtempSync(join(tmpdir(), 'twin-cli-'));

  it('--json prints the report with CRS, origin, counts, height statistics, defaulted and skipped', async () => {
    const path = join(dir, 'district.osm.pbf');
    writeFileSync(path, fixturePbf());
    const io = capture();
    const code = await run([path, '--json']);
    vi.restoreAllMocks();
    expect(code).toBe(0);
    const report = JSON.parse(io.out()) as Record<string, unknown>;
    expect(report).toMatchObject({ ok: true, name: 'district', crs: 'EPSG:4326', counts: { buildings: 2, roads: 2, trees: 2, terrainCells: 0 } });
    expect(report.origin).toMatchObject({ lonDeg: expect.any(Number), latDeg: expect.any(Number) });
    expect(report.heightStats).toMatchObject({ min: expect.any(Number), max: 15 });
    expect(report.defaulted).toMatchObject({ 'building.height': 1 });
    expect((report.skipped as unknown[]).length).toBe(2);
  });

  it('prints a short summary without --json', async () => {
    const path = join(dir, 'district.osm.pbf');
    writeFileSync(path, fixturePbf());
    const io = capture();
    expect(await run([path])).toBe(0);
    vi.restoreAllMocks();
    expect(io.out()).toMatch(/buildings 2, roads 2, trees 2/);
  });

  it('exits non-zero naming the file when nothing can be imported, and registers --crs-def', async () => {
    const bad = join(dir, 'bad.geojson');
    writeFileSync(bad, '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:99997"}},"features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]]]}}]}');
    let io = capture();
    expect(await run([bad, '--json'])).toBe(1);
    vi.restoreAllMocks();
    expect(io.out()).toMatch(/"ok": false[\s\S]*bad\.geojson[\s\S]*EPSG:99997/);
    io = capture();
    expect(await run([bad, '--json', '--crs-def', 'EPSG:99997=+proj=utm +zone=32 +datum=WGS84 +units=m +no_defs'])).toBe(0);
    vi.restoreAllMocks();
    expect(io.out()).toMatch(/"buildings": 1/);
  });
});
