/**
 * Uniform grid over building bounding boxes, so a propagation path only tests the buildings in the
 * cells it crosses (grid traversal after Amanatides & Woo, "A fast voxel traversal algorithm",
 * Eurographics 1987). Coordinates m.
 */
/** Margin (m) by which boxes are widened when filed in cells: far above rounding, far below any wall. */
const CELL_LINE_TOUCH_M = 1e-6;

export class BuildingGrid {
  private readonly x0: number;
  private readonly y0: number;
  private readonly nx: number;
  private readonly ny: number;
  private readonly cellStart: Uint32Array;
  private readonly items: Uint32Array;
  private readonly stamp: Uint32Array;
  private epoch = 0;
  /** Buildings found by the last query, `found[0 … foundCount − 1]`. */
  found: Uint32Array;
  foundCount = 0;

  /** `boxes`: minX, minY, maxX, maxY per building. */
  constructor(
    boxes: Float64Array,
    count: number,
    private readonly cellM: number,
  ) {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < count; i++) {
      minX = Math.min(minX, boxes[4 * i] ?? 0);
      minY = Math.min(minY, boxes[4 * i + 1] ?? 0);
      maxX = Math.max(maxX, boxes[4 * i + 2] ?? 0);
      maxY = Math.max(maxY, boxes[4 * i + 3] ?? 0);
    }
    if (count === 0) minX = minY = maxX = maxY = 0;
    this.x0 = minX;
    this.y0 = minY;
    this.nx = Math.max(1, Math.ceil((maxX - minX) / cellM) + 1);
    this.ny = Math.max(1, Math.ceil((maxY - minY) / cellM) + 1);
    const counts = new Uint32Array(this.nx * this.ny + 1);
    // A box that touches a cell line is filed in the cells on both sides, so a segment through a
    // cell corner or along a cell line (the traversal visits only one side of a tie) still meets
    // every building it touches.
    const each = (i: number, fn: (c: number) => void): void => {
      const cx0 = this.cellX((boxes[4 * i] ?? 0) - CELL_LINE_TOUCH_M);
      const cy0 = this.cellY((boxes[4 * i + 1] ?? 0) - CELL_LINE_TOUCH_M);
      const cx1 = this.cellX((boxes[4 * i + 2] ?? 0) + CELL_LINE_TOUCH_M);
      const cy1 = this.cellY((boxes[4 * i + 3] ?? 0) + CELL_LINE_TOUCH_M);
      for (let cy = cy0; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) fn(cy * this.nx + cx);
    };
    for (let i = 0; i < count; i++) each(i, (c) => (counts[c + 1] = (counts[c + 1] ?? 0) + 1));
    for (let c = 0; c < this.nx * this.ny; c++) counts[c + 1] = (counts[c + 1] ?? 0) + (counts[c] ?? 0);
    this.cellStart = counts.slice();
    this.items = new Uint32Array(counts[this.nx * this.ny] ?? 0);
    const fill = counts.slice();
    for (let i = 0; i < count; i++) {
      each(i, (c) => {
        const at = fill[c] ?? 0;
        this.items[at] = i;
        fill[c] = at + 1;
      });
    }
    this.stamp = new Uint32Array(count);
    this.found = new Uint32Array(Math.max(16, count));
  }

  private cellX(x: number): number {
    return Math.min(this.nx - 1, Math.max(0, Math.floor((x - this.x0) / this.cellM)));
  }

  private cellY(y: number): number {
    return Math.min(this.ny - 1, Math.max(0, Math.floor((y - this.y0) / this.cellM)));
  }

  private addCell(cx: number, cy: number): void {
    if (cx < 0 || cy < 0 || cx >= this.nx || cy >= this.ny) return;
    const c = cy * this.nx + cx;
    for (let k = this.cellStart[c] ?? 0; k < (this.cellStart[c + 1] ?? 0); k++) {
      const b = this.items[k] ?? 0;
      if (this.stamp[b] === this.epoch) continue;
      this.stamp[b] = this.epoch;
      this.found[this.foundCount++] = b;
    }
  }

  private begin(): void {
    this.foundCount = 0;
    this.epoch++;
    if (this.epoch === 0xffffffff) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
  }

  /** Buildings whose cells the segment (x0,y0)→(x1,y1) crosses, into `found`. */
  alongSegment(xa: number, ya: number, xb: number, yb: number): void {
    this.begin();
    let cx = Math.floor((xa - this.x0) / this.cellM);
    let cy = Math.floor((ya - this.y0) / this.cellM);
    const ex = Math.floor((xb - this.x0) / this.cellM);
    const ey = Math.floor((yb - this.y0) / this.cellM);
    const dx = xb - xa;
    const dy = yb - ya;
    const stepX = dx > 0 ? 1 : -1;
    const stepY = dy > 0 ? 1 : -1;
    const tDeltaX = dx !== 0 ? Math.abs(this.cellM / dx) : Infinity;
    const tDeltaY = dy !== 0 ? Math.abs(this.cellM / dy) : Infinity;
    const fx = (xa - this.x0) / this.cellM - cx;
    const fy = (ya - this.y0) / this.cellM - cy;
    let tMaxX = dx !== 0 ? (stepX > 0 ? 1 - fx : fx) * tDeltaX : Infinity;
    let tMaxY = dy !== 0 ? (stepY > 0 ? 1 - fy : fy) * tDeltaY : Infinity;
    const maxSteps = Math.abs(ex - cx) + Math.abs(ey - cy) + 2;
    const nx = this.nx;
    const ny = this.ny;
    const epoch = this.epoch;
    const stamp = this.stamp;
    const found = this.found;
    let count = 0;
    for (let s = 0; s < maxSteps; s++) {
      // addCell, inlined: no boxed cell coordinates per call.
      if (cx >= 0 && cy >= 0 && cx < nx && cy < ny) {
        const c = cy * nx + cx;
        const k1 = this.cellStart[c + 1] ?? 0;
        for (let k = this.cellStart[c] ?? 0; k < k1; k++) {
          const b = this.items[k] ?? 0;
          if (stamp[b] === epoch) continue;
          stamp[b] = epoch;
          found[count++] = b;
        }
      }
      if (cx === ex && cy === ey) break;
      if (tMaxX < tMaxY) {
        tMaxX += tDeltaX;
        cx += stepX;
      } else {
        tMaxY += tDeltaY;
        cy += stepY;
      }
    }
    this.foundCount = count;
  }

  /** Buildings whose cells lie within `radius` of (x, y) (square cover), into `found`. */
  nearPoint(x: number, y: number, radius: number): void {
    this.begin();
    const cx0 = Math.floor((x - radius - this.x0) / this.cellM);
    const cx1 = Math.floor((x + radius - this.x0) / this.cellM);
    const cy0 = Math.floor((y - radius - this.y0) / this.cellM);
    const cy1 = Math.floor((y + radius - this.y0) / this.cellM);
    for (let cy = Math.max(0, cy0); cy <= Math.min(this.ny - 1, cy1); cy++) for (let cx = Math.max(0, cx0); cx <= Math.min(this.nx - 1, cx1); cx++) this.addCell(cx, cy);
  }
}
