/**
 * `twin run` end to end in-process: a small scenario file → KPI table on stdout, kpis.json,
 * GeoJSON of the edited features and road flows, GeoTIFF rasters; a broken file → exit 2 with the
 * line and column on stderr.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/commands/run';

function capture(): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  return { out: () => out, err: () => err };
}

describe('twin run', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const dir = mkdtempSync(join(tmpdir(), 'twin-run-'));

  it('runs a scenario and writes KPIs, GeoJSON and rasters', async () => {
    const file = join(dir, 'zone.json');
    writeFileSync(file, JSON.stringify({
      name: 'Main street at 30', base: 'demo', outputs: ['traffic', 'noise', 'sun-hours'],
      edits: [{ op: 'change-road', id: 'road-main-2', maxSpeedKmh: 30 }, { op: 'add-trees', idPrefix: 't', points: [[30, -60]], heightM: 10, crownDiameterM: 6 }],
      studyArea: { minX: -60, minY: -160, maxX: 60, maxY: 20 }, resolution: { noiseM: 40, sunM: 10, facadeSpacingM: 20, noiseMaxDistanceM: 80 },
    }));
    const out = join(dir, 'out');
    const io = capture();
    expect(await run([file, '--out', out])).toBe(0);
    expect(io.out()).toMatch(/Residents above 55 dB Lden\s+persons/);
    expect(io.out()).toMatch(/Vehicle-km \(peak hour\)/);
    const kpis = JSON.parse(readFileSync(join(out, 'kpis.json'), 'utf8')) as { table: { scenarios: string[]; rows: { kpi: { id: string }; values: (number | null)[] }[] } };
    expect(kpis.table.scenarios).toEqual(['baseline', 'Main street at 30']);
    expect(kpis.table.rows.find((r) => r.kpi.id === 'residentsLden55')?.values.every((v) => typeof v === 'number')).toBe(true);
    const edited = JSON.parse(readFileSync(join(out, 'edited-features.geojson'), 'utf8')) as { features: { properties: { id: string; edit: string } }[] };
    expect(edited.features.map((f) => [f.properties.id, f.properties.edit])).toEqual([['road-main-2', 'changed'], ['t-1', 'added']]);
    const flows = JSON.parse(readFileSync(join(out, 'road-flows.geojson'), 'utf8')) as { features: unknown[] };
    expect(flows.features).toHaveLength(91);
    const tifs = readdirSync(out).filter((f) => f.endsWith('.tif')).sort();
    expect(tifs).toEqual(['baseline-noise-lden.tif', 'baseline-noise-lnight.tif', 'baseline-sun-hours.tif', 'diff-noise-lden.tif', 'diff-noise-lnight.tif', 'diff-sun-hours.tif', 'noise-lden.tif', 'noise-lnight.tif', 'sun-hours.tif']);
    expect(Array.from(readFileSync(join(out, 'noise-lden.tif')).subarray(0, 4))).toEqual([0x49, 0x49, 42, 0]); // little-endian TIFF
  }, 120_000);

  it('a broken file exits 2 with the line, column and id', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "name": "b",\n  "base": "demo",\n  "edits": [{ "op": "remove-building", "id": "bldg-none" }]\n}\n');
    const io = capture();
    expect(await run([file])).toBe(2);
    expect(io.err()).toContain(`${file}:4:46: /edits/0/id: unknown building 'bldg-none'`);
  });
});
