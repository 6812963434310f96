/**
 * Propagation paths between a point source and a receiver among building prisms (CNOSSOS-EU
 * Annex II §2.5.5): the direct vertical cut, diffracting over the buildings it crosses (roofs as
 * G = 0, §2.5.7); optionally the lateral paths around the vertical edges of the buildings that
 * block it (§2.5.7 lateral diffraction, `lateral-paths.ts`); and first-order facade reflections
 * found by the image-source method on facades within a search radius of the receiver (§2.5.8,
 * absorption α per band and building, retro-diffraction on the wall top): on a wall's outer face,
 * where it is open (not shared with or covered by another footprint), and not on the facade a
 * receiver stands in front of (`ownFacadeM`). Every cut follows the terrain and the G of the
 * ground polygons it crosses (`ground-model.ts`, `cut-builder.ts`). Each path becomes a
 * `CutProfile` whose attenuation `computePathAttenuation` gives; the paths of a pair are summed
 * energetically (H and F separately).
 */
import { pointInRings } from '../core/point-in-rings';
import { BuildingGrid } from './building-grid';
import { CutBuilder } from './cut-builder';
import { GroundModel, type NoiseGroundPolygons, type NoiseTerrain } from './ground-model';
import { LateralSearch } from './lateral-search';
import type { NoiseBuildings } from './noise-scene';
import { computePathAttenuation, createPathAttenuation, type Atmosphere } from './path-attenuation';
import { BAND_COUNT } from './road-coefficient-types';

/** √(dx² + dy²), m: Math.hypot without its overflow guard, several times faster in V8. */
function planar(dx: number, dy: number): number {
  return Math.sqrt(dx * dx + dy * dy);
}

const BANDS = BAND_COUNT;
/**
 * A reflection point P is on an open facade when the point this far in front of it (on the side
 * of S and R) lies outside every other footprint, m: a wall shared with a terraced neighbour, or
 * covered by an overlapping footprint, reflects nothing. 5 cm also closes digitising slivers.
 */
export const COVER_PROBE_M = 0.05;
/** 10^(L/10) = e^(L · ln 10 / 10): the same to ~1e-15 relative, and Math.exp is ×4–5 faster than ** in V8. */
const DB_TO_LN = Math.LN10 / 10;

export interface PathFinderOptions {
  /** G of the open ground (0 reflective … 1 porous), where no ground polygon says otherwise. */
  groundG: number;
  /** Facade absorption α per band for reflections (8 values). */
  facadeAlpha: ArrayLike<number>;
  /** Facades farther than this from the receiver are not searched for reflections, m (0 = none). */
  reflectionRadiusM: number;
  atmosphere: Atmosphere;
  /** Cell size of the building grid index, m (default 25). */
  gridCellM?: number;
  /** Terrain heights (default flat ground at z = 0); source and receiver z are heights above it. */
  terrain?: NoiseTerrain;
  /** Ground polygons with their own G (G profile along each cut). */
  groundPolygons?: NoiseGroundPolygons;
  /** Facade α per building and band (buildings × 8), instead of `facadeAlpha` for all. */
  facadeAlphaByBuilding?: ArrayLike<number>;
  /** Also search the lateral paths around buildings blocking the direct path (default false). */
  lateralPaths?: boolean;
  /**
   * A receiver standing at most this far in front of a facade (on its outer side, the foot of its
   * perpendicular on the wall) is a receiver of that facade, and the facade does not reflect to it,
   * m (default `OWN_FACADE_M`; 0: every facade reflects). At a facade only the incident sound
   * counts: Directive 2002/49/EC Annex I §1 ("no account is taken of the sound that is reflected
   * at the façade of the dwelling under consideration"), as for the facade receivers of CNOSSOS-EU
   * maps (Directive (EU) 2015/996 Annex II §2.8), which src/sim-workers/noise-receivers.ts puts 2 m
   * in front of the facades.
   */
  ownFacadeM?: number;
}

/**
 * Default `ownFacadeM`, m: the 2 m offset of facade receivers in front of their facade (as in the
 * French END mapping rules: levels "2 mètres en avant de la façade, sans tenir compte de la
 * dernière réflexion du son sur la façade"), plus 1 cm for rounding.
 */
export const OWN_FACADE_M = 2.01;

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

