/**
 * Whether a geometry change can touch the lateral paths of a pair (CNOSSOS-EU Annex II §2.5.7;
 * the path finder's `LateralSearch`, lateral-search.ts). Planar, m.
 *
 * The search starts from the buildings the straight line S–R crosses; each round takes the left
 * or right chain of the convex hull of S, R and the current blockers' sections (points on their
 * footprints), and adds the buildings a chain leg crosses; at most 3 rounds per side, the two sides
 * one after the other, so at most 6 rounds; the kept chains' legs then cross only buildings whose
 * roofs enter the cut. Every leg lies in the hull of S, R and the blockers' footprints. So with
 * C₀ = the buildings meeting S–R and Cₖ₊₁ = the buildings meeting hull(S, R, Cₖ), the blockers
 * after k rounds lie in Cₖ and every building the lateral paths depend on lies in C₇. Computed
 * over the union of the buildings before and after the change (more buildings: a larger
 * closure), a pair whose C₇ holds no changed building has the same lateral paths in both cities.
 * Every test is closed with the margin `MARGIN_M` (conservative).
 */
import { pointInRings } from '../core/point-in-rings';
import { BuildingGrid } from './building-grid';
import type { NoiseBuildings } from './noise-scene';
import { buildingBoxes } from './footprint-walls';
import { MARGIN_M, segmentDistance2 } from './touched-pairs';

/** Expansions of the closure: 6 rounds of the rubber band + the final legs. */
const EXPANSIONS = 7;

/**
 * Convex hull (Andrew's monotone chain) of the n points in xs/ys, counter-clockwise into hx/hy
 * (capacity n + 1); returns its size. Sorts xs/ys in place (insertion sort: the point sets here
 * are a hull and a few footprints).
 */
function convexHull(xs: Float64Array, ys: Float64Array, n: number, hx: Float64Array, hy: Float64Array): number {
  for (let i = 1; i < n; i++) {
    const x = xs[i] ?? 0;
    const y = ys[i] ?? 0;
    let j = i - 1;
    while (j >= 0 && ((xs[j] ?? 0) > x || ((xs[j] ?? 0) === x && (ys[j] ?? 0) > y))) {
      xs[j + 1] = xs[j] ?? 0;
      ys[j + 1] = ys[j] ?? 0;
      j--;
    }
    xs[j + 1] = x;
    ys[j + 1] = y;
  }
  let k = 0;
  for (let pass = 0; pass < 2; pass++) {
    const floor = pass === 0 ? 2 : k + 1;
    for (let t = pass === 0 ? 0 : n - 2; pass === 0 ? t < n : t >= 0; t += pass === 0 ? 1 : -1) {
      const px = xs[t] ?? 0;
      const py = ys[t] ?? 0;
      while (k >= floor) {
        const ax = hx[k - 2] ?? 0;
        const ay = hy[k - 2] ?? 0;
        if (((hx[k - 1] ?? 0) - ax) * (py - ay) - ((hy[k - 1] ?? 0) - ay) * (px - ax) > 0) break;
        k--;
      }
      hx[k] = px;
      hy[k] = py;
      k++;
    }
  }
  return Math.max(1, k - 1);
}

export class LateralReach {
  private readonly boxes: Float64Array;
  private readonly grid: BuildingGrid;
  private readonly changed: Uint8Array;
  private member: Uint8Array;
  private set = new Int32Array(64);
  private setCount = 0;
  private px = new Float64Array(256);
  private py = new Float64Array(256);
  private hx = new Float64Array(257);
  private hy = new Float64Array(257);
  private hullCount = 0;
  /** Set members already in the hull. */
  private hulled = 0;

  /**
   * `buildings`: the union of the buildings before and after the change; `changed`: the indices in
   * it of the buildings that appeared, disappeared or changed.
   */
  constructor(
    private readonly buildings: NoiseBuildings,
    changed: readonly number[],
  ) {
    this.boxes = buildingBoxes(buildings);
    this.grid = new BuildingGrid(this.boxes, buildings.count, 25);
    this.changed = new Uint8Array(buildings.count);
    for (const i of changed) this.changed[i] = 1;
    this.member = new Uint8Array(buildings.count);
  }

