/**
 * One NGSI-LD sensor entity (parsed by src/ngsi, any representation) → the sensors store's
 * Sensor: ENU position from the `location` GeoProperty (src/geo), readings with value, unit
 * (`unitCode`, else the per-model table of src/ngsi `observe`), observation time and datasetId,
 * and its bad data FLAGGED, never thrown: a reading that is NaN / not a number where a number is
 * expected / outside the physical range below (in its unit) / without a time gets
 * `reading.problem`; an entity without a usable location gets `sensor.problems: ['missing-location']`.
 *
 * Physical ranges (PHYSICAL_RANGES; a value outside is impossible, not merely unusual), each with
 * the UN/CEFACT unit its limits are in (the models' stated unit, src/ngsi IMPLICIT_UNITS); a
 * reading's own `unitCode` is converted to it first (P1 % → fraction, FAH → CEL, KMH ↔ MTS, …,
 * src/app/unit-codes), and a reading in a unit not known there is not judged on range:
 * - concentrations no2, pm10, pm25, o3, so2 ≥ 0 µg/m³, ≤ 50 000 (ten times the worst hourly
 *   values recorded in street canyons; anything above is a unit or sensor fault); co ≥ 0 mg/m³ ≤ 1000.
 * - sound levels LAeq, LAmax, LAS, LAeq_d 0 … 194 dB (194 dB SPL: a sound wave's trough reaches
 *   vacuum at 1 atm, the largest undistorted level in air).
 * - temperature −90 … 60 °C (lowest −89.2 °C Vostok 1983 and highest accepted 56.7 °C Death Valley
 *   1913 of the WMO Archive of Weather and Climate Extremes).
 * - relativeHumidity, occupancy, fillingLevel 0 … 1 (Smart Data Models state these as fractions);
 *   illuminanceLevel 0 … 1.
 * - windSpeed 0 … 113 m/s (highest WMO-recognised gust, Barrow Island 1996); windDirection 0 … 360°;
 *   atmosphericPressure 850 … 1090 hPa (WMO extremes at sea level 870 / 1084 hPa, with margin);
 *   precipitation ≥ 0 mm ≤ 2000 (WMO 24-h record 1825 mm).
 * - intensity (vehicles per observation period) ≥ 0 ≤ 100 000; averageVehicleSpeed 0 … 400 km/h;
 *   availableSpotNumber / totalSpotNumber integers ≥ 0.
 * Text states (powerState on/off/low/bootingUp, status ok/…, ParkingSpot status free/occupied/…)
 * must be strings.
 */
import { observe, pointOf, type ParsedEntity } from '../ngsi';
import { createEnuFrame, type EnuFrame, type GeoOrigin } from '../geo/enu';
import { convertUnit } from './unit-codes';
import { SENSOR_TYPES, readingKey, type ReadingProblem, type Sensor, type SensorReading, type SensorType } from '../state/sensors-store';

/** Attributes the twin shows per type (asked for with `attrs`, so nothing else travels). */
export const SHOWN_ATTRIBUTES: Readonly<Record<SensorType, readonly string[]>> = {
  AirQualityObserved: ['no2', 'pm10', 'pm25', 'o3', 'temperature'],
  NoiseLevelObserved: ['LAeq', 'LAmax', 'LAS'],
  TrafficFlowObserved: ['intensity', 'averageVehicleSpeed', 'occupancy'],
  WeatherObserved: ['temperature', 'relativeHumidity', 'windSpeed', 'precipitation', 'atmosphericPressure'],
  ParkingSpot: ['status'],
  OnStreetParking: ['occupancy', 'availableSpotNumber', 'totalSpotNumber'],
  Streetlight: ['powerState', 'status', 'illuminanceLevel'],
  WasteContainer: ['fillingLevel', 'status'],
};

/** Entity-level attributes read for every type: where, and the model's observation time. */
const CONTEXT_ATTRIBUTES = ['location', 'dateObserved', 'dateObservedTo', 'dateLastValueReported'];

/** The `attrs` list of the bootstrap query and of the gateway subscription (every shown attribute). */
export function shownAttributeList(): string[] {
  return [...new Set([...CONTEXT_ATTRIBUTES, ...SENSOR_TYPES.flatMap((t) => SHOWN_ATTRIBUTES[t])])];
}

/**
 * [min, max, unit] of physically possible values per attribute (see the module comment for sources):
 * the limits are in the UN/CEFACT unit given third (none: a count). A reading stated in another
 * known unit is converted before the comparison (src/app/unit-codes); one in an unknown unit is not
 * judged on range.
 */
export const PHYSICAL_RANGES: Readonly<Record<string, PhysicalRange>> = {
  no2: [0, 50_000, 'GQ'],
  pm10: [0, 50_000, 'GQ'],
  pm25: [0, 50_000, 'GQ'],
  o3: [0, 50_000, 'GQ'],
  so2: [0, 50_000, 'GQ'],
  co: [0, 1000, 'GP'],
  LAeq: [0, 194, '2N'],
  LAmax: [0, 194, '2N'],
  LAS: [0, 194, '2N'],
  LAeq_d: [0, 194, '2N'],
  temperature: [-90, 60, 'CEL'],
  relativeHumidity: [0, 1, 'C62'],
  occupancy: [0, 1, 'C62'],
  fillingLevel: [0, 1, 'C62'],
  illuminanceLevel: [0, 1, 'C62'],
  windSpeed: [0, 113, 'MTS'],
  windDirection: [0, 360, 'DD'],
  atmosphericPressure: [850, 1090, 'A97'],
  precipitation: [0, 2000, 'MMT'],
  intensity: [0, 100_000],
  averageVehicleSpeed: [0, 400, 'KMH'],
  availableSpotNumber: [0, Number.MAX_SAFE_INTEGER],
  totalSpotNumber: [0, Number.MAX_SAFE_INTEGER],
};

