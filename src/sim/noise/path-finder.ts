/**
 * Propagation paths between a point source and a receiver among building prisms on flat ground
 * (CNOSSOS-EU Annex II §2.5.5): the direct vertical cut, diffracting over the buildings it crosses
 * (roofs as G = 0, §2.5.7), and first-order facade reflections found by the image-source method
 * (§2.5.8, absorption α per band). Lateral (horizontal) diffraction around buildings is not
 * searched yet. Each path becomes a `CutProfile` and its attenuation is computed by
 * `computePathAttenuation`; the paths of a pair are summed energetically.
 */
import { BuildingGrid } from './building-grid';
import type { CutProfile } from './cut-profile';
import type { NoiseBuildings } from './noise-scene';
import { computePathAttenuation, createPathAttenuation, type Atmosphere } from './path-attenuation';
import { BAND_COUNT } from './road-coefficient-types';

/** √(dx² + dy²), m: Math.hypot without its overflow guard, several times faster in V8. */
function planar(dx: number, dy: number): number {
  return Math.sqrt(dx * dx + dy * dy);
}

const BANDS = BAND_COUNT;

export interface PathFinderOptions {
  /** G of the open ground (0 reflective … 1 porous). */
  groundG: number;
  /** Facade absorption α per band for reflections (8 values). */
  facadeAlpha: ArrayLike<number>;
  /** Facades farther than this from the receiver are not searched for reflections, m (0 = none). */
  reflectionRadiusM: number;
  atmosphere: Atmosphere;
  /** Cell size of the building grid index, m (default 25). */
  gridCellM?: number;
}

/** Building bounding boxes, minX, minY, maxX, maxY per building (4 per building). */
export function buildingBoxes(b: NoiseBuildings): Float64Array {
  const box = new Float64Array(4 * b.count);
  for (let i = 0; i < b.count; i++) {
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
    box[4 * i] = x0;
    box[4 * i + 1] = y0;
    box[4 * i + 2] = x1;
    box[4 * i + 3] = y1;
  }
  return box;
}

function createProfile(capacity: number): CutProfile {
  const groundX = new Float64Array(capacity);
  const groundZ = new Float64Array(capacity);
  const groundG = new Float64Array(capacity);
  return {
    kind: 'direct',
    curved: false,
    sourceZ: 0,
    receiverX: 0,
    receiverZ: 0,
    sourceG: 0,
    groundX,
    groundZ,
    groundG,
    groundCount: 0,
    sideGroundX: new Float64Array(capacity),
    sideGroundZ: new Float64Array(capacity),
    sideGroundG: new Float64Array(capacity),
    sideGroundCount: 0,
    edgeX: new Float64Array(capacity),
    edgeZ: new Float64Array(capacity),
    edgeCount: 0,
    reflectionAlpha: [],
  };
}

/** Reusable scratch state of a path finder (one per worker). */
export class PathFinder {
  private readonly boxes: Float64Array;
  private profile = createProfile(64);
  private readonly result = createPathAttenuation();
  private readonly zeroPower = new Float64Array(BAND_COUNT);
  private hitDist = new Float64Array(64);
  private hitBuilding = new Int32Array(64);
  private hitCount = 0;
  private readonly alpha: Float64Array;
  private readonly grid: BuildingGrid;
  private nearby: Uint32Array;
  /** Facades near the last receiver: ax, ay, ex, ey per wall, and its building. */
  private facadeGeom = new Float64Array(256);
  private facadeBuilding = new Int32Array(64);
  private facadeCount = 0;
  private facadeRx = Number.NaN;
  private facadeRy = Number.NaN;

  constructor(
    private readonly buildings: NoiseBuildings,
    private readonly options: PathFinderOptions,
  ) {
    this.boxes = buildingBoxes(buildings);
    this.grid = new BuildingGrid(this.boxes, buildings.count, options.gridCellM ?? 25);
    this.nearby = new Uint32Array(Math.max(16, buildings.count));
    this.alpha = Float64Array.from(options.facadeAlpha);
    if (this.alpha.length !== BAND_COUNT) throw new Error(`facadeAlpha needs ${BAND_COUNT} values, got ${this.alpha.length}`);
  }

