/**
 * Display rules of live sensors (issue 5), pure: which value of each Smart Data Model is the
 * marker's main value, in which unit it is shown, its legend (colour per value through
 * compileLegend, the one value → colour mapping of src/results), the range of physically possible
 * values, and what is wrong with a reading. The marker layer, the sensors panel, the detail panel
 * and the replay all use these rules, so a marker and its legend never disagree.
 *
 * Scales:
 * - AirQualityObserved: European Air Quality Index bands (EEA, 2021 revision; hourly µg/m³):
 *   NO2 40/90/120/230/340, PM10 20/40/50/100/150, PM2.5 10/20/25/50/75, with the EAQI colours.
 * - NoiseLevelObserved: LAeq on the 5-dB noise-map classes of src/sim/noise/noise-classes.ts.
 * - TrafficFlowObserved: intensity (vehicles counted in the observation period, read as veh/h) on a
 *   green → red ramp 0–2 000 veh/h (about a busy two-lane urban road's capacity, HCM 2010 ch. 16).
 * - WeatherObserved: air temperature °C on a blue → red ramp −10…35 °C.
 * - ParkingSpot / OnStreetParking: occupancy % (OnStreetParking `occupancy` fraction, else
 *   1 − availableSpotNumber / totalSpotNumber; ParkingSpot `status` occupied/free).
 * - Streetlight: `powerState` on / low / off (else `illuminanceLevel` fraction).
 * - WasteContainer: `fillingLevel` fraction shown as %.
 */
import { compileLegend, type LegendColours } from '../results/colour-scale';
import type { ResultLegend } from '../results/result-types';
import { NOISE_CLASSES } from '../sim/noise/noise-classes';
import { formatNumber, t, type MessageKey } from '../i18n';
import { UNIT_SYMBOLS } from '../ngsi';
import { PHYSICAL_RANGES } from '../app/live-entity';
import { convertUnit } from '../app/unit-codes';
import { KIND_ATTRIBUTES, KIND_OF_TYPE, type SensorKind } from '../app/sensor-kinds';
import type { ReadingHistory, ReadingProblem, Sensor, SensorReading } from '../state/sensors-store';

// The kinds and their attributes live below both layers (src/app/sensor-kinds); views keep importing them from here.
export { KIND_OF_TYPE, SENSOR_KINDS, type SensorKind } from '../app/sensor-kinds';

/** Colour of a marker whose reading has a problem, and of one with no value yet. */
export const PROBLEM_COLOUR = '#8a8a8a';
export const NO_VALUE_COLOUR = '#c4c9cf';

const EAQI_COLOURS = ['#50f0e6', '#50ccaa', '#f0e641', '#ff5050', '#960032', '#7d2181'] as const;
const EAQI_LABELS: readonly MessageKey[] = ['sensors.aqi.good', 'sensors.aqi.fair', 'sensors.aqi.moderate', 'sensors.aqi.poor', 'sensors.aqi.veryPoor', 'sensors.aqi.extremelyPoor'];
/** EAQI band limits per pollutant, µg/m³ (upper bounds of the first five bands; the last is open). */
const EAQI_BANDS: Readonly<Record<string, readonly number[]>> = {
  no2: [40, 90, 120, 230, 340],
  pm10: [20, 40, 50, 100, 150],
  pm25: [10, 20, 25, 50, 75],
};

function eaqiLegend(pollutant: string): ResultLegend {
  const limits = EAQI_BANDS[pollutant] ?? [];
  return {
    kind: 'classes',
    unit: 'µg/m³',
    classes: EAQI_COLOURS.map((colour, k) => {
      const from = k === 0 ? 0 : (limits[k - 1] ?? 0);
      const to = k < limits.length ? (limits[k] ?? 0) : Number.POSITIVE_INFINITY;
      const range = Number.isFinite(to) ? `${from}–${to}` : `≥ ${from}`;
      return { from, to, colour, label: `${t(EAQI_LABELS[k] ?? 'sensors.aqi.good')} (${range})` };
    }),
  };
}

const NOISE_LEGEND: ResultLegend = {
  kind: 'classes',
  unit: 'dB(A)',
  classes: NOISE_CLASSES.map((c, k) => ({ from: c.fromDb, to: NOISE_CLASSES[k + 1]?.fromDb ?? Number.POSITIVE_INFINITY, colour: c.colour, label: c.label })),
};

const PERCENT_CLASSES = (labels: readonly [MessageKey, MessageKey, MessageKey, MessageKey]): ResultLegend => ({
  kind: 'classes',
  unit: '%',
  classes: [
    { from: 0, to: 50, colour: '#1a9850', label: t(labels[0]) },
    { from: 50, to: 80, colour: '#d9ef8b', label: t(labels[1]) },
    { from: 80, to: 95, colour: '#fc8d59', label: t(labels[2]) },
    { from: 95, to: Number.POSITIVE_INFINITY, colour: '#d73027', label: t(labels[3]) },
  ],
});