/** Lower and upper limit of a quantity, in the UN/CEFACT unit `unitCode` (absent: a count, no unit). */
export type PhysicalRange = readonly [min: number, max: number, unitCode?: string];

/**
 * A value stated in `unitCode` (absent: in the unit of the range) expressed in the unit of
 * `attribute`'s physical range; undefined when the attribute has no range or the unit is unknown.
 */
export function inRangeUnit(attribute: string, value: number, unitCode: string | undefined): number | undefined {
  const range = PHYSICAL_RANGES[attribute];
  if (range === undefined) return undefined;
  return convertUnit(value, unitCode ?? range[2], range[2]);
}

/** Attributes whose value is a state word, not a number. */
const TEXT_ATTRIBUTES = new Set(['status', 'powerState']);

function isSensorType(type: string): type is SensorType {
  return (SENSOR_TYPES as readonly string[]).includes(type);
}

/** The entity's sensor type (short name, or the last segment of an expanded IRI); undefined = not shown. */
export function sensorTypeOf(entity: ParsedEntity): SensorType | undefined {
  const types = Array.isArray(entity.type) ? entity.type : [entity.type];
  for (const type of types) {
    const short = type.split(/[/#]/).pop() ?? type;
    if (isSensorType(short)) return short;
  }
  return undefined;
}

/**
 * What is wrong with a value of `attribute` stated in `unitCode` (absent: the unit of its range), if
 * anything. A number in a unit that cannot be converted to the range's is not judged on range.
 */
export function valueProblem(attribute: string, value: unknown, unitCode?: string): ReadingProblem | undefined {
  if (TEXT_ATTRIBUTES.has(attribute)) return typeof value === 'string' ? undefined : 'wrong-type';
  const range = PHYSICAL_RANGES[attribute];
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'not-a-number';
    const inUnit = range === undefined ? undefined : inRangeUnit(attribute, value, unitCode);
    if (range !== undefined && inUnit !== undefined && !(inUnit >= range[0] && inUnit <= range[1])) return 'impossible-value';
    return undefined;
  }
  // JSON has no NaN: brokers and devices send it as text ("NaN") or null.
  if (value === null || value === 'NaN' || value === 'nan') return 'not-a-number';
  if (range !== undefined) return 'wrong-type';
  return typeof value === 'string' || typeof value === 'boolean' ? undefined : 'wrong-type';
}

function scalar(value: unknown): SensorReading['value'] {
  if (typeof value === 'number') return Number.isNaN(value) ? null : value;
  return typeof value === 'string' || typeof value === 'boolean' ? value : null;
}

export interface ConvertedSensor {
  sensor: Sensor;
  /** Problems in words for the console (one warning per entity). */
  warnings: string[];
}

/** A converter bound to the district's ENU frame. */
export interface SensorConverter {
  readonly frame: EnuFrame;
  /** The sensor of an entity, or undefined for an entity of a type the twin does not show. */
  convert(entity: ParsedEntity): ConvertedSensor | undefined;
}

export function createSensorConverter(origin: GeoOrigin): SensorConverter {
  const frame = createEnuFrame(origin);
  const enu = [0, 0, 0];
  return {
    frame,
    convert(entity) {
      const type = sensorTypeOf(entity);
      if (type === undefined) return undefined;
      const warnings: string[] = [];
      const problems: string[] = [];
      let position: Sensor['position'] = null;
      const point = pointOf(entity);
      if (point === undefined || !Number.isFinite(point.lonDeg) || !Number.isFinite(point.latDeg) || Math.abs(point.latDeg) > 90 || Math.abs(point.lonDeg) > 180) {
        problems.push('missing-location');
        warnings.push(entity.attributes['location'] === undefined ? 'no location' : 'location is not a usable Point');
      } else {
        frame.toEnu(point.lonDeg, point.latDeg, point.heightM ?? origin.heightM, enu);
        // 2-D coordinates say nothing about height: the sensor stands on the ground (z = 0 m).
        position = { x: enu[0] ?? 0, y: enu[1] ?? 0, z: point.heightM === undefined ? 0 : (enu[2] ?? 0) };
      }
      const readings: SensorReading[] = [];
      for (const attribute of SHOWN_ATTRIBUTES[type]) {
        for (const instance of entity.attributes[attribute] ?? []) {
          const observation = observe(entity, attribute, instance.datasetId);
          if (observation === undefined) continue;
          const observedAtMs = observation.observedAt === undefined ? undefined : Date.parse(observation.observedAt);
          let problem = valueProblem(attribute, observation.value, observation.unitCode);
          if (problem === undefined && observedAtMs === undefined) problem = 'missing-time';
          const reading: SensorReading = {
            attribute,
            datasetId: instance.datasetId ?? '',
            value: scalar(observation.value),
            ...(observation.unitCode === undefined ? {} : { unitCode: observation.unitCode }),
            ...(observedAtMs === undefined ? {} : { observedAtMs }),
            ...(problem === undefined ? {} : { problem }),
          };
          if (problem !== undefined) warnings.push(`${attribute}${instance.datasetId === undefined ? '' : `#${instance.datasetId}`}: ${problem} (${JSON.stringify(observation.value)})`);
          readings.push(reading);
        }
      }
      const readingsByKey: Record<string, SensorReading> = {};
      for (const r of readings) readingsByKey[readingKey(r.attribute, r.datasetId)] = r;
      return { sensor: { id: entity.id, type, position, readings: readingsByKey, problems }, warnings };
    },
  };
}
