/**
 * A small OSM district written by the test itself, as PBF (per fileformat.proto / osmformat.proto,
 * encoded with pbf's writer) and as OSM XML, so the readers are checked against data whose every
 * value is known: dense nodes with offsets and granularity, delta-coded refs, a multipolygon
 * building with a hole, unit-bearing tags, and two broken buildings.
 */
import { PbfWriter } from 'pbf';
import { zlibSync } from 'fflate';

export interface FixtureNode {
  id: number;
  lon: number;
  lat: number;
  tags?: Record<string, string>;
}
export interface FixtureWay {
  id: number;
  refs: number[];
  tags: Record<string, string>;
}
export interface FixtureRelation {
  id: number;
  members: { type: 'node' | 'way' | 'relation'; ref: number; role: string }[];
  tags: Record<string, string>;
}

const LON0 = 6.14;
const LAT0 = 46.2;
const round = (v: number) => Math.round(v * 1e7) / 1e7;
const node = (id: number, dLon: number, dLat: number, tags?: Record<string, string>): FixtureNode => ({ id, lon: round(LON0 + dLon), lat: round(LAT0 + dLat), ...(tags ? { tags } : {}) });

export const NODES: FixtureNode[] = [
  node(1, 0, 0), node(2, 0.0003, 0), node(3, 0.0003, 0.0002), node(4, 0, 0.0002),
  node(5, 0.001, 0), node(6, 0.0014, 0), node(7, 0.0014, 0.0004), node(8, 0.001, 0.0004),
  node(9, 0.0011, 0.0001), node(10, 0.0012, 0.0001), node(11, 0.0012, 0.0002), node(12, 0.0011, 0.0002),
  node(13, -0.001, -0.001), node(14, 0, -0.001), node(15, 0.002, -0.001),
  node(16, 0.0005, 0.001, { natural: 'tree', height: '12' }),
  node(17, 0.0005, 0.0015, { natural: 'tree', leaf_cycle: 'evergreen' }),
];

export const WAYS: FixtureWay[] = [
  { id: 100, refs: [1, 2, 3, 4, 1], tags: { building: 'apartments', height: '30 ft', 'building:levels': '3' } },
  { id: 101, refs: [5, 6, 7], tags: {} },
  { id: 102, refs: [7, 8, 5], tags: {} },
  { id: 103, refs: [9, 10, 11, 12, 9], tags: {} },
  { id: 104, refs: [13, 14, 15], tags: { highway: 'primary', maxspeed: '30 mph', oneway: '-1', lanes: '2;3', name: 'Rue du Test' } },
  { id: 105, refs: [14, 1], tags: { highway: 'residential', maxspeed: 'CH:urban' } },
  { id: 106, refs: [1, 2, 3], tags: { building: 'yes' } },
  { id: 107, refs: [1, 2, 999, 1], tags: { building: 'yes' } },
];

export const RELATIONS: FixtureRelation[] = [
  {
    id: 300,
    members: [
      { type: 'way', ref: 101, role: 'outer' },
      { type: 'way', ref: 102, role: 'outer' },
      { type: 'way', ref: 103, role: 'inner' },
    ],
    tags: { type: 'multipolygon', building: 'yes', 'building:levels': '5' },
  },
];

export function fixtureXml(): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const tags = (t: Record<string, string> | undefined) => Object.entries(t ?? {}).map(([k, v]) => `  <tag k="${esc(k)}" v="${esc(v)}"/>`).join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<osm version="0.6" generator="civic-twin test">',
    ...NODES.map((n) => (n.tags ? `<node id="${n.id}" lat="${n.lat}" lon="${n.lon}">\n${tags(n.tags)}\n</node>` : `<node id="${n.id}" lat="${n.lat}" lon="${n.lon}"/>`)),
    ...WAYS.map((w) => `<way id="${w.id}">\n${w.refs.map((r) => `  <nd ref="${r}"/>`).join('\n')}\n${tags(w.tags)}\n</way>`),
    ...RELATIONS.map((r) => `<relation id="${r.id}">\n${r.members.map((m) => `  <member type="${m.type}" ref="${m.ref}" role="${m.role}"/>`).join('\n')}\n${tags(r.tags)}\n</relation>`),
    '</osm>',
  ].join('\n');
}

