/**
 * Roofs and facades in the sun-hours job (surfaceSunHours, src/sim-workers/sun-hours-job.ts) on the
 * demo district: roofs first at roof height, hours within the day length, the roof-area KPI equal to
 * a recount, a two-day period reported per day, and the points layer draws every receiver.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '../../../src/twin/demo';
import { districtBounds } from '../../../src/twin/district-bounds';
import { localTimeToUnixS } from '../../../src/scene/sun-direction';
import { runSunHoursJob, surfaceSunHours } from '../../../src/sim-workers/sun-hours-job';
import { roofReceivers, ROOF_LIFT_M } from '../../../src/sim/shading/roof-receivers';
import { pointInstances } from '../../../src/scene/result-points-layer';

describe('roofs and facades in the sun-hours job (demo district, 21 March, 30-min steps)', () => {
  const city = generateDemoDistrict();
  const b = districtBounds(city);
  const job = {
    minX: b.minX, minY: b.minY, maxX: b.maxX, maxY: b.maxY, cellSizeM: 10,
    startUnixS: localTimeToUnixS(city.timeZone, 2026, 3, 21, 0),
    endUnixS: localTimeToUnixS(city.timeZone, 2026, 3, 22, 0),
    stepS: 1800,
  };

  it('puts roof points at roof height, hours within the day, a roof KPI that matches a recount', () => {
    const t0 = performance.now();
    const r = runSunHoursJob(city, { ...job, surfaces: { thresholdH: 4 } });
    const ms = performance.now() - t0;
    const s = r.surfaces;
    expect(s).toBeDefined();
    if (s === undefined) return;
    const roofs = roofReceivers(city.buildings);
    expect(s.roofCount).toBe(roofs.count);
    expect(s.x.length).toBeGreaterThan(s.roofCount); // facades follow the roofs
    for (let i = 0; i < s.roofCount; i++) {
      const bi = roofs.building[i] as number;
      const base = Number.isFinite(city.buildings.baseHeightM[bi]) ? (city.buildings.baseHeightM[bi] as number) : 0;
      expect(s.z[i]).toBeCloseTo(base + (city.buildings.heightM[bi] as number) + ROOF_LIFT_M, 3);
    }
    let roofAbove = 0;
    let roofMean = 0;
    for (let i = 0; i < s.x.length; i++) {
      expect(s.hours[i]).toBeGreaterThanOrEqual(0);
      expect(s.hours[i] as number).toBeLessThanOrEqual(r.dayLengthH + 1e-4);
      if (i < s.roofCount) {
        roofMean += (s.hours[i] as number) / s.roofCount;
        if ((s.hours[i] as number) >= 4) roofAbove += roofs.areaM2[i] as number;
      }
    }
    expect(s.roofShareAtLeast).toBeCloseTo(roofAbove / s.roofAreaM2, 12);
    expect(s.roofShareAtLeast).toBeGreaterThan(0.5); // roofs are the sunniest surfaces of a district
    expect(s.facadeShareAtLeast).toBeLessThan(s.roofShareAtLeast);
    console.log(`demo district roofs and facades, 21 March, 30 min: ${s.roofCount} roof points (${s.roofAreaM2.toFixed(0)} m²), ${s.x.length - s.roofCount} facade points; roof mean ${roofMean.toFixed(2)} h of ${r.dayLengthH.toFixed(2)} h, ${(s.roofShareAtLeast * 100).toFixed(1)} % of roof area ≥ 4 h; whole job ${ms.toFixed(0)} ms`);
    // The points layer draws every receiver (no NaN hours).
    const legend = { kind: 'ramp', unit: 'h', min: 0, max: 12, colours: ['#000000', '#ffffff'] } as const;
    expect(pointInstances({ kind: 'points', id: 'x', title: 'x', source: 'x', x: s.x, y: s.y, z: s.z, values: s.hours, legend }).index.length).toBe(s.x.length);
  });

  it('reports a two-day period per day and skips roofs when not asked', () => {
    const surfaces = { thresholdH: 4, roofSpacingM: 8, facadeSpacingM: 20 };
    const first = surfaceSunHours(city, { ...job, surfaces });
    const second = surfaceSunHours(city, { ...job, startUnixS: job.endUnixS, endUnixS: job.endUnixS + 86_400, surfaces });
    const both = surfaceSunHours(city, { ...job, endUnixS: job.endUnixS + 86_400, days: 2, surfaces });
    expect(first !== null && second !== null && both !== null).toBe(true);
    if (first === null || second === null || both === null) return;
    // Per day = the mean of the two days (each day's total, same 30-min sampling from the first midnight).
    let worst = 0;
    for (let i = 0; i < both.hours.length; i++) worst = Math.max(worst, Math.abs((both.hours[i] as number) - ((first.hours[i] as number) + (second.hours[i] as number)) / 2));
    expect(worst).toBeLessThan(1e-4);
    expect(surfaceSunHours(city, job)).toBeNull();
    expect(runSunHoursJob(city, job).surfaces).toBeUndefined();
  });
});
