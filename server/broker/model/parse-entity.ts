/**
 * Validate an incoming entity or attribute fragment (normalized or concise, ETSI GS CIM 009
 * clauses 4.5 and 5.5.3/4.5.1.2 concise rules) and expand it with a compiled term map.
 * Errors are BadRequestData naming the member and the reason.
 */
import { badData } from '../errors';
import type { TermMap } from '../context/term-map';
import { validateGeometry } from '../query/geometry';
import { ATTRIBUTE_TYPES, CORE_ATTR_MEMBERS, CORE_ENTITY_MEMBERS, NGSI_LD_NULL, type AttributeType, type StoredAttr } from './entity';

const FORBIDDEN_NAME = /[<>"'=;()\s]/;
const URI = /^[a-zA-Z][a-zA-Z0-9+.-]*:\S*$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function assertUri(value: unknown, what: string): string {
  if (typeof value !== 'string' || !URI.test(value)) throw badData(`${what} must be a URI, got ${JSON.stringify(value)}`);
  return value;
}

export function assertName(name: string, what: string): void {
  if (name === '' || FORBIDDEN_NAME.test(name)) throw badData(`${what} ${JSON.stringify(name)} contains a forbidden character`);
}

function assertDateTime(value: unknown, what: string): void {
  if (typeof value !== 'string' || !DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) throw badData(`${what} must be an ISO 8601 DateTime, got ${JSON.stringify(value)}`);
}

/** Entity types as expanded IRIs. */
export function parseTypes(value: unknown, terms: TermMap): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw badData('entity type must not be empty');
  return list.map((t) => {
    if (typeof t !== 'string' || t === '') throw badData(`entity type must be a non-empty string, got ${JSON.stringify(t)}`);
    assertName(t, 'entity type');
    const iri = terms.expand(t);
    if (iri.startsWith('@')) throw badData(`entity type ${JSON.stringify(t)} is a JSON-LD keyword alias, not a type`);
    return iri;
  });
}

function isGeoJsonGeometry(value: unknown): boolean {
  return isObject(value) && typeof value['type'] === 'string' && ('coordinates' in value || 'geometries' in value) && /^(Multi)?(Point|LineString|Polygon)$|^GeometryCollection$/.test(value['type']);
}

/** Infer the attribute type of a concise attribute (clause 4.5.1.2 / 5.2.38). */
function inferType(raw: unknown): AttributeType {
  if (!isObject(raw)) return 'Property';
  if ('value' in raw) return isGeoJsonGeometry(raw['value']) ? 'GeoProperty' : 'Property';
  if ('object' in raw) return 'Relationship';
  if ('languageMap' in raw) return 'LanguageProperty';
  if ('vocab' in raw) return 'VocabProperty';
  if ('json' in raw) return 'JsonProperty';
  if ('valueList' in raw) return 'ListProperty';
  if ('objectList' in raw) return 'ListRelationship';
  if (isGeoJsonGeometry(raw)) return 'GeoProperty';
  throw badData('a concise attribute that is a JSON object needs one of value, object, languageMap, vocab, json, valueList, objectList');
}

export interface ParseOptions {
  /** Timestamp for createdAt/modifiedAt (ISO 8601). */
  now: string;
  /** Allow urn:ngsi-ld:null (merge/patch/update): returns 'delete'. */
  allowNull: boolean;
}

