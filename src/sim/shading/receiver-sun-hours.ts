/**
 * Hours of direct sun at arbitrary receiver points (facade and roof samples, balconies, windows), by
 * exact ray casting against the building prisms and tree crowns, accelerated by a uniform 2-D bucket
 * grid over the obstacles' bounding boxes and a DDA walk along the ray's horizontal projection.
 *
 * Ray from receiver p towards the unit sun vector s (t > 0): it is inside the height range of a prism
 * [z_b, z_t] for t ∈ [t_a, t_b]; the prism blocks it when the horizontal segment between those
 * parameters meets the footprint (an end inside by the even-odd rule, or a crossing with an edge).
 * A receiver with a normal n gets no direct sun when s·n ≤ 0 (the sun is behind its surface); it is
 * nudged 1 cm along n so that its own wall does not shade it. Crowns: ray–ellipsoid test, light
 * multiplied by the crown's transmissivity.
 * Terrain (optional): the horizon method of the ground path (terrain-horizon.ts, the same march and
 * sectors) seen from each receiver's position and height (computePointHorizon); a receiver is in
 * terrain shadow at a step when tan(sun elevation) is below its horizon towards the sun's grid
 * azimuth, interpolated linearly between the two nearest sectors.
 */
import { throwIfCancelled, type RunControl } from '../core/progress';
import type { SolarSite, SolarTimeOptions } from '../solar/spa';
import type { CrownObstacles, PrismObstacles } from './shadow-raster';
import { sampleSunOverPeriod } from './sun-hours';
import { computePointHorizon, horizonSectorBlend, type PointHorizon, type TerrainHeights } from './terrain-horizon';

export interface SunReceivers {
  count: number;
  /** Interleaved x, y, z (m). */
  xyz: Float64Array;
  /** Interleaved unit normals (optional): a receiver faces away from the sun when s·n ≤ 0. */
  normal?: Float32Array | Float64Array;
}

export interface ReceiverSunHoursInput {
  receivers: SunReceivers;
  buildings?: PrismObstacles | undefined;
  trees?: CrownObstacles | undefined;
  site: SolarSite;
  time?: SolarTimeOptions;
  startUnixS: number;
  endUnixS: number;
  /** Time step (s); default 600. */
  stepS?: number;
  /** Azimuth (deg from true north, clockwise) of the coordinates' +y axis; default 0. */
  gridNorthDeg?: number;
  /** Bucket size (m) of the acceleration grid; default 25. */
  bucketSizeM?: number;
  /** Terrain heights (same datum as the receivers' z), an obstacle by the horizon method; none when absent. */
  terrain?: TerrainHeights | undefined;
  /** Azimuth sectors of the terrain horizon; default 72 (5°), as the ground path. */
  terrainSectors?: number;
}

const NUDGE_M = 0.01;

/** Uniform bucket grid of obstacle ids by bounding box. */
interface Buckets {
  x0: number;
  y0: number;
  size: number;
  nx: number;
  ny: number;
  start: Uint32Array;
  ids: Uint32Array;
}

function buildBuckets(boxes: Float64Array, count: number, size: number): Buckets {
  let xMin = Infinity;
  let yMin = Infinity;
  let xMax = -Infinity;
  let yMax = -Infinity;
  for (let i = 0; i < count; i++) {
    xMin = Math.min(xMin, boxes[4 * i] as number);
    yMin = Math.min(yMin, boxes[4 * i + 1] as number);
    xMax = Math.max(xMax, boxes[4 * i + 2] as number);
    yMax = Math.max(yMax, boxes[4 * i + 3] as number);
  }
  if (count === 0) xMin = yMin = xMax = yMax = 0;
  const nx = Math.max(1, Math.ceil((xMax - xMin) / size) + 1);
  const ny = Math.max(1, Math.ceil((yMax - yMin) / size) + 1);
  const counts = new Uint32Array(nx * ny + 1);
  const range = (i: number, out: Int32Array) => {
    out[0] = Math.floor(((boxes[4 * i] as number) - xMin) / size);
    out[1] = Math.floor(((boxes[4 * i + 1] as number) - yMin) / size);
    out[2] = Math.floor(((boxes[4 * i + 2] as number) - xMin) / size);
    out[3] = Math.floor(((boxes[4 * i + 3] as number) - yMin) / size);
  };
  const r = new Int32Array(4);
  for (let i = 0; i < count; i++) {
    range(i, r);
    for (let j = r[1] as number; j <= (r[3] as number); j++) for (let k = r[0] as number; k <= (r[2] as number); k++) counts[j * nx + k + 1] = (counts[j * nx + k + 1] as number) + 1;
  }
  for (let c = 0; c < nx * ny; c++) counts[c + 1] = (counts[c + 1] as number) + (counts[c] as number);
  const start = counts.slice();
  const fill = counts.slice(0, nx * ny);
  const ids = new Uint32Array(start[nx * ny] as number);
  for (let i = 0; i < count; i++) {
    range(i, r);
    for (let j = r[1] as number; j <= (r[3] as number); j++) {
      for (let k = r[0] as number; k <= (r[2] as number); k++) {
        const c = j * nx + k;
        ids[fill[c] as number] = i;
        fill[c] = (fill[c] as number) + 1;
      }
    }
  }
  return { x0: xMin, y0: yMin, size, nx, ny, start, ids };
}