  /**
   * Equivalent attenuation of all paths S → R per band, homogeneous into outH and favourable into
   * outF, dB: A = −10 lg Σ_paths 10^(−A_path/10) (A_path = A_div + A_atm + A_boundary + A_refl).
   */
  attenuation(sx: number, sy: number, sz: number, rx: number, ry: number, rz: number, outH: Float64Array, outF: Float64Array): void {
    this.gains(sx, sy, sz, rx, ry, rz, outH, outF);
    for (let b = 0; b < BAND_COUNT; b++) {
      outH[b] = -10 * Math.log10(outH[b] ?? 0);
      outF[b] = -10 * Math.log10(outF[b] ?? 0);
    }
  }

  /**
   * As `attenuation`, as linear gains Σ_paths 10^(−A_path/10) per band (no logarithm), homogeneous
   * into outH and favourable into outF: what a map stores and re-sums.
   */
  gains(sx: number, sy: number, sz: number, rx: number, ry: number, rz: number, outH: Float64Array, outF: Float64Array): void {
    outH.fill(0);
    outF.fill(0);
    this.addPath(sx, sy, sz, Number.NaN, 0, -1, rx, ry, rz, outH, outF);
    if (this.options.reflectionRadiusM > 0) this.addReflections(sx, sy, sz, rx, ry, rz, outH, outF);
  }

  /** Adds 10^(−A/10) of the path S → (P) → R; P = (px, py) when reflecting on building `wallOf`. */
  private addPath(sx: number, sy: number, sz: number, px: number, py: number, wallOf: number, rx: number, ry: number, rz: number, eH: Float64Array, eF: Float64Array): void {
    const reflected = wallOf >= 0;
    const l1 = reflected ? planar(px - sx, py - sy) : planar(rx - sx, ry - sy);
    const l2 = reflected ? planar(rx - px, ry - py) : 0;
    const total = l1 + l2;
    if (total < 1e-3) return;
    this.hitCount = 0;
    if (reflected) {
      this.collectHits(sx, sy, px, py, 0, l1, wallOf);
      this.collectHits(px, py, rx, ry, l1, l2, wallOf);
    } else {
      this.collectHits(sx, sy, rx, ry, 0, l1, -1);
    }
    this.sortHits();
    this.fillProfile(sz, total, rz, reflected ? l1 : -1);
    const r = computePathAttenuation(this.profile, this.zeroPower, this.options.atmosphere, 0.5, this.result, false);
    for (let b = 0; b < BANDS; b++) {
      eH[b] = (eH[b] ?? 0) + 10 ** ((r.LH[b] ?? 0) / 10);
      eF[b] = (eF[b] ?? 0) + 10 ** ((r.LF[b] ?? 0) / 10);
    }
  }

  /** Whether building i's bounding box (`boxes`) lies wholly outside the box [minX, maxX] × [minY, maxY], m. */
  private boxMisses(i: number, minX: number, minY: number, maxX: number, maxY: number): boolean {
    const k = 4 * i;
    return (this.boxes[k] ?? 0) > maxX || (this.boxes[k + 2] ?? 0) < minX || (this.boxes[k + 1] ?? 0) > maxY || (this.boxes[k + 3] ?? 0) < minY;
  }