  /** Whether a changed building lies in the closure C₇ of the pair S → R (module comment). */
  touches(sx: number, sy: number, rx: number, ry: number): boolean {
    this.clear();
    // C₀: buildings meeting the segment S–R.
    this.grid.alongSegment(sx, sy, rx, ry);
    for (let n = 0; n < this.grid.foundCount; n++) {
      const i = this.grid.found[n] ?? 0;
      if (this.ringNearSegment(i, sx, sy, rx, ry)) this.add(i);
    }
    let touched = false;
    if (this.setCount > 0) {
      for (let step = 0; step < EXPANSIONS && !touched; step++) {
        for (let k = 0; k < this.setCount; k++) if (this.changed[this.set[k] ?? 0] === 1) touched = true;
        if (touched) break;
        if (!this.expand(sx, sy, rx, ry)) break;
      }
      for (let k = 0; k < this.setCount; k++) if (this.changed[this.set[k] ?? 0] === 1) touched = true;
    }
    this.clear();
    return touched;
  }

  private clear(): void {
    for (let k = 0; k < this.setCount; k++) this.member[this.set[k] ?? 0] = 0;
    this.setCount = 0;
    this.hullCount = 0;
    this.hulled = 0;
  }

  private add(i: number): void {
    if (this.member[i] === 1) return;
    this.member[i] = 1;
    if (this.setCount >= this.set.length) {
      const grown = new Int32Array(this.set.length * 2);
      grown.set(this.set);
      this.set = grown;
    }
    this.set[this.setCount++] = i;
  }

