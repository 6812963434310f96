/**
 * Plan geometry of the building footprints the path finder works on (`NoiseBuildings`: rings of
 * x, y vertices, the first ring of a building its outer ring, the others its courtyards): bounding
 * boxes for the grid index and the quick rejections, and which face of each ring's walls is the
 * outer one (the face that reflects, CNOSSOS-EU Annex II §2.5.8). Planar, m.
 */
import type { NoiseBuildings } from './noise-scene';

/** Building bounding boxes, minX, minY, maxX, maxY per building (4 per building; the outer ring encloses the others). */
export function buildingBoxes(b: NoiseBuildings): Float64Array {
  const box = new Float64Array(4 * b.count);
  for (let i = 0; i < b.count; i++) outerRingBox(b, i, box, 4 * i);
  return box;
}

/** Writes the bounding box of building i's outer ring (minX, minY, maxX, maxY) into `out` from `at`, m. */
export function outerRingBox(b: NoiseBuildings, i: number, out: Float64Array, at: number): void {
  const ring = b.ringStart[i] ?? 0;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let v = b.ringOffset[ring] ?? 0; v < (b.ringOffset[ring + 1] ?? 0); v++) {
    const x = b.xy[2 * v] ?? 0;
    const y = b.xy[2 * v + 1] ?? 0;
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  out[at] = x0;
  out[at + 1] = y0;
  out[at + 2] = x1;
  out[at + 3] = y1;
}

/**
 * Crossing of the lines of a path leg p + t·d and of a wall a + s·e (plan view): t into `out[0]`,
 * s into `out[1]`, fractions of d and e; false, `out` untouched, when the two are parallel
 * (|d × e| < 1e-12 m²). The caller decides which ranges of t and s count as a crossing.
 */
export function legWallCrossing(x0: number, y0: number, dx: number, dy: number, ax: number, ay: number, ex: number, ey: number, out: Float64Array): boolean {
  const den = dx * ey - dy * ex;
  if (Math.abs(den) < 1e-12) return false;
  out[0] = ((ax - x0) * ey - (ay - y0) * ex) / den;
  out[1] = ((ax - x0) * dy - (ay - y0) * dx) / den;
  return true;
}

/** Whether box i of `boxes` (minX, minY, maxX, maxY each) lies wholly outside the box [minX, maxX] × [minY, maxY], m. */
export function boxMisses(boxes: Float64Array, i: number, minX: number, minY: number, maxX: number, maxY: number): boolean {
  const k = 4 * i;
  return (boxes[k] ?? 0) > maxX || (boxes[k + 2] ?? 0) < minX || (boxes[k + 1] ?? 0) > maxY || (boxes[k + 3] ?? 0) < minY;
}

/**
 * Per ring, the sign (+1 or −1) that the cross product e × (p − a) of a wall a → a + e of the ring
 * takes for a point p on the wall's outer face (the face away from the building's material), 0 for
 * a ring of zero area. An outer ring's material lies inside it: −1 when counter-clockwise (inside
 * on the left), +1 when clockwise. An inner ring (a courtyard) is open air inside: its walls face
 * into it, +1 when counter-clockwise, −1 when clockwise. Sources give rings either way round.
 */
export function wallSides(b: NoiseBuildings): Int8Array {
  const rings = b.ringStart[b.count] ?? 0;
  const out = new Int8Array(rings);
  for (let i = 0; i < b.count; i++) {
    const first = b.ringStart[i] ?? 0;
    for (let ring = first; ring < (b.ringStart[i + 1] ?? 0); ring++) {
      const v0 = b.ringOffset[ring] ?? 0;
      const v1 = b.ringOffset[ring + 1] ?? 0;
      let area2 = 0;
      for (let v = v0; v < v1; v++) {
        const w = v + 1 < v1 ? v + 1 : v0;
        area2 += (b.xy[2 * v] ?? 0) * (b.xy[2 * w + 1] ?? 0) - (b.xy[2 * w] ?? 0) * (b.xy[2 * v + 1] ?? 0);
      }
      const ccw = area2 > 0 ? 1 : area2 < 0 ? -1 : 0;
      out[ring] = ring === first ? -ccw : ccw;
    }
  }
  return out;
}
