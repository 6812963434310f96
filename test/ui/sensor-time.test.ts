/**
 * How sensor readings read to people: the observation time in the district's time zone (DST
 * included), the age in words, values with their units (UN/CEFACT symbols; 0–1 fractions as %).
 */
import { describe, expect, it } from 'vitest';
import { ageAgo, ageInWords, formatLocalTime } from '../../src/ui/sensor-time';
import { formatReading } from '../../src/ui/sensor-display';

describe('observation time and age', () => {
  it('shows the wall-clock time of the district, with daylight saving', () => {
    // 12:00 UTC is 14:00 CEST in July and 13:00 CET in January in Berlin.
    expect(formatLocalTime(Date.parse('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe('2026-07-01 14:00:00');
    expect(formatLocalTime(Date.parse('2026-01-15T12:00:05Z'), 'Europe/Berlin', false)).toBe('13:00:05');
    // The date changes with the zone: 23:30 UTC is already the next day in Berlin.
    expect(formatLocalTime(Date.parse('2026-03-10T23:30:00Z'), 'Europe/Berlin')).toBe('2026-03-11 00:30:00');
  });

  // One rule for every age in words (sensor detail, live indicator, outage banner): rounded down to
  // the largest whole unit, never negative.
  it.each([
    { ageMs: 0, text: '0 s' },
    { ageMs: 500, text: '0 s' },
    { ageMs: -3000, text: '0 s' },
    { ageMs: 12_400, text: '12 s' },
    { ageMs: 59_999, text: '59 s' },
    { ageMs: 60_000, text: '1 min' },
    { ageMs: 5 * 60_000 + 10_000, text: '5 min' },
    { ageMs: 3_599_999, text: '59 min' },
    { ageMs: 3_600_000, text: '1 h' },
    { ageMs: 3 * 3_600_000, text: '3 h' },
    { ageMs: 86_399_999, text: '23 h' },
    { ageMs: 4 * 86_400_000, text: '4 d' },
  ])('age $ageMs ms → "$text", "$text ago"', ({ ageMs, text }) => {
    const now = Date.parse('2026-07-01T12:00:00Z');
    expect(ageInWords(ageMs)).toBe(text);
    expect(ageAgo(now - ageMs, now)).toBe(`${text} ago`);
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
