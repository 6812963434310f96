/**
 * ESRI Shapefile importer (ESRI Shapefile Technical Description, 1998): geometry from .shp,
 * attributes from .dbf (encoding from .cpg, windows-1252 otherwise), CRS from the .prj WKT, read
 * with the `shapefile` package. Polygons → buildings or ground (with G); polylines → roads with
 * flows (attribute-mapping.ts); point layers (e.g. receivers) are skipped with a warning.
 */
import { open } from 'shapefile';
import { crsFromWkt, getCrs } from '../../geo/crs';
import type { ReportCollector } from '../import-report';
import type { CityStaging } from '../table-builders';
import { stageFeatures, type GeoFeature } from './feature-staging';
import { ImportError } from './import-error';

export interface ShapefileParts {
  shp: Uint8Array;
  dbf?: Uint8Array;
  prj?: string;
  cpg?: string;
}

export async function stageShapefile(parts: ShapefileParts, file: string, staging: CityStaging, report: ReportCollector): Promise<void> {
  let crs;
  try {
    if (parts.prj === undefined) {
      report.warn(`${file}: no .prj beside the .shp; coordinates read as WGS84 lon/lat`);
      crs = getCrs('EPSG:4326');
    } else crs = crsFromWkt(parts.prj);
  } catch (error) {
    throw new ImportError([{ file, feature: '.prj', reason: error instanceof Error ? error.message : String(error) }]);
  }
  if (parts.dbf === undefined) report.warn(`${file}: no .dbf beside the .shp; features have no attributes`);
  const features: GeoFeature[] = [];
  try {
    const encoding = parts.cpg?.trim() || 'windows-1252';
    const source = await open(parts.shp, parts.dbf, { encoding: /^(utf-?8|65001)$/i.test(encoding) ? 'utf-8' : encoding });
    for (;;) {
      const r = await source.read();
      if (r.done) break;
      features.push({ properties: r.value.properties as Record<string, unknown>, geometry: r.value.geometry as GeoFeature['geometry'] });
    }
  } catch (error) {
    throw new ImportError([{ file, feature: `record ${features.length}`, reason: `unreadable shapefile (truncated or corrupt): ${error instanceof Error ? error.message : String(error)}` }]);
  }
  const layerName = (file.split(/[\\/]/).pop() ?? file).replace(/\.shp$/i, '');
  stageFeatures(features, staging, report, { file, crs, terrainPoints: /^(dem|terrain)/i.test(layerName), layerName, useFeatureIds: false });
}
