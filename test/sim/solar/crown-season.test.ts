/** Seasonal crown transmissivity and its use by the sun-hours kernel. */
import { describe, expect, it } from 'vitest';
import { crownTransmissivity, DEFAULT_CROWN_SEASON, dayOfYearUtc, inLeaf } from '../../../src/sim/shading/crown-season';
import type { CrownObstacles, GroundGrid } from '../../../src/sim/shading/shadow-raster';
import { sunHours } from '../../../src/sim/shading/sun-hours';

describe('crown season', () => {
  it('follows the hemisphere and the leaf cycle', () => {
    const july = dayOfYearUtc(Date.UTC(2026, 6, 1) / 1000);
    const january = dayOfYearUtc(Date.UTC(2026, 0, 15) / 1000);
    expect(dayOfYearUtc(Date.UTC(2026, 0, 1, 12) / 1000)).toBe(1);
    expect(inLeaf(july, 46)).toBe(true);
    expect(inLeaf(january, 46)).toBe(false);
    expect(inLeaf(july, -34)).toBe(false);
    expect(inLeaf(january, -34)).toBe(true);
    const out = crownTransmissivity(Uint8Array.from([0, 1, 2]), january, 46, new Float32Array(3));
    expect([...out]).toEqual([DEFAULT_CROWN_SEASON.evergreenTransmissivity, DEFAULT_CROWN_SEASON.leaflessTransmissivity, DEFAULT_CROWN_SEASON.leaflessTransmissivity]);
  });

  it('lets winter sun through bare deciduous crowns in sun-hours', () => {
    const grid: GroundGrid = { x0: -30, y0: -30, cellSizeM: 1, nx: 60, ny: 60 };
    const trees: CrownObstacles = { count: 1, xyz: Float64Array.from([0, 0, 0]), heightM: Float64Array.from([12]), crownDiameterM: Float64Array.from([8]) };
    const site = { latDeg: 46.2, lonDeg: 6.15 };
    const run = (month: number, leafless: number | undefined) => {
      const start = Date.UTC(2026, month, 15) / 1000;
      const base = { grid, site, trees, startUnixS: start, endUnixS: start + 86400, stepS: 900 };
      return sunHours(leafless === undefined ? base : { ...base, treeSeason: { leafCycle: Uint8Array.from([1]), params: { ...DEFAULT_CROWN_SEASON, leaflessTransmissivity: leafless } } }).hours;
    };
    const opaque = run(0, undefined);
    const bare = run(0, 1);
    const half = run(0, 0.5);
    let shadedCells = 0;
    for (let i = 0; i < opaque.length; i++) {
      expect(bare[i] as number).toBeGreaterThanOrEqual(half[i] as number);
      expect(half[i] as number).toBeGreaterThanOrEqual((opaque[i] as number) - 1e-6);
      if ((bare[i] as number) > (opaque[i] as number) + 1e-6) shadedCells++;
    }
    expect(shadedCells).toBeGreaterThan(0);
    // Fully transparent bare crowns give every cell the open-sky hours.
    expect(Math.min(...bare)).toBeCloseTo(Math.max(...bare), 5);
    // In July the same tree is in leaf (opaque by default), so the season does not matter.
    expect([...run(6, 1)]).toEqual([...run(6, undefined)]);
  });
});

describe('sun-hours KPIs', () => {
  it('counts the share of a zone at or above the threshold', async () => {
    const { sunHoursStats } = await import('../../../src/sim/shading/sun-hours-stats');
    const hours = Float32Array.from([0, 1, 2, 3, 4, 5]);
    expect(sunHoursStats(hours, 2)).toEqual({ cells: 6, meanH: 2.5, minH: 0, maxH: 5, shareAtLeast: 4 / 6 });
    const zone = Uint8Array.from([1, 1, 0, 0, 0, 1]);
    expect(sunHoursStats(hours, 2, zone).shareAtLeast).toBeCloseTo(1 / 3, 12);
    expect(Number.isNaN(sunHoursStats(hours, 2, new Uint8Array(6)).meanH)).toBe(true);
    expect(() => sunHoursStats(hours, 2, new Uint8Array(2))).toThrow(/mask/);
  });

  it('masks out the ground under buildings', async () => {
    const { openGroundMask } = await import('../../../src/sim/shading/sun-hours-stats');
    const grid: GroundGrid = { x0: 0, y0: 0, cellSizeM: 1, nx: 10, ny: 10 };
    const square = {
      count: 1,
      ringStart: Uint32Array.from([0, 1]),
      ringOffset: Uint32Array.from([0, 4]),
      xy: Float64Array.from([2, 2, 6, 2, 6, 5, 2, 5]),
      baseHeightM: Float64Array.from([0]),
      heightM: Float64Array.from([10]),
    };
    const mask = openGroundMask(grid, square);
    expect(mask.reduce((a, v) => a + v, 0)).toBe(100 - 4 * 3);
    expect(mask[3 * 10 + 3]).toBe(0);
    expect(mask[0]).toBe(1);
  });
});
