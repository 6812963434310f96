/**
 * How sensor readings read to people: the observation time in the district's time zone (DST
 * included), the age in words, values with their units (UN/CEFACT symbols; 0–1 fractions as %).
 */
import { describe, expect, it } from 'vitest';
import { formatAge, formatLocalTime } from '../../src/ui/sensor-time';
import { formatReading } from '../../src/ui/sensor-display';

describe('observation time and age', () => {
  it('shows the wall-clock time of the district, with daylight saving', () => {
    // 12:00 UTC is 14:00 CEST in July and 13:00 CET in January in Berlin.
    expect(formatLocalTime(Date.parse('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe('2026-07-01 14:00:00');
    expect(formatLocalTime(Date.parse('2026-01-15T12:00:05Z'), 'Europe/Berlin', false)).toBe('13:00:05');
    // The date changes with the zone: 23:30 UTC is already the next day in Berlin.
    expect(formatLocalTime(Date.parse('2026-03-10T23:30:00Z'), 'Europe/Berlin')).toBe('2026-03-11 00:30:00');
  });

  it.each([
    { ageMs: 500, text: 'just now' },
    { ageMs: -3000, text: 'just now' },
    { ageMs: 12_400, text: '12 s ago' },
    { ageMs: 5 * 60_000 + 10_000, text: '5 min ago' },
    { ageMs: 3 * 3_600_000, text: '3 h ago' },
    { ageMs: 4 * 86_400_000, text: '4 days ago' },
  ])('age $ageMs ms → "$text"', ({ ageMs, text }) => {
    const now = Date.parse('2026-07-01T12:00:00Z');
    expect(formatAge(now - ageMs, now)).toBe(text);
  });
});

describe('values with units', () => {
  it.each([
    { reading: { attribute: 'LAeq', datasetId: '', value: 63.27, unitCode: '2N' }, text: '63.27 dB' },
    { reading: { attribute: 'no2', datasetId: '', value: 41, unitCode: 'GQ' }, text: '41 µg/m³' },
    { reading: { attribute: 'occupancy', datasetId: '', value: 0.85, unitCode: 'C62' }, text: '85 %' },
    { reading: { attribute: 'intensity', datasetId: '', value: 1234 }, text: '1,234' },
    { reading: { attribute: 'x', datasetId: '', value: 2, unitCode: 'XYZ' }, text: '2 XYZ' },
    { reading: { attribute: 'powerState', datasetId: '', value: 'on' }, text: 'on' },
    { reading: { attribute: 'no2', datasetId: '', value: null }, text: '—' },
  ])('$reading.attribute = $reading.value → "$text"', ({ reading, text }) => {
    expect(formatReading(reading)).toBe(text);
  });
});
