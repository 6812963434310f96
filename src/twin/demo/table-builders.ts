/**
 * Small growable builders for the columnar tables of src/twin/city-model.ts, private to the demo
 * generator (a few thousand features: plain arrays, converted to typed arrays once in `build`).
 * Rings are given as flat [x0, y0, x1, y1, …] arrays, not closed; the first ring is the outer
 * one (counter-clockwise), the rest are holes (clockwise): `addPolygon` enforces the orientation.
 */
import type { PolygonTable, PolylineTable } from '../city-model';

/** Twice the signed area of a flat ring (> 0 counter-clockwise), m². */
export function ringSignedArea2(ring: readonly number[]): number {
  let sum = 0;
  const n = ring.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    sum += (ring[2 * j] ?? 0) * (ring[2 * i + 1] ?? 0) - (ring[2 * i] ?? 0) * (ring[2 * j + 1] ?? 0);
  }
  return sum;
}

function reversedRing(ring: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = ring.length / 2 - 1; i >= 0; i--) out.push(ring[2 * i] ?? NaN, ring[2 * i + 1] ?? NaN);
  return out;
}

export class PolygonTableBuilder {
  private readonly ringStart: number[] = [0];
  private readonly ringOffset: number[] = [0];
  private readonly xy: number[] = [];

  get count(): number {
    return this.ringStart.length - 1;
  }

  /** Appends one polygon (outer ring then holes); returns its index. */
  addPolygon(rings: readonly (readonly number[])[]): number {
    if (rings.length === 0) throw new Error('demo district: a polygon needs at least its outer ring');
    rings.forEach((ring, r) => {
      if (ring.length < 6 || ring.length % 2 !== 0) throw new Error(`demo district: ring ${r} has fewer than 3 vertices`);
      const area2 = ringSignedArea2(ring);
      if (area2 === 0) throw new Error(`demo district: ring ${r} has zero area`);
      const wantCcw = r === 0;
      const oriented = area2 > 0 === wantCcw ? ring : reversedRing(ring);
      for (const v of oriented) this.xy.push(v);
      this.ringOffset.push(this.xy.length / 2);
    });
    this.ringStart.push(this.ringOffset.length - 1);
    return this.count - 1;
  }

  build(): PolygonTable {
    return {
      ringStart: Uint32Array.from(this.ringStart),
      ringOffset: Uint32Array.from(this.ringOffset),
      xy: Float64Array.from(this.xy),
    };
  }
}

export class PolylineTableBuilder {
  private readonly vertexOffset: number[] = [0];
  private readonly xyz: number[] = [];

  get count(): number {
    return this.vertexOffset.length - 1;
  }

  /** Appends one polyline given as flat [x, y, z, …]; returns its index. */
  addPolyline(xyz: readonly number[]): number {
    if (xyz.length < 6 || xyz.length % 3 !== 0) throw new Error('demo district: a polyline needs at least 2 vertices');
    for (const v of xyz) this.xyz.push(v);
    this.vertexOffset.push(this.xyz.length / 3);
    return this.count - 1;
  }

  build(): PolylineTable {
    return { vertexOffset: Uint32Array.from(this.vertexOffset), xyz: Float64Array.from(this.xyz) };
  }
}
