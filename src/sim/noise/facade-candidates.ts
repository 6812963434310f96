/**
 * Facades that may reflect to a receiver, and the image-source reflection point on one (first-order
 * reflections, CNOSSOS-EU Directive (EU) 2015/996 Annex II §2.5.8, image-source method). A wall of
 * any ring (courtyard walls too) is a candidate for a receiver R when it comes within the search
 * radius of R, R lies strictly on its outer face's side (the face away from the building's
 * material, `wallSides`) and R does not stand within `ownFacadeM` in front of it (at a facade only
 * the incident sound counts: Directive 2002/49/EC Annex I §1). The list is found once per receiver
 * position and kept for all its sources. Planar, m; no allocation per query once grown.
 */
import type { BuildingGrid } from './building-grid';
import { planar } from './diffraction';
import { boxMisses, legWallCrossing, wallSides } from './footprint-walls';
import type { NoiseBuildings } from './noise-scene';

/**
 * A reflection point P is on an open facade when the point this far in front of it (on the side
 * of S and R) lies outside every other footprint, m: a wall shared with a terraced neighbour, or
 * covered by an overlapping footprint, reflects nothing. 5 cm also closes digitising slivers.
 */
export const COVER_PROBE_M = 0.05;

/**
 * Default `ownFacadeM`, m: the 2 m offset of facade receivers in front of their facade (as in the
 * French END mapping rules: levels "2 mètres en avant de la façade, sans tenir compte de la
 * dernière réflexion du son sur la façade"), plus 1 cm for rounding.
 */
export const OWN_FACADE_M = 2.01;

export class FacadeCandidates {
  /** Candidates of the last receiver: `count` walls, wall k from (geom[4k], geom[4k + 1]) along (geom[4k + 2], geom[4k + 3]), m. */
  count = 0;
  geom = new Float64Array(256);
  /** Building of each candidate. */
  building = new Int32Array(64);
  /** First vertex of each candidate wall (its identity, for `WallCrossings.collect`). */
  wall = new Int32Array(64);
  /** Per ring, the sign of e × (p − a) on the outer face of its walls (`wallSides`). */
  private readonly wallSide: Int8Array;
  private nearby: Uint32Array;
  private rx = Number.NaN;
  private ry = Number.NaN;

  constructor(
    private readonly buildings: NoiseBuildings,
    /** Bounding boxes (`buildingBoxes`). */
    private readonly boxes: Float64Array,
    private readonly grid: BuildingGrid,
    /** Search radius around the receiver, m. */
    private readonly radiusM: number,
    /** A receiver this close in front of a wall gets no reflection from it, m. */
    private readonly ownFacadeM: number,
  ) {
    this.wallSide = wallSides(buildings);
    this.nearby = new Uint32Array(Math.max(16, buildings.count));
  }

  /** Fills the candidates for a receiver at (rx, ry) (nothing to do for the same position as the last call). */
  near(rx: number, ry: number): void {
    if (rx === this.rx && ry === this.ry) return;
    this.rx = rx;
    this.ry = ry;
    this.count = 0;
    const b = this.buildings;
    const radius = this.radiusM;
    this.grid.nearPoint(rx, ry, radius);
    const nearCount = this.grid.foundCount;
    this.nearby.set(this.grid.found.subarray(0, nearCount));
    for (let n = 0; n < nearCount; n++) {
      const i = this.nearby[n] ?? 0;
      if (boxMisses(this.boxes, i, rx - radius, ry - radius, rx + radius, ry + radius)) continue;
      for (let ring = b.ringStart[i] ?? 0; ring < (b.ringStart[i + 1] ?? 0); ring++) {
        const side = this.wallSide[ring] ?? 0;
        const v0 = b.ringOffset[ring] ?? 0;
        const v1 = b.ringOffset[ring + 1] ?? 0;
        for (let v = v0; v < v1; v++) {
          const w = v + 1 < v1 ? v + 1 : v0;
          const ax = b.xy[2 * v] ?? 0;
          const ay = b.xy[2 * v + 1] ?? 0;
          const ex = (b.xy[2 * w] ?? 0) - ax;
          const ey = (b.xy[2 * w + 1] ?? 0) - ay;
          const len2 = ex * ex + ey * ey;
          if (len2 === 0) continue;
          // Segment–point distance: skip walls wholly beyond the radius.
          const foot = ((rx - ax) * ex + (ry - ay) * ey) / len2;
          const t = Math.min(1, Math.max(0, foot));
          if (planar(ax + t * ex - rx, ay + t * ey - ry) > radius) continue;
          // The receiver on the wall's outer side, and not in front of it within `ownFacadeM`.
          const cr = (ex * (ry - ay) - ey * (rx - ax)) * side;
          if (side !== 0 && !(cr > 0)) continue;
          if (side !== 0 && foot >= 0 && foot <= 1 && cr <= this.ownFacadeM * Math.sqrt(len2)) continue;
          this.push(ax, ay, ex, ey, i, v);
        }
      }
    }
  }