interface KindRule {
  /** Attributes offered as the main value, first present wins. */
  mainAttributes: readonly string[];
  /** Attributes drawn on the detail chart (main values of the model). */
  chartAttributes: readonly string[];
  /** Unit symbol of the displayed main value. */
  unit: string;
  /** UN/CEFACT code of the displayed number (absent: a count); readings are converted to it. */
  unitCode?: string;
  /**
   * Displayed values outside [min, max] are impossible (flagged, not coloured): the main attribute's
   * range in the live feed's PHYSICAL_RANGES (src/app/live-entity, the one table), in `unitCode`.
   */
  range: readonly [number, number];
  /** Glyph of the marker's shape for legends and lists. */
  glyph: string;
  legend(attribute: string): ResultLegend;
}

/** [min, max] of an attribute in the feed's PHYSICAL_RANGES, converted to the displayed unit `unitCode` (P1: fraction → %). */
function physicalRange(attribute: string, unitCode?: string): readonly [number, number] {
  const range = PHYSICAL_RANGES[attribute];
  if (range === undefined) throw new Error(`sensor-display: '${attribute}' has no entry in PHYSICAL_RANGES (src/app/live-entity.ts)`);
  const min = convertUnit(range[0], range[2], unitCode);
  const max = convertUnit(range[1], range[2], unitCode);
  if (min === undefined || max === undefined) throw new Error(`sensor-display: the range of '${attribute}' (${range[2] ?? 'a count'}) cannot be shown in ${unitCode ?? 'a count'}`);
  return [min, max];
}

const RULES: Readonly<Record<SensorKind, KindRule>> = {
  air: { mainAttributes: KIND_ATTRIBUTES.air.main, chartAttributes: KIND_ATTRIBUTES.air.chart, unit: 'µg/m³', unitCode: 'GQ', range: physicalRange('no2', 'GQ'), glyph: '●', legend: (a) => eaqiLegend(a in EAQI_BANDS ? a : 'no2') },
  noise: { mainAttributes: KIND_ATTRIBUTES.noise.main, chartAttributes: KIND_ATTRIBUTES.noise.chart, unit: 'dB(A)', unitCode: '2N', range: physicalRange('LAeq', '2N'), glyph: '◆', legend: () => NOISE_LEGEND },
  traffic: {
    mainAttributes: KIND_ATTRIBUTES.traffic.main,
    chartAttributes: KIND_ATTRIBUTES.traffic.chart,
    unit: 'veh/h',
    range: physicalRange('intensity'),
    glyph: '■',
    legend: () => ({ kind: 'ramp', unit: 'veh/h', min: 0, max: 2000, colours: ['#1a9850', '#fee08b', '#d73027'] }),
  },
  weather: {
    mainAttributes: KIND_ATTRIBUTES.weather.main,
    chartAttributes: KIND_ATTRIBUTES.weather.chart,
    unit: '°C',
    unitCode: 'CEL',
    range: physicalRange('temperature', 'CEL'),
    glyph: '▲',
    legend: () => ({ kind: 'ramp', unit: '°C', min: -10, max: 35, colours: ['#313695', '#74add1', '#ffffbf', '#f46d43', '#a50026'] }),
  },
  parking: {
    mainAttributes: KIND_ATTRIBUTES.parking.main,
    chartAttributes: KIND_ATTRIBUTES.parking.chart,
    unit: '%',
    unitCode: 'P1',
    range: physicalRange('occupancy', 'P1'),
    glyph: '▬',
    legend: () => PERCENT_CLASSES(['sensors.level.low', 'sensors.level.busy', 'sensors.level.nearlyFull', 'sensors.level.full']),
  },
  light: {
    mainAttributes: KIND_ATTRIBUTES.light.main,
    chartAttributes: KIND_ATTRIBUTES.light.chart,
    unit: '',
    unitCode: 'P1',
    range: physicalRange('illuminanceLevel', 'P1'),
    glyph: '▼',
    legend: () => ({
      kind: 'classes',
      unit: t('sensors.unit.state'),
      classes: [
        { from: 0, to: 25, colour: '#3b4a6b', label: t('sensors.light.off') },
        { from: 25, to: 75, colour: '#c9a227', label: t('sensors.light.low') },
        { from: 75, to: Number.POSITIVE_INFINITY, colour: '#ffd23f', label: t('sensors.light.on') },
      ],
    }),
  },
  waste: {
    mainAttributes: KIND_ATTRIBUTES.waste.main,
    chartAttributes: KIND_ATTRIBUTES.waste.chart,
    unit: '%',
    unitCode: 'P1',
    range: physicalRange('fillingLevel', 'P1'),
    glyph: '▮',
    legend: () => PERCENT_CLASSES(['sensors.level.low', 'sensors.level.half', 'sensors.level.nearlyFull', 'sensors.level.full']),
  },
};

