/**
 * Base buildings hidden by the edits on show (issue 10): a building that an edit removes or
 * changes is drawn by the edit layers (orange new shape, red ghost), so the base layer must not
 * draw its old geometry over them — a lowered building would stay inside the opaque original.
 *
 * The hidden set is one byte of flags per base building: bit `HIDE_DRAFT` for the scenario
 * editor's draft, bit `HIDE_SCENARIO` for the scenario run whose edits the scene shows. The bytes
 * live in a small R8 DataTexture read by the building material's vertex shader
 * (`buildingIndex` → texel), which moves hidden vertices out of the clip volume when a flag bit
 * is in the uniform mask. A new set rewrites `count` bytes and re-uploads the texture (Geneva:
 * ~60 000 buildings → 60 kB); the merged geometry (1.5 M triangles) is never rebuilt. The split
 * view switches the mask per half (a uniform write), so each half hides only its own
 * scenario's buildings.
 */
import { createStore } from 'zustand/vanilla';
import { DataTexture, NearestFilter, RedFormat, UnsignedByteType, type Intersection, type Mesh, type Raycaster } from 'three';
import { acceleratedRaycast } from 'three-mesh-bvh';
import type { BuildingTable } from '../twin/city-model';

/** Flag bit of the scenario editor's draft. */
export const HIDE_DRAFT = 1;
/** Flag bit of the scenario run whose edits are shown. */
export const HIDE_SCENARIO = 2;
/** Mask hiding every source (the normal view). */
export const HIDE_ALL = 0xff;
/** Width of the flags texture, texels (WebGL 2 guarantees 2048). */
export const HIDDEN_TEXTURE_WIDTH = 2048;

/**
 * Rows of `base` that the edited tables hide: every base building whose id is among the removed
 * ones or among the added/changed ones (a changed building keeps its id). Ascending.
 */
export function hiddenBaseRows(base: BuildingTable, edited: { added: BuildingTable; removed: BuildingTable }): Uint32Array {
  const ids = new Set<string>();
  for (let i = 0; i < edited.removed.count; i++) ids.add(edited.removed.id[i] ?? '');
  for (let i = 0; i < edited.added.count; i++) ids.add(edited.added.id[i] ?? '');
  const rows: number[] = [];
  if (ids.size > 0) for (let i = 0; i < base.count; i++) if (ids.has(base.id[i] ?? '')) rows.push(i);
  return Uint32Array.from(rows);
}

/** One source's hidden rows and the table they index (the layer ignores rows of another table). */
export interface HiddenRows {
  table: BuildingTable;
  rows: Uint32Array;
}

export interface HiddenBuildingsState {
  /** Hidden rows per flag bit. */
  sources: Readonly<Record<number, HiddenRows>>;
  /** Sets (or with null clears) the rows of flag bit `bit`. */
  setSource(bit: number, hidden: HiddenRows | null): void;
}

export function createHiddenBuildingsStore() {
  return createStore<HiddenBuildingsState>()((set) => ({
    sources: {},
    setSource: (bit, hidden) =>
      set((s) => {
        const sources: Record<number, HiddenRows> = { ...s.sources };
        if (hidden === null || hidden.rows.length === 0) delete sources[bit];
        else sources[bit] = hidden;
        return { sources };
      }),
  }));
}

/** The page's hidden set: written by the draft and scenario edit layers, read by the buildings layer. */
export const hiddenBuildingsStore = createHiddenBuildingsStore();

/**
 * Writes the flag bytes of `table` from `sources` into `out` (length ≥ table.count; cleared
 * first): byte i = OR of the bits whose rows contain i. Sources of another table are skipped.
 * Returns the OR of all bits written (0 = nothing hidden).
 */
export function writeHiddenFlags(out: Uint8Array, table: BuildingTable, sources: Readonly<Record<number, HiddenRows>>): number {
  out.fill(0);
  let any = 0;
  for (const [key, hidden] of Object.entries(sources)) {
    if (hidden.table !== table) continue;
    const bit = Number(key);
    for (let k = 0; k < hidden.rows.length; k++) {
      const i = hidden.rows[k] ?? 0;
      if (i < table.count) {
        out[i] = (out[i] ?? 0) | bit;
        any |= bit;
      }
    }
  }
  return any;
}

