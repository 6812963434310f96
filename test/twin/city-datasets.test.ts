/**
 * Importers on every real district found in CITIES_DIR, discovered by format: OSM files
 * (*.osm.pbf, *.osm, *.osm.gz), CityJSON files (*.json with "type": "CityJSON") and folders
 * holding shapefiles (imported as a whole folder). A new district of a known format is picked up
 * with no code change. Expected footprint areas are computed here from the raw source coordinates,
 * independently of the importer's projection code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import proj4 from 'proj4';
import { open as openShapefile } from 'shapefile';
import { describe, expect, it } from 'vitest';
import { getCrs } from '../../src/geo/crs';
import { createEnuFrame } from '../../src/geo/enu';
import { polygonArea } from '../../src/twin/assemble-city';
import type { CityModel } from '../../src/twin/city-model';
import { importCityFiles } from '../../src/twin/import/index';
import { readSourcePath } from '../../src/twin/import/node-files';
import { readOsmPbf } from '../../src/twin/import/osm-pbf';
import { readOsmXml } from '../../src/twin/import/osm-xml';
import { terrainHeightAt } from '../../src/twin/terrain';
import { CITIES_DIR } from '../support/fixtures';

type Kind = 'osm' | 'cityjson' | 'shapefile-folder';
interface Case {
  kind: Kind;
  path: string;
  rel: string;
}

function discover(root: string): Case[] {
  const cases: Case[] = [];
  const walk = (dir: string, depth: number) => {
    const names = readdirSync(dir).sort();
    if (names.some((n) => n.toLowerCase().endsWith('.shp'))) cases.push({ kind: 'shapefile-folder', path: dir, rel: relative(root, dir) });
    for (const name of names) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (depth < 3) walk(path, depth + 1);
        continue;
      }
      const lower = name.toLowerCase();
      if (lower.endsWith('.osm.pbf') || lower.endsWith('.osm') || lower.endsWith('.osm.gz')) cases.push({ kind: 'osm', path, rel: relative(root, path) });
      else if (lower.endsWith('.json') && /"type"\s*:\s*"CityJSON"/.test(readFileSync(path, 'utf8'))) cases.push({ kind: 'cityjson', path, rel: relative(root, path) });
    }
  };
  walk(root, 0);
  return cases;
}

/** "≥" sanity bounds read from the README row of the case's file or folder (counts as written there). */
function readmeBounds(root: string, rel: string): { buildings?: number; roads?: number; trees?: number } {
  let text: string;
  try {
    text = readFileSync(join(root, 'README.md'), 'utf8');
  } catch {
    return {};
  }
  const top = rel.split(/[\\/]/)[0] ?? rel;
  const rows = text.split('\n').filter((l) => l.startsWith('|'));
  const row = rows.find((l) => l.split('|')[1]?.trim() === rel.replace(/\\/g, '/')) ?? rows.find((l) => l.split('|')[1]?.trim() === `${top}/`);
  if (!row) return {};
  const num = (re: RegExp) => {
    const m = re.exec(row);
    return m?.[1] ? Number(m[1].replace(/,/g, '')) : undefined;
  };
  const out: { buildings?: number; roads?: number; trees?: number } = {};
  const b = num(/([\d,]+)\s+(?:LoD\d\s+)?(?:buildings|footprints)\b/);
  const r = num(/([\d,]+)\s+(?:highways|roads)\b/);
  const t = num(/([\d,]+)\s+(?:`?natural=tree`?\s+nodes|trees)\b/);
  if (b !== undefined) out.buildings = b;
  if (r !== undefined) out.roads = r;
  if (t !== undefined) out.trees = t;
  return out;
}

/** Area (m²) of a lon/lat ring on the WGS84 ellipsoid, through a local equirectangular projection with the meridian and prime-vertical radii at the mean latitude. */
function lonLatRingArea(lonLat: number[]): number {
  const a = 6378137;
  const e2 = 0.00669437999014;
  const n = lonLat.length / 2;
  let lat0 = 0;
  for (let i = 0; i < n; i++) lat0 += (lonLat[2 * i + 1] ?? 0) / n;
  const phi = (lat0 * Math.PI) / 180;
  const s = Math.sin(phi);
  const rn = a / Math.sqrt(1 - e2 * s * s);
  const rm = (a * (1 - e2)) / Math.pow(1 - e2 * s * s, 1.5);
  const deg = Math.PI / 180;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const xi = rn * Math.cos(phi) * (lonLat[2 * i] ?? 0) * deg, yi = rm * (lonLat[2 * i + 1] ?? 0) * deg;
    const xj = rn * Math.cos(phi) * (lonLat[2 * j] ?? 0) * deg, yj = rm * (lonLat[2 * j + 1] ?? 0) * deg;
    sum += xi * yj - xj * yi;
  }
  return Math.abs(sum / 2);
}

