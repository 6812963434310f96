import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createEnuFrame } from '../../src/geo/enu';
import { polygonArea } from '../../src/twin/assemble-city';
import { BUILDING_DEFAULTED, ROAD_CLASSES, type CityModel } from '../../src/twin/city-model';
import { STOREY_HEIGHT_M } from '../../src/twin/defaults';
import { ImportError, importCityFiles } from '../../src/twin/import/index';
import { parseLengthM, parseMaxSpeedKmh } from '../../src/twin/import/osm-values';
import { fixturePbf, fixtureXml, NODES } from './osm-fixture';

const byId = (m: CityModel, id: string) => m.buildings.id.indexOf(id);

/** Shoelace area of lon/lat vertices through the model's own ENU frame is not independent; use a local equirectangular projection instead. */
function equirectArea(ids: number[]): number {
  const pts = ids.map((id) => NODES.find((n) => n.id === id) ?? { lon: NaN, lat: NaN });
  const lat0 = (pts.reduce((s, p) => s + p.lat, 0) / pts.length) * (Math.PI / 180);
  const a = 6378137;
  const e2 = 0.00669437999014;
  const s = Math.sin(lat0);
  const rn = a / Math.sqrt(1 - e2 * s * s);
  const rm = (a * (1 - e2)) / Math.pow(1 - e2 * s * s, 1.5);
  const xy = pts.map((p) => [rn * Math.cos(lat0) * p.lon * (Math.PI / 180), rm * p.lat * (Math.PI / 180)] as const);
  let sum = 0;
  for (let i = 0; i < xy.length; i++) {
    const [x1, y1] = xy[i] ?? [0, 0];
    const [x2, y2] = xy[(i + 1) % xy.length] ?? [0, 0];
    sum += x1 * y2 - x2 * y1;
  }
  return Math.abs(sum / 2);
}

function checkFixtureModel(m: CityModel): void {
  expect(m.attribution).toContain('OpenStreetMap contributors');
  expect(m.buildings.count).toBe(2);
  const a = byId(m, 'way/100');
  expect(a).toBeGreaterThanOrEqual(0);
  expect(m.buildings.heightM[a]).toBeCloseTo(9.144, 3); // 30 ft
  expect(m.buildings.storeys[a]).toBe(3);
  expect(polygonArea(m.buildings, a) / equirectArea([1, 2, 3, 4]) - 1).toBeLessThan(1e-3);
  expect((m.buildings.defaulted[a] ?? 0) & BUILDING_DEFAULTED.height).toBe(0);
  expect(m.buildings.residents[a]).toBeGreaterThan(0);

  const b = byId(m, 'relation/300');
  expect(b).toBeGreaterThanOrEqual(0);
  expect((m.buildings.ringStart[b + 1] ?? 0) - (m.buildings.ringStart[b] ?? 0)).toBe(2); // outer + hole
  const expected = equirectArea([5, 6, 7, 8]) - equirectArea([9, 10, 11, 12]);
  expect(Math.abs(polygonArea(m.buildings, b) / expected - 1)).toBeLessThan(1e-3);
  expect(m.buildings.heightM[b]).toBe(5 * STOREY_HEIGHT_M);
  expect((m.buildings.defaulted[b] ?? 0) & BUILDING_DEFAULTED.height).toBe(BUILDING_DEFAULTED.height);

  expect(m.roads.count).toBe(2);
  const r = m.roads.id.indexOf('way/104');
  expect(ROAD_CLASSES[m.roads.roadClass[r] ?? 0]).toBe('primary');
  expect(m.roads.maxSpeedKmh[r]).toBeCloseTo(30 * 1.609344, 3);
  expect(m.roads.oneway[r]).toBe(-1);
  expect(m.roads.lanes[r]).toBe(3);
  expect(m.roads.name[r]).toBe('Rue du Test');
  expect(m.roads.maxSpeedKmh[m.roads.id.indexOf('way/105')]).toBe(50);

  expect(m.trees.count).toBe(2);
  expect(m.trees.heightM[m.trees.id.indexOf('node/16')]).toBe(12);
  expect(m.trees.leafCycle[m.trees.id.indexOf('node/17')]).toBe(0);

  const reasons = m.report?.skipped.map((s) => `${s.feature}: ${s.reason}`) ?? [];
  expect(reasons.some((s) => s.startsWith('way/106') && /not closed/.test(s))).toBe(true);
  expect(reasons.some((s) => s.startsWith('way/107') && /999/.test(s))).toBe(true);
  expect(m.report?.defaulted['building.height']).toBe(1);

  // Vertices sit where the ENU frame puts their lon/lat (the origin is the bbox centre).
  const frame = createEnuFrame(m.origin);
  const n1 = NODES[0] ?? { lon: 0, lat: 0 };
  const p = frame.toEnu(n1.lon, n1.lat, m.origin.heightM, [0, 0, 0]);
  const xy = m.buildings.xy;
  let nearest = Infinity;
  for (let i = 0; i < xy.length; i += 2) nearest = Math.min(nearest, Math.hypot((xy[i] ?? 0) - (p[0] ?? 0), (xy[i + 1] ?? 0) - (p[1] ?? 0)));
  expect(nearest).toBeLessThan(1e-6);
}

