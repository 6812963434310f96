/**
 * Builds the vertical cut (`CutProfile`, CNOSSOS-EU Annex II §2.5.5-2.5.7) of one propagation path
 * given as a polyline in plan view — S → R (direct), S → P → R (facade reflection at P) or
 * S → E1 … Ek → R (lateral path around vertical edges) — unfolded along its length: terrain
 * heights and the G profile (ground polygons, G = 0 under buildings), building walls crossed
 * (wall tops as diffraction edges, roofs as G = 0 side ground), and the path's own points.
 * Reusable scratch buffers; no allocation per path once grown.
 */
import type { CutProfile } from './cut-profile';
import type { GroundModel } from './ground-model';

/** Kinds of breakpoints along the unfolded path. */
const BUILDING = 0;
const SAMPLE = 1;

export function createProfile(capacity: number): CutProfile {
  return {
    kind: 'direct',
    curved: false,
    sourceZ: 0,
    receiverX: 0,
    receiverZ: 0,
    sourceG: 0,
    groundX: new Float64Array(capacity),
    groundZ: new Float64Array(capacity),
    groundG: new Float64Array(capacity),
    groundCount: 0,
    sideGroundX: new Float64Array(capacity),
    sideGroundZ: new Float64Array(capacity),
    sideGroundG: new Float64Array(capacity),
    sideGroundCount: 0,
    edgeX: new Float64Array(capacity),
    edgeZ: new Float64Array(capacity),
    edgeCount: 0,
    reflectionAlpha: [],
    reflectionX: [],
    reflectionTopZ: [],
    directDistance: 0,
  };
}

export class CutBuilder {
  /** The profile of the last `build`. */
  profile = createProfile(64);
  /** Polyline of the path in plan view: vertex k = (polyX[k], polyY[k]); set by the caller. */
  polyX = new Float64Array(16);
  polyY = new Float64Array(16);
  polyCount = 0;
  /** Unfolded distance of each polyline vertex from S, m (filled by `begin`). */
  private polyDist = new Float64Array(16);
  private breakDist = new Float64Array(64);
  private breakKind = new Uint8Array(64);
  private breakBuilding = new Int32Array(64);
  private breakCount = 0;
  /** Footprints the cut being built is inside, and their roof heights, m. */
  private insideBuilding = new Int32Array(8);
  private insideRoof = new Float64Array(8);
  /** Bound once so ground-polygon crossings add breakpoints without a closure per path. */
  readonly pushSample = (dist: number): void => this.push(dist, SAMPLE, -1);

  constructor(
    private readonly ground: GroundModel,
    private readonly heightOf: (building: number) => number,
  ) {}

  /** Makes room for `n` polyline vertices. */
  reservePolyline(n: number): void {
    if (this.polyX.length < n) {
      this.polyX = new Float64Array(n * 2);
      this.polyY = new Float64Array(n * 2);
      this.polyDist = new Float64Array(n * 2);
    }
  }

  /** Starts a path on the polyline: leg lengths; returns the unfolded length, m. */
  begin(): number {
    this.breakCount = 0;
    let d = 0;
    this.polyDist[0] = 0;
    for (let k = 1; k < this.polyCount; k++) {
      const dx = (this.polyX[k] ?? 0) - (this.polyX[k - 1] ?? 0);
      const dy = (this.polyY[k] ?? 0) - (this.polyY[k - 1] ?? 0);
      d += Math.sqrt(dx * dx + dy * dy);
      this.polyDist[k] = d;
    }
    return d;
  }

  /** Adds a building wall crossing at unfolded distance `dist`. */
  pushWall(dist: number, building: number): void {
    this.push(dist, BUILDING, building);
  }

  private push(dist: number, kind: number, building: number): void {
    if (this.breakCount >= this.breakDist.length) {
      const n = this.breakDist.length * 2;
      const d = new Float64Array(n);
      d.set(this.breakDist);
      this.breakDist = d;
      const k = new Uint8Array(n);
      k.set(this.breakKind);
      this.breakKind = k;
      const b = new Int32Array(n);
      b.set(this.breakBuilding);
      this.breakBuilding = b;
    }
    this.breakDist[this.breakCount] = dist;
    this.breakKind[this.breakCount] = kind;
    this.breakBuilding[this.breakCount] = building;
    this.breakCount++;
  }

