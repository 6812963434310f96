/**
 * Display rules of live sensors (src/ui/sensor-display.ts) and the marker list the scene draws
 * (src/scene/sensor-markers.ts): colour per value on each family's legend, readings with problems
 * drawn grey with the reason in words, the value at an instant of a replayed history, filtering,
 * staleness.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileLegend } from '../../src/results/colour-scale';
import { NOISE_CLASSES } from '../../src/sim/noise/noise-classes';
import type { ReadingHistory, Sensor, SensorReading, SensorType, SensorsState } from '../../src/state/sensors-store';
import { NO_VALUE_COLOUR, PROBLEM_COLOUR, SENSOR_KINDS, kindLegend, kindRule, lookupAt, mainValue, markerLook, sampleIndexAt, type SensorKind } from '../../src/ui/sensor-display';
import { fadedColour, markerItems } from '../../src/scene/sensor-markers';

const reading = (attribute: string, value: SensorReading['value'], extra: Partial<SensorReading> = {}): SensorReading => ({ attribute, datasetId: '', value, observedAtMs: 1_000, ...extra });

function sensor(type: SensorType, readings: SensorReading[], extra: Partial<Sensor> = {}): Sensor {
  return { id: `urn:ngsi-ld:${type}:test:${readings.map((r) => r.attribute).join('-')}`, type, position: { x: 0, y: 0, z: 0 }, readings: Object.fromEntries(readings.map((r) => [r.attribute, r])), problems: [], ...extra };
}

describe('colour per value on the family legend', () => {
  const cases: { type: SensorType; readings: SensorReading[]; displayed: number; colour: string }[] = [
    // EAQI NO2 bands (EEA): 0–40 good, 40–90 fair, 90–120 moderate, 120–230 poor, 230–340 very poor, ≥ 340 extremely poor.
    { type: 'AirQualityObserved', readings: [reading('no2', 20, { unitCode: 'GQ' })], displayed: 20, colour: '#50f0e6' },
    { type: 'AirQualityObserved', readings: [reading('no2', 100, { unitCode: 'GQ' })], displayed: 100, colour: '#f0e641' },
    { type: 'AirQualityObserved', readings: [reading('no2', 400, { unitCode: 'GQ' })], displayed: 400, colour: '#7d2181' },
    // PM10 alone uses its own EAQI bands: 45 µg/m³ is "moderate" (40–50).
    { type: 'AirQualityObserved', readings: [reading('pm10', 45, { unitCode: 'GQ' })], displayed: 45, colour: '#f0e641' },
    { type: 'NoiseLevelObserved', readings: [reading('LAeq', 62.4, { unitCode: '2N' })], displayed: 62.4, colour: NOISE_CLASSES.find((c) => c.label === '60–64')?.colour ?? '' },
    { type: 'TrafficFlowObserved', readings: [reading('intensity', 0)], displayed: 0, colour: '#1a9850' },
    { type: 'TrafficFlowObserved', readings: [reading('intensity', 1000)], displayed: 1000, colour: '#fee08b' },
    { type: 'TrafficFlowObserved', readings: [reading('intensity', 5000)], displayed: 5000, colour: '#d73027' },
    { type: 'WeatherObserved', readings: [reading('temperature', 35, { unitCode: 'CEL' })], displayed: 35, colour: '#a50026' },
    { type: 'OnStreetParking', readings: [reading('occupancy', 0.9, { unitCode: 'C62' })], displayed: 90, colour: '#fc8d59' },
    { type: 'OnStreetParking', readings: [reading('availableSpotNumber', 2), reading('totalSpotNumber', 20)], displayed: 90, colour: '#fc8d59' },
    { type: 'ParkingSpot', readings: [reading('status', 'occupied')], displayed: 100, colour: '#d73027' },
    { type: 'ParkingSpot', readings: [reading('status', 'free')], displayed: 0, colour: '#1a9850' },
    { type: 'Streetlight', readings: [reading('powerState', 'on')], displayed: 100, colour: '#ffd23f' },
    { type: 'Streetlight', readings: [reading('powerState', 'off')], displayed: 0, colour: '#3b4a6b' },
    { type: 'WasteContainer', readings: [reading('fillingLevel', 0.3, { unitCode: 'C62' })], displayed: 30, colour: '#1a9850' },
    { type: 'WasteContainer', readings: [reading('fillingLevel', 97, { unitCode: 'P1' })], displayed: 97, colour: '#d73027' },
  ];
  it.each(cases)('$type $readings.0.attribute=$readings.0.value → $displayed, $colour', ({ type, readings, displayed, colour }) => {
    const look = markerLook(sensor(type, readings));
    expect(look.problems).toEqual([]);
    expect(look.main?.value).toBeCloseTo(displayed, 9);
    expect(look.colour).toBe(colour);
  });

  it('every family has a legend with a unit, and a marker takes exactly its legend colour (property)', () => {
    const samples: Record<SensorKind, { type: SensorType; attribute: string; unitCode?: string; scale: number }> = {
      air: { type: 'AirQualityObserved', attribute: 'no2', unitCode: 'GQ', scale: 1 },
      noise: { type: 'NoiseLevelObserved', attribute: 'LAeq', unitCode: '2N', scale: 1 },
      traffic: { type: 'TrafficFlowObserved', attribute: 'intensity', scale: 1 },
      weather: { type: 'WeatherObserved', attribute: 'temperature', unitCode: 'CEL', scale: 1 },
      parking: { type: 'OnStreetParking', attribute: 'occupancy', unitCode: 'C62', scale: 0.01 },
      light: { type: 'Streetlight', attribute: 'illuminanceLevel', unitCode: 'C62', scale: 0.01 },
      waste: { type: 'WasteContainer', attribute: 'fillingLevel', unitCode: 'C62', scale: 0.01 },
    };
    for (const kind of SENSOR_KINDS) {
      const legend = kindLegend(kind);
      expect(legend.unit, kind).not.toBe('');
      const colours = compileLegend(legend);
      const { type, attribute, unitCode, scale } = samples[kind];
      const [min, max] = kindRule(kind).range;
      fc.assert(
        fc.property(fc.double({ min, max, noNaN: true }), (displayed) => {
          const look = markerLook(sensor(type, [reading(attribute, displayed * scale, unitCode === undefined ? {} : { unitCode })]));
          expect(look.problems).toEqual([]);
          expect(look.colour).toBe(colours.hex(look.main?.value ?? Number.NaN));
        }),
        { seed: 5, numRuns: 200 },
      );
    }
  });
});

describe('readings with problems', () => {
  it('a problem reported by the feed makes the marker grey and says why', () => {
    const look = markerLook(sensor('NoiseLevelObserved', [reading('LAeq', 61, { problem: 'missing-time' })]));
    expect(look.colour).toBe(PROBLEM_COLOUR);
    expect(look.problems).toEqual(['LAeq: the reading has no time of observation']);
  });

  it.each([
    { value: Number.NaN, problem: 'not-a-number', words: /not a number/ },
    { value: null, problem: 'not-a-number', words: /not a number/ },
    { value: 'high', problem: 'wrong-type', words: /wrong type/ },
    { value: -5, problem: 'impossible-value', words: /physically impossible/ },
    { value: 1e6, problem: 'impossible-value', words: /physically impossible/ },
  ])('NO2 = $value → $problem', ({ value, problem, words }) => {
    const look = markerLook(sensor('AirQualityObserved', [reading('no2', value)]));
    expect(look.main?.problem).toBe(problem);
    expect(look.colour).toBe(PROBLEM_COLOUR);
    expect(look.problems[0]).toMatch(words);
  });

  it('an entity problem is told in words; an unknown one is shown as given', () => {
    const look = markerLook(sensor('WasteContainer', [reading('fillingLevel', 0.2, { unitCode: 'C62' })], { problems: ['missing-location', 'battery low'] }));
    expect(look.colour).toBe(PROBLEM_COLOUR);
    expect(look.problems).toEqual(['the sensor has no usable location, so it is not on the map', 'battery low']);
  });

  it('a problem in another reading is listed (badge) but the marker keeps its value colour; a replay does not show it', () => {
    const s = sensor('NoiseLevelObserved', [reading('LAeq', 47, { unitCode: '2N' }), reading('LAmax', null, { problem: 'not-a-number' })]);
    const look = markerLook(s);
    expect(look.colour).toBe(NOISE_CLASSES.find((c) => c.label === '45–49')?.colour);
    expect(look.problems).toEqual(['LAmax: the value is not a number']);
    const replayed = markerLook(s, lookupAt(s, { LAeq: { timesMs: [0], values: [47] } }, 10));
    expect(replayed.problems).toEqual([]);
  });

  it('a sensor with none of its main values yet is drawn as "no value", not as a problem', () => {
    const look = markerLook(sensor('TrafficFlowObserved', [reading('averageVehicleSpeed', 40, { unitCode: 'KMH' })]));
    expect(look.main).toBeNull();
    expect(look.problems).toEqual([]);
    expect(look.colour).toBe(NO_VALUE_COLOUR);
  });
});

describe('value at an instant of a history', () => {
  it('sampleIndexAt finds the last sample at or before the instant (property against a linear scan)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 40 }), fc.integer({ min: -10, max: 1010 }), (raw, at) => {
        const times = [...raw].sort((a, b) => a - b);
        let expected = -1;
        times.forEach((tm, k) => {
          if (tm <= at) expected = k;
        });
        expect(sampleIndexAt(times, at)).toBe(expected);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('lookupAt replays the value held at the instant, with the current unit', () => {
    const s = sensor('NoiseLevelObserved', [reading('LAeq', 70, { unitCode: '2N', observedAtMs: 10_000 })]);
    const history: Record<string, ReadingHistory> = { LAeq: { timesMs: [1000, 2000, 3000], values: [50, 58, 66] } };
    expect(lookupAt(s, history, 999)('LAeq')).toBeUndefined();
    expect(lookupAt(s, history, 1000)('LAeq')).toEqual({ attribute: 'LAeq', datasetId: '', value: 50, observedAtMs: 1000, unitCode: '2N' });
    expect(lookupAt(s, history, 2999)('LAeq')?.value).toBe(58);
    expect(mainValue('noise', lookupAt(s, history, 5000))?.value).toBe(66);
    expect(lookupAt(s, undefined, 5000)('LAeq')).toBeUndefined();
  });
});

describe('marker list of the scene', () => {
  const base: Pick<SensorsState, 'sensors' | 'hiddenTypes' | 'replayAtMs' | 'replayHistory' | 'connection'> = {
    sensors: {},
    hiddenTypes: [],
    replayAtMs: null,
    replayHistory: {},
    connection: { status: 'live', sinceMs: 0, lastMessageMs: null, error: null },
  };
  const noise = sensor('NoiseLevelObserved', [reading('LAeq', 47, { unitCode: '2N' })]);
  const bin = sensor('WasteContainer', [reading('fillingLevel', 0.99, { unitCode: 'C62' })]);
  const lost = sensor('TrafficFlowObserved', [reading('intensity', 300)], { position: null, problems: ['missing-location'] });
  const sensors = { [noise.id]: noise, [bin.id]: bin, [lost.id]: lost };

  it('groups shown sensors by family, leaves out hidden types and sensors without a location', () => {
    const items = markerItems({ ...base, sensors });
    expect(items.noise.map((m) => m.colour)).toEqual([NOISE_CLASSES.find((c) => c.label === '45–49')?.colour]);
    expect(items.waste.map((m) => m.colour)).toEqual(['#d73027']);
    expect(items.traffic).toEqual([]);
    const hidden = markerItems({ ...base, sensors, hiddenTypes: ['WasteContainer'] });
    expect(hidden.waste).toEqual([]);
    expect(hidden.noise).toHaveLength(1);
  });

  it('fades markers while the connection is down, not during a replay', () => {
    const down = { ...base, sensors, connection: { ...base.connection, status: 'down' as const } };
    const items = markerItems(down);
    expect(items.noise[0]?.stale).toBe(true);
    expect(items.noise[0]?.colour).toBe(fadedColour(items.noise[0]?.valueColour ?? ''));
    expect(items.noise[0]?.colour).not.toBe(items.noise[0]?.valueColour);
    expect(markerItems({ ...down, replayAtMs: 0 }).noise[0]?.stale).toBe(false);
  });

  it('colours each marker by its value at the replayed instant', () => {
    const replayHistory = { [noise.id]: { LAeq: { timesMs: [0, 1000], values: [72, 41] } } };
    const at0 = markerItems({ ...base, sensors, replayHistory, replayAtMs: 500 });
    const at1 = markerItems({ ...base, sensors, replayHistory, replayAtMs: 1500 });
    expect(at0.noise[0]?.colour).toBe(NOISE_CLASSES.find((c) => c.label === '70–74')?.colour);
    expect(at1.noise[0]?.colour).toBe(NOISE_CLASSES.find((c) => c.label === '40–44')?.colour);
    // No history for the bin: no value at that instant.
    expect(at0.waste[0]?.colour).toBe(NO_VALUE_COLOUR);
  });
});
