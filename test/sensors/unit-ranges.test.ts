/**
 * Units of live readings (src/app/unit-codes.ts) in the feed's physical-range check
 * (src/app/live-entity.ts) and on the markers (src/ui/sensor-display.ts): a reading stated in
 * another known UN/CEFACT unit (P1 percent vs C62 fraction, FAH vs CEL, KMH vs MTS, …) is converted
 * before it is judged or coloured; one in an unknown unit is neither judged on range nor coloured,
 * and shows its unit as given.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { convertUnit, isKnownUnit } from '../../src/app/unit-codes';
import { PHYSICAL_RANGES, createSensorConverter, valueProblem } from '../../src/app/live-entity';
import { parseEntity } from '../../src/ngsi';
import { DEMO_ORIGIN } from '../../src/twin/demo';
import { NO_VALUE_COLOUR, markerLook } from '../../src/ui/sensor-display';
import type { Sensor, SensorReading, SensorType } from '../../src/state/sensors-store';

/** Codes of one quantity each: a value converted along a row and back comes home. */
const SAME_QUANTITY: readonly (readonly string[])[] = [
  ['C62', 'P1'],
  ['CEL', 'FAH', 'KEL'],
  ['MTS', 'KMH', 'KNT', 'HM'],
  ['A97', 'MBR', 'PAL', 'KPA', 'BAR'],
  ['MMT', 'CMT', 'MTR', 'INH'],
  ['GQ', 'GP'],
];