describe('OSM importers on a district written by the test', () => {
  it('PBF with zlib blobs: dense nodes, delta refs, multipolygon with a hole, unit tags, skipped features', async () => {
    checkFixtureModel(await importCityFiles([{ name: 'fixture.osm.pbf', bytes: fixturePbf(true) }]));
  });

  it('PBF with raw blobs', async () => {
    checkFixtureModel(await importCityFiles([{ name: 'fixture.osm.pbf', bytes: fixturePbf(false) }]));
  });

  it('OSM XML and .osm.gz give the same district', async () => {
    const xml = new TextEncoder().encode(fixtureXml());
    checkFixtureModel(await importCityFiles([{ name: 'fixture.osm', bytes: xml }]));
    checkFixtureModel(await importCityFiles([{ name: 'fixture.osm.gz', bytes: gzipSync(xml) }]));
  });

  it('a truncated PBF gives an ImportError naming the file and saying it is truncated', async () => {
    const bytes = fixturePbf(true);
    const cut = bytes.subarray(0, bytes.length - 20);
    const error = await importCityFiles([{ name: 'cut.osm.pbf', bytes: cut }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    const issue = (error as ImportError).issues[0];
    expect(issue?.file).toBe('cut.osm.pbf');
    expect(issue?.reason).toMatch(/truncated/);
  });

  it('malformed XML gives an ImportError with the line', async () => {
    const bad = new TextEncoder().encode('<osm version="0.6"><node id="1" lat="1" lon="2"></way></osm>');
    const error = await importCityFiles([{ name: 'bad.osm', bytes: bad }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toMatch(/bad\.osm.*line 1/);
  });

  it('parses OSM units', () => {
    expect(parseLengthM('12')).toBe(12);
    expect(parseLengthM('12.5 m')).toBe(12.5);
    expect(parseLengthM("10'6\"")).toBeCloseTo(3.2004, 4);
    expect(parseLengthM('tall')).toBeNaN();
    expect(parseMaxSpeedKmh('50')).toBe(50);
    expect(parseMaxSpeedKmh('20 mph')).toBeCloseTo(32.18688, 5);
    expect(parseMaxSpeedKmh('FR:zone30')).toBe(30);
    expect(parseMaxSpeedKmh('DE:rural')).toBe(100);
    expect(parseMaxSpeedKmh('XX:urban')).toBe(50);
    expect(parseMaxSpeedKmh('walk')).toBe(7);
    expect(parseMaxSpeedKmh('signals')).toBeNaN();
  });
});
