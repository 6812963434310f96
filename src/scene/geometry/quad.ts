/**
 * Writes the quad a → b → c → d (in that winding) as the two triangles (a, b, c) and (a, c, d)
 * into `indices` at `at` (6 entries). Shared by the wall, terrain-grid and road-ribbon meshes.
 */
export function writeQuad(indices: Uint32Array, at: number, a: number, b: number, c: number, d: number): void {
  indices[at] = a;
  indices[at + 1] = b;
  indices[at + 2] = c;
  indices[at + 3] = a;
  indices[at + 4] = c;
  indices[at + 5] = d;
}
