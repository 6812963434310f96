import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '../../src/twin/demo';
import { districtBounds } from '../../src/scene/district-bounds';
import { localTimeToUnixS } from '../../src/scene/sun-direction';
import { runSunHoursJob } from '../../src/sim-workers/sun-hours-job';

describe('sun-hours job on the demo district (5 m, 21 June)', () => {
  it('hours lie in 0…day length, open ground partly shaded, bad input rejected', () => {
    const city = generateDemoDistrict();
    const b = districtBounds(city);
    const job = {
      minX: b.minX, minY: b.minY, maxX: b.maxX, maxY: b.maxY, cellSizeM: 5,
      startUnixS: localTimeToUnixS(city.timeZone, 2026, 6, 21, 0),
      endUnixS: localTimeToUnixS(city.timeZone, 2026, 6, 22, 0),
      stepS: 1800,
    };
    const r = runSunHoursJob(city, job);
    expect(r.hours.length).toBe(r.nx * r.ny);
    expect(r.dayLengthH).toBeGreaterThan(12);
    let max = 0;
    for (const h of r.hours) max = Math.max(max, h);
    expect(max).toBeLessThanOrEqual(r.dayLengthH + 1e-6);
    expect(r.openMeanH).toBeLessThan(r.dayLengthH);
    expect(r.openShareAtLeast2h).toBeGreaterThan(0);
    expect(r.openShareAtLeast2h).toBeLessThanOrEqual(1);
    expect(() => runSunHoursJob(city, { ...job, cellSizeM: 0 })).toThrow(/cellSizeM/);
  });
});
