/**
 * The optimised path finder (building grid index, facade list per receiver, early rejection of
 * reflection candidates, shared scratch) gives the gains of a straightforward brute-force finder
 * (`reference-path-finder.ts`) on a seeded synthetic district: grid receivers and facade receivers
 * 2 m in front of walls (courtyard walls too), rectangular (both ring orientations), L-shaped
 * buildings and perimeter blocks around courtyards (inner rings, every orientation), with receivers
 * and sources in the courtyards; uniform and polygon ground. Same paths, same levels: within
 * 1e-9 dB per band, H and F.
 */
import { describe, expect, it } from 'vitest';
import type { NoiseGroundPolygons } from '../../../src/sim/noise/ground-model';
import { insideAnyBuilding, type NoiseBuildings } from '../../../src/sim/noise/noise-scene';
import { PathFinder, type PathFinderOptions } from '../../../src/sim/noise/path-finder';
import { ReferencePathFinder } from './reference-path-finder';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * 60 buildings on a 400 m square, at least 3 m apart: rectangles (every third clockwise) and every
 * fifth an L; every seventh a terraced neighbour sharing the east wall of the one before (shared
 * walls: cut crossings at equal distances, covered facades) where there is room. Then 4 perimeter
 * blocks (40-60 m, wings 8-14 m deep) around courtyards, outer and inner rings in all four
 * orientation pairs, the last with a shed in its courtyard.
 */
let terracedCount = 0;
/** Centres of the courtyards, x, y pairs. */
let courtyards: number[] = [];
const PERIMETER_BLOCKS = 4;
function district(rnd: () => number): NoiseBuildings {
  const ringStart = [0];
  const xy: number[] = [];
  const offsets = [0];
  const heights: number[] = [];
  const placed: number[][] = [];
  terracedCount = 0;
  for (let i = 0; i < 60; i++) {
    let [x, y, w, d] = [0, 0, 0, 0];
    const clash = (others: number[][]): boolean => others.some(([x0, y0, x1, y1]) => x < (x1 ?? 0) + 3 && x + w > (x0 ?? 0) - 3 && y < (y1 ?? 0) + 3 && y + d > (y0 ?? 0) - 3);
    const before = placed[placed.length - 1];
    let terraced = false;
    if (i % 7 === 6 && before !== undefined) {
      [x, y, w, d] = [before[2] ?? 0, before[1] ?? 0, 6 + rnd() * 10, (before[3] ?? 0) - (before[1] ?? 0)];
      terraced = x + w < 400 && !clash(placed.slice(0, -1));
    }
    if (terraced) terracedCount++;
    else {
      do {
        x = 10 + rnd() * 360;
        y = 10 + rnd() * 360;
        w = 8 + rnd() * 22;
        d = 8 + rnd() * 18;
      } while (clash(placed));
    }
    placed.push([x, y, x + w, y + d]);
    let ring: number[];
    if (i % 5 === 4) ring = [x, y, x + w, y, x + w, y + d / 3, x + w / 3, y + d / 3, x + w / 3, y + d, x, y + d];
    else if (i % 3 === 2) ring = [x, y, x, y + d, x + w, y + d, x + w, y];
    else ring = [x, y, x + w, y, x + w, y + d, x, y + d];
    xy.push(...ring);
    offsets.push((offsets[offsets.length - 1] ?? 0) + ring.length / 2);
    ringStart.push(offsets.length - 1);
    heights.push(4 + rnd() * 20);
  }
  courtyards = [];
  const rect = (x0: number, y0: number, x1: number, y1: number, ccw: boolean): number[] => (ccw ? [x0, y0, x1, y0, x1, y1, x0, y1] : [x0, y0, x0, y1, x1, y1, x1, y0]);
  for (let k = 0; k < PERIMETER_BLOCKS + 1; k++) {
    let [x, y, w, d] = [0, 0, 0, 0];
    const shed = k === PERIMETER_BLOCKS;
    if (shed) {
      // A 3 m shed in the last block's courtyard, off its centre.
      const [cx, cy] = [courtyards[courtyards.length - 2] ?? 0, courtyards[courtyards.length - 1] ?? 0];
      [x, y, w, d] = [cx + 1, cy - 2.5, 3, 2];
    } else {
      do {
        x = 10 + rnd() * 330;
        y = 10 + rnd() * 330;
        w = 40 + rnd() * 20;
        d = 40 + rnd() * 20;
      } while (placed.some(([x0, y0, x1, y1]) => x < (x1 ?? 0) + 3 && x + w > (x0 ?? 0) - 3 && y < (y1 ?? 0) + 3 && y + d > (y0 ?? 0) - 3));
      placed.push([x, y, x + w, y + d]);
    }
    xy.push(...rect(x, y, x + w, y + d, k % 2 === 0));
    offsets.push(xy.length / 2);
    if (!shed) {
      const wing = 8 + rnd() * 6;
      xy.push(...rect(x + wing, y + wing, x + w - wing, y + d - wing, k % 4 < 2));
      offsets.push(xy.length / 2);
      courtyards.push(x + w / 2, y + d / 2);
    }
    ringStart.push(offsets.length - 1);
    heights.push(shed ? 3 : 10 + rnd() * 15);
  }
  const count = heights.length;
  return { count, ringStart: Uint32Array.from(ringStart), ringOffset: Uint32Array.from(offsets), xy: Float64Array.from(xy), heightM: Float64Array.from(heights) };
}

