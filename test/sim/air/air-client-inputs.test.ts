/** Live sensors → air job inputs (src/app/air-client.ts): weather, Turner class, stations, what had to be assumed; legend classes. */
import { describe, expect, it } from 'vitest';
import { airClasses, airInputsFromSensors, AIR_REFERENCE_VALUES, diurnalWeatherCases, SCENARIO_WEATHER } from '../../../src/app/air-client';
import { stabilityAt } from '../../../src/sim/air/meteorology';
import type { Sensor } from '../../../src/state/sensors-store';

const city = { origin: { lonDeg: 7.85, latDeg: 48, heightM: 300 }, timeZone: 'Europe/Berlin' };
const NOON_JUNE = Date.UTC(2026, 5, 21, 11, 30);

function sensor(id: string, type: Sensor['type'], readings: Record<string, number>, atMs: number, position: Sensor['position'] = { x: 10, y: 20, z: 0 }): Sensor {
  return { id, type, position, problems: [], readings: Object.fromEntries(Object.entries(readings).map(([k, v]) => [k, { attribute: k, datasetId: '', value: v, observedAtMs: atMs }])) };
}

describe('air inputs from live sensors', () => {
  it('takes the most recent WeatherObserved with a wind speed, and Turner stability from wind, cloud and the sun', () => {
    const sensors = {
      old: sensor('old', 'WeatherObserved', { windSpeed: 9, windDirection: 90 }, NOON_JUNE - 3_600_000),
      new: sensor('new', 'WeatherObserved', { windSpeed: 2, windDirection: 300, cloudiness: 0.25 }, NOON_JUNE),
    };
    const r = airInputsFromSensors(sensors, city, NOON_JUNE);
    expect(r.weatherSensorId).toBe('new');
    expect(r.weather.windSpeedMPerS).toBe(2);
    expect(r.weather.windFromDeg).toBe(300);
    expect(r.cloudOctas).toBe(2);
    expect(r.weather.stability).toBe(stabilityAt({ windSpeedMPerS: 2, cloudCoverOctas: 2, latDeg: 48, lonDeg: 7.85, unixS: NOON_JUNE / 1000 }));
    // Light wind under a high summer sun is unstable (Turner: class A or B).
    expect(r.weather.stability).toBeLessThanOrEqual(2);
  });

  it('says what it assumed: no direction, no cloud, calm wind, no station', () => {
    const r = airInputsFromSensors({ w: sensor('w', 'WeatherObserved', { windSpeed: 0.4 }, NOON_JUNE) }, city, NOON_JUNE);
    expect(r.weather.windSpeedMPerS).toBe(1);
    expect(r.weather.windFromDeg).toBe(SCENARIO_WEATHER.windFromDeg);
    expect(r.assumed.join(' | ')).toMatch(/no wind direction.*no cloud cover.*below 1 m\/s.*no air-quality station/);
    const none = airInputsFromSensors({}, city, NOON_JUNE);
    expect(none.weather).toEqual(SCENARIO_WEATHER);
    expect(none.weatherAtMs).toBeNull();
  });

  it('turns located AirQualityObserved sensors into stations, skipping unlocated ones and bad values', () => {
    const sensors = {
      a: sensor('a', 'AirQualityObserved', { no2: 31, pm10: 20, pm25: 12, o3: 55 }, NOON_JUNE, { x: 100, y: -50, z: 0 }),
      b: { ...sensor('b', 'AirQualityObserved', { no2: 25 }, NOON_JUNE), position: null },
      c: sensor('c', 'AirQualityObserved', { no2: -3, pm10: 18 }, NOON_JUNE),
    };
    const r = airInputsFromSensors(sensors, city, NOON_JUNE);
    expect(r.stations).toEqual([
      { id: 'a', xM: 100, yM: -50, observed: { NO2: 31, PM10: 20, 'PM2.5': 12, O3: 55 } },
      { id: 'c', xM: 10, yM: 20, observed: { PM10: 18 } },
    ]);
  });

  it('bins a day of hours into cases whose weights sum to 1, stable at night and unstable at noon', () => {
    const cases = diurnalWeatherCases({ windSpeedMPerS: 2, windFromDeg: 240, stability: 4 }, 2, city, Date.UTC(2026, 5, 21) / 1000);
    expect(cases.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(1, 12);
    // Each hour keeps its traffic period: 12 day, 4 evening and 8 night hours (Directive 2002/49/EC).
    const share = (p: string) => cases.filter((c) => c.flowPeriod === p).reduce((s, c) => s + c.weight, 0);
    expect([share('day'), share('evening'), share('night')].map((v) => v * 24)).toEqual([12, 4, 8].map((v) => expect.closeTo(v, 9)));
    expect(Math.min(...cases.map((c) => c.stability))).toBeLessThanOrEqual(2);
    expect(Math.max(...cases.map((c) => c.stability))).toBeGreaterThanOrEqual(5);
  });

  it('has legend classes with breaks at the WHO 2021 guideline and the EU limit value', () => {
    for (const p of ['NO2', 'PM10', 'PM2.5'] as const) {
      const froms = airClasses(p).map((c) => c.from);
      expect(froms).toContain(AIR_REFERENCE_VALUES[p].who2021);
      expect(froms).toContain(AIR_REFERENCE_VALUES[p].euLimit);
      expect(airClasses(p).at(-1)?.to).toBe(Infinity);
    }
  });
});

describe('flow period of an instant', () => {
  it('follows the Directive 2002/49/EC day/evening/night hours in the city time zone', async () => {
    const { flowPeriodAt } = await import('../../../src/app/air-client');
    // 21 June 2026, Europe/Berlin is UTC+2.
    expect(flowPeriodAt(Date.UTC(2026, 5, 21, 5, 0), 'Europe/Berlin')).toBe('day'); // 07:00
    expect(flowPeriodAt(Date.UTC(2026, 5, 21, 4, 59), 'Europe/Berlin')).toBe('night'); // 06:59
    expect(flowPeriodAt(Date.UTC(2026, 5, 21, 17, 0), 'Europe/Berlin')).toBe('evening'); // 19:00
    expect(flowPeriodAt(Date.UTC(2026, 5, 21, 21, 0), 'Europe/Berlin')).toBe('night'); // 23:00
  });
});
