/**
 * `twin air`: air-quality dispersion for a case file, printed as one JSON object.
 *
 *   twin air --case <file> --json
 *   twin air --city <file|folder|demo> --out <dir> [--grid m] [--json]
 *
 * With --city: NO2, PM10 and PM2.5 maps of the city's road traffic for a fixed weather condition
 * (--wind-speed, --wind-from, --stability; default 3 m/s from 240°, class D) or their day mean
 * (--mode day-mean: the given wind every hour of 21 June, Turner class of each hour from the sun with
 * 4 octas of cloud, each hour with its day/evening/night traffic, binned), with an optional uniform background per species. Writes <out>/air.tif (one
 * Float32 band per pollutant, µg/m³, NaN under buildings; GeoTIFF writer of src/results) and
 * <out>/air-exposure.json (per building: id, residents, most-exposed-facade µg/m³; summary), and
 * prints a table (or the summary as JSON with --json).
 *
 * The case file is either
 * - a CALINE3 card deck (CALINE3.EXP format: JOB, RECEPTOR, RUN, LINK, MET cards; any number of
 *   jobs) → per job, run and met: each receptor's total, ambient and per-link CO in ppm;
 * - a JSON file with `examples: [{ id, input_exp }]` (card decks embedded, as in the reference
 *   caline3_line_source_examples.json) → the same per example id;
 * - a JSON file with `cases: [{ id, inputs }]` of point sources (Q_g_per_s, u_m_per_s,
 *   H_effective_m, stability, sigma, x_m, y_m, z_m[, mixing_height_m]) → µg/m³ per case id.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseCommandArgsOrExit, printJson } from '../args';
import { encodeGeoTiff } from '../../results/raster-export';
import { parseStabilityClass, stabilityLetter, type StabilityClass } from '../../sim/air/stability-class';
import { AIR_MAP_POLLUTANTS, runAirJob, type AirJob, type AirJobResult, type StationSpecies } from '../../sim-workers/air-job';
import { loadCity } from '../../twin/traffic/city-traffic-command';
import { ASSUMED_CLOUD_OCTAS, diurnalWeatherCases } from '../../sim-workers/air-weather';
import { parseCaline3Input } from '../../sim/air/caline3-input';
import { runCaline3Job, type Caline3JobResult } from '../../sim/air/caline3-run';
import { plumeCaseConcentrationUgPerM3, plumeCaseFromInputs } from '../../sim/air/plume-case';

export const summary = 'Gaussian plume / CALINE3 concentrations for a case file (--case <file> --json), or NO2/PM maps of a city (--city … --out dir)';

const USAGE = `usage: twin air --case <CALINE3 card deck | caline3 examples JSON | plume cases JSON> [--json]
       twin air --city <file|folder|demo> --out <dir> [--grid 10] [--mode hourly|day-mean] [--period day|evening|night]
                [--wind-speed 3] [--wind-from 240] [--stability D] [--background-no2 µg/m³] [--background-pm10 …]
                [--background-pm25 …] [--background-o3 …] [--json]`;

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
  if (args.some((a) => a === '--city' || a.startsWith('--city='))) return runCityAir(args);
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

const CITY_OPTIONS = {
  city: { type: 'string' },
  out: { type: 'string' },
  grid: { type: 'string' },
  mode: { type: 'string' },
  period: { type: 'string' },
  'wind-speed': { type: 'string' },
  'wind-from': { type: 'string' },
  stability: { type: 'string' },
  'background-no2': { type: 'string' },
  'background-pm10': { type: 'string' },
  'background-pm25': { type: 'string' },
  'background-o3': { type: 'string' },
  json: { type: 'boolean' },
} as const;

function optionalNumber(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}, got '${value}'`);
  return n;
}

/** `twin air --city …`: runs the air job on a city and writes the rasters and the exposure table. */
export async function runCityAir(args: string[]): Promise<number> {
  const values = parseCommandArgsOrExit(args, CITY_OPTIONS, USAGE);
  if (typeof values === 'number') return values;
  try {
    if (typeof values.city !== 'string') throw new Error('--city is required');
    if (typeof values.out !== 'string') throw new Error('--out <dir> is required with --city');
    const mode = values.mode ?? 'hourly';
    if (mode !== 'hourly' && mode !== 'day-mean') throw new Error(`--mode must be hourly or day-mean, got '${mode}'`);
    const period = values.period ?? 'day';
    if (period !== 'day' && period !== 'evening' && period !== 'night') throw new Error(`--period must be day, evening or night, got '${period}'`);
    const weather = {
      windSpeedMPerS: optionalNumber(values['wind-speed'], 'wind-speed', 1) ?? 3,
      windFromDeg: optionalNumber(values['wind-from'], 'wind-from', 0) ?? 240,
      stability: parseStabilityClass(values.stability ?? 'D', '--stability'),
    };
    const background: Partial<Record<StationSpecies, number>> = {};
    const bg = { NO2: values['background-no2'], PM10: values['background-pm10'], 'PM2.5': values['background-pm25'], O3: values['background-o3'] } as const;
    for (const [species, text] of Object.entries(bg)) {
      const v = optionalNumber(text, `background-${species.toLowerCase().replace('.', '')}`, 0);
      if (v !== undefined) background[species as StationSpecies] = v;
    }
    const city = await loadCity(values.city);
    const base = { cellSizeM: optionalNumber(values.grid, 'grid', 1) ?? 10, flowPeriod: period, background } as const;
    let job: AirJob;
    if (mode === 'hourly') job = { mode: 'hourly', weather, ...base };
    else job = { mode: 'period-mean', weatherCases: diurnalWeatherCases(weather, ASSUMED_CLOUD_OCTAS, city, Math.floor(Date.UTC(2025, 5, 21) / 1000)), ...base };
    const t0 = performance.now();
    const result = runAirJob(city, job);
    const elapsedMs = performance.now() - t0;
    mkdirSync(values.out, { recursive: true });
    const tif = join(values.out, 'air.tif');
    const bands = AIR_MAP_POLLUTANTS.map((p) => result.maps[p]?.values ?? new Float32Array(result.grid.cols * result.grid.rows).fill(NaN));
    writeFileSync(tif, encodeGeoTiff({ grid: result.grid, origin: city.origin, bands, bandNames: [...AIR_MAP_POLLUTANTS], title: `Air quality near roads (${mode})`, unit: 'µg/m³' }));
    const summary = citySummary(result, city.name, mode, weather, elapsedMs, [tif, join(values.out, 'air-exposure.json')]);
    const buildings = city.buildings.id.map((id, b) => ({
      id,
      residents: city.buildings.residents[b] ?? 0,
      ...Object.fromEntries(AIR_MAP_POLLUTANTS.map((p) => [p, round(result.maps[p]?.buildingValues[b] ?? NaN)])),
    }));
    writeFileSync(join(values.out, 'air-exposure.json'), `${JSON.stringify({ ...summary, units: 'µg/m³', buildings }, null, 1)}\n`);
    if (values.json === true) printJson(summary);
    else printTable(summary);
    return 0;
  } catch (e) {
    process.stderr.write(`twin air: ${(e as Error).message}\n`);
    return 1;
  }
}

