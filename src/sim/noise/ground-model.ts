/**
 * The ground under the propagation paths (CNOSSOS-EU Annex II §2.5.6): terrain heights and the
 * ground factor G from ground polygons, so a vertical cut gets its terrain profile and its
 * G profile (G_path of eq. 2.5.13 weighs each stretch of the cut by its own G). Planar
 * coordinates in m, heights in m.
 */
import { BuildingGrid } from './building-grid';
import { legWallCrossing } from './footprint-walls';
import { pointInRings } from '../core/point-in-rings';

/** Terrain heights on a regular grid: z[j · nx + i] at (x0 + i · cellM, y0 + j · cellM), m. */
export interface NoiseTerrain {
  x0: number;
  y0: number;
  cellM: number;
  nx: number;
  ny: number;
  z: Float32Array | Float64Array;
}

/** Ground polygons (one ring each) with their G (0 reflective … 1 porous); elsewhere the default G. */
export interface NoiseGroundPolygons {
  count: number;
  /** Length count + 1: first vertex of each ring. */
  ringOffset: Uint32Array;
  /** Interleaved x, y of every vertex, m. */
  xy: Float64Array;
  g: Float32Array | Float64Array;
}

/** Checks the shapes of terrain and polygons; throws naming the field and the reason. */
export function validateGround(terrain: NoiseTerrain | undefined, polygons: NoiseGroundPolygons | undefined): void {
  if (terrain) {
    if (!(terrain.cellM > 0)) throw new Error(`terrain.cellM must be > 0 m, got ${terrain.cellM}`);
    if (!(terrain.nx >= 1 && terrain.ny >= 1)) throw new Error(`terrain.nx and terrain.ny must be ≥ 1, got ${terrain.nx} × ${terrain.ny}`);
    if (terrain.z.length < terrain.nx * terrain.ny) throw new Error(`terrain.z needs nx · ny = ${terrain.nx * terrain.ny} heights, got ${terrain.z.length}`);
  }
  if (polygons) {
    if (polygons.ringOffset.length !== polygons.count + 1) throw new Error(`groundPolygons.ringOffset needs count + 1 = ${polygons.count + 1} entries, got ${polygons.ringOffset.length}`);
    if (polygons.g.length < polygons.count) throw new Error(`groundPolygons.g needs ${polygons.count} values, got ${polygons.g.length}`);
    for (let i = 0; i < polygons.count; i++) {
      const g = polygons.g[i] ?? Number.NaN;
      if (!(g >= 0 && g <= 1)) throw new Error(`groundPolygons.g[${i}] must lie in [0, 1], got ${g}`);
    }
  }
}

/** Terrain and G lookups along cuts; one per path finder (scratch state, not shared). */
export class GroundModel {
  private readonly grid: BuildingGrid | undefined;
  private readonly boxes: Float64Array;
  /** Scratch: t, s of `legWallCrossing`. */
  private readonly crossing = new Float64Array(2);

  constructor(
    readonly defaultG: number,
    readonly terrain: NoiseTerrain | undefined,
    readonly polygons: NoiseGroundPolygons | undefined,
  ) {
    validateGround(terrain, polygons);
    const n = polygons?.count ?? 0;
    this.boxes = new Float64Array(4 * n);
    for (let i = 0; i < n && polygons; i++) {
      let x0 = Infinity;
      let y0 = Infinity;
      let x1 = -Infinity;
      let y1 = -Infinity;
      for (let v = polygons.ringOffset[i] ?? 0; v < (polygons.ringOffset[i + 1] ?? 0); v++) {
        const x = polygons.xy[2 * v] ?? 0;
        const y = polygons.xy[2 * v + 1] ?? 0;
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
      this.boxes[4 * i] = x0;
      this.boxes[4 * i + 1] = y0;
      this.boxes[4 * i + 2] = x1;
      this.boxes[4 * i + 3] = y1;
    }
    this.grid = n > 0 ? new BuildingGrid(this.boxes, n, 50) : undefined;
  }

  /** Whether the G profile can vary along a cut (ground polygons given). */
  get variableG(): boolean {
    return this.grid !== undefined;
  }

  /** Terrain height at (x, y), m: bilinear in the grid cell, clamped at the border; 0 without terrain. */
  heightAt(x: number, y: number): number {
    const t = this.terrain;
    if (t === undefined) return 0;
    const fx = Math.min(Math.max((x - t.x0) / t.cellM, 0), t.nx - 1);
    const fy = Math.min(Math.max((y - t.y0) / t.cellM, 0), t.ny - 1);
    const i = Math.min(Math.floor(fx), Math.max(t.nx - 2, 0));
    const j = Math.min(Math.floor(fy), Math.max(t.ny - 2, 0));
    const u = fx - i;
    const v = fy - j;
    const i1 = Math.min(i + 1, t.nx - 1);
    const j1 = Math.min(j + 1, t.ny - 1);
    const z00 = t.z[j * t.nx + i] ?? 0;
    const z10 = t.z[j * t.nx + i1] ?? 0;
    const z01 = t.z[j1 * t.nx + i] ?? 0;
    const z11 = t.z[j1 * t.nx + i1] ?? 0;
    return (1 - v) * ((1 - u) * z00 + u * z10) + v * ((1 - u) * z01 + u * z11);
  }

  /** G at (x, y): of the last polygon containing the point (even-odd rule), else the default G. */
  gAt(x: number, y: number): number {
    const p = this.polygons;
    if (p === undefined || this.grid === undefined) return this.defaultG;
    this.grid.nearPoint(x, y, 0);
    let g = this.defaultG;
    let best = -1;
    for (let n = 0; n < this.grid.foundCount; n++) {
      const i = this.grid.found[n] ?? 0;
      if (i < best) continue;
      const k = 4 * i;
      if (x < (this.boxes[k] ?? 0) || x > (this.boxes[k + 2] ?? 0) || y < (this.boxes[k + 1] ?? 0) || y > (this.boxes[k + 3] ?? 0)) continue;
      const inside = pointInRings(p.ringOffset, p.xy, i, i + 1, x, y);
      if (inside) {
        best = i;
        g = p.g[i] ?? this.defaultG;
      }
    }
    return g;
  }

  /**
   * Distances offset + t · len where the leg (xa, ya) → (xb, yb) crosses a ground polygon edge
   * (G may change there), passed to `push`.
   */
  polygonCrossings(xa: number, ya: number, xb: number, yb: number, offset: number, len: number, push: (dist: number) => void): void {
    const p = this.polygons;
    if (p === undefined || this.grid === undefined) return;
    const dx = xb - xa;
    const dy = yb - ya;
    this.grid.alongSegment(xa, ya, xb, yb);
    for (let n = 0; n < this.grid.foundCount; n++) {
      const i = this.grid.found[n] ?? 0;
      const v0 = p.ringOffset[i] ?? 0;
      const v1 = p.ringOffset[i + 1] ?? 0;
      for (let v = v0; v < v1; v++) {
        const w = v + 1 < v1 ? v + 1 : v0;
        const ax = p.xy[2 * v] ?? 0;
        const ay = p.xy[2 * v + 1] ?? 0;
        const ex = (p.xy[2 * w] ?? 0) - ax;
        const ey = (p.xy[2 * w + 1] ?? 0) - ay;
        if (!legWallCrossing(xa, ya, dx, dy, ax, ay, ex, ey, this.crossing)) continue;
        const t = this.crossing[0] ?? 0;
        const s = this.crossing[1] ?? 0;
        if (t <= 1e-9 || t >= 1 - 1e-9 || s < 0 || s > 1) continue;
        push(offset + t * len);
      }
    }
  }
}
