/**
 * Outline of a set of surfaces seen from above: the edges used by exactly one face (shared edges
 * of a triangulated or split surface cancel), chained into rings, then grouped into polygons
 * (largest ring first; a ring inside an accepted outer ring becomes its hole). Vertices are keyed
 * by their integer (x, y), so duplicated vertices of the same position join.
 */

/** A surface: rings of vertex indices (outer first). */
export type Face = readonly (readonly number[])[];

/**
 * Polygons (rings of vertex indices, outer first) outlining `faces`. `key(v)` identifies a
 * vertex's plan position; `xy(v)` gives it for areas and containment.
 */
export function outlinePolygons(faces: readonly Face[], key: (v: number) => string, xy: (v: number) => [number, number]): number[][][] {
  const count = new Map<string, number>();
  const edges: [number, number][] = [];
  const edgeKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  for (const face of faces) {
    for (const ring of face) {
      for (let i = 0; i < ring.length; i++) {
        const a = ring[i] ?? 0;
        const b = ring[(i + 1) % ring.length] ?? 0;
        const ka = key(a);
        const kb = key(b);
        if (ka === kb) continue;
        const k = edgeKey(ka, kb);
        count.set(k, (count.get(k) ?? 0) + 1);
        edges.push([a, b]);
      }
    }
  }
  const byStart = new Map<string, number[]>();
  const boundary = edges.filter(([a, b]) => (count.get(edgeKey(key(a), key(b))) ?? 0) === 1);
  boundary.forEach(([a], i) => {
    const k = key(a);
    const list = byStart.get(k);
    if (list) list.push(i);
    else byStart.set(k, [i]);
  });
  const used = new Uint8Array(boundary.length);
  const rings: number[][] = [];
  for (let s = 0; s < boundary.length; s++) {
    if (used[s]) continue;
    const ring: number[] = [];
    let e = s;
    const startKey = key(boundary[s]?.[0] ?? 0);
    for (let guard = 0; guard <= boundary.length; guard++) {
      used[e] = 1;
      const [a, b] = boundary[e] ?? [0, 0];
      ring.push(a);
      const kb = key(b);
      if (kb === startKey) break;
      const next = (byStart.get(kb) ?? []).find((i) => !used[i]);
      if (next === undefined) break;
      e = next;
    }
    if (ring.length >= 3) rings.push(ring);
  }
  const area = (ring: number[]) => {
    let sum = 0;
    for (let i = 0; i < ring.length; i++) {
      const [x1, y1] = xy(ring[i] ?? 0);
      const [x2, y2] = xy(ring[(i + 1) % ring.length] ?? 0);
      sum += x1 * y2 - x2 * y1;
    }
    return Math.abs(sum / 2);
  };
  rings.sort((r1, r2) => area(r2) - area(r1));
  const polygons: number[][][] = [];
  for (const ring of rings) {
    const [px, py] = xy(ring[0] ?? 0);
    const host = polygons.find((p) => pointInRing(px, py, p[0] ?? [], xy) && !(p.slice(1).some((h) => pointInRing(px, py, h, xy))));
    if (host) host.push(ring);
    else polygons.push([ring]);
  }
  return polygons;
}

function pointInRing(x: number, y: number, ring: readonly number[], xy: (v: number) => [number, number]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = xy(ring[i] ?? 0);
    const [xj, yj] = xy(ring[j] ?? 0);
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
