/**
 * Roof receivers (roof-receivers.ts) and sun-hours on roofs (receiver-sun-hours.ts) on hand-checkable
 * geometry: points lie inside footprints (not in courtyards) at roof height plus the lift, their
 * weights add up to the footprint area; a lone flat roof gets sunrise-to-sunset hours (SPA A.2); a
 * taller neighbour to the south lowers a roof's hours and never raises any (seeded property test);
 * the job's roofs-and-facades output and the points layer's instance colours (compileLegend).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Color, SRGBColorSpace } from 'three';
import { roofAreaShareAtLeast, roofReceivers, ROOF_LIFT_M } from '../../../src/sim/shading/roof-receivers';
import { receiverSunHours } from '../../../src/sim/shading/receiver-sun-hours';
import type { PrismObstacles } from '../../../src/sim/shading/shadow-raster';
import { riseTransitSet } from '../../../src/sim/solar/rise-transit-set';
import { compileLegend } from '../../../src/results/colour-scale';
import type { PointsResult } from '../../../src/results/result-types';
import { pointInstances } from '../../../src/scene/result-points-layer';

/** Buildings from rings (first ring outer, the rest holes), with base and height per building. */
function prisms(list: { rings: number[][]; base?: number; height: number }[]): PrismObstacles {
  const ringStart = [0];
  const ringOffset = [0];
  const xy: number[] = [];
  for (const b of list) {
    for (const ring of b.rings) {
      xy.push(...ring);
      ringOffset.push(xy.length / 2);
    }
    ringStart.push(ringOffset.length - 1);
  }
  return {
    count: list.length,
    ringStart: Uint32Array.from(ringStart),
    ringOffset: Uint32Array.from(ringOffset),
    xy: Float64Array.from(xy),
    baseHeightM: Float64Array.from(list, (b) => b.base ?? Number.NaN),
    heightM: Float64Array.from(list, (b) => b.height),
  };
}

const box = (x0: number, y0: number, x1: number, y1: number) => [x0, y0, x1, y0, x1, y1, x0, y1];

