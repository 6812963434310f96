/**
 * Reads an NGSI-LD entity in any representation (ETSI GS CIM 009 §4.5: normalized, concise
 * §4.5.3, simplified/keyValues §4.5.4, GeoJSON §4.5.16) into one shape: attribute instances keyed
 * by name, several per name when they carry a `datasetId` (multi-instance, §4.5.5).
 */

export type AttributeKind = 'Property' | 'GeoProperty' | 'Relationship' | 'LanguageProperty' | 'VocabProperty' | 'JsonProperty' | 'ListProperty' | 'ListRelationship';

export interface AttributeInstance {
  kind: AttributeKind;
  /** Property/GeoProperty/Json/List value (geometry for GeoProperty); for a Relationship, its object. */
  value: unknown;
  /** Relationship target(s). */
  object?: string | string[];
  /** LanguageProperty: language tag → string (or strings, §4.5.18 allows an array per language). */
  languageMap?: Record<string, string | string[]>;
  datasetId?: string;
  observedAt?: string;
  unitCode?: string;
  /** Sub-attributes (e.g. `dateObserved` nested as a property of a property). */
  sub: Record<string, AttributeInstance[]>;
}

export interface ParsedEntity {
  id: string;
  type: string | string[];
  attributes: Record<string, AttributeInstance[]>;
}

export interface Position {
  lonDeg: number;
  latDeg: number;
  /** Altitude (m) when the coordinates carry a third value. */
  heightM?: number;
}

const CORE_MEMBERS = new Set(['id', '@id', 'type', '@type', '@context', 'scope', 'createdAt', 'modifiedAt', 'deletedAt']);
const ATTRIBUTE_META = new Set(['type', 'value', 'object', 'languageMap', 'vocab', 'json', 'valueList', 'objectList', 'datasetId', 'observedAt', 'unitCode', 'createdAt', 'modifiedAt', 'deletedAt', 'instanceId', 'lang', 'objectType', 'previousValue', 'previousObject']);
const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);
const KINDS = new Set<string>(['Property', 'GeoProperty', 'Relationship', 'LanguageProperty', 'VocabProperty', 'JsonProperty', 'ListProperty', 'ListRelationship']);

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** True for a GeoJSON geometry object. */
export function isGeometry(x: unknown): x is { type: string; coordinates?: unknown } {
  return isRecord(x) && typeof x['type'] === 'string' && GEOMETRY_TYPES.has(x['type']) && ('coordinates' in x || 'geometries' in x);
}

/** One attribute instance from its JSON in any representation. */
export function parseAttribute(raw: unknown): AttributeInstance {
  if (!isRecord(raw) || isGeometry(raw)) {
    // Simplified form (or a concise GeoProperty given as its bare geometry).
    return { kind: isGeometry(raw) ? 'GeoProperty' : 'Property', value: raw, sub: {} };
  }
  const declared = typeof raw['type'] === 'string' && KINDS.has(raw['type']) ? (raw['type'] as AttributeKind) : undefined;
  let kind: AttributeKind;
  if (declared !== undefined) kind = declared;
  else if ('object' in raw) kind = 'Relationship';
  else if ('languageMap' in raw) kind = 'LanguageProperty';
  else if ('objectList' in raw) kind = 'ListRelationship';
  else if ('valueList' in raw) kind = 'ListProperty';
  else if ('vocab' in raw) kind = 'VocabProperty';
  else if ('json' in raw) kind = 'JsonProperty';
  else if ('value' in raw) kind = isGeometry(raw['value']) ? 'GeoProperty' : 'Property';
  else if ('@value' in raw) return { kind: 'Property', value: raw['@value'], sub: {} }; // JSON-LD value object ({"@type": "DateTime", "@value": …})
  else return { kind: 'Property', value: raw, sub: {} }; // simplified form of a structured value

  const instance: AttributeInstance = { kind, value: undefined, sub: {} };
  if (kind === 'Relationship' || kind === 'ListRelationship') {
    // Some deployments (older FIWARE tutorials) send a Relationship's target as `value`: accepted.
    const object = (kind === 'Relationship' ? raw['object'] : raw['objectList']) ?? raw['value'];
    if (typeof object === 'string' || (Array.isArray(object) && object.every((o) => typeof o === 'string'))) instance.object = object;
    instance.value = instance.object;
  } else if (kind === 'LanguageProperty') {
    const map = raw['languageMap'];
    if (isRecord(map)) instance.languageMap = Object.fromEntries(Object.entries(map).filter((e): e is [string, string | string[]] => typeof e[1] === 'string' || (Array.isArray(e[1]) && e[1].every((x) => typeof x === 'string'))));
    instance.value = instance.languageMap;
  } else {
    const field = kind === 'ListProperty' ? 'valueList' : kind === 'VocabProperty' ? 'vocab' : kind === 'JsonProperty' ? 'json' : 'value';
    // Tolerant: a VocabProperty/JsonProperty/ListProperty sent with `value` (seen in the FIWARE tutorials).
    const v = field in raw ? raw[field] : raw['value'];
    instance.value = isRecord(v) && '@value' in v ? v['@value'] : v;
  }
  if (typeof raw['datasetId'] === 'string') instance.datasetId = raw['datasetId'];
  if (typeof raw['observedAt'] === 'string') instance.observedAt = raw['observedAt'];
  if (typeof raw['unitCode'] === 'string') instance.unitCode = raw['unitCode'];
  for (const [name, member] of Object.entries(raw)) {
    if (!ATTRIBUTE_META.has(name) && !name.startsWith('@')) instance.sub[name] = parseInstances(member);
  }
  return instance;
}

