/**
 * Air chain on the demo district (issue 9): city roads → EMEP/EEA emissions → CALINE3 maps →
 * background, NO2 conversion, exposure per building, CO2 and the station comparison; each step
 * checked against an independent computation or an invariant, nothing against stored numbers.
 */
import { describe, expect, it } from 'vitest';
import { expectClose } from '../support/expect-close';
import { generateDemoDistrict } from '../../src/twin/demo';
import { FLOW_STRIDE, VEHICLE_CATEGORIES } from '../../src/twin/city-model';
import { periodTraffic, runAirJob, type AirJob, type AirStation } from '../../src/sim-workers/air-job';
import { emissionFactorGPerKm, EMISSION_CATEGORIES } from '../../src/sim/air/emission-factors';
import { populationWeightedMean } from '../../src/sim/air/exposure';
import { CancelledError } from '../../src/sim/core/progress';

const city = generateDemoDistrict();
const weather = { windSpeedMPerS: 3, windFromDeg: 240, stability: 4 as const };
const stations: AirStation[] = [
  { id: 'urn:a', xM: -300, yM: -300, observed: { NO2: 18, PM10: 17, 'PM2.5': 11, O3: 50 } },
  { id: 'urn:b', xM: 0, yM: 0, observed: { NO2: 32, PM10: 22, 'PM2.5': 14 } },
  { id: 'urn:c', xM: 350, yM: 200, observed: { NO2: 24, PM10: 19 } },
];
const job: AirJob = { mode: 'hourly', weather, cellSizeM: 40, stations };
const result = runAirJob(city, job);

