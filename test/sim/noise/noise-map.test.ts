/** Noise map kernel: point sources, grid receivers, Lden, classes, progress and cancellation. */
import { describe, expect, it } from 'vitest';
import { CancelledError, type ProgressReport } from '../../../src/sim/core/progress';
import { NOISE_CLASSES, NOISE_THRESHOLDS, noiseClassIndex } from '../../../src/sim/noise/noise-classes';
import { aggregateByRoad, computeAttenuations, lden, pointSourcePower, resumPeriod, resumRoads, roadLinePower } from '../../../src/sim/noise/noise-map';
import { gridReceivers, roadPointSources, ROAD_SOURCE_HEIGHT_M, type NoiseBuildings, type NoiseRoads } from '../../../src/sim/noise/noise-scene';
import { PathFinder } from '../../../src/sim/noise/path-finder';
import { ROAD_COEFFICIENTS_2015 } from '../../../src/sim/noise/road-coefficients-2015';
import { roadLineEmission } from '../../../src/sim/noise/road-emission';

const ATMOSPHERE = { temperatureC: 15, humidityPercent: 70 };
const ALPHA = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];
const BUILDING: NoiseBuildings = { count: 1, ringStart: Uint32Array.from([0, 1]), ringOffset: Uint32Array.from([0, 4]), xy: Float64Array.from([40, 10, 60, 10, 60, 30, 40, 30]), heightM: Float64Array.from([10]) };
const ROADS: NoiseRoads = { count: 1, vertexOffset: Uint32Array.from([0, 3]), xyz: Float64Array.from([0, 0, 0, 70, 0, 0, 70, 25, 0]) };

