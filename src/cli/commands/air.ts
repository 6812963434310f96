/**
 * `twin air`: air-quality dispersion for a case file, printed as one JSON object.
 *
 *   twin air --case <file> --json
 *
 * The case file is either
 * - a CALINE3 card deck (CALINE3.EXP format: JOB, RECEPTOR, RUN, LINK, MET cards; any number of
 *   jobs) → per job, run and met: each receptor's total, ambient and per-link CO in ppm;
 * - a JSON file with `examples: [{ id, input_exp }]` (card decks embedded, as in the reference
 *   caline3_line_source_examples.json) → the same per example id;
 * - a JSON file with `cases: [{ id, inputs }]` of point sources (Q_g_per_s, u_m_per_s,
 *   H_effective_m, stability, sigma, x_m, y_m, z_m[, mixing_height_m]) → µg/m³ per case id.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseCommandArgsOrExit, printJson } from '../args';
import { parseCaline3Input } from '../../sim/air/caline3-input';
import { runCaline3Job, type Caline3JobResult } from '../../sim/air/caline3-run';
import { plumeCaseConcentrationUgPerM3, plumeCaseFromInputs } from '../../sim/air/plume-case';

export const summary = 'Gaussian plume / CALINE3 concentrations for a case file (--case <file> --json)';

const USAGE = 'usage: twin air --case <CALINE3 card deck | caline3 examples JSON | plume cases JSON> [--json]';

/** CALINE3 results with link contributions keyed by link name (or its listing letter when names repeat). */
function caline3Json(results: Caline3JobResult[]): unknown[] {
  return results.map((r) => {
    const unique = new Set(r.links).size === r.links.length;
    const keys = r.links.map((name, i) => (unique && name !== '' ? name : String.fromCharCode(65 + i)));
    return {
      job: r.job,
      run: r.run,
      links: r.links,
      mets: r.mets.map((m) => ({
        met: m.met,
        windSpeedMPerS: m.windSpeedMPerS,
        windFromDeg: m.windFromDeg,
        stability: m.stability,
        mixingHeightM: m.mixingHeightM,
        receptors: m.receptors.map((rc) => ({
          receptor: rc.receptor,
          xM: rc.xM,
          yM: rc.yM,
          zM: rc.zM,
          totalPpm: rc.totalPpm,
          ambientPpm: rc.ambientPpm,
          linkPpm: Object.fromEntries(rc.linkPpm.map((v, i) => [keys[i], v])),
        })),
      })),
    };
  });
}

/** Computes the JSON report of a case file's text. */
export function airReport(text: string, source: string): Record<string, unknown> {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{')) {
    return { model: 'CALINE3', source, units: { concentration: 'ppm CO' }, jobs: caline3Json(parseCaline3Input(text, source).map((j) => runCaline3Job(j))) };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
  const obj = doc as Record<string, unknown>;
  if (Array.isArray(obj.examples)) {
    return {
      model: 'CALINE3',
      source,
      units: { concentration: 'ppm CO' },
      examples: obj.examples.map((ex: unknown, i) => {
        const e = ex as Record<string, unknown>;
        const id = typeof e.id === 'string' ? e.id : `examples[${i}]`;
        if (typeof e.input_exp !== 'string') throw new Error(`${source}: ${id}.input_exp must be the CALINE3 card text`);
        return { id, jobs: caline3Json(parseCaline3Input(e.input_exp, `${source} ${id}`).map((j) => runCaline3Job(j))) };
      }),
    };
  }
  if (Array.isArray(obj.cases)) {
    return {
      model: 'gaussian-plume',
      source,
      units: { concentration: 'µg/m³' },
      cases: obj.cases.map((c: unknown, i) => {
        const e = c as Record<string, unknown>;
        const id = typeof e.id === 'string' ? e.id : `cases[${i}]`;
        if (typeof e.inputs !== 'object' || e.inputs === null) throw new Error(`${source}: ${id}.inputs must be an object`);
        return { id, concentrationUgPerM3: plumeCaseConcentrationUgPerM3(plumeCaseFromInputs(e.inputs as Record<string, unknown>, `${source} ${id}.inputs`)) };
      }),
    };
  }
  throw new Error(`${source}: JSON case file needs "examples" (CALINE3 decks) or "cases" (point sources)`);
}

export async function run(args: string[]): Promise<number> {
  const values = parseCommandArgsOrExit(args, { case: { type: 'string' } }, USAGE);
  if (typeof values === 'number') return values;
  if (typeof values.case !== 'string') {
    process.stderr.write(`--case is required\n${USAGE}\n`);
    return 2;
  }
  try {
    const text = readFileSync(values.case, 'utf8');
    printJson(airReport(text, basename(values.case)));
    return 0;
  } catch (e) {
    process.stderr.write(`twin air: ${(e as Error).message}\n`);
    return 1;
  }
}