/** Does the horizontal segment a→b meet prism `b`'s footprint (even-odd rings)? */
function segmentMeetsFootprint(p: PrismObstacles, b: number, ax: number, ay: number, bx: number, by: number): boolean {
  const { ringStart, ringOffset, xy } = p;
  let insideA = false;
  let insideB = false;
  for (let r = ringStart[b] as number; r < (ringStart[b + 1] as number); r++) {
    const s = ringOffset[r] as number;
    const e = ringOffset[r + 1] as number;
    for (let v = s, w = e - 1; v < e; w = v++) {
      const xi = xy[2 * v] as number;
      const yi = xy[2 * v + 1] as number;
      const xj = xy[2 * w] as number;
      const yj = xy[2 * w + 1] as number;
      if (yi > ay !== yj > ay && ax < ((xj - xi) * (ay - yi)) / (yj - yi) + xi) insideA = !insideA;
      if (yi > by !== yj > by && bx < ((xj - xi) * (by - yi)) / (yj - yi) + xi) insideB = !insideB;
      const d1 = (bx - ax) * (yi - ay) - (by - ay) * (xi - ax);
      const d2 = (bx - ax) * (yj - ay) - (by - ay) * (xj - ax);
      if (d1 * d2 < 0) {
        const d3 = (xj - xi) * (ay - yi) - (yj - yi) * (ax - xi);
        const d4 = (xj - xi) * (by - yi) - (yj - yi) * (bx - xi);
        if (d3 * d4 < 0) return true;
      }
    }
  }
  return insideA || insideB;
}

