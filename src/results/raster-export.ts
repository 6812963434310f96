/**
 * GeoTIFF writer for raster results (noise and air maps): baseline TIFF 6.0, little-endian,
 * uncompressed, IEEE Float32 samples, one strip per band, with the GeoTIFF 1.1 keys (OGC 19-008r4)
 * that place the district's ENU grid on the Earth. Pure: returns bytes, the CLI writes the file.
 *
 * CRS choice: the twin's grid lies on the local tangent plane around `city.origin`
 * (src/geo/enu.ts). On the ellipsoid that plane is exactly the ellipsoidal Orthographic projection
 * (EPSG method 9840, IOGP Guidance Note 7-2 §3.3.19: E, N are the east and north components of the
 * geocentric vector from the origin), so the file declares a user-defined projected CRS on WGS 84:
 * CT_Orthographic (GeoTIFF code 21) centred on the origin's latitude and longitude, false easting
 * and northing 0, metres. Every cell keeps its computed value; resampling into a UTM zone would
 * interpolate levels and move class boundaries. The only approximation is height: the projection
 * maps points on the ellipsoid, while an ENU point h metres above it (the origin's own height
 * included) at distance d from the origin sits about h·d/R further out (R ≈ 6371 km): 5 cm at 1 km
 * for the demo district 327 m above the ellipsoid, under a tenth of a 1 m cell while h·d < 600 km·m.
 *
 * No-data cells are NaN (GDAL_NODATA tag "nan"); TIFF row 0 is the northern row, while the
 * result's row 0 is the southern one, so rows are written flipped.
 */
import type { GridSpec, RasterResult } from './result-types';

/** Geodetic origin of the ENU frame (WGS 84 degrees). */
export interface RasterGeoOrigin {
  lonDeg: number;
  latDeg: number;
}

export interface GeoTiffInput {
  grid: GridSpec;
  origin: RasterGeoOrigin;
  /** One Float32Array per band, row-major, row 0 south, length cols·rows each. */
  bands: readonly Float32Array[];
  /** Band names written in the GDAL metadata (e.g. "Lden", "Lnight"). */
  bandNames?: readonly string[];
  /** Dataset title and unit for the GDAL metadata (e.g. "Road noise Lden", "dB(A)"). */
  title?: string;
  unit?: string;
}

/** GeoTIFF codes used here (OGC GeoTIFF 1.1, Annex C / GeoTIFF 1.0 §6.3). */
export const GEOKEY = {
  GTModelType: 1024,
  GTRasterType: 1025,
  GTCitation: 1026,
  GeographicType: 2048,
  ProjectedCSType: 3072,
  PCSCitation: 3073,
  Projection: 3074,
  ProjCoordTrans: 3075,
  ProjLinearUnits: 3076,
  ProjNatOriginLong: 3080,
  ProjNatOriginLat: 3081,
  ProjFalseEasting: 3082,
  ProjFalseNorthing: 3083,
  ProjCenterLong: 3088,
  ProjCenterLat: 3089,
} as const;
const MODEL_TYPE_PROJECTED = 1;
const RASTER_PIXEL_IS_AREA = 1;
const GCS_WGS_84 = 4326;
const USER_DEFINED = 32767;
/** CT_Orthographic coordinate transformation code. */
export const CT_ORTHOGRAPHIC = 21;
const LINEAR_METER = 9001;

const enum TiffType {
  Short = 3,
  Long = 4,
  Ascii = 2,
  Double = 12,
}
const TYPE_SIZE: Record<TiffType, number> = { [TiffType.Short]: 2, [TiffType.Long]: 4, [TiffType.Ascii]: 1, [TiffType.Double]: 8 };

interface TiffEntry {
  tag: number;
  type: TiffType;
  values: readonly number[] | string;
}

function escapeXml(s: string): string {
  // TIFF ASCII is 7-bit: other characters become XML character references.
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[^\x20-\x7e]/gu, (c) => `&#${c.codePointAt(0) ?? 63};`);
}