describe('UN/CEFACT unit conversion', () => {
  it.each([
    { value: 55, from: 'P1', to: 'C62', expected: 0.55 },
    { value: 0.9, from: 'C62', to: 'P1', expected: 90 },
    { value: 0, from: 'CEL', to: 'FAH', expected: 32 },
    { value: 212, from: 'FAH', to: 'CEL', expected: 100 },
    { value: -40, from: 'FAH', to: 'CEL', expected: -40 },
    { value: 273.15, from: 'KEL', to: 'CEL', expected: 0 },
    { value: 36, from: 'KMH', to: 'MTS', expected: 10 },
    { value: 10, from: 'KNT', to: 'KMH', expected: 18.52 },
    { value: 101_325, from: 'PAL', to: 'A97', expected: 1013.25 },
    { value: 1.2, from: 'GP', to: 'GQ', expected: 1200 },
    { value: 1, from: 'INH', to: 'MMT', expected: 25.4 },
    { value: 7, from: undefined, to: 'C62', expected: 7 },
  ])('$value $from → $expected $to', ({ value, from, to, expected }) => {
    expect(convertUnit(value, from, to)).toBeCloseTo(expected, 9);
  });

  it('refuses unknown codes and different quantities; a unit equals itself', () => {
    expect(convertUnit(3, 'XYZ', 'CEL')).toBeUndefined();
    expect(convertUnit(3, 'CEL', 'XYZ')).toBeUndefined();
    expect(convertUnit(3, 'CEL', 'MTS')).toBeUndefined();
    expect(convertUnit(3, 'P1', 'CEL')).toBeUndefined();
    expect(convertUnit(3, 'XYZ', 'XYZ')).toBe(3);
    expect(isKnownUnit('XYZ')).toBe(false);
    expect(isKnownUnit(undefined)).toBe(true);
  });

  it('round trips between every two units of a quantity (property)', () => {
    for (const row of SAME_QUANTITY) {
      for (const from of row) {
        for (const to of row) {
          fc.assert(
            fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (value) => {
              const there = convertUnit(value, from, to);
              expect(there, `${from} → ${to}`).toBeDefined();
              const back = convertUnit(there ?? Number.NaN, to, from) ?? Number.NaN;
              expect(Math.abs(back - value), `${from} → ${to} → ${from}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(value)));
            }),
            { seed: 20_261_124, numRuns: 50 },
          );
        }
      }
    }
  });
});

describe('physical range in the unit the table states', () => {
  const unitsOf = (code: string | undefined): readonly string[] => SAME_QUANTITY.find((row) => code !== undefined && row.includes(code)) ?? [];

  it('every range, stated in every other unit of its quantity: limits pass, beyond them is impossible', () => {
    let checked = 0;
    for (const [attribute, [min, max, unit]] of Object.entries(PHYSICAL_RANGES)) {
      if (max >= Number.MAX_SAFE_INTEGER) continue;
      for (const code of unitsOf(unit)) {
        const lo = convertUnit(min, unit, code) ?? Number.NaN;
        const hi = convertUnit(max, unit, code) ?? Number.NaN;
        const margin = 0.01 * Math.max(1, Math.abs(hi - lo));
        // Limits themselves: a hair inside against rounding in the conversion.
        expect(valueProblem(attribute, lo + margin * 1e-6, code), `${attribute} ${lo} ${code}`).toBeUndefined();
        expect(valueProblem(attribute, hi - margin * 1e-6, code), `${attribute} ${hi} ${code}`).toBeUndefined();
        expect(valueProblem(attribute, lo - margin, code), `${attribute} below ${lo} ${code}`).toBe('impossible-value');
        expect(valueProblem(attribute, hi + margin, code), `${attribute} above ${hi} ${code}`).toBe('impossible-value');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(15);
  });

  it.each([
    { attribute: 'relativeHumidity', value: 55, unitCode: 'P1', problem: undefined },
    { attribute: 'relativeHumidity', value: 120, unitCode: 'P1', problem: 'impossible-value' },
    { attribute: 'relativeHumidity', value: 55, unitCode: 'C62', problem: 'impossible-value' },
    { attribute: 'relativeHumidity', value: 0.55, unitCode: undefined, problem: undefined },
    { attribute: 'occupancy', value: 85, unitCode: 'P1', problem: undefined },
    { attribute: 'temperature', value: 98.6, unitCode: 'FAH', problem: undefined },
    { attribute: 'temperature', value: 150, unitCode: 'FAH', problem: 'impossible-value' },
    { attribute: 'windSpeed', value: 200, unitCode: 'KMH', problem: undefined },
    { attribute: 'averageVehicleSpeed', value: 120, unitCode: 'MTS', problem: 'impossible-value' },
    { attribute: 'co', value: 1200, unitCode: 'GQ', problem: undefined },
    // An unknown unit: not judged on range (but still checked for being a number).
    { attribute: 'temperature', value: 1e6, unitCode: 'XYZ', problem: undefined },
    { attribute: 'temperature', value: Number.NaN, unitCode: 'XYZ', problem: 'not-a-number' },
  ])('$attribute = $value $unitCode → $problem', ({ attribute, value, unitCode, problem }) => {
    expect(valueProblem(attribute, value, unitCode)).toBe(problem);
  });

  it('the feed converts a percent reading (unitCode P1) instead of flagging it', () => {
    const at = '2026-03-21T12:00:00Z';
    const out = createSensorConverter(DEMO_ORIGIN).convert(
      parseEntity({
        id: 'urn:ngsi-ld:WeatherObserved:percent',
        type: 'WeatherObserved',
        location: { type: 'Point', coordinates: [DEMO_ORIGIN.lonDeg, DEMO_ORIGIN.latDeg] },
        relativeHumidity: { type: 'Property', value: 64, unitCode: 'P1', observedAt: at },
        temperature: { type: 'Property', value: 68, unitCode: 'FAH', observedAt: at },
        windSpeed: { type: 'Property', value: 30, unitCode: 'XYZ', observedAt: at },
      }),
    );
    expect(out?.warnings).toEqual([]);
    expect(out?.sensor.readings['relativeHumidity']).toMatchObject({ value: 64, unitCode: 'P1' });
    expect(out?.sensor.readings['relativeHumidity']?.problem).toBeUndefined();
    expect(out?.sensor.readings['temperature']?.problem).toBeUndefined();
    expect(out?.sensor.readings['windSpeed']).toMatchObject({ value: 30, unitCode: 'XYZ' });
  });
});

describe('markers show readings in the legend unit', () => {
  const reading = (attribute: string, value: number, unitCode?: string): SensorReading => ({ attribute, datasetId: '', value, observedAtMs: 1_000, ...(unitCode === undefined ? {} : { unitCode }) });
  const sensor = (type: SensorType, r: SensorReading): Sensor => ({ id: `urn:x:${type}`, type, position: { x: 0, y: 0, z: 0 }, readings: { [r.attribute]: r }, problems: [] });

  it.each([
    { type: 'WeatherObserved' as const, r: reading('temperature', 68, 'FAH'), value: 20, unit: '°C' },
    { type: 'OnStreetParking' as const, r: reading('occupancy', 85, 'P1'), value: 85, unit: '%' },
    { type: 'OnStreetParking' as const, r: reading('occupancy', 0.85), value: 85, unit: '%' },
    { type: 'NoiseLevelObserved' as const, r: reading('LAeq', 61, '2N'), value: 61, unit: 'dB(A)' },
  ])('$type $r.attribute = $r.value $r.unitCode → $value $unit, coloured', ({ type, r, value, unit }) => {
    const look = markerLook(sensor(type, r));
    expect(look.problems).toEqual([]);
    expect(look.main?.value).toBeCloseTo(value, 9);
    expect(look.main?.unit).toBe(unit);
    expect(look.main?.unitAsGiven).toBeUndefined();
    expect(look.colour).not.toBe(NO_VALUE_COLOUR);
  });

  it('an unknown unit: the value and unit as given, no range problem, no legend colour', () => {
    const look = markerLook(sensor('WeatherObserved', reading('temperature', 500, 'XYZ')));
    expect(look.main).toMatchObject({ attribute: 'temperature', value: 500, unit: 'XYZ', unitAsGiven: true });
    expect(look.main?.problem).toBeUndefined();
    expect(look.problems).toEqual([]);
    expect(look.colour).toBe(NO_VALUE_COLOUR);
  });

  it('a converted value outside the range is still impossible', () => {
    const look = markerLook(sensor('WeatherObserved', reading('temperature', 200, 'FAH')));
    expect(look.main?.problem).toBe('impossible-value');
  });
});