  /** Terrain samples every `cellM` along the path and ground-polygon crossings, as breakpoints. */
  addGroundBreaks(total: number): void {
    const t = this.ground.terrain;
    if (t !== undefined) {
      const step = t.cellM;
      for (let d = step; d < total; d += step) this.push(d, SAMPLE, -1);
    }
    if (this.ground.variableG) {
      for (let k = 1; k < this.polyCount; k++) {
        const a = this.polyDist[k - 1] ?? 0;
        this.ground.polygonCrossings(this.polyX[k - 1] ?? 0, this.polyY[k - 1] ?? 0, this.polyX[k] ?? 0, this.polyY[k] ?? 0, a, (this.polyDist[k] ?? 0) - a, this.pushSample);
      }
    }
  }

  /** Plan position at unfolded distance `dist`, into `scratch`. */
  private at(dist: number): void {
    let k = 1;
    while (k < this.polyCount - 1 && (this.polyDist[k] ?? 0) < dist) k++;
    const a = this.polyDist[k - 1] ?? 0;
    const len = (this.polyDist[k] ?? 0) - a;
    const f = len > 0 ? Math.min(1, Math.max(0, (dist - a) / len)) : 0;
    scratch[0] = (this.polyX[k - 1] ?? 0) + f * ((this.polyX[k] ?? 0) - (this.polyX[k - 1] ?? 0));
    scratch[1] = (this.polyY[k - 1] ?? 0) + f * ((this.polyY[k] ?? 0) - (this.polyY[k - 1] ?? 0));
  }

  private sortBreaks(): void {
    const d = this.breakDist;
    const kd = this.breakKind;
    const bd = this.breakBuilding;
    for (let i = 1; i < this.breakCount; i++) {
      const x = d[i] ?? 0;
      const k = kd[i] ?? 0;
      const b = bd[i] ?? 0;
      let j = i - 1;
      while (j >= 0 && (d[j] ?? 0) > x) {
        d[j + 1] = d[j] ?? 0;
        kd[j + 1] = kd[j] ?? 0;
        bd[j + 1] = bd[j] ?? 0;
        j--;
      }
      d[j + 1] = x;
      kd[j + 1] = k;
      bd[j + 1] = b;
    }
  }

  /** G of the ground between unfolded distances a and b (outside buildings), at their middle. */
  private gBetween(a: number, b: number): number {
    if (!this.ground.variableG) return this.ground.defaultG;
    this.at((a + b) / 2);
    return this.ground.gAt(scratch[0] ?? 0, scratch[1] ?? 0);
  }