function round(v: number): number | null {
  return Number.isFinite(v) ? Math.round(v * 1000) / 1000 : null;
}

function citySummary(r: AirJobResult, cityName: string, mode: string, weather: { windSpeedMPerS: number; windFromDeg: number; stability: StabilityClass }, elapsedMs: number, files: string[]) {
  return {
    model: 'CALINE3 + EMEP/EEA Tier 3 (COPERT) speed-dependent emission factors',
    city: cityName,
    mode,
    weather: { ...weather, stability: stabilityLetter(weather.stability) },
    weatherCases: r.weatherCaseCount,
    grid: r.grid,
    elapsedMs: Math.round(elapsedMs),
    co2TonnesPerHour: round(r.co2.totalKgPerH / 1000),
    pollutants: Object.fromEntries(
      AIR_MAP_POLLUTANTS.map((p) => {
        const m = r.maps[p];
        return [p, { meanUgPerM3: round(m?.meanUgPerM3 ?? NaN), maxUgPerM3: round(m?.maxUgPerM3 ?? NaN), populationWeightedUgPerM3: round(m?.populationWeightedUgPerM3 ?? NaN) }];
      }),
    ),
    assumptions: r.assumptions,
    files,
  };
}

function printTable(s: ReturnType<typeof citySummary>): void {
  const lines = [`${s.model} — ${s.city}, ${s.mode}, wind ${s.weather.windSpeedMPerS} m/s from ${s.weather.windFromDeg}°, class ${s.weather.stability}, grid ${s.grid.cellM} m (${s.grid.cols}×${s.grid.rows}), ${s.elapsedMs} ms`];
  lines.push('| pollutant | mean µg/m³ | max µg/m³ | population-weighted µg/m³ |', '| --- | --- | --- | --- |');
  for (const [p, v] of Object.entries(s.pollutants)) lines.push(`| ${p} | ${v.meanUgPerM3 ?? '-'} | ${v.maxUgPerM3 ?? '-'} | ${v.populationWeightedUgPerM3 ?? '-'} |`);
  lines.push(`CO2 from traffic: ${s.co2TonnesPerHour ?? '-'} t/h`, ...s.assumptions.map((a) => `assumed: ${a}`), ...s.files.map((f) => `wrote ${f}`));
  process.stdout.write(`${lines.join('\n')}\n`);
}
