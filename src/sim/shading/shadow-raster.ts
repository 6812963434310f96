/**
 * Exact shadow rasterisation on a horizontal ground grid for one sun direction.
 *
 * Buildings are vertical prisms (footprint rings extruded from base to top). Seen along the sun
 * direction, a prism spanning heights z_b…z_t projects onto the ground plane z = g as the Minkowski sum
 * of its footprint with the segment between the offsets (z_b − g)·d and (z_t − g)·d, where
 * d = −(s_e, s_n)/s_u is the horizontal shadow displacement per metre of height for the unit sun vector
 * s. That sum is the union of the footprint at both offsets and, for every footprint edge facing the
 * displacement, the quadrilateral swept by the edge (ring orientation is computed, not assumed); each part is filled by an even-odd scanline on cell centres, so a
 * cell is in shadow exactly when its centre is. Tree crowns are ellipsoids: a cell is shaded when the
 * ray from its centre towards the sun passes through the crown (ray–sphere test after scaling the
 * vertical axis), and its light is multiplied by the crown's transmissivity.
 *
 * Light is a Float32Array per cell: 1 = sunlit, 0 = shadow, between for light through crowns.
 */

/** Regular ground grid: cell (i, j) has its centre at (x0 + (i + ½)·cell, y0 + (j + ½)·cell), row-major. */
export interface GroundGrid {
  x0: number;
  y0: number;
  cellSizeM: number;
  nx: number;
  ny: number;
  /** Height of the ground plane (m, same datum as the obstacles); default 0. */
  groundZ?: number;
}

/**
 * Building prisms in the columnar layout of the city model's BuildingTable (x east, y north, m):
 * rings `ringStart[i]..ringStart[i+1]`, vertices `ringOffset[r]..ringOffset[r+1]` in `xy`.
 */
export interface PrismObstacles {
  count: number;
  ringStart: Uint32Array;
  ringOffset: Uint32Array;
  xy: Float64Array;
  /** Base of the prism above the datum (m); NaN = standing on the ground. A NaN height skips the prism. */
  baseHeightM: Float32Array | Float64Array;
  /** Height of the prism above its base (m). */
  heightM: Float32Array | Float64Array;
}

/** Tree crowns as ellipsoids, in the layout of the city model's TreeTable. */
export interface CrownObstacles {
  count: number;
  /** Interleaved x, y, z (m) of each trunk base (z NaN = on the ground). */
  xyz: Float64Array;
  /** Total tree height (m): the crown top. */
  heightM: Float32Array | Float64Array;
  /** Crown diameter (m): twice the horizontal semi-axis. */
  crownDiameterM: Float32Array | Float64Array;
  /** Vertical crown extent (m); default min(crown diameter, tree height). */
  crownHeightM?: Float32Array | Float64Array;
  /** Fraction of direct sun passing through each crown (0 opaque … 1); default 0. */
  transmissivity?: Float32Array | Float64Array;
}

/**
 * Incremental accumulation of lost sun (optional target of the rasterisers, used by the sun-hours
 * loop): instead of a light grid reset and summed for every cell at every step, a cell's light is
 * valid only where `stamp[cell] === step` (else 1), and each write adds the light it removes times
 * `stepH` to `lost[cell]`. The cost of a step is then that of its shadows, not of the grid.
 */
export interface LostSunSink {
  stamp: Uint32Array;
  /** Current step id (> 0; stamps start at 0). */
  step: number;
  stepH: number;
  /** Hours of sun lost per cell so far. */
  lost: Float32Array;
}

let xsScratch = new Float64Array(256);
let polyScratch = new Float64Array(256);
let ringEndScratch = new Uint32Array(16);

/**
 * Sets light = 0 at every cell whose centre lies inside the polygon (even-odd over its rings) with
 * vertices `poly[0..2·vertexCount)` and rings ending at `ringEnds[0..ringCount)` (vertex indices).
 */
