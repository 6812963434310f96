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
import { BuildingGrid } from './building-grid';
import type { NoiseBuildings } from './noise-scene';
import { buildingBoxes } from './path-finder';
import { MARGIN_M, segmentDistance2 } from './touched-pairs';

/** Expansions of the closure: 6 rounds of the rubber band + the final legs. */
const EXPANSIONS = 7;

/** Convex hull (Andrew's monotone chain) of n points in xs/ys, counter-clockwise into hx/hy; returns its size. */
function convexHull(xs: Float64Array, ys: Float64Array, n: number, order: Uint32Array, hx: Float64Array, hy: Float64Array): number {
  for (let i = 0; i < n; i++) order[i] = i;
  const o = order.subarray(0, n);
  o.sort((a, b) => (xs[a] ?? 0) - (xs[b] ?? 0) || (ys[a] ?? 0) - (ys[b] ?? 0));
  let k = 0;
  const cross = (i: number, j: number, p: number): number => ((hx[j] ?? 0) - (hx[i] ?? 0)) * ((ys[p] ?? 0) - (hy[i] ?? 0)) - ((hy[j] ?? 0) - (hy[i] ?? 0)) * ((xs[p] ?? 0) - (hx[i] ?? 0));
  for (let t = 0; t < n; t++) {
    const p = o[t] ?? 0;
    while (k >= 2 && cross(k - 2, k - 1, p) <= 0) k--;
    hx[k] = xs[p] ?? 0;
    hy[k] = ys[p] ?? 0;
    k++;
  }
  const lower = k + 1;
  for (let t = n - 2; t >= 0; t--) {
    const p = o[t] ?? 0;
    while (k >= lower && cross(k - 2, k - 1, p) <= 0) k--;
    hx[k] = xs[p] ?? 0;
    hy[k] = ys[p] ?? 0;
    k++;
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
  private order = new Uint32Array(256);
  private hx = new Float64Array(257);
  private hy = new Float64Array(257);
  private hullCount = 0;

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
    const b = this.buildings;
    let n = 0;
    const push = (x: number, y: number): void => {
      if (n >= this.px.length) {
        const size = 2 * this.px.length;
        const gx = new Float64Array(size);
        gx.set(this.px);
        this.px = gx;
        const gy = new Float64Array(size);
        gy.set(this.py);
        this.py = gy;
        this.order = new Uint32Array(size);
        this.hx = new Float64Array(size + 1);
        this.hy = new Float64Array(size + 1);
      }
      this.px[n] = x;
      this.py[n] = y;
      n++;
    };
    push(sx, sy);
    push(rx, ry);
    for (let k = 0; k < this.setCount; k++) {
      const i = this.set[k] ?? 0;
      const ring = b.ringStart[i] ?? 0;
      for (let v = b.ringOffset[ring] ?? 0; v < (b.ringOffset[ring + 1] ?? 0); v++) push(b.xy[2 * v] ?? 0, b.xy[2 * v + 1] ?? 0);
    }
    this.hullCount = convexHull(this.px, this.py, n, this.order, this.hx, this.hy);
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
    const s = b.ringOffset[ring] ?? 0;
    const e = b.ringOffset[ring + 1] ?? 0;
    let inside = false;
    for (let v = s, w = e - 1; v < e; w = v++) {
      const xi = b.xy[2 * v] ?? 0;
      const yi = b.xy[2 * v + 1] ?? 0;
      const xj = b.xy[2 * w] ?? 0;
      const yj = b.xy[2 * w + 1] ?? 0;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
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