  /**
   * Fills `profile` from the breakpoints: ground vertices with terrain height and the G of the
   * stretch that follows, side ground with roofs (G = 0), wall tops as edges. Source and receiver
   * heights `sz`, `rz` are above the local terrain, m. Returns the profile (kind 'direct').
   */
  build(sz: number, rz: number, total: number): CutProfile {
    this.sortBreaks();
    // Ground and side-ground vertices per breakpoint; edges also per polyline vertex (lateral paths).
    const need = 2 * this.breakCount + 4 + this.polyCount;
    if (this.profile.groundX.length < need) this.profile = createProfile(need * 2);
    const p = this.profile;
    p.kind = 'direct';
    p.curved = false;
    // Emptied by pop: `length = 0` drops the backing store, so the next push would allocate one.
    while (p.reflectionAlpha.length > 0) p.reflectionAlpha.pop();
    while ((p.reflectionX?.length ?? 0) > 0) p.reflectionX?.pop();
    while ((p.reflectionTopZ?.length ?? 0) > 0) p.reflectionTopZ?.pop();
    const gx = p.groundX;
    const gz = p.groundZ;
    const gg = p.groundG;
    const sxs = p.sideGroundX;
    const szs = p.sideGroundZ;
    const sgs = p.sideGroundG;
    const hasTerrain = this.ground.terrain !== undefined;
    const z0 = this.ground.heightAt(this.polyX[0] ?? 0, this.polyY[0] ?? 0);
    const last = this.polyCount - 1;
    const z1 = this.ground.heightAt(this.polyX[last] ?? 0, this.polyY[last] ?? 0);
    p.sourceZ = z0 + sz;
    p.receiverZ = z1 + rz;
    p.receiverX = total;
    let g = this.gBetween(0, this.breakCount > 0 ? (this.breakDist[0] ?? total) : total);
    p.sourceG = g;
    gx[0] = 0;
    gz[0] = z0;
    gg[0] = g;
    sxs[0] = 0;
    szs[0] = z0;
    sgs[0] = g;
    let n = 1;
    let m = 1;
    let e = 0;
    // Footprints the cut is inside (entered, not yet left) and their roofs: a set, so that the walls
    // of touching footprints (a shared wall, crossed in either order) or overlapping ones keep count.
    let inside = 0;
    for (let k = 0; k < this.breakCount; k++) {
      const x = this.breakDist[k] ?? 0;
      const next = k + 1 < this.breakCount ? (this.breakDist[k + 1] ?? total) : total;
      let zg = 0;
      if (hasTerrain) {
        this.at(x);
        zg = this.ground.heightAt(scratch[0] ?? 0, scratch[1] ?? 0);
      }
      if (this.breakKind[k] === BUILDING) {
        const bld = this.breakBuilding[k] ?? 0;
        const before = inside > 0 ? this.topRoof(inside) : zg;
        let at = 0;
        while (at < inside && this.insideBuilding[at] !== bld) at++;
        // The wall top is the roof of the footprint the wall belongs to (set when it is entered).
        let wallTop: number;
        if (at === inside) {
          wallTop = zg + this.heightOf(bld);
          this.enter(bld, wallTop, inside++);
        } else {
          wallTop = this.insideRoof[at] ?? 0;
          inside--;
          this.insideBuilding[at] = this.insideBuilding[inside] ?? 0;
          this.insideRoof[at] = this.insideRoof[inside] ?? 0;
        }
        const after = inside > 0 ? this.topRoof(inside) : zg;
        p.edgeX[e] = x;
        p.edgeZ[e] = wallTop;
        e++;
        g = inside > 0 ? 0 : this.gBetween(x, next);
        gx[n] = x;
        gz[n] = zg;
        gg[n] = g;
        n++;
        // Side ground: up or down the wall from the top before to the top after (roofs G = 0).
        sxs[m] = x;
        szs[m] = before;
        sgs[m] = 0;
        sxs[m + 1] = x;
        szs[m + 1] = after;
        sgs[m + 1] = inside > 0 ? 0 : g;
        m += 2;
      } else {
        g = inside > 0 ? 0 : this.gBetween(x, next);
        gx[n] = x;
        gz[n] = zg;
        gg[n] = g;
        n++;
        if (inside === 0) {
          sxs[m] = x;
          szs[m] = zg;
          sgs[m] = g;
          m++;
        }
      }
    }
    gx[n] = total;
    gz[n] = z1;
    gg[n] = g;
    n++;
    sxs[m] = total;
    szs[m] = z1;
    sgs[m] = g;
    m++;
    p.groundCount = n;
    p.sideGroundCount = m;
    p.edgeCount = e;
    return p;
  }

  /** Highest roof of the first `count` footprints the cut is inside, m. */
  private topRoof(count: number): number {
    let top = this.insideRoof[0] ?? 0;
    for (let q = 1; q < count; q++) top = Math.max(top, this.insideRoof[q] ?? 0);
    return top;
  }

  /** Records footprint `building` with its roof height at slot `slot` of the inside set. */
  private enter(building: number, roof: number, slot: number): void {
    if (slot >= this.insideBuilding.length) {
      const b = new Int32Array(slot * 2);
      b.set(this.insideBuilding);
      this.insideBuilding = b;
      const r = new Float64Array(slot * 2);
      r.set(this.insideRoof);
      this.insideRoof = r;
    }
    this.insideBuilding[slot] = building;
    this.insideRoof[slot] = roof;
  }

  /** Unfolded distance of polyline vertex k from S, m. */
  distanceOf(k: number): number {
    return this.polyDist[k] ?? 0;
  }

  /** Terrain height under polyline vertex k, m. */
  terrainAt(k: number): number {
    return this.ground.heightAt(this.polyX[k] ?? 0, this.polyY[k] ?? 0);
  }
}

/** Plan position of the last `at` (typed array: no boxed doubles in module variables). */
const scratch = new Float64Array(2);
