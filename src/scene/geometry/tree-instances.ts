/**
 * Instance matrices for trees drawn as one InstancedMesh of a unit tree model (trunk base at the
 * origin, total height 1 along +z, crown diameter 1 in x and y). Pure typed arrays, no three.js.
 * Matrix of tree k = T(x, y, z) · S(crown, crown, height): column-major 4 × 4 (three.js's
 * Matrix4.elements order), in metres relative to the district origin, x east, y north, z up.
 * Missing values: NaN height → DEFAULT_TREE_HEIGHT_M; NaN crown → CROWN_PER_HEIGHT × height;
 * NaN base z → 0.
 */
import type { TreeTable } from '../../twin/city-model';

export const DEFAULT_TREE_HEIGHT_M = 10;
/** Crown diameter over tree height for a missing crown (typical broadleaf street tree). */
export const CROWN_PER_HEIGHT = 0.6;

export interface TreeInstances {
  /** 16 floats per tree, column-major. */
  matrices: Float32Array;
}

export function buildTreeInstances(trees: TreeTable): TreeInstances {
  const matrices = new Float32Array(trees.count * 16);
  for (let k = 0; k < trees.count; k++) {
    const h = trees.heightM[k] ?? NaN;
    const height = Number.isFinite(h) && h > 0 ? h : DEFAULT_TREE_HEIGHT_M;
    const c = trees.crownDiameterM[k] ?? NaN;
    const crown = Number.isFinite(c) && c > 0 ? c : CROWN_PER_HEIGHT * height;
    const z = trees.xyz[3 * k + 2] ?? NaN;
    const o = 16 * k;
    matrices[o] = crown;
    matrices[o + 5] = crown;
    matrices[o + 10] = height;
    matrices[o + 12] = trees.xyz[3 * k] ?? 0;
    matrices[o + 13] = trees.xyz[3 * k + 1] ?? 0;
    matrices[o + 14] = Number.isFinite(z) ? z : 0;
    matrices[o + 15] = 1;
  }
  return { matrices };
}
