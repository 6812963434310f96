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

  it('rejects a negative option value by name', async () => {
    await expect(runCityTraffic(['--city', 'demo', '--beta', '-1'])).rejects.toThrow(/--beta/);
  });
});
