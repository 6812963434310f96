/**
 * `twin solar`: NREL SPA sun position for one instant or a CSV batch, as JSON.
 *
 *   twin solar --lat 39.742476 --lon -105.1786 --time 2003-10-17T12:30:30-07:00 \
 *     [--elevation m] [--pressure hPa] [--temperature °C] [--delta-t s] [--delta-ut1 s]
 *     [--slope deg] [--azimuth-rotation deg] [--atmos-refract deg] [--strict-local-day] --json
 *   twin solar --batch rows.csv [--strict-local-day] --json
 *
 * Pressure is in hPa (= mbar), the unit of the SPA report. The batch CSV header has at least `time`
 * (ISO 8601 with an offset or Z), `lat`, `lon`; optional `elevation` (m), `pressure` (hPa; or
 * `pressure_hpa`, `pressure_mbar`, `pressure_pa`), `temperature` (°C), `delta_t` (s), `slope`,
 * `azimuth_rotation` (deg). Empty optional cells take the defaults. Sunrise/transit/sunset are for
 * the local calendar day of the given time in its UTC offset (SPA Appendix A.2 as published; with
 * --strict-local-day an event that A.2 takes from the neighbouring local day is recomputed so that all
 * three fall in the local date).
 */
import { readFileSync } from 'node:fs';
import { parseCommandArgs, numberOption, printJson } from '../args';
import { deltaTSecondsAt } from '../../sim/solar/delta-t';
import { riseTransitSet } from '../../sim/solar/rise-transit-set';
import { sunPosition, type SolarSite, type SolarTimeOptions } from '../../sim/solar/spa';

export const summary = 'NREL SPA sun position, rise/transit/set (one instant or --batch CSV)';

interface ParsedTime {
  unixS: number;
  utcOffsetMin: number;
}

