/**
 * Compact a stored entity into a response representation (ETSI GS CIM 009 clause 4.5):
 * normalized, concise (4.5.1.2: attribute `type` dropped where inferable), simplified/keyValues
 * (4.5.3), with `sysAttrs` (createdAt/modifiedAt), `lang` (4.15: a LanguageProperty becomes a
 * Property with `lang`), attribute projection (attrs/pick/omit) and GeoJSON Features (4.5.16).
 */
import type { TermMap } from '../context/term-map';
import { CORE_ATTR_MEMBERS, defaultInstance, type StoredAttr, type StoredEntity } from './entity';

export type Format = 'normalized' | 'concise' | 'keyValues';

export interface RenderOptions {
  format: Format;
  sysAttrs: boolean;
  /** Language tags from `lang` (e.g. "fr,en" or "*"). */
  lang?: string;
  /** Attribute IRIs to keep (attrs / pick); undefined = all. */
  attrs?: ReadonlySet<string>;
  /** Attribute IRIs to drop (omit). */
  omit?: ReadonlySet<string>;
  /** Members `id`/`type` kept (pick/omit may remove them). */
  keepId?: boolean;
  keepType?: boolean;
  keepScope?: boolean;
}

function pickLanguage(map: Record<string, unknown>, lang: string): [string, unknown] | undefined {
  const wanted = lang.split(',').map((t) => t.split(';')[0]?.trim() ?? '').filter((t) => t !== '');
  for (const tag of wanted) {
    if (tag === '*') break;
    if (map[tag] !== undefined) return [tag, map[tag]];
    const prefix = Object.keys(map).find((k) => k.toLowerCase().startsWith(`${tag.toLowerCase()}-`) || tag.toLowerCase().startsWith(`${k.toLowerCase()}-`));
    if (prefix !== undefined) return [prefix, map[prefix]];
  }
  if (map['@none'] !== undefined) return ['@none', map['@none']];
  const first = Object.entries(map)[0];
  return first;
}

function compactVocab(value: unknown, terms: TermMap): unknown {
  if (Array.isArray(value) && value.length === 1) return compactVocab(value[0], terms);
  return Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? terms.compact(v) : v)) : typeof value === 'string' ? terms.compact(value) : value;
}

/** The simplified value of an attribute instance. */
function simplified(attr: StoredAttr, terms: TermMap, options: RenderOptions): unknown {
  switch (attr.type) {
    case 'Relationship': return attr['object'];
    case 'ListRelationship': return attr['objectList'];
    case 'LanguageProperty': {
      const map = attr['languageMap'] as Record<string, unknown>;
      if (options.lang === undefined || options.lang === '*') return { languageMap: map };
      return pickLanguage(map, options.lang)?.[1];
    }
    case 'VocabProperty': return { vocab: compactVocab(attr['vocab'], terms) };
    case 'JsonProperty': return { json: attr['json'] };
    case 'ListProperty': return attr['valueList'];
    default: return attr['value'];
  }
}

function renderAttr(attr: StoredAttr, terms: TermMap, options: RenderOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let type: string = attr.type;
  const lang = options.lang;
  if (attr.type === 'LanguageProperty' && lang !== undefined && lang !== '*') {
    const chosen = pickLanguage(attr['languageMap'] as Record<string, unknown>, lang);
    type = 'Property';
    if (options.format === 'normalized') out['type'] = type;
    out['value'] = chosen?.[1];
    if (chosen !== undefined) out['lang'] = chosen[0];
  } else {
    if (options.format === 'normalized') out['type'] = type;
    for (const [key, value] of Object.entries(attr)) {
      if (key === 'type' || key === 'createdAt' || key === 'modifiedAt' || !CORE_ATTR_MEMBERS.has(key)) continue;
      out[key] = key === 'vocab' ? compactVocab(value, terms) : value;
    }
  }
  if (options.sysAttrs) {
    if (attr['createdAt'] !== undefined) out['createdAt'] = attr['createdAt'];
    if (attr['modifiedAt'] !== undefined) out['modifiedAt'] = attr['modifiedAt'];
  }
  for (const [key, value] of Object.entries(attr)) {
    if (CORE_ATTR_MEMBERS.has(key)) continue;
    const sub = value as StoredAttr;
    const rendered = renderAttr(sub, terms, options);
    out[terms.compact(key)] = options.format === 'concise' ? concise(rendered, sub) : rendered;
  }
  return out;
}

/** Concise attributes with only a value collapse to the bare value (clause 4.5.1.2). */
function concise(rendered: Record<string, unknown>, attr: StoredAttr): unknown {
  const keys = Object.keys(rendered);
  if (keys.length === 1 && keys[0] === 'value' && attr.type === 'Property') {
    const v = rendered['value'];
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  }
  if (keys.length === 1 && keys[0] === 'value' && attr.type === 'GeoProperty') return rendered['value'];
  return rendered;
}

export function renderEntity(entity: StoredEntity, terms: TermMap, options: RenderOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (options.keepId !== false) out['id'] = entity.id;
  if (options.keepType !== false) {
    const types = entity.type.map((t) => terms.compact(t));
    out['type'] = types.length === 1 ? types[0] : types;
  }
  if (entity.scope !== undefined && options.keepScope !== false) out['scope'] = entity.scope.length === 1 ? entity.scope[0] : entity.scope;
  for (const [iri, instances] of Object.entries(entity.attrs)) {
    if (options.attrs !== undefined && !options.attrs.has(iri)) continue;
    if (options.omit?.has(iri) === true) continue;
    const name = terms.compact(iri);
    if (options.format === 'keyValues') {
      const chosen = defaultInstance(instances);
      if (chosen !== undefined) out[name] = simplified(chosen, terms, options);
      continue;
    }
    const rendered = instances.map((a) => {
      const r = renderAttr(a, terms, options);
      return options.format === 'concise' ? concise(r, a) : r;
    });
    out[name] = rendered.length === 1 ? rendered[0] : rendered;
  }
  if (options.sysAttrs) {
    out['createdAt'] = entity.createdAt;
    out['modifiedAt'] = entity.modifiedAt;
  }
  return out;
}

/** A GeoJSON Feature for an entity (clause 4.5.16): geometry from `geometryProperty` (default location). */
export function renderFeature(entity: StoredEntity, terms: TermMap, options: RenderOptions, geometryIri: string): Record<string, unknown> {
  const properties = renderEntity(entity, terms, { ...options, keepId: false });
  const geo = defaultInstance(entity.attrs[geometryIri]);
  const geometry = geo !== undefined && geo.type === 'GeoProperty' ? geo['value'] : null;
  return { id: entity.id, type: 'Feature', geometry, properties };
}
