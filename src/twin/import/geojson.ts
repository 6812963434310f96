/**
 * GeoJSON importer (RFC 7946, and the 2008 GeoJSON spec's named `crs` member, which GDAL/QGIS
 * still write for projected files). The CRS is the `crs` member's name, CRS84 when absent.
 * A file is a terrain point set when its name starts with "dem" or "terrain", or when every
 * feature is a Point whose only properties are a height/elevation.
 */
import { getCrs } from '../../geo/crs';
import type { ReportCollector } from '../import-report';
import type { CityStaging } from '../table-builders';
import { stageFeatures, type GeoFeature } from './feature-staging';
import { ImportError } from './import-error';

const HEIGHT_ONLY = new Set(['height', 'z', 'elevation', 'altitude', 'alt', 'h', 'id', 'fid']);

export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ImportError([{ file, reason: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` }]);
  }
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

export function stageGeoJson(json: unknown, file: string, staging: CityStaging, report: ReportCollector): void {
  if (typeof json !== 'object' || json === null) throw new ImportError([{ file, reason: 'not a GeoJSON object' }]);
  const root = json as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } };
  let features: GeoFeature[];
  if (root.type === 'FeatureCollection') {
    if (!Array.isArray(root.features)) throw new ImportError([{ file, reason: 'FeatureCollection without a "features" array' }]);
    features = root.features as GeoFeature[];
  } else if (root.type === 'Feature') features = [root as GeoFeature];
  else if (typeof root.type === 'string' && root.type !== 'GeometryCollection') features = [{ geometry: root as GeoFeature['geometry'] }];
  else throw new ImportError([{ file, reason: `unsupported GeoJSON type "${String(root.type)}"` }]);

  const crsName = root.crs?.properties?.name;
  let crs;
  try {
    crs = getCrs(typeof crsName === 'string' ? crsName : 'CRS84');
  } catch (error) {
    throw new ImportError([{ file, feature: 'crs', reason: error instanceof Error ? error.message : String(error) }]);
  }
  const terrainPoints =
    /^(dem|terrain)/i.test(baseName(file)) ||
    (features.length > 0 &&
      features.every(
        (f) => f?.geometry?.type === 'Point' && Object.keys(f.properties ?? {}).every((k) => HEIGHT_ONLY.has(k.toLowerCase())) && (Object.keys(f.properties ?? {}).some((k) => k.toLowerCase() !== 'id' && k.toLowerCase() !== 'fid') || (Array.isArray(f.geometry.coordinates) && f.geometry.coordinates.length >= 3)),
      ));
  stageFeatures(features, staging, report, { file, crs, terrainPoints, layerName: baseName(file).replace(/\.(geo)?json$/i, ''), useFeatureIds: true });
}