describe('noise map kernel', () => {
  it('cuts roads into point sources that keep the road length, at 0.05 m', () => {
    const s = roadPointSources(ROADS, 10);
    let total = 0;
    for (let i = 0; i < s.count; i++) {
      total += s.lengthM[i] ?? 0;
      expect(s.lengthM[i]).toBeLessThanOrEqual(10);
      expect(s.z[i]).toBe(ROAD_SOURCE_HEIGHT_M);
    }
    expect(total).toBeCloseTo(95, 9);
    expect(() => roadPointSources(ROADS, 0)).toThrow(/step/);
  });

  it('puts grid receivers every step at 4 m and none inside buildings', () => {
    const big: NoiseBuildings = { ...BUILDING, xy: Float64Array.from([35, 5, 65, 5, 65, 35, 35, 35]) };
    const r = gridReceivers(0, 0, 100, 50, big);
    expect(r.count).toBe(11 * 6 - 9); // 3 × 3 grid nodes (x 40…60, y 10…30) fall inside the footprint
    for (let i = 0; i < r.count; i++) {
      expect(r.z[i]).toBe(4);
      const inside = (r.x[i] ?? 0) > 35 && (r.x[i] ?? 0) < 65 && (r.y[i] ?? 0) > 5 && (r.y[i] ?? 0) < 35;
      expect(inside).toBe(false);
    }
  });

  it('a receiver behind the building is quieter than one in the open at the same distance', () => {
    const sources = roadPointSources({ count: 1, vertexOffset: Uint32Array.from([0, 2]), xyz: Float64Array.from([0, 0, 0, 100, 0, 0]) }, 5);
    const receivers = { count: 2, x: Float64Array.from([50, 90]), y: Float64Array.from([40, 40]), z: Float64Array.from([4, 4]) };
    const wide: NoiseBuildings = { ...BUILDING, xy: Float64Array.from([30, 10, 70, 10, 70, 30, 30, 30]) };
    const store = computeAttenuations(sources, receivers, wide, { groundG: 0.5, facadeAlpha: ALPHA, reflectionRadiusM: 0, atmosphere: ATMOSPHERE, maxDistanceM: 60 });
    const flows = new Float64Array(15).fill(300);
    const power = pointSourcePower(ROAD_COEFFICIENTS_2015, sources, 1, { flowVehH: flows, speedKmh: new Float64Array(15).fill(50), surface: [''] }, 'day', 15, new Float64Array(sources.count * 8));
    const l = resumPeriod(store, power, 0.5, new Float64Array(2));
    expect(l[0] ?? 0).toBeLessThan((l[1] ?? 0) - 5);
  });

  it('point source power is the road Lw′ plus 10 lg(length)', () => {
    const sources = roadPointSources(ROADS, 10);
    const flows = new Float64Array(15);
    flows[0] = 800; // day, category 1
    const speeds = new Float64Array(15).fill(50);
    const power = pointSourcePower(ROAD_COEFFICIENTS_2015, sources, 1, { flowVehH: flows, speedKmh: speeds, surface: ['NL01'] }, 'day', 15, new Float64Array(sources.count * 8));
    const lwPrime = roadLineEmission(
      ROAD_COEFFICIENTS_2015,
      { speedKmh: { '1': 50, '2': 50, '3': 50, '4a': 50, '4b': 50 }, flowPerHour: { '1': 800, '2': 0, '3': 0, '4a': 0, '4b': 0 }, temperatureC: 15, surface: 'NL01', studdedMonths: 0, studdedShare: 0, junctionDistanceM: 1e9, junctionType: 0, slopePercent: 0, clampSlope: true, direction: 'both' },
      4,
    );
    expect(power[4]).toBeCloseTo(lwPrime + 10 * Math.log10(sources.lengthM[0] ?? 0), 10);
  });

  it('the receiver–road re-sum gives the per-source re-sum (Float32 gains: within 1e-4 dB)', () => {
    const roads: NoiseRoads = { count: 2, vertexOffset: Uint32Array.from([0, 3, 5]), xyz: Float64Array.from([0, 0, 0, 70, 0, 0, 70, 25, 0, -20, 50, 0, 90, 55, 0]) };
    const sources = roadPointSources(roads, 7);
    const receivers = gridReceivers(-10, -20, 100, 80, BUILDING, 15, 4);
    const store = computeAttenuations(sources, receivers, BUILDING, { groundG: 0.5, facadeAlpha: ALPHA, reflectionRadiusM: 30, atmosphere: ATMOSPHERE, maxDistanceM: 500 });
    const traffic = { flowVehH: Array.from({ length: 30 }, (_, i) => 100 + 37 * i), speedKmh: new Array<number>(30).fill(50), surface: ['', 'NL01'] };
    for (const p of [0, 0.35, 1]) {
      const perSource = resumPeriod(store, pointSourcePower(ROAD_COEFFICIENTS_2015, sources, 2, traffic, 'evening', 12, new Float64Array(sources.count * 8)), p, new Float64Array(receivers.count));
      const folded = aggregateByRoad(store, sources, p);
      expect(folded.pairRoad.length).toBeLessThanOrEqual(2 * receivers.count);
      const perRoad = resumRoads(folded, roadLinePower(ROAD_COEFFICIENTS_2015, 2, traffic, 'evening', 12, new Float64Array(16)), new Float64Array(receivers.count));
      for (let r = 0; r < receivers.count; r++) expect(Math.abs((perRoad[r] ?? 0) - (perSource[r] ?? 0))).toBeLessThanOrEqual(1e-4);
    }
  });

  it('Lden weights evening +5 dB and night +10 dB over 12/4/8 hours', () => {
    expect(lden(60, 55, 50)).toBeCloseTo(10 * Math.log10((12 * 1e6 + 4 * 1e6 + 8 * 1e6) / 24), 12);
    expect(lden(60, 60, 60)).toBeCloseTo(60 + 10 * Math.log10((12 + 4 * 10 ** 0.5 + 8 * 10) / 24), 12);
  });

  it('5-dB classes and thresholds', () => {
    expect(NOISE_CLASSES[noiseClassIndex(57)]?.label).toBe('55–59');
    expect(NOISE_CLASSES[noiseClassIndex(20)]?.label).toBe('< 35');
    expect(NOISE_CLASSES[noiseClassIndex(85)]?.label).toBe('≥ 80');
    expect(NOISE_THRESHOLDS).toEqual({ endLden: 55, endLnight: 50, whoRoadLden: 53, whoRoadLnight: 45 });
  });

  it('the building grid index finds the same paths whatever its cell size', () => {
    let seed = 5;
    const rnd = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const n = 40;
    const xy = new Float64Array(8 * n);
    for (let i = 0; i < n; i++) {
      const x = rnd() * 300;
      const y = rnd() * 300;
      xy.set([x, y, x + 12, y, x + 12, y + 9, x, y + 9], 8 * i);
    }
    const city: NoiseBuildings = { count: n, ringStart: Uint32Array.from({ length: n + 1 }, (_, i) => i), ringOffset: Uint32Array.from({ length: n + 1 }, (_, i) => 4 * i), xy, heightM: new Float64Array(n).fill(12) };
    const base = { groundG: 0.5, facadeAlpha: ALPHA, reflectionRadiusM: 60, atmosphere: ATMOSPHERE };
    const fine = new PathFinder(city, { ...base, gridCellM: 3 });
    const coarse = new PathFinder(city, { ...base, gridCellM: 1000 });
    const a = new Float64Array(8);
    const b = new Float64Array(8);
    const c = new Float64Array(8);
    const d = new Float64Array(8);
    for (let k = 0; k < 200; k++) {
      const p = [rnd() * 300, rnd() * 300, rnd() * 300, rnd() * 300] as const;
      fine.attenuation(p[0], p[1], 0.05, p[2], p[3], 4, a, b);
      coarse.attenuation(p[0], p[1], 0.05, p[2], p[3], 4, c, d);
      for (let band = 0; band < 8; band++) {
        expect(a[band]).toBeCloseTo(c[band] ?? 0, 9);
        expect(b[band]).toBeCloseTo(d[band] ?? 0, 9);
      }
    }
  });

  it('reports progress and stops when cancelled', () => {
    const sources = roadPointSources(ROADS, 10);
    const receivers = gridReceivers(0, 0, 100, 50, BUILDING, 5);
    const reports: ProgressReport[] = [];
    const options = { groundG: 0.5, facadeAlpha: ALPHA, reflectionRadiusM: 20, atmosphere: ATMOSPHERE, maxDistanceM: 200 };
    computeAttenuations(sources, receivers, BUILDING, options, { onProgress: (r) => reports.push(r) });
    expect(reports.length).toBeGreaterThan(1);
    expect(reports.at(-1)?.fraction).toBe(1);
    expect(() => computeAttenuations(sources, receivers, BUILDING, options, { signal: { aborted: true } })).toThrow(CancelledError);
  });
});
