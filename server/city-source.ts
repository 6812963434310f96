/**
 * The city given on the command line (`npm start -- --city <file or folder>`), resolved into the
 * list of source files the browser fetches and imports in its worker. Reading never throws: a
 * bad path becomes `error` (shown in the UI) and the app falls back to the demo district.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';

/** File names the importers understand (src/twin/import): OSM, GeoJSON, CityJSON, Shapefile. */
export const CITY_FILE_PATTERN = /\.(osm|osm\.gz|osm\.pbf|pbf|geojson|json|city\.json|shp|dbf|prj|cpg|shx)$/i;

/** Folders deeper than this are not searched (a city folder is flat or nearly so). */
const MAX_DEPTH = 3;

export interface CityFile {
  /** Name relative to the city folder, with '/' separators (the URL key). */
  name: string;
  /** Absolute path on disk. */
  path: string;
  sizeBytes: number;
}

export type CitySource =
  | { kind: 'demo'; error?: string }
  | { kind: 'files'; name: string; root: string; files: CityFile[] };

function listFolder(root: string, dir: string, depth: number, out: CityFile[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (depth < MAX_DEPTH) listFolder(root, path, depth + 1, out);
    } else if (entry.isFile() && CITY_FILE_PATTERN.test(entry.name)) {
      out.push({ name: relative(root, path).split(sep).join('/'), path, sizeBytes: statSync(path).size });
    }
  }
}

/** Resolve `--city`; undefined means the demo district. */
export function resolveCitySource(cityPath: string | undefined): CitySource {
  if (cityPath === undefined || cityPath === '') return { kind: 'demo' };
  const path = resolve(cityPath);
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return { kind: 'demo', error: `City path not found: ${path}` };
  }
  if (stats.isFile()) {
    if (!CITY_FILE_PATTERN.test(path)) {
      return { kind: 'demo', error: `Unsupported city file ${path}: expected .osm, .osm.gz, .pbf, .geojson, .json, .city.json or .shp (+ .dbf, .prj)` };
    }
    return { kind: 'files', name: basename(path), root: resolve(path, '..'), files: [{ name: basename(path), path, sizeBytes: stats.size }] };
  }
  if (!stats.isDirectory()) return { kind: 'demo', error: `City path is neither a file nor a folder: ${path}` };
  const files: CityFile[] = [];
  try {
    listFolder(path, path, 0, files);
  } catch (error) {
    return { kind: 'demo', error: `Cannot read city folder ${path}: ${(error as Error).message}` };
  }
  if (files.length === 0) {
    return { kind: 'demo', error: `City folder ${path} holds no supported file (.osm, .osm.gz, .pbf, .geojson, .json, .city.json, .shp)` };
  }
  return { kind: 'files', name: basename(path), root: path, files };
}
