/**
 * One time-and-unit normaliser for observed values. Time: the attribute's `observedAt`, else the
 * model's own fields (Smart Data Models: `dateObserved`, `dateObservedTo`, `dateObservedFrom`,
 * `dateLastValueReported`, `dateModified`), as a sub-attribute or an entity attribute. Unit: the
 * attribute's `unitCode` (UN/CEFACT Rec. 20), else the table below of the units the models'
 * schemas state in their descriptions ("Units: …").
 */
import { attributeInstance, type AttributeInstance, type ParsedEntity } from './parse';

const TIME_FIELDS = ['dateObserved', 'dateObservedTo', 'dateObservedFrom', 'dateLastValueReported', 'dateModified'] as const;

/**
 * Implicit units per Smart Data Model (UN/CEFACT code), from each model's schema.json description:
 * RoadSegment `length` "Units: kilometer"; TrafficFlowObserved `averageVehicleSpeed` km/h,
 * `averageVehicleLength` / `averageGapDistance` m, `averageHeadwayTime` s, `occupancy` fraction;
 * AirQualityObserved / WeatherObserved `temperature` °C, `relativeHumidity` fraction 0–1,
 * pollutants µg/m³ (Directive 2008/50/EC convention), `windSpeed` m/s, `atmosphericPressure` hPa;
 * WasteContainer `fillingLevel` fraction 0–1; NoiseLevelObserved LAeq/LAmax dB(A).
 */
export const IMPLICIT_UNITS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  RoadSegment: { length: 'KMT', width: 'MTR', maximumAllowedSpeed: 'KMH' },
  TrafficFlowObserved: { averageVehicleSpeed: 'KMH', averageVehicleLength: 'MTR', averageGapDistance: 'MTR', averageHeadwayTime: 'SEC', occupancy: 'C62' },
  AirQualityObserved: { temperature: 'CEL', relativeHumidity: 'C62', no2: 'GQ', pm10: 'GQ', pm25: 'GQ', o3: 'GQ', so2: 'GQ', co: 'GQ', windSpeed: 'MTS' },
  WeatherObserved: { temperature: 'CEL', relativeHumidity: 'C62', windSpeed: 'MTS', atmosphericPressure: 'A97', precipitation: 'MMT', windDirection: 'DD' },
  NoiseLevelObserved: { LAeq: '2N', LAmax: '2N', LAS: '2N', LAeq_d: '2N' },
  WasteContainer: { fillingLevel: 'C62', temperature: 'CEL' },
  OnStreetParking: { occupancy: 'C62' },
  OffStreetParking: { occupancy: 'C62' },
};

/** Human unit symbols for the codes above. */
export const UNIT_SYMBOLS: Readonly<Record<string, string>> = {
  KMT: 'km', MTR: 'm', KMH: 'km/h', MTS: 'm/s', SEC: 's', C62: '', CEL: '°C', GQ: 'µg/m³', A97: 'hPa', MMT: 'mm', DD: '°', '2N': 'dB', P1: '%',
};

export interface Observation {
  value: unknown;
  /** ISO 8601 instant in UTC, or undefined when neither observedAt nor a model field gives one. */
  observedAt?: string;
  /** UN/CEFACT code, or undefined when neither unitCode nor the table gives one. */
  unitCode?: string;
  /** Where the time came from (`observedAt` or the field name). */
  timeSource?: string;
}

/** ISO text (with or without a zone; no zone is read as UTC) → ISO UTC; undefined if not a date. */
export function normaliseTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = /[zZ]|[+-]\d\d:?\d\d$/.test(value) || !/T\d/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function timeFromFields(fields: Record<string, AttributeInstance[]>): { at: string; source: string } | undefined {
  for (const f of TIME_FIELDS) {
    const at = normaliseTime(fields[f]?.[0]?.value);
    if (at !== undefined) return { at, source: f };
  }
  return undefined;
}

/** The value of an attribute with its time and unit resolved by the rules above. */
export function observe(entity: ParsedEntity, name: string, datasetId?: string): Observation | undefined {
  const instance = attributeInstance(entity, name, datasetId);
  if (instance === undefined) return undefined;
  const types = Array.isArray(entity.type) ? entity.type : [entity.type];
  const time =
    instance.observedAt !== undefined
      ? { at: normaliseTime(instance.observedAt), source: 'observedAt' }
      : (timeFromFields(instance.sub) ?? timeFromFields(entity.attributes));
  const unit = instance.unitCode ?? types.map((t) => IMPLICIT_UNITS[t.split(/[/#]/).pop() ?? t]?.[name]).find((u) => u !== undefined);
  return {
    value: instance.value,
    ...(time?.at === undefined ? {} : { observedAt: time.at, timeSource: time.source }),
    ...(unit === undefined ? {} : { unitCode: unit }),
  };
}
