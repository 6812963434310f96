/**
 * `twin noise`: CNOSSOS-EU road traffic noise figures, printed as JSON.
 *
 *   twin noise --emission-case <file> [--json]
 *       A file with `cases: [{ id, inputs }]` (layout of road_emission_cases.json) or one
 *       `{ inputs }` object → Lw' (dB/m) per case in its octave band, with the expected value and
 *       the difference when the case gives one.
 *   twin noise --propagation-case <TC id | profile file> [--reference-dir <dir>] [--lw 93]
 *              [--temperature 10] [--humidity 70] [--p 0.5] [--json]
 *       A 2-D cut profile JSON (ISO/TR 17534-4 layout) → per band A_div, A_atm, A_ground H/F,
 *       Δdif terms, LH, LF, L. With a TC id, every profile of that case listed in the reference
 *       folder's iso17534_4_propagation_expected.json.
 *   twin noise --city <file | folder | demo> [--grid 10] [--out <dir>] [--max-distance 250]
 *              [--source-step 10] [--reflections 0] [--facade-spacing 5] [--json]
 *       The city chain (src/sim-workers/noise-job.ts): Lday, Levening, Lnight, Lden maps and the
 *       residents' exposure table. With --out, writes lden.tif, lnight.tif, lday.tif, levening.tif
 *       (GeoTIFF, Float32, CRS: WGS 84 orthographic centred on the city origin = the ENU plane, see
 *       src/results/raster-export.ts) and exposure.json. Prints the exposure table (JSON with --json).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { numberOption, parseCommandArgsOrExit, printJson } from '../args';
import { cutProfileFromJson } from '../../sim/noise/cut-profile-json';
import { emissionInputFromCase, type EmissionCaseInputs } from '../../sim/noise/emission-case';
import { computePathAttenuation, createPathAttenuation, type PathAttenuation } from '../../sim/noise/path-attenuation';
import { roadCoefficientSet } from '../../sim/noise/road-coefficients';
import { bandIndex, roadLineEmission } from '../../sim/noise/road-emission';
import { encodeGeoTiff } from '../../results/raster-export';
import { runNoiseJob, type NoiseJob } from '../../sim-workers/noise-job';
import { exposureTableText, NOISE_INDICATORS } from '../../sim-workers/noise-results';
import { loadCity } from '../../twin/traffic/city-traffic-command';

export const summary = 'CNOSSOS-EU road noise: city noise maps and exposure (--city), emission cases, ISO/TR 17534-4 propagation profiles';

const USAGE =
  'usage: twin noise --emission-case <file> [--json]\n' +
  '       twin noise --propagation-case <TC id | profile.json> [--reference-dir <dir>] [--lw 93] [--temperature 10] [--humidity 70] [--p 0.5] [--json]\n' +
  '       twin noise --city <file | folder | demo> [--grid 10] [--out <dir>] [--max-distance 250] [--source-step 10] [--reflections 0] [--facade-spacing 5] [--json]';

const DEFAULT_REFERENCE_DIR = '../shared/reference/noise_cnossos';

interface CaseEntry {
  id?: string;
  inputs?: EmissionCaseInputs & { coefficient?: string };
  expected?: number;
}

function emissionReport(path: string): unknown {
  const json = JSON.parse(readFileSync(path, 'utf8')) as { cases?: CaseEntry[] } & CaseEntry;
  const cases: CaseEntry[] = Array.isArray(json.cases) ? json.cases : [json];
  return cases
    .filter((c) => c.inputs?.coefficient === undefined)
    .map((c, i) => {
      const id = c.id ?? `${basename(path)}#${i}`;
      if (c.inputs === undefined) throw new Error(`${id}: field 'inputs' is missing`);
      const set = roadCoefficientSet(c.inputs.coefficient_set);
      const lw = roadLineEmission(set, emissionInputFromCase(c.inputs, id), bandIndex(c.inputs.frequency_Hz));
      return { id, frequencyHz: c.inputs.frequency_Hz, coefficientSet: set.id, lwPerMetreDb: lw, ...(c.expected !== undefined ? { expected: c.expected, difference: lw - c.expected } : {}) };
    });
}

const REPORTED: (keyof PathAttenuation)[] = [
  'ADiv', 'AAtm', 'AGroundH', 'AGroundF', 'DeltaDiffSRH', 'DeltaDiffSRF', 'ADiffH', 'ADiffF', 'ABoundaryH', 'ABoundaryF', 'ARefl', 'LH', 'LF', 'L',
];

function profileReport(file: string, lw: number, temperatureC: number, humidityPercent: number, p: number): unknown {
  const profile = cutProfileFromJson(JSON.parse(readFileSync(file, 'utf8')), file);
  const r = computePathAttenuation(profile, new Array<number>(8).fill(lw), { temperatureC, humidityPercent }, p, createPathAttenuation());
  const bands: Record<string, number[]> = {};
  for (const k of REPORTED) {
    const v = r[k];
    if (v instanceof Float64Array) bands[k] = Array.from(v, (x) => Math.round(x * 100) / 100);
  }
  return { profile: basename(file), kind: profile.kind, curved: profile.curved, ...bands };
}

/** Runs the city chain, writes the GeoTIFFs and exposure.json under `outDir`, prints the table. */
async function cityReport(source: string, job: NoiseJob, outDir: string | undefined, json: boolean): Promise<void> {
  const city = await loadCity(source);
  const started = performance.now();
  const r = runNoiseJob(city, job);
  const seconds = (performance.now() - started) / 1000;
  const files: string[] = [];
  const summaryJson = { city: city.name, origin: city.origin, grid: r.grid, seconds, stats: r.stats, warnings: r.warnings, exposure: r.exposure };
  if (outDir !== undefined) {
    mkdirSync(outDir, { recursive: true });
    for (const ind of NOISE_INDICATORS) {
      const file = join(outDir, `${ind}.tif`);
      writeFileSync(file, encodeGeoTiff({ grid: r.grid, origin: city.origin, bands: [r.maps[ind]], bandNames: [ind], title: `Road traffic noise ${ind} at 4 m, ${city.name}`, unit: 'dB(A)' }));
      files.push(file);
    }
    const exposureFile = join(outDir, 'exposure.json');
    writeFileSync(exposureFile, `${JSON.stringify(summaryJson, null, 2)}\n`);
    files.push(exposureFile);
  }
  if (json) printJson({ ...summaryJson, files });
  else process.stdout.write(`${[`${city.name}: ${r.grid.cols}×${r.grid.rows} cells of ${r.grid.cellM} m, ${r.stats.facadeReceivers} facade receivers, ${seconds.toFixed(1)} s`, ...exposureTableText(r), ...files.map((f) => `wrote ${f}`)].join('\n')}\n`);
}

