/**
 * Small polygon predicates for the plausibility tests (rings of a PolygonTable feature):
 * point in polygon with holes, proper segment crossings, and interior overlap of two footprints.
 */
import type { PolygonTable } from '../../src/twin/city-model';

export interface Ring {
  xy: Float64Array;
  a: number;
  e: number;
}

export function ringsOf(t: PolygonTable, feature: number): Ring[] {
  const rings: Ring[] = [];
  for (let r = t.ringStart[feature] ?? 0; r < (t.ringStart[feature + 1] ?? 0); r++) rings.push({ xy: t.xy, a: t.ringOffset[r] ?? 0, e: t.ringOffset[r + 1] ?? 0 });
  return rings;
}

export function signedArea(ring: Ring): number {
  let s = 0;
  for (let k = ring.a, j = ring.e - 1; k < ring.e; j = k++) s += (ring.xy[2 * j] ?? 0) * (ring.xy[2 * k + 1] ?? 0) - (ring.xy[2 * k] ?? 0) * (ring.xy[2 * j + 1] ?? 0);
  return s / 2;
}

/** Area of a feature: outer ring minus holes, m². */
export function featureArea(t: PolygonTable, feature: number): number {
  return ringsOf(t, feature).reduce((sum, ring, r) => sum + (r === 0 ? 1 : -1) * Math.abs(signedArea(ring)), 0);
}

function inRing(ring: Ring, x: number, y: number): boolean {
  let inside = false;
  for (let k = ring.a, j = ring.e - 1; k < ring.e; j = k++) {
    const xi = ring.xy[2 * k] ?? 0;
    const yi = ring.xy[2 * k + 1] ?? 0;
    const xj = ring.xy[2 * j] ?? 0;
    const yj = ring.xy[2 * j + 1] ?? 0;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function distanceToRing(ring: Ring, x: number, y: number): number {
  let best = Infinity;
  for (let k = ring.a, j = ring.e - 1; k < ring.e; j = k++) {
    const ax = ring.xy[2 * j] ?? 0;
    const ay = ring.xy[2 * j + 1] ?? 0;
    const dx = (ring.xy[2 * k] ?? 0) - ax;
    const dy = (ring.xy[2 * k + 1] ?? 0) - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
    best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
  }
  return best;
}

/** Strictly inside the feature (outer ring minus holes), more than `margin` m from every edge. */
export function insideFeature(rings: readonly Ring[], x: number, y: number, margin = 1e-6): boolean {
  const [outer, ...holes] = rings;
  if (!outer || !inRing(outer, x, y)) return false;
  if (holes.some((h) => inRing(h, x, y))) return false;
  return rings.every((r) => distanceToRing(r, x, y) > margin);
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return Math.abs(v) < 1e-9 ? 0 : Math.sign(v);
}

/** Do any two edges of the rings cross at a point interior to both (touching does not count)? */
function edgesCross(a: readonly Ring[], b: readonly Ring[]): boolean {
  for (const ra of a) {
    for (let k = ra.a, j = ra.e - 1; k < ra.e; j = k++) {
      const [p1x, p1y, p2x, p2y] = [ra.xy[2 * j] ?? 0, ra.xy[2 * j + 1] ?? 0, ra.xy[2 * k] ?? 0, ra.xy[2 * k + 1] ?? 0];
      for (const rb of b) {
        for (let m = rb.a, i = rb.e - 1; m < rb.e; i = m++) {
          const [q1x, q1y, q2x, q2y] = [rb.xy[2 * i] ?? 0, rb.xy[2 * i + 1] ?? 0, rb.xy[2 * m] ?? 0, rb.xy[2 * m + 1] ?? 0];
          const o1 = orient(p1x, p1y, p2x, p2y, q1x, q1y);
          const o2 = orient(p1x, p1y, p2x, p2y, q2x, q2y);
          const o3 = orient(q1x, q1y, q2x, q2y, p1x, p1y);
          const o4 = orient(q1x, q1y, q2x, q2y, p2x, p2y);
          if (o1 * o2 < 0 && o3 * o4 < 0) return true;
        }
      }
    }
  }
  return false;
}

/** A point well inside a feature: the centroid of the largest of a fan of sample points that lie inside. */
export function interiorPoint(rings: readonly Ring[]): [number, number] | null {
  const outer = rings[0];
  if (!outer) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let k = outer.a; k < outer.e; k++) {
    minX = Math.min(minX, outer.xy[2 * k] ?? 0);
    maxX = Math.max(maxX, outer.xy[2 * k] ?? 0);
    minY = Math.min(minY, outer.xy[2 * k + 1] ?? 0);
    maxY = Math.max(maxY, outer.xy[2 * k + 1] ?? 0);
  }
  for (let s = 1; s <= 16; s++) {
    for (let t = 1; t <= 16; t++) {
      const x = minX + ((maxX - minX) * s) / 17;
      const y = minY + ((maxY - minY) * t) / 17;
      if (insideFeature(rings, x, y, 0.05)) return [x, y];
    }
  }
  return null;
}

/** Do two footprints share interior area (beyond touching edges)? */
export function footprintsOverlap(a: readonly Ring[], b: readonly Ring[]): boolean {
  if (edgesCross(a, b)) return true;
  for (const [p, q] of [[a, b], [b, a]] as const) {
    for (const ring of p) {
      for (let k = ring.a; k < ring.e; k++) if (insideFeature(q, ring.xy[2 * k] ?? 0, ring.xy[2 * k + 1] ?? 0, 1e-6)) return true;
    }
    const inner = interiorPoint(p);
    if (inner && insideFeature(q, inner[0], inner[1], 1e-6)) return true;
  }
  return false;
}
