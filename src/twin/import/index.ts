/**
 * Entry point of the city importers (browser and Node; no node: imports here). Every supported
 * file of the input merges into one CityModel: OpenStreetMap (.osm, .osm.gz, .osm.pbf), GeoJSON
 * (.geojson/.json), CityJSON (.city.json or any .json with "type": "CityJSON"), ESRI Shapefile
 * (.shp with .dbf, .prj, .cpg beside it). Origin = centre of the data's bounding box, on the ground.
 */
import { throwIfCancelled, type RunControl } from '../../sim/core/progress';
import { CrsError } from '../../geo/crs';
import type { CityModel } from '../city-model';
import { assembleCity } from '../assemble-city';
import { ReportCollector } from '../import-report';
import { CityStaging } from '../table-builders';
import { stageCityJson } from './cityjson';
import { parseJson, stageGeoJson } from './geojson';
import { ImportError } from './import-error';
import { stageOsm } from './osm-features';
import { readOsmPbf } from './osm-pbf';
import { readOsmXml } from './osm-xml';
import { stageShapefile } from './shapefile';

export { ImportError } from './import-error';

export interface SourceFile {
  name: string;
  bytes: Uint8Array;
}

type Format = 'osm-pbf' | 'osm-xml' | 'osm-gz' | 'json' | 'shp' | 'companion' | 'unsupported';

const COMPANIONS = /\.(dbf|prj|shx|cpg|sbn|sbx|qix|qmd|xml)$/i;

export function detectFormat(name: string): Format {
  const n = name.toLowerCase();
  if (n.endsWith('.pbf')) return 'osm-pbf';
  if (n.endsWith('.osm.gz')) return 'osm-gz';
  if (n.endsWith('.osm')) return 'osm-xml';
  if (n.endsWith('.json') || n.endsWith('.geojson')) return 'json';
  if (n.endsWith('.shp')) return 'shp';
  if (COMPANIONS.test(n)) return 'companion';
  return 'unsupported';
}

function stem(name: string): string {
  return name.replace(/\.[^./\\]+$/, '').toLowerCase();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function importCityFiles(files: SourceFile[], options: { control?: RunControl; name?: string } = {}): Promise<CityModel> {
  const started = performance.now();
  const control = options.control;
  const staging = new CityStaging();
  const report = new ReportCollector();
  if (files.length === 0) throw new ImportError([{ file: '(none)', reason: 'no files to import' }]);
  const byStem = new Map<string, SourceFile>();
  for (const f of files) byStem.set(f.name.toLowerCase(), f);
  const companion = (shp: string, ext: string) => byStem.get(`${stem(shp)}.${ext}`);
  const decoder = new TextDecoder('utf-8');
  const imported: string[] = [];
  const unsupported: string[] = [];

  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    if (!file) continue;
    throwIfCancelled(control, 'import');
    const fileControl: RunControl = {
      ...(control?.signal ? { signal: control.signal } : {}),
      onProgress: (p) => control?.onProgress?.({ fraction: (0.9 * (i + p.fraction)) / files.length, stage: `${file.name}: ${p.stage}` }),
    };
    control?.onProgress?.({ fraction: (0.9 * i) / files.length, stage: `reading ${file.name}` });
    const format = detectFormat(file.name);
    try {
      switch (format) {
        case 'osm-pbf':
          stageOsm(readOsmPbf(file.bytes, fileControl), file.name, staging, report);
          break;
        case 'osm-xml':
        case 'osm-gz':
          stageOsm(readOsmXml(file.bytes, format === 'osm-gz', fileControl), file.name, staging, report);
          break;
        case 'json': {
          const json = parseJson(decoder.decode(file.bytes), file.name);
          if ((json as { type?: unknown } | null)?.type === 'CityJSON') stageCityJson(json, file.name, staging, report);
          else stageGeoJson(json, file.name, staging, report);
          break;
        }
        case 'shp': {
          const dbf = companion(file.name, 'dbf')?.bytes;
          const prj = companion(file.name, 'prj')?.bytes;
          const cpg = companion(file.name, 'cpg')?.bytes;
          await stageShapefile(
            { shp: file.bytes, ...(dbf ? { dbf } : {}), ...(prj ? { prj: decoder.decode(prj) } : {}), ...(cpg ? { cpg: decoder.decode(cpg) } : {}) },
            file.name, staging, report,
          );
          break;
        }
        case 'companion':
          continue;
        case 'unsupported':
          unsupported.push(file.name);
          continue;
      }
      imported.push(file.name);
    } catch (error) {
      if (error instanceof ImportError || (error instanceof Error && error.name === 'CancelledError')) throw error;
      const feature = error instanceof CrsError ? 'crs' : undefined;
      throw new ImportError([{ file: file.name, ...(feature ? { feature } : {}), reason: describe(error) }]);
    }
  }
  if (imported.length === 0) {
    throw new ImportError(unsupported.map((file) => ({ file, reason: 'unsupported file type (expected .osm, .osm.gz, .osm.pbf, .geojson/.json, .city.json or .shp)' })));
  }
  for (const file of unsupported) report.warn(`${file}: unsupported file type, ignored`);
  const s = staging;
  const total = s.buildings.count + s.roads.count + s.trees.count + s.ground.count + s.lines.count + (s.terrain.pointCount >= 3 ? 1 : 0);
  if (total === 0) {
    throw new ImportError(report.skipped.length > 0 ? report.skipped : imported.map((file) => ({ file, reason: 'no buildings, roads, trees, ground or terrain found' })));
  }
  control?.onProgress?.({ fraction: 0.92, stage: 'projecting and seating on terrain' });
  throwIfCancelled(control, 'import');
  const model = assembleCity(staging, report, {
    name: options.name ?? (imported.length === 1 ? stem(imported[0] ?? 'city').replace(/\.(osm|city)$/, '') : 'imported district'),
    sources: imported,
    startedMs: started,
    nowMs: () => performance.now(),
  });
  control?.onProgress?.({ fraction: 1, stage: 'done' });
  return model;
}
