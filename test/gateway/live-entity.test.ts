/**
 * The feed's entity → Sensor conversion (src/app/live-entity.ts) and the outage banner's words
 * (src/ui/live-status.tsx): every representation the client reads, datasetId instances, 3-D
 * coordinates, expanded type IRIs, the physical-range table, and the banner text and data age.
 */
import { describe, expect, it } from 'vitest';
import { PHYSICAL_RANGES, createSensorConverter, shownAttributeList, valueProblem } from '../../src/app/live-entity';
import { parseEntity } from '../../src/ngsi';
import { newestObservationMs, outageText } from '../../src/ui/live-status';
import { ageInWords } from '../../src/ui/sensor-time';
import { DEMO_ORIGIN } from '../../src/twin/demo';

const convert = createSensorConverter(DEMO_ORIGIN).convert;
const at = '2026-03-21T12:00:00Z';
const atMs = Date.parse(at);

describe('entity → Sensor', () => {
  it('normalized, with datasetId instances, unitCode and a 3-D point', () => {
    const out = convert(
      parseEntity({
        id: 'urn:ngsi-ld:AirQualityObserved:a',
        type: 'AirQualityObserved',
        location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [DEMO_ORIGIN.lonDeg, DEMO_ORIGIN.latDeg, DEMO_ORIGIN.heightM + 4] } },
        no2: [
          { type: 'Property', value: 41.5, observedAt: at, unitCode: 'GQ', datasetId: 'urn:ngsi-ld:Dataset:sensorA' },
          { type: 'Property', value: 39, observedAt: at, unitCode: 'GQ' },
        ],
        unshown: { type: 'Property', value: 1 },
      }),
    );
    expect(out?.warnings).toEqual([]);
    const s = out?.sensor;
    expect(s?.type).toBe('AirQualityObserved');
    expect(s?.position?.x).toBeCloseTo(0, 6);
    expect(s?.position?.y).toBeCloseTo(0, 6);
    expect(s?.position?.z).toBeCloseTo(4, 6);
    expect(s?.readings['no2#urn:ngsi-ld:Dataset:sensorA']).toEqual({ attribute: 'no2', datasetId: 'urn:ngsi-ld:Dataset:sensorA', value: 41.5, unitCode: 'GQ', observedAtMs: atMs });
    expect(s?.readings['no2']?.value).toBe(39);
    expect(Object.keys(s?.readings ?? {})).not.toContain('unshown');
  });

  it('simplified form with an expanded type IRI: unit from the model table, time from dateObserved', () => {
    const out = convert(parseEntity({ id: 'urn:x:w', type: 'https://smartdatamodels.org/dataModel.Weather/WeatherObserved', location: { type: 'Point', coordinates: [DEMO_ORIGIN.lonDeg + 0.001, DEMO_ORIGIN.latDeg] }, temperature: 12.5, dateObserved: at }));
    expect(out?.sensor.type).toBe('WeatherObserved');
    expect(out?.sensor.readings['temperature']).toEqual({ attribute: 'temperature', datasetId: '', value: 12.5, unitCode: 'CEL', observedAtMs: atMs });
    // 0.001° of longitude at 48° N ≈ 74.6 m east; a 2-D point stands on the ground.
    expect(out?.sensor.position?.x).toBeGreaterThan(74);
    expect(out?.sensor.position?.x).toBeLessThan(75);
    expect(out?.sensor.position?.z).toBe(0);
  });

  it('flags every kind of bad data and never throws', () => {
    const out = convert(
      parseEntity({
        id: 'urn:x:bad',
        type: 'NoiseLevelObserved',
        location: { type: 'GeoProperty', value: { type: 'Point', coordinates: ['7.8', 48] } },
        LAeq: { type: 'Property', value: null, observedAt: at },
        LAmax: { type: 'Property', value: -3, observedAt: at },
        LAS: { type: 'Property', value: { nested: true }, observedAt: at },
      }),
    );
    expect(out?.sensor.problems).toEqual(['missing-location']);
    expect(out?.sensor.position).toBeNull();
    expect(out?.sensor.readings['LAeq']?.problem).toBe('not-a-number');
    expect(out?.sensor.readings['LAmax']?.problem).toBe('impossible-value');
    expect(out?.sensor.readings['LAS']?.problem).toBe('wrong-type');
    expect(out?.warnings.length).toBe(4);
    expect(convert(parseEntity({ id: 'urn:x:other', type: 'Building' }))).toBeUndefined();
  });

  it('range table: limits are inclusive, NaN and text numbers are flagged, states must be words', () => {
    for (const [attribute, [min, max]] of Object.entries(PHYSICAL_RANGES)) {
      expect(valueProblem(attribute, min), attribute).toBeUndefined();
      expect(valueProblem(attribute, max), attribute).toBeUndefined();
      expect(valueProblem(attribute, min - 1), attribute).toBe('impossible-value');
      expect(valueProblem(attribute, Number.NaN), attribute).toBe('not-a-number');
      expect(valueProblem(attribute, '12'), attribute).toBe('wrong-type');
    }
    expect(valueProblem('powerState', 'on')).toBeUndefined();
    expect(valueProblem('powerState', 1)).toBe('wrong-type');
    expect(shownAttributeList()).toEqual(expect.arrayContaining(['location', 'dateObserved', 'no2', 'LAeq', 'intensity', 'fillingLevel', 'powerState']));
  });
});

describe('outage banner words', () => {
  it('data age in words', () => {
    expect([0, 59_999, 60_000, 3_599_999, 3_600_000, 90_000_000, -5].map(ageInWords)).toEqual(['0 s', '59 s', '1 min', '59 min', '1 h', '1 d', '0 s']);
  });

  it('says why, since when and that it reconnects', () => {
    const data = Date.parse('2026-03-21T12:34:00Z');
    // The district's time zone (12:34 UTC is 13:34 CET on 21 March), as in the sensor panels.
    const text = outageText('the NGSI-LD broker http://b is not reachable.', data, data + 5 * 60_000, 'Europe/Berlin');
    expect(text).toBe('Live data unavailable: the NGSI-LD broker http://b is not reachable. Showing data from 13:34 (5 min old). Reconnecting…');
    expect(outageText(null, null, 0, 'Europe/Berlin')).toBe('Live data unavailable: the connection was lost. No live data has been received yet. Reconnecting…');
  });

  it('the data time is the newest trusted observation', () => {
    const sensors = {
      a: { id: 'a', type: 'Streetlight' as const, position: null, problems: [], readings: { x: { attribute: 'x', datasetId: '', value: 1, observedAtMs: 5 }, y: { attribute: 'y', datasetId: '', value: 1, observedAtMs: 99, problem: 'impossible-value' as const } } },
      b: { id: 'b', type: 'Streetlight' as const, position: null, problems: [], readings: { x: { attribute: 'x', datasetId: '', value: 1, observedAtMs: 7 } } },
    };
    expect(newestObservationMs(sensors)).toBe(7);
    expect(newestObservationMs({})).toBeNull();
  });
});
