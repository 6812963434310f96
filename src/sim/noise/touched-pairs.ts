/**
 * Which source–receiver pairs a geometry change can touch (issue 8: "a geometry change recomputes
 * only the paths it touches"). Pure kernel on the map kernel's typed arrays; planar, m.
 *
 * A change is the set of building footprints that appeared, disappeared or changed (a changed
 * building counts with its old and its new footprint; a height change alike). For the paths the
 * path finder (`path-finder.ts`) builds for a pair S → R, a changed footprint F can alter the
 * pair's gains only when (each test conservative, closed, with a margin `MARGIN_M`):
 * - direct path (CNOSSOS-EU Annex II §2.5.5, vertical cut along S–R): F meets the segment S–R
 *   (its walls give diffraction edges and roofs G = 0 only where the cut crosses them);
 * - first-order reflections (§2.5.8): the path finder searches the walls that come within
 *   ρ = `reflectionRadiusM` of R, and the reflection point P may lie anywhere on such a wall, so P
 *   lies within ρ_R of R, ρ_R = max(ρ, the farthest end of a wall within ρ of R) over the buildings
 *   before and after the change (`ReflectionReach`), plus `COVER_PROBE_M` (a reflection needs
 *   the point 5 cm in front of P outside every other footprint). Both legs S → P → R lie in the convex hull
 *   of S and the disc (R, ρ_R), which is the disc ∪ the triangle S, T1, T2 (T1, T2: tangent points
 *   from S); F meets that hull (a wall of F could reflect, a leg could cross F, or F hid a leg);
 * - lateral paths (§2.5.7, `lateral-search.ts`): see `lateral-reach.ts` (the hull closure of the
 *   buildings the rubber band could reach).
 * A pair none of whose tests hits any changed footprint has exactly the paths and gains it had.
 * The tests take a changed footprint by its outer ring, which encloses its courtyards (inner
 * rings): whatever meets a courtyard wall meets the outer ring or lies inside it, so the tests
 * stay conservative; only ρ_R looks at every ring (a courtyard wall within ρ of R reflects).
 */
import { pointInRings } from '../core/point-in-rings';
import { BuildingGrid } from './building-grid';
import type { NoiseBuildings } from './noise-scene';
import { COVER_PROBE_M } from './facade-candidates';
import { buildingBoxes, outerRingBox } from './footprint-walls';

/** Margin of every geometric test, m: a footprint this close counts as touching. */
export const MARGIN_M = 1e-3;

/** Outer rings of the changed footprints, with their bounding boxes (minX, minY, maxX, maxY each). */
export interface ChangedFootprints {
  count: number;
  /** Length count + 1: first vertex of each ring. */
  ringOffset: Uint32Array;
  xy: Float64Array;
  box: Float64Array;
}

/** Building identity for the diff: every ring's vertices and the height (exact values). */
function buildingKey(b: NoiseBuildings, i: number): string {
  const parts: number[] = [b.heightM[i] ?? 0];
  for (let ring = b.ringStart[i] ?? 0; ring < (b.ringStart[i + 1] ?? 0); ring++) {
    parts.push(Number.NaN);
    for (let v = b.ringOffset[ring] ?? 0; v < (b.ringOffset[ring + 1] ?? 0); v++) parts.push(b.xy[2 * v] ?? 0, b.xy[2 * v + 1] ?? 0);
  }
  return parts.join(',');
}

export interface BuildingDiff {
  /** Indices in `before` of the buildings with no identical building in `after`. */
  removed: number[];
  /** Indices in `after` of the buildings with no identical building in `before`. */
  added: number[];
  footprints: ChangedFootprints;
}

/**
 * Buildings that appeared, disappeared or changed between two building tables, by content (rings
 * and height), whatever their ids and order; a changed building is removed and added.
 */
export function diffBuildings(before: NoiseBuildings, after: NoiseBuildings): BuildingDiff {
  const pool = new Map<string, number[]>();
  for (let i = 0; i < before.count; i++) {
    const k = buildingKey(before, i);
    const list = pool.get(k);
    if (list === undefined) pool.set(k, [i]);
    else list.push(i);
  }
  const added: number[] = [];
  for (let i = 0; i < after.count; i++) {
    const list = pool.get(buildingKey(after, i));
    if (list === undefined || list.length === 0) added.push(i);
    else list.pop();
  }
  const removed: number[] = [];
  for (const list of pool.values()) removed.push(...list);
  removed.sort((a, b) => a - b);
  const rings: [NoiseBuildings, number][] = [...removed.map((i): [NoiseBuildings, number] => [before, i]), ...added.map((i): [NoiseBuildings, number] => [after, i])];
  return { removed, added, footprints: outerRings(rings) };
}