  /**
   * Facades (outer-ring walls) within the reflection radius of the receiver (rx, ry), found once per
   * receiver position and kept in `facade*` for every source of that receiver.
   */
  private facadesNear(rx: number, ry: number): void {
    if (rx === this.facadeRx && ry === this.facadeRy) return;
    this.facadeRx = rx;
    this.facadeRy = ry;
    this.facadeCount = 0;
    const b = this.buildings;
    const radius = this.options.reflectionRadiusM;
    this.grid.nearPoint(rx, ry, radius);
    const nearCount = this.grid.foundCount;
    this.nearby.set(this.grid.found.subarray(0, nearCount));
    for (let n = 0; n < nearCount; n++) {
      const i = this.nearby[n] ?? 0;
      if (this.boxMisses(i, rx - radius, ry - radius, rx + radius, ry + radius)) continue;
      const ring = b.ringStart[i] ?? 0;
      const v0 = b.ringOffset[ring] ?? 0;
      const v1 = b.ringOffset[ring + 1] ?? 0;
      for (let v = v0; v < v1; v++) {
        const w = v + 1 < v1 ? v + 1 : v0;
        const ax = b.xy[2 * v] ?? 0;
        const ay = b.xy[2 * v + 1] ?? 0;
        const ex = (b.xy[2 * w] ?? 0) - ax;
        const ey = (b.xy[2 * w + 1] ?? 0) - ay;
        if (ex * ex + ey * ey === 0) continue;
        // Segment–point distance: skip walls wholly beyond the radius.
        const t = Math.min(1, Math.max(0, ((rx - ax) * ex + (ry - ay) * ey) / (ex * ex + ey * ey)));
        if (planar(ax + t * ex - rx, ay + t * ey - ry) > radius) continue;
        if (this.facadeCount * 4 >= this.facadeGeom.length) {
          const grown = new Float64Array(this.facadeGeom.length * 2);
          grown.set(this.facadeGeom);
          this.facadeGeom = grown;
          const gb = new Int32Array(this.facadeBuilding.length * 2);
          gb.set(this.facadeBuilding);
          this.facadeBuilding = gb;
        }
        const k = this.facadeCount;
        this.facadeGeom[4 * k] = ax;
        this.facadeGeom[4 * k + 1] = ay;
        this.facadeGeom[4 * k + 2] = ex;
        this.facadeGeom[4 * k + 3] = ey;
        this.facadeBuilding[k] = i;
        this.facadeCount++;
      }
    }
  }

  /** Image-source search over the facades near the receiver (first order, §2.5.8). */
  private addReflections(sx: number, sy: number, sz: number, rx: number, ry: number, rz: number, eH: Float64Array, eF: Float64Array): void {
    this.facadesNear(rx, ry);
    const geom = this.facadeGeom;
    for (let k = 0; k < this.facadeCount; k++) {
      const i = this.facadeBuilding[k] ?? 0;
      const height = this.buildings.heightM[i] ?? 0;
      const ax = geom[4 * k] ?? 0;
      const ay = geom[4 * k + 1] ?? 0;
      const ex = geom[4 * k + 2] ?? 0;
      const ey = geom[4 * k + 3] ?? 0;
      const len2 = ex * ex + ey * ey;
      // S and R strictly on the same side of the wall line.
      const cs = ex * (sy - ay) - ey * (sx - ax);
      const cr = ex * (ry - ay) - ey * (rx - ax);
      if (cs * cr <= 0) continue;
      // Image of S in the wall line, then the crossing of image → R with the wall.
      const t0 = ((sx - ax) * ex + (sy - ay) * ey) / len2;
      const ix = 2 * (ax + t0 * ex) - sx;
      const iy = 2 * (ay + t0 * ey) - sy;
      const dx = rx - ix;
      const dy = ry - iy;
      const den = dx * ey - dy * ex;
      if (Math.abs(den) < 1e-12) continue;
      const u = ((ax - ix) * ey - (ay - iy) * ex) / den; // along image → R
      const s = ((ax - ix) * dy - (ay - iy) * dx) / den; // along the wall
      if (u <= 0 || u >= 1 || s <= 0 || s >= 1) continue;
      const px = ix + u * dx;
      const py = iy + u * dy;
      // The wall must reach above the ray at P.
      const zAtP = sz + (rz - sz) * u;
      if (zAtP >= height) continue;
      this.addPath(sx, sy, sz, px, py, i, rx, ry, rz, eH, eF);
    }
  }

  /** Crossings of the leg (x0,y0)→(x1,y1) with building outlines, as distances offset + t·len. */
  private collectHits(x0: number, y0: number, x1: number, y1: number, offset: number, len: number, skipBuilding: number): void {
    const b = this.buildings;
    const minX = Math.min(x0, x1);
    const maxX = Math.max(x0, x1);
    const minY = Math.min(y0, y1);
    const maxY = Math.max(y0, y1);
    const dx = x1 - x0;
    const dy = y1 - y0;
    this.grid.alongSegment(x0, y0, x1, y1);
    for (let n = 0; n < this.grid.foundCount; n++) {
      const i = this.grid.found[n] ?? 0;
      if (i === skipBuilding) continue;
      if (this.boxMisses(i, minX, minY, maxX, maxY)) continue;
      const ring = b.ringStart[i] ?? 0;
      const v0 = b.ringOffset[ring] ?? 0;
      const v1 = b.ringOffset[ring + 1] ?? 0;
      for (let v = v0; v < v1; v++) {
        const w = v + 1 < v1 ? v + 1 : v0;
        const ax = b.xy[2 * v] ?? 0;
        const ay = b.xy[2 * v + 1] ?? 0;
        const ex = (b.xy[2 * w] ?? 0) - ax;
        const ey = (b.xy[2 * w + 1] ?? 0) - ay;
        const den = dx * ey - dy * ex;
        if (Math.abs(den) < 1e-12) continue;
        const t = ((ax - x0) * ey - (ay - y0) * ex) / den;
        const s = ((ax - x0) * dy - (ay - y0) * dx) / den;
        if (t <= 1e-9 || t >= 1 - 1e-9 || s < 0 || s > 1) continue;
        this.pushHit(offset + t * len, i);
      }
    }
  }

