import { describe, expect, it } from 'vitest';
import { zonesFromBuildings } from '../../../src/twin/traffic/traffic-zones';
import { estimateJobs, footprint, FLOOR_AREA_PER_JOB_M2, MIXED_USE_NON_RESIDENTIAL_SHARE } from '../../../src/twin/traffic/trip-generation';
import { expectClose } from '../../support/expect-close';
import { buildingTableOf } from './helpers';

/** Counter-clockwise square ring of side s at (x, y). */
const square = (x: number, y: number, s: number) => [x, y, x + s, y, x + s, y + s, x, y + s];

describe('trip generation and zones', () => {
  const b = buildingTableOf([
    { use: 'residential', ring: square(10, 10, 20), storeys: 4, residents: 60 },
    { use: 'office', ring: square(40, 10, 30), storeys: 5, hole: [50, 20, 50, 30, 60, 30, 60, 20] },
    { use: 'mixed', ring: square(200, 10, 20), storeys: 4, residents: 30 },
    { use: 'ancillary', ring: square(400, 400, 10) },
  ]);

  it('footprint: area minus holes and the area centroid', () => {
    const f = footprint(b, 1);
    expectClose(f.areaM2, 900 - 100, { abs: 1e-9 });
    expectClose(footprint(b, 0).x, 20, { abs: 1e-9 });
    expectClose(footprint(b, 0).y, 20, { abs: 1e-9 });
  });

  it('jobs = non-residential floor area / floor area per job of the use', () => {
    const jobs = estimateJobs(b);
    expect(jobs[0]).toBe(0);
    expectClose(jobs[1] as number, (800 * 5) / (FLOOR_AREA_PER_JOB_M2.office as number), { rel: 1e-12 });
    expectClose(jobs[2] as number, (400 * 4 * MIXED_USE_NON_RESIDENTIAL_SHARE) / (FLOOR_AREA_PER_JOB_M2.mixed as number), { rel: 1e-12 });
    expect(jobs[3]).toBe(0);
  });

  it('groups buildings with residents or jobs by grid cell, weighting the centroid by activity', () => {
    const z = zonesFromBuildings(b, 150);
    expect(z.zoneCount).toBe(2);
    expect([...z.buildingZone]).toEqual([0, 0, 1, -1]);
    expect(z.residents[0]).toBe(60);
    const jobs = estimateJobs(b);
    const w0 = 60;
    const w1 = jobs[1] as number;
    expectClose(z.centroidXY[0] as number, (w0 * 20 + w1 * footprint(b, 1).x) / (w0 + w1), { rel: 1e-12 });
    expect(() => zonesFromBuildings(b, 0)).toThrow(/cell size/);
  });
});
