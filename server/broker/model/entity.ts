/**
 * The broker's stored form of an NGSI-LD entity: expanded IRIs for entity types, attribute and
 * sub-attribute names (so contexts are applied once, at the edge), core members (type, value,
 * object, observedAt, …) kept under their core-context terms (ETSI GS CIM 009 clause 4.5).
 */

/** One attribute instance (or sub-attribute): core members by core term, sub-attributes by IRI. */
export type StoredAttr = Record<string, unknown> & { type: AttributeType };

export interface StoredEntity {
  id: string;
  /** Expanded entity type IRIs (one or more, clause 4.16). */
  type: string[];
  scope?: string[];
  createdAt: string;
  modifiedAt: string;
  /** Attribute IRI → instances (more than one only with distinct datasetId, clause 4.5.5). */
  attrs: Record<string, StoredAttr[]>;
}

export const ATTRIBUTE_TYPES = ['Property', 'Relationship', 'GeoProperty', 'LanguageProperty', 'VocabProperty', 'JsonProperty', 'ListProperty', 'ListRelationship'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/** Members of an attribute that are not sub-attributes (clause 4.5.2 – 4.5.24). */
export const CORE_ATTR_MEMBERS: ReadonlySet<string> = new Set([
  'type', 'value', 'object', 'languageMap', 'vocab', 'json', 'valueList', 'objectList', 'observedAt', 'unitCode',
  'datasetId', 'createdAt', 'modifiedAt', 'deletedAt', 'instanceId', 'objectType', 'lang', 'previousValue',
  'previousObject', 'previousLanguageMap', 'previousVocab', 'previousJson', 'previousValueList', 'previousObjectList',
]);

/** Entity members that are not attributes. */
export const CORE_ENTITY_MEMBERS: ReadonlySet<string> = new Set(['id', '@id', 'type', '@type', 'scope', '@context', 'createdAt', 'modifiedAt', 'deletedAt']);

/** The value member that carries an attribute's content, per attribute type. */
export const VALUE_MEMBER: Record<AttributeType, string> = {
  Property: 'value',
  GeoProperty: 'value',
  Relationship: 'object',
  LanguageProperty: 'languageMap',
  VocabProperty: 'vocab',
  JsonProperty: 'json',
  ListProperty: 'valueList',
  ListRelationship: 'objectList',
};

/** The NGSI-LD null sentinel: an attribute set to it is deleted (clause 4.5.20 / 5.6.17). */
export const NGSI_LD_NULL = 'urn:ngsi-ld:null';

/** The content value of an attribute instance (what q and keyValues see). */
export function attrContent(attr: StoredAttr): unknown {
  return attr[VALUE_MEMBER[attr.type]];
}

/** The default instance (no datasetId) or else the first. */
export function defaultInstance(instances: readonly StoredAttr[] | undefined): StoredAttr | undefined {
  if (instances === undefined) return undefined;
  return instances.find((a) => a['datasetId'] === undefined) ?? instances[0];
}