/** Even-odd test of a point against a ring (independent of the code under test). */
function inRing(ring: number[], x: number, y: number): boolean {
  let inside = false;
  const n = ring.length / 2;
  for (let v = 0, w = n - 1; v < n; w = v++) {
    const xi = ring[2 * v] as number;
    const yi = ring[2 * v + 1] as number;
    const xj = ring[2 * w] as number;
    const yj = ring[2 * w + 1] as number;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const GENEVA = { latDeg: 46.2, lonDeg: 6.15 };
const day = (y: number, m: number, d: number) => ({ startUnixS: Date.UTC(y, m - 1, d) / 1000, endUnixS: Date.UTC(y, m - 1, d + 1) / 1000 });

describe('roofReceivers', () => {
  // An L-shaped block with a courtyard (hole), on a 3 m base; a clockwise box; a roof smaller than the spacing.
  const lShape = [0, 0, 30, 0, 30, 10, 10, 10, 10, 30, 0, 30];
  const court = [2, 2, 8, 2, 8, 8, 2, 8];
  const cw = [40, 0, 40, 12, 52, 12, 52, 0];
  const tiny = box(60, 0, 61, 1);
  const city = prisms([
    { rings: [lShape, court], base: 3, height: 12 },
    { rings: [cw], height: 9 },
    { rings: [tiny], height: 4 },
    { rings: [box(70, 0, 80, 10)], height: Number.NaN },
  ]);
  const rings = [[lShape, court], [cw], [tiny]];
  const roofZ = [3 + 12, 9, 4];
  const areas = [30 * 10 + 10 * 20 - 36, 144, 1];

  it('samples points inside each footprint (never in a courtyard) at roof height plus the lift, facing up', () => {
    const r = roofReceivers(city, 2);
    const perBuilding = [0, 0, 0, 0];
    const areaSum = [0, 0, 0, 0];
    for (let i = 0; i < r.count; i++) {
      const b = r.building[i] as number;
      const x = r.xyz[3 * i] as number;
      const y = r.xyz[3 * i + 1] as number;
      const [outer, ...holes] = rings[b] ?? [];
      expect(outer !== undefined && inRing(outer, x, y)).toBe(true);
      for (const hole of holes) expect(inRing(hole, x, y)).toBe(false);
      expect(r.xyz[3 * i + 2]).toBeCloseTo((roofZ[b] as number) + ROOF_LIFT_M, 12);
      expect([r.normal[3 * i], r.normal[3 * i + 1], r.normal[3 * i + 2]]).toEqual([0, 0, 1]);
      perBuilding[b] = (perBuilding[b] as number) + 1;
      areaSum[b] = (areaSum[b] as number) + (r.areaM2[i] as number);
    }
    expect(perBuilding[3]).toBe(0); // no valid height: no roof
    expect(perBuilding[2]).toBe(1); // smaller than the spacing: one point in its middle
    // A 2 m grid on a 12 m box: exactly 36 points; on the L with its courtyard: the area / 4 m² give or take an edge row.
    expect(perBuilding[1]).toBe(36);
    expect(areaSum[1]).toBe(144);
    expect(Math.abs((areaSum[0] as number) - (areas[0] as number)) / (areas[0] as number)).toBeLessThan(0.1);
    expect(() => roofReceivers(city, 0)).toThrow(/spacing/);
    expect(() => roofReceivers(city, 2, -1)).toThrow(/lift/);
  });

  it('roofAreaShareAtLeast weighs receivers by the area they stand for', () => {
    expect(roofAreaShareAtLeast([1, 5, 5], [2, 1, 1], 4)).toEqual({ shareAtLeast: 0.5, areaM2: 4 });
    expect(Number.isNaN(roofAreaShareAtLeast([], [], 4).shareAtLeast)).toBe(true);
  });
});

describe('sun-hours on roofs', () => {
  it('a flat roof with nothing around gets sunrise-to-sunset hours (SPA A.2), on 21 March, 21 June and 21 December', () => {
    const roof = prisms([{ rings: [box(0, 0, 20, 20)], height: 10 }]);
    const r = roofReceivers(roof, 4);
    let worst = 0;
    for (const [m, d] of [[3, 21], [6, 21], [12, 21]] as const) {
      const period = day(2026, m, d);
      const { hours, sunUpSteps } = receiverSunHours({ receivers: r, buildings: roof, site: GENEVA, ...period, stepS: 60 });
      const rts = riseTransitSet(period.startUnixS + 43_200, GENEVA);
      const dayLengthH = (rts.sunsetUnixS - rts.sunriseUnixS) / 3600;
      for (let i = 0; i < r.count; i++) {
        expect(hours[i]).toBeCloseTo((sunUpSteps * 60) / 3600, 3); // every sun-up step (Float32 sums): nothing shades a lone roof
        worst = Math.max(worst, Math.abs((hours[i] as number) - dayLengthH));
      }
    }
    // 1-min steps counting the sun's centre above the horizon vs SPA's rise/set of the upper limb with refraction (~2 × 4 min).
    console.log(`lone roof vs SPA day length: worst |Δ| ${(worst * 60).toFixed(1)} min`);
    expect(worst).toBeLessThan(0.1);
  });

  it('a taller neighbour to the south lowers a roof on 21 December', () => {
    const roof = { rings: [box(0, 0, 20, 20)], height: 10 };
    const alone = prisms([roof]);
    const withTower = prisms([roof, { rings: [box(0, -14, 20, -4)], height: 40 }]);
    const r = roofReceivers(alone, 2);
    const input = { receivers: r, site: GENEVA, ...day(2026, 12, 21) };
    const a = receiverSunHours({ ...input, buildings: alone }).hours;
    const b = receiverSunHours({ ...input, buildings: withTower }).hours;
    let lowered = 0;
    for (let i = 0; i < r.count; i++) {
      expect(b[i] as number).toBeLessThanOrEqual((a[i] as number) + 1e-9);
      if ((b[i] as number) < (a[i] as number) - 0.5) lowered++;
    }
    expect(lowered / r.count).toBeGreaterThan(0.9); // the winter sun stays below ~20°: the tower shades almost all of the roof
  });

  it('adding a neighbour never raises any roof point (seeded property test)', () => {
    const roof = { rings: [box(0, 0, 16, 16)], height: 8 };
    const r = roofReceivers(prisms([roof]), 2);
    const input = { receivers: r, site: GENEVA, ...day(2026, 3, 21), stepS: 1800 };
    const alone = receiverSunHours({ ...input, buildings: prisms([roof]) }).hours;
    fc.assert(
      fc.property(fc.integer({ min: -40, max: 40 }), fc.integer({ min: -40, max: -18 }), fc.integer({ min: 4, max: 20 }), fc.integer({ min: 2, max: 60 }), (x, y, w, h) => {
        const other = prisms([roof, { rings: [box(x, y, x + w, y + w)], height: h }]);
        const withOther = receiverSunHours({ ...input, buildings: other }).hours;
        for (let i = 0; i < r.count; i++) if ((withOther[i] as number) > (alone[i] as number) + 1e-9) return false;
        return true;
      }),
      { seed: 6, numRuns: 40 },
    );
  });
});

describe('points layer instances', () => {
  it('skips NaN values and colours each point by the legend (sRGB → linear for three.js)', () => {
    const legend = { kind: 'ramp', unit: 'h', min: 0, max: 12, colours: ['#30123b', '#21918c', '#fde725'] } as const;
    const result: PointsResult = {
      kind: 'points',
      id: 'test-points',
      title: 'test',
      source: 'test',
      x: Float32Array.from([0, 1, 2, 3]),
      y: Float32Array.from([0, 0, 0, 0]),
      z: Float32Array.from([5, 5, 5, 5]),
      values: Float32Array.from([0, Number.NaN, 6, 12]),
      legend,
    };
    const { index, colours } = pointInstances(result);
    expect(Array.from(index)).toEqual([0, 2, 3]);
    const scale = compileLegend(legend);
    const c = new Color();
    index.forEach((i, k) => {
      c.setRGB(colours[3 * k] as number, colours[3 * k + 1] as number, colours[3 * k + 2] as number);
      expect(`#${c.getHexString(SRGBColorSpace)}`).toBe(scale.hex(result.values[i] as number));
    });
    expect(() => pointInstances({ ...result, z: new Float32Array(2) })).toThrow(/same length/);
  });
});
