/**
 * Conversions between the UN/CEFACT Recommendation 20 unit codes that sensor readings state in
 * `unitCode` (NGSI-LD, ETSI GS CIM 009 §4.5.2) and the units the twin's tables are written in.
 * Every known code maps linearly to its quantity's base unit: base = value · scale + offset.
 * A code not listed here is unknown: no conversion is offered, so callers neither judge the value
 * against a range nor colour it, and show the code as given.
 *
 * Codes (Rec. 20 Annex I; factors exact by definition unless noted):
 * - ratio: C62 one (fraction 0–1) = base; P1 percent = 0.01.
 * - temperature (°C): CEL = base; FAH °F: (°F − 32) · 5/9; KEL K: K − 273.15.
 * - speed (m/s): MTS = base; KMH km/h = 1/3.6; KNT knot = 1852/3600; HM mile per hour = 0.44704.
 * - pressure (hPa): A97 = base; MBR millibar = 1; PAL Pa = 0.01; KPA kPa = 10; BAR = 1000.
 * - length (mm): MMT = base; CMT cm = 10; MTR m = 1000; INH inch = 25.4.
 * - mass concentration (µg/m³): GQ = base; GP mg/m³ = 1000.
 * - sound level: 2N dB = base. Plane angle: DD degree = base.
 */

interface UnitDefinition {
  quantity: 'ratio' | 'temperature' | 'speed' | 'pressure' | 'length' | 'mass-concentration' | 'level' | 'angle';
  scale: number;
  offset: number;
}

const linear = (quantity: UnitDefinition['quantity'], scale = 1, offset = 0): UnitDefinition => ({ quantity, scale, offset });

const UNITS: Readonly<Record<string, UnitDefinition>> = {
  C62: linear('ratio'),
  P1: linear('ratio', 0.01),
  CEL: linear('temperature'),
  FAH: linear('temperature', 5 / 9, (-32 * 5) / 9),
  KEL: linear('temperature', 1, -273.15),
  MTS: linear('speed'),
  KMH: linear('speed', 1 / 3.6),
  KNT: linear('speed', 1852 / 3600),
  HM: linear('speed', 0.44704),
  A97: linear('pressure'),
  MBR: linear('pressure'),
  PAL: linear('pressure', 0.01),
  KPA: linear('pressure', 10),
  BAR: linear('pressure', 1000),
  MMT: linear('length'),
  CMT: linear('length', 10),
  MTR: linear('length', 1000),
  INH: linear('length', 25.4),
  GQ: linear('mass-concentration'),
  GP: linear('mass-concentration', 1000),
  '2N': linear('level'),
  DD: linear('angle'),
};

/** No unit (a count or a plain number) is read as C62, the unit "one". */
function definition(code: string | undefined): UnitDefinition | undefined {
  return UNITS[code ?? 'C62'];
}

/** Whether a code is one this module converts (undefined, a plain number, counts as C62). */
export function isKnownUnit(code: string | undefined): boolean {
  return definition(code) !== undefined;
}

/**
 * `value` stated in unit `fromCode` expressed in unit `toCode` (UN/CEFACT codes; undefined = a plain
 * number, C62); the value itself when both codes are the same; else undefined when either code is
 * unknown or the two measure different quantities.
 */
export function convertUnit(value: number, fromCode: string | undefined, toCode: string | undefined): number | undefined {
  if (fromCode === toCode) return value;
  const from = definition(fromCode);
  const to = definition(toCode);
  if (from === undefined || to === undefined || from.quantity !== to.quantity) return undefined;
  return (value * from.scale + from.offset - to.offset) / to.scale;
}
