/**
 * Road ribbons: each road polyline becomes a flat strip of its carriageway width, with mitred
 * joins, following the road's ground z and lifted a few centimetres above it (no z-fighting with
 * the terrain). Pure typed-array code, no three.js import; the scene wraps the result in one
 * BufferGeometry (one draw call for all roads) and colours it by `classIndex`.
 *
 * Frame: metres relative to the district origin, x east, y north, z up; triangles
 * counter-clockwise seen from above. Per road with V distinct vertices: 2V vertices and
 * 2(V − 1) triangles. A road's NaN ground z is taken as 0.
 */
import { ROAD_CLASSES, type RoadClass, type RoadTable } from '../../twin/city-model';
import { writeQuad } from './quad';

/**
 * Carriageway width by class: lanes × laneWidthM + extraM (marking, gutters), at least minWidthM.
 * Lane widths after the German RASt 06 / RAA cross-sections (3.25–3.75 m on main roads,
 * 2.75–3.0 m on residential streets) and the EU/OSM practice for paths.
 */
export const ROAD_WIDTHS: Readonly<Record<RoadClass, { laneWidthM: number; extraM: number; minWidthM: number }>> = {
  motorway: { laneWidthM: 3.75, extraM: 3.5, minWidthM: 11 },
  trunk: { laneWidthM: 3.5, extraM: 2, minWidthM: 9 },
  primary: { laneWidthM: 3.25, extraM: 1, minWidthM: 7.5 },
  secondary: { laneWidthM: 3.25, extraM: 1, minWidthM: 7 },
  tertiary: { laneWidthM: 3.0, extraM: 1, minWidthM: 6.5 },
  residential: { laneWidthM: 2.75, extraM: 1, minWidthM: 5 },
  service: { laneWidthM: 3.0, extraM: 0.5, minWidthM: 3.5 },
  living_street: { laneWidthM: 3.0, extraM: 1, minWidthM: 4.5 },
  pedestrian: { laneWidthM: 0, extraM: 6, minWidthM: 6 },
  cycleway: { laneWidthM: 0, extraM: 2.5, minWidthM: 2.5 },
  footway: { laneWidthM: 0, extraM: 2, minWidthM: 2 },
  rail: { laneWidthM: 0, extraM: 3, minWidthM: 3 },
  unclassified: { laneWidthM: 3.0, extraM: 0.5, minWidthM: 5 },
};

/** Carriageway width (m) of a road of class index `roadClass` with `lanes` lanes (0 or NaN lanes count as 1). */
export function roadWidthM(roadClass: number, lanes: number): number {
  const cls = ROAD_CLASSES[roadClass] ?? 'unclassified';
  const w = ROAD_WIDTHS[cls];
  const n = Number.isFinite(lanes) && lanes > 0 ? lanes : 1;
  return Math.max(w.minWidthM, n * w.laneWidthM + w.extraM);
}

export interface RoadRibbonOptions {
  /** Height of the ribbon above the road's ground z, m (default 0.05). */
  liftM?: number;
  /** Longest mitre as a multiple of the half width (default 2): sharper corners are bevel-clamped. */
  miterLimit?: number;
}

export interface RoadRibbons {
  positions: Float32Array;
  normals: Float32Array;
  /** Per vertex: index of the road in the table. */
  roadIndex: Float32Array;
  /** Per vertex: index into ROAD_CLASSES. */
  classIndex: Float32Array;
  indices: Uint32Array;
}

const MIN_SEGMENT_M = 1e-6;

function isDistinct(xyz: Float64Array, a: number, b: number): boolean {
  return Math.hypot((xyz[3 * b] ?? 0) - (xyz[3 * a] ?? 0), (xyz[3 * b + 1] ?? 0) - (xyz[3 * a + 1] ?? 0)) > MIN_SEGMENT_M;
}

