/**
 * `twin import <file or folder> [--crs-def CODE=proj4] [--name NAME] [--json]`: runs the city
 * importers headless and prints the import report (CRS, origin, counts, height statistics,
 * defaulted values, skipped features). Exit code 1 when nothing could be imported.
 */
import { registerCrs } from '../../geo/crs';
import { ImportError, importCityFiles } from '../../twin/import/index';
import { readSourcePath } from '../../twin/import/node-files';
import { basename } from 'node:path';
import { parseCommandArgs, printJson } from '../args';

const USAGE = 'usage: twin import <file or folder> [--crs-def CODE=proj4string]… [--name NAME] [--json]';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { 'crs-def': { type: 'string', multiple: true }, name: { type: 'string' } });
  if (values.help === true || positionals.length !== 1) {
    process.stdout.write(`${USAGE}\n`);
    return values.help === true ? 0 : 2;
  }
  const path = positionals[0] ?? '';
  const json = values.json === true;
  try {
    for (const def of values['crs-def'] ?? []) {
      const eq = def.indexOf('=');
      if (eq <= 0) throw new Error(`--crs-def must be CODE=definition, got '${def}'`);
      registerCrs(def.slice(0, eq), def.slice(eq + 1));
    }
    const files = await readSourcePath(path);
    const name = typeof values.name === 'string' ? values.name : basename(path).replace(/\.(osm\.pbf|osm\.gz|osm|city\.json|geojson|json|shp)$/i, '');
    const model = await importCityFiles(files, { name });
    const report = model.report;
    if (json) printJson({ ok: true, name: model.name, attribution: model.attribution, ...report });
    else if (report) {
      const c = report.counts;
      const h = report.heightStats;
      process.stdout.write(
        [
          `${model.name}: ${report.sources.length} file(s), CRS ${report.crs}`,
          `origin ${report.origin.lonDeg.toFixed(6)}°, ${report.origin.latDeg.toFixed(6)}°, ${report.origin.heightM.toFixed(2)} m`,
          `buildings ${c.buildings}, roads ${c.roads}, trees ${c.trees}, terrain cells ${c.terrainCells}, ground polygons ${c.ground}`,
          h ? `building height m: min ${h.min.toFixed(1)}, median ${h.median.toFixed(1)}, mean ${h.mean.toFixed(1)}, max ${h.max.toFixed(1)}` : 'no buildings',
          `defaulted: ${Object.entries(report.defaulted).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
          `skipped ${report.skipped.length} feature(s)${report.skipped.length > 0 ? ` (first: ${report.skipped[0]?.file} ${report.skipped[0]?.feature ?? ''}: ${report.skipped[0]?.reason})` : ''}`,
          ...report.warnings.map((w) => `warning: ${w}`),
          `${report.durationMs.toFixed(0)} ms`,
        ].join('\n') + '\n',
      );
    }
    return 0;
  } catch (error) {
    const issues = error instanceof ImportError ? error.issues : [{ file: path, reason: error instanceof Error ? error.message : String(error) }];
    if (json) printJson({ ok: false, issues });
    else process.stderr.write(`import failed:\n${issues.map((i) => `  ${i.file}${i.feature === undefined ? '' : ` [${i.feature}]`}: ${i.reason}`).join('\n')}\n`);
    return 1;
  }
}
