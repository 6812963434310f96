/**
 * Zone KPIs (zone-sun-stats.ts) and facade receivers (facade-receivers.ts) on hand-checkable
 * geometry: a square zone on a known hours field, a hole, a mask; receivers of a box face outwards
 * whatever the ring orientation, and a south facade gets sun at noon where a north one does not.
 */
import { describe, expect, it } from 'vitest';
import { zoneSunStats, type ZonePolygons } from '../../../src/sim/shading/zone-sun-stats';
import { facadeReceivers } from '../../../src/sim/shading/facade-receivers';
import { receiverSunHours } from '../../../src/sim/shading/receiver-sun-hours';
import type { GroundGrid, PrismObstacles } from '../../../src/sim/shading/shadow-raster';

function rings(...polys: number[][][]): ZonePolygons {
  const ringStart = [0];
  const ringOffset = [0];
  const xy: number[] = [];
  for (const poly of polys) {
    for (const ring of poly) {
      xy.push(...ring);
      ringOffset.push(xy.length / 2);
    }
    ringStart.push(ringOffset.length - 1);
  }
  return { count: polys.length, ringStart: Uint32Array.from(ringStart), ringOffset: Uint32Array.from(ringOffset), xy: Float64Array.from(xy) };
}

describe('zoneSunStats', () => {
  const grid: GroundGrid = { x0: 0, y0: 0, cellSizeM: 1, nx: 20, ny: 10 };
  // Hours = column index: cells x ≥ 2 have ≥ 2 h.
  const hours = new Float32Array(grid.nx * grid.ny).map((_, i) => i % grid.nx);

  it('counts the cells whose centres lie inside, with holes and a mask', () => {
    const square = [[0, 0, 4, 0, 4, 4, 0, 4]]; // cells x 0…3, y 0…3: 16 cells, 8 with ≥ 2 h
    const holed = [[10, 0, 20, 0, 20, 10, 10, 10], [12, 2, 18, 2, 18, 8, 12, 8]]; // 100 − 36 cells
    const outside = [[30, 30, 35, 30, 35, 35]];
    const table = rings(square, holed, outside);
    const [a, b, c] = zoneSunStats(hours, grid, table, [0, 1, 2], 2);
    expect(a).toMatchObject({ cells: 16, areaM2: 16, shareAtLeast: 0.5, meanH: 1.5 });
    expect(b?.cells).toBe(64);
    expect(b?.shareAtLeast).toBe(1);
    expect(c?.cells).toBe(0);
    expect(Number.isNaN(c?.shareAtLeast)).toBe(true);
    const mask = new Uint8Array(grid.nx * grid.ny).fill(1);
    mask[0] = 0; // one cell of the square under a building
    expect(zoneSunStats(hours, grid, table, [0], 2, mask)[0]?.cells).toBe(15);
    expect(() => zoneSunStats(hours, grid, table, [3], 2)).toThrow(/zone index 3/);
  });
});

describe('facadeReceivers', () => {
  const box = (ccw: boolean): PrismObstacles => {
    const ring = ccw ? [0, 0, 10, 0, 10, 10, 0, 10] : [0, 0, 0, 10, 10, 10, 10, 0];
    return { count: 1, ringStart: Uint32Array.from([0, 1]), ringOffset: Uint32Array.from([0, 4]), xy: Float64Array.from(ring), baseHeightM: Float64Array.from([0]), heightM: Float64Array.from([12]) };
  };

  it('places receivers every spacing, facing outwards for either ring orientation', () => {
    for (const ccw of [true, false]) {
      const r = facadeReceivers(box(ccw), 5, 1.5);
      expect(r.count).toBe(8);
      for (let i = 0; i < r.count; i++) {
        const x = r.xyz[3 * i] as number;
        const y = r.xyz[3 * i + 1] as number;
        expect(r.xyz[3 * i + 2]).toBe(1.5);
        // Outward: the normal points away from the box centre (5, 5).
        expect((x - 5) * (r.normal[3 * i] as number) + (y - 5) * (r.normal[3 * i + 1] as number)).toBeGreaterThan(0);
      }
    }
    expect(() => facadeReceivers(box(true), 0)).toThrow(/spacing/);
  });

  it('a south facade gets sun on 21 March in Geneva, a north facade almost none', () => {
    const b = box(true);
    const r = facadeReceivers(b, 10, 1.5);
    const { hours } = receiverSunHours({ receivers: r, buildings: b, site: { latDeg: 46.2, lonDeg: 6.15 }, startUnixS: Date.UTC(2026, 2, 21) / 1000, endUnixS: Date.UTC(2026, 2, 22) / 1000 });
    for (let i = 0; i < r.count; i++) {
      const ny = r.normal[3 * i + 1] as number;
      if (ny < -0.9) expect(hours[i]).toBeGreaterThan(5); // south
      if (ny > 0.9) expect(hours[i]).toBeLessThan(0.5); // north: only at sunrise/sunset, the equinox sun rises barely north of east
    }
  });
});
