/**
 * A draft saved by the scenario editor (src/state/edit-store.ts draftScenarioFile, the text the
 * "Download JSON" button writes) runs with `twin run --json` as it is: on the demo district its base
 * is "demo"; on an imported district it is the imported file's name, found beside the scenario file
 * or in CITIES_DIR, else the command exits 2 naming where it looked and `--base`, and `--base`
 * names the data explicitly.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BaseNotFoundError, resolveBase, run } from '../../src/cli/commands/run';
import { createEditStore, draftBase, draftScenarioFile, treeEdit } from '../../src/state/edit-store';
import type { CityModel } from '../../src/twin/city-model';
import { generateDemoDistrict } from '../../src/twin/demo/index';
import { importCityFiles } from '../../src/twin/import/index';
import { readSourcePath } from '../../src/twin/import/node-files';

function capture(): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  return { out: () => out, err: () => err };
}

/** A draft on `city` with a tree and a noise barrier, as the editor's tools make them, saved to `dir`. */
function saveDraft(city: CityModel, dir: string, name: string, tree: readonly [number, number], barrier: readonly (readonly [number, number])[]): string {
  const store = createEditStore();
  store.getState().begin(city);
  expect(store.getState().apply(treeEdit(city, tree))).toBe(true);
  store.getState().setTool('barrier');
  for (const p of barrier) store.getState().addPoint([p[0], p[1]]);
  expect(store.getState().finishSketch()).toBe(true);
  expect(store.getState().commitPending({ heightM: 3 })).toBe(true);
  const saved = draftScenarioFile(store.getState(), { name });
  const file = join(dir, saved.file);
  writeFileSync(file, saved.text);
  return file;
}

interface RunReport {
  base: string;
  table: { scenarios: string[]; rows: { kpi: { id: string }; values: (number | null)[] }[] };
}

/** A small WGS 84 district: two buildings and an L of residential streets. */
const DISTRICT = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', id: 'b1', properties: { building: 'residential', 'building:levels': 4 }, geometry: { type: 'Polygon', coordinates: [[[6.1, 46.2], [6.1003, 46.2], [6.1003, 46.2002], [6.1, 46.2002], [6.1, 46.2]]] } },
    { type: 'Feature', id: 'b2', properties: { building: 'commercial', height: 12 }, geometry: { type: 'Polygon', coordinates: [[[6.1008, 46.2], [6.1011, 46.2], [6.1011, 46.2002], [6.1008, 46.2002], [6.1008, 46.2]]] } },
    { type: 'Feature', id: 'r1', properties: { highway: 'residential', maxspeed: '30' }, geometry: { type: 'LineString', coordinates: [[6.0995, 46.1997], [6.1015, 46.1997]] } },
    { type: 'Feature', id: 'r2', properties: { highway: 'residential', maxspeed: '30' }, geometry: { type: 'LineString', coordinates: [[6.1015, 46.1997], [6.1015, 46.2006]] } },
  ],
};

describe('a draft downloaded from the editor runs with twin run', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const dir = mkdtempSync(join(tmpdir(), 'twin-draft-run-'));

  it('on the demo district, with no extra arguments', async () => {
    const file = saveDraft(generateDemoDistrict(), dir, 'Tree and barrier', [30, -60], [[-20, -140], [20, -140]]);
    const io = capture();
    const code = await run([file, '--json']);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(io.out()) as RunReport;
    expect(report.base).toBe('demo');
    expect(report.table.scenarios).toEqual(['baseline', 'Tree and barrier']);
    expect(report.table.rows.find((r) => r.kpi.id === 'residentsLden55')?.values.every((v) => typeof v === 'number')).toBe(true);
  }, 180_000);

  it('on an imported file: found beside the draft or in CITIES_DIR, else a message naming --base', async () => {
    const data = join(dir, 'data');
    mkdirSync(join(data, 'geneva-mini'), { recursive: true });
    const source = join(data, 'geneva-mini', 'mini-district.geojson');
    writeFileSync(source, JSON.stringify(DISTRICT));
    const city = await importCityFiles(await readSourcePath(source));
    expect(draftBase(city)).toBe('mini-district.geojson');

    // Saved elsewhere with no CITIES_DIR: exit 2, naming the places looked and --base.
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    const file = saveDraft(city, elsewhere, 'Mini tree', [20, 5], [[-10, -20], [10, -20]]);
    vi.stubEnv('CITIES_DIR', '');
    delete process.env.CITIES_DIR;
    let io = capture();
    expect(await run([file, '--json'])).toBe(2);
    expect(io.err()).toContain(`${file}: base 'mini-district.geojson' is neither "demo" nor a city file or folder found in: ${elsewhere}`);
    expect(io.err()).toContain('--base <path>');
    vi.restoreAllMocks();

    // --base names the data: it runs.
    io = capture();
    expect(await run([file, '--base', source, '--json'])).toBe(0);
    expect((JSON.parse(io.out()) as RunReport).table.scenarios).toEqual(['baseline', 'Mini tree']);
    vi.restoreAllMocks();

    // CITIES_DIR holds it in a sub-folder: it runs with no extra argument.
    vi.stubEnv('CITIES_DIR', data);
    io = capture();
    expect(await run([file, '--json'])).toBe(0);
    expect((JSON.parse(io.out()) as RunReport).base).toBe('mini-district.geojson');
    vi.restoreAllMocks();
    vi.unstubAllEnvs();

    // Saved beside its data: it runs with no extra argument and no CITIES_DIR.
    const beside = saveDraft(city, join(data, 'geneva-mini'), 'Mini tree beside', [20, 5], [[-10, -20], [10, -20]]);
    io = capture();
    expect(await run([beside, '--json'])).toBe(0);
    expect((JSON.parse(io.out()) as RunReport).table.scenarios).toEqual(['baseline', 'Mini tree beside']);
  }, 180_000);

  it('resolveBase: --base wins and is checked, a missing CITIES_DIR is named as such', () => {
    const scenarioFile = join(dir, 'x.json');
    expect(resolveBase('somewhere.geojson', scenarioFile, 'demo', undefined)).toBe('demo');
    expect(resolveBase('demo', scenarioFile, undefined, join(dir, 'absent'))).toBe('demo');
    const missing = join(dir, 'no-such-city.geojson');
    expect(() => resolveBase('demo', scenarioFile, missing, undefined)).toThrow(BaseNotFoundError);
    expect(() => resolveBase('demo', scenarioFile, missing, undefined)).toThrow(`base '${missing}' is neither "demo" nor a city file or folder found in: ${missing}.`);
    expect(() => resolveBase('city.geojson', scenarioFile, undefined, join(dir, 'absent'))).toThrow(`found in: ${dir}, ${join(dir, 'absent')} (CITIES_DIR, no such folder).`);
  });
});
