/**
 * Query entities (ETSI GS CIM 009 clause 5.7.2 / 6.4.3.2): id, idPattern, type expression, attrs,
 * q, geo-query (georel/geometry/coordinates/geoproperty, clause 4.10), scopeQ, orderBy (V1.9:
 * comma-separated attribute paths, `;desc` or `;asc` after each), with limit/offset.
 */
import { BrokerError, badData } from '../errors';
import type { TermMap } from '../context/term-map';
import { NGSI_LD } from '../context/term-map';
import { attrContent, defaultInstance, type StoredEntity } from '../model/entity';
import type { TenantStore } from '../store/tenant-store';
import { distanceToGeometryM, equals, intersects, validateGeometry, within, type Geometry } from './geometry';
import { evaluateQ, parseQ, type QNode } from './q-language';
import { matchesScopeQ, matchesType, orTypes, parseTypeExpression, type TypeNode } from './type-expression';
import type { Query } from '../routes/http';

export interface GeoQuery {
  georel: string;
  relation: 'near' | 'within' | 'contains' | 'intersects' | 'disjoint' | 'equals' | 'overlaps';
  maxDistance?: number;
  minDistance?: number;
  geometry: Geometry;
  /** Expanded IRI of the GeoProperty (default location). */
  geoproperty: string;
}

export interface EntityFilter {
  ids?: string[];
  idPattern?: RegExp;
  type?: TypeNode;
  attrs?: Set<string>;
  q?: QNode;
  geo?: GeoQuery;
  scopeQ?: string;
}

/** Parse a geo-query from georel/geometry/coordinates/geoproperty (clause 4.10, 6.3.x). */
export function parseGeoQuery(georel: string | undefined, geometryType: string | undefined, coordinates: unknown, geoproperty: string | undefined, terms: TermMap): GeoQuery | undefined {
  if (georel === undefined && geometryType === undefined && coordinates === undefined) return undefined;
  if (georel === undefined || geometryType === undefined || coordinates === undefined) throw badData('a geo-query needs georel, geometry and coordinates together');
  const [relation = '', ...modifiers] = georel.split(';');
  if (!['near', 'within', 'contains', 'intersects', 'disjoint', 'equals', 'overlaps'].includes(relation)) throw badData(`georel: unknown relation ${relation}`);
  let coords = coordinates;
  if (typeof coords === 'string') {
    try {
      coords = JSON.parse(coords) as number[];
    } catch {
      throw badData(`coordinates: not a JSON array: ${coords}`);
    }
  }
  const geometry: Geometry = { type: geometryType, coordinates: coords };
  const problem = validateGeometry(geometry);
  if (problem !== undefined) throw badData(`geometry/coordinates: ${problem}`);
  const geo: GeoQuery = { georel, relation: relation as GeoQuery['relation'], geometry, geoproperty: terms.expand(geoproperty ?? 'location') };
  for (const modifier of modifiers) {
    const m = /^(maxDistance|minDistance)==(\d+(\.\d+)?)$/.exec(modifier);
    if (m === null) throw badData(`georel: bad modifier ${modifier} (use maxDistance==m or minDistance==m)`);
    if (m[1] === 'maxDistance') geo.maxDistance = Number(m[2]);
    else geo.minDistance = Number(m[2]);
  }
  if (geo.relation === 'near' && (geo.maxDistance ?? geo.minDistance) === undefined) throw badData('georel near needs maxDistance or minDistance');
  if (geo.relation === 'near' && geometryType !== 'Point') throw badData('georel near needs a Point geometry');
  return geo;
}

export function matchesGeo(entity: StoredEntity, geo: GeoQuery): boolean {
  const attr = defaultInstance(entity.attrs[geo.geoproperty]);
  if (attr === undefined || attr.type !== 'GeoProperty') return false;
  const g = attr['value'] as Geometry;
  switch (geo.relation) {
    case 'near': {
      const d = distanceToGeometryM(geo.geometry.coordinates as number[], g);
      return (geo.maxDistance === undefined || d <= geo.maxDistance) && (geo.minDistance === undefined || d >= geo.minDistance);
    }
    case 'within': return within(g, geo.geometry);
    case 'contains': return within(geo.geometry, g);
    case 'intersects': return intersects(g, geo.geometry);
    case 'disjoint': return !intersects(g, geo.geometry);
    case 'equals': return equals(g, geo.geometry);
    case 'overlaps': return intersects(g, geo.geometry) && !within(g, geo.geometry) && !within(geo.geometry, g);
  }
}