export async function run(args: string[]): Promise<number> {
  const values = parseCommandArgsOrExit(
    args,
    {
      'emission-case': { type: 'string' },
      'propagation-case': { type: 'string' },
      'reference-dir': { type: 'string' },
      city: { type: 'string' },
      lw: { type: 'string' },
      temperature: { type: 'string' },
      humidity: { type: 'string' },
      p: { type: 'string' },
      grid: { type: 'string' },
      out: { type: 'string' },
      'max-distance': { type: 'string' },
      'source-step': { type: 'string' },
      reflections: { type: 'string' },
      'facade-spacing': { type: 'string' },
    },
    USAGE,
  );
  if (typeof values === 'number') return values;
  try {
    if (typeof values.city === 'string') {
      const opt = (name: 'grid' | 'max-distance' | 'source-step' | 'reflections' | 'facade-spacing') => {
        const v = values[name];
        if (v === undefined) return undefined;
        const n = numberOption(v, name);
        if (!(n >= 0) || (name !== 'reflections' && n === 0)) throw new Error(`--${name} must be ${name === 'reflections' ? '≥ 0' : '> 0'}, got '${v}'`);
        return n;
      };
      const job: NoiseJob = {};
      const grid = opt('grid');
      const maxDistance = opt('max-distance');
      const step = opt('source-step');
      const reflections = opt('reflections');
      const spacing = opt('facade-spacing');
      if (grid !== undefined) job.gridCellM = grid;
      if (maxDistance !== undefined) job.maxDistanceM = maxDistance;
      if (step !== undefined) job.sourceStepM = step;
      if (reflections !== undefined) job.reflectionRadiusM = reflections;
      if (spacing !== undefined) job.facadeSpacingM = spacing;
      await cityReport(values.city, job, typeof values.out === 'string' ? values.out : undefined, values.json === true);
      return 0;
    }
    if (typeof values['emission-case'] === 'string') {
      printJson(emissionReport(values['emission-case']));
      return 0;
    }
    const caseArg = values['propagation-case'];
    if (typeof caseArg === 'string') {
      const lw = values.lw === undefined ? 93 : numberOption(values.lw, 'lw');
      const t = values.temperature === undefined ? 10 : numberOption(values.temperature, 'temperature');
      const rh = values.humidity === undefined ? 70 : numberOption(values.humidity, 'humidity');
      const p = values.p === undefined ? 0.5 : numberOption(values.p, 'p');
      if (/^TC\d+$/i.test(caseArg)) {
        const dir = resolve(typeof values['reference-dir'] === 'string' ? values['reference-dir'] : DEFAULT_REFERENCE_DIR);
        const expected = JSON.parse(readFileSync(join(dir, 'iso17534_4_propagation_expected.json'), 'utf8')) as { cases: Record<string, { cut_profiles: string[] }> };
        const c = expected.cases[caseArg.toUpperCase()];
        if (c === undefined) throw new Error(`case ${caseArg} not found in ${join(dir, 'iso17534_4_propagation_expected.json')}`);
        printJson({ case: caseArg.toUpperCase(), paths: c.cut_profiles.map((name) => profileReport(join(dir, 'propagation_profiles', `${name}.json`), lw, t, rh, p)) });
      } else {
        printJson(profileReport(caseArg, lw, t, rh, p));
      }
      return 0;
    }
    process.stderr.write(`one of --city, --emission-case, --propagation-case is required\n${USAGE}\n`);
    return 2;
  } catch (e) {
    process.stderr.write(`twin noise: ${(e as Error).message}\n`);
    return 1;
  }
}
