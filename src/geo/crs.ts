/**
 * Registry of coordinate reference systems on proj4, and recognition of the ways files name them:
 * GeoJSON `crs` members (urn:ogc:def:crs:EPSG::2056, EPSG:2056, CRS84), CityJSON
 * `metadata.referenceSystem` (https://www.opengis.net/def/crs/EPSG/0/7415 or the urn form), and
 * shapefile .prj WKT (AUTHORITY, the PROJCS name, or any WKT proj4 can parse).
 *
 * Only the horizontal position is transformed; heights are passed through in the source's vertical
 * datum (a compound CRS such as EPSG:7415 maps onto its horizontal part). Geographic CRSs are
 * read in longitude, latitude order, as GeoJSON (RFC 7946 §3.1.1) and shapefiles store them.
 */
import proj4 from 'proj4';
import { builtinCrsDefinitions, COMPOUND_HORIZONTAL, WKT_NAME_TO_EPSG } from './crs-definitions';

/** An unknown or unusable CRS; the message names it and how to add it. */
export class CrsError extends Error {
  constructor(
    readonly crsName: string,
    detail = 'is not a known coordinate reference system',
  ) {
    super(
      `CRS "${crsName}" ${detail}. Add its proj4 definition with registerCrs('${crsName}', '+proj=…') ` +
        `or on the command line with twin import … --crs-def ${crsName}='+proj=…' (definitions: https://epsg.io).`,
    );
    this.name = 'CrsError';
  }
}

/** A source CRS able to map its coordinates to and from WGS84 lon/lat (degrees). */
export interface Crs {
  /** Canonical code ("EPSG:2154") or "WKT:<name>" for a .prj proj4 parsed itself. */
  readonly code: string;
  /** True for longitude/latitude CRSs (degrees). */
  readonly geographic: boolean;
  /** Source (x, y) → WGS84 (lon°, lat°) in out[0..1]. */
  toLonLat<T extends Float64Array | number[]>(x: number, y: number, out: T): T;
  /** WGS84 (lon°, lat°) → source (x, y) in out[0..1]. */
  fromLonLat<T extends Float64Array | number[]>(lonDeg: number, latDeg: number, out: T): T;
}

const registry = builtinCrsDefinitions();
const cache = new Map<string, Crs>();
const WGS84 = '+proj=longlat +datum=WGS84 +no_defs';

/** Adds (or replaces) a CRS: `code` such as "EPSG:5514" (a bare number means EPSG), `definition` a proj4 string or WKT. */
export function registerCrs(code: string, definition: string): void {
  const key = canonicalCode(code) ?? code.trim();
  try {
    proj4(definition, WGS84);
  } catch (error) {
    throw new CrsError(key, `has a definition proj4 cannot parse (${error instanceof Error ? error.message : String(error)})`);
  }
  registry.set(key, definition);
  cache.delete(key);
}

/** The codes the registry knows (built-in and registered). */
export function knownCrsCodes(): string[] {
  return [...registry.keys(), ...COMPOUND_HORIZONTAL.keys()];
}

/**
 * Normalises any of the usual spellings to "EPSG:n" (compound urns to "EPSG:h+v"), CRS84 to
 * "EPSG:4326"; undefined when the string is not such a name.
 */
export function canonicalCode(name: string): string | undefined {
  const s = name.trim();
  if (/^(urn:ogc:def:crs:ogc:(1\.3)?:crs84|(ogc:)?crs84|https?:\/\/www\.opengis\.net\/def\/crs\/ogc\/1\.3\/crs84)$/i.test(s)) return 'EPSG:4326';
  const compound = /^urn:ogc:def:crs,crs:epsg:[\d.]*:(\d+),crs:epsg:[\d.]*:(\d+)$/i.exec(s);
  if (compound) return `EPSG:${compound[1]}+${compound[2]}`;
  const m =
    /^epsg:{1,2}(\d+)$/i.exec(s) ??
    /^urn:ogc:def:crs:epsg:[\d.]*:(\d+)$/i.exec(s) ??
    /^https?:\/\/www\.opengis\.net\/def\/crs\/epsg\/[\d.]+\/(\d+)$/i.exec(s) ??
    /^(\d+)$/.exec(s);
  return m ? `EPSG:${m[1]}` : undefined;
}

