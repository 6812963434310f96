/**
 * Small plane-geometry helpers for scenario edits (ENU metres): footprint orientation and area,
 * the outline of a wall along a polyline, points every s metres along a polyline, ground heights.
 */
import type { Terrain } from '../twin/city-model';
import { terrainHeightAt } from '../twin/terrain';
import type { Point2 } from './scenario-types';

/** Shoelace signed area, m² (> 0 counter-clockwise). */
export function ringSignedArea(ring: readonly Point2[]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as Point2;
    const b = ring[(i + 1) % ring.length] as Point2;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

/**
 * True when two non-adjacent edges of the ring (closed or not; a closing repeat of the first point is ignored) cross or touch (a "bow-tie" footprint), or
 * two consecutive vertices coincide. O(n²) over the edges: footprints have a few dozen vertices.
 */
export function ringSelfIntersects(closedOrOpen: readonly Point2[]): boolean {
  const first = closedOrOpen[0];
  const last = closedOrOpen[closedOrOpen.length - 1];
  const closed = closedOrOpen.length > 3 && first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
  const ring = closed ? closedOrOpen.slice(0, -1) : closedOrOpen;
  const n = ring.length;
  const at = (i: number): Point2 => ring[((i % n) + n) % n] as Point2;
  const cross = (o: Point2, a: Point2, b: Point2): number => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const onSegment = (p: Point2, a: Point2, b: Point2): boolean => Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
  const segmentsMeet = (a: Point2, b: Point2, c: Point2, d: Point2): boolean => {
    const d1 = cross(c, d, a);
    const d2 = cross(c, d, b);
    const d3 = cross(a, b, c);
    const d4 = cross(a, b, d);
    if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
    return (d1 === 0 && onSegment(a, c, d)) || (d2 === 0 && onSegment(b, c, d)) || (d3 === 0 && onSegment(c, a, b)) || (d4 === 0 && onSegment(d, a, b));
  };
  for (let i = 0; i < n; i++) {
    const a = at(i);
    const b = at(i + 1);
    if (a[0] === b[0] && a[1] === b[1]) return true;
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // the closing edge shares vertex 0 with edge 0
      if (segmentsMeet(a, b, at(j), at(j + 1))) return true;
    }
  }
  return false;
}

/** The ring as interleaved x, y, counter-clockwise, without a closing repeat of the first point. */
export function counterClockwiseRing(ring: readonly Point2[]): Float64Array {
  let pts = ring;
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (pts.length > 3 && first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1]) pts = pts.slice(0, -1);
  const ordered = ringSignedArea(pts) < 0 ? [...pts].reverse() : pts;
  const out = new Float64Array(2 * ordered.length);
  ordered.forEach((p, i) => {
    out[2 * i] = p[0];
    out[2 * i + 1] = p[1];
  });
  return out;
}

/**
 * Outline (counter-clockwise ring) of a wall of `thicknessM` centred on `line`: both sides offset
 * by half the thickness with mitred joins (the miter is limited to 4× the half thickness).
 */
export function wallOutline(line: readonly Point2[], thicknessM: number): Float64Array {
  const h = thicknessM / 2;
  const n = line.length;
  const left: Point2[] = [];
  const right: Point2[] = [];
  const unitNormal = (a: Point2, b: Point2): Point2 => {
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len = Math.hypot(dx, dy);
    if (len === 0) throw new Error('a line has two equal consecutive points');
    return [-dy / len, dx / len];
  };
  for (let i = 0; i < n; i++) {
    const p = line[i] as Point2;
    const nPrev = i > 0 ? unitNormal(line[i - 1] as Point2, p) : null;
    const nNext = i < n - 1 ? unitNormal(p, line[i + 1] as Point2) : null;
    let nx: number;
    let ny: number;
    if (nPrev !== null && nNext !== null) {
      const mx = nPrev[0] + nNext[0];
      const my = nPrev[1] + nNext[1];
      const ml = Math.hypot(mx, my);
      const cos = ml / 2; // cos of half the turning angle
      const scale = ml === 0 ? 1 : Math.min(1 / Math.max(cos, 1e-9), 4);
      nx = ml === 0 ? nPrev[0] : (mx / ml) * scale;
      ny = ml === 0 ? nPrev[1] : (my / ml) * scale;
    } else {
      const only = (nPrev ?? nNext) as Point2;
      nx = only[0];
      ny = only[1];
    }
    left.push([p[0] + h * nx, p[1] + h * ny]);
    right.push([p[0] - h * nx, p[1] - h * ny]);
  }
  return counterClockwiseRing([...right, ...left.reverse()]);
}

/** Points every `spacingM` along `line` from its start (the end point too when it falls on the step). */
export function pointsAlong(line: readonly Point2[], spacingM: number): Point2[] {
  const out: Point2[] = [];
  let carried = 0; // distance from the last point placed to the start of the segment
  out.push(line[0] as Point2);
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1] as Point2;
    const b = line[i] as Point2;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    let s = spacingM - carried;
    while (s <= len + 1e-9) {
      const t = len === 0 ? 0 : s / len;
      out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
      s += spacingM;
    }
    carried = len - (s - spacingM);
  }
  return out;
}

/** Ground height at (x, y), m; 0 without terrain. */
export function groundAt(terrain: Terrain | null, x: number, y: number): number {
  if (terrain === null) return 0;
  const z = terrainHeightAt(terrain, x, y);
  return Number.isFinite(z) ? z : 0;
}

/** Lowest ground under the ring's vertices, m (buildings stand on the lowest ground, src/twin/demo/README.md). */
export function lowestGround(terrain: Terrain | null, ring: Float64Array): number {
  let z = Infinity;
  for (let i = 0; i < ring.length; i += 2) z = Math.min(z, groundAt(terrain, ring[i] ?? 0, ring[i + 1] ?? 0));
  return Number.isFinite(z) ? z : 0;
}
