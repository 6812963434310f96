/**
 * The optimised path finder (building grid index, facade list per receiver, early rejection of
 * reflection candidates, shared scratch) gives the gains of a straightforward brute-force finder
 * (`reference-path-finder.ts`) on a seeded synthetic district: grid receivers and facade receivers
 * 2 m in front of walls, rectangular (both ring orientations) and L-shaped buildings, uniform and
 * polygon ground. Same paths, same levels: within 1e-9 dB per band, H and F.
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
 * walls: cut crossings at equal distances, covered facades) where there is room.
 */
let terracedCount = 0;
function district(rnd: () => number): NoiseBuildings {
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
    heights.push(4 + rnd() * 20);
  }
  return { count: 60, ringStart: Uint32Array.from({ length: 61 }, (_, i) => i), ringOffset: Uint32Array.from(offsets), xy: Float64Array.from(xy), heightM: Float64Array.from(heights) };
}

/** Receivers: a 50 m grid outside buildings, and 2 m in front of the middle of every wall of every fourth building. */
function receivers(b: NoiseBuildings): { x: number[]; y: number[]; facade: number } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < b.count; i += 4) {
    const v0 = b.ringOffset[i] ?? 0;
    const v1 = b.ringOffset[i + 1] ?? 0;
    let area2 = 0;
    for (let v = v0; v < v1; v++) {
      const w = v + 1 < v1 ? v + 1 : v0;
      area2 += (b.xy[2 * v] ?? 0) * (b.xy[2 * w + 1] ?? 0) - (b.xy[2 * w] ?? 0) * (b.xy[2 * v + 1] ?? 0);
    }
    for (let v = v0; v < v1; v++) {
      const w = v + 1 < v1 ? v + 1 : v0;
      const ex = (b.xy[2 * w] ?? 0) - (b.xy[2 * v] ?? 0);
      const ey = (b.xy[2 * w + 1] ?? 0) - (b.xy[2 * v + 1] ?? 0);
      const len = Math.hypot(ex, ey);
      const side = area2 > 0 ? 1 : -1;
      const px = (b.xy[2 * v] ?? 0) + ex / 2 + (2 * side * ey) / len;
      const py = (b.xy[2 * v + 1] ?? 0) + ey / 2 - (2 * side * ex) / len;
      if (insideAnyBuilding(b, px, py)) continue;
      x.push(px);
      y.push(py);
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
  return { x, y, facade };
}

const BASE: PathFinderOptions = { groundG: 0.5, facadeAlpha: [0.05, 0.05, 0.1, 0.1, 0.1, 0.2, 0.2, 0.2], reflectionRadiusM: 60, atmosphere: { temperatureC: 15, humidityPercent: 70 } };
const PATCHES: NoiseGroundPolygons = { count: 2, ringOffset: Uint32Array.from([0, 4, 8]), xy: Float64Array.from([0, 0, 200, 0, 200, 150, 0, 150, 220, 220, 400, 220, 400, 400, 220, 400]), g: Float64Array.from([1, 0]) };

describe('optimised path finder = straightforward path finder', () => {
  for (const [name, extra] of [
    ['uniform ground', {}],
    ['ground polygons, facade α per building', { groundPolygons: PATCHES, facadeAlphaByBuilding: Array.from({ length: 60 * 8 }, (_, k) => 0.02 * (k % 9)) }],
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
      for (let j = 0; j < r.x.length; j++) {
        // Sources along two streets (y = 5 m and x = 395 m) every 20 m, 5 cm high.
        for (let k = 0; k < 40; k++) {
          const [sx, sy] = k < 20 ? [10 + 20 * k, 5] : [395, 10 + 20 * (k - 20)];
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
          }
        }
      }
      console.log(`${name}: ${terracedCount} terraced houses, ${pairs} pairs (${r.facade} facade receivers, ${r.x.length - r.facade} grid), ${reflected} with reflections (${facadeReflected} at facade receivers), worst |ΔL| ${worst.toExponential(2)} dB, Σ gain 1 kHz ${total.toExponential(4)}`);
      expect(Number.isFinite(worst)).toBe(true);
      expect(worst).toBeLessThanOrEqual(1e-9);
      expect(r.facade).toBeGreaterThan(30);
      expect(terracedCount).toBeGreaterThanOrEqual(4);
      expect(reflected).toBeGreaterThan(pairs / 4);
      expect(facadeReflected).toBeGreaterThan(100);
    });
  }
});
