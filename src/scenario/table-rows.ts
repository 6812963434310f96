/**
 * Row-level operations on the CityModel's columnar tables (src/twin/city-model.ts): read one
 * feature as a row snapshot, and build a new table from ranges of the old one and new rows. The
 * old table is never written; a new table shares nothing with it only where its length changed.
 * Snapshots hold the exact stored values (Float32 columns read back into Float32 unchanged), so
 * removing rows and inserting their snapshots at their old indices restores the table exactly.
 */
import { FLOW_STRIDE, type BuildingTable, type FeatureAttributes, type RoadTable, type TreeTable } from '../twin/city-model';

export interface BuildingRow {
  id: string;
  /** Rings (outer first), interleaved x, y, m. */
  rings: Float64Array[];
  baseHeightM: number;
  heightM: number;
  storeys: number;
  use: number;
  residents: number;
  defaulted: number;
  attributes: FeatureAttributes;
}

export interface RoadRow {
  id: string;
  name: string;
  roadClass: number;
  lanes: number;
  maxSpeedKmh: number;
  oneway: number;
  surface: string;
  /** Interleaved x, y, z, m. */
  xyz: Float64Array;
  /** FLOW_STRIDE values (period × category), veh/h and km/h. */
  flowVehH: Float32Array;
  speedKmh: Float32Array;
  defaulted: number;
  attributes: FeatureAttributes;
}

export interface TreeRow {
  id: string;
  x: number;
  y: number;
  z: number;
  heightM: number;
  crownDiameterM: number;
  leafCycle: number;
  defaulted: number;
}

/** A run of old rows [from, to) or one new row. */
export type Piece<R> = { from: number; to: number } | { row: R };

export function buildingRow(t: BuildingTable, i: number): BuildingRow {
  const rings: Float64Array[] = [];
  for (let r = t.ringStart[i] ?? 0; r < (t.ringStart[i + 1] ?? 0); r++) rings.push(t.xy.slice(2 * (t.ringOffset[r] ?? 0), 2 * (t.ringOffset[r + 1] ?? 0)));
  return {
    id: t.id[i] ?? '', rings, baseHeightM: t.baseHeightM[i] ?? NaN, heightM: t.heightM[i] ?? NaN, storeys: t.storeys[i] ?? 0,
    use: t.use[i] ?? 0, residents: t.residents[i] ?? 0, defaulted: t.defaulted[i] ?? 0, attributes: t.attributes[i] ?? {},
  };
}

export function roadRow(t: RoadTable, i: number): RoadRow {
  return {
    id: t.id[i] ?? '', name: t.name[i] ?? '', roadClass: t.roadClass[i] ?? 0, lanes: t.lanes[i] ?? 0, maxSpeedKmh: t.maxSpeedKmh[i] ?? NaN,
    oneway: t.oneway[i] ?? 0, surface: t.surface[i] ?? '', xyz: t.xyz.slice(3 * (t.vertexOffset[i] ?? 0), 3 * (t.vertexOffset[i + 1] ?? 0)),
    flowVehH: t.flowVehH.slice(i * FLOW_STRIDE, (i + 1) * FLOW_STRIDE), speedKmh: t.speedKmh.slice(i * FLOW_STRIDE, (i + 1) * FLOW_STRIDE),
    defaulted: t.defaulted[i] ?? 0, attributes: t.attributes[i] ?? {},
  };
}

export function treeRow(t: TreeTable, i: number): TreeRow {
  return {
    id: t.id[i] ?? '', x: t.xyz[3 * i] ?? NaN, y: t.xyz[3 * i + 1] ?? NaN, z: t.xyz[3 * i + 2] ?? NaN, heightM: t.heightM[i] ?? NaN,
    crownDiameterM: t.crownDiameterM[i] ?? NaN, leafCycle: t.leafCycle[i] ?? 2, defaulted: t.defaulted[i] ?? 0,
  };
}

interface TypedColumn extends ArrayLike<number> {
  set(a: ArrayLike<number>, offset?: number): void;
  subarray(begin?: number, end?: number): ArrayLike<number>;
}
type ColumnCtor<C> = new (n: number) => C;

