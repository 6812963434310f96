/**
 * OSM primitives → city features, after the OSM wiki's tag definitions (Key:building,
 * Key:building:levels, Key:height, Key:highway, Key:maxspeed, Key:oneway, Tag:natural=tree,
 * Relation:multipolygon). Buildings come from closed ways and type=multipolygon relations
 * (outer/inner rings assembled from member ways); roads from highway ways; trees from
 * natural=tree nodes; parks, grass and water become ground polygons with their G; rivers and
 * railways context lines.
 */
import type { BuildingUse, RoadClass } from '../city-model';
import { GROUND_FACTOR_BY_COVER, LINE_WIDTH_M, USE_BY_BUILDING_TYPE } from '../defaults';
import type { ReportCollector } from '../import-report';
import type { CityStaging } from '../table-builders';
import type { OsmDataset, OsmTags } from './osm-dataset';
import { parseCount, parseLengthM, parseMaxSpeedKmh } from './osm-values';

export const OSM_ATTRIBUTION = '© OpenStreetMap contributors';

export interface OsmFeatureOptions {
  /** Import building:part outlines as buildings too (they overlap their building's outline). Default false. */
  buildingParts?: boolean;
}

const HIGHWAY_CLASS: Readonly<Record<string, RoadClass>> = {
  motorway: 'motorway', motorway_link: 'motorway', trunk: 'trunk', trunk_link: 'trunk',
  primary: 'primary', primary_link: 'primary', secondary: 'secondary', secondary_link: 'secondary',
  tertiary: 'tertiary', tertiary_link: 'tertiary', residential: 'residential', service: 'service', track: 'service',
  living_street: 'living_street', pedestrian: 'pedestrian', cycleway: 'cycleway',
  footway: 'footway', path: 'footway', steps: 'footway', bridleway: 'footway',
  unclassified: 'unclassified', road: 'unclassified', busway: 'primary',
};

const RAILWAY_KINDS = new Set(['rail', 'tram', 'light_rail', 'subway', 'narrow_gauge', 'monorail', 'funicular']);
const WATERWAY_KINDS = new Set(['river', 'stream', 'canal', 'ditch', 'drain']);

/** Ground cover named by an area's tags, or undefined. */
function groundCover(tags: OsmTags): string | undefined {
  const landuse = tags.landuse;
  const leisure = tags.leisure;
  const natural = tags.natural;
  if (natural === 'water' || tags.water !== undefined || landuse === 'reservoir' || landuse === 'basin') return 'water';
  if (leisure === 'park' || leisure === 'garden') return 'park';
  if (landuse === 'grass' || landuse === 'meadow' || landuse === 'village_green' || landuse === 'recreation_ground' || natural === 'grassland') return 'grass';
  if (landuse === 'forest' || natural === 'wood') return 'forest';
  if (natural === 'scrub' || natural === 'heath') return 'scrub';
  if (landuse === 'cemetery') return 'cemetery';
  if (landuse === 'farmland' || landuse === 'orchard' || landuse === 'vineyard' || landuse === 'allotments') return 'farmland';
  if (tags.place === 'square' || (tags.highway === 'pedestrian' && tags.area === 'yes')) return 'square';
  if (tags.amenity === 'parking') return 'parking';
  return undefined;
}

function buildingUse(tags: OsmTags): BuildingUse | undefined {
  const type = tags.building ?? tags['building:part'] ?? 'yes';
  const byType = USE_BY_BUILDING_TYPE[type];
  if (byType !== undefined) return byType;
  if (tags.shop !== undefined) return tags['building:levels'] !== undefined && Number(tags['building:levels']) > 1 ? 'mixed' : 'commercial';
  if (tags.office !== undefined) return 'office';
  const amenity = tags.amenity;
  if (amenity === 'school' || amenity === 'university' || amenity === 'kindergarten' || amenity === 'college') return 'education';
  if (amenity === 'hospital' || amenity === 'clinic') return 'health';
  if (amenity === 'place_of_worship') return 'religious';
  if (amenity !== undefined) return 'public';
  return undefined;
}

function isClosed(refs: ArrayLike<number>): boolean {
  return refs.length >= 4 && refs[0] === refs[refs.length - 1];
}