export function kindRule(kind: SensorKind): Readonly<KindRule> {
  return RULES[kind];
}

/** The legend shown for a kind (its first main attribute's). */
export function kindLegend(kind: SensorKind): ResultLegend {
  const rule = RULES[kind];
  return rule.legend(rule.mainAttributes[0] ?? '');
}

const compiled = new Map<string, LegendColours>();
function coloursOf(kind: SensorKind, attribute: string): LegendColours {
  const key = `${kind}:${attribute}`;
  let c = compiled.get(key);
  if (c === undefined) {
    c = compileLegend(RULES[kind].legend(attribute));
    compiled.set(key, c);
  }
  return c;
}

/** Reads one reading (current, or the replayed value at an instant) by attribute name. */
export type ReadingLookup = (attribute: string) => SensorReading | undefined;

/**
 * A numeric reading in the UN/CEFACT unit `toCode`: from its `unitCode`, else from the unit its
 * attribute's range is stated in (the models' implicit unit, e.g. C62 fractions for occupancy and
 * levels); NaN when it is not a number or its unit cannot be converted (src/app/unit-codes).
 */
function inUnit(reading: SensorReading, toCode: string | undefined): number {
  const v = reading.value;
  if (typeof v !== 'number') return Number.NaN;
  return convertUnit(v, reading.unitCode ?? PHYSICAL_RANGES[reading.attribute]?.[2], toCode) ?? Number.NaN;
}

/** Whether a numeric reading's unit can be shown in `toCode` (a non-number has no unit to convert). */
function unitConvertible(reading: SensorReading, toCode: string | undefined): boolean {
  return typeof reading.value !== 'number' || Number.isNaN(reading.value) || convertUnit(0, reading.unitCode ?? PHYSICAL_RANGES[reading.attribute]?.[2], toCode) !== undefined;
}

const POWER_STATE: Readonly<Record<string, number>> = { on: 100, bootingUp: 50, low: 50, off: 0 };
const SPOT_STATUS: Readonly<Record<string, number>> = { occupied: 100, free: 0 };

/**
 * A reading's value as the number shown for its kind, in the kind's unit (fractions as %, °F as °C,
 * states as 0/50/100); NaN when it cannot be one (not a number, or a unit that cannot be converted).
 */
export function displayNumber(kind: SensorKind, reading: SensorReading, get: ReadingLookup): number {
  const v = reading.value;
  switch (reading.attribute) {
    case 'occupancy':
    case 'fillingLevel':
    case 'illuminanceLevel':
      return inUnit(reading, 'P1');
    case 'availableSpotNumber': {
      const total = get('totalSpotNumber')?.value;
      return typeof v === 'number' && typeof total === 'number' && total > 0 ? 100 * (1 - v / total) : Number.NaN;
    }
    case 'powerState':
      return typeof v === 'string' ? (POWER_STATE[v] ?? Number.NaN) : Number.NaN;
    case 'status':
      return kind === 'parking' && typeof v === 'string' ? (SPOT_STATUS[v] ?? Number.NaN) : Number.NaN;
    default:
      return inUnit(reading, RULES[kind].unitCode);
  }
}

export interface MainValue {
  attribute: string;
  /** Displayed number (in `unit`), NaN when the reading is not usable. */
  value: number;
  unit: string;
  observedAtMs?: number;
  /** Reading problem (the feed's, else found here: not a number / outside the possible range). */
  problem?: ReadingProblem;
  /**
   * The reading's unit is not one the display converts (src/app/unit-codes): `value` is the number
   * as given and `unit` the unit as given; it is not judged on range and takes no legend colour.
   */
  unitAsGiven?: true;
}

/** The main value of a sensor of `kind` from its readings, or null when it has none of the main attributes. */
export function mainValue(kind: SensorKind, get: ReadingLookup): MainValue | null {
  const rule = RULES[kind];
  for (const attribute of rule.mainAttributes) {
    const reading = get(attribute);
    if (reading === undefined) continue;
    const observed = reading.observedAtMs === undefined ? {} : { observedAtMs: reading.observedAtMs };
    if (!unitConvertible(reading, rule.unitCode) && typeof reading.value === 'number') {
      const unit = reading.unitCode === undefined ? '' : (UNIT_SYMBOLS[reading.unitCode] ?? reading.unitCode);
      return { attribute, value: reading.value, unit, unitAsGiven: true, ...observed, ...(reading.problem === undefined ? {} : { problem: reading.problem }) };
    }
    const value = displayNumber(kind, reading, get);
    const unit = attribute === 'pm10' || attribute === 'pm25' || attribute === 'no2' ? 'µg/m³' : rule.unit;
    let problem = reading.problem;
    if (problem === undefined) {
      if (reading.value === null || (typeof reading.value === 'number' && Number.isNaN(reading.value))) problem = 'not-a-number';
      else if (Number.isNaN(value)) problem = 'wrong-type';
      else if (value < rule.range[0] || value > rule.range[1]) problem = 'impossible-value';
    }
    return { attribute, value, unit, ...observed, ...(problem === undefined ? {} : { problem }) };
  }
  return null;
}

