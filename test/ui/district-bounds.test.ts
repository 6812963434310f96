/**
 * District framing bounds (src/twin/district-bounds.ts) on the demo district: the box is the
 * 2nd–98th percentile of the building vertices, so it holds about 96 % of them per axis, its
 * centre is its midpoint, its radius half its diagonal (≥ 80 m), and one far outlier does not
 * move it.
 */
import { describe, expect, it } from 'vitest';
import { districtBounds } from '../../src/twin/district-bounds';
import { generateDemoDistrict } from '../../src/twin/demo';
import type { CityModel } from '../../src/twin/city-model';

function fractionInside(values: number[], lo: number, hi: number): number {
  return values.filter((v) => v >= lo && v <= hi).length / values.length;
}

describe('district bounds', () => {
  const city = generateDemoDistrict();
  const xy = Array.from(city.buildings.xy);
  const xs = xy.filter((_, k) => k % 2 === 0);
  const ys = xy.filter((_, k) => k % 2 === 1);

  it('is the 2nd–98th percentile box of the building vertices', () => {
    const b = districtBounds(city);
    expect(city.buildings.count).toBeGreaterThan(50);
    for (const [values, lo, hi] of [[xs, b.minX, b.maxX], [ys, b.minY, b.maxY]] as const) {
      const n = values.length;
      expect(fractionInside(values, lo, hi)).toBeGreaterThanOrEqual(0.95);
      // lo is the 2nd percentile: at most 2 % (+ one vertex) strictly below it, at least 2 % at or below it.
      expect(values.filter((v) => v < lo).length / n).toBeLessThanOrEqual(0.02 + 1 / n);
      expect(values.filter((v) => v <= lo).length / n).toBeGreaterThanOrEqual(0.02 - 1 / n);
      expect(values.filter((v) => v > hi).length / n).toBeLessThanOrEqual(0.02 + 1 / n);
      expect(values.filter((v) => v >= hi).length / n).toBeGreaterThanOrEqual(0.02 - 1 / n);
      expect(lo).toBeGreaterThanOrEqual(Math.min(...values));
      expect(hi).toBeLessThanOrEqual(Math.max(...values));
    }
    expect(b.centreX).toBeCloseTo((b.minX + b.maxX) / 2, 9);
    expect(b.centreY).toBeCloseTo((b.minY + b.maxY) / 2, 9);
    expect(b.radiusM).toBeCloseTo(Math.max(80, Math.hypot(b.maxX - b.minX, b.maxY - b.minY) / 2), 9);
  });

  it('ignores one far outlier vertex', () => {
    const moved = Float64Array.from(city.buildings.xy);
    moved[0] = 1e6;
    moved[1] = -1e6;
    const withOutlier: CityModel = { ...city, buildings: { ...city.buildings, xy: moved as typeof city.buildings.xy } };
    const a = districtBounds(city);
    const b = districtBounds(withOutlier);
    expect(Math.abs(b.centreX - a.centreX)).toBeLessThan(5);
    expect(Math.abs(b.centreY - a.centreY)).toBeLessThan(5);
    expect(b.maxX).toBeLessThan(1e5);
    expect(b.minY).toBeGreaterThan(-1e5);
  });

  it('falls back to the roads without buildings, and to a 200 m box for an empty district', () => {
    const noBuildings: CityModel = { ...city, buildings: { ...city.buildings, count: 0 } };
    const b = districtBounds(noBuildings);
    const rx: number[] = [];
    for (let k = 0; k + 2 < city.roads.xyz.length; k += 3) rx.push(city.roads.xyz[k] ?? NaN);
    expect(fractionInside(rx, b.minX, b.maxX)).toBeGreaterThanOrEqual(0.95);
    const empty: CityModel = { ...noBuildings, roads: { ...city.roads, xyz: new Float64Array(0) as typeof city.roads.xyz } };
    expect(districtBounds(empty)).toMatchObject({ minX: -100, maxX: 100, minY: -100, maxY: 100, centreX: 0, centreY: 0, radiusM: Math.hypot(200, 200) / 2 });
  });
});
