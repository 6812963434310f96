/**
 * The air panel worker's dispersion cache (src/sim-workers/air-dispersion-cache.ts): a rerun with
 * other flows, speeds or traffic period reuses the unit contributions and gives exactly the maps of
 * a run from an empty cache; a change of geometry or receivers starts over.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '../../../src/twin/demo';
import { runAirJob, type AirJob } from '../../../src/sim-workers/air-job';
import { AirDispersionCache, airDispersionGeometryKey } from '../../../src/sim-workers/air-dispersion-cache';
import type { CityModel } from '../../../src/twin/city-model';

const city = generateDemoDistrict();
const weather = { windSpeedMPerS: 3, windFromDeg: 240, stability: 4 as const };
const job: AirJob = { mode: 'hourly', weather, cellSizeM: 40, bounds: { minX: -150, minY: -150, maxX: 150, maxY: 150 }, pollutants: ['NO2', 'PM10'] };

/** A copy of the city whose day speeds are all `speedKmh` (flows and geometry shared). */
function withSpeed(c: CityModel, speedKmh: number): CityModel {
  return { ...c, roads: { ...c.roads, speedKmh: c.roads.speedKmh.map((v) => (Number.isFinite(v) ? speedKmh : v)) } };
}

describe('air dispersion cache of the panel worker', () => {
  it('keys on geometry and receivers, not on weather, traffic period, speeds or pollutants', () => {
    const key = airDispersionGeometryKey(city, job);
    expect(airDispersionGeometryKey(withSpeed(city, 30), { ...job, weather: { ...weather, windFromDeg: 10 }, flowPeriod: 'night', pollutants: ['PM2.5'] })).toBe(key);
    const taller = { ...city, buildings: { ...city.buildings, heightM: city.buildings.heightM.map((h, i) => (i === 0 ? h + 3 : h)) } };
    expect(airDispersionGeometryKey(taller, job)).not.toBe(key);
    expect(airDispersionGeometryKey(city, { ...job, cellSizeM: 20 })).not.toBe(key);
    expect(airDispersionGeometryKey(city, { ...job, stations: [{ id: 's', xM: 1, yM: 2, observed: {} }] })).not.toBe(key);
  });

  it('a speed change re-sums the stored contributions and matches a fresh run exactly', () => {
    const cache = new AirDispersionCache();
    runAirJob(city, job, undefined, cache.runsFor(city, job));
    const slower = withSpeed(city, 30);
    const runs = cache.runsFor(slower, job);
    expect(runs.size).toBe(1);
    const reused = runAirJob(slower, job, undefined, runs);
    expect(runs.size).toBe(1);
    expect(cache).toMatchObject({ hits: 1, misses: 1 });
    const fresh = runAirJob(slower, job);
    expect(reused.maps).toEqual(fresh.maps);
    expect(reused.co2).toEqual(fresh.co2);
  }, 60_000);

  it('starts over on a new geometry and when too many weather conditions are held', () => {
    const cache = new AirDispersionCache(1);
    const a = cache.runsFor(city, job);
    a.set('w1', { linkCount: 0, receiverCount: 0, linkStart: new Uint32Array(1), receiver: new Uint32Array(0), value: new Float32Array(0) });
    expect(cache.runsFor(city, job)).toBe(a);
    a.set('w2', { linkCount: 0, receiverCount: 0, linkStart: new Uint32Array(1), receiver: new Uint32Array(0), value: new Float32Array(0) });
    const b = cache.runsFor(city, job);
    expect(b).not.toBe(a);
    expect(b.size).toBe(0);
    expect(cache.runsFor(city, { ...job, cellSizeM: 50 })).not.toBe(b);
    expect(cache).toMatchObject({ hits: 1, misses: 3 });
  });
});