/** The outer rings of the given (table, building) entries as `ChangedFootprints`. */
export function outerRings(entries: readonly (readonly [NoiseBuildings, number])[]): ChangedFootprints {
  const ringOffset = new Uint32Array(entries.length + 1);
  const xy: number[] = [];
  const box = new Float64Array(4 * entries.length);
  entries.forEach(([b, i], k) => {
    const ring = b.ringStart[i] ?? 0;
    for (let v = b.ringOffset[ring] ?? 0; v < (b.ringOffset[ring + 1] ?? 0); v++) xy.push(b.xy[2 * v] ?? 0, b.xy[2 * v + 1] ?? 0);
    ringOffset[k + 1] = xy.length / 2;
    outerRingBox(b, i, box, 4 * k);
  });
  return { count: entries.length, ringOffset, xy: Float64Array.from(xy), box };
}

/** Squared distance between segments P0P1 and Q0Q1, m² (closest points, clamped; Ericson 2005 §5.1.9). */
export function segmentDistance2(p0x: number, p0y: number, p1x: number, p1y: number, q0x: number, q0y: number, q1x: number, q1y: number): number {
  const d1x = p1x - p0x;
  const d1y = p1y - p0y;
  const d2x = q1x - q0x;
  const d2y = q1y - q0y;
  const rx = p0x - q0x;
  const ry = p0y - q0y;
  const a = d1x * d1x + d1y * d1y;
  const e = d2x * d2x + d2y * d2y;
  const f = d2x * rx + d2y * ry;
  let s: number;
  let t: number;
  if (a <= 1e-18 && e <= 1e-18) return rx * rx + ry * ry;
  if (a <= 1e-18) {
    s = 0;
    t = Math.min(1, Math.max(0, f / e));
  } else {
    const c = d1x * rx + d1y * ry;
    if (e <= 1e-18) {
      t = 0;
      s = Math.min(1, Math.max(0, -c / a));
    } else {
      const b = d1x * d2x + d1y * d2y;
      const denom = a * e - b * b;
      s = denom > 1e-18 ? Math.min(1, Math.max(0, (b * f - c * e) / denom)) : 0;
      t = (b * s + f) / e;
      if (t < 0) {
        t = 0;
        s = Math.min(1, Math.max(0, -c / a));
      } else if (t > 1) {
        t = 1;
        s = Math.min(1, Math.max(0, (b - c) / a));
      }
    }
  }
  const dx = p0x + d1x * s - (q0x + d2x * t);
  const dy = p0y + d1y * s - (q0y + d2y * t);
  return dx * dx + dy * dy;
}

/** Even-odd point in ring k of `f`. */
function insideRing(f: ChangedFootprints, k: number, x: number, y: number): boolean {
  return pointInRings(f.ringOffset, f.xy, k, k + 1, x, y);
}

/** Whether ring k of `f` comes within `margin` of segment A–B (or contains A). */
function ringNearSegment(f: ChangedFootprints, k: number, ax: number, ay: number, bx: number, by: number, margin: number): boolean {
  const s = f.ringOffset[k] ?? 0;
  const e = f.ringOffset[k + 1] ?? 0;
  const m2 = margin * margin;
  for (let v = s, w = e - 1; v < e; w = v++) {
    if (segmentDistance2(ax, ay, bx, by, f.xy[2 * w] ?? 0, f.xy[2 * w + 1] ?? 0, f.xy[2 * v] ?? 0, f.xy[2 * v + 1] ?? 0) <= m2) return true;
  }
  return insideRing(f, k, ax, ay);
}

