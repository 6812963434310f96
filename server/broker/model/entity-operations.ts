/**
 * Entity write operations on stored (expanded) entities, ETSI GS CIM 009 clause 5.6:
 * create (5.6.1), update attributes (5.6.2), append (5.6.3), partial attribute update (5.6.4),
 * delete attribute (5.6.5), delete entity (5.6.6), replace (5.6.18), merge (5.6.17).
 * Pure functions: they take the previous entity and return the next one, or throw a BrokerError.
 */
import { BrokerError, badData, notFound } from '../errors';
import { type StoredAttr, type StoredEntity } from './entity';
import type { ParsedFragment } from './parse-entity';

function datasetKey(attr: StoredAttr): string | undefined {
  return typeof attr['datasetId'] === 'string' ? attr['datasetId'] : undefined;
}

function clone(entity: StoredEntity): StoredEntity {
  return { ...entity, type: [...entity.type], attrs: { ...entity.attrs } };
}

export function createEntity(id: string, fragment: ParsedFragment, now: string, existing: StoredEntity | undefined): StoredEntity {
  if (existing !== undefined) throw new BrokerError('AlreadyExists', `entity ${id} already exists`);
  if (fragment.type === undefined) throw badData(`entity ${id} has no type`);
  const entity: StoredEntity = { id, type: fragment.type, createdAt: now, modifiedAt: now, attrs: fragment.attrs };
  if (fragment.scope !== undefined) entity.scope = fragment.scope;
  return entity;
}

export function replaceEntity(previous: StoredEntity, fragment: ParsedFragment, now: string): StoredEntity {
  if (fragment.type === undefined) throw badData(`entity ${previous.id}: replacement has no type`);
  const entity: StoredEntity = { id: previous.id, type: fragment.type, createdAt: previous.createdAt, modifiedAt: now, attrs: fragment.attrs };
  if (fragment.scope !== undefined) entity.scope = fragment.scope;
  return entity;
}

/** Put instances into an attribute, replacing those with the same datasetId; keeps createdAt. */
function mergeInstances(existing: StoredAttr[] | undefined, incoming: StoredAttr[], overwrite: boolean, mergeSub: boolean): StoredAttr[] {
  const out = existing === undefined ? [] : [...existing];
  for (const attr of incoming) {
    const index = out.findIndex((a) => datasetKey(a) === datasetKey(attr));
    if (index < 0) out.push(attr);
    else if (overwrite) {
      const old = out[index] as StoredAttr;
      const next: StoredAttr = mergeSub ? { ...old, ...attr } : { ...attr };
      if (mergeSub && old.type !== attr.type) for (const k of ['value', 'object', 'languageMap', 'vocab', 'json', 'valueList', 'objectList']) if (!(k in attr)) delete next[k];
      next['createdAt'] = old['createdAt'];
      out[index] = next;
    }
  }
  return out;
}

export interface AttrChange {
  created: string[];
  updated: string[];
  deleted: string[];
  /** Attributes that could not be appended/updated (noOverwrite, or absent for update). */
  notUpdated: string[];
}

function emptyChange(): AttrChange {
  return { created: [], updated: [], deleted: [], notUpdated: [] };
}

/**
 * Append (POST .../attrs, overwrite unless noOverwrite), update (PATCH .../attrs, existing only),
 * or merge (PATCH entity: merge sub-attributes, urn:ngsi-ld:null deletes).
 */
export function applyFragment(previous: StoredEntity, fragment: ParsedFragment, now: string, mode: 'append' | 'appendNoOverwrite' | 'update' | 'merge'): { entity: StoredEntity; change: AttrChange } {
  const entity = clone(previous);
  const change = emptyChange();
  for (const [iri, instances] of Object.entries(fragment.attrs)) {
    const exists = entity.attrs[iri] !== undefined;
    if (mode === 'update' && !exists) {
      change.notUpdated.push(iri);
      continue;
    }
    if (mode === 'appendNoOverwrite' && exists && instances.every((a) => entity.attrs[iri]?.some((b) => datasetKey(b) === datasetKey(a)))) {
      change.notUpdated.push(iri);
      continue;
    }
    entity.attrs[iri] = mergeInstances(entity.attrs[iri], instances, mode !== 'appendNoOverwrite', mode === 'merge');
    (exists ? change.updated : change.created).push(iri);
  }
  for (const iri of fragment.deletions) {
    if (entity.attrs[iri] === undefined) {
      if (mode === 'update') change.notUpdated.push(iri);
      continue;
    }
    delete entity.attrs[iri];
    change.deleted.push(iri);
  }
  if (fragment.type !== undefined && mode === 'merge') entity.type = [...new Set([...entity.type, ...fragment.type])];
  if (fragment.type !== undefined && mode !== 'merge') entity.type = [...new Set([...entity.type, ...fragment.type])];
  if (fragment.scope !== undefined) entity.scope = mode === 'merge' ? fragment.scope : [...new Set([...(entity.scope ?? []), ...fragment.scope])];
  if (change.created.length + change.updated.length + change.deleted.length > 0 || fragment.type !== undefined || fragment.scope !== undefined) entity.modifiedAt = now;
  return { entity, change };
}

/** Delete an attribute (all instances, the default one, or one datasetId). */
export function deleteAttribute(previous: StoredEntity, iri: string, name: string, datasetId: string | undefined, deleteAll: boolean, now: string): StoredEntity {
  const instances = previous.attrs[iri];
  if (instances === undefined) throw notFound(`entity ${previous.id} has no attribute ${name}`);
  const entity = clone(previous);
  const kept = deleteAll ? [] : instances.filter((a) => datasetKey(a) !== datasetId);
  if (kept.length === instances.length) throw notFound(`entity ${previous.id}: attribute ${name} has no instance ${datasetId ?? '(default)'}`);
  if (kept.length === 0) delete entity.attrs[iri];
  else entity.attrs[iri] = kept;
  entity.modifiedAt = now;
  return entity;
}
