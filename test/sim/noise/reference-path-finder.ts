/**
 * A straightforward path finder kept for tests: the paths of `PathFinder` (direct cut and first-order
 * facade reflections, CNOSSOS-EU Annex II §2.5.5-2.5.8) found by brute force, with no spatial index,
 * no per-receiver facade list and no early rejection: every wall of every building is tested for
 * every crossing and every reflection. It states the rules once, plainly:
 * - the walls are the edges of every ring of a footprint, courtyards (inner rings) included;
 * - a leg crosses a wall where the two segments cross (wall ends included, leg ends excluded);
 * - a wall reflects when it lies within the search radius of R, S and R lie strictly on its outer
 *   side (away from the building's material: outside an outer ring, inside an inner ring), R does
 *   not stand within `ownFacadeM` in front of it, the image ray meets the wall inside it, the
 *   straight ray S-R at P runs below the wall top, and the point `COVER_PROBE_M` in front of P
 *   lies in no other footprint (even-odd over its rings: a courtyard is open air);
 * - the legs of a reflected path cross every wall but the reflecting one.
 * The optimised finder must give the same gains (to rounding).
 */
import { CutBuilder } from '../../../src/sim/noise/cut-builder';
import { GroundModel } from '../../../src/sim/noise/ground-model';
import type { NoiseBuildings } from '../../../src/sim/noise/noise-scene';
import { computePathAttenuation, createPathAttenuation } from '../../../src/sim/noise/path-attenuation';
import { COVER_PROBE_M, OWN_FACADE_M, type PathFinderOptions } from '../../../src/sim/noise/path-finder';
import { pointInRings } from '../../../src/sim/core/point-in-rings';

export class ReferencePathFinder {
  private readonly ground: GroundModel;
  private readonly cut: CutBuilder;
  private readonly result = createPathAttenuation();
  private readonly zero = new Float64Array(8);
  /** Paths of the last `gains` call: 1 direct + reflections. */
  paths = 0;

  constructor(
    private readonly b: NoiseBuildings,
    private readonly o: PathFinderOptions,
  ) {
    this.ground = new GroundModel(o.groundG, o.terrain, o.groundPolygons);
    this.cut = new CutBuilder(this.ground, (i) => b.heightM[i] ?? 0);
  }

  /** Linear gains Σ_paths 10^(L_path/10) with Lw = 0, per band, H into outH and F into outF. */
  gains(sx: number, sy: number, sz: number, rx: number, ry: number, rz: number, outH: Float64Array, outF: Float64Array): void {
    outH.fill(0);
    outF.fill(0);
    this.paths = 0;
    const c = this.cut;
    c.polyX.set([sx, rx]);
    c.polyY.set([sy, ry]);
    c.polyCount = 2;
    const total = c.begin();
    if (total >= 1e-3) {
      this.crossings(sx, sy, rx, ry, 0, total, -1);
      c.addGroundBreaks(total);
      c.build(sz, rz, total);
      this.add(outH, outF);
    }
    if (this.o.reflectionRadiusM > 0) {
      for (let i = 0; i < this.b.count; i++) this.reflectOn(i, sx, sy, sz, rx, ry, rz, outH, outF);
    }
  }

  /**
   * Walls of every ring of building i: calls fn(ax, ay, ex, ey, outer, wall) for each, with the
   * sign `outer` of e × (p − a) on the wall's outer side (0 for a ring of zero area) and the
   * wall's identity (its first vertex).
   */
  private walls(i: number, fn: (ax: number, ay: number, ex: number, ey: number, outer: number, wall: number) => void): void {
    const b = this.b;
    for (let ring = b.ringStart[i] ?? 0; ring < (b.ringStart[i + 1] ?? 0); ring++) {
      const v0 = b.ringOffset[ring] ?? 0;
      const v1 = b.ringOffset[ring + 1] ?? 0;
      // A counter-clockwise outer ring has the building on the left of its walls, a
      // counter-clockwise inner ring the courtyard.
      let area2 = 0;
      for (let v = v0; v < v1; v++) {
        const w = v + 1 < v1 ? v + 1 : v0;
        area2 += (b.xy[2 * v] ?? 0) * (b.xy[2 * w + 1] ?? 0) - (b.xy[2 * w] ?? 0) * (b.xy[2 * v + 1] ?? 0);
      }
      const left = Math.sign(area2);
      const outer = ring === (b.ringStart[i] ?? 0) ? -left : left;
      for (let v = v0; v < v1; v++) {
        const w = v + 1 < v1 ? v + 1 : v0;
        const ax = b.xy[2 * v] ?? 0;
        const ay = b.xy[2 * v + 1] ?? 0;
        fn(ax, ay, (b.xy[2 * w] ?? 0) - ax, (b.xy[2 * w + 1] ?? 0) - ay, outer, v);
      }
    }
  }