/** Reusable scratch state of a path finder (one per worker). */
export class PathFinder {
  private readonly boxes: Float64Array;
  private readonly result = createPathAttenuation();
  private readonly zeroPower = new Float64Array(BAND_COUNT);
  /** Building wall crossings of the last `collectHits` calls. */
  private hitCount = 0;
  private readonly alpha: Float64Array;
  private readonly alphaByBuilding: Float64Array | undefined;
  private readonly reflectionAlpha = new Float64Array(BAND_COUNT);
  private readonly grid: BuildingGrid;
  private readonly ground: GroundModel;
  private readonly cut: CutBuilder;
  private nearby: Uint32Array;
  /**
   * Facades that may reflect to the last receiver (within the radius, the receiver on their outer
   * side, not its own facade): ax, ay, ex, ey per wall, and its building.
   */
  private facadeGeom = new Float64Array(256);
  private facadeBuilding = new Int32Array(64);
  /** Per facade, the index of its first vertex (the wall's identity, for `collectHits`). */
  private facadeWall = new Int32Array(64);
  /** Per ring, the sign of e × (p − a) on the outer face of its walls (`wallSides`). */
  private readonly wallSide: Int8Array;
  private readonly ownFacadeM: number;
  private facadeCount = 0;
  private enclosedRx = Number.NaN;
  private enclosedRy = Number.NaN;
  private enclosedR = false;
  private facadeRx = Number.NaN;
  private facadeRy = Number.NaN;
  private readonly lateral: LateralSearch;

  constructor(
    private readonly buildings: NoiseBuildings,
    private readonly options: PathFinderOptions,
  ) {
    this.boxes = buildingBoxes(buildings);
    this.grid = new BuildingGrid(this.boxes, buildings.count, options.gridCellM ?? 25);
    this.nearby = new Uint32Array(Math.max(16, buildings.count));
    this.wallSide = wallSides(buildings);
    this.ownFacadeM = options.ownFacadeM ?? OWN_FACADE_M;
    if (!(this.ownFacadeM >= 0)) throw new Error(`ownFacadeM must be ≥ 0 m, got ${this.ownFacadeM}`);
    this.alpha = Float64Array.from(options.facadeAlpha);
    if (this.alpha.length !== BAND_COUNT) throw new Error(`facadeAlpha needs ${BAND_COUNT} values, got ${this.alpha.length}`);
    if (options.facadeAlphaByBuilding !== undefined) {
      this.alphaByBuilding = Float64Array.from(options.facadeAlphaByBuilding);
      if (this.alphaByBuilding.length !== buildings.count * BAND_COUNT) throw new Error(`facadeAlphaByBuilding needs buildings × ${BAND_COUNT} = ${buildings.count * BAND_COUNT} values, got ${this.alphaByBuilding.length}`);
      this.alphaByBuilding.forEach((a, i) => {
        if (!(a >= 0 && a < 1)) throw new Error(`facadeAlphaByBuilding[${i}] must lie in [0, 1), got ${a}`);
      });
    }
    this.ground = new GroundModel(options.groundG, options.terrain, options.groundPolygons);
    const heights = buildings.heightM;
    this.cut = new CutBuilder(this.ground, (b) => heights[b] ?? 0);
    const ground = this.ground;
    this.lateral = new LateralSearch(buildings, this.boxes, this.grid, (i) => {
      const ring = buildings.ringStart[i] ?? 0;
      const v = buildings.ringOffset[ring] ?? 0;
      return ground.heightAt(buildings.xy[2 * v] ?? 0, buildings.xy[2 * v + 1] ?? 0) + (heights[i] ?? 0);
    });
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
    // A source or receiver inside a footprint is enclosed (a road under a building is a covered
    // passage, outside CNOSSOS-EU's open-air propagation): no path, zero gain. The cut would start
    // under a roof, below its own side mean plane, where the ground weights of §2.5.7 are undefined.
    if (this.receiverEnclosed(rx, ry) || this.enclosed(sx, sy)) return;
    const blocked = this.addDirectPath(sx, sy, sz, rx, ry, rz, outH, outF);
    if (blocked && this.options.lateralPaths === true) this.addLateralPaths(sx, sy, sz, rx, ry, rz, outH, outF);
    if (this.options.reflectionRadiusM > 0) this.addReflections(sx, sy, sz, rx, ry, rz, outH, outF);
  }