/** Adds the features of `data` to `staging`; problems go to `report` naming `file`. */
export function stageOsm(data: OsmDataset, file: string, staging: CityStaging, report: ReportCollector, options: OsmFeatureOptions = {}): void {
  staging.crsByFile.set(file, 'EPSG:4326');
  staging.attributions.add(OSM_ATTRIBUTION);
  let treeRows = 0;
  for (let w = 0; w < data.wayId.length; w++) {
    const tags = data.wayTags[w];
    if (!tags) continue;
    const id = `way/${data.wayId[w] ?? 0}`;
    const refs = data.wayRefsOf(w);
    const isBuilding = (tags.building !== undefined && tags.building !== 'no') || (options.buildingParts === true && tags['building:part'] !== undefined && tags['building:part'] !== 'no');
    const highway = tags.highway;
    const cover = groundCover(tags);
    const wantsLine = highway !== undefined || RAILWAY_KINDS.has(tags.railway ?? '') || WATERWAY_KINDS.has(tags.waterway ?? '');
    if (!isBuilding && cover === undefined && !wantsLine) {
      if (tags.natural === 'tree_row') treeRows++;
      continue;
    }
    const { coords, missing } = data.resolve(refs);
    if (missing !== undefined) {
      report.skip(file, id, `references node ${missing}, which is not in the file`);
      continue;
    }
    if (isBuilding) {
      if (!isClosed(refs)) report.skip(file, id, 'building way is not closed');
      else addBuilding(staging, report, file, id, [coords], tags);
    } else if (cover !== undefined && isClosed(refs)) {
      const reason = staging.ground.addGround([coords], id, GROUND_FACTOR_BY_COVER[cover] ?? 0, cover);
      if (reason !== undefined) report.skip(file, id, reason);
    } else if (highway !== undefined) {
      const roadClass = HIGHWAY_CLASS[highway];
      if (roadClass === undefined) continue; // construction, proposed, platform, corridor…: not roads.
      addRoad(staging, report, file, id, coords, tags, roadClass);
    } else if (wantsLine) {
      const kind = tags.railway ?? tags.waterway ?? 'line';
      const reason = staging.lines.addLine(coords, 2, id, kind, parseLengthM(tags.width) || (LINE_WIDTH_M[kind] ?? 3));
      if (reason !== undefined) report.skip(file, id, reason);
    }
  }
  if (treeRows > 0) report.warn(`${file}: ${treeRows} natural=tree_row ways not imported as individual trees (positions unknown)`);
  for (const rel of data.relations) stageMultipolygon(data, file, staging, report, rel);
  for (const node of data.taggedNodes) {
    if (node.tags.natural !== 'tree') continue;
    const k = data.nodeIndex.get(node.id) ?? 0;
    const leaf = node.tags.leaf_cycle === 'evergreen' ? 0 : node.tags.leaf_cycle === 'deciduous' ? 1 : 2;
    const reason = staging.trees.addTree(
      `node/${node.id}`, data.nodeLonLat.get(2 * k), data.nodeLonLat.get(2 * k + 1), NaN,
      parseLengthM(node.tags.height), parseLengthM(node.tags.diameter_crown), leaf,
    );
    if (reason !== undefined) report.skip(file, `node/${node.id}`, reason);
  }
}

function addBuilding(staging: CityStaging, report: ReportCollector, file: string, id: string, rings: ArrayLike<number>[], tags: OsmTags): void {
  const height = parseLengthM(tags.height ?? tags['building:height']);
  const minHeight = parseLengthM(tags.min_height);
  const base = Number.isFinite(minHeight) ? minHeight : 0;
  const use = buildingUse(tags);
  const reason = staging.buildings.addBuilding(rings, {
    id,
    heightM: Number.isFinite(height) ? height - base : NaN,
    baseOffsetM: base,
    storeys: parseCount(tags['building:levels']),
    roofStoreys: parseCount(tags['roof:levels']) || 0,
    ...(use === undefined ? {} : { use }),
    typeHint: tags.building ?? '',
    attributes: tags,
  });
  if (reason !== undefined) report.skip(file, id, reason);
}

