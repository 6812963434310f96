/**
 * Point in polygon by the even-odd rule (crossing number; Shimrat 1962, Franklin's PNPOLY form)
 * over a range of rings of a columnar polygon table: rings `ringFrom` ≤ r < `ringTo`, ring r's
 * vertices `ringOffset[r]` ≤ v < `ringOffset[r + 1]` in `xy` (x, y pairs, m). Over all rings of a
 * feature, holes (courtyards) count as outside. No allocation: safe in inner loops.
 */
export function pointInRings(ringOffset: ArrayLike<number>, xy: ArrayLike<number>, ringFrom: number, ringTo: number, x: number, y: number): boolean {
  let inside = false;
  for (let r = ringFrom; r < ringTo; r++) {
    const s = ringOffset[r] ?? 0;
    const e = ringOffset[r + 1] ?? 0;
    for (let v = s, w = e - 1; v < e; w = v++) {
      const xi = xy[2 * v] ?? 0;
      const yi = xy[2 * v + 1] ?? 0;
      const xj = xy[2 * w] ?? 0;
      const yj = xy[2 * w + 1] ?? 0;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}