/** Whether (x, y) lies in the triangle A, B, C (closed, either orientation). */
function inTriangle(x: number, y: number, ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  const d1 = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
  const d2 = (cx - bx) * (y - by) - (cy - by) * (x - bx);
  const d3 = (ax - cx) * (y - cy) - (ay - cy) * (x - cx);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

/**
 * Reach of the reflection points around a receiver: ρ_R = max(ρ, the farthest end of every wall
 * within ρ of R, courtyard walls included) + `COVER_PROBE_M` (the open-facade probe in front of P),
 * over a building table (pass the union of the buildings before and after).
 */
export class ReflectionReach {
  private readonly boxes: Float64Array;
  private readonly grid: BuildingGrid;

  constructor(
    private readonly buildings: NoiseBuildings,
    /** The path finder's `reflectionRadiusM`, m. */
    readonly radiusM: number,
  ) {
    this.boxes = buildingBoxes(buildings);
    this.grid = new BuildingGrid(this.boxes, buildings.count, 25);
  }

  /** ρ_R at (rx, ry), m (0 when reflections are off). */
  radiusAt(rx: number, ry: number): number {
    const rho = this.radiusM;
    if (!(rho > 0)) return 0;
    const b = this.buildings;
    let reach = rho;
    this.grid.nearPoint(rx, ry, rho + MARGIN_M);
    for (let n = 0; n < this.grid.foundCount; n++) {
      const i = this.grid.found[n] ?? 0;
      for (let ring = b.ringStart[i] ?? 0; ring < (b.ringStart[i + 1] ?? 0); ring++) {
        const s = b.ringOffset[ring] ?? 0;
        const e = b.ringOffset[ring + 1] ?? 0;
        for (let v = s, w = e - 1; v < e; w = v++) {
          const ax = b.xy[2 * w] ?? 0;
          const ay = b.xy[2 * w + 1] ?? 0;
          const bx = b.xy[2 * v] ?? 0;
          const by = b.xy[2 * v + 1] ?? 0;
          if (segmentDistance2(rx, ry, rx, ry, ax, ay, bx, by) > (rho + MARGIN_M) ** 2) continue;
          reach = Math.max(reach, Math.hypot(ax - rx, ay - ry), Math.hypot(bx - rx, by - ry));
        }
      }
    }
    return reach + COVER_PROBE_M;
  }
}

/**
 * The pair test over a set of changed footprints for the direct path and the reflections (see the
 * module comment). No allocation per call.
 */
export class TouchedPairTest {
  constructor(readonly footprints: ChangedFootprints) {}

  /**
   * Whether any changed footprint could touch a pair of the receiver (rx, ry) whose sources lie
   * within `rangeM` of it, with reflection reach `reflectionReachM` (ρ_R, 0: none): a cheap box
   * test that lets a receiver skip its pairs.
   */
  receiverNear(rx: number, ry: number, rangeM: number, reflectionReachM: number): boolean {
    const f = this.footprints;
    const d = Math.max(rangeM, reflectionReachM) + 2 * MARGIN_M;
    for (let k = 0; k < f.count; k++) {
      const b = 4 * k;
      const dx = Math.max((f.box[b] ?? 0) - rx, 0, rx - (f.box[b + 2] ?? 0));
      const dy = Math.max((f.box[b + 1] ?? 0) - ry, 0, ry - (f.box[b + 3] ?? 0));
      if (dx * dx + dy * dy <= d * d) return true;
    }
    return false;
  }

  /**
   * Whether a changed footprint can touch the direct path or the reflections of S → R, with
   * reflection reach ρ_R = `reflectionReachM` (0: no reflections).
   */
  touches(sx: number, sy: number, rx: number, ry: number, reflectionReachM: number): boolean {
    const f = this.footprints;
    const rho = reflectionReachM > 0 ? reflectionReachM + MARGIN_M : 0;
    const grow = rho > 0 ? rho : MARGIN_M;
    const minX = Math.min(sx, rx - grow);
    const maxX = Math.max(sx, rx + grow);
    const minY = Math.min(sy, ry - grow);
    const maxY = Math.max(sy, ry + grow);
    for (let k = 0; k < f.count; k++) {
      const b = 4 * k;
      if ((f.box[b] ?? 0) > maxX + MARGIN_M || (f.box[b + 2] ?? 0) < minX - MARGIN_M || (f.box[b + 1] ?? 0) > maxY + MARGIN_M || (f.box[b + 3] ?? 0) < minY - MARGIN_M) continue;
      if (rho === 0 ? ringNearSegment(f, k, sx, sy, rx, ry, MARGIN_M) : this.ringInCone(k, sx, sy, rx, ry, rho)) return true;
    }
    return false;
  }

  /** Whether ring k meets the hull of S and the disc (R, rho), within the margin. */
  private ringInCone(k: number, sx: number, sy: number, rx: number, ry: number, rho: number): boolean {
    const f = this.footprints;
    const s = f.ringOffset[k] ?? 0;
    const e = f.ringOffset[k + 1] ?? 0;
    // The disc: a wall within rho of R, or R inside the footprint.
    for (let v = s, w = e - 1; v < e; w = v++) {
      if (segmentDistance2(rx, ry, rx, ry, f.xy[2 * w] ?? 0, f.xy[2 * w + 1] ?? 0, f.xy[2 * v] ?? 0, f.xy[2 * v + 1] ?? 0) <= rho * rho) return true;
    }
    if (insideRing(f, k, rx, ry)) return true;
    const dx = sx - rx;
    const dy = sy - ry;
    const d = Math.sqrt(dx * dx + dy * dy);
    if (d <= rho) return false; // the hull is the disc
    // Tangent points T1, T2 from S on the circle: angle θ at R with cos θ = rho / d.
    const ux = dx / d;
    const uy = dy / d;
    const c = rho / d;
    const sn = Math.sqrt(Math.max(0, 1 - c * c));
    const t1x = rx + rho * (c * ux - sn * uy);
    const t1y = ry + rho * (c * uy + sn * ux);
    const t2x = rx + rho * (c * ux + sn * uy);
    const t2y = ry + rho * (c * uy - sn * ux);
    const m2 = MARGIN_M * MARGIN_M;
    for (let v = s, w = e - 1; v < e; w = v++) {
      const ax = f.xy[2 * w] ?? 0;
      const ay = f.xy[2 * w + 1] ?? 0;
      const bx = f.xy[2 * v] ?? 0;
      const by = f.xy[2 * v + 1] ?? 0;
      if (inTriangle(bx, by, sx, sy, t1x, t1y, t2x, t2y)) return true;
      if (segmentDistance2(ax, ay, bx, by, sx, sy, t1x, t1y) <= m2) return true;
      if (segmentDistance2(ax, ay, bx, by, sx, sy, t2x, t2y) <= m2) return true;
      if (segmentDistance2(ax, ay, bx, by, t1x, t1y, t2x, t2y) <= m2) return true;
    }
    return insideRing(f, k, sx, sy);
  }
}
