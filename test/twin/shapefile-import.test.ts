/**
 * Shapefile importer on files the test writes after the ESRI Shapefile Technical Description
 * (1998): main file header and records (big-endian record headers, little-endian content), a
 * dBASE III .dbf and an ESRI-style .prj without AUTHORITY.
 */
import { describe, expect, it } from 'vitest';
import { polygonArea } from '../../src/twin/assemble-city';
import { VEHICLE_CATEGORIES } from '../../src/twin/city-model';
import { ImportError, importCityFiles, type SourceFile } from '../../src/twin/import/index';

type Ring = [number, number][];

function shp(shapeType: 1 | 3 | 5, records: Ring[][]): Uint8Array {
  const contents = records.map((parts) => {
    if (shapeType === 1) {
      const b = new DataView(new ArrayBuffer(20));
      b.setInt32(0, 1, true);
      b.setFloat64(4, parts[0]?.[0]?.[0] ?? 0, true);
      b.setFloat64(12, parts[0]?.[0]?.[1] ?? 0, true);
      return new Uint8Array(b.buffer);
    }
    const points = parts.flat();
    const size = 44 + 4 * parts.length + 16 * points.length;
    const b = new DataView(new ArrayBuffer(size));
    b.setInt32(0, shapeType, true);
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((v, i) => b.setFloat64(4 + 8 * i, v, true));
    b.setInt32(36, parts.length, true);
    b.setInt32(40, points.length, true);
    let start = 0;
    parts.forEach((part, i) => {
      b.setInt32(44 + 4 * i, start, true);
      start += part.length;
    });
    points.forEach((p, i) => {
      b.setFloat64(44 + 4 * parts.length + 16 * i, p[0], true);
      b.setFloat64(52 + 4 * parts.length + 16 * i, p[1], true);
    });
    return new Uint8Array(b.buffer);
  });
  const length = 100 + contents.reduce((s, c) => s + 8 + c.length, 0);
  const out = new Uint8Array(length);
  const v = new DataView(out.buffer);
  v.setInt32(0, 9994, false);
  v.setInt32(24, length / 2, false);
  v.setInt32(28, 1000, true);
  v.setInt32(32, shapeType, true);
  let o = 100;
  contents.forEach((c, i) => {
    v.setInt32(o, i + 1, false);
    v.setInt32(o + 4, c.length / 2, false);
    out.set(c, o + 8);
    o += 8 + c.length;
  });
  return out;
}

function dbf(fields: { name: string; type: 'N' | 'C'; length: number; decimals?: number }[], rows: (string | number)[][]): Uint8Array {
  const headerLength = 32 + 32 * fields.length + 1;
  const recordLength = 1 + fields.reduce((s, f) => s + f.length, 0);
  const out = new Uint8Array(headerLength + recordLength * rows.length + 1);
  const v = new DataView(out.buffer);
  out[0] = 0x03;
  out.set([126, 1, 1], 1);
  v.setUint32(4, rows.length, true);
  v.setUint16(8, headerLength, true);
  v.setUint16(10, recordLength, true);
  fields.forEach((f, i) => {
    const o = 32 + 32 * i;
    out.set(new TextEncoder().encode(f.name), o);
    out[o + 11] = f.type.charCodeAt(0);
    out[o + 16] = f.length;
    out[o + 17] = f.decimals ?? 0;
  });
  out[headerLength - 1] = 0x0d;
  rows.forEach((row, r) => {
    let o = headerLength + r * recordLength;
    out[o++] = 0x20;
    fields.forEach((f, i) => {
      const value = row[i];
      const text = f.type === 'N' ? String(typeof value === 'number' ? value.toFixed(f.decimals ?? 0) : value).padStart(f.length) : String(value).padEnd(f.length);
      out.set(new TextEncoder().encode(text.slice(0, f.length)), o);
      o += f.length;
    });
  });
  out[out.length - 1] = 0x1a;
  return out;
}

const LAMBERT93_ESRI = 'PROJCS["RGF93_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",700000.0],PARAMETER["False_Northing",6600000.0],PARAMETER["Central_Meridian",3.0],PARAMETER["Standard_Parallel_1",49.0],PARAMETER["Standard_Parallel_2",44.0],PARAMETER["Latitude_Of_Origin",46.5],UNIT["Meter",1.0]]';
const text = (s: string) => new TextEncoder().encode(s);
const X = 223500;
const Y = 6757500;
// Shapefile outer rings are clockwise.
const cwSquare = (x: number, y: number, s: number): Ring => [[x, y], [x, y + s], [x + s, y + s], [x + s, y], [x, y]];

