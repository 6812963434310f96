/**
 * `twin run <scenario.json> [--base <city file or folder>] [--out <dir>] [--json]`: runs a scenario's chain headless (the same
 * src/scenario code the browser runs in a worker) against its baseline (the base city without
 * edits), prints the KPI table and, with --out, writes:
 *   kpis.json                 KPI table (values, changes from the baseline, better/worse), stage timings
 *   edited-features.geojson   added / changed / closed / removed features (WGS 84)
 *   road-flows.geojson        modelled peak-hour flow per road before and after, day flow after
 *   <result>.tif              noise Lden/Lnight, NO2, PM2.5, sun-hours rasters (GeoTIFF), with
 *   baseline-<result>.tif     the baseline's and
 *   diff-<result>.tif         scenario − baseline
 * A scenario file with a schema error or an unknown id is reported at its line and column (exit 2).
 *
 * The base city: "demo" is the generated district (with the file's `seed`). Any other `base` is a
 * city file or folder, looked for (first found wins) relative to the scenario file's folder, then
 * in CITIES_DIR (environment variable) and its immediate sub-folders, so a draft downloaded from
 * the editor (base = the imported file's name, or the folder's) runs when saved beside its data
 * or when the data is in CITIES_DIR. `--base <path>` (or `--base demo`) overrides the file's base. When none is
 * found the command names the places it looked and exits 2.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseCommandArgs, parseCommandArgsOrExit, printJson, type OptionSpec } from '../args';
import { EN } from '../../i18n/en';
import type { CityModel } from '../../twin/city-model';
import { generateDemoDistrict } from '../../twin/demo/index';
import { importCityFiles } from '../../twin/import';
import { readSourcePath } from '../../twin/import/node-files';
import { runScenarioChain, StageCache, type ScenarioRun } from '../../scenario/chain';
import { compareScenarios, formatKpiTable, scenarioKpis } from '../../scenario/kpis';
import { parseScenario, ScenarioFileError } from '../../scenario/load-scenario';
import { differenceRaster, editedFeaturesGeoJson, rasterGeoTiff, roadFlowsGeoJson, scenarioRasters } from '../../scenario/scenario-export';
import type { ScenarioFile } from '../../scenario/scenario-types';

const USAGE = 'usage: twin run <scenario.json> [--base <city file or folder>] [--out <dir>] [--json]';

/** A scenario's base that is neither "demo" nor found on disk; the message says where it looked and what to pass. */
export class BaseNotFoundError extends Error {
  constructor(file: string, base: string, looked: readonly string[]) {
    super(`${file}: base '${base}' is neither "demo" nor a city file or folder found in: ${looked.join(', ')}. Pass the district's city file or folder with --base <path>, save the scenario beside it, or set CITIES_DIR to the folder that holds it.`);
    this.name = 'BaseNotFoundError';
  }
}

/**
 * Where a scenario's base city is: "demo" (the generated district), or the path of its city file or
 * folder. `override` (--base) wins and is read relative to the working folder; else the file's
 * `base`, looked for relative to the scenario file's folder, then in `citiesDir` and its immediate
 * sub-folders (first found wins). Throws BaseNotFoundError naming the places looked.
 */
export function resolveBase(base: string, file: string, override: string | undefined, citiesDir: string | undefined): string {
  const name = override ?? base;
  if (name === 'demo') return 'demo';
  const candidates = override !== undefined ? [resolve(override)] : [resolve(dirname(file), base)];
  const looked = override !== undefined ? [resolve(override)] : [dirname(resolve(file))];
  if (override === undefined && citiesDir !== undefined && citiesDir !== '') {
    if (existsSync(citiesDir)) {
      candidates.push(resolve(citiesDir, base));
      for (const e of readdirSync(citiesDir, { withFileTypes: true })) if (e.isDirectory()) candidates.push(resolve(citiesDir, e.name, base));
      looked.push(`${resolve(citiesDir)} (CITIES_DIR) and its sub-folders`);
    } else looked.push(`${resolve(citiesDir)} (CITIES_DIR, no such folder)`);
  }
  const found = candidates.find((c) => existsSync(c));
  if (found !== undefined) return found;
  throw new BaseNotFoundError(file, name, looked);
}

