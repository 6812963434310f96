/**
 * The sun-hours job (src/sim-workers/sun-hours-job.ts) on the demo district: hours within the day
 * length, the KPIs (open ground, each open space, facades on 21 December) consistent with the hours
 * grid and with each other, obstacles switched off give the open-sky hours, bad input rejected.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '../../src/twin/demo';
import { districtBounds } from '../../src/twin/district-bounds';
import { localTimeToUnixS } from '../../src/sim/solar/local-time';
import { openSpaceIndices, runSunHoursJob } from '../../src/sim-workers/sun-hours-job';

describe('sun-hours job on the demo district (5 m, 21 June)', () => {
  const city = generateDemoDistrict();
  const b = districtBounds(city);
  const job = {
    minX: b.minX, minY: b.minY, maxX: b.maxX, maxY: b.maxY, cellSizeM: 5,
    startUnixS: localTimeToUnixS(city.timeZone, 2026, 6, 21, 0),
    endUnixS: localTimeToUnixS(city.timeZone, 2026, 6, 22, 0),
    stepS: 1800,
  };

  it('hours lie in 0…day length, open ground partly shaded, KPIs per open space and facade, bad input rejected', () => {
    const r = runSunHoursJob(city, { ...job, facade: { startUnixS: localTimeToUnixS(city.timeZone, 2026, 12, 21, 0), endUnixS: localTimeToUnixS(city.timeZone, 2026, 12, 22, 0), thresholdH: 1 } });
    expect(r.hours.length).toBe(r.nx * r.ny);
    expect(r.dayLengthH).toBeGreaterThan(12);
    let max = 0;
    for (const h of r.hours) max = Math.max(max, h);
    expect(max).toBeLessThanOrEqual(r.dayLengthH + 1e-6);
    expect(r.openMeanH).toBeLessThan(r.dayLengthH);
    expect(r.openShareAtLeast2h).toBeGreaterThan(0);
    expect(r.openShareAtLeast2h).toBeLessThanOrEqual(1);
    // Every open space of the district that lies on the grid has a KPI in 0…1, with a positive area.
    const spaces = openSpaceIndices(city);
    expect(spaces.length).toBeGreaterThan(0);
    expect(r.openSpaces.length).toBeGreaterThan(0);
    expect(r.openSpaces.length).toBeLessThanOrEqual(spaces.length);
    for (const s of r.openSpaces) {
      expect(spaces).toContain(s.index);
      expect(s.areaM2).toBeGreaterThan(0);
      expect(s.shareAtLeast2h).toBeGreaterThanOrEqual(0);
      expect(s.shareAtLeast2h).toBeLessThanOrEqual(1);
      expect(s.meanH).toBeLessThanOrEqual(r.dayLengthH + 1e-6);
    }
    // Facades: every building with a height gets receivers; in December some fall below 1 h.
    const f = r.facade;
    expect(f).not.toBeNull();
    expect(f?.buildings).toBe(city.buildings.count);
    expect(f?.receivers).toBeGreaterThan(city.buildings.count * 4);
    expect(f?.shareBelow).toBeGreaterThan(0);
    expect(f?.shareBelow).toBeLessThan(1);
    expect(f?.buildingsAllBelow).toBeLessThanOrEqual(f?.buildings ?? 0);
    expect(() => runSunHoursJob(city, { ...job, cellSizeM: 0 })).toThrow(/cellSizeM/);
    expect(() => runSunHoursJob(city, { ...job, days: 0 })).toThrow(/days/);
  });

  it('with every obstacle off each cell gets the open-sky hours; a month reports hours per day', () => {
    const none = { buildings: false, trees: false, seasonalCrowns: false, terrain: false };
    const r = runSunHoursJob(city, { ...job, cellSizeM: 20, obstacles: none });
    for (const h of r.hours) expect(h).toBeCloseTo(r.dayLengthH, 5);
    const june = { ...job, cellSizeM: 20, obstacles: none, startUnixS: localTimeToUnixS(city.timeZone, 2026, 6, 1, 0), endUnixS: localTimeToUnixS(city.timeZone, 2026, 7, 1, 0), days: 30 };
    const month = runSunHoursJob(city, june);
    expect(month.dayLengthH).toBeGreaterThan(15);
    expect(month.dayLengthH).toBeLessThan(16.5);
    for (const h of month.hours) expect(h).toBeCloseTo(month.dayLengthH, 4);
  });
});