function layers(): SourceFile[] {
  return [
    { name: 'buildings.shp', bytes: shp(5, [[cwSquare(X, Y, 20)], [[[X + 50, Y], [X + 60, Y], [X + 50, Y]]], [cwSquare(X + 100, Y, 10)]]) },
    { name: 'buildings.dbf', bytes: dbf([{ name: 'ID_WAY', type: 'N', length: 10 }, { name: 'HEIGHT', type: 'N', length: 8, decimals: 1 }], [[1, 12.5], [2, 6], [3, 0]]) },
    { name: 'buildings.prj', bytes: text(LAMBERT93_ESRI) },
    { name: 'roads.shp', bytes: shp(3, [[[[X - 10, Y - 10], [X + 200, Y - 10]]]]) },
    { name: 'roads.dbf', bytes: dbf([{ name: 'TV_D', type: 'N', length: 8, decimals: 1 }, { name: 'HV_D', type: 'N', length: 8, decimals: 1 }, { name: 'LV_SPD_D', type: 'N', length: 4 }, { name: 'PVMT', type: 'C', length: 4 }], [[800, 50, 50, 'NL05']]) },
    { name: 'roads.prj', bytes: text(LAMBERT93_ESRI) },
    { name: 'ground_type.shp', bytes: shp(5, [[cwSquare(X - 20, Y + 40, 30)]]) },
    { name: 'ground_type.dbf', bytes: dbf([{ name: 'G', type: 'N', length: 4, decimals: 1 }], [[0.7]]) },
    { name: 'ground_type.prj', bytes: text(LAMBERT93_ESRI) },
    { name: 'receivers.shp', bytes: shp(1, [[[[X, Y]]], [[[X + 1, Y]]]]) },
    { name: 'receivers.prj', bytes: text(LAMBERT93_ESRI) },
  ];
}

describe('Shapefile importer', () => {
  it('reads polygons (buildings with HEIGHT, ground with G), polylines with flows, skips point layers and a degenerate polygon', async () => {
    const m = await importCityFiles(layers());
    expect(m.report?.crs).toBe('EPSG:2154');
    expect(m.buildings.count).toBe(2);
    expect(m.buildings.id).toEqual(['buildings#0', 'buildings#2']);
    expect(m.buildings.heightM[0]).toBe(12.5);
    // Lambert-93 scale factor at 47.7° N is ≈ 0.99935: the true area is 400 / k².
    expect(Math.abs(polygonArea(m.buildings, 0) / 400 - 1)).toBeLessThan(0.005);
    expect(m.report?.skipped).toEqual([expect.objectContaining({ file: 'buildings.shp', feature: 'buildings#1' })]);
    expect(m.ground.count).toBe(1);
    expect(m.ground.groundFactorG[0]).toBeCloseTo(0.7, 6);
    expect(m.roads.count).toBe(1);
    expect(m.roads.flowVehH[VEHICLE_CATEGORIES.indexOf('1')]).toBe(750);
    expect(m.roads.flowVehH[VEHICLE_CATEGORIES.indexOf('3')]).toBe(50);
    expect(m.roads.speedKmh[VEHICLE_CATEGORIES.indexOf('1')]).toBe(50);
    expect(m.roads.surface[0]).toBe('NL05');
    expect(m.report?.warnings.some((w) => /receivers\.shp: 2 points/.test(w))).toBe(true);
  });

  it('a truncated .shp is an ImportError naming the file', async () => {
    const files = layers().filter((f) => f.name.startsWith('buildings'));
    const cut = files.map((f) => (f.name === 'buildings.shp' ? { ...f, bytes: f.bytes.subarray(0, 150) } : f));
    const error = await importCityFiles(cut).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).issues[0]).toMatchObject({ file: 'buildings.shp', feature: 'record 0', reason: expect.stringMatching(/truncated or corrupt/) });
  });

  it('a .prj naming an unknown projection is an ImportError naming the CRS', async () => {
    const files = layers().filter((f) => f.name.startsWith('buildings')).map((f) => (f.name.endsWith('.prj') ? { ...f, bytes: text('PROJCS["Mystery_Grid",GEOGCS["GCS_Mystery"],PROJECTION["Mystery"],AUTHORITY["EPSG","99998"]]') } : f));
    await expect(importCityFiles(files)).rejects.toThrow(/buildings\.shp \[\.prj\].*EPSG:99998.*registerCrs/s);
  });
});