function gdalMetadata(input: GeoTiffInput): string {
  const items: string[] = [];
  if (input.title !== undefined) items.push(`<Item name="TITLE">${escapeXml(input.title)}</Item>`);
  if (input.unit !== undefined) items.push(`<Item name="UNITS">${escapeXml(input.unit)}</Item>`);
  input.bandNames?.forEach((name, k) => items.push(`<Item name="DESCRIPTION" sample="${k}" role="description">${escapeXml(name)}</Item>`));
  if (input.unit !== undefined) input.bands.forEach((_, k) => items.push(`<Item name="UNITTYPE" sample="${k}" role="unittype">${escapeXml(input.unit ?? '')}</Item>`));
  return `<GDALMetadata>${items.join('')}</GDALMetadata>`;
}

/** GeoKeyDirectory (34735), double params (34736) and ASCII params (34737) of the orthographic CRS. */
function geoKeys(origin: RasterGeoOrigin): { directory: number[]; doubles: number[]; ascii: string } {
  const citation = `Local tangent plane (ENU) at lat ${origin.latDeg.toFixed(9)} lon ${origin.lonDeg.toFixed(9)}, WGS 84 Orthographic|`;
  const keys: [number, number, number, number][] = [];
  const doubles: number[] = [];
  const double = (key: number, value: number) => {
    keys.push([key, 34736, 1, doubles.length]);
    doubles.push(value);
  };
  keys.push([GEOKEY.GTModelType, 0, 1, MODEL_TYPE_PROJECTED]);
  keys.push([GEOKEY.GTRasterType, 0, 1, RASTER_PIXEL_IS_AREA]);
  keys.push([GEOKEY.GTCitation, 34737, citation.length, 0]);
  keys.push([GEOKEY.GeographicType, 0, 1, GCS_WGS_84]);
  keys.push([GEOKEY.ProjectedCSType, 0, 1, USER_DEFINED]);
  keys.push([GEOKEY.Projection, 0, 1, USER_DEFINED]);
  keys.push([GEOKEY.ProjCoordTrans, 0, 1, CT_ORTHOGRAPHIC]);
  keys.push([GEOKEY.ProjLinearUnits, 0, 1, LINEAR_METER]);
  double(GEOKEY.ProjNatOriginLong, origin.lonDeg);
  double(GEOKEY.ProjNatOriginLat, origin.latDeg);
  double(GEOKEY.ProjFalseEasting, 0);
  double(GEOKEY.ProjFalseNorthing, 0);
  double(GEOKEY.ProjCenterLong, origin.lonDeg);
  double(GEOKEY.ProjCenterLat, origin.latDeg);
  keys.sort((a, b) => a[0] - b[0]);
  // Header: KeyDirectoryVersion 1, KeyRevision 1, MinorRevision 1 (GeoTIFF 1.1), NumberOfKeys.
  const directory = [1, 1, 1, keys.length, ...keys.flat()];
  return { directory, doubles, ascii: citation };
}

function checkInput(input: GeoTiffInput): void {
  const { cols, rows, cellM } = input.grid;
  if (!(Number.isInteger(cols) && cols > 0 && Number.isInteger(rows) && rows > 0)) throw new Error(`GeoTIFF: grid cols ${cols} and rows ${rows} must be positive integers`);
  if (!(cellM > 0)) throw new Error(`GeoTIFF: grid cellM ${cellM} must be > 0`);
  if (!(Math.abs(input.origin.latDeg) <= 90 && Math.abs(input.origin.lonDeg) <= 180)) throw new Error(`GeoTIFF: origin lat ${input.origin.latDeg}, lon ${input.origin.lonDeg} is not a WGS 84 position`);
  if (input.bands.length === 0) throw new Error('GeoTIFF: at least one band is required');
  input.bands.forEach((b, k) => {
    if (b.length !== cols * rows) throw new Error(`GeoTIFF: band ${k} has ${b.length} values, the grid needs ${cols}×${rows} = ${cols * rows}`);
  });
}

/**
 * Encodes the bands as one GeoTIFF (Float32, one strip per band, PlanarConfiguration 2 when there
 * are several bands). Pixel (0, 0) is the north-west corner at ENU (originX, originY + rows·cellM).
 */