/** PBF bytes; data blocks zlib-compressed when `zlib`, raw otherwise. */
export function fixturePbf(zlib = true): Uint8Array {
  const strings = [''];
  const sid = (s: string) => {
    let i = strings.indexOf(s);
    if (i < 0) i = strings.push(s) - 1;
    return i;
  };
  const granularity = 100;
  const latOffset = 46_000_000_000;
  const lonOffset = 6_000_000_000;
  const toLat = (lat: number) => Math.round((lat * 1e9 - latOffset) / granularity);
  const toLon = (lon: number) => Math.round((lon * 1e9 - lonOffset) / granularity);
  const delta = (values: number[]) => values.map((v, i) => v - (i === 0 ? 0 : (values[i - 1] ?? 0)));

  // Tags first so the string table is complete before the block is written.
  const keysVals: number[] = [];
  for (const n of NODES) {
    for (const [k, v] of Object.entries(n.tags ?? {})) keysVals.push(sid(k), sid(v));
    keysVals.push(0);
  }
  const wayTags = WAYS.map((w) => Object.entries(w.tags).map(([k, v]) => [sid(k), sid(v)] as const));
  const relTags = RELATIONS.map((r) => Object.entries(r.tags).map(([k, v]) => [sid(k), sid(v)] as const));
  const roles = RELATIONS.map((r) => r.members.map((m) => sid(m.role)));

  const block = new PbfWriter();
  block.writeMessage(1, (_: null, p: PbfWriter) => {
    for (const s of strings) p.writeBytesField(1, new TextEncoder().encode(s));
  }, null);
  block.writeMessage(2, (_: null, p: PbfWriter) => {
    p.writeMessage(2, (__: null, d: PbfWriter) => {
      d.writePackedSVarint(1, delta(NODES.map((n) => n.id)));
      d.writePackedSVarint(8, delta(NODES.map((n) => toLat(n.lat))));
      d.writePackedSVarint(9, delta(NODES.map((n) => toLon(n.lon))));
      d.writePackedVarint(10, keysVals);
    }, null);
  }, null);
  block.writeMessage(2, (_: null, p: PbfWriter) => {
    WAYS.forEach((w, i) => {
      p.writeMessage(3, (__: null, q: PbfWriter) => {
        q.writeVarintField(1, w.id);
        q.writePackedVarint(2, (wayTags[i] ?? []).map((t) => t[0]));
        q.writePackedVarint(3, (wayTags[i] ?? []).map((t) => t[1]));
        q.writePackedSVarint(8, delta(w.refs));
      }, null);
    });
  }, null);
  block.writeMessage(2, (_: null, p: PbfWriter) => {
    RELATIONS.forEach((r, i) => {
      p.writeMessage(4, (__: null, q: PbfWriter) => {
        q.writeVarintField(1, r.id);
        q.writePackedVarint(2, (relTags[i] ?? []).map((t) => t[0]));
        q.writePackedVarint(3, (relTags[i] ?? []).map((t) => t[1]));
        q.writePackedVarint(8, roles[i] ?? []);
        q.writePackedSVarint(9, delta(r.members.map((m) => m.ref)));
        q.writePackedVarint(10, r.members.map((m) => ['node', 'way', 'relation'].indexOf(m.type)));
      }, null);
    });
  }, null);
  block.writeVarintField(17, granularity);
  block.writeVarintField(19, latOffset);
  block.writeVarintField(20, lonOffset);

  const header = new PbfWriter();
  header.writeStringField(4, 'OsmSchema-V0.6');
  header.writeStringField(4, 'DenseNodes');

  return concat([blob('OSMHeader', header.finish(), false), blob('OSMData', block.finish(), zlib)]);
}

function blob(type: string, payload: Uint8Array, zlib: boolean): Uint8Array {
  const b = new PbfWriter();
  if (zlib) {
    b.writeVarintField(2, payload.length);
    b.writeBytesField(3, zlibSync(payload));
  } else b.writeBytesField(1, payload);
  const blobBytes = b.finish();
  const h = new PbfWriter();
  h.writeStringField(1, type);
  h.writeVarintField(3, blobBytes.length);
  const headerBytes = h.finish();
  const length = new Uint8Array(4);
  new DataView(length.buffer).setInt32(0, headerBytes.length, false);
  return concat([length, headerBytes, blobBytes]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