function fillPolygon(light: Float32Array, grid: GroundGrid, poly: Float64Array, ringEnds: Uint32Array, ringCount: number, sink?: LostSunSink): void {
  const { x0, y0, cellSizeM: c, nx, ny } = grid;
  const vertexCount = ringEnds[ringCount - 1] as number;
  let yMin = Infinity;
  let yMax = -Infinity;
  let xMin = Infinity;
  let xMax = -Infinity;
  for (let v = 0; v < vertexCount; v++) {
    const x = poly[2 * v] as number;
    const y = poly[2 * v + 1] as number;
    if (y < yMin) yMin = y;
    if (y > yMax) yMax = y;
    if (x < xMin) xMin = x;
    if (x > xMax) xMax = x;
  }
  if (xMax < x0 || xMin > x0 + nx * c) return;
  const j0 = Math.max(0, Math.ceil((yMin - y0) / c - 0.5));
  const j1 = Math.min(ny - 1, Math.floor((yMax - y0) / c - 0.5));
  for (let j = j0; j <= j1; j++) {
    const yc = y0 + (j + 0.5) * c;
    let n = 0;
    let start = 0;
    for (let r = 0; r < ringCount; r++) {
      const end = ringEnds[r] as number;
      for (let v = start; v < end; v++) {
        const w = v + 1 < end ? v + 1 : start;
        const ya = poly[2 * v + 1] as number;
        const yb = poly[2 * w + 1] as number;
        if (ya <= yc !== yb <= yc) {
          if (n === xsScratch.length) {
            const grown = new Float64Array(2 * n); // rare: more crossings on one scanline than ever before
            grown.set(xsScratch);
            xsScratch = grown;
          }
          const xa = poly[2 * v] as number;
          const xb = poly[2 * w] as number;
          const x = xa + ((yc - ya) * (xb - xa)) / (yb - ya);
          // insertion sort as we go
          let k = n++;
          while (k > 0 && (xsScratch[k - 1] as number) > x) {
            xsScratch[k] = xsScratch[k - 1] as number;
            k--;
          }
          xsScratch[k] = x;
        }
      }
      start = end;
    }
    const row = j * nx;
    for (let k = 0; k + 1 < n; k += 2) {
      const i0 = Math.max(0, Math.ceil(((xsScratch[k] as number) - x0) / c - 0.5));
      const i1 = Math.min(nx - 1, Math.ceil(((xsScratch[k + 1] as number) - x0) / c - 0.5) - 1);
      if (sink === undefined) {
        for (let i = i0; i <= i1; i++) light[row + i] = 0;
      } else {
        const { stamp, step, stepH, lost } = sink;
        for (let c = row + i0; c <= row + i1; c++) {
          if (stamp[c] !== step) {
            stamp[c] = step;
            lost[c] = (lost[c] as number) + stepH;
          } else if ((light[c] as number) !== 0) {
            lost[c] = (lost[c] as number) + (light[c] as number) * stepH;
          }
          light[c] = 0;
        }
      }
    }
  }
}

function ensurePolyCapacity(vertices: number, rings: number): void {
  if (polyScratch.length < 2 * vertices) polyScratch = new Float64Array(2 * vertices * 2);
  if (ringEndScratch.length < rings) ringEndScratch = new Uint32Array(rings * 2);
}

/**
 * Marks the shadows of all prisms on the ground for the unit sun vector (east, north, up) with
 * up > 0, setting `light` to 0 in shadowed cells (other cells untouched). The shadow of prism b falls
 * on the plane z = groundZByPrism[b] when given (terrain under the building), else grid.groundZ.
 * With `sink`, the light removed is added to sink.lost instead (see LostSunSink).
 */
export function rasterisePrismShadows(
  light: Float32Array,
  grid: GroundGrid,
  prisms: PrismObstacles,
  sunE: number,
  sunN: number,
  sunU: number,
  groundZByPrism?: Float64Array,
  sink?: LostSunSink,
): void {
  if (!(sunU > 0)) throw new Error(`sun must be above the horizon (up component ${sunU})`);
  const gridGround = grid.groundZ ?? 0;
  const dx = -sunE / sunU;
  const dy = -sunN / sunU;
  const { ringStart, ringOffset, xy, baseHeightM, heightM } = prisms;
  for (let b = 0; b < prisms.count; b++) {
    const g = groundZByPrism?.[b] ?? gridGround;
    const base = Number.isFinite(baseHeightM[b]) ? (baseHeightM[b] as number) : g; // NaN base: on the ground
    const zb = Math.max(base, g);
    const zt = base + (heightM[b] as number);
    if (!(zt > g) || !(zt > zb - 1e-12)) continue;
    const obx = (zb - g) * dx;
    const oby = (zb - g) * dy;
    const otx = (zt - g) * dx;
    const oty = (zt - g) * dy;
    const r0 = ringStart[b] as number;
    const r1 = ringStart[b + 1] as number;
    const v0 = ringOffset[r0] as number;
    const v1 = ringOffset[r1] as number;
    ensurePolyCapacity(v1 - v0, r1 - r0);
    // Footprint at the bottom and at the top offset.
    for (let side = 0; side < 2; side++) {
      const ox = side === 0 ? obx : otx;
      const oy = side === 0 ? oby : oty;
      for (let r = r0; r < r1; r++) ringEndScratch[r - r0] = (ringOffset[r + 1] as number) - v0;
      for (let v = v0; v < v1; v++) {
        polyScratch[2 * (v - v0)] = (xy[2 * v] as number) + ox;
        polyScratch[2 * (v - v0) + 1] = (xy[2 * v + 1] as number) + oy;
      }
      fillPolygon(light, grid, polyScratch, ringEndScratch, r1 - r0, sink);
    }
    if (zt - zb <= 0) continue;
    // Quadrilateral swept by each edge that faces the shadow direction: a point of the sweep outside
    // both footprints lies on a segment y + t·D (y in the footprint) that leaves the footprint through
    // such an edge, and from there on it lies in that edge's quadrilateral. Edges facing away are skipped.
    const sdx = otx - obx;
    const sdy = oty - oby;
    ringEndScratch[0] = 4;
    for (let r = r0; r < r1; r++) {
      const s = ringOffset[r] as number;
      const e = ringOffset[r + 1] as number;
      // Orientation of the ring (shoelace); the region's outward normal of edge (a→b) is
      // side·(b_y − a_y, a_x − b_x), side = +1 for a CCW outer ring or a CW hole.
      let area2 = 0;
      for (let v = s; v < e; v++) {
        const w = v + 1 < e ? v + 1 : s;
        area2 += (xy[2 * v] as number) * (xy[2 * w + 1] as number) - (xy[2 * w] as number) * (xy[2 * v + 1] as number);
      }
      const side = (area2 >= 0) === (r === r0) ? 1 : -1;
      for (let v = s; v < e; v++) {
        const w = v + 1 < e ? v + 1 : s;
        const ax = xy[2 * v] as number;
        const ay = xy[2 * v + 1] as number;
        const bx = xy[2 * w] as number;
        const by = xy[2 * w + 1] as number;
        if (side * ((by - ay) * sdx + (ax - bx) * sdy) <= 0) continue;
        polyScratch[0] = ax + obx;
        polyScratch[1] = ay + oby;
        polyScratch[2] = bx + obx;
        polyScratch[3] = by + oby;
        polyScratch[4] = bx + otx;
        polyScratch[5] = by + oty;
        polyScratch[6] = ax + otx;
        polyScratch[7] = ay + oty;
        fillPolygon(light, grid, polyScratch, ringEndScratch, 1, sink);
      }
    }
  }
}

