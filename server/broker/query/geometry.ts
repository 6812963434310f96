/**
 * GeoJSON geometry checks and the geo-query relations of ETSI GS CIM 009 clause 4.10
 * (near;maxDistance/minDistance, within, contains, intersects, disjoint, equals, overlaps).
 * Coordinates are [longitude°, latitude°(, altitude m)] (IETF RFC 7946). Distances are great-circle
 * (haversine) on a sphere of radius 6 371 008.8 m (IUGG mean radius); topological relations are
 * evaluated in the lon/lat plane, as GeoJSON specifies straight lines between positions.
 */

type Position = number[];
export interface Geometry {
  type: string;
  coordinates?: unknown;
  geometries?: Geometry[];
}

const EARTH_RADIUS_M = 6_371_008.8;

function isPosition(value: unknown): value is Position {
  return Array.isArray(value) && value.length >= 2 && value.length <= 3 && value.every((n) => typeof n === 'number' && Number.isFinite(n)) && Math.abs(value[0] as number) <= 180 && Math.abs(value[1] as number) <= 90;
}

function checkRing(ring: unknown): string | undefined {
  if (!Array.isArray(ring) || ring.length < 4 || !ring.every(isPosition)) return 'a polygon ring needs 4 or more positions';
  const first = ring[0] as Position;
  const last = ring[ring.length - 1] as Position;
  if (first[0] !== last[0] || first[1] !== last[1]) return 'a polygon ring must be closed (first position = last)';
  return undefined;
}

/** undefined when the value is a valid GeoJSON geometry, else the reason. */
export function validateGeometry(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a GeoProperty value must be a GeoJSON geometry object';
  const g = value as Geometry;
  const c = g.coordinates;
  const arr = (v: unknown): v is unknown[] => Array.isArray(v);
  switch (g.type) {
    case 'Point':
      return isPosition(c) ? undefined : 'Point coordinates must be [lon, lat] within range';
    case 'MultiPoint':
    case 'LineString':
      if (!arr(c) || !c.every(isPosition) || (g.type === 'LineString' && c.length < 2)) return `${g.type} coordinates must be a list of positions`;
      return undefined;
    case 'MultiLineString':
      return arr(c) && c.every((l) => arr(l) && l.length >= 2 && l.every(isPosition)) ? undefined : 'MultiLineString coordinates must be lists of positions';
    case 'Polygon':
      if (!arr(c) || c.length === 0) return 'Polygon coordinates must be a list of rings';
      for (const ring of c) {
        const problem = checkRing(ring);
        if (problem !== undefined) return problem;
      }
      return undefined;
    case 'MultiPolygon':
      if (!arr(c) || c.length === 0) return 'MultiPolygon coordinates must be a list of polygons';
      for (const poly of c) {
        if (!arr(poly) || poly.length === 0) return 'MultiPolygon member must be a list of rings';
        for (const ring of poly) {
          const problem = checkRing(ring);
          if (problem !== undefined) return problem;
        }
      }
      return undefined;
    case 'GeometryCollection':
      if (!arr(g.geometries)) return 'GeometryCollection needs geometries';
      for (const member of g.geometries) {
        const problem = validateGeometry(member);
        if (problem !== undefined) return problem;
      }
      return undefined;
    default:
      return `unknown geometry type ${JSON.stringify(g.type)}`;
  }
}