/** Lookup of a sensor's current readings by attribute (the default instance, else the first dataset). */
export function currentLookup(sensor: Sensor): ReadingLookup {
  return (attribute) => sensor.readings[attribute] ?? Object.values(sensor.readings).find((r) => r.attribute === attribute);
}

/** Index of the last sample at or before `atMs` (binary search over sorted times), or -1. */
export function sampleIndexAt(timesMs: readonly number[], atMs: number): number {
  let lo = 0;
  let hi = timesMs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((timesMs[mid] ?? Infinity) <= atMs) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Lookup of a sensor's readings as they were at `atMs`, from the replay history: the last sample at
 * or before the instant (units taken from the current reading); undefined when none is that old.
 */
export function lookupAt(sensor: Sensor, history: Readonly<Record<string, ReadingHistory>> | undefined, atMs: number): ReadingLookup {
  const current = currentLookup(sensor);
  return (attribute) => {
    const series = history?.[attribute];
    if (series === undefined) return undefined;
    const k = sampleIndexAt(series.timesMs, atMs);
    if (k < 0) return undefined;
    const now = current(attribute);
    const value = series.values[k] ?? null;
    return { attribute, datasetId: '', value, observedAtMs: series.timesMs[k] ?? atMs, ...(now?.unitCode === undefined ? {} : { unitCode: now.unitCode }) };
  };
}

/** What a marker shows: its colour, the value behind it and why it is not trusted. */
export interface MarkerLook {
  kind: SensorKind;
  colour: string;
  main: MainValue | null;
  /** Problems in words (main value's, the entity's, then other readings'); empty = no badge. */
  problems: string[];
}

/** A problem code ('missing-location', 'impossible-value', …) in words; unknown text is shown as given. */
export function problemInWords(problem: string): string {
  const key = `sensors.problem.${problem}` as MessageKey;
  const text = t(key);
  return text === key || text === undefined ? problem : text;
}

/**
 * The marker of a sensor: live (default), or from a lookup of the replayed instant. Grey when its
 * main value cannot be trusted or the entity itself has a problem; a problem in another reading
 * (live only: a replay shows the past) is listed too, and the marker keeps its value colour.
 */
export function markerLook(sensor: Sensor, replayed?: ReadingLookup): MarkerLook {
  const kind = KIND_OF_TYPE[sensor.type];
  const main = mainValue(kind, replayed ?? currentLookup(sensor));
  const problems: string[] = [];
  const of = (attribute: string, problem: string): string => t('sensors.problemOf', { attribute, problem: problemInWords(problem) });
  if (main?.problem !== undefined) problems.push(of(main.attribute, main.problem));
  for (const p of sensor.problems) problems.push(problemInWords(p));
  const untrusted = problems.length > 0;
  if (replayed === undefined) {
    for (const [key, r] of Object.entries(sensor.readings).sort(([a], [b]) => a.localeCompare(b))) {
      if (r.problem !== undefined && r.attribute !== main?.attribute) problems.push(of(key, r.problem));
    }
  }
  let colour = NO_VALUE_COLOUR;
  if (untrusted) colour = PROBLEM_COLOUR;
  else if (main !== null && main.unitAsGiven !== true) colour = coloursOf(kind, main.attribute).hex(main.value) ?? NO_VALUE_COLOUR;
  return { kind, colour, main, problems };
}

/** Short name of a sensor: the last segment of its URN. */
export function sensorShortName(id: string): string {
  return id.split(':').pop() ?? id;
}

/** A reading's value with its unit for people: fractions (C62) as %, numbers locale-formatted. */
export function formatReading(reading: SensorReading): string {
  const v = reading.value;
  if (v === null) return t('units.none');
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return t('units.none');
    if (reading.unitCode === 'C62') return `${formatNumber(v * 100)} %`;
    const unit = reading.unitCode === undefined ? '' : (UNIT_SYMBOLS[reading.unitCode] ?? reading.unitCode);
    return `${formatNumber(v, 2)} ${unit}`.trim();
  }
  return String(v);
}