/**
 * Multiplies `light` by each crown's transmissivity where the ray from the cell centre towards the
 * sun (unit vector east, north, up; up > 0) passes through the crown ellipsoid. Cell centres of crown
 * t lie on the plane z = groundZByCrown[t] when given, else grid.groundZ.
 */
export function rasteriseCrownShadows(
  light: Float32Array,
  grid: GroundGrid,
  crowns: CrownObstacles,
  sunE: number,
  sunN: number,
  sunU: number,
  groundZByCrown?: Float64Array,
  sink?: LostSunSink,
): void {
  if (!(sunU > 0)) throw new Error(`sun must be above the horizon (up component ${sunU})`);
  const { x0, y0, cellSizeM: c, nx, ny } = grid;
  const gridGround = grid.groundZ ?? 0;
  const dx = -sunE / sunU;
  const dy = -sunN / sunU;
  for (let t = 0; t < crowns.count; t++) {
    const g = groundZByCrown?.[t] ?? gridGround;
    const r = (crowns.crownDiameterM[t] as number) / 2;
    const height = crowns.heightM[t] as number;
    const vExtent = crowns.crownHeightM?.[t] ?? Math.min(2 * r, height);
    const h = vExtent / 2;
    if (!(r > 0) || !(h > 0)) continue;
    const tau = crowns.transmissivity?.[t] ?? 0;
    const cx = crowns.xyz[3 * t] as number;
    const cy = crowns.xyz[3 * t + 1] as number;
    const trunkZ = crowns.xyz[3 * t + 2] as number;
    const cz = (Number.isFinite(trunkZ) ? trunkZ : g) + height - h; // NaN trunk base: on the ground
    if (cz + h <= g) continue;
    // Vertical axis scaled by k = r/h turns the ellipsoid into a sphere of radius r.
    const k = r / h;
    let ux = sunE;
    let uy = sunN;
    let uz = sunU * k;
    const un = Math.hypot(ux, uy, uz);
    ux /= un;
    uy /= un;
    uz /= un;
    // Conservative bounding box: the crown's bounding box projected to the ground.
    const zLo = Math.max(cz - h, g) - g;
    const zHi = cz + h - g;
    const xA = cx + zLo * dx;
    const xB = cx + zHi * dx;
    const yA = cy + zLo * dy;
    const yB = cy + zHi * dy;
    const i0 = Math.max(0, Math.floor((Math.min(xA, xB) - r - x0) / c));
    const i1 = Math.min(nx - 1, Math.floor((Math.max(xA, xB) + r - x0) / c));
    const j0 = Math.max(0, Math.floor((Math.min(yA, yB) - r - y0) / c));
    const j1 = Math.min(ny - 1, Math.floor((Math.max(yA, yB) + r - y0) / c));
    const wz = (cz - g) * k; // scaled height of the centre above the ground
    const r2 = r * r;
    for (let j = j0; j <= j1; j++) {
      const wy = cy - (y0 + (j + 0.5) * c);
      const row = j * nx;
      for (let i = i0; i <= i1; i++) {
        const wx = cx - (x0 + (i + 0.5) * c);
        const along = wx * ux + wy * uy + wz * uz;
        if (along <= 0) continue;
        const d2 = wx * wx + wy * wy + wz * wz - along * along;
        if (d2 < r2) {
          const cell = row + i;
          if (sink === undefined) {
            light[cell] = (light[cell] as number) * tau;
          } else {
            const before = sink.stamp[cell] === sink.step ? (light[cell] as number) : 1;
            sink.stamp[cell] = sink.step;
            sink.lost[cell] = (sink.lost[cell] as number) + before * (1 - tau) * sink.stepH;
            light[cell] = before * tau;
          }
        }
      }
    }
  }
}
