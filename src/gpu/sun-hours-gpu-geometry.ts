/**
 * Shadow casters of the GPU sun-hours path (sun-hours-gpu.ts) as vertex data, built once per run:
 * - buildings: every prism as its footprint triangles at the bottom and at the top of its shadowing
 *   height range plus one parallelogram per footprint edge between the two, each corner carrying its
 *   height above the prism's ground plane. The shaders shift a corner by that height times the
 *   horizontal shadow displacement −(s_e, s_n)/s_u, so the pieces cover exactly the Minkowski sum of
 *   footprint and height segment that src/sim/shading/shadow-raster.ts fills on the CPU (the union
 *   of both footprints and all edge sweeps: sweeps of edges facing away lie inside it);
 * - tree crowns: one instance per crown with its centre, radius, vertical scale, the shadowing
 *   height range above its ground plane and its transmissivity (ray–ellipsoid test per cell in the
 *   fragment shader, as rasteriseCrownShadows).
 * Coordinates are relative to the grid origin (float32 keeps millimetres over kilometres).
 */
import earcut from 'earcut';
import type { CrownObstacles, PrismObstacles } from '../sim/shading/shadow-raster';

/**
 * Convex pieces of the prisms' shadows, one instance each: 4 corners × (x, y relative to the grid
 * origin, m; height above the prism's ground plane, m) = 12 floats. Footprint triangles (at the
 * bottom and top heights) repeat their last corner; wall sweeps are parallelograms. The GPU tests
 * each cell centre against the shifted piece exactly (edge functions), so the answer does not depend
 * on the rasteriser's sub-pixel precision.
 */
export function prismShadowPieces(prisms: PrismObstacles, originX: number, originY: number, gridGroundZ: number, groundByPrism?: Float64Array): Float32Array {
  const out: number[] = [];
  const { ringStart, ringOffset, xy } = prisms;
  for (let b = 0; b < prisms.count; b++) {
    const g = groundByPrism?.[b] ?? gridGroundZ;
    const baseM = prisms.baseHeightM[b] as number;
    const base = Number.isFinite(baseM) ? baseM : g;
    const zb = Math.max(base, g);
    const zt = base + (prisms.heightM[b] as number);
    // Same skip rule as rasterisePrismShadows.
    if (!(zt > g) || !(zt > zb - 1e-12)) continue;
    const hb = zb - g;
    const ht = zt - g;
    const r0 = ringStart[b] as number;
    const r1 = ringStart[b + 1] as number;
    const v0 = ringOffset[r0] as number;
    const flat: number[] = [];
    const holes: number[] = [];
    for (let r = r0; r < r1; r++) {
      if (r > r0) holes.push((ringOffset[r] as number) - v0);
      for (let v = ringOffset[r] as number; v < (ringOffset[r + 1] as number); v++) flat.push((xy[2 * v] as number) - originX, (xy[2 * v + 1] as number) - originY);
    }
    const tris = earcut(flat, holes.length > 0 ? holes : undefined, 2);
    for (const h of ht > hb ? [hb, ht] : [hb]) {
      for (let t = 0; t + 2 < tris.length; t += 3) {
        const a = tris[t] as number;
        const c = tris[t + 2] as number;
        for (const k of [a, tris[t + 1] as number, c, c]) out.push(flat[2 * k] as number, flat[2 * k + 1] as number, h);
      }
    }
    if (!(ht > hb)) continue;
    for (let r = r0; r < r1; r++) {
      const s = (ringOffset[r] as number) - v0;
      const e = (ringOffset[r + 1] as number) - v0;
      for (let v = s; v < e; v++) {
        const w = v + 1 < e ? v + 1 : s;
        const ax = flat[2 * v] as number;
        const ay = flat[2 * v + 1] as number;
        const bx = flat[2 * w] as number;
        const by = flat[2 * w + 1] as number;
        out.push(ax, ay, hb, bx, by, hb, bx, by, ht, ax, ay, ht);
      }
    }
  }
  return Float32Array.from(out);
}

/** Per-crown instance data: `crown` = (x, y relative to the origin, centre height above its ground plane, radius), `shape` = (vertical scale r/h, lowest and highest shadowing height above the ground plane, transmissivity). */
export interface CrownInstances {
  count: number;
  crown: Float32Array;
  shape: Float32Array;
  /** Index of each instance in the crown table (for per-day transmissivity updates). */
  tree: Uint32Array;
}

export function crownShadowInstances(crowns: CrownObstacles, originX: number, originY: number, gridGroundZ: number, groundByCrown?: Float64Array): CrownInstances {
  const crown: number[] = [];
  const shape: number[] = [];
  const tree: number[] = [];
  for (let t = 0; t < crowns.count; t++) {
    const g = groundByCrown?.[t] ?? gridGroundZ;
    const r = (crowns.crownDiameterM[t] as number) / 2;
    const height = crowns.heightM[t] as number;
    const vExtent = crowns.crownHeightM?.[t] ?? Math.min(2 * r, height);
    const h = vExtent / 2;
    if (!(r > 0) || !(h > 0)) continue;
    const trunkZ = crowns.xyz[3 * t + 2] as number;
    const cz = (Number.isFinite(trunkZ) ? trunkZ : g) + height - h;
    if (cz + h <= g) continue;
    crown.push((crowns.xyz[3 * t] as number) - originX, (crowns.xyz[3 * t + 1] as number) - originY, cz - g, r);
    shape.push(r / h, Math.max(cz - h, g) - g, cz + h - g, crowns.transmissivity?.[t] ?? 0);
    tree.push(t);
  }
  return { count: tree.length, crown: Float32Array.from(crown), shape: Float32Array.from(shape), tree: Uint32Array.from(tree) };
}

/** The terrain horizon (tan per node and sector, [(j·nx + i)·sectors + k]) as layers of a 2-D texture array: [k][j][i]. */
export function horizonLayers(horizonTan: Float32Array, nodes: number, sectors: number): Float32Array {
  const out = new Float32Array(nodes * sectors);
  for (let n = 0; n < nodes; n++) for (let k = 0; k < sectors; k++) out[k * nodes + n] = horizonTan[n * sectors + k] as number;
  return out;
}