  private crossings(x0: number, y0: number, x1: number, y1: number, offset: number, len: number, skipWall: number): void {
    const dx = x1 - x0;
    const dy = y1 - y0;
    for (let i = 0; i < this.b.count; i++) {
      this.walls(i, (ax, ay, ex, ey, _outer, wall) => {
        if (wall === skipWall) return;
        const den = dx * ey - dy * ex;
        if (Math.abs(den) < 1e-12) return;
        const t = ((ax - x0) * ey - (ay - y0) * ex) / den;
        const s = ((ax - x0) * dy - (ay - y0) * dx) / den;
        if (t <= 1e-9 || t >= 1 - 1e-9 || s < 0 || s > 1) return;
        this.cut.pushWall(offset + t * len, i);
      });
    }
  }

  private reflectOn(i: number, sx: number, sy: number, sz: number, rx: number, ry: number, rz: number, outH: Float64Array, outF: Float64Array): void {
    const radius = this.o.reflectionRadiusM;
    const own = this.o.ownFacadeM ?? OWN_FACADE_M;
    this.walls(i, (ax, ay, ex, ey, outer, wall) => {
      const len2 = ex * ex + ey * ey;
      if (len2 === 0) return;
      const foot = ((rx - ax) * ex + (ry - ay) * ey) / len2;
      const t = Math.min(1, Math.max(0, foot));
      if (Math.hypot(ax + t * ex - rx, ay + t * ey - ry) > radius) return;
      const cs = ex * (sy - ay) - ey * (sx - ax);
      const cr = ex * (ry - ay) - ey * (rx - ax);
      if (outer === 0 ? cs * cr <= 0 : !(cs * outer > 0 && cr * outer > 0)) return;
      if (outer !== 0 && foot >= 0 && foot <= 1 && cr * outer <= own * Math.sqrt(len2)) return;
      const t0 = ((sx - ax) * ex + (sy - ay) * ey) / len2;
      const ix = 2 * (ax + t0 * ex) - sx;
      const iy = 2 * (ay + t0 * ey) - sy;
      const dx = rx - ix;
      const dy = ry - iy;
      const den = dx * ey - dy * ex;
      if (Math.abs(den) < 1e-12) return;
      const u = ((ax - ix) * ey - (ay - iy) * ex) / den;
      const s = ((ax - ix) * dy - (ay - iy) * dx) / den;
      if (u <= 0 || u >= 1 || s <= 0 || s >= 1) return;
      if (sz + (rz - sz) * u >= (this.b.heightM[i] ?? 0)) return;
      const px = ix + u * dx;
      const py = iy + u * dy;
      // Open facade: COVER_PROBE_M in front of P (towards S), outside every other footprint.
      const nx = (-ey / Math.sqrt(len2)) * Math.sign(cs) * COVER_PROBE_M;
      const ny = (ex / Math.sqrt(len2)) * Math.sign(cs) * COVER_PROBE_M;
      for (let j = 0; j < this.b.count; j++) {
        if (j !== i && pointInRings(this.b.ringOffset, this.b.xy, this.b.ringStart[j] ?? 0, this.b.ringStart[j + 1] ?? 0, px + nx, py + ny)) return;
      }
      const c = this.cut;
      c.polyX.set([sx, px, rx]);
      c.polyY.set([sy, py, ry]);
      c.polyCount = 3;
      const total = c.begin();
      if (total < 1e-3) return;
      const l1 = c.distanceOf(1);
      this.crossings(sx, sy, px, py, 0, l1, wall);
      this.crossings(px, py, rx, ry, l1, total - l1, wall);
      c.addGroundBreaks(total);
      const p = c.build(sz, rz, total);
      p.kind = 'reflection';
      const alphaAll = this.o.facadeAlphaByBuilding;
      p.reflectionAlpha.push(Float64Array.from({ length: 8 }, (_, k) => (alphaAll === undefined ? (this.o.facadeAlpha[k] ?? 0) : (alphaAll[8 * i + k] ?? 0))));
      p.reflectionX?.push(l1);
      p.reflectionTopZ?.push(c.terrainAt(1) + (this.b.heightM[i] ?? 0));
      this.add(outH, outF);
    });
  }

  private add(outH: Float64Array, outF: Float64Array): void {
    const r = computePathAttenuation(this.cut.profile, this.zero, this.o.atmosphere, 0.5, this.result, false);
    for (let k = 0; k < 8; k++) {
      outH[k] = (outH[k] ?? 0) + 10 ** ((r.LH[k] ?? 0) / 10);
      outF[k] = (outF[k] ?? 0) + 10 ** ((r.LF[k] ?? 0) / 10);
    }
    this.paths++;
  }
}