function parseInstances(raw: unknown): AttributeInstance[] {
  // An array of attribute objects with a type/value/object is multi-instance; any other array is a value.
  if (Array.isArray(raw) && raw.length > 0 && raw.every((r) => isRecord(r) && ('value' in r || 'object' in r || 'languageMap' in r || (typeof r['type'] === 'string' && KINDS.has(r['type']))))) {
    return raw.map(parseAttribute);
  }
  return [parseAttribute(raw)];
}

/** An entity from normalized, concise or simplified JSON, or a GeoJSON Feature. */
export function parseEntity(raw: unknown): ParsedEntity {
  if (!isRecord(raw)) throw new TypeError(`NGSI-LD entity must be a JSON object, got ${Array.isArray(raw) ? 'an array' : typeof raw}`);
  if (raw['type'] === 'Feature') {
    const properties = isRecord(raw['properties']) ? raw['properties'] : {};
    const entity = parseEntity({ ...properties, id: raw['id'] ?? properties['id'] });
    return entity;
  }
  const id = raw['id'] ?? raw['@id'];
  const type = raw['type'] ?? raw['@type'];
  if (typeof id !== 'string') throw new TypeError('NGSI-LD entity has no string "id"');
  if (typeof type !== 'string' && !(Array.isArray(type) && type.every((t) => typeof t === 'string'))) throw new TypeError(`NGSI-LD entity ${id} has no "type"`);
  const attributes: Record<string, AttributeInstance[]> = {};
  for (const [name, member] of Object.entries(raw)) {
    if (!CORE_MEMBERS.has(name)) attributes[name] = parseInstances(member);
  }
  return { id, type: type as string | string[], attributes };
}

/** Entities from a response body: an array, a single entity, or a GeoJSON FeatureCollection. */
export function parseEntities(body: unknown): ParsedEntity[] {
  if (isRecord(body) && body['type'] === 'FeatureCollection') return (Array.isArray(body['features']) ? body['features'] : []).map(parseEntity);
  if (Array.isArray(body)) return body.map(parseEntity);
  return [parseEntity(body)];
}

/** The instance of an attribute with the given datasetId (undefined = the default instance). */
export function attributeInstance(entity: ParsedEntity, name: string, datasetId?: string): AttributeInstance | undefined {
  return entity.attributes[name]?.find((i) => i.datasetId === datasetId);
}

/** The position of a point GeoProperty (default `location`), 2-D or 3-D; undefined if not a Point. */
export function pointOf(entity: ParsedEntity, geoProperty = 'location'): Position | undefined {
  const geometry = attributeInstance(entity, geoProperty)?.value ?? entity.attributes[geoProperty]?.[0]?.value;
  if (!isGeometry(geometry) || geometry.type !== 'Point' || !Array.isArray(geometry.coordinates)) return undefined;
  const [lon, lat, h] = geometry.coordinates as unknown[];
  if (typeof lon !== 'number' || typeof lat !== 'number') return undefined;
  return { lonDeg: lon, latDeg: lat, ...(typeof h === 'number' ? { heightM: h } : {}) };
}

/** A LanguageProperty's string in the preferred language, else the first one. */
export function localised(instance: AttributeInstance | undefined, languages: readonly string[]): string | undefined {
  if (instance === undefined) return undefined;
  if (typeof instance.value === 'string') return instance.value;
  const map = instance.languageMap;
  if (map === undefined) return undefined;
  const text = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v.join(', ') : v);
  for (const l of languages) if (map[l] !== undefined) return text(map[l]);
  return text(Object.values(map)[0]);
}