  private pushHit(dist: number, building: number): void {
    if (this.hitCount >= this.hitDist.length) {
      const d = new Float64Array(this.hitDist.length * 2);
      d.set(this.hitDist);
      this.hitDist = d;
      const h = new Int32Array(this.hitBuilding.length * 2);
      h.set(this.hitBuilding);
      this.hitBuilding = h;
    }
    this.hitDist[this.hitCount] = dist;
    this.hitBuilding[this.hitCount] = building;
    this.hitCount++;
  }

  private sortHits(): void {
    for (let i = 1; i < this.hitCount; i++) {
      const d = this.hitDist[i] ?? 0;
      const h = this.hitBuilding[i] ?? 0;
      let j = i - 1;
      while (j >= 0 && (this.hitDist[j] ?? 0) > d) {
        this.hitDist[j + 1] = this.hitDist[j] ?? 0;
        this.hitBuilding[j + 1] = this.hitBuilding[j] ?? 0;
        j--;
      }
      this.hitDist[j + 1] = d;
      this.hitBuilding[j + 1] = h;
    }
  }

  /** Builds the unfolded cut: flat ground of G, wall tops as edges, roofs as G = 0 side ground. */
  private fillProfile(sz: number, total: number, rz: number, reflectionAt: number): void {
    const need = 2 * this.hitCount + 4;
    if (this.profile.groundX.length < need) this.profile = createProfile(need * 2);
    const p = this.profile;
    const g = this.options.groundG;
    p.kind = reflectionAt >= 0 ? 'reflection' : 'direct';
    p.sourceZ = sz;
    p.receiverX = total;
    p.receiverZ = rz;
    p.sourceG = g;
    p.reflectionAlpha.length = 0;
    if (reflectionAt >= 0) p.reflectionAlpha.push(this.alpha);
    const gx = p.groundX;
    const gz = p.groundZ;
    const gg = p.groundG;
    const sx = p.sideGroundX;
    const sz2 = p.sideGroundZ;
    const sg = p.sideGroundG;
    gx[0] = 0;
    gz[0] = 0;
    gg[0] = g;
    sx[0] = 0;
    sz2[0] = 0;
    sg[0] = g;
    let n = 1;
    let m = 1;
    let e = 0;
    let inside = -1;
    for (let k = 0; k < this.hitCount; k++) {
      const x = this.hitDist[k] ?? 0;
      const bld = this.hitBuilding[k] ?? 0;
      const h = this.buildings.heightM[bld] ?? 0;
      p.edgeX[e] = x;
      p.edgeZ[e] = h;
      e++;
      const entering = inside < 0;
      // Ground vertex: G = 0 under a building, the open ground's G after it.
      gx[n] = x;
      gz[n] = 0;
      gg[n] = entering ? 0 : g;
      n++;
      // Side ground: up the wall onto the roof (G = 0) when entering, down again when leaving.
      sx[m] = x;
      sz2[m] = entering ? 0 : h;
      sg[m] = entering ? 0 : g;
      sx[m + 1] = x;
      sz2[m + 1] = entering ? h : 0;
      sg[m + 1] = entering ? 0 : g;
      m += 2;
      inside = entering ? bld : bld === inside ? -1 : bld;
    }
    gx[n] = total;
    gz[n] = 0;
    gg[n] = g;
    n++;
    sx[m] = total;
    sz2[m] = 0;
    sg[m] = g;
    m++;
    p.groundCount = n;
    p.sideGroundCount = m;
    p.edgeCount = e;
  }
}
