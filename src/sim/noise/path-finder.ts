/**
 * Propagation paths between a point source and a receiver among building prisms (CNOSSOS-EU,
 * Directive (EU) 2015/996 Annex II §2.5.5): the direct vertical cut, diffracting over the buildings
 * it crosses (roofs as G = 0, §2.5.7; courtyards as open ground between two wall tops); optionally
 * the lateral paths around the vertical edges of the buildings that block it (§2.5.7 lateral
 * diffraction, `lateral-search.ts`, `lateral-paths.ts`); and first-order facade reflections found
 * by the image-source method on the facades within a search radius of the receiver (§2.5.8,
 * absorption α per band and building, retro-diffraction on the wall top; `facade-candidates.ts`):
 * on a wall's outer face (courtyard walls on the courtyard side), where it is open (not shared
 * with or covered by another footprint), and not on the facade a receiver stands in front of
 * (`ownFacadeM`). The walls a leg crosses come from the grid walk (`wall-crossings.ts`); a source
 * or receiver under a building has no path (`footprint-locator.ts`). Every cut follows the terrain
 * and the G of the ground polygons it crosses (`ground-model.ts`, `cut-builder.ts`). Each path
 * becomes a `CutProfile` whose attenuation `computePathAttenuation` gives; the paths of a pair are
 * summed energetically (H and F separately).
 */
import { BuildingGrid } from './building-grid';
import { CutBuilder } from './cut-builder';
import { COVER_PROBE_M, FacadeCandidates, imageReflection, OWN_FACADE_M } from './facade-candidates';
import { FootprintLocator } from './footprint-locator';
import { buildingBoxes } from './footprint-walls';
import { GroundModel, type NoiseGroundPolygons, type NoiseTerrain } from './ground-model';
import { LateralSearch } from './lateral-search';
import type { NoiseBuildings } from './noise-scene';
import { computePathAttenuation, createPathAttenuation, type Atmosphere } from './path-attenuation';
import { BAND_COUNT } from './road-coefficient-types';
import { WallCrossings } from './wall-crossings';

export { COVER_PROBE_M, OWN_FACADE_M } from './facade-candidates';

const BANDS = BAND_COUNT;
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

/** Reusable scratch state of a path finder (one per worker). */
export class PathFinder {
  private readonly result = createPathAttenuation();
  private readonly zeroPower = new Float64Array(BAND_COUNT);
  private readonly alpha: Float64Array;
  private readonly alphaByBuilding: Float64Array | undefined;
  private readonly reflectionAlpha = new Float64Array(BAND_COUNT);
  /** Reflection point of the last `imageReflection`: px, py, side of S and R. */
  private readonly reflectionPoint = new Float64Array(3);
  private readonly ground: GroundModel;
  private readonly cut: CutBuilder;
  /** Walls crossed by the legs of the path being built. */
  private readonly crossings: WallCrossings;
  /** Facades that may reflect to the last receiver. */
  private readonly facades: FacadeCandidates;
  private readonly locator: FootprintLocator;
  private readonly lateral: LateralSearch;

  constructor(
    private readonly buildings: NoiseBuildings,
    private readonly options: PathFinderOptions,
  ) {
    const boxes = buildingBoxes(buildings);
    const grid = new BuildingGrid(boxes, buildings.count, options.gridCellM ?? 25);
    const ownFacadeM = options.ownFacadeM ?? OWN_FACADE_M;
    if (!(ownFacadeM >= 0)) throw new Error(`ownFacadeM must be ≥ 0 m, got ${ownFacadeM}`);
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
    this.crossings = new WallCrossings(buildings, boxes, grid, this.cut);
    this.facades = new FacadeCandidates(buildings, boxes, grid, options.reflectionRadiusM, ownFacadeM);
    this.locator = new FootprintLocator(buildings, boxes, grid);
    const ground = this.ground;
    this.lateral = new LateralSearch(buildings, boxes, grid, (i) => {
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
    if (this.locator.receiverEnclosed(rx, ry) || this.locator.enclosed(sx, sy)) return;
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
    this.crossings.reset();
    this.crossings.collect(sx, sy, rx, ry, 0, total, -1);
    const blocked = this.crossings.count > 0;
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
    this.crossings.reset();
    this.crossings.collect(sx, sy, px, py, 0, l1, wall);
    this.crossings.collect(px, py, rx, ry, l1, total - l1, wall);
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
    this.crossings.reset();
    for (let k = 1; k < c.polyCount; k++) {
      const a = c.distanceOf(k - 1);
      this.crossings.collect(c.polyX[k - 1] ?? 0, c.polyY[k - 1] ?? 0, c.polyX[k] ?? 0, c.polyY[k] ?? 0, a, c.distanceOf(k) - a, -1);
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

  /**
   * The facades that may reflect to a receiver at (rx, ry) (`FacadeCandidates`): their count, and per
   * wall k its start (ax, ay) = geom[4k], geom[4k + 1], its vector geom[4k + 2], geom[4k + 3], m, and
   * its building. Views of scratch arrays, valid until the next call with another receiver.
   */
  reflectors(rx: number, ry: number): { count: number; geom: Float64Array; building: Int32Array } {
    const f = this.facades;
    f.near(rx, ry);
    return { count: f.count, geom: f.geom, building: f.building };
  }

  /** Image-source search over the facades near the receiver (first order, §2.5.8). */
  private addReflections(sx: number, sy: number, sz: number, rx: number, ry: number, rz: number, eH: Float64Array, eF: Float64Array): void {
    const f = this.facades;
    const reflectionPoint = this.reflectionPoint;
    f.near(rx, ry);
    for (let k = 0; k < f.count; k++) {
      const u = imageReflection(f, k, sx, sy, rx, ry, reflectionPoint);
      if (!(u > 0)) continue;
      const i = f.building[k] ?? 0;
      // The wall must reach above the ray at P.
      const zAtP = sz + (rz - sz) * u;
      if (zAtP >= (this.buildings.heightM[i] ?? 0)) continue;
      // The facade must be open at P: just in front of it, outside every other footprint.
      const px = reflectionPoint[0] ?? 0;
      const py = reflectionPoint[1] ?? 0;
      const ex = f.geom[4 * k + 2] ?? 0;
      const ey = f.geom[4 * k + 3] ?? 0;
      const toward = ((reflectionPoint[2] ?? 0) > 0 ? COVER_PROBE_M : -COVER_PROBE_M) / Math.sqrt(ex * ex + ey * ey);
      if (this.locator.insideOther(px - ey * toward, py + ex * toward, i)) continue;
      this.addReflectedPath(sx, sy, sz, px, py, i, f.wall[k] ?? -1, rx, ry, rz, eH, eF);
    }
  }
}