/** Expand one attribute instance; 'delete' when it is the NGSI-LD null. */
export function parseAttribute(name: string, raw: unknown, terms: TermMap, options: ParseOptions, depth = 0): StoredAttr | 'delete' {
  if (raw === NGSI_LD_NULL || (isObject(raw) && (raw['value'] === NGSI_LD_NULL || raw['object'] === NGSI_LD_NULL || raw['vocab'] === NGSI_LD_NULL || raw['json'] === NGSI_LD_NULL || raw['languageMap'] === NGSI_LD_NULL))) {
    if (options.allowNull) return 'delete';
    throw badData(`attribute ${name}: urn:ngsi-ld:null is only allowed when updating`);
  }
  if (raw === null) throw badData(`attribute ${name}: null is not a valid attribute`);
  const declared = isObject(raw) ? raw['type'] : undefined;
  let type: AttributeType;
  if (declared === undefined || (isGeoJsonGeometry(raw) && !(ATTRIBUTE_TYPES as readonly string[]).includes(String(declared)))) type = inferType(raw);
  else if (typeof declared === 'string' && (ATTRIBUTE_TYPES as readonly string[]).includes(declared)) type = declared as AttributeType;
  else throw badData(`attribute ${name}: type ${JSON.stringify(declared)} is not one of ${ATTRIBUTE_TYPES.join(', ')}`);
  const body: Record<string, unknown> = isObject(raw) ? raw : { value: raw };
  const attr: StoredAttr = { type };
  switch (type) {
    case 'Property':
      if (!('value' in body)) throw badData(`attribute ${name}: a Property needs a value`);
      if (body['value'] === null) throw badData(`attribute ${name}: value must not be null`);
      attr['value'] = body['value'];
      break;
    case 'GeoProperty': {
      const value = body['value'] ?? (isGeoJsonGeometry(body) ? body : undefined);
      const problem = validateGeometry(value);
      if (problem !== undefined) throw badData(`attribute ${name}: ${problem}`);
      attr['value'] = value;
      break;
    }
    case 'Relationship': {
      const object = body['object'];
      if (Array.isArray(object)) object.forEach((o, i) => assertUri(o, `attribute ${name}: object[${i}]`));
      else assertUri(object, `attribute ${name}: object`);
      attr['object'] = object;
      if (body['objectType'] !== undefined) attr['objectType'] = body['objectType'];
      break;
    }
    case 'LanguageProperty': {
      const map = body['languageMap'];
      if (!isObject(map)) throw badData(`attribute ${name}: languageMap must be an object of language tag → string`);
      for (const [tag, text] of Object.entries(map)) {
        const ok = typeof text === 'string' || (Array.isArray(text) && text.every((t) => typeof t === 'string'));
        if (!ok) throw badData(`attribute ${name}: languageMap[${tag}] must be a string`);
      }
      attr['languageMap'] = map;
      break;
    }
    case 'VocabProperty': {
      const vocab = body['vocab'];
      const list = Array.isArray(vocab) ? vocab : [vocab];
      if (list.length === 0 || !list.every((v) => typeof v === 'string' && v !== '')) throw badData(`attribute ${name}: vocab must be a string or strings`);
      const expanded = (list as string[]).map((v) => terms.expand(v));
      attr['vocab'] = Array.isArray(vocab) ? expanded : expanded[0];
      break;
    }
    case 'JsonProperty':
      if (!('json' in body) || body['json'] === null) throw badData(`attribute ${name}: a JsonProperty needs a json member`);
      attr['json'] = body['json'];
      break;
    case 'ListProperty':
      if (!Array.isArray(body['valueList'])) throw badData(`attribute ${name}: valueList must be an array`);
      attr['valueList'] = body['valueList'];
      break;
    case 'ListRelationship':
      if (!Array.isArray(body['objectList'])) throw badData(`attribute ${name}: objectList must be an array`);
      attr['objectList'] = body['objectList'];
      break;
  }
  if (body['observedAt'] !== undefined) {
    assertDateTime(body['observedAt'], `attribute ${name}: observedAt`);
    attr['observedAt'] = body['observedAt'];
  }
  if (body['unitCode'] !== undefined) {
    if (typeof body['unitCode'] !== 'string') throw badData(`attribute ${name}: unitCode must be a string`);
    attr['unitCode'] = body['unitCode'];
  }
  if (body['datasetId'] !== undefined) attr['datasetId'] = assertUri(body['datasetId'], `attribute ${name}: datasetId`);
  attr['createdAt'] = options.now;
  attr['modifiedAt'] = options.now;
  if (!isObject(raw) || (type === 'GeoProperty' && !('value' in raw))) return attr;
  for (const [key, sub] of Object.entries(raw)) {
    if (CORE_ATTR_MEMBERS.has(key) || key === '@context') continue;
    if (depth >= 4) throw badData(`attribute ${name}: sub-attributes nest too deep`);
    assertName(key, `sub-attribute of ${name}`);
    const parsed = parseAttribute(`${name}.${key}`, Array.isArray(sub) && sub.length === 1 ? sub[0] : sub, terms, options, depth + 1);
    if (parsed !== 'delete') attr[terms.expand(key)] = parsed;
  }
  return attr;
}

/** Expand all instances of an attribute given as object or array (datasetId instances). */
export function parseAttributeInstances(name: string, raw: unknown, terms: TermMap, options: ParseOptions): StoredAttr[] | 'delete' {
  const list = Array.isArray(raw) && !(raw.length > 0 && !isObject(raw[0])) ? raw : [raw];
  if (list.length === 0) throw badData(`attribute ${name}: empty array`);
  const out: StoredAttr[] = [];
  const seen = new Set<string>();
  for (const item of list) {
    const parsed = parseAttribute(name, item, terms, options);
    if (parsed === 'delete') return 'delete';
    const key = typeof parsed['datasetId'] === 'string' ? parsed['datasetId'] : '@default';
    if (seen.has(key)) throw badData(`attribute ${name}: two instances with datasetId ${key}`);
    seen.add(key);
    out.push(parsed);
  }
  return out;
}

export interface ParsedFragment {
  attrs: Record<string, StoredAttr[]>;
  deletions: string[];
  type?: string[];
  scope?: string[];
}

/** Parse the attribute members of an entity or fragment body (other core members ignored). */
export function parseFragment(body: Record<string, unknown>, terms: TermMap, options: ParseOptions, maxAttributes: number): ParsedFragment {
  const attrs: Record<string, StoredAttr[]> = {};
  const deletions: string[] = [];
  let count = 0;
  for (const [name, raw] of Object.entries(body)) {
    if (CORE_ENTITY_MEMBERS.has(name)) continue;
    assertName(name, 'attribute name');
    if (++count > maxAttributes) throw badData(`more than ${maxAttributes} attributes in one entity`);
    const iri = terms.expand(name);
    const parsed = parseAttributeInstances(name, raw, terms, options);
    if (parsed === 'delete') deletions.push(iri);
    else attrs[iri] = parsed;
  }
  const out: ParsedFragment = { attrs, deletions };
  const rawType = body['type'] ?? body['@type'];
  if (rawType !== undefined) out.type = parseTypes(rawType, terms);
  if (body['scope'] !== undefined) out.scope = parseScope(body['scope']);
  return out;
}

export function parseScope(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  for (const s of list) {
    if (typeof s !== 'string' || !/^\/[^\s/]+(\/[^\s/]+)*$/.test(s)) throw badData(`scope ${JSON.stringify(s)} must be a path like /Madrid/Gardens`);
  }
  return list as string[];
}