/**
 * Receivers: 2 m in front of the middle of every wall (every ring) of every fourth building and of
 * every perimeter block, a 50 m grid outside buildings, and 3 points in each courtyard.
 */
function receivers(b: NoiseBuildings): { x: number[]; y: number[]; facade: number } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < b.count; i++) {
    const first = b.ringStart[i] ?? 0;
    const last = b.ringStart[i + 1] ?? 0;
    if (i % 4 !== 0 && last - first < 2) continue;
    for (let ring = first; ring < last; ring++) {
      const v0 = b.ringOffset[ring] ?? 0;
      const v1 = b.ringOffset[ring + 1] ?? 0;
      let area2 = 0;
      for (let v = v0; v < v1; v++) {
        const w = v + 1 < v1 ? v + 1 : v0;
        area2 += (b.xy[2 * v] ?? 0) * (b.xy[2 * w + 1] ?? 0) - (b.xy[2 * w] ?? 0) * (b.xy[2 * v + 1] ?? 0);
      }
      // Outward (away from the material): right of a counter-clockwise outer ring, left of a counter-clockwise courtyard.
      const side = (area2 > 0) === (ring === first) ? 1 : -1;
      for (let v = v0; v < v1; v++) {
        const w = v + 1 < v1 ? v + 1 : v0;
        const ex = (b.xy[2 * w] ?? 0) - (b.xy[2 * v] ?? 0);
        const ey = (b.xy[2 * w + 1] ?? 0) - (b.xy[2 * v + 1] ?? 0);
        const len = Math.hypot(ex, ey);
        const px = (b.xy[2 * v] ?? 0) + ex / 2 + (2 * side * ey) / len;
        const py = (b.xy[2 * v + 1] ?? 0) + ey / 2 - (2 * side * ex) / len;
        if (insideAnyBuilding(b, px, py)) continue;
        x.push(px);
        y.push(py);
      }
    }
  }
  const facade = x.length;
  for (let gx = 25; gx < 400; gx += 50) {
    for (let gy = 25; gy < 400; gy += 50) {
      if (insideAnyBuilding(b, gx, gy)) continue;
      x.push(gx);
      y.push(gy);
    }
  }
  for (let k = 0; k < courtyards.length; k += 2) {
    for (const [dx, dy] of [[0, 0], [-4.3, 3.1], [4.2, -4.4]] as const) {
      const [px, py] = [(courtyards[k] ?? 0) + dx, (courtyards[k + 1] ?? 0) + dy];
      if (insideAnyBuilding(b, px, py)) continue;
      x.push(px);
      y.push(py);
    }
  }
  return { x, y, facade };
}