function rowCount<R>(pieces: readonly Piece<R>[]): number {
  let n = 0;
  for (const p of pieces) n += 'row' in p ? 1 : p.to - p.from;
  return n;
}

/** A fixed-stride column gathered from pieces: old ranges copied, new rows from `value(row, out, k)`. */
function gather<C extends TypedColumn, R>(src: C, ctor: ColumnCtor<C>, stride: number, pieces: readonly Piece<R>[], value: (row: R) => ArrayLike<number>): C {
  const out = new ctor(rowCount(pieces) * stride);
  let at = 0;
  for (const p of pieces) {
    if ('row' in p) {
      out.set(value(p.row), at);
      at += stride;
    } else {
      out.set(src.subarray(p.from * stride, p.to * stride), at);
      at += (p.to - p.from) * stride;
    }
  }
  return out;
}

function gatherList<T, R>(src: readonly T[], pieces: readonly Piece<R>[], value: (row: R) => T): T[] {
  const out: T[] = [];
  for (const p of pieces) {
    if ('row' in p) out.push(value(p.row));
    else for (let i = p.from; i < p.to; i++) out.push(src[i] as T);
  }
  return out;
}

/** The buildings table made of `pieces` (ranges of `t` and new rows). */
export function rebuildBuildings(t: BuildingTable, pieces: readonly Piece<BuildingRow>[]): BuildingTable {
  const count = rowCount(pieces);
  let rings = 0;
  let verts = 0;
  for (const p of pieces) {
    if ('row' in p) {
      rings += p.row.rings.length;
      for (const ring of p.row.rings) verts += ring.length / 2;
    } else {
      const r0 = t.ringStart[p.from] ?? 0;
      const r1 = t.ringStart[p.to] ?? 0;
      rings += r1 - r0;
      verts += (t.ringOffset[r1] ?? 0) - (t.ringOffset[r0] ?? 0);
    }
  }
  const ringStart = new Uint32Array(count + 1);
  const ringOffset = new Uint32Array(rings + 1);
  const xy = new Float64Array(2 * verts);
  let b = 0;
  let r = 0;
  let v = 0;
  for (const p of pieces) {
    if ('row' in p) {
      ringStart[b++] = r;
      for (const ring of p.row.rings) {
        ringOffset[r++] = v;
        xy.set(ring, 2 * v);
        v += ring.length / 2;
      }
      continue;
    }
    for (let i = p.from; i < p.to; i++) {
      ringStart[b++] = r;
      for (let q = t.ringStart[i] ?? 0; q < (t.ringStart[i + 1] ?? 0); q++) {
        const a = t.ringOffset[q] ?? 0;
        const e = t.ringOffset[q + 1] ?? 0;
        ringOffset[r++] = v;
        xy.set(t.xy.subarray(2 * a, 2 * e), 2 * v);
        v += e - a;
      }
    }
  }
  ringStart[count] = r;
  ringOffset[rings] = v;
  return {
    count, ringStart, ringOffset, xy,
    id: gatherList(t.id, pieces, (w) => w.id),
    baseHeightM: gather(t.baseHeightM, Float32Array, 1, pieces, (w) => [w.baseHeightM]),
    heightM: gather(t.heightM, Float32Array, 1, pieces, (w) => [w.heightM]),
    storeys: gather(t.storeys, Uint16Array, 1, pieces, (w) => [w.storeys]),
    use: gather(t.use, Uint8Array, 1, pieces, (w) => [w.use]),
    residents: gather(t.residents, Float32Array, 1, pieces, (w) => [w.residents]),
    defaulted: gather(t.defaulted, Uint8Array, 1, pieces, (w) => [w.defaulted]),
    attributes: gatherList(t.attributes, pieces, (w) => w.attributes),
  };
}