function addRoad(staging: CityStaging, report: ReportCollector, file: string, id: string, coords: Float64Array, tags: OsmTags, roadClass: RoadClass): void {
  const oneway = tags.oneway;
  const impliedOneway = roadClass === 'motorway' || tags.junction === 'roundabout';
  const direction: -1 | 0 | 1 = oneway === '-1' || oneway === 'reverse' ? -1 : oneway === 'yes' || oneway === 'true' || oneway === '1' ? 1 : oneway === 'no' ? 0 : impliedOneway ? 1 : 0;
  const reason = staging.roads.addRoad(coords, 2, {
    id,
    name: tags.name ?? '',
    roadClass,
    lanes: parseCount(tags.lanes),
    maxSpeedKmh: parseMaxSpeedKmh(tags.maxspeed),
    oneway: direction,
    attributes: tags,
  });
  if (reason !== undefined) report.skip(file, id, reason);
}

/** type=multipolygon relations: assemble outer and inner rings from member ways. */
function stageMultipolygon(data: OsmDataset, file: string, staging: CityStaging, report: ReportCollector, rel: { id: number; tags: OsmTags; members: { type: string; ref: number; role: string }[] }): void {
  const tags = rel.tags;
  if (tags.type !== 'multipolygon') return;
  const isBuilding = tags.building !== undefined && tags.building !== 'no';
  const cover = groundCover(tags);
  if (!isBuilding && cover === undefined) return;
  const id = `relation/${rel.id}`;
  const outer: number[][] = [];
  const inner: number[][] = [];
  for (const m of rel.members) {
    if (m.type !== 'way') continue;
    const w = data.wayIndex.get(m.ref);
    if (w === undefined) {
      report.skip(file, id, `member way/${m.ref} is not in the file`);
      return;
    }
    (m.role === 'inner' ? inner : outer).push(Array.from(data.wayRefsOf(w)));
  }
  const outerRings = assembleRings(outer);
  const innerRings = assembleRings(inner);
  if (outerRings === undefined || innerRings === undefined || outerRings.length === 0) {
    report.skip(file, id, 'multipolygon rings do not close');
    return;
  }
  const resolved = (ring: number[]) => data.resolve(ring);
  const inners = innerRings.map(resolved);
  for (let k = 0; k < outerRings.length; k++) {
    const o = resolved(outerRings[k] ?? []);
    if (o.missing !== undefined) {
      report.skip(file, id, `references node ${o.missing}, which is not in the file`);
      continue;
    }
    const holes = inners.filter((h) => h.missing === undefined && pointInRing(h.coords[0] ?? NaN, h.coords[1] ?? NaN, o.coords)).map((h) => h.coords);
    const featureId = outerRings.length > 1 ? `${id}#${k}` : id;
    if (isBuilding) addBuilding(staging, report, file, featureId, [o.coords, ...holes], tags);
    else if (cover !== undefined) {
      const reason = staging.ground.addGround([o.coords, ...holes], featureId, GROUND_FACTOR_BY_COVER[cover] ?? 0, cover);
      if (reason !== undefined) report.skip(file, featureId, reason);
    }
  }
}

/** Joins way node lists end to end into closed rings; undefined when one cannot be closed. */
export function assembleRings(ways: number[][]): number[][] | undefined {
  const pending = ways.filter((w) => w.length >= 2);
  const rings: number[][] = [];
  while (pending.length > 0) {
    const ring = [...(pending.pop() ?? [])];
    while (ring[0] !== ring[ring.length - 1]) {
      const last = ring[ring.length - 1];
      const k = pending.findIndex((w) => w[0] === last || w[w.length - 1] === last);
      if (k < 0) return undefined;
      const next = pending.splice(k, 1)[0] ?? [];
      if (next[0] !== last) next.reverse();
      for (let i = 1; i < next.length; i++) ring.push(next[i] ?? 0);
    }
    if (ring.length >= 4) rings.push(ring);
  }
  return rings;
}

/** Even-odd point-in-polygon test on interleaved x, y. */
function pointInRing(x: number, y: number, ring: ArrayLike<number>): boolean {
  let inside = false;
  const n = ring.length >> 1;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ring[2 * i] ?? 0, yi = ring[2 * i + 1] ?? 0, xj = ring[2 * j] ?? 0, yj = ring[2 * j + 1] ?? 0;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
