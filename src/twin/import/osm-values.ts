/**
 * Parsing of OSM tag values with units (wiki.openstreetmap.org/wiki/Map_features/Units):
 * lengths default to metres ("12", "12 m", "40 ft", "12'6\""), speeds to km/h ("50", "30 mph",
 * "walk", "CH:urban" implicit limits from defaults.ts), counts take the largest of "2;3".
 */
import { IMPLICIT_MAXSPEED_KMH } from '../defaults';

const FOOT_M = 0.3048;
const MILE_KM = 1.609344;
const KNOT_KMH = 1.852;

/** Length in metres, NaN when unparseable. */
export function parseLengthM(value: string | undefined): number {
  if (value === undefined) return NaN;
  const s = value.trim().replace(',', '.');
  const feet = /^(\d+(?:\.\d+)?)\s*'\s*(?:(\d+(?:\.\d+)?)\s*")?$/.exec(s);
  if (feet) return Number(feet[1]) * FOOT_M + Number(feet[2] ?? 0) * 0.0254;
  const m = /^(-?\d+(?:\.\d+)?)\s*(m|metres?|meters?|ft|feet|km|cm)?$/i.exec(s);
  if (!m) return NaN;
  const n = Number(m[1]);
  switch ((m[2] ?? 'm').toLowerCase()) {
    case 'ft':
    case 'feet':
      return n * FOOT_M;
    case 'km':
      return n * 1000;
    case 'cm':
      return n / 100;
    default:
      return n;
  }
}

/** A count such as building:levels or lanes: the largest number in "2", "2;3", "2.5"; NaN otherwise. */
export function parseCount(value: string | undefined): number {
  if (value === undefined) return NaN;
  let best = NaN;
  for (const part of value.split(/[;,]/)) {
    const n = Number(part.trim());
    if (Number.isFinite(n) && n >= 0 && !(n <= best)) best = n;
  }
  return best;
}

/** maxspeed in km/h: numbers, "30 mph", "10 knots", "walk", "none", "CC:type" / "CC:zone30". NaN when unknown. */
export function parseMaxSpeedKmh(value: string | undefined): number {
  if (value === undefined) return NaN;
  const s = value.trim();
  const numeric = /^(\d+(?:\.\d+)?)\s*(km\/h|kmh|kph|mph|knots)?$/i.exec(s);
  if (numeric) {
    const n = Number(numeric[1]);
    const unit = (numeric[2] ?? '').toLowerCase();
    return unit === 'mph' ? n * MILE_KM : unit === 'knots' ? n * KNOT_KMH : n;
  }
  if (s === 'walk') return IMPLICIT_MAXSPEED_KMH.walk ?? 7;
  if (s === 'none') return IMPLICIT_MAXSPEED_KMH.motorway ?? 130;
  if (s.includes(';')) {
    const speeds = s.split(';').map(parseMaxSpeedKmh).filter(Number.isFinite);
    return speeds.length > 0 ? Math.max(...speeds) : NaN;
  }
  const zone = /^[A-Z]{2}(?:-[A-Z]+)?:zone:?(\d+)$/i.exec(s);
  if (zone) return Number(zone[1]);
  const exact = IMPLICIT_MAXSPEED_KMH[s];
  if (exact !== undefined) return exact;
  const type = /^[A-Z]{2}(?:-[A-Z]+)?:(\w+)$/i.exec(s)?.[1];
  return type !== undefined ? (IMPLICIT_MAXSPEED_KMH[type] ?? NaN) : NaN;
}