  /** Adds the buildings meeting hull(S, R, set); returns whether any was added. */
  private expand(sx: number, sy: number, rx: number, ry: number): boolean {
    // hull(S, R, set) = hull(previous hull, footprints added since).
    let n = 0;
    let need = this.hullCount === 0 ? 2 : this.hullCount;
    for (let k = this.hulled; k < this.setCount; k++) {
      const ring = this.buildings.ringStart[this.set[k] ?? 0] ?? 0;
      need += (this.buildings.ringOffset[ring + 1] ?? 0) - (this.buildings.ringOffset[ring] ?? 0);
    }
    if (need + 1 > this.px.length) {
      const size = 2 * (need + 1);
      const keepX = this.hx.slice(0, this.hullCount);
      const keepY = this.hy.slice(0, this.hullCount);
      this.px = new Float64Array(size);
      this.py = new Float64Array(size);
      this.hx = new Float64Array(size + 1);
      this.hy = new Float64Array(size + 1);
      this.hx.set(keepX);
      this.hy.set(keepY);
    }
    if (this.hullCount === 0) {
      this.px[0] = sx;
      this.py[0] = sy;
      this.px[1] = rx;
      this.py[1] = ry;
      n = 2;
    } else {
      for (let k = 0; k < this.hullCount; k++) {
        this.px[n] = this.hx[k] ?? 0;
        this.py[n] = this.hy[k] ?? 0;
        n++;
      }
    }
    const b = this.buildings;
    for (let k = this.hulled; k < this.setCount; k++) {
      const ring = b.ringStart[this.set[k] ?? 0] ?? 0;
      for (let v = b.ringOffset[ring] ?? 0; v < (b.ringOffset[ring + 1] ?? 0); v++) {
        this.px[n] = b.xy[2 * v] ?? 0;
        this.py[n] = b.xy[2 * v + 1] ?? 0;
        n++;
      }
    }
    this.hulled = this.setCount;
    this.hullCount = convexHull(this.px, this.py, n, this.hx, this.hy);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let k = 0; k < this.hullCount; k++) {
      minX = Math.min(minX, this.hx[k] ?? 0);
      maxX = Math.max(maxX, this.hx[k] ?? 0);
      minY = Math.min(minY, this.hy[k] ?? 0);
      maxY = Math.max(maxY, this.hy[k] ?? 0);
    }
    const cx = (minX + maxX) / 2;
    const cy = (minY + maxY) / 2;
    this.grid.nearPoint(cx, cy, Math.max(maxX - minX, maxY - minY) / 2 + MARGIN_M);
    const before = this.setCount;
    for (let f = 0; f < this.grid.foundCount; f++) {
      const i = this.grid.found[f] ?? 0;
      if (this.member[i] === 1) continue;
      const q = 4 * i;
      if ((this.boxes[q] ?? 0) > maxX + MARGIN_M || (this.boxes[q + 2] ?? 0) < minX - MARGIN_M || (this.boxes[q + 1] ?? 0) > maxY + MARGIN_M || (this.boxes[q + 3] ?? 0) < minY - MARGIN_M) continue;
      if (this.boxOutsideHull(i)) continue;
      if (this.ringMeetsHull(i)) this.add(i);
    }
    return this.setCount > before;
  }

  /** Whether building i's outer ring comes within the margin of segment A–B (or contains A). */
  private ringNearSegment(i: number, ax: number, ay: number, bx: number, by: number): boolean {
    const b = this.buildings;
    const ring = b.ringStart[i] ?? 0;
    const s = b.ringOffset[ring] ?? 0;
    const e = b.ringOffset[ring + 1] ?? 0;
    for (let v = s, w = e - 1; v < e; w = v++) {
      if (segmentDistance2(ax, ay, bx, by, b.xy[2 * w] ?? 0, b.xy[2 * w + 1] ?? 0, b.xy[2 * v] ?? 0, b.xy[2 * v + 1] ?? 0) <= MARGIN_M * MARGIN_M) return true;
    }
    return this.insideRing(i, ax, ay);
  }

  private insideRing(i: number, x: number, y: number): boolean {
    const b = this.buildings;
    const ring = b.ringStart[i] ?? 0;
    return pointInRings(b.ringOffset, b.xy, ring, ring + 1, x, y);
  }

  /** Whether building i's box lies wholly outside one edge of the (counter-clockwise) hull, beyond the margin. */
  private boxOutsideHull(i: number): boolean {
    const h = this.hullCount;
    if (h < 3) return false;
    const q = 4 * i;
    const x0 = this.boxes[q] ?? 0;
    const y0 = this.boxes[q + 1] ?? 0;
    const x1 = this.boxes[q + 2] ?? 0;
    const y1 = this.boxes[q + 3] ?? 0;
    for (let k = 0; k < h; k++) {
      const k1 = k + 1 < h ? k + 1 : 0;
      const ax = this.hx[k] ?? 0;
      const ay = this.hy[k] ?? 0;
      const ex = (this.hx[k1] ?? 0) - ax;
      const ey = (this.hy[k1] ?? 0) - ay;
      const len = Math.sqrt(ex * ex + ey * ey);
      if (len === 0) continue;
      // Signed distance of each corner to the left of the edge (inside > 0).
      const lim = -MARGIN_M * len;
      if (ex * (y0 - ay) - ey * (x0 - ax) < lim && ex * (y0 - ay) - ey * (x1 - ax) < lim && ex * (y1 - ay) - ey * (x0 - ax) < lim && ex * (y1 - ay) - ey * (x1 - ax) < lim) return true;
    }
    return false;
  }

  /** Whether building i's outer ring meets the current hull (closed, with the margin). */
  private ringMeetsHull(i: number): boolean {
    const b = this.buildings;
    const ring = b.ringStart[i] ?? 0;
    const s = b.ringOffset[ring] ?? 0;
    const e = b.ringOffset[ring + 1] ?? 0;
    const h = this.hullCount;
    const m2 = MARGIN_M * MARGIN_M;
    for (let v = s, w = e - 1; v < e; w = v++) {
      const ax = b.xy[2 * w] ?? 0;
      const ay = b.xy[2 * w + 1] ?? 0;
      const bx = b.xy[2 * v] ?? 0;
      const by = b.xy[2 * v + 1] ?? 0;
      // Vertex inside the (counter-clockwise) hull.
      let inside = h >= 3;
      for (let k = 0; k < h && inside; k++) {
        const k1 = k + 1 < h ? k + 1 : 0;
        const ex = (this.hx[k1] ?? 0) - (this.hx[k] ?? 0);
        const ey = (this.hy[k1] ?? 0) - (this.hy[k] ?? 0);
        if (ex * (by - (this.hy[k] ?? 0)) - ey * (bx - (this.hx[k] ?? 0)) < 0) inside = false;
      }
      if (inside) return true;
      for (let k = 0; k < h; k++) {
        const k1 = k + 1 < h ? k + 1 : 0;
        if (segmentDistance2(ax, ay, bx, by, this.hx[k] ?? 0, this.hy[k] ?? 0, this.hx[k1] ?? 0, this.hy[k1] ?? 0) <= m2) return true;
      }
    }
    // The hull inside the footprint.
    return this.insideRing(i, this.hx[0] ?? 0, this.hy[0] ?? 0);
  }
}
