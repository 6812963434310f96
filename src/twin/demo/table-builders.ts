/**
 * Builders for the columnar tables of src/twin/city-model.ts used by the demo generator, on the
 * shared GrowableArray (src/twin/growable-array.ts) and ring area (src/twin/table-builders.ts).
 * Rings are given as flat [x0, y0, x1, y1, …] arrays, not closed; the first ring is the outer
 * one (counter-clockwise), the rest are holes (clockwise): `addPolygon` enforces the orientation.
 */
import type { PolygonTable, PolylineTable } from '../city-model';
import { GrowableArray } from '../growable-array';
import { signedArea } from '../table-builders';

function reversedRing(ring: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = ring.length / 2 - 1; i >= 0; i--) out.push(ring[2 * i] ?? NaN, ring[2 * i + 1] ?? NaN);
  return out;
}

export class PolygonTableBuilder {
  private readonly ringStart = new GrowableArray(Uint32Array);
  private readonly ringOffset = new GrowableArray(Uint32Array);
  private readonly xy = new GrowableArray(Float64Array);

  constructor() {
    this.ringStart.push(0);
    this.ringOffset.push(0);
  }

  get count(): number {
    return this.ringStart.length - 1;
  }

  /** Appends one polygon (outer ring then holes); returns its index. */
  addPolygon(rings: readonly (readonly number[])[]): number {
    if (rings.length === 0) throw new Error('demo district: a polygon needs at least its outer ring');
    rings.forEach((ring, r) => {
      if (ring.length < 6 || ring.length % 2 !== 0) throw new Error(`demo district: ring ${r} has fewer than 3 vertices`);
      const area = signedArea(ring, 0, ring.length / 2);
      if (area === 0) throw new Error(`demo district: ring ${r} has zero area`);
      const wantCcw = r === 0;
      const oriented = area > 0 === wantCcw ? ring : reversedRing(ring);
      for (const v of oriented) this.xy.push(v);
      this.ringOffset.push(this.xy.length / 2);
    });
    this.ringStart.push(this.ringOffset.length - 1);
    return this.count - 1;
  }

  build(): PolygonTable {
    return {
      ringStart: this.ringStart.finish(),
      ringOffset: this.ringOffset.finish(),
      xy: this.xy.finish(),
    };
  }
}

export class PolylineTableBuilder {
  private readonly vertexOffset = new GrowableArray(Uint32Array);
  private readonly xyz = new GrowableArray(Float64Array);

  constructor() {
    this.vertexOffset.push(0);
  }

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
    return { vertexOffset: this.vertexOffset.finish(), xyz: this.xyz.finish() };
  }
}