/** Hours of direct sun per receiver over [startUnixS, endUnixS) (same time sampling as sunHours). */
export function receiverSunHours(input: ReceiverSunHoursInput, control?: RunControl): { hours: Float32Array; stepCount: number; sunUpSteps: number } {
  const { receivers } = input;
  if (receivers.xyz.length < 3 * receivers.count) throw new Error(`receivers.xyz has ${receivers.xyz.length} values for ${receivers.count} receivers`);
  const { stepS, stepCount, sun, dir } = sampleSunOverPeriod(input);
  const rot = ((input.gridNorthDeg ?? 0) * Math.PI) / 180;
  const cr = Math.cos(rot);
  const sr = Math.sin(rot);

  const prisms = input.buildings;
  const pCount = prisms?.count ?? 0;
  const pBoxes = new Float64Array(4 * pCount);
  const pTop = new Float64Array(pCount);
  const pBase = new Float64Array(pCount);
  let zTopMax = -Infinity;
  for (let b = 0; b < pCount && prisms !== undefined; b++) {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let v = prisms.ringOffset[prisms.ringStart[b] as number] as number; v < (prisms.ringOffset[prisms.ringStart[b + 1] as number] as number); v++) {
      x0 = Math.min(x0, prisms.xy[2 * v] as number);
      x1 = Math.max(x1, prisms.xy[2 * v] as number);
      y0 = Math.min(y0, prisms.xy[2 * v + 1] as number);
      y1 = Math.max(y1, prisms.xy[2 * v + 1] as number);
    }
    pBoxes.set([x0, y0, x1, y1], 4 * b);
    const base = Number.isFinite(prisms.baseHeightM[b]) ? (prisms.baseHeightM[b] as number) : 0;
    pBase[b] = base;
    pTop[b] = base + (prisms.heightM[b] as number); // NaN height: never hit
    if ((pTop[b] as number) > zTopMax) zTopMax = pTop[b] as number;
  }
  const trees = input.trees;
  const tCount = trees?.count ?? 0;
  const tBoxes = new Float64Array(4 * tCount);
  const tCentre = new Float64Array(3 * tCount);
  const tRadius = new Float64Array(2 * tCount);
  for (let t = 0; t < tCount && trees !== undefined; t++) {
    const r = (trees.crownDiameterM[t] as number) / 2;
    const height = trees.heightM[t] as number;
    const h = (trees.crownHeightM?.[t] ?? Math.min(2 * r, height)) / 2;
    const z = Number.isFinite(trees.xyz[3 * t + 2]) ? (trees.xyz[3 * t + 2] as number) : 0;
    tCentre.set([trees.xyz[3 * t] as number, trees.xyz[3 * t + 1] as number, z + height - h], 3 * t);
    tRadius[2 * t] = r > 0 ? r : 0;
    tRadius[2 * t + 1] = h > 0 ? h : 0;
    tBoxes.set([(trees.xyz[3 * t] as number) - r, (trees.xyz[3 * t + 1] as number) - r, (trees.xyz[3 * t] as number) + r, (trees.xyz[3 * t + 1] as number) + r], 4 * t);
    if (z + height > zTopMax) zTopMax = z + height;
  }
  const size = input.bucketSizeM ?? 25;
  const pBuckets = buildBuckets(pBoxes, pCount, size);
  const tBuckets = buildBuckets(tBoxes, tCount, size);
  const pStamp = new Uint32Array(pCount);
  const tStamp = new Uint32Array(tCount);
  let stamp = 0;
  // Ray state shared by the visitors below (set per ray; no allocation per ray or per step).
  let rpx = 0;
  let rpy = 0;
  let rpz = 0;
  let rsx = 0;
  let rsy = 0;
  let rsz = 0;
  let rStamp = 0;
  let rLight = 1;


  const terrain = input.terrain === undefined ? undefined : receiverTerrainHorizon(input.terrain, input.terrainSectors ?? 72, sun.elevationDeg, sun.azimuthDeg, input.gridNorthDeg ?? 0, receivers, control);
  const hz = terrain?.horizonTan;
  const sectors = terrain?.sectors ?? 1;
  const blend = new Float64Array(3);

  const hours = new Float32Array(receivers.count);
  const stepH = stepS / 3600;
  let sunUpSteps = 0;
  for (let k = 0; k < stepCount; k++) {
    throwIfCancelled(control, 'receiver sun-hours');
    if ((sun.elevationDeg[k] as number) > 0) {
      sunUpSteps++;
      const e0 = dir[3 * k] as number;
      const n0 = dir[3 * k + 1] as number;
      const sx = e0 * cr - n0 * sr;
      const sy = n0 * cr + e0 * sr;
      const sz = dir[3 * k + 2] as number;
      // Terrain: tan(sun elevation) against each receiver's horizon towards the sun's grid azimuth.
      const tanSun = Math.tan(((sun.elevationDeg[k] as number) * Math.PI) / 180);
      horizonSectorBlend(sectors, (sun.azimuthDeg[k] as number) - (input.gridNorthDeg ?? 0), blend);
      const k0 = blend[0] as number;
      const k1 = blend[1] as number;
      const fk = blend[2] as number;
      for (let i = 0; i < receivers.count; i++) {
        const nrm = receivers.normal;
        let nx = 0;
        let ny = 0;
        let nz = 0;
        if (nrm !== undefined) {
          nx = nrm[3 * i] as number;
          ny = nrm[3 * i + 1] as number;
          nz = nrm[3 * i + 2] as number;
          if (sx * nx + sy * ny + sz * nz <= 0) continue;
        }
        if (hz !== undefined && tanSun < (1 - fk) * (hz[i * sectors + k0] as number) + fk * (hz[i * sectors + k1] as number)) continue;
        const px = (receivers.xyz[3 * i] as number) + NUDGE_M * nx;
        const py = (receivers.xyz[3 * i + 1] as number) + NUDGE_M * ny;
        const pz = (receivers.xyz[3 * i + 2] as number) + NUDGE_M * nz;
        stamp++;
        const light = traceLight(px, py, pz, sx, sy, sz, zTopMax, stamp);
        hours[i] = (hours[i] as number) + light * stepH;
      }
    }
    control?.onProgress?.({ fraction: (k + 1) / stepCount, stage: `receiver sun-hours step ${k + 1}/${stepCount}` });
  }
  return { hours, stepCount, sunUpSteps };

  /** True when a prism in bucket `cell` blocks the ray. */
  function visitPrisms(cell: number): boolean {
    for (let q = pBuckets.start[cell] as number; q < (pBuckets.start[cell + 1] as number); q++) {
      const id = pBuckets.ids[q] as number;
      if (pStamp[id] === rStamp) continue;
      pStamp[id] = rStamp;
      const top = pTop[id] as number;
      if (!(top > rpz)) continue;
      const ta = Math.max(0, ((pBase[id] as number) - rpz) / rsz);
      const tb = (top - rpz) / rsz;
      if (prisms !== undefined && segmentMeetsFootprint(prisms, id, rpx + ta * rsx, rpy + ta * rsy, rpx + tb * rsx, rpy + tb * rsy)) return true;
    }
    return false;
  }

  /** Multiplies rLight by the transmissivity of crowns in bucket `cell` that the ray crosses; true when no light is left. */
  function visitCrowns(cell: number): boolean {
    for (let q = tBuckets.start[cell] as number; q < (tBuckets.start[cell + 1] as number); q++) {
      const id = tBuckets.ids[q] as number;
      if (tStamp[id] === rStamp) continue;
      tStamp[id] = rStamp;
      const r = tRadius[2 * id] as number;
      const h = tRadius[2 * id + 1] as number;
      if (!(r > 0 && h > 0)) continue;
      const kz = r / h;
      const uzs = rsz * kz;
      const un = Math.sqrt(rsx * rsx + rsy * rsy + uzs * uzs);
      const wx = (tCentre[3 * id] as number) - rpx;
      const wy = (tCentre[3 * id + 1] as number) - rpy;
      const wz = ((tCentre[3 * id + 2] as number) - rpz) * kz;
      const along = (wx * rsx + wy * rsy + wz * uzs) / un;
      if (along > 0 && wx * wx + wy * wy + wz * wz - along * along < r * r) rLight *= trees?.transmissivity?.[id] ?? 0;
      if (rLight === 0) return true;
    }
    return false;
  }

  /**
   * Walks the buckets crossed by the ray's horizontal projection from p to p + tMax·s, sampling every
   * half bucket and visiting the 3 × 3 neighbourhood so that no crossed bucket is missed.
   */
  function walk(bk: Buckets, tMax: number, visit: (cell: number) => boolean): boolean {
    if (bk.ids.length === 0) return false;
    const x1 = rpx + tMax * rsx;
    const y1 = rpy + tMax * rsy;
    const steps = Math.ceil((Math.abs(x1 - rpx) + Math.abs(y1 - rpy)) / (bk.size / 2)) + 1;
    for (let q = 0; q <= steps; q++) {
      const f = q / steps;
      const cx = Math.floor((rpx + f * (x1 - rpx) - bk.x0) / bk.size);
      const cy = Math.floor((rpy + f * (y1 - rpy) - bk.y0) / bk.size);
      for (let dy = -1; dy <= 1; dy++) {
        const gy = cy + dy;
        if (gy < 0 || gy >= bk.ny) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const gx = cx + dx;
          if (gx < 0 || gx >= bk.nx) continue;
          if (visit(gy * bk.nx + gx)) return true;
        }
      }
    }
    return false;
  }

  /** Light (0…1) reaching p along s. */
  function traceLight(px: number, py: number, pz: number, sx: number, sy: number, sz: number, zTop: number, st: number): number {
    if (pz >= zTop) return 1;
    rpx = px;
    rpy = py;
    rpz = pz;
    rsx = sx;
    rsy = sy;
    rsz = sz;
    rStamp = st;
    rLight = 1;
    const tMax = (zTop - pz) / sz;
    if (walk(pBuckets, tMax, visitPrisms)) return 0;
    if (walk(tBuckets, tMax, visitCrowns)) return 0;
    return rLight;
  }
}

