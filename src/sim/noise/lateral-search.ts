/**
 * Search of the lateral paths of a pair among building footprints (CNOSSOS-EU Annex II §2.5.7):
 * the buildings the direct path crosses, then the chains of the convex hull of S, R and their
 * footprints (`lateral-paths.ts`); footprints a chain still crosses join and the hull is redone
 * (the "rubber band", a few rounds); a chain still blocked after that is dropped. Planar, m.
 */
import type { BuildingGrid } from './building-grid';
import { boxMisses, legWallCrossing } from './footprint-walls';
import { createLateralChains, lateralChains, type LateralChains } from './lateral-paths';
import type { NoiseBuildings } from './noise-scene';

/** Rounds of the rubber band: footprints a chain still crosses are added, then retried. */
const LATERAL_ROUNDS = 3;

export class LateralSearch {
  private readonly chains = createLateralChains(64);
  /** The result: valid chains only (a dropped side has count 0). */
  private readonly out = createLateralChains(64);
  private blockers = new Int32Array(16);
  private blockerCount = 0;
  private footX = new Float64Array(64);
  private footY = new Float64Array(64);
  private footCount = 0;
  /** Scratch: t, s of `legWallCrossing`. */
  private readonly crossing = new Float64Array(2);

  constructor(
    private readonly buildings: NoiseBuildings,
    private readonly boxes: Float64Array,
    private readonly grid: BuildingGrid,
    /** Absolute roof height of building i, m. */
    private readonly roofZ: (i: number) => number,
  ) {}

  /**
   * Left and right chains from S (sx, sy, absolute height zs) to R that cross no building (count 0
   * where none), around the blocking buildings' sections in the plane through S and R.
   */
  search(sx: number, sy: number, zs: number, rx: number, ry: number, zr: number): LateralChains {
    this.blockerCount = 0;
    this.out.leftCount = 0;
    this.out.rightCount = 0;
    this.addBlockersCrossing(sx, sy, rx, ry);
    for (let side = 0; side < 2; side++) {
      for (let round = 0; round < LATERAL_ROUNDS; round++) {
        this.gatherFootprints(sx, sy, zs, rx, ry, zr);
        lateralChains(sx, sy, rx, ry, this.footX, this.footY, this.footCount, this.chains);
        const xs = side === 0 ? this.chains.leftX : this.chains.rightX;
        const ys = side === 0 ? this.chains.leftY : this.chains.rightY;
        const count = side === 0 ? this.chains.leftCount : this.chains.rightCount;
        if (count === 0) break;
        const before = this.blockerCount;
        let px = sx;
        let py = sy;
        for (let k = 0; k <= count; k++) {
          const qx = k < count ? (xs[k] ?? 0) : rx;
          const qy = k < count ? (ys[k] ?? 0) : ry;
          this.addBlockersCrossing(px, py, qx, qy);
          px = qx;
          py = qy;
        }
        if (this.blockerCount === before) {
          this.keep(side, xs, ys, count);
          break;
        }
      }
    }
    return this.out;
  }

  private keep(side: number, xs: Float64Array, ys: Float64Array, count: number): void {
    const o = this.out;
    if (side === 0) {
      if (o.leftX.length < count) {
        o.leftX = new Float64Array(2 * count);
        o.leftY = new Float64Array(2 * count);
      }
      for (let k = 0; k < count; k++) {
        o.leftX[k] = xs[k] ?? 0;
        o.leftY[k] = ys[k] ?? 0;
      }
      o.leftCount = count;
    } else {
      if (o.rightX.length < count) {
        o.rightX = new Float64Array(2 * count);
        o.rightY = new Float64Array(2 * count);
      }
      for (let k = 0; k < count; k++) {
        o.rightX[k] = xs[k] ?? 0;
        o.rightY[k] = ys[k] ?? 0;
      }
      o.rightCount = count;
    }
  }