function largestBuilding(model: CityModel, accept: (id: string) => boolean): number {
  let best = -1;
  let bestArea = 0;
  for (let f = 0; f < model.buildings.count; f++) {
    if (!accept(model.buildings.id[f] ?? '')) continue;
    const ringCount = (model.buildings.ringStart[f + 1] ?? 0) - (model.buildings.ringStart[f] ?? 0);
    const area = polygonArea(model.buildings, f);
    if (ringCount === 1 && area > bestArea) {
      bestArea = area;
      best = f;
    }
  }
  return best;
}

/** The known building's source footprint: outer ring in source coordinates and in lon/lat, and the source CRS's own area. */
interface SourceFootprint {
  sourceXY: number[];
  lonLat: number[];
  expectedAreaM2: number;
  crsCode: string;
}

async function sourceFootprint(c: Case, model: CityModel, f: number): Promise<SourceFootprint> {
  const id = model.buildings.id[f] ?? '';
  if (c.kind === 'osm') {
    const bytes = readFileSync(c.path);
    const data = c.path.endsWith('.pbf') ? readOsmPbf(bytes) : readOsmXml(bytes, c.path.endsWith('.gz'));
    const w = data.wayIndex.get(Number(id.replace('way/', ''))) ?? -1;
    const refs = Array.from(data.wayRefsOf(w)).slice(0, -1);
    const lonLat = Array.from(data.resolve(refs).coords);
    return { sourceXY: lonLat, lonLat, expectedAreaM2: lonLatRingArea(lonLat), crsCode: 'EPSG:4326' };
  }
  if (c.kind === 'shapefile-folder') {
    const [layer, index] = id.split('#');
    const shp = join(c.path, `${layer}.shp`);
    const prj = readFileSync(join(c.path, `${layer}.prj`), 'utf8');
    const source = await openShapefile(new Uint8Array(readFileSync(shp)));
    let feature: GeoJSON.Feature | undefined;
    for (let i = 0; i <= Number(index); i++) feature = (await source.read()).value as GeoJSON.Feature;
    const ring = ((feature?.geometry as GeoJSON.Polygon).coordinates[0] ?? []).slice(0, -1);
    const toWgs = proj4(prj, 'WGS84');
    const lonLat = ring.flatMap((p) => toWgs.forward([p[0] ?? 0, p[1] ?? 0]));
    return { sourceXY: ring.flat(), lonLat, expectedAreaM2: lonLatRingArea(lonLat), crsCode: model.report?.crs ?? '' };
  }
  // CityJSON: plan area of the upward faces of the object's geometry in the source's projected CRS
  // (RD New, Lambert-93… are conformal with a scale factor within 1e-3 of 1 in their area of use).
  const json = JSON.parse(readFileSync(c.path, 'utf8')) as { vertices: number[][]; transform: { scale: number[]; translate: number[] }; CityObjects: Record<string, { geometry: { boundaries: unknown }[] }> };
  const real = (v: number) => json.vertices[v]?.map((x, k) => x * (json.transform.scale[k] ?? 1) + (json.transform.translate[k] ?? 0)) ?? [0, 0, 0];
  const faces: number[][] = [];
  const collect = (b: unknown, depth: number) => {
    if (!Array.isArray(b)) return;
    if (depth === 0) faces.push(b[0] as number[]);
    else for (const x of b) collect(x, depth - 1);
  };
  const geometry = json.CityObjects[id]?.geometry[0] as { type: string; boundaries: unknown };
  collect(geometry.boundaries, geometry.type === 'Solid' ? 2 : geometry.type.endsWith('Solid') ? 3 : 1);
  let area = 0;
  for (const ring of faces) {
    let s = 0;
    for (let i = 0; i < ring.length; i++) {
      const a = real(ring[i] ?? 0);
      const b = real(ring[(i + 1) % ring.length] ?? 0);
      s += (a[0] ?? 0) * (b[1] ?? 0) - (b[0] ?? 0) * (a[1] ?? 0);
    }
    if (s > 0) area += s / 2;
  }
  const first = real(faces[0]?.[0] ?? 0);
  const crs = getCrs(model.report?.crs ?? '');
  const ll = crs.toLonLat(first[0] ?? 0, first[1] ?? 0, [0, 0]);
  return { sourceXY: [first[0] ?? 0, first[1] ?? 0], lonLat: ll, expectedAreaM2: area, crsCode: crs.code };
}

const cases = CITIES_DIR ? discover(CITIES_DIR) : [];