/** Great-circle distance in metres between two positions (haversine). */
export function haversineM(a: Position, b: Position): number {
  const rad = Math.PI / 180;
  const lat1 = (a[1] as number) * rad;
  const lat2 = (b[1] as number) * rad;
  const dLat = lat2 - lat1;
  const dLon = ((b[0] as number) - (a[0] as number)) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

interface Parts {
  points: Position[];
  segments: [Position, Position][];
  polygons: Position[][][];
}

function decompose(g: Geometry, out: Parts = { points: [], segments: [], polygons: [] }): Parts {
  const c = g.coordinates as never;
  const addLine = (line: Position[]): void => {
    for (let i = 0; i + 1 < line.length; i++) out.segments.push([line[i] as Position, line[i + 1] as Position]);
    out.points.push(...line);
  };
  switch (g.type) {
    case 'Point': out.points.push(c); break;
    case 'MultiPoint': out.points.push(...(c as Position[])); break;
    case 'LineString': addLine(c); break;
    case 'MultiLineString': for (const l of c as Position[][]) addLine(l); break;
    case 'Polygon': out.polygons.push(c); for (const r of c as Position[][]) addLine(r); break;
    case 'MultiPolygon': for (const p of c as Position[][][]) { out.polygons.push(p); for (const r of p) addLine(r); } break;
    case 'GeometryCollection': for (const m of g.geometries ?? []) decompose(m, out); break;
  }
  return out;
}

function pointInRing(p: Position, ring: Position[]): boolean {
  let inside = false;
  const x = p[0] as number;
  const y = p[1] as number;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = (ring[i] as Position)[0] as number, yi = (ring[i] as Position)[1] as number;
    const xj = (ring[j] as Position)[0] as number, yj = (ring[j] as Position)[1] as number;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function onSegment(p: Position, a: Position, b: Position): boolean {
  const cross = ((b[0] as number) - (a[0] as number)) * ((p[1] as number) - (a[1] as number)) - ((b[1] as number) - (a[1] as number)) * ((p[0] as number) - (a[0] as number));
  if (Math.abs(cross) > 1e-12) return false;
  return Math.min(a[0] as number, b[0] as number) - 1e-12 <= (p[0] as number) && (p[0] as number) <= Math.max(a[0] as number, b[0] as number) + 1e-12 && Math.min(a[1] as number, b[1] as number) - 1e-12 <= (p[1] as number) && (p[1] as number) <= Math.max(a[1] as number, b[1] as number) + 1e-12;
}

/** Point in polygon (holes excluded); boundary counts as inside when `boundary`. */
function pointInPolygon(p: Position, polygon: Position[][], boundary: boolean): boolean {
  for (const ring of polygon) for (let i = 0; i + 1 < ring.length; i++) if (onSegment(p, ring[i] as Position, ring[i + 1] as Position)) return boundary;
  const [outer, ...holes] = polygon;
  if (outer === undefined || !pointInRing(p, outer)) return false;
  return !holes.some((h) => pointInRing(p, h));
}

function segmentsCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const o = (p: Position, q: Position, r: Position): number => Math.sign(((q[0] as number) - (p[0] as number)) * ((r[1] as number) - (p[1] as number)) - ((q[1] as number) - (p[1] as number)) * ((r[0] as number) - (p[0] as number)));
  const o1 = o(a, b, c), o2 = o(a, b, d), o3 = o(c, d, a), o4 = o(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return onSegment(c, a, b) || onSegment(d, a, b) || onSegment(a, c, d) || onSegment(b, c, d);
}

/** Whether two geometries share at least one point. */
export function intersects(a: Geometry, b: Geometry): boolean {
  const pa = decompose(a), pb = decompose(b);
  for (const p of pa.points) if (pb.polygons.some((poly) => pointInPolygon(p, poly, true)) || pb.points.some((q) => q[0] === p[0] && q[1] === p[1]) || pb.segments.some(([s, t]) => onSegment(p, s, t))) return true;
  for (const p of pb.points) if (pa.polygons.some((poly) => pointInPolygon(p, poly, true)) || pa.segments.some(([s, t]) => onSegment(p, s, t))) return true;
  for (const [s, t] of pa.segments) for (const [u, v] of pb.segments) if (segmentsCross(s, t, u, v)) return true;
  return false;
}

/** Whether every point of `inner` lies in `outer` (interior or boundary), approximated by vertices and edges. */
export function within(inner: Geometry, outer: Geometry): boolean {
  const pi = decompose(inner), po = decompose(outer);
  if (po.polygons.length === 0) {
    return pi.points.every((p) => po.points.some((q) => q[0] === p[0] && q[1] === p[1]) || po.segments.some(([s, t]) => onSegment(p, s, t)));
  }
  if (!pi.points.every((p) => po.polygons.some((poly) => pointInPolygon(p, poly, true)))) return false;
  // An edge of `inner` crossing a ring of `outer` properly leaves it.
  for (const [s, t] of pi.segments) {
    const mid: Position = [((s[0] as number) + (t[0] as number)) / 2, ((s[1] as number) + (t[1] as number)) / 2];
    if (!po.polygons.some((poly) => pointInPolygon(mid, poly, true))) return false;
  }
  return true;
}

export function equals(a: Geometry, b: Geometry): boolean {
  return a.type === b.type && JSON.stringify(a.coordinates ?? a.geometries) === JSON.stringify(b.coordinates ?? b.geometries);
}

/** Smallest great-circle distance in metres from a point to a geometry (0 inside a polygon). */
export function distanceToGeometryM(p: Position, g: Geometry): number {
  const parts = decompose(g);
  if (parts.polygons.some((poly) => pointInPolygon(p, poly, true))) return 0;
  let best = Infinity;
  for (const q of parts.points) best = Math.min(best, haversineM(p, q));
  // Nearest point on each segment, found in a local equirectangular frame, measured by haversine.
  const cosLat = Math.cos(((p[1] as number) * Math.PI) / 180);
  for (const [s, t] of parts.segments) {
    const sx = ((s[0] as number) - (p[0] as number)) * cosLat, sy = (s[1] as number) - (p[1] as number);
    const tx = ((t[0] as number) - (p[0] as number)) * cosLat, ty = (t[1] as number) - (p[1] as number);
    const dx = tx - sx, dy = ty - sy;
    const len2 = dx * dx + dy * dy;
    const k = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(sx * dx + sy * dy) / len2));
    const q: Position = [(s[0] as number) + k * ((t[0] as number) - (s[0] as number)), (s[1] as number) + k * ((t[1] as number) - (s[1] as number))];
    best = Math.min(best, haversineM(p, q));
  }
  return best;
}
