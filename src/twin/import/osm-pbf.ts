/**
 * OpenStreetMap PBF reader on the `pbf` protobuf package, after the format's own .proto files
 * (wiki.openstreetmap.org/wiki/PBF_Format; fileformat.proto, osmformat.proto):
 * - the file is a sequence of [int32 big-endian length][BlobHeader][Blob]; BlobHeader.type is
 *   "OSMHeader" or "OSMData"; Blob holds `raw` or `zlib_data` (inflated with fflate);
 * - a PrimitiveBlock has a string table, `granularity` (default 100 nanodegrees) and lat/lon
 *   offsets; coordinates are 1e-9 · (offset + granularity · value);
 * - DenseNodes delta-code ids, lats and lons and pack tags in `keys_vals` (0 ends a node's tags);
 *   Way refs and Relation memids are delta-coded.
 */
import { PbfReader as Pbf } from 'pbf';
import { unzlibSync } from 'fflate';
import { throwIfCancelled, type RunControl } from '../../sim/core/progress';
import { OsmDataset, type OsmMember, type OsmMemberType, type OsmTags } from './osm-dataset';

/** A malformed or unsupported PBF; the message says where and why. */
export class PbfFormatError extends Error {
  override name = 'PbfFormatError';
}

/** Features this reader implements (HeaderBlock.required_features). */
const SUPPORTED_FEATURES = new Set(['OsmSchema-V0.6', 'DenseNodes', 'HistoricalInformation']);

interface BlobHeader {
  type: string;
  datasize: number;
}

/**
 * Walks the file's blobs: `onBlock(type, payload, offset)` receives each inflated HeaderBlock or
 * PrimitiveBlock. Throws PbfFormatError on truncation or an unsupported compression.
 */
export function forEachPbfBlock(bytes: Uint8Array, onBlock: (type: string, payload: Uint8Array, offset: number) => void, control?: RunControl): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  let blocks = 0;
  while (pos < bytes.length) {
    if (pos + 4 > bytes.length) throw new PbfFormatError(`truncated: ${bytes.length - pos} stray bytes at offset ${pos} where a BlobHeader length was expected`);
    const headerLength = view.getInt32(pos, false);
    pos += 4;
    if (headerLength <= 0 || headerLength > 64 * 1024) throw new PbfFormatError(`invalid BlobHeader length ${headerLength} at offset ${pos - 4} (the spec limits it to 64 KiB); not an OSM PBF file or corrupted`);
    if (pos + headerLength > bytes.length) throw new PbfFormatError(`truncated: BlobHeader at offset ${pos} needs ${headerLength} bytes, ${bytes.length - pos} left`);
    const header = new Pbf(bytes.subarray(pos, pos + headerLength)).readFields<BlobHeader>(
      (tag, h, p) => {
        if (tag === 1) h.type = p.readString();
        else if (tag === 3) h.datasize = p.readVarint();
      },
      { type: '', datasize: -1 },
    );
    pos += headerLength;
    if (header.datasize < 0) throw new PbfFormatError(`BlobHeader at offset ${pos - headerLength} has no datasize`);
    if (pos + header.datasize > bytes.length) throw new PbfFormatError(`truncated: ${header.type} blob at offset ${pos} needs ${header.datasize} bytes, ${bytes.length - pos} left`);
    const payload = inflateBlob(bytes.subarray(pos, pos + header.datasize), pos);
    onBlock(header.type, payload, pos);
    pos += header.datasize;
    if (++blocks % 8 === 0) {
      throwIfCancelled(control, 'OSM PBF import');
      control?.onProgress?.({ fraction: pos / bytes.length, stage: `PBF blocks ${blocks}` });
    }
  }
}