describe.skipIf(!CITIES_DIR)('real districts in CITIES_DIR', () => {
  it('finds at least one district', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  describe.each(cases.map((c) => [`${c.kind} ${c.rel}`, c] as const))('%s', (_label, c) => {
    let model: CityModel;
    const load = async () => {
      model ??= await importCityFiles(c.kind === 'shapefile-folder' ? (await readSourcePath(c.path)).map((f) => ({ ...f })) : [{ name: basename(c.path), bytes: new Uint8Array(readFileSync(c.path)) }]);
      return model;
    };

    it('imports features, with counts at least the README figures (90 %) and a filled report', async () => {
      const m = await load();
      const r = m.report;
      expect(r).not.toBeNull();
      if (!r) return;
      const total = r.counts.buildings + r.counts.roads + r.counts.trees + r.counts.terrainCells + r.counts.ground;
      expect(total).toBeGreaterThan(0);
      expect(r.counts.buildings).toBe(m.buildings.count);
      const bounds = readmeBounds(CITIES_DIR ?? '', c.rel);
      if (bounds.buildings !== undefined) expect(r.counts.buildings).toBeGreaterThanOrEqual(0.9 * bounds.buildings);
      if (bounds.roads !== undefined) expect(r.counts.roads).toBeGreaterThanOrEqual(0.9 * bounds.roads);
      if (bounds.trees !== undefined) expect(r.counts.trees).toBeGreaterThanOrEqual(0.9 * bounds.trees);
      for (const [field, n] of Object.entries(r.defaulted)) {
        const table = field.split('.')[0] === 'building' ? m.buildings.count : field.split('.')[0] === 'road' ? m.roads.count : m.trees.count;
        expect(n, field).toBeLessThanOrEqual(table);
      }
      for (const issue of r.skipped) {
        expect(issue.file.length).toBeGreaterThan(0);
        expect(issue.reason.length).toBeGreaterThan(0);
      }
      process.stdout.write(`${c.rel}: ${JSON.stringify(r.counts)} heights ${JSON.stringify(r.heightStats)} skipped ${r.skipped.length} in ${r.durationMs.toFixed(0)} ms\n`);
    }, 60_000);

    it('has sane building heights and storeys, and buildings seated on the terrain', async (ctx) => {
      const m = await load();
      const h = m.report?.heightStats;
      if (m.buildings.count === 0) ctx.skip('no buildings in this dataset');
      expect(h).not.toBeNull();
      if (!h) return;
      expect(h.min).toBeGreaterThan(0);
      expect(h.max).toBeLessThan(830); // the tallest building on Earth
      expect(h.median).toBeGreaterThan(2);
      expect(h.median).toBeLessThan(60);
      for (let f = 0; f < m.buildings.count; f++) {
        expect(m.buildings.storeys[f]).toBeGreaterThan(0);
        expect(m.buildings.residents[f]).toBeGreaterThanOrEqual(0);
      }
      if (m.terrain) {
        let seatedWithin = 0;
        let checked = 0;
        for (let f = 0; f < m.buildings.count; f += 7) {
          const v = 2 * (m.buildings.ringOffset[m.buildings.ringStart[f] ?? 0] ?? 0);
          const ground = terrainHeightAt(m.terrain, m.buildings.xy[v] ?? 0, m.buildings.xy[v + 1] ?? 0);
          if (!Number.isFinite(ground)) continue;
          checked++;
          if (Math.abs((m.buildings.baseHeightM[f] ?? 0) - ground) < 2.5) seatedWithin++;
        }
        if (checked > 0) expect(seatedWithin / checked).toBeGreaterThan(0.9);
      }
    }, 60_000);

    it('keeps a known building footprint area within 0.5 % and the source CRS round trip within 1 cm', async (ctx) => {
      const m = await load();
      const f = largestBuilding(m, (id) => (c.kind === 'osm' ? id.startsWith('way/') : c.kind === 'shapefile-folder' ? /^[^/]+#\d+$/.test(id) : !id.includes('#')));
      if (f < 0) ctx.skip('no source-identifiable building footprint in this dataset');
      const src = await sourceFootprint(c, m, f);
      const area = polygonArea(m.buildings, f);
      const rel = Math.abs(area - src.expectedAreaM2) / src.expectedAreaM2;
      process.stdout.write(`${c.rel}: building ${m.buildings.id[f]} footprint ${area.toFixed(2)} m² vs ${src.expectedAreaM2.toFixed(2)} m² from source (${(rel * 100).toFixed(4)} %)\n`);
      expect(rel).toBeLessThan(0.005);

      const crs = getCrs(src.crsCode);
      const frame = createEnuFrame(m.origin);
      let worst = 0;
      for (let i = 0; i < src.sourceXY.length / 2; i++) {
        const x = src.sourceXY[2 * i] ?? 0;
        const y = src.sourceXY[2 * i + 1] ?? 0;
        const ll = crs.toLonLat(x, y, [0, 0]);
        const enu = frame.toEnu(ll[0] ?? 0, ll[1] ?? 0, m.origin.heightM, [0, 0, 0]);
        const geo = frame.toGeodetic(enu[0] ?? 0, enu[1] ?? 0, enu[2] ?? 0, [0, 0, 0]);
        const back = crs.fromLonLat(geo[0] ?? 0, geo[1] ?? 0, [0, 0]);
        const scale = crs.geographic ? [111320 * Math.cos(((ll[1] ?? 0) * Math.PI) / 180), 110574] : [1, 1];
        worst = Math.max(worst, Math.hypot(((back[0] ?? 0) - x) * (scale[0] ?? 1), ((back[1] ?? 0) - y) * (scale[1] ?? 1)));
      }
      process.stdout.write(`${c.rel}: CRS ${crs.code} → ENU → ${crs.code} worst ${(worst * 1000).toFixed(3)} mm\n`);
      expect(worst).toBeLessThan(0.01);
    }, 60_000);
  });
});

