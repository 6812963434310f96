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
 *   --city: not available yet (the map kernel exists in src/sim/noise; the twin import wiring and
 *       raster writer do not).
 */
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { numberOption, parseCommandArgsOrExit, printJson } from '../args';
import { cutProfileFromJson } from '../../sim/noise/cut-profile-json';
import { emissionInputFromCase, type EmissionCaseInputs } from '../../sim/noise/emission-case';
import { computePathAttenuation, createPathAttenuation, type PathAttenuation } from '../../sim/noise/path-attenuation';
import { roadCoefficientSet } from '../../sim/noise/road-coefficients';
import { bandIndex, roadLineEmission } from '../../sim/noise/road-emission';

export const summary = 'CNOSSOS-EU road noise: emission cases, ISO/TR 17534-4 propagation profiles (--emission-case / --propagation-case)';

const USAGE =
  'usage: twin noise --emission-case <file> [--json]\n' +
  '       twin noise --propagation-case <TC id | profile.json> [--reference-dir <dir>] [--lw 93] [--temperature 10] [--humidity 70] [--p 0.5] [--json]';

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
    },
    USAGE,
  );
  if (typeof values === 'number') return values;
  try {
    if (typeof values.city === 'string') {
      process.stderr.write('twin noise: --city is not available yet (noise map kernel exists; city wiring and raster output do not)\n');
      return 2;
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
    process.stderr.write(`one of --emission-case, --propagation-case is required\n${USAGE}\n`);
    return 2;
  } catch (e) {
    process.stderr.write(`twin noise: ${(e as Error).message}\n`);
    return 1;
  }
}