/** The CRS named by `name` (any spelling canonicalCode accepts, or a registered custom key); CrsError if unknown. */
export function getCrs(name: string): Crs {
  const code = canonicalCode(name) ?? name.trim();
  const cached = cache.get(code);
  if (cached) return cached;
  let definition = registry.get(code);
  if (definition === undefined) {
    const horizontal = COMPOUND_HORIZONTAL.get(code) ?? (code.includes('+') ? code.split('+')[0] : undefined);
    if (horizontal !== undefined) definition = registry.get(horizontal);
  }
  if (definition === undefined) throw new CrsError(code);
  const crs = makeCrs(code, definition);
  cache.set(code, crs);
  return crs;
}

/**
 * The CRS of a shapefile .prj (OGC or ESRI WKT 1): the EPSG AUTHORITY of the outermost CS, else a
 * known PROJCS/GEOGCS name (UTM names by zone), else proj4's own WKT parser.
 */
export function crsFromWkt(wkt: string): Crs {
  const text = wkt.trim();
  const authority = /AUTHORITY\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(text);
  if (authority && registry.has(`EPSG:${authority[1]}`)) return getCrs(`EPSG:${authority[1]}`);
  const nameMatch = /^\s*(?:PROJCS|GEOGCS|PROJCRS|GEOGCRS|COMPD_CS)\s*\[\s*"([^"]*)"/i.exec(text);
  const label = nameMatch?.[1] ?? '';
  const key = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  const byName = WKT_NAME_TO_EPSG.get(key) ?? utmCodeFromName(key);
  if (byName !== undefined) return getCrs(byName);
  const cacheKey = `WKT:${label || text.slice(0, 60)}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  try {
    const crs = makeCrs(cacheKey, text);
    cache.set(cacheKey, crs);
    return crs;
  } catch {
    throw new CrsError(authority ? `EPSG:${authority[1]}` : label || 'WKT in .prj', 'is not a known coordinate reference system and its WKT could not be parsed');
  }
}

function utmCodeFromName(key: string): string | undefined {
  const m = /^(wgs_1984|wgs_84|etrs_1989|etrs89)_utm_zone_(\d{1,2})([ns])$/.exec(key);
  if (!m) return undefined;
  const zone = Number(m[2]);
  if (m[1]?.startsWith('etrs')) return m[3] === 'n' && zone >= 28 && zone <= 38 ? `EPSG:${25800 + zone}` : undefined;
  return `EPSG:${(m[3] === 'n' ? 32600 : 32700) + zone}`;
}

function makeCrs(code: string, definition: string): Crs {
  let converter: proj4.Converter;
  try {
    converter = proj4(definition, WGS84);
  } catch (error) {
    throw new CrsError(code, `has a definition proj4 cannot parse (${error instanceof Error ? error.message : String(error)})`);
  }
  const geographic = /\+proj=longlat\b/.test(definition) || /^\s*GEOG(CS|CRS)\[/i.test(definition);
  const identity = code === 'EPSG:4326' || code === 'EPSG:4979';
  const pair = [0, 0];
  /** One proj4 conversion of (a, b) into out; the identity for WGS 84 itself. */
  const convert = <T extends Float64Array | number[]>(project: (p: number[]) => number[], a: number, b: number, out: T): T => {
    if (identity) {
      out[0] = a;
      out[1] = b;
      return out;
    }
    pair[0] = a;
    pair[1] = b;
    const r = project(pair);
    out[0] = r[0] ?? NaN;
    out[1] = r[1] ?? NaN;
    return out;
  };
  const forward = (p: number[]): number[] => converter.forward(p);
  const inverse = (p: number[]): number[] => converter.inverse(p);
  return {
    code,
    geographic,
    toLonLat: (x, y, out) => convert(forward, x, y, out),
    fromLonLat: (lonDeg, latDeg, out) => convert(inverse, lonDeg, latDeg, out),
  };
}
