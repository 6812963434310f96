/**
 * Bring an NGSI-LD entity (normalized or concise, ETSI GS CIM 009 clause 4.5.1.2) to a canonical
 * normalized form for comparison: every attribute typed, single-element arrays of types, scopes
 * and vocab collapsed (as JSON-LD compaction does), system attributes and @context dropped.
 */
import { isGeometry } from '../../../src/ngsi/parse';

const SYSTEM = new Set(['createdAt', 'modifiedAt', 'deletedAt', 'instanceId', '@context']);
const CORE = new Set(['type', 'value', 'object', 'languageMap', 'vocab', 'json', 'valueList', 'objectList', 'observedAt', 'unitCode', 'datasetId', 'objectType', 'lang']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function single(v: unknown): unknown {
  return Array.isArray(v) && v.length === 1 ? v[0] : v;
}

function canonicalAttribute(raw: unknown): unknown {
  if (!isObject(raw)) return { type: 'Property', value: raw };
  if (isGeometry(raw) && !('value' in raw)) return { type: 'GeoProperty', value: raw };
  const out: Record<string, unknown> = {};
  let type = raw['type'];
  if (type === undefined || (typeof type === 'string' && isGeometry(raw))) {
    if ('value' in raw) type = isGeometry(raw['value']) ? 'GeoProperty' : 'Property';
    else if ('object' in raw) type = 'Relationship';
    else if ('languageMap' in raw) type = 'LanguageProperty';
    else if ('vocab' in raw) type = 'VocabProperty';
    else if ('json' in raw) type = 'JsonProperty';
    else if ('valueList' in raw) type = 'ListProperty';
    else if ('objectList' in raw) type = 'ListRelationship';
  }
  out['type'] = type;
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'type' || SYSTEM.has(key)) continue;
    if (key === 'vocab') out[key] = single(value);
    else if (CORE.has(key)) out[key] = value;
    else out[key] = Array.isArray(value) && value.length > 0 && value.every(isObject) ? value.map(canonicalAttribute) : canonicalAttribute(single(value));
  }
  return out;
}

export function canonicalEntity(entity: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entity)) {
    if (SYSTEM.has(key)) continue;
    if (key === 'id' || key === '@id') out['id'] = value;
    else if (key === 'type' || key === '@type' || key === 'scope') out[key === '@type' ? 'type' : key] = single(value);
    else if (Array.isArray(value) && value.length > 0 && value.every(isObject)) out[key] = value.length === 1 ? canonicalAttribute(value[0]) : value.map(canonicalAttribute);
    else out[key] = canonicalAttribute(value);
  }
  return out;
}