/** Parses ISO 8601 with an explicit offset or Z; throws naming `what` otherwise. */
export function parseIsoWithOffset(text: string, what: string): ParsedTime {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})$/i.exec(text.trim());
  if (m === null) throw new Error(`${what}: '${text}' is not ISO 8601 with an offset or Z (e.g. 2003-10-17T12:30:30-07:00)`);
  const zone = (m[3] ?? 'Z').toUpperCase();
  let utcOffsetMin = 0;
  if (zone !== 'Z') {
    const digits = zone.replace(':', '');
    utcOffsetMin = (zone.startsWith('-') ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  const ms = Date.parse(`${m[1]}T${m[2]}${zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`);
  if (!Number.isFinite(ms)) throw new Error(`${what}: '${text}' is not a valid date/time`);
  return { unixS: ms / 1000, utcOffsetMin };
}

function iso(unixS: number): string | null {
  return Number.isFinite(unixS) ? new Date(Math.round(unixS * 1000)).toISOString() : null;
}

/** The JSON object printed for one instant. */
export function solarReport(time: ParsedTime, site: SolarSite, opts: SolarTimeOptions, strictLocalDay = false): Record<string, unknown> {
  const deltaTS = opts.deltaTS ?? deltaTSecondsAt(time.unixS);
  const timeOpts: SolarTimeOptions = { deltaTS, deltaUt1S: opts.deltaUt1S ?? 0 };
  const p = sunPosition(time.unixS, site, timeOpts);
  const rts = riseTransitSet(time.unixS, site, timeOpts, time.utcOffsetMin, { strictLocalDay });
  const g = p.geocentric;
  return {
    timeUtc: iso(time.unixS),
    utcOffsetMin: time.utcOffsetMin,
    latDeg: site.latDeg,
    lonDeg: site.lonDeg,
    elevationM: site.elevationM ?? 0,
    pressureHpa: site.pressureHpa ?? 1013.25,
    temperatureC: site.temperatureC ?? 12,
    deltaTS,
    deltaTSource: opts.deltaTS === undefined ? 'Espenak-Meeus polynomials (NASA)' : 'given',
    julianDay: g.jd,
    julianEphemerisDay: g.jde,
    zenithDeg: p.zenithDeg,
    zenithNoRefractionDeg: p.zenithNoRefractionDeg,
    azimuthDeg: p.azimuthDeg,
    elevationDeg: p.elevationDeg,
    elevationNoRefractionDeg: p.elevationNoRefractionDeg,
    refractionDeg: p.refractionDeg,
    incidenceDeg: p.incidenceDeg,
    slopeDeg: site.slopeDeg ?? 0,
    azimuthRotationDeg: site.azimuthRotationDeg ?? 0,
    equationOfTimeMin: p.equationOfTimeMin,
    rightAscensionDeg: g.alphaDeg,
    declinationDeg: g.deltaDeg,
    topocentricRightAscensionDeg: p.alphaPrimeDeg,
    topocentricDeclinationDeg: p.deltaPrimeDeg,
    topocentricHourAngleDeg: p.hourAnglePrimeDeg,
    earthSunDistanceAu: g.rAu,
    sunriseUtc: iso(rts.sunriseUnixS),
    sunTransitUtc: iso(rts.transitUnixS),
    sunsetUtc: iso(rts.sunsetUnixS),
    dayKind: rts.kind,
  };
}

function optionalNumber(value: string | boolean | undefined, name: string): number | undefined {
  return value === undefined ? undefined : numberOption(value, name);
}

const OPTIONS = {
  lat: { type: 'string' },
  lon: { type: 'string' },
  time: { type: 'string' },
  elevation: { type: 'string' },
  pressure: { type: 'string' },
  temperature: { type: 'string' },
  'delta-t': { type: 'string' },
  'delta-ut1': { type: 'string' },
  slope: { type: 'string' },
  'azimuth-rotation': { type: 'string' },
  'atmos-refract': { type: 'string' },
  batch: { type: 'string' },
  'strict-local-day': { type: 'boolean' },
} as const;

function withDefined(site: SolarSite, key: 'elevationM' | 'pressureHpa' | 'temperatureC' | 'slopeDeg' | 'azimuthRotationDeg' | 'atmosRefractDeg', v: number | undefined): void {
  if (v !== undefined) site[key] = v;
}

/** Lets `--lon -105.2` through node:util parseArgs (which would read `-105.2` as a flag) as `--lon=-105.2`. */
function joinNegativeValues(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const next = args[i + 1];
    if (a.startsWith('--') && !a.includes('=') && next !== undefined && /^-\d|^-\.\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(joinNegativeValues(args), OPTIONS);
  if (values.help === true) {
    process.stdout.write(`${summary}\n\ntwin solar --lat deg --lon deg --time ISO [--elevation m --pressure hPa --temperature C --delta-t s --delta-ut1 s --slope deg --azimuth-rotation deg --atmos-refract deg --strict-local-day] --json\ntwin solar --batch file.csv [--strict-local-day] --json\n`);
    return 0;
  }
  if (typeof values.batch === 'string') {
    printJson(solarBatch(readFileSync(values.batch, 'utf8'), values.batch, values['strict-local-day'] === true));
    return 0;
  }
  if (typeof values.time !== 'string') throw new Error('--time is required (ISO 8601 with offset or Z), or --batch <csv>');
  const site: SolarSite = { latDeg: numberOption(values.lat, 'lat'), lonDeg: numberOption(values.lon, 'lon') };
  withDefined(site, 'elevationM', optionalNumber(values.elevation, 'elevation'));
  withDefined(site, 'pressureHpa', optionalNumber(values.pressure, 'pressure'));
  withDefined(site, 'temperatureC', optionalNumber(values.temperature, 'temperature'));
  withDefined(site, 'slopeDeg', optionalNumber(values.slope, 'slope'));
  withDefined(site, 'azimuthRotationDeg', optionalNumber(values['azimuth-rotation'], 'azimuth-rotation'));
  withDefined(site, 'atmosRefractDeg', optionalNumber(values['atmos-refract'], 'atmos-refract'));
  const time: SolarTimeOptions = {};
  const dt = optionalNumber(values['delta-t'], 'delta-t');
  if (dt !== undefined) time.deltaTS = dt;
  const dut1 = optionalNumber(values['delta-ut1'], 'delta-ut1');
  if (dut1 !== undefined) time.deltaUt1S = dut1;
  printJson(solarReport(parseIsoWithOffset(values.time, '--time'), site, time, values['strict-local-day'] === true));
  return 0;
}

/** Splits one CSV line (RFC 4180 quotes allowed, no embedded newlines). */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

/** Pressure columns accepted in a batch header and their factor to hPa. */
const PRESSURE_COLUMNS: Record<string, number> = { pressure: 1, pressure_hpa: 1, pressure_mbar: 1, pressure_pa: 0.01 };

/**
 * Evaluates every row of a batch CSV (see the file comment for the columns), in row order. A
 * malformed row throws an error naming the file, the line and the field.
 */
export function solarBatch(csv: string, fileName: string, strictLocalDay = false): Record<string, unknown>[] {
  const lines = csv.split(/\r?\n/);
  const headerLine = lines[0] ?? '';
  const header = splitCsvLine(headerLine.replace(/^\uFEFF/, '')).map((h) => h.toLowerCase());
  const col = (name: string) => header.indexOf(name);
  for (const required of ['time', 'lat', 'lon']) {
    if (col(required) < 0) throw new Error(`${fileName}: header lacks the required column '${required}' (has: ${header.join(', ')})`);
  }
  const pressureCols = Object.keys(PRESSURE_COLUMNS).filter((c) => col(c) >= 0);
  if (pressureCols.length > 1) throw new Error(`${fileName}: header has several pressure columns (${pressureCols.join(', ')}); keep one`);
  const pressureCol = pressureCols[0];
  const results: Record<string, unknown>[] = [];
  for (let li = 1; li < lines.length; li++) {
    const line = lines[li] ?? '';
    if (line.trim() === '') continue;
    const cells = splitCsvLine(line);
    const where = (field: string) => `${fileName} line ${li + 1} (row ${results.length + 1}), field '${field}'`;
    const text = (field: string): string | undefined => {
      const i = col(field);
      const v = i < 0 ? undefined : cells[i];
      return v === undefined || v === '' ? undefined : v;
    };
    const num = (field: string, required: boolean, check?: (v: number) => string | undefined): number | undefined => {
      const v = text(field);
      if (v === undefined) {
        if (required) throw new Error(`${where(field)}: value is missing`);
        return undefined;
      }
      const n = Number(v);
      if (!Number.isFinite(n)) throw new Error(`${where(field)}: '${v}' is not a number`);
      const problem = check?.(n);
      if (problem !== undefined) throw new Error(`${where(field)}: ${problem}`);
      return n;
    };
    const timeText = text('time');
    if (timeText === undefined) throw new Error(`${where('time')}: value is missing`);
    const time = parseIsoWithOffset(timeText, where('time'));
    const site: SolarSite = {
      latDeg: num('lat', true, (v) => (Math.abs(v) > 90 ? `${v} is outside ±90°` : undefined)) as number,
      lonDeg: num('lon', true, (v) => (Math.abs(v) > 180 ? `${v} is outside ±180°` : undefined)) as number,
    };
    withDefined(site, 'elevationM', num('elevation', false));
    if (pressureCol !== undefined) {
      const factor = PRESSURE_COLUMNS[pressureCol] ?? 1;
      const p = num(pressureCol, false, (v) =>
        v * factor < 0 || v * factor > 5000 ? `${v} is not a plausible pressure in ${pressureCol === 'pressure_pa' ? 'Pa' : 'hPa (mbar); for pascals name the column pressure_pa'}` : undefined,
      );
      withDefined(site, 'pressureHpa', p === undefined ? undefined : p * factor);
    }
    withDefined(site, 'temperatureC', num('temperature', false, (v) => (v <= -273 ? `${v} °C is below absolute zero` : undefined)));
    withDefined(site, 'slopeDeg', num('slope', false));
    withDefined(site, 'azimuthRotationDeg', num('azimuth_rotation', false));
    const opts: SolarTimeOptions = {};
    const dt = num('delta_t', false);
    if (dt !== undefined) opts.deltaTS = dt;
    results.push(solarReport(time, site, opts, strictLocalDay));
  }
  return results;
}