/**
 * The receivers' terrain horizon for a period (the sun's elevation and true azimuth per step, deg):
 * only the sectors bracketing a sun-up step's grid azimuth are marched (a winter day needs about a
 * third of them), the others are NaN; progress (stage only) and cancel per 1024 points.
 */
export function receiverTerrainHorizon(
  terrain: TerrainHeights,
  sectors: number,
  elevationDeg: Float64Array,
  azimuthDeg: Float64Array,
  gridNorthDeg: number,
  receivers: SunReceivers,
  control: RunControl | undefined,
): PointHorizon {
  const needed = new Uint8Array(sectors);
  const blend = new Float64Array(3);
  for (let k = 0; k < elevationDeg.length; k++) {
    if (!((elevationDeg[k] as number) > 0)) continue;
    horizonSectorBlend(sectors, (azimuthDeg[k] as number) - gridNorthDeg, blend);
    needed[blend[0] as number] = 1;
    needed[blend[1] as number] = 1;
  }
  const sink = control?.onProgress;
  const c: RunControl = {};
  if (control?.signal !== undefined) c.signal = control.signal;
  if (sink !== undefined) c.onProgress = (p) => sink({ fraction: 0, stage: p.stage });
  return computePointHorizon(terrain, receivers.xyz, receivers.count, sectors, { needed }, c);
}
