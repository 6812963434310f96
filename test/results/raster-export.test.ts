/**
 * GeoTIFF writer (src/results/raster-export.ts) read back with the `geotiff` package: size,
 * Float32 samples with rows flipped to north-up, NaN kept, several bands, pixel scale and tie
 * point, the GeoKeys of the user-defined orthographic CRS, GDAL no-data and metadata; and the
 * claim the CRS rests on: the ellipsoidal Orthographic projection (EPSG method 9840) centred on the
 * origin reproduces the ENU east/north of src/geo/enu.ts within h·d/R.
 */
import { describe, expect, it } from 'vitest';
import { fromArrayBuffer } from 'geotiff';
import { CT_ORTHOGRAPHIC, encodeGeoTiff, GEOKEY, rasterResultToGeoTiff } from '../../src/results/raster-export';
import { createEnuFrame } from '../../src/geo/enu';
import { WGS84_A, WGS84_E2 } from '../../src/geo/ellipsoid';
import type { RasterResult } from '../../src/results/result-types';

const ORIGIN = { lonDeg: 7.8522, latDeg: 47.9959, heightM: 327 };

async function read(bytes: Uint8Array) {
  const tiff = await fromArrayBuffer(new Uint8Array(bytes).buffer);
  return tiff.getImage();
}

/** EPSG 9840 forward (IOGP Guidance Note 7-2 §3.3.19), degrees → m. */
function orthographic(lonDeg: number, latDeg: number, lon0Deg: number, lat0Deg: number): [number, number] {
  const rad = Math.PI / 180;
  const [f, l, f0, l0] = [latDeg * rad, lonDeg * rad, lat0Deg * rad, lon0Deg * rad];
  const nu = WGS84_A / Math.sqrt(1 - WGS84_E2 * Math.sin(f) ** 2);
  const nu0 = WGS84_A / Math.sqrt(1 - WGS84_E2 * Math.sin(f0) ** 2);
  const e = nu * Math.cos(f) * Math.sin(l - l0);
  const n = nu * (Math.sin(f) * Math.cos(f0) - Math.cos(f) * Math.sin(f0) * Math.cos(l - l0)) + WGS84_E2 * (nu0 * Math.sin(f0) - nu * Math.sin(f)) * Math.cos(f0);
  return [e, n];
}