const BASE: PathFinderOptions = { groundG: 0.5, facadeAlpha: [0.05, 0.05, 0.1, 0.1, 0.1, 0.2, 0.2, 0.2], reflectionRadiusM: 60, atmosphere: { temperatureC: 15, humidityPercent: 70 } };
const PATCHES: NoiseGroundPolygons = { count: 2, ringOffset: Uint32Array.from([0, 4, 8]), xy: Float64Array.from([0, 0, 200, 0, 200, 150, 0, 150, 220, 220, 400, 220, 400, 400, 220, 400]), g: Float64Array.from([1, 0]) };

describe('optimised path finder = straightforward path finder', () => {
  for (const [name, extra] of [
    ['uniform ground', {}],
    ['ground polygons, facade α per building', { groundPolygons: PATCHES, facadeAlphaByBuilding: Array.from({ length: (60 + PERIMETER_BLOCKS + 1) * 8 }, (_, k) => 0.02 * (k % 9)) }],
  ] as [string, Partial<PathFinderOptions>][]) {
    it(`${name}: every pair's gains within 1e-9 dB per band`, () => {
      const rnd = seeded(17);
      const b = district(rnd);
      const r = receivers(b);
      const options = { ...BASE, ...extra };
      const fast = new PathFinder(b, options);
      const slow = new ReferencePathFinder(b, options);
      const hF = new Float64Array(8);
      const fF = new Float64Array(8);
      const hS = new Float64Array(8);
      const fS = new Float64Array(8);
      let worst = 0;
      let total = 0;
      let pairs = 0;
      let reflected = 0;
      let facadeReflected = 0;
      let courtyardReflected = 0;
      // Sources along two streets (y = 5 m and x = 395 m) every 20 m, and one in each courtyard; 5 cm high.
      const sources: [number, number][] = Array.from({ length: 40 }, (_, k) => (k < 20 ? [10 + 20 * k, 5] : [395, 10 + 20 * (k - 20)]));
      for (let k = 0; k < courtyards.length; k += 2) sources.push([(courtyards[k] ?? 0) - 2.7, (courtyards[k + 1] ?? 0) + 1.9]);
      const inCourtyard = (x: number, y: number): boolean => {
        for (let k = 0; k < courtyards.length; k += 2) if (Math.abs(x - (courtyards[k] ?? 0)) < 6 && Math.abs(y - (courtyards[k + 1] ?? 0)) < 6) return true;
        return false;
      };
      for (let j = 0; j < r.x.length; j++) {
        for (const [sx, sy] of sources) {
          const rx = r.x[j] ?? 0;
          const ry = r.y[j] ?? 0;
          fast.gains(sx, sy, 0.05, rx, ry, 4, hF, fF);
          slow.gains(sx, sy, 0.05, rx, ry, 4, hS, fS);
          for (let band = 0; band < 8; band++) {
            worst = Math.max(worst, Math.abs(10 * Math.log10((hF[band] ?? 0) / (hS[band] ?? 0))), Math.abs(10 * Math.log10((fF[band] ?? 0) / (fS[band] ?? 0))));
          }
          pairs++;
          total += hF[4] ?? 0;
          if (slow.paths > 1) {
            reflected++;
            if (j < r.facade) facadeReflected++;
            if (inCourtyard(r.x[j] ?? 0, r.y[j] ?? 0) || inCourtyard(sx, sy)) courtyardReflected++;
          }
        }
      }
      console.log(`${name}: ${terracedCount} terraced houses, ${pairs} pairs (${r.facade} facade receivers, ${r.x.length - r.facade} grid), ${reflected} with reflections (${facadeReflected} at facade receivers, ${courtyardReflected} with S or R in a courtyard), worst |ΔL| ${worst.toExponential(2)} dB, Σ gain 1 kHz ${total.toExponential(4)}`);
      expect(Number.isFinite(worst)).toBe(true);
      expect(worst).toBeLessThanOrEqual(1e-9);
      expect(r.facade).toBeGreaterThan(30);
      expect(terracedCount).toBeGreaterThanOrEqual(4);
      expect(reflected).toBeGreaterThan(pairs / 4);
      expect(facadeReflected).toBeGreaterThan(100);
      expect(courtyardReflected).toBeGreaterThan(50);
    });
  }
});