async function loadBase(scenario: ScenarioFile, where: string): Promise<CityModel> {
  if (where === 'demo') return generateDemoDistrict(scenario.seed === undefined ? {} : { seed: scenario.seed });
  return importCityFiles(await readSourcePath(where));
}

function stageLine(run: ScenarioRun): string {
  return run.stages.map((s) => `${s.stage} ${s.hit ? 'cached' : `${(s.ms / 1000).toFixed(2)} s`}`).join(', ');
}

const OPTIONS = { out: { type: 'string' }, base: { type: 'string' } } satisfies OptionSpec;

export async function run(args: string[]): Promise<number> {
  const values = parseCommandArgsOrExit(args, OPTIONS, USAGE);
  if (typeof values === 'number') return values;
  // The arguments parsed without error above; the same parse names the scenario file (option values are not positionals).
  const [file] = parseCommandArgs(args, OPTIONS).positionals;
  if (file === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const override = values.base;
  let scenario: ScenarioFile;
  let base: CityModel;
  try {
    const unchecked = parseScenario(text, file);
    base = await loadBase(unchecked, resolveBase(unchecked.base, file, override, process.env.CITIES_DIR));
    scenario = parseScenario(text, file, base);
  } catch (e) {
    if (e instanceof ScenarioFileError || e instanceof BaseNotFoundError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const cache = new StageCache();
  let last = -1;
  const control = {
    onProgress: (p: { fraction: number; stage: string }) => {
      const pct = Math.floor(p.fraction * 20) * 5;
      if (values.json !== true && pct !== last) process.stderr.write(`\r${String(pct).padStart(3)} % ${p.stage.slice(0, 60).padEnd(60)}`);
      last = pct;
    },
  };
  const baseline = runScenarioChain(base, { ...scenario, name: `${scenario.name}: baseline`, edits: [] }, { cache, control });
  const result = runScenarioChain(base, scenario, { cache, control });
  if (values.json !== true) process.stderr.write('\n');
  const table = compareScenarios([{ name: 'baseline', kpis: scenarioKpis(baseline) }, { name: scenario.name, kpis: scenarioKpis(result) }]);
  const report = {
    scenario: scenario.name, file, base: override ?? scenario.base, assumptions: result.assumptions, settings: result.settings,
    table, stages: { baseline: baseline.stages, scenario: result.stages },
    warnings: [...(result.traffic?.summary.warnings ?? []), ...(result.noise?.warnings ?? []), ...(result.air?.assumptions ?? [])],
  };
  if (typeof values.out === 'string') {
    const out = values.out;
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'kpis.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(out, 'edited-features.geojson'), JSON.stringify(editedFeaturesGeoJson(base, result)));
    writeFileSync(join(out, 'road-flows.geojson'), JSON.stringify(roadFlowsGeoJson(baseline, result)));
    const short = (id: string) => id.split(':').pop() ?? 'raster';
    const baselineRasters = new Map(scenarioRasters(baseline).map((r) => [short(r.id), r]));
    for (const raster of scenarioRasters(result)) {
      const name = short(raster.id);
      writeFileSync(join(out, `${name}.tif`), rasterGeoTiff(raster, base));
      const before = baselineRasters.get(name);
      if (before === undefined) continue;
      writeFileSync(join(out, `baseline-${name}.tif`), rasterGeoTiff(before, base));
      writeFileSync(join(out, `diff-${name}.tif`), rasterGeoTiff(differenceRaster(raster, before), base));
    }
  }
  if (values.json === true) printJson(report);
  else {
    process.stdout.write(`${scenario.name} (${file})\n\n${formatKpiTable(table, (k) => EN[k])}\n\n`);
    process.stdout.write(`baseline stages: ${stageLine(baseline)}\nscenario stages: ${stageLine(result)}\n`);
    if (typeof values.out === 'string') process.stdout.write(`results written to ${values.out}\n`);
  }
  return 0;
}