describe('GeoTIFF raster export', () => {
  it('round-trips a Float32 grid with NaN, north-up rows, pixel scale and tie point', async () => {
    const grid = { originX: -35, originY: 120, cellM: 10, cols: 3, rows: 2 };
    // Row 0 is the southern row in results.
    const values = Float32Array.from([1.5, 2.5, Number.NaN, 4.25, 5, 66.125]);
    const image = await read(encodeGeoTiff({ grid, origin: ORIGIN, bands: [values], bandNames: ['lden'], title: 'Noise test', unit: 'dB(A)' }));
    expect(image.getWidth()).toBe(3);
    expect(image.getHeight()).toBe(2);
    expect(image.getSamplesPerPixel()).toBe(1);
    const [band] = (await image.readRasters()) as unknown as Float32Array[];
    expect(band).toBeInstanceOf(Float32Array);
    // TIFF row 0 = north = the result's last row.
    expect(Array.from(band ?? []).slice(0, 3)).toEqual([4.25, 5, 66.125]);
    expect(band?.[0 + 3]).toBe(1.5);
    expect(Number.isNaN(band?.[5])).toBe(true);
    expect(image.getResolution()).toEqual([10, -10, 0]);
    expect(image.getOrigin()).toEqual([-35, 140, 0]);
    expect(image.getBoundingBox()).toEqual([-35, 120, -5, 140]);
    expect(image.getGDALNoData()).toBeNaN();
    const metadata = await image.getGDALMetadata(0);
    expect(metadata).toMatchObject({ DESCRIPTION: 'lden', UNITTYPE: 'dB(A)' });
    const dataset = await image.getGDALMetadata();
    expect(dataset).toMatchObject({ TITLE: 'Noise test', UNITS: 'dB(A)' });
  });

  it('declares a user-defined orthographic CRS on WGS 84 centred on the origin', async () => {
    const grid = { originX: 0, originY: 0, cellM: 5, cols: 2, rows: 2 };
    const image = await read(encodeGeoTiff({ grid, origin: ORIGIN, bands: [new Float32Array(4)] }));
    const keys = image.getGeoKeys() as Record<string, unknown>;
    expect(keys).toMatchObject({
      GTModelTypeGeoKey: 1, GTRasterTypeGeoKey: 1, GeographicTypeGeoKey: 4326, ProjectedCSTypeGeoKey: 32767, ProjectionGeoKey: 32767,
      ProjCoordTransGeoKey: CT_ORTHOGRAPHIC, ProjLinearUnitsGeoKey: 9001,
      ProjCenterLatGeoKey: ORIGIN.latDeg, ProjCenterLongGeoKey: ORIGIN.lonDeg, ProjNatOriginLatGeoKey: ORIGIN.latDeg, ProjNatOriginLongGeoKey: ORIGIN.lonDeg,
      ProjFalseEastingGeoKey: 0, ProjFalseNorthingGeoKey: 0,
    });
    expect(String(keys.GTCitationGeoKey)).toMatch(/Orthographic/);
    expect(GEOKEY.ProjCoordTrans).toBe(3075);
  });

  it('writes several bands as separate planes', async () => {
    const grid = { originX: 0, originY: 0, cellM: 1, cols: 2, rows: 1 };
    const image = await read(encodeGeoTiff({ grid, origin: ORIGIN, bands: [Float32Array.from([1, 2]), Float32Array.from([3, 4])], bandNames: ['lden', 'lnight'] }));
    expect(image.getSamplesPerPixel()).toBe(2);
    const bands = (await image.readRasters()) as unknown as Float32Array[];
    expect(Array.from(bands[0] ?? [])).toEqual([1, 2]);
    expect(Array.from(bands[1] ?? [])).toEqual([3, 4]);
  });

  it('keeps the metadata XML well-formed and 7-bit (entities for markup and non-ASCII)', () => {
    const grid = { originX: 0, originY: 0, cellM: 1, cols: 1, rows: 1 };
    const bytes = encodeGeoTiff({ grid, origin: ORIGIN, bands: [new Float32Array(1)], title: 'Genève <A&B>', unit: 'dB(A)' });
    const text = new TextDecoder('latin1').decode(bytes);
    expect(text).toContain('<Item name="TITLE">Gen&#232;ve &lt;A&amp;B&gt;</Item>');
  });

  it('writes a raster result with its title and unit', async () => {
    const result: RasterResult = {
      kind: 'raster', id: 'noise-lden', title: 'Road noise Lden', source: 'noise', grid: { originX: 10, originY: 20, cellM: 10, cols: 1, rows: 1 },
      values: Float32Array.from([61]), legend: { kind: 'classes', unit: 'dB(A)', classes: [] },
    };
    const image = await read(rasterResultToGeoTiff(result, ORIGIN));
    expect(await image.getGDALMetadata()).toMatchObject({ TITLE: 'Road noise Lden', UNITS: 'dB(A)' });
    expect(Array.from(((await image.readRasters()) as unknown as Float32Array[])[0] ?? [])).toEqual([61]);
  });

  it('rejects a band of the wrong size and a grid without cells, naming the field', () => {
    const grid = { originX: 0, originY: 0, cellM: 1, cols: 2, rows: 2 };
    expect(() => encodeGeoTiff({ grid, origin: ORIGIN, bands: [new Float32Array(3)] })).toThrow(/band 0 has 3 values, the grid needs 2×2 = 4/);
    expect(() => encodeGeoTiff({ grid: { ...grid, cols: 0 }, origin: ORIGIN, bands: [new Float32Array(0)] })).toThrow(/cols 0/);
  });

  it('the orthographic projection at the origin gives the ENU east/north within h·d/R', () => {
    const frame = createEnuFrame(ORIGIN);
    const geo = new Float64Array(3);
    let worst = 0;
    for (const [x, y] of [[0, 0], [1000, 0], [0, -1000], [1500, 1500], [-2000, 700]] as const) {
      frame.toGeodetic(x, y, 0, geo);
      const [e, n] = orthographic(geo[0] ?? 0, geo[1] ?? 0, ORIGIN.lonDeg, ORIGIN.latDeg);
      const d = Math.hypot(x, y);
      const bound = ((geo[2] ?? 0) * d) / 6.371e6 * 1.05 + 1e-6;
      const err = Math.hypot(e - x, n - y);
      expect(err).toBeLessThanOrEqual(bound);
      worst = Math.max(worst, err);
    }
    // At the demo's 327 m above the ellipsoid the offset stays a few centimetres within 2 km.
    expect(worst).toBeLessThan(0.12);
  });
});
