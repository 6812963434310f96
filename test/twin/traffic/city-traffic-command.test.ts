import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCityTraffic } from '../../../src/twin/traffic/city-traffic-command';

describe('twin traffic --city demo', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints one JSON summary with gap, TSTT, vehicle-km, unreachable pairs and busiest roads', async () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    expect(await runCityTraffic(['--city', 'demo', '--json', '--busiest', '3', '--gap', '1e-9'])).toBe(0);
    const s = JSON.parse(out) as { relativeGap: number; tsttVehH: number; vehicleKm: number; unreachablePairs: number; busiestRoads: { volumeCapacity: number }[] };
    expect(s.relativeGap).toBeLessThanOrEqual(1e-9);
    expect(s.tsttVehH).toBeGreaterThan(0);
    expect(s.vehicleKm).toBeGreaterThan(0);
    expect(s.unreachablePairs).toBe(0);
    expect(s.busiestRoads).toHaveLength(3);
    expect(s.busiestRoads[0]?.volumeCapacity).toBeGreaterThanOrEqual(s.busiestRoads[2]?.volumeCapacity ?? Infinity);
  });

  it('applies --close-road and --road-speed after the baseline and reports the largest flow changes', async () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    expect(await runCityTraffic(['--city', 'demo', '--json', '--busiest', '4', '--gap', '1e-9', '--close-road', 'road-main-3', '--road-speed', 'road-main-2=20'])).toBe(0);
    const s = JSON.parse(out) as {
      tsttVehH: number;
      whatIf: { changes: { road: string; kind: string }[]; figures: { relativeGap: number; tsttVehH: number; unreachable: unknown[] }; largestChanges: { road: string; baselineVehH: number; whatIfVehH: number; differenceVehH: number }[] };
    };
    expect(s.whatIf.changes).toEqual([{ road: 'road-main-3', kind: 'close' }, { road: 'road-main-2', kind: 'speed', speedKmh: 20 }]);
    expect(s.whatIf.figures.relativeGap).toBeLessThanOrEqual(1e-9);
    expect(s.whatIf.figures.unreachable).toEqual([]);
    expect(s.whatIf.largestChanges).toHaveLength(4);
    const closed = s.whatIf.largestChanges.find((c) => c.road === 'road-main-3');
    expect(closed?.whatIfVehH).toBe(0);
    for (const c of s.whatIf.largestChanges) expect(c.differenceVehH).toBeCloseTo(c.whatIfVehH - c.baselineVehH, 3);
  });

  it('solves with Algorithm B on --method b and refuses another method by name', async () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    expect(await runCityTraffic(['--city', 'demo', '--json', '--method', 'b', '--gap', '1e-9', '--close-road', 'road-main-3'])).toBe(0);
    const s = JSON.parse(out) as { relativeGap: number; whatIf: { figures: { relativeGap: number } } };
    expect(s.relativeGap).toBeLessThanOrEqual(1e-9);
    expect(s.whatIf.figures.relativeGap).toBeLessThanOrEqual(1e-9);
    await expect(runCityTraffic(['--city', 'demo', '--method', 'fw'])).rejects.toThrow(/--method must be gp or b for a city, got 'fw'/);
  });

  it('names an unknown road id', async () => {
    await expect(runCityTraffic(['--city', 'demo', '--close-road', 'no-such-road'])).rejects.toThrow(/--close-road: no road with id 'no-such-road'/);
    await expect(runCityTraffic(['--city', 'demo', '--road-speed', 'road-main-2'])).rejects.toThrow(/--road-speed expects ID=KMH/);
  });

  it('rejects a negative option value by name', async () => {
    await expect(runCityTraffic(['--city', 'demo', '--beta', '-1'])).rejects.toThrow(/--beta/);
  });
});
