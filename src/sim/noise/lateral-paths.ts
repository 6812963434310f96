/**
 * Lateral diffraction paths around buildings (CNOSSOS-EU Annex II §2.5.7, "lateral diffraction";
 * ISO/TR 17534-4 TC08-TC12): in plan view, the shortest ways from S to R around the footprints
 * the direct path crosses are the two chains of the convex hull of S, R and those footprints'
 * vertices, one on each side of S→R (the "rubber band"). Each chain's vertices are the vertical
 * edges of one lateral path. Planar coordinates, m.
 */

/** Both chains of one pair: vertices (x, y) between S and R, in order from S. */
export interface LateralChains {
  leftX: Float64Array;
  leftY: Float64Array;
  leftCount: number;
  rightX: Float64Array;
  rightY: Float64Array;
  rightCount: number;
}

export function createLateralChains(capacity = 32): LateralChains {
  return { leftX: new Float64Array(capacity), leftY: new Float64Array(capacity), leftCount: 0, rightX: new Float64Array(capacity), rightY: new Float64Array(capacity), rightCount: 0 };
}

let ptU = new Float64Array(64);
let ptV = new Float64Array(64);
let ptX = new Float64Array(64);
let ptY = new Float64Array(64);
let order = new Int32Array(64);
let hull = new Int32Array(130);

/** Stores point k with its frame coordinates u (along S→R) and v (to its left). */
function put(k: number, x: number, y: number, sx: number, sy: number, ux: number, uy: number): void {
  ptX[k] = x;
  ptY[k] = y;
  ptU[k] = (x - sx) * ux + (y - sy) * uy;
  ptV[k] = -(x - sx) * uy + (y - sy) * ux;
}

/**
 * The left and right chains of the convex hull of S, R and the points (px, py)[0 … n − 1], into
 * `out`: the hull vertices strictly left (resp. right) of the line S→R, ordered from S. Points on
 * the line S-R belong to neither. Returns `out`.
 */
export function lateralChains(sx: number, sy: number, rx: number, ry: number, px: Float64Array, py: Float64Array, n: number, out: LateralChains): LateralChains {
  out.leftCount = 0;
  out.rightCount = 0;
  const dx = rx - sx;
  const dy = ry - sy;
  const len = Math.sqrt(dx * dx + dy * dy);
  if (len < 1e-9) return out;
  const ux = dx / len;
  const uy = dy / len;
  // Frame: u along S→R, v to its left. Points sorted by u for a monotone chain.
  const m = n + 2;
  if (ptU.length < m) {
    ptU = new Float64Array(2 * m);
    ptV = new Float64Array(2 * m);
    ptX = new Float64Array(2 * m);
    ptY = new Float64Array(2 * m);
    order = new Int32Array(2 * m);
    hull = new Int32Array(4 * m + 2);
  }
  put(0, sx, sy, sx, sy, ux, uy);
  put(1, rx, ry, sx, sy, ux, uy);
  for (let i = 0; i < n; i++) put(i + 2, px[i] ?? 0, py[i] ?? 0, sx, sy, ux, uy);
  for (let i = 0; i < m; i++) order[i] = i;
  // Insertion sort by (u, v): the point sets are small (a few footprints).
  for (let i = 1; i < m; i++) {
    const k = order[i] ?? 0;
    let j = i - 1;
    while (j >= 0) {
      const o = order[j] ?? 0;
      const du = (ptU[o] ?? 0) - (ptU[k] ?? 0);
      if (du > 0 || (du === 0 && (ptV[o] ?? 0) > (ptV[k] ?? 0))) {
        order[j + 1] = o;
        j--;
      } else break;
    }
    order[j + 1] = k;
  }
  // Upper hull (v large: left side) and lower hull (right side), each from min u to max u.
  for (let side = 1; side >= -1; side -= 2) {
    let top = 0;
    for (let i = 0; i < m; i++) {
      const k = order[i] ?? 0;
      while (top >= 2) {
        const a = hull[top - 2] ?? 0;
        const b = hull[top - 1] ?? 0;
        const cross = ((ptU[b] ?? 0) - (ptU[a] ?? 0)) * ((ptV[k] ?? 0) - (ptV[a] ?? 0)) - ((ptV[b] ?? 0) - (ptV[a] ?? 0)) * ((ptU[k] ?? 0) - (ptU[a] ?? 0));
        if (side * cross >= 0) top--;
        else break;
      }
      hull[top++] = k;
    }
    // Keep the vertices strictly on this side of S-R, between S and R in hull order. A chain
    // with a vertex behind S or beyond R would turn back: no lateral path on that side.
    let count = 0;
    const xs = side > 0 ? out.leftX : out.rightX;
    const ys = side > 0 ? out.leftY : out.rightY;
    for (let i = 0; i < top; i++) {
      const k = hull[i] ?? 0;
      if (k < 2 || side * (ptV[k] ?? 0) <= 1e-9) continue;
      const u = ptU[k] ?? 0;
      if (u <= 0 || u >= len || count >= xs.length) {
        count = 0;
        break;
      }
      xs[count] = ptX[k] ?? 0;
      ys[count] = ptY[k] ?? 0;
      count++;
    }
    if (side > 0) out.leftCount = count;
    else out.rightCount = count;
  }
  return out;
}