/**
 * The flag bits that hide right now, shared by every building material (a uniform object): HIDE_ALL
 * normally; the split view narrows it for a half whose scenario is not the one whose edits are shown.
 */
export const HIDDEN_MASK: { value: number } = { value: HIDE_ALL };

/** Uniforms shared by the building material and its shadow depth material. */
export interface HiddenBuildingsUniforms {
  hiddenFlags: { value: DataTexture };
  /** Flag bits that hide (HIDE_ALL normally; the split view narrows it per half). */
  hiddenMask: { value: number };
}

/**
 * The flags texture for `count` buildings (HIDDEN_TEXTURE_WIDTH wide, one R8 texel per building,
 * row-major) and its backing bytes. `update` rewrites it from the store's sources.
 */
export function createHiddenFlagsTexture(count: number): { texture: DataTexture; flags: Uint8Array; update(table: BuildingTable, sources: Readonly<Record<number, HiddenRows>>): number } {
  const rows = Math.max(1, Math.ceil(count / HIDDEN_TEXTURE_WIDTH));
  const flags = new Uint8Array(HIDDEN_TEXTURE_WIDTH * rows);
  const texture = new DataTexture(flags, HIDDEN_TEXTURE_WIDTH, rows, RedFormat, UnsignedByteType);
  texture.minFilter = NearestFilter;
  texture.magFilter = NearestFilter;
  texture.generateMipmaps = false;
  texture.unpackAlignment = 1;
  texture.needsUpdate = true;
  return {
    texture,
    flags,
    update(table, sources) {
      const any = writeHiddenFlags(flags, table, sources);
      texture.needsUpdate = true;
      return any;
    },
  };
}

/** Building index under a ray hit (vertex a of the hit triangle's `buildingIndex`), or −1. */
export function buildingIndexOfHit(mesh: Mesh, faceIndex: number | undefined): number {
  if (faceIndex === undefined) return -1;
  const geometry = mesh.geometry;
  const attr = geometry.getAttribute('buildingIndex');
  const index = geometry.getIndex();
  if (attr === undefined || index === null) return -1;
  return Math.round(attr.getX(index.getX(faceIndex * 3)));
}

/**
 * A BVH raycast (three-mesh-bvh) that drops hits on hidden buildings (`flags[i] & mask`); with
 * `firstHitOnly` it still returns the nearest visible hit, not nothing.
 */
export function hidingRaycast(flags: Uint8Array, mask: { value: number }): (this: Mesh, raycaster: Raycaster, intersects: Intersection[]) => void {
  return function raycast(this: Mesh, raycaster, intersects) {
    const start = intersects.length;
    const firstOnly = raycaster.firstHitOnly === true;
    raycaster.firstHitOnly = false;
    try {
      acceleratedRaycast.call(this, raycaster, intersects);
    } finally {
      if (firstOnly) raycaster.firstHitOnly = true;
    }
    let kept = start;
    for (let k = start; k < intersects.length; k++) {
      const hit = intersects[k];
      if (hit === undefined) continue;
      const i = buildingIndexOfHit(this, hit.faceIndex ?? undefined);
      if (i < 0 || ((flags[i] ?? 0) & mask.value) === 0) intersects[kept++] = hit;
    }
    if (firstOnly && kept > start + 1) {
      let nearest = start;
      for (let k = start + 1; k < kept; k++) if ((intersects[k]?.distance ?? Infinity) < (intersects[nearest]?.distance ?? Infinity)) nearest = k;
      const hit = intersects[nearest];
      if (hit !== undefined) intersects[start] = hit;
      kept = start + 1;
    }
    intersects.length = kept;
  };
}

/** GLSL (vertex, after `project_vertex`): moves a hidden building's vertices out of the clip volume. */
export const HIDDEN_VERTEX_PARS = /* glsl */ `
attribute float buildingIndex;
uniform sampler2D hiddenFlags;
uniform int hiddenMask;
bool buildingHidden(float index) {
  int i = int(index + 0.5);
  int w = ${HIDDEN_TEXTURE_WIDTH};
  int flags = int(texelFetch(hiddenFlags, ivec2(i - (i / w) * w, i / w), 0).r * 255.0 + 0.5);
  return (flags & hiddenMask) != 0;
}
`;
export const HIDDEN_VERTEX_MAIN = /* glsl */ `
if (buildingHidden(buildingIndex)) gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
`;
