/**
 * NGSI-LD normalized entities (ETSI GS CIM 009 §4.5) of the Smart Data Models types the simulator
 * publishes. Attribute names follow the models (dataModel.Transportation TrafficFlowObserved,
 * dataModel.Environment AirQualityObserved / NoiseLevelObserved, dataModel.Weather WeatherObserved,
 * dataModel.Parking OnStreetParking, dataModel.Streetlighting Streetlight,
 * dataModel.WasteManagement WasteContainer); units are UN/CEFACT Recommendation 20 codes.
 */

/** A normalized NGSI-LD entity as sent to the broker. */
export interface NgsiEntity {
  id: string;
  type: string;
  [attribute: string]: unknown;
}

/** UN/CEFACT Rec. 20 codes used here. */
export const UNIT = {
  /** µg/m³ */
  microgramPerCubicMetre: 'GQ',
  /** decibel */
  decibel: '2N',
  /** km/h */
  kilometrePerHour: 'KMH',
  /** m/s */
  metrePerSecond: 'MTS',
  /** °C */
  celsius: 'CEL',
  /** millimetre */
  millimetre: 'MMT',
  /** one (dimensionless fraction 0–1) */
  one: 'C62',
  /** vehicles per hour: "piece per hour" is not in Rec. 20; E50 = "accounting unit"… so counts carry no unit */
} as const;

export function property(value: unknown, observedAt: string, unitCode?: string): Record<string, unknown> {
  return { type: 'Property', value, observedAt, ...(unitCode === undefined ? {} : { unitCode }) };
}

export function geoPoint(lonDeg: number, latDeg: number): Record<string, unknown> {
  return { type: 'GeoProperty', value: { type: 'Point', coordinates: [round(lonDeg, 7), round(latDeg, 7)] } };
}

export function relationship(object: string): Record<string, unknown> {
  return { type: 'Relationship', object };
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** `urn:ngsi-ld:<Type>:<source>:<local id>` (ETSI GS CIM 009 §4.5.2 recommends URNs of this shape). */
export function entityId(type: string, source: string, local: string): string {
  return `urn:ngsi-ld:${type}:${source}:${local}`;
}