export function encodeGeoTiff(input: GeoTiffInput): Uint8Array {
  checkInput(input);
  const { cols, rows, cellM, originX, originY } = input.grid;
  const nb = input.bands.length;
  const stripBytes = cols * rows * 4;
  const geo = geoKeys(input.origin);
  const entries: TiffEntry[] = [
    { tag: 256, type: TiffType.Long, values: [cols] },
    { tag: 257, type: TiffType.Long, values: [rows] },
    { tag: 258, type: TiffType.Short, values: new Array<number>(nb).fill(32) },
    { tag: 259, type: TiffType.Short, values: [1] },
    { tag: 262, type: TiffType.Short, values: [1] },
    { tag: 273, type: TiffType.Long, values: new Array<number>(nb).fill(0) },
    { tag: 277, type: TiffType.Short, values: [nb] },
    { tag: 278, type: TiffType.Long, values: [rows] },
    { tag: 279, type: TiffType.Long, values: new Array<number>(nb).fill(stripBytes) },
    { tag: 284, type: TiffType.Short, values: [nb > 1 ? 2 : 1] },
    { tag: 339, type: TiffType.Short, values: new Array<number>(nb).fill(3) },
    { tag: 33550, type: TiffType.Double, values: [cellM, cellM, 0] },
    { tag: 33922, type: TiffType.Double, values: [0, 0, 0, originX, originY + rows * cellM, 0] },
    { tag: 34735, type: TiffType.Short, values: geo.directory },
    { tag: 34736, type: TiffType.Double, values: geo.doubles },
    { tag: 34737, type: TiffType.Ascii, values: geo.ascii },
    { tag: 42112, type: TiffType.Ascii, values: gdalMetadata(input) },
    { tag: 42113, type: TiffType.Ascii, values: 'nan' },
  ];
  const valueBytes = (e: TiffEntry) => (typeof e.values === 'string' ? e.values.length + 1 : e.values.length) * TYPE_SIZE[e.type];
  const ifdOffset = 8;
  const ifdSize = 2 + entries.length * 12 + 4;
  let extra = ifdOffset + ifdSize;
  const extraOffset = new Map<TiffEntry, number>();
  for (const e of entries) {
    const size = valueBytes(e);
    if (size > 4) {
      extra += extra & 1;
      extraOffset.set(e, extra);
      extra += size;
    }
  }
  let dataStart = extra + ((8 - (extra % 8)) % 8);
  const stripOffsets = entries.find((e) => e.tag === 273);
  if (stripOffsets !== undefined) stripOffsets.values = Array.from({ length: nb }, (_, k) => dataStart + k * stripBytes);
  const total = dataStart + nb * stripBytes;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 0x4949, true); // "II"
  view.setUint16(2, 42, true);
  view.setUint32(4, ifdOffset, true);
  view.setUint16(ifdOffset, entries.length, true);
  const writeValues = (e: TiffEntry, at: number) => {
    if (typeof e.values === 'string') {
      for (let i = 0; i < e.values.length; i++) {
        const c = e.values.charCodeAt(i);
        bytes[at + i] = c < 0x80 ? c : 0x3f; // '?' for anything outside 7-bit ASCII
      }
      bytes[at + e.values.length] = 0;
      return;
    }
    e.values.forEach((v, i) => {
      if (e.type === TiffType.Short) view.setUint16(at + 2 * i, v, true);
      else if (e.type === TiffType.Long) view.setUint32(at + 4 * i, v, true);
      else view.setFloat64(at + 8 * i, v, true);
    });
  };
  entries.forEach((e, k) => {
    const at = ifdOffset + 2 + 12 * k;
    view.setUint16(at, e.tag, true);
    view.setUint16(at + 2, e.type, true);
    view.setUint32(at + 4, typeof e.values === 'string' ? e.values.length + 1 : e.values.length, true);
    const off = extraOffset.get(e);
    if (off === undefined) writeValues(e, at + 8);
    else {
      view.setUint32(at + 8, off, true);
      writeValues(e, off);
    }
  });
  view.setUint32(ifdOffset + 2 + 12 * entries.length, 0, true);
  for (const band of input.bands) {
    for (let r = 0; r < rows; r++) {
      const src = (rows - 1 - r) * cols;
      for (let c = 0; c < cols; c++) view.setFloat32(dataStart + 4 * (r * cols + c), band[src + c] ?? Number.NaN, true);
    }
    dataStart += stripBytes;
  }
  return bytes;
}

/** One raster result (its values as the single band, its title and legend unit) as a GeoTIFF. */
export function rasterResultToGeoTiff(result: RasterResult, origin: RasterGeoOrigin): Uint8Array {
  return encodeGeoTiff({ grid: result.grid, origin, bands: [result.values], bandNames: [result.id], title: result.title, unit: result.legend.unit });
}
