/**
 * Seeded synthetic building tables for the geometry tests and bench/mesh.bench.ts: footprints on a
 * jittered 25 m grid (≈ 1 600 buildings per km²), mixed shapes — 60 % rectangles, 20 % L-shapes,
 * 10 % courtyard buildings (one rectangular hole, wound clockwise), 10 % polygons of 8–12
 * vertices — heights 3–40 m on bases 0–5 m. Outer rings counter-clockwise, as the city model wants.
 */
import { createRng } from '../../src/twin/demo/prng';
import type { BuildingTable } from '../../src/twin/city-model';

export const SYNTHETIC_PITCH_M = 25;

export function syntheticBuildings(count: number, seed = 7): BuildingTable {
  const rng = createRng(seed, 'synthetic-buildings');
  const side = Math.ceil(Math.sqrt(count));
  const ringStart: number[] = [0];
  const ringOffset: number[] = [0];
  const xy: number[] = [];
  const baseHeightM = new Float32Array(count);
  const heightM = new Float32Array(count);
  const ring = (pts: number[]): void => {
    for (const v of pts) xy.push(v);
    ringOffset.push(xy.length / 2);
  };
  for (let i = 0; i < count; i++) {
    const cx = (i % side) * SYNTHETIC_PITCH_M + rng.range(-1.5, 1.5);
    const cy = Math.floor(i / side) * SYNTHETIC_PITCH_M + rng.range(-1.5, 1.5);
    const w = rng.range(8, 20);
    const h = rng.range(8, 20);
    const x0 = cx - w / 2;
    const y0 = cy - h / 2;
    const x1 = cx + w / 2;
    const y1 = cy + h / 2;
    const kind = rng.next();
    if (kind < 0.6) {
      ring([x0, y0, x1, y0, x1, y1, x0, y1]);
    } else if (kind < 0.8) {
      const a = x0 + w * rng.range(0.35, 0.65);
      const b = y0 + h * rng.range(0.35, 0.65);
      ring([x0, y0, x1, y0, x1, b, a, b, a, y1, x0, y1]);
    } else if (kind < 0.9) {
      ring([x0, y0, x1, y0, x1, y1, x0, y1]);
      const d = Math.min(w, h) * 0.3;
      ring([x0 + d, y0 + d, x0 + d, y1 - d, x1 - d, y1 - d, x1 - d, y0 + d]);
    } else {
      const n = rng.int(8, 12);
      const r = Math.min(w, h) / 2;
      const pts: number[] = [];
      for (let k = 0; k < n; k++) pts.push(cx + r * Math.cos((2 * Math.PI * k) / n), cy + r * Math.sin((2 * Math.PI * k) / n));
      ring(pts);
    }
    ringStart.push(ringOffset.length - 1);
    baseHeightM[i] = rng.range(0, 5);
    heightM[i] = rng.range(3, 40);
  }
  return {
    ringStart: Uint32Array.from(ringStart),
    ringOffset: Uint32Array.from(ringOffset),
    xy: Float64Array.from(xy),
    count,
    id: Array.from({ length: count }, (_, i) => `synthetic-${i}`),
    baseHeightM,
    heightM,
    storeys: new Uint16Array(count),
    use: new Uint8Array(count),
    residents: new Float32Array(count),
    defaulted: new Uint8Array(count),
    attributes: Array.from({ length: count }, () => ({})),
  };
}