/** Build the filter of a query from its parameters (ids, type, q, geo, …). */
export function parseEntityFilter(query: Query, terms: TermMap, requireSelector: boolean): EntityFilter {
  const filter: EntityFilter = {};
  if (query['id'] !== undefined) filter.ids = query['id'].split(',').filter((s) => s !== '');
  if (query['idPattern'] !== undefined) {
    try {
      filter.idPattern = new RegExp(query['idPattern']);
    } catch {
      throw badData(`idPattern: invalid regular expression ${query['idPattern']}`);
    }
  }
  if (query['type'] !== undefined) filter.type = parseTypeExpression(query['type'], terms);
  const attrList = query['attrs'] ?? query['pick'];
  if (query['attrs'] !== undefined) filter.attrs = new Set(attrList?.split(',').filter((s) => s !== '').map((a) => terms.expand(a)));
  if (query['q'] !== undefined) filter.q = parseQ(query['q']);
  const geo = parseGeoQuery(query['georel'], query['geometry'], query['coordinates'], query['geoproperty'], terms);
  if (geo !== undefined) filter.geo = geo;
  if (query['scopeQ'] !== undefined) filter.scopeQ = query['scopeQ'];
  if (requireSelector && filter.ids === undefined && filter.idPattern === undefined && filter.type === undefined && filter.attrs === undefined && filter.q === undefined && filter.geo === undefined && query['local'] !== 'true') {
    throw badData('a query needs at least one of id, idPattern, type, attrs, q or a geo-query');
  }
  return filter;
}

export function matchesFilter(entity: StoredEntity, filter: EntityFilter, terms: TermMap): boolean {
  if (filter.ids !== undefined && !filter.ids.includes(entity.id)) return false;
  if (filter.idPattern !== undefined && !filter.idPattern.test(entity.id)) return false;
  if (filter.type !== undefined && !matchesType(filter.type, entity.type)) return false;
  if (filter.attrs !== undefined && filter.q === undefined && filter.geo === undefined && ![...filter.attrs].some((a) => entity.attrs[a] !== undefined)) return false;
  if (filter.q !== undefined && !evaluateQ(filter.q, entity, terms)) return false;
  if (filter.geo !== undefined && !matchesGeo(entity, filter.geo)) return false;
  if (filter.scopeQ !== undefined && !matchesScopeQ(filter.scopeQ, entity.scope)) return false;
  return true;
}

function sortKey(entity: StoredEntity, path: string[], terms: TermMap): unknown {
  if (path.length === 1 && (path[0] === 'id' || path[0] === '@id')) return entity.id;
  const attr = defaultInstance(entity.attrs[terms.expand(path[0] as string)]);
  let current = attr;
  for (const segment of path.slice(1)) current = current?.[terms.expand(segment)] as typeof attr;
  return current === undefined ? undefined : attrContent(current);
}

function compareValues(a: unknown, b: unknown): number {
  if (a === undefined) return b === undefined ? 0 : 1;
  if (b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Run a query over a tenant: all matches (ordered), for paging by the caller. */
export function runQuery(store: TenantStore, filter: EntityFilter, terms: TermMap, orderBy: string | undefined): StoredEntity[] {
  const types = filter.type === undefined ? undefined : orTypes(filter.type);
  const out: StoredEntity[] = [];
  for (const entity of store.candidates(types, filter.ids)) if (matchesFilter(entity, filter, terms)) out.push(entity);
  if (orderBy !== undefined && orderBy !== '') {
    const keys = orderBy.split(',').map((part) => {
      const [path = '', direction = 'asc'] = part.split(';');
      if (direction !== 'asc' && direction !== 'desc') throw badData(`orderBy: direction must be asc or desc, got ${direction}`);
      return { path: path.split('.'), sign: direction === 'desc' ? -1 : 1 };
    });
    const decorated = out.map((e) => ({ e, k: keys.map((key) => sortKey(e, key.path, terms)) }));
    decorated.sort((x, y) => {
      for (let i = 0; i < keys.length; i++) {
        const c = compareValues(x.k[i], y.k[i]);
        if (c !== 0) return c * (keys[i] as { sign: number }).sign;
      }
      return 0;
    });
    return decorated.map((d) => d.e);
  }
  return out;
}

export const NGSI_LD_LOCATION = `${NGSI_LD}location`;

/** Guard: too-long query strings are rejected before parsing. */
export function checkQueryLength(url: string, limit: number): void {
  const q = url.indexOf('?');
  if (q >= 0 && url.length - q > limit) throw new BrokerError('TooComplexQuery', `query string longer than ${limit} characters`);
}