function inflateBlob(blob: Uint8Array, offset: number): Uint8Array {
  let raw: Uint8Array | undefined;
  let zlib: Uint8Array | undefined;
  let other = '';
  new Pbf(blob).readFields<null>(
    (tag, _r, p) => {
      if (tag === 1) raw = p.readBytes();
      else if (tag === 3) zlib = p.readBytes();
      else if (tag === 4) other = 'lzma';
      else if (tag === 5) other = 'bzip2';
      else if (tag === 6) other = 'lz4';
      else if (tag === 7) other = 'zstd';
    },
    null,
  );
  if (raw) return raw;
  if (zlib) {
    try {
      return unzlibSync(zlib);
    } catch (error) {
      throw new PbfFormatError(`blob at offset ${offset}: zlib data cannot be inflated (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  throw new PbfFormatError(`blob at offset ${offset} uses ${other || 'no'} compression; only raw and zlib_data are supported`);
}

/** Reads a whole PBF file into an OsmDataset. */
export function readOsmPbf(bytes: Uint8Array, control?: RunControl): OsmDataset {
  const data = new OsmDataset();
  let sawHeader = false;
  forEachPbfBlock(
    bytes,
    (type, payload, offset) => {
      if (type === 'OSMHeader') {
        sawHeader = true;
        checkHeader(payload);
      } else if (type === 'OSMData') {
        if (!sawHeader) throw new PbfFormatError(`OSMData block at offset ${offset} before the OSMHeader block`);
        readPrimitiveBlock(payload, data);
      }
      // Unknown blob types are skipped, as the spec allows.
    },
    control,
  );
  if (!sawHeader) throw new PbfFormatError('no OSMHeader block: not an OSM PBF file');
  return data;
}

function checkHeader(payload: Uint8Array): void {
  const required: string[] = [];
  new Pbf(payload).readFields<string[]>((tag, r, p) => {
    if (tag === 4) r.push(p.readString());
  }, required);
  for (const feature of required) {
    if (!SUPPORTED_FEATURES.has(feature)) throw new PbfFormatError(`the file requires the feature "${feature}", which this reader does not implement`);
  }
}

interface BlockState {
  strings: string[];
  granularity: number;
  latOffset: number;
  lonOffset: number;
  groups: Uint8Array[];
}

/** Decodes one PrimitiveBlock (osmformat.proto) into `data`. */
export function readPrimitiveBlock(payload: Uint8Array, data: OsmDataset): void {
  const block = new Pbf(payload).readFields<BlockState>(
    (tag, b, p) => {
      if (tag === 1) b.strings = p.readFields<string[]>((t, s, q) => (t === 1 ? void s.push(q.readString()) : undefined), [], p.readVarint() + p.pos);
      else if (tag === 2) b.groups.push(p.readBytes());
      else if (tag === 17) b.granularity = p.readVarint();
      else if (tag === 19) b.latOffset = p.readVarint(true);
      else if (tag === 20) b.lonOffset = p.readVarint(true);
    },
    { strings: [], granularity: 100, latOffset: 0, lonOffset: 0, groups: [] },
  );
  for (const group of block.groups) {
    new Pbf(group).readFields<null>(
      (tag, _r, p) => {
        if (tag === 1) readNode(p, block, data);
        else if (tag === 2) readDenseNodes(p, block, data);
        else if (tag === 3) readWay(p, block, data);
        else if (tag === 4) readRelation(p, block, data);
      },
      null,
    );
  }
}

function tagsOf(keys: number[], vals: number[], strings: string[]): OsmTags | null {
  if (keys.length === 0) return null;
  const tags: OsmTags = {};
  for (let i = 0; i < keys.length; i++) tags[strings[keys[i] ?? 0] ?? ''] = strings[vals[i] ?? 0] ?? '';
  return tags;
}

function readNode(p: Pbf, b: BlockState, data: OsmDataset): void {
  const n = p.readFields<{ id: number; lat: number; lon: number; keys: number[]; vals: number[] }>(
    (tag, r, q) => {
      if (tag === 1) r.id = q.readSVarint();
      else if (tag === 2) q.readPackedVarint(r.keys);
      else if (tag === 3) q.readPackedVarint(r.vals);
      else if (tag === 8) r.lat = q.readSVarint();
      else if (tag === 9) r.lon = q.readSVarint();
    },
    { id: 0, lat: 0, lon: 0, keys: [], vals: [] },
    p.readVarint() + p.pos,
  );
  data.addNode(n.id, 1e-9 * (b.lonOffset + b.granularity * n.lon), 1e-9 * (b.latOffset + b.granularity * n.lat), tagsOf(n.keys, n.vals, b.strings));
}

function readDenseNodes(p: Pbf, b: BlockState, data: OsmDataset): void {
  const d = p.readFields<{ id: number[]; lat: number[]; lon: number[]; kv: number[] }>(
    (tag, r, q) => {
      if (tag === 1) q.readPackedSVarint(r.id);
      else if (tag === 8) q.readPackedSVarint(r.lat);
      else if (tag === 9) q.readPackedSVarint(r.lon);
      else if (tag === 10) q.readPackedVarint(r.kv);
    },
    { id: [], lat: [], lon: [], kv: [] },
    p.readVarint() + p.pos,
  );
  if (d.lat.length !== d.id.length || d.lon.length !== d.id.length) throw new PbfFormatError(`DenseNodes with ${d.id.length} ids but ${d.lat.length} lats and ${d.lon.length} lons`);
  let id = 0;
  let lat = 0;
  let lon = 0;
  let k = 0;
  for (let i = 0; i < d.id.length; i++) {
    id += d.id[i] ?? 0;
    lat += d.lat[i] ?? 0;
    lon += d.lon[i] ?? 0;
    let tags: OsmTags | null = null;
    if (d.kv.length > 0) {
      while (k < d.kv.length && d.kv[k] !== 0) {
        tags ??= {};
        tags[b.strings[d.kv[k] ?? 0] ?? ''] = b.strings[d.kv[k + 1] ?? 0] ?? '';
        k += 2;
      }
      k++; // the 0 delimiter
    }
    data.addNode(id, 1e-9 * (b.lonOffset + b.granularity * lon), 1e-9 * (b.latOffset + b.granularity * lat), tags);
  }
}

function readWay(p: Pbf, b: BlockState, data: OsmDataset): void {
  const w = p.readFields<{ id: number; keys: number[]; vals: number[]; refs: number[] }>(
    (tag, r, q) => {
      if (tag === 1) r.id = q.readVarint();
      else if (tag === 2) q.readPackedVarint(r.keys);
      else if (tag === 3) q.readPackedVarint(r.vals);
      else if (tag === 8) q.readPackedSVarint(r.refs);
    },
    { id: 0, keys: [], vals: [], refs: [] },
    p.readVarint() + p.pos,
  );
  data.beginWay(w.id, tagsOf(w.keys, w.vals, b.strings));
  let ref = 0;
  for (const delta of w.refs) {
    ref += delta;
    data.addWayRef(ref);
  }
}

const MEMBER_TYPES: readonly OsmMemberType[] = ['node', 'way', 'relation'];

function readRelation(p: Pbf, b: BlockState, data: OsmDataset): void {
  const r = p.readFields<{ id: number; keys: number[]; vals: number[]; roles: number[]; memids: number[]; types: number[] }>(
    (tag, o, q) => {
      if (tag === 1) o.id = q.readVarint();
      else if (tag === 2) q.readPackedVarint(o.keys);
      else if (tag === 3) q.readPackedVarint(o.vals);
      else if (tag === 8) q.readPackedVarint(o.roles);
      else if (tag === 9) q.readPackedSVarint(o.memids);
      else if (tag === 10) q.readPackedVarint(o.types);
    },
    { id: 0, keys: [], vals: [], roles: [], memids: [], types: [] },
    p.readVarint() + p.pos,
  );
  const members: OsmMember[] = [];
  let ref = 0;
  for (let i = 0; i < r.memids.length; i++) {
    ref += r.memids[i] ?? 0;
    members.push({ type: MEMBER_TYPES[r.types[i] ?? 0] ?? 'node', ref, role: b.strings[r.roles[i] ?? 0] ?? '' });
  }
  data.addRelation(r.id, tagsOf(r.keys, r.vals, b.strings) ?? {}, members);
}
