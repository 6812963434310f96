/**
 * The OSM primitives of one file, as the PBF and XML readers produce them (OSM API 0.6 data
 * model): node positions by id, tags of tagged nodes, ways as node-id lists, relations with
 * members. Columnar where the volume is (node coordinates, way references).
 */
import { GrowableArray } from '../growable-array';

export type OsmTags = Record<string, string>;
export type OsmMemberType = 'node' | 'way' | 'relation';
export interface OsmMember {
  type: OsmMemberType;
  ref: number;
  role: string;
}

export class OsmDataset {
  readonly nodeIndex = new Map<number, number>();
  /** Interleaved lon°, lat° by node index. */
  readonly nodeLonLat = new GrowableArray(Float64Array, 4096);
  readonly taggedNodes: { id: number; tags: OsmTags }[] = [];
  readonly wayId: number[] = [];
  readonly wayIndex = new Map<number, number>();
  readonly wayRefStart = new GrowableArray(Uint32Array, 1024);
  readonly wayRefs = new GrowableArray(Float64Array, 4096);
  readonly wayTags: (OsmTags | null)[] = [];
  readonly relations: { id: number; tags: OsmTags; members: OsmMember[] }[] = [];

  addNode(id: number, lonDeg: number, latDeg: number, tags: OsmTags | null): void {
    this.nodeIndex.set(id, this.nodeLonLat.length >> 1);
    this.nodeLonLat.push2(lonDeg, latDeg);
    if (tags !== null) this.taggedNodes.push({ id, tags });
  }

  beginWay(id: number, tags: OsmTags | null): void {
    this.wayIndex.set(id, this.wayId.length);
    this.wayId.push(id);
    this.wayRefStart.push(this.wayRefs.length);
    this.wayTags.push(tags);
  }

  /** Appends a node reference to the way begun last. */
  addWayRef(ref: number): void {
    this.wayRefs.push(ref);
  }

  addRelation(id: number, tags: OsmTags, members: OsmMember[]): void {
    this.relations.push({ id, tags, members });
  }

  /** Node ids of way w. */
  wayRefsOf(w: number): Float64Array {
    const from = this.wayRefStart.get(w);
    const to = w + 1 < this.wayId.length ? this.wayRefStart.get(w + 1) : this.wayRefs.length;
    return this.wayRefs.array.subarray(from, to);
  }

  /**
   * Interleaved lon/lat of the given node ids; undefined with the first missing id when a node is
   * not in the file (an extract cut through the way).
   */
  resolve(refs: ArrayLike<number>): { coords: Float64Array; missing?: number } {
    const coords = new Float64Array(2 * refs.length);
    const ll = this.nodeLonLat.array;
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i] ?? NaN;
      const k = this.nodeIndex.get(ref);
      if (k === undefined) return { coords, missing: ref };
      coords[2 * i] = ll[2 * k] ?? NaN;
      coords[2 * i + 1] = ll[2 * k + 1] ?? NaN;
    }
    return { coords };
  }
}