/** Builds the ribbons of every road with at least two distinct vertices. Deterministic. */
export function buildRoadRibbons(roads: RoadTable, options: RoadRibbonOptions = {}): RoadRibbons {
  const lift = options.liftM ?? 0.05;
  const miterLimit = options.miterLimit ?? 2;
  const { vertexOffset, xyz } = roads;
  // Pass 1: distinct vertices per road.
  let vertexTotal = 0;
  let triangleTotal = 0;
  for (let r = 0; r < roads.count; r++) {
    const a = vertexOffset[r] ?? 0;
    const e = vertexOffset[r + 1] ?? a;
    let distinct = e > a ? 1 : 0;
    for (let k = a + 1, last = a; k < e; k++) {
      if (isDistinct(xyz, last, k)) {
        distinct++;
        last = k;
      }
    }
    if (distinct < 2) continue;
    vertexTotal += 2 * distinct;
    triangleTotal += 2 * (distinct - 1);
  }
  const positions = new Float32Array(vertexTotal * 3);
  const normals = new Float32Array(vertexTotal * 3);
  const roadIndex = new Float32Array(vertexTotal);
  const classIndex = new Float32Array(vertexTotal);
  const indices = new Uint32Array(triangleTotal * 3);
  const kept: number[] = [];
  let vo = 0;
  let io = 0;
  for (let r = 0; r < roads.count; r++) {
    const a = vertexOffset[r] ?? 0;
    const e = vertexOffset[r + 1] ?? a;
    kept.length = 0;
    for (let k = a; k < e; k++) {
      if (kept.length === 0 || isDistinct(xyz, kept[kept.length - 1] ?? a, k)) kept.push(k);
    }
    const n = kept.length;
    if (n < 2) continue;
    const half = roadWidthM(roads.roadClass[r] ?? 0, roads.lanes[r] ?? NaN) / 2;
    const first = vo;
    for (let m = 0; m < n; m++) {
      const k = kept[m] ?? a;
      const kp = kept[m > 0 ? m - 1 : m] ?? k;
      const kn = kept[m < n - 1 ? m + 1 : m] ?? k;
      // Left normals of the incoming and outgoing segments (the same at the ends).
      const [inX, inY] = leftNormal(xyz, m > 0 ? kp : k, m > 0 ? k : kn);
      const [outX, outY] = leftNormal(xyz, m < n - 1 ? k : kp, m < n - 1 ? kn : k);
      let mx = inX + outX;
      let my = inY + outY;
      const ml = Math.hypot(mx, my);
      if (ml < 1e-9) {
        mx = outX;
        my = outY;
      } else {
        mx /= ml;
        my /= ml;
      }
      const cosHalf = mx * outX + my * outY;
      const scale = half / Math.max(cosHalf, 1 / miterLimit);
      const x = xyz[3 * k] ?? 0;
      const y = xyz[3 * k + 1] ?? 0;
      const zGround = xyz[3 * k + 2] ?? NaN;
      const z = (Number.isFinite(zGround) ? zGround : 0) + lift;
      const o = vo * 3;
      positions[o] = x + mx * scale;
      positions[o + 1] = y + my * scale;
      positions[o + 2] = z;
      positions[o + 3] = x - mx * scale;
      positions[o + 4] = y - my * scale;
      positions[o + 5] = z;
      // Normal = tangent × across (across = the mitre direction, horizontal): tilts with the grade.
      const zp = xyz[3 * kp + 2] ?? NaN;
      const zn = xyz[3 * kn + 2] ?? NaN;
      const tx = (xyz[3 * kn] ?? 0) - (xyz[3 * kp] ?? 0);
      const ty = (xyz[3 * kn + 1] ?? 0) - (xyz[3 * kp + 1] ?? 0);
      const tz = Number.isFinite(zp) && Number.isFinite(zn) ? zn - zp : 0;
      let nx = -tz * my;
      let ny = tz * mx;
      let nz = tx * my - ty * mx;
      const nl = Math.hypot(nx, ny, nz);
      if (nl > 0 && nz > 0) {
        nx /= nl;
        ny /= nl;
        nz /= nl;
      } else {
        nx = 0;
        ny = 0;
        nz = 1;
      }
      for (let c = 0; c < 2; c++) {
        normals[o + 3 * c] = nx;
        normals[o + 3 * c + 1] = ny;
        normals[o + 3 * c + 2] = nz;
      }
      vo += 2;
    }
    for (let m = 0; m < n - 1; m++) {
      const left = first + 2 * m;
      const right = left + 1;
      writeQuad(indices, io, right, right + 2, left + 2, left);
      io += 6;
    }
    roadIndex.fill(r, first, vo);
    classIndex.fill(roads.roadClass[r] ?? 0, first, vo);
  }
  return { positions, normals, roadIndex, classIndex, indices };
}

const scratchNormal: [number, number] = [0, 0];

/** Unit left normal (−dy, dx) of the segment from vertex p to vertex q; reuses one scratch pair. */
function leftNormal(xyz: Float64Array, p: number, q: number): readonly [number, number] {
  const dx = (xyz[3 * q] ?? 0) - (xyz[3 * p] ?? 0);
  const dy = (xyz[3 * q + 1] ?? 0) - (xyz[3 * p + 1] ?? 0);
  const len = Math.hypot(dx, dy) || 1;
  scratchNormal[0] = -dy / len;
  scratchNormal[1] = dx / len;
  return scratchNormal;
}