  /**
   * The blocking buildings' sections in the plane through S and R (ISO/TR 17534-4 TC11): each
   * footprint clipped to where that plane, of height zs + t (zr − zs) over the point's projection
   * t on S→R, runs below the roof (`roofZ`), as vertices into footX/footY. A footprint the plane
   * clears adds nothing.
   */
  private gatherFootprints(sx: number, sy: number, zs: number, rx: number, ry: number, zr: number): void {
    const b = this.buildings;
    const dx = rx - sx;
    const dy = ry - sy;
    const len2 = dx * dx + dy * dy;
    let n = 0;
    for (let k = 0; k < this.blockerCount; k++) {
      const i = this.blockers[k] ?? 0;
      const ring = b.ringStart[i] ?? 0;
      const v0 = b.ringOffset[ring] ?? 0;
      const v1 = b.ringOffset[ring + 1] ?? 0;
      // Each vertex and each crossing of the clip line: at most twice the vertices.
      if (n + 2 * (v1 - v0) > this.footX.length) {
        const grownX = new Float64Array(2 * (n + 2 * (v1 - v0)));
        grownX.set(this.footX);
        this.footX = grownX;
        const grownY = new Float64Array(2 * (n + 2 * (v1 - v0)));
        grownY.set(this.footY);
        this.footY = grownY;
      }
      const roof = this.roofZ(i);
      for (let v = v0; v < v1; v++) {
        const w = v + 1 < v1 ? v + 1 : v0;
        const ax = b.xy[2 * v] ?? 0;
        const ay = b.xy[2 * v + 1] ?? 0;
        const bx = b.xy[2 * w] ?? 0;
        const by = b.xy[2 * w + 1] ?? 0;
        // Clearance of the roof over the plane at each end (≥ 0: the building cuts the plane).
        const ca = roof - (zs + (len2 > 0 ? ((ax - sx) * dx + (ay - sy) * dy) / len2 : 0) * (zr - zs));
        const cb = roof - (zs + (len2 > 0 ? ((bx - sx) * dx + (by - sy) * dy) / len2 : 0) * (zr - zs));
        if (ca >= 0) {
          this.footX[n] = ax;
          this.footY[n] = ay;
          n++;
        }
        if (ca >= 0 !== cb >= 0) {
          const f = ca / (ca - cb);
          this.footX[n] = ax + f * (bx - ax);
          this.footY[n] = ay + f * (by - ay);
          n++;
        }
      }
    }
    this.footCount = n;
  }

  /** Adds to `blockers` every building whose outline the segment crosses (once each). */
  private addBlockersCrossing(x0: number, y0: number, x1: number, y1: number): void {
    const b = this.buildings;
    const dx = x1 - x0;
    const dy = y1 - y0;
    this.grid.alongSegment(x0, y0, x1, y1);
    for (let n = 0; n < this.grid.foundCount; n++) {
      const i = this.grid.found[n] ?? 0;
      let known = false;
      for (let k = 0; k < this.blockerCount; k++) if (this.blockers[k] === i) known = true;
      if (known || boxMisses(this.boxes, i, Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1))) continue;
      const ring = b.ringStart[i] ?? 0;
      const v0 = b.ringOffset[ring] ?? 0;
      const v1 = b.ringOffset[ring + 1] ?? 0;
      for (let v = v0; v < v1; v++) {
        const w = v + 1 < v1 ? v + 1 : v0;
        const ax = b.xy[2 * v] ?? 0;
        const ay = b.xy[2 * v + 1] ?? 0;
        const ex = (b.xy[2 * w] ?? 0) - ax;
        const ey = (b.xy[2 * w + 1] ?? 0) - ay;
        if (!legWallCrossing(x0, y0, dx, dy, ax, ay, ex, ey, this.crossing)) continue;
        const t = this.crossing[0] ?? 0;
        const s = this.crossing[1] ?? 0;
        // Strictly inside the segment and the wall: grazing a hull vertex is no crossing.
        if (t <= 1e-6 || t >= 1 - 1e-6 || s <= 1e-6 || s >= 1 - 1e-6) continue;
        if (this.blockerCount >= this.blockers.length) {
          const grown = new Int32Array(this.blockers.length * 2);
          grown.set(this.blockers);
          this.blockers = grown;
        }
        this.blockers[this.blockerCount++] = i;
        break;
      }
    }
  }
}