  /** Adds the direct path; returns whether it crosses a building (lateral paths may then exist). */
  private addDirectPath(sx: number, sy: number, sz: number, rx: number, ry: number, rz: number, eH: Float64Array, eF: Float64Array): boolean {
    const c = this.cut;
    c.polyX[0] = sx;
    c.polyY[0] = sy;
    c.polyX[1] = rx;
    c.polyY[1] = ry;
    c.polyCount = 2;
    const total = c.begin();
    if (total < 1e-3) return false;
    this.hitCount = 0;
    this.collectHits(sx, sy, rx, ry, 0, total, -1);
    const blocked = this.hitCount > 0;
    c.addGroundBreaks(total);
    c.build(sz, rz, total);
    this.accumulate(eH, eF);
    return blocked;
  }

  /**
   * Adds the path S → P → R reflected at P = (px, py) on the wall starting at vertex `wall` of
   * building `wallOf`. The legs cross every other wall, of that building too (a courtyard wall
   * seen from a road outside lies behind the block's other wing).
   */
  private addReflectedPath(sx: number, sy: number, sz: number, px: number, py: number, wallOf: number, wall: number, rx: number, ry: number, rz: number, eH: Float64Array, eF: Float64Array): void {
    const c = this.cut;
    c.polyX[0] = sx;
    c.polyY[0] = sy;
    c.polyX[1] = px;
    c.polyY[1] = py;
    c.polyX[2] = rx;
    c.polyY[2] = ry;
    c.polyCount = 3;
    const total = c.begin();
    if (total < 1e-3) return;
    const l1 = c.distanceOf(1);
    this.hitCount = 0;
    this.collectHits(sx, sy, px, py, 0, l1, wall);
    this.collectHits(px, py, rx, ry, l1, total - l1, wall);
    c.addGroundBreaks(total);
    const p = c.build(sz, rz, total);
    p.kind = 'reflection';
    const alpha = this.alphaByBuilding === undefined ? this.alpha : this.alphaOf(wallOf);
    p.reflectionAlpha.push(alpha);
    p.reflectionX?.push(l1);
    p.reflectionTopZ?.push(c.terrainAt(1) + (this.buildings.heightM[wallOf] ?? 0));
    this.accumulate(eH, eF);
  }

  /** Facade α of building i, into a scratch array. */
  private alphaOf(i: number): Float64Array {
    const table = this.alphaByBuilding;
    for (let b = 0; b < BANDS; b++) this.reflectionAlpha[b] = table?.[i * BANDS + b] ?? 0;
    return this.reflectionAlpha;
  }

  /** Computes the attenuation of the built cut and adds its gains (10^(L/10) with Lw = 0). */
  private accumulate(eH: Float64Array, eF: Float64Array): void {
    const r = computePathAttenuation(this.cut.profile, this.zeroPower, this.options.atmosphere, 0.5, this.result, false);
    for (let b = 0; b < BANDS; b++) {
      eH[b] = (eH[b] ?? 0) + Math.exp((r.LH[b] ?? 0) * DB_TO_LN);
      eF[b] = (eF[b] ?? 0) + Math.exp((r.LF[b] ?? 0) * DB_TO_LN);
    }
  }

  /**
   * Lateral paths (§2.5.7): around the footprints that block S-R, the left and right chains of
   * their convex hull with S and R (`LateralSearch`). Edge heights lie on the straight line S-R
   * (ISO/TR 17534-4 lateral profiles); A_div and δ refer to |SR| (`directDistance`).
   */
  private addLateralPaths(sx: number, sy: number, sz: number, rx: number, ry: number, rz: number, eH: Float64Array, eF: Float64Array): void {
    const zs = this.ground.heightAt(sx, sy) + sz;
    const zr = this.ground.heightAt(rx, ry) + rz;
    const chains = this.lateral.search(sx, sy, zs, rx, ry, zr);
    if (chains.leftCount > 0) this.addLateralPath('left', chains.leftX, chains.leftY, chains.leftCount, sx, sy, sz, rx, ry, rz, eH, eF);
    if (chains.rightCount > 0) this.addLateralPath('right', chains.rightX, chains.rightY, chains.rightCount, sx, sy, sz, rx, ry, rz, eH, eF);
  }

