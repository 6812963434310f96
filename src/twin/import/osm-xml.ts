/**
 * OpenStreetMap XML reader (OSM API 0.6 format, wiki.openstreetmap.org/wiki/OSM_XML), streamed
 * through saxes so the text is never held as a DOM; `.osm.gz` is inflated in chunks with fflate.
 */
import { SaxesParser } from 'saxes';
import { Gunzip } from 'fflate';
import { throwIfCancelled, type RunControl } from '../../sim/core/progress';
import { OsmDataset, type OsmMember, type OsmMemberType, type OsmTags } from './osm-dataset';

export class OsmXmlError extends Error {
  override name = 'OsmXmlError';
}

const CHUNK = 1 << 20;

/** Reads OSM XML bytes (gzip-compressed when `gzipped`) into an OsmDataset. */
export function readOsmXml(bytes: Uint8Array, gzipped: boolean, control?: RunControl): OsmDataset {
  const data = new OsmDataset();
  const parser = new SaxesParser({ xmlns: false, position: true });
  let element: 'node' | 'way' | 'relation' | null = null;
  let id = 0;
  let lon = NaN;
  let lat = NaN;
  let tags: OsmTags | null = null;
  let members: OsmMember[] = [];
  let sawRoot = false;
  let error: Error | null = null;

  parser.on('error', (e) => {
    error ??= new OsmXmlError(`XML error at line ${parser.line}, column ${parser.column}: ${e.message}`);
  });
  parser.on('opentag', (tag) => {
    const a = tag.attributes as Record<string, string>;
    switch (tag.name) {
      case 'osm':
        sawRoot = true;
        break;
      case 'node':
        element = 'node';
        id = Number(a.id);
        lon = Number(a.lon);
        lat = Number(a.lat);
        tags = null;
        break;
      case 'way':
        element = 'way';
        id = Number(a.id);
        tags = null;
        data.beginWay(id, null);
        break;
      case 'relation':
        element = 'relation';
        id = Number(a.id);
        tags = null;
        members = [];
        break;
      case 'tag':
        if (element !== null && a.k !== undefined) (tags ??= {})[a.k] = a.v ?? '';
        break;
      case 'nd':
        if (element === 'way') data.addWayRef(Number(a.ref));
        break;
      case 'member':
        if (element === 'relation') members.push({ type: (a.type ?? 'node') as OsmMemberType, ref: Number(a.ref), role: a.role ?? '' });
        break;
      default:
        break;
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'node' && element === 'node') {
      if (Number.isFinite(lon) && Number.isFinite(lat)) data.addNode(id, lon, lat, tags);
      element = null;
    } else if (tag.name === 'way' && element === 'way') {
      data.wayTags[data.wayTags.length - 1] = tags;
      element = null;
    } else if (tag.name === 'relation' && element === 'relation') {
      data.addRelation(id, tags ?? {}, members);
      element = null;
    }
  });

  const decoder = new TextDecoder('utf-8');
  let fed = 0;
  const feed = (chunk: Uint8Array, final: boolean) => {
    parser.write(decoder.decode(chunk, { stream: !final }));
    if (error) throw error;
    fed += chunk.length;
    throwIfCancelled(control, 'OSM XML import');
    control?.onProgress?.({ fraction: Math.min(1, fed / Math.max(1, bytes.length * (gzipped ? 8 : 1))), stage: 'OSM XML' });
  };
  if (gzipped) {
    const gunzip = new Gunzip((chunk, final) => feed(chunk, final));
    try {
      for (let pos = 0; pos < bytes.length; pos += CHUNK) gunzip.push(bytes.subarray(pos, pos + CHUNK), pos + CHUNK >= bytes.length);
    } catch (e) {
      if (e instanceof OsmXmlError) throw e;
      throw new OsmXmlError(`gzip data cannot be inflated (${e instanceof Error ? e.message : String(e)})`);
    }
  } else {
    for (let pos = 0; pos < bytes.length; pos += CHUNK) feed(bytes.subarray(pos, pos + CHUNK), pos + CHUNK >= bytes.length);
  }
  parser.close();
  if (error) throw error;
  if (!sawRoot) throw new OsmXmlError('no <osm> root element: not an OSM XML file');
  return data;
}