/** The roads table made of `pieces`. */
export function rebuildRoads(t: RoadTable, pieces: readonly Piece<RoadRow>[]): RoadTable {
  const count = rowCount(pieces);
  let verts = 0;
  for (const p of pieces) verts += 'row' in p ? p.row.xyz.length / 3 : (t.vertexOffset[p.to] ?? 0) - (t.vertexOffset[p.from] ?? 0);
  const vertexOffset = new Uint32Array(count + 1);
  const xyz = new Float64Array(3 * verts);
  let k = 0;
  let v = 0;
  for (const p of pieces) {
    if ('row' in p) {
      vertexOffset[k++] = v;
      xyz.set(p.row.xyz, 3 * v);
      v += p.row.xyz.length / 3;
      continue;
    }
    const a = t.vertexOffset[p.from] ?? 0;
    const e = t.vertexOffset[p.to] ?? 0;
    for (let i = p.from; i < p.to; i++) vertexOffset[k++] = v + (t.vertexOffset[i] ?? 0) - a;
    xyz.set(t.xyz.subarray(3 * a, 3 * e), 3 * v);
    v += e - a;
  }
  vertexOffset[count] = v;
  return {
    count, vertexOffset, xyz,
    id: gatherList(t.id, pieces, (w) => w.id),
    name: gatherList(t.name, pieces, (w) => w.name),
    roadClass: gather(t.roadClass, Uint8Array, 1, pieces, (w) => [w.roadClass]),
    lanes: gather(t.lanes, Uint8Array, 1, pieces, (w) => [w.lanes]),
    maxSpeedKmh: gather(t.maxSpeedKmh, Float32Array, 1, pieces, (w) => [w.maxSpeedKmh]),
    oneway: gather(t.oneway, Int8Array, 1, pieces, (w) => [w.oneway]),
    surface: gatherList(t.surface, pieces, (w) => w.surface),
    flowVehH: gather(t.flowVehH, Float32Array, FLOW_STRIDE, pieces, (w) => w.flowVehH),
    speedKmh: gather(t.speedKmh, Float32Array, FLOW_STRIDE, pieces, (w) => w.speedKmh),
    defaulted: gather(t.defaulted, Uint8Array, 1, pieces, (w) => [w.defaulted]),
    attributes: gatherList(t.attributes, pieces, (w) => w.attributes),
  };
}

/** The trees table made of `pieces`. */
export function rebuildTrees(t: TreeTable, pieces: readonly Piece<TreeRow>[]): TreeTable {
  return {
    count: rowCount(pieces),
    id: gatherList(t.id, pieces, (w) => w.id),
    xyz: gather(t.xyz, Float64Array, 3, pieces, (w) => [w.x, w.y, w.z]),
    heightM: gather(t.heightM, Float32Array, 1, pieces, (w) => [w.heightM]),
    crownDiameterM: gather(t.crownDiameterM, Float32Array, 1, pieces, (w) => [w.crownDiameterM]),
    leafCycle: gather(t.leafCycle, Uint8Array, 1, pieces, (w) => [w.leafCycle]),
    defaulted: gather(t.defaulted, Uint8Array, 1, pieces, (w) => [w.defaulted]),
  };
}

/**
 * Pieces that keep every row of a table of `count` rows except those at `removed` (sorted,
 * distinct) and put `inserted` rows at their final indices (sorted by index).
 */
export function splicePieces<R>(count: number, removed: readonly number[], inserted: readonly { index: number; row: R }[]): Piece<R>[] {
  const kept: Piece<R>[] = [];
  let from = 0;
  for (const i of removed) {
    if (i > from) kept.push({ from, to: i });
    from = i + 1;
  }
  if (count > from) kept.push({ from, to: count });
  if (inserted.length === 0) return kept;
  // Walk the kept rows, placing each new row when the output reaches its index.
  const out: Piece<R>[] = [];
  let outAt = 0;
  let n = 0;
  const flushInserts = (): void => {
    while (n < inserted.length && (inserted[n] as { index: number }).index <= outAt) {
      out.push({ row: (inserted[n] as { row: R }).row });
      outAt++;
      n++;
    }
  };
  for (const p of kept) {
    if ('row' in p) continue;
    let a = p.from;
    while (a < p.to) {
      flushInserts();
      const next = n < inserted.length ? (inserted[n] as { index: number }).index : Infinity;
      const take = Math.min(p.to - a, next - outAt);
      out.push({ from: a, to: a + take });
      a += take;
      outAt += take;
    }
  }
  flushInserts();
  for (; n < inserted.length; n++) out.push({ row: (inserted[n] as { row: R }).row });
  return out;
}