  /** Builds and adds one lateral path S → chain → R. */
  private addLateralPath(kind: 'left' | 'right', xs: Float64Array, ys: Float64Array, count: number, sx: number, sy: number, sz: number, rx: number, ry: number, rz: number, eH: Float64Array, eF: Float64Array): void {
    const c = this.cut;
    c.reservePolyline(count + 2);
    c.polyX[0] = sx;
    c.polyY[0] = sy;
    for (let k = 0; k < count; k++) {
      c.polyX[k + 1] = xs[k] ?? 0;
      c.polyY[k + 1] = ys[k] ?? 0;
    }
    c.polyX[count + 1] = rx;
    c.polyY[count + 1] = ry;
    c.polyCount = count + 2;
    const total = c.begin();
    // Roofs the legs pass over (the plane through S and R may rise above a building, TC11) stay
    // G = 0 ground; their walls are no edges of a lateral path (replaced below).
    this.hitCount = 0;
    for (let k = 1; k < c.polyCount; k++) {
      const a = c.distanceOf(k - 1);
      this.collectHits(c.polyX[k - 1] ?? 0, c.polyY[k - 1] ?? 0, c.polyX[k] ?? 0, c.polyY[k] ?? 0, a, c.distanceOf(k) - a, -1);
    }
    c.addGroundBreaks(total);
    const p = c.build(sz, rz, total);
    p.kind = kind;
    // Vertical edges at the height of the straight line S-R above their plan projection on it.
    const dx = rx - sx;
    const dy = ry - sy;
    const len2 = dx * dx + dy * dy;
    for (let k = 0; k < count; k++) {
      const t = len2 > 0 ? (((xs[k] ?? 0) - sx) * dx + ((ys[k] ?? 0) - sy) * dy) / len2 : 0;
      p.edgeX[k] = c.distanceOf(k + 1);
      p.edgeZ[k] = p.sourceZ + t * (p.receiverZ - p.sourceZ);
    }
    p.edgeCount = count;
    p.directDistance = Math.sqrt(len2 + (p.receiverZ - p.sourceZ) ** 2);
    this.accumulate(eH, eF);
  }

  /** Whether building i's bounding box (`boxes`) lies wholly outside the box [minX, maxX] × [minY, maxY], m. */
  private boxMisses(i: number, minX: number, minY: number, maxX: number, maxY: number): boolean {
    const k = 4 * i;
    return (this.boxes[k] ?? 0) > maxX || (this.boxes[k + 2] ?? 0) < minX || (this.boxes[k + 1] ?? 0) > maxY || (this.boxes[k + 3] ?? 0) < minY;
  }

  /**
   * Facades (walls of every ring: courtyard walls too) that may reflect to the receiver (rx, ry):
   * within the reflection radius, the receiver strictly on their outer face's side (a wall reflects
   * on the face away from the building's material only, `wallSides`), and not the facade the
   * receiver stands in front of (`ownFacadeM`). Found once per receiver position and kept in
   * `facade*` for all its sources.
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
          if (ex * ex + ey * ey === 0) continue;
          // Segment–point distance: skip walls wholly beyond the radius.
          const len2 = ex * ex + ey * ey;
          const foot = ((rx - ax) * ex + (ry - ay) * ey) / len2;
          const t = Math.min(1, Math.max(0, foot));
          if (planar(ax + t * ex - rx, ay + t * ey - ry) > radius) continue;
          // The receiver on the wall's outer side, and not in front of it within `ownFacadeM`.
          const cr = (ex * (ry - ay) - ey * (rx - ax)) * side;
          if (side !== 0 && !(cr > 0)) continue;
          if (side !== 0 && foot >= 0 && foot <= 1 && cr <= this.ownFacadeM * Math.sqrt(len2)) continue;
          this.pushFacade(ax, ay, ex, ey, i, v);
        }
      }
    }
  }

  /** Appends a facade to the receiver's list, growing it. */
  private pushFacade(ax: number, ay: number, ex: number, ey: number, building: number, wall: number): void {
    if (this.facadeCount * 4 >= this.facadeGeom.length) {
      const grown = new Float64Array(this.facadeGeom.length * 2);
      grown.set(this.facadeGeom);
      this.facadeGeom = grown;
      const gb = new Int32Array(this.facadeBuilding.length * 2);
      gb.set(this.facadeBuilding);
      this.facadeBuilding = gb;
      const gw = new Int32Array(this.facadeWall.length * 2);
      gw.set(this.facadeWall);
      this.facadeWall = gw;
    }
    const k = this.facadeCount;
    this.facadeGeom[4 * k] = ax;
    this.facadeGeom[4 * k + 1] = ay;
    this.facadeGeom[4 * k + 2] = ex;
    this.facadeGeom[4 * k + 3] = ey;
    this.facadeBuilding[k] = building;
    this.facadeWall[k] = wall;
    this.facadeCount++;
  }