describe('air chain on the demo district', () => {
  it('maps every pollutant on the grid, NaN under buildings, never below the background', () => {
    const cells = result.grid.cols * result.grid.rows;
    for (const p of ['NO2', 'PM10', 'PM2.5'] as const) {
      const m = result.maps[p];
      expect(m).toBeDefined();
      if (m === undefined) return;
      expect(m.values.length).toBe(cells);
      let finite = 0;
      for (const v of m.values) if (Number.isFinite(v)) finite++;
      expect(finite).toBeGreaterThan(cells / 2);
      expect(finite).toBeLessThan(cells);
      // The lowest background of the stations reporting the species bounds every value from below.
      const lowest = Math.min(...stations.map((s) => s.observed[p] ?? Infinity));
      for (const v of m.values) if (Number.isFinite(v)) expect(v).toBeGreaterThanOrEqual(lowest - 1e-6);
      expect(m.maxUgPerM3).toBeGreaterThan(m.meanUgPerM3);
    }
  });

  it('exposure is the residents-weighted mean of the buildings’ most-exposed-facade values', () => {
    for (const p of ['NO2', 'PM10', 'PM2.5'] as const) {
      const m = result.maps[p];
      if (m === undefined) throw new Error(`no ${p}`);
      expect(m.buildingValues.length).toBe(city.buildings.count);
      expectClose(m.populationWeightedUgPerM3, populationWeightedMean(m.buildingValues, city.buildings.residents), { rel: 1e-12 });
    }
  });

  it('CO2 equals Σ flow × EF(speed) × length over the roads (day period)', () => {
    let kgPerH = 0;
    const { roads } = city;
    const { speeds } = periodTraffic(city, 0);
    for (let r = 0; r < roads.count; r++) {
      let len = 0;
      for (let v = roads.vertexOffset[r] as number; v + 1 < (roads.vertexOffset[r + 1] as number); v++) len += Math.hypot((roads.xyz[3 * v + 3] as number) - (roads.xyz[3 * v] as number), (roads.xyz[3 * v + 4] as number) - (roads.xyz[3 * v + 1] as number));
      for (let c = 0; c < VEHICLE_CATEGORIES.length; c++) {
        const f = roads.flowVehH[r * FLOW_STRIDE + c] as number;
        if (!(f > 0)) continue;
        kgPerH += (f * emissionFactorGPerKm(EMISSION_CATEGORIES[c] ?? '1', 'CO2', speeds[r * VEHICLE_CATEGORIES.length + c] as number) * len) / 1000 / 1000;
      }
    }
    expectClose(result.co2.totalKgPerH, kgPerH, { rel: 1e-6 });
  });

  it('compares each station with its road increment plus the nearest OTHER station as background', () => {
    const no2 = result.stations.filter((s) => s.pollutant === 'NO2');
    expect(no2.map((s) => s.id)).toEqual(['urn:a', 'urn:b', 'urn:c']);
    for (const s of result.stations) {
      expect(s.roadIncrementUgPerM3).toBeGreaterThanOrEqual(0);
      expect(s.backgroundUgPerM3).not.toBe(stations.find((x) => x.id === s.id)?.observed[s.pollutant]);
    }
    expect(result.evaluation.NO2?.n).toBe(3);
    expect(result.evaluation.PM10?.n).toBe(3);
    expect(result.evaluation['PM2.5']?.n).toBe(2);
  });

  it('PM road increments double when every flow doubles (the chain is linear in traffic)', () => {
    const doubled = structuredClone(city);
    for (let i = 0; i < doubled.roads.flowVehH.length; i++) doubled.roads.flowVehH[i] = (doubled.roads.flowVehH[i] as number) * 2;
    const noBg: AirJob = { mode: 'hourly', weather, cellSizeM: 40, pollutants: ['PM10'] };
    const one = runAirJob(city, noBg).maps.PM10?.values;
    const two = runAirJob(doubled, noBg).maps.PM10?.values;
    if (one === undefined || two === undefined) throw new Error('no PM10');
    let worst = 0;
    for (let i = 0; i < one.length; i++) if (Number.isFinite(one[i])) worst = Math.max(worst, Math.abs((two[i] as number) - 2 * (one[i] as number)));
    expect(worst).toBeLessThan(1e-4);
  });

  it('a period mean with one case of weight 1 equals the hourly map, and cancellation stops the run', () => {
    const mean = runAirJob(city, { mode: 'period-mean', weatherCases: [{ ...weather, weight: 1, hours: 1 }], cellSizeM: 80, pollutants: ['PM2.5'] });
    const hour = runAirJob(city, { mode: 'hourly', weather, cellSizeM: 80, pollutants: ['PM2.5'] });
    expect(Array.from(mean.maps['PM2.5']?.values ?? [])).toEqual(Array.from(hour.maps['PM2.5']?.values ?? []));
    expect(() => runAirJob(city, { ...job, cellSizeM: 80 }, { signal: { aborted: true } })).toThrow(CancelledError);
    expect(() => runAirJob(city, { mode: 'period-mean', weatherCases: [{ ...weather, weight: 0.5, hours: 1 }] })).toThrow(/weights must sum to 1/);
  });

  it('a period mean of cases with their own traffic periods is the weighted mean of the hourly maps of those periods', () => {
    const opts = { cellSizeM: 80, pollutants: ['PM10'] as const };
    const day = runAirJob(city, { mode: 'hourly', weather, flowPeriod: 'day', ...opts }).maps.PM10?.values;
    const night = runAirJob(city, { mode: 'hourly', weather, flowPeriod: 'night', ...opts }).maps.PM10?.values;
    const mean = runAirJob(city, { mode: 'period-mean', weatherCases: [{ ...weather, weight: 0.75, hours: 3, flowPeriod: 'day' }, { ...weather, weight: 0.25, hours: 1, flowPeriod: 'night' }], ...opts });
    const m = mean.maps.PM10?.values;
    if (day === undefined || night === undefined || m === undefined) throw new Error('no PM10');
    let worst = 0;
    for (let i = 0; i < m.length; i++) if (Number.isFinite(m[i])) worst = Math.max(worst, Math.abs((m[i] as number) - (0.75 * (day[i] as number) + 0.25 * (night[i] as number))));
    expect(worst).toBeLessThan(1e-5);
    expect(Math.max(...Array.from(night).filter(Number.isFinite))).toBeLessThan(Math.max(...Array.from(day).filter(Number.isFinite)));
  });
});