  /** Appends a candidate, growing the lists. */
  private push(ax: number, ay: number, ex: number, ey: number, building: number, wall: number): void {
    if (this.count * 4 >= this.geom.length) {
      const grown = new Float64Array(this.geom.length * 2);
      grown.set(this.geom);
      this.geom = grown;
      const gb = new Int32Array(this.building.length * 2);
      gb.set(this.building);
      this.building = gb;
      const gw = new Int32Array(this.wall.length * 2);
      gw.set(this.wall);
      this.wall = gw;
    }
    const k = this.count;
    this.geom[4 * k] = ax;
    this.geom[4 * k + 1] = ay;
    this.geom[4 * k + 2] = ex;
    this.geom[4 * k + 3] = ey;
    this.building[k] = building;
    this.wall[k] = wall;
    this.count++;
  }
}

/**
 * The reflection point of S → R on candidate k of `c` by the image-source method: S mirrored in
 * the wall line, then the crossing of image → R with the wall. S and R must lie strictly on the
 * same side of the wall line (R's is its outer side, `FacadeCandidates.near`), the crossing
 * strictly inside the wall and strictly between image and R. Returns the fraction u of image → R
 * at P (P's share of the path length from S), and P into `out` [px, py, side], with side the sign
 * of e × (S − a) (which side S and R stand); NaN when there is no reflection point (`out` then
 * holds scratch).
 */
export function imageReflection(c: FacadeCandidates, k: number, sx: number, sy: number, rx: number, ry: number, out: Float64Array): number {
  const geom = c.geom;
  const ax = geom[4 * k] ?? 0;
  const ay = geom[4 * k + 1] ?? 0;
  const ex = geom[4 * k + 2] ?? 0;
  const ey = geom[4 * k + 3] ?? 0;
  const len2 = ex * ex + ey * ey;
  // S and R strictly on the same side of the wall line.
  const cs = ex * (sy - ay) - ey * (sx - ax);
  const cr = ex * (ry - ay) - ey * (rx - ax);
  if (cs * cr <= 0) return Number.NaN;
  // Image of S in the wall line, then the crossing of image → R with the wall.
  const t0 = ((sx - ax) * ex + (sy - ay) * ey) / len2;
  const ix = 2 * (ax + t0 * ex) - sx;
  const iy = 2 * (ay + t0 * ey) - sy;
  const dx = rx - ix;
  const dy = ry - iy;
  // `out` serves as scratch: the caller reads it only when a point is returned.
  if (!legWallCrossing(ix, iy, dx, dy, ax, ay, ex, ey, out)) return Number.NaN;
  const u = out[0] ?? 0; // along image → R
  const s = out[1] ?? 0; // along the wall
  if (u <= 0 || u >= 1 || s <= 0 || s >= 1) return Number.NaN;
  out[0] = ix + u * dx;
  out[1] = iy + u * dy;
  out[2] = cs > 0 ? 1 : -1;
  return u;
}