  /**
   * The facades that may reflect to a receiver at (rx, ry) (see `facadesNear`): their count, and per
   * wall k its start (ax, ay) = geom[4k], geom[4k + 1], its vector geom[4k + 2], geom[4k + 3], m, and
   * its building. Views of scratch arrays, valid until the next call with another receiver.
   */
  reflectors(rx: number, ry: number): { count: number; geom: Float64Array; building: Int32Array } {
    this.facadesNear(rx, ry);
    return { count: this.facadeCount, geom: this.facadeGeom, building: this.facadeBuilding };
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
      // S and R strictly on the same side of the wall line, its outer side (R: `facadesNear`).
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
      // The facade must be open at P: just in front of it, outside every other footprint.
      const toward = (cs > 0 ? COVER_PROBE_M : -COVER_PROBE_M) / Math.sqrt(len2);
      if (this.insideOtherFootprint(px - ey * toward, py + ex * toward, i)) continue;
      this.addReflectedPath(sx, sy, sz, px, py, i, this.facadeWall[k] ?? -1, rx, ry, rz, eH, eF);
    }
  }

  /** Whether the receiver (rx, ry) lies in a footprint; kept for its successive sources. */
  private receiverEnclosed(rx: number, ry: number): boolean {
    if (rx !== this.enclosedRx || ry !== this.enclosedRy) {
      this.enclosedRx = rx;
      this.enclosedRy = ry;
      this.enclosedR = this.enclosed(rx, ry);
    }
    return this.enclosedR;
  }

  /** Whether (x, y) lies under a building: inside a footprint, even-odd over all its rings (a courtyard is open air). */
  private enclosed(x: number, y: number): boolean {
    const b = this.buildings;
    this.grid.nearPoint(x, y, 0);
    for (let n = 0; n < this.grid.foundCount; n++) {
      const j = this.grid.found[n] ?? 0;
      if (this.boxMisses(j, x, y, x, y)) continue;
      if (pointInRings(b.ringOffset, b.xy, b.ringStart[j] ?? 0, b.ringStart[j + 1] ?? 0, x, y)) return true;
    }
    return false;
  }

  /** Whether (x, y) lies under a building other than `except` (even-odd over all its rings: a courtyard is open air). */
  private insideOtherFootprint(x: number, y: number, except: number): boolean {
    const b = this.buildings;
    this.grid.nearPoint(x, y, 0);
    for (let n = 0; n < this.grid.foundCount; n++) {
      const j = this.grid.found[n] ?? 0;
      if (j === except || this.boxMisses(j, x, y, x, y)) continue;
      if (pointInRings(b.ringOffset, b.xy, b.ringStart[j] ?? 0, b.ringStart[j + 1] ?? 0, x, y)) return true;
    }
    return false;
  }

  /**
   * Crossings of the leg (x0,y0)→(x1,y1) with the walls of every ring (a courtyard's walls too: the
   * cut goes down into it and up again), as distances offset + t·len; the wall starting at vertex
   * `skipWall` (a reflecting wall, −1: none) is left out.
   */
  private collectHits(x0: number, y0: number, x1: number, y1: number, offset: number, len: number, skipWall: number): void {
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
      if (this.boxMisses(i, minX, minY, maxX, maxY)) continue;
      const ring1 = b.ringStart[i + 1] ?? 0;
      for (let ring = b.ringStart[i] ?? 0; ring < ring1; ring++) {
        const v0 = b.ringOffset[ring] ?? 0;
        const v1 = b.ringOffset[ring + 1] ?? 0;
        for (let v = v0; v < v1; v++) {
          if (v === skipWall) continue;
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
          this.cut.pushWall(offset + t * len, i);
          this.hitCount++;
        }
      }
    }
  }
}
