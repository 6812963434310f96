import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerCrs } from '../../src/geo/crs';
import { polygonArea } from '../../src/twin/assemble-city';
import { BUILDING_DEFAULTED, FLOW_STRIDE, VEHICLE_CATEGORIES } from '../../src/twin/city-model';
import { DEFAULT_STOREYS_BY_USE, estimateResidents, STOREY_HEIGHT_M } from '../../src/twin/defaults';
import { ImportError, importCityFiles, type SourceFile } from '../../src/twin/import/index';
import { readSourcePath } from '../../src/twin/import/node-files';
import { terrainHeightAt } from '../../src/twin/terrain';

const enc = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const square = (x: number, y: number, s: number) => [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]];

/** Writes files into a fresh temp folder and reads them back like the CLI does. */
async function viaTempFolder(files: Record<string, unknown>): Promise<SourceFile[]> {
  const dir = mkdtempSync(join(tmpdir(), 'twin-import-'));
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  }
  return readSourcePath(dir);
}

const LV95 = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2056' } };

describe('GeoJSON importer', () => {
  it('imports buildings in LV95 with heights and levels, roads with flows, and lists a polygon with < 3 points as skipped', async () => {
    const files = await viaTempFolder({
      'district.geojson': {
        type: 'FeatureCollection',
        crs: LV95,
        features: [
          { type: 'Feature', id: 'b1', properties: { HEIGHT: 12 }, geometry: { type: 'Polygon', coordinates: square(2500000, 1118000, 20) } },
          { type: 'Feature', id: 'b2', properties: { 'building:levels': 4, building: 'residential' }, geometry: { type: 'MultiPolygon', coordinates: [square(2500100, 1118000, 10)] } },
          { type: 'Feature', id: 'bad', properties: {}, geometry: { type: 'Polygon', coordinates: [[[2500200, 1118000], [2500210, 1118000], [2500200, 1118000]]] } },
          { type: 'Feature', id: 'r1', properties: { highway: 'secondary', TV_D: 1000, HV_D: 100, TV_E: 400, HV_E: 20, TV_N: 100, HV_N: 10, LV_SPD_D: 50, HV_SPD_D: 40, PVMT: 'NL05' }, geometry: { type: 'LineString', coordinates: [[2499990, 1117990], [2500300, 1117990]] } },
          { type: 'Feature', id: 't1', properties: { natural: 'tree', height: 15 }, geometry: { type: 'Point', coordinates: [2500050, 1118050] } },
          { type: 'Feature', id: 's1', properties: { deveui: 'x' }, geometry: { type: 'Point', coordinates: [2500060, 1118060, 4] } },
        ],
      },
    });
    const m = await importCityFiles(files);
    expect(m.report?.crs).toBe('EPSG:2056');
    expect(m.buildings.count).toBe(2);
    const b1 = m.buildings.id.indexOf('b1');
    expect(m.buildings.heightM[b1]).toBe(12);
    expect(m.buildings.storeys[b1]).toBe(4); // 12 m / 3 m
    expect(Math.abs(polygonArea(m.buildings, b1) / 400 - 1)).toBeLessThan(0.005); // LV95 scale ≈ 1 near Bern… Geneva within 2e-4
    const b2 = m.buildings.id.indexOf('b2');
    expect(m.buildings.heightM[b2]).toBe(4 * STOREY_HEIGHT_M);
    expect(m.buildings.residents[b2]).toBeCloseTo(estimateResidents(polygonArea(m.buildings, b2), 4, 'residential'), 3);
    expect(m.report?.skipped).toEqual([expect.objectContaining({ file: 'district.geojson', feature: 'bad', reason: expect.stringMatching(/fewer than 3/) })]);
    expect(m.roads.count).toBe(1);
    const cat = (c: string) => VEHICLE_CATEGORIES.indexOf(c as (typeof VEHICLE_CATEGORIES)[number]);
    expect(m.roads.flowVehH[cat('1')]).toBe(900); // day light = total − heavy
    expect(m.roads.flowVehH[cat('3')]).toBe(100);
    expect(m.roads.flowVehH[5 + cat('1')]).toBe(380); // evening
    expect(m.roads.flowVehH.length).toBe(FLOW_STRIDE);
    expect(m.roads.speedKmh[cat('3')]).toBe(40);
    expect(m.roads.surface[0]).toBe('NL05');
    expect(m.trees.count).toBe(1);
    expect(m.report?.warnings.some((w) => /1 points of the district layer skipped/.test(w))).toBe(true);
  });

  it('fills storeys by use when nothing is known and counts the defaults', async () => {
    const m = await importCityFiles([{ name: 'b.geojson', bytes: enc({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: square(6.1, 46.2, 0.0002) } }] }) }]);
    expect(m.buildings.storeys[0]).toBe(DEFAULT_STOREYS_BY_USE.residential);
    expect(m.buildings.defaulted[0]).toBe(BUILDING_DEFAULTED.height | BUILDING_DEFAULTED.storeys | BUILDING_DEFAULTED.use | BUILDING_DEFAULTED.residents | BUILDING_DEFAULTED.baseHeight);
    expect(m.report?.defaulted).toMatchObject({ 'building.height': 1, 'building.storeys': 1, 'building.use': 1 });
  });

  it('takes the base of a 3-D footprint from its lowest z (relative to the origin height)', async () => {
    const ring = [[2500000, 1118000, 420], [2500010, 1118000, 421], [2500010, 1118010, 421], [2500000, 1118010, 420], [2500000, 1118000, 420]];
    const flat = [[2500100, 1118000], [2500110, 1118000], [2500110, 1118010], [2500100, 1118010], [2500100, 1118000]];
    const m = await importCityFiles([{ name: 'z.geojson', bytes: enc({ type: 'FeatureCollection', crs: LV95, features: [
      { type: 'Feature', id: 'z', properties: { height: 6 }, geometry: { type: 'Polygon', coordinates: [ring] } },
      { type: 'Feature', id: 'flat', properties: { height: 6 }, geometry: { type: 'Polygon', coordinates: [flat] } },
    ] }) }]);
    const z = m.buildings.id.indexOf('z');
    expect(m.buildings.baseHeightM[z]).toBeCloseTo(420 - m.origin.heightM, 1);
    expect((m.buildings.defaulted[z] ?? 0) & BUILDING_DEFAULTED.baseHeight).toBe(0);
    const flatIndex = m.buildings.id.indexOf('flat');
    expect((m.buildings.defaulted[flatIndex] ?? 0) & BUILDING_DEFAULTED.baseHeight).toBe(BUILDING_DEFAULTED.baseHeight);
  });

  it('invalid JSON gives an ImportError naming the file', async () => {
    const error = await importCityFiles([{ name: 'broken.geojson', bytes: enc('{"type": "FeatureCollection", "features": [') }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).issues[0]).toMatchObject({ file: 'broken.geojson', reason: expect.stringMatching(/invalid JSON/) });
  });

  it('an unknown CRS gives an ImportError naming the CRS and how to add it; registerCrs makes it work', async () => {
    const file = { name: 'krovak.geojson', bytes: enc({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::5513' } }, features: [{ type: 'Feature', properties: { height: 10 }, geometry: { type: 'Polygon', coordinates: square(-742000, -1044000, 10) } }] }) };
    const error = await importCityFiles([file]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toMatch(/krovak\.geojson.*EPSG:5513.*registerCrs.*--crs-def EPSG:5513=/s);
    registerCrs('EPSG:5513', '+proj=krovak +lat_0=49.5 +lon_0=24.8333333333333 +alpha=30.2881397527778 +k=0.9999 +x_0=0 +y_0=0 +ellps=bessel +towgs84=589,76,494,0,0,0,0 +units=m +no_defs');
    expect((await importCityFiles([file])).buildings.count).toBe(1);
  });

  it('an unsupported file alone is an ImportError; nothing importable is an ImportError', async () => {
    await expect(importCityFiles([{ name: 'notes.txt', bytes: enc('hello') }])).rejects.toThrow(/notes\.txt: unsupported file type/);
    await expect(importCityFiles([{ name: 'empty.geojson', bytes: enc({ type: 'FeatureCollection', features: [] }) }])).rejects.toThrow(ImportError);
  });

  it('a folder merges buildings with a DEM point set triangulated into a TIN, buildings seated on it', async () => {
    const dem: unknown[] = [];
    for (let i = 0; i <= 10; i++) for (let j = 0; j <= 10; j++) dem.push({ type: 'Feature', properties: { height: 400 + 0.1 * i * 10 }, geometry: { type: 'Point', coordinates: [2500000 + 10 * i, 1118000 + 10 * j] } });
    const files = await viaTempFolder({
      'dem.geojson': { type: 'FeatureCollection', crs: LV95, features: dem },
      'layers/buildings.geojson': { type: 'FeatureCollection', crs: LV95, features: [{ type: 'Feature', id: 'b', properties: { height: 9 }, geometry: { type: 'Polygon', coordinates: square(2500040, 1118040, 10) } }] },
    });
    const m = await importCityFiles(files);
    expect(m.terrain?.kind).toBe('tin');
    if (m.terrain?.kind !== 'tin') return;
    // The 11 × 11 grid is 200 triangles; the hull, slightly curved once in ENU, may add slivers of no area.
    expect(m.report?.counts.terrainCells).toBeGreaterThanOrEqual(200);
    const { positions: p, triangles: t } = m.terrain;
    let area = 0;
    for (let k = 0; k < t.length; k += 3) {
      const a = 3 * (t[k] ?? 0), b = 3 * (t[k + 1] ?? 0), c = 3 * (t[k + 2] ?? 0);
      area += ((p[b] ?? 0) - (p[a] ?? 0)) * ((p[c + 1] ?? 0) - (p[a + 1] ?? 0)) / 2 - ((p[b + 1] ?? 0) - (p[a + 1] ?? 0)) * ((p[c] ?? 0) - (p[a] ?? 0)) / 2;
    }
    expect(Math.abs(area / 10000 - 1)).toBeLessThan(0.005); // counter-clockwise triangles covering 100 m × 100 m
    // Plane z = 400 + 0.1·(x − 2500000) in source metres; the origin sits on the ground at the centre (z 405).
    expect(m.origin.heightM).toBeCloseTo(405, 1);
    expect(m.buildings.baseHeightM[0]).toBeCloseTo(-1, 1); // lowest footprint corner, x = 2500040 → 404 m
    expect(terrainHeightAt(m.terrain, 0, 0)).toBeCloseTo(0, 6);
    expect(terrainHeightAt(m.terrain, 10, 0)).toBeCloseTo(1, 2);
    expect(terrainHeightAt(m.terrain, 1000, 0)).toBeNaN();
  });
});

describe('CityJSON importer', () => {
  // A 10 m × 8 m LoD1 block with semantics, a floating building part, a TIN relief and a tree, in CityJSON 2.0.
  const cityjson = (version: string) => ({
    type: 'CityJSON',
    version,
    transform: { scale: [0.001, 0.001, 0.001], translate: [85000, 447000, 0] },
    metadata: { referenceSystem: version === '2.0' ? 'https://www.opengis.net/def/crs/EPSG/0/7415' : 'urn:ogc:def:crs:EPSG::28992' },
    vertices: [
      [0, 0, 1000], [10000, 0, 1000], [10000, 8000, 1000], [0, 8000, 1000],
      [0, 0, 13000], [10000, 0, 13000], [10000, 8000, 13000], [0, 8000, 13000],
      [-50000, -50000, 900], [60000, -50000, 1100], [60000, 60000, 1100], [-50000, 60000, 900],
      [20000, 20000, 1000],
    ],
    CityObjects: {
      block: {
        type: 'Building',
        attributes: { measuredHeight: 12, storeysAboveGround: 4 },
        geometry: [{
          type: 'Solid', lod: '1',
          boundaries: [[[[0, 3, 2, 1]], [[4, 5, 6, 7]], [[0, 1, 5, 4]], [[1, 2, 6, 5]], [[2, 3, 7, 6]], [[3, 0, 4, 7]]]],
          semantics: { surfaces: [{ type: 'GroundSurface' }, { type: 'RoofSurface' }, { type: 'WallSurface' }], values: [[0, 1, 2, 2, 2, 2]] },
        }],
      },
      ground: { type: 'TINRelief', geometry: [{ type: 'CompositeSurface', lod: '1', boundaries: [[[8, 9, 10]], [[8, 10, 11]]] }] },
      oak: { type: 'SolitaryVegetationObject', attributes: { height: 14 }, geometry: [{ type: 'GeometryInstance', template: 0, boundaries: [12], transformationMatrix: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] }] },
      broken: { type: 'Building', geometry: [{ type: 'MultiSurface', lod: '1', boundaries: [[[0, 1, 99]]] }] },
    },
    'geometry-templates': { templates: [], 'vertices-templates': [[0, 0, 0], [0, 0, 14]] },
  });

  it.each(['1.1', '2.0'])('CityJSON %s: transform, GroundSurface footprint, base and roof from z, TIN terrain, tree, bad object skipped', async (version) => {
    const m = await importCityFiles([{ name: `tiny-${version}.city.json`, bytes: enc(cityjson(version)) }]);
    expect(m.buildings.count).toBe(1);
    expect(Math.abs(polygonArea(m.buildings, 0) / 80 - 1)).toBeLessThan(0.005);
    expect(m.buildings.heightM[0]).toBeCloseTo(12, 4);
    expect(m.buildings.storeys[0]).toBe(4);
    expect(m.terrain?.kind).toBe('tin');
    expect(m.report?.counts.terrainCells).toBe(2);
    // Base height of the block (1.0 m) relative to the ground at the origin (terrain plane there).
    if (m.terrain) {
      const v = 2 * (m.buildings.ringOffset[0] ?? 0);
      const groundUnder = terrainHeightAt(m.terrain, m.buildings.xy[v] ?? 0, m.buildings.xy[v + 1] ?? 0);
      expect(Number.isFinite(groundUnder)).toBe(true);
    }
    expect(m.trees.count).toBe(1);
    expect(m.trees.heightM[0]).toBe(14);
    expect(m.report?.skipped).toEqual([expect.objectContaining({ feature: 'broken', reason: expect.stringMatching(/vertex index 99/) })]);
  });

  it('a CityJSON file without a CRS is an ImportError', async () => {
    const json = cityjson('2.0') as { metadata?: unknown };
    delete json.metadata;
    await expect(importCityFiles([{ name: 'nocrs.city.json', bytes: enc(json) }])).rejects.toThrow(/nocrs\.city\.json \[metadata\.referenceSystem\]/);
  });
});
