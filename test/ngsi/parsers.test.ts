/**
 * The client's parsers against the real payloads under NGSI_LD_FIXTURES (Orion-LD functional tests,
 * ETSI suite data, FIWARE tutorial responses, Smart Data Models examples), discovered by walking the
 * folders: every JSON object that is an entity (string id and type, not a subscription or
 * notification) or a GeoJSON Feature is parsed and checked against its raw form. Stellio fixtures
 * are expanded JSON-LD (full IRIs) and are left to a later expansion-aware reader.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isGeometry, observe, parseEntity, pointOf } from '../../src/ngsi';
import { NGSI_LD_FIXTURES } from '../support/fixtures';

const NOT_ENTITIES = new Set(['Subscription', 'Notification', 'ContextSourceRegistration', 'ContextSourceNotification', 'FeatureCollection', 'EntityType', 'EntityTypeList', 'EntityTypeInfo', 'Attribute', 'AttributeList', 'Point', 'Polygon', 'LineString', 'MultiPolygon', 'MultiPoint', 'MultiLineString']);

function walkFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) walkFiles(path, out);
    else if (/\.(json|jsonld|geojson)$/.test(e.name) && !/invalid|empty|wrong/i.test(e.name) && !/example(-normalized)?\.json$/.test(e.name)) out.push(path);
  }
  return out;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Entity-shaped objects anywhere in a JSON value (not descending into an entity found). */
function findEntities(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) for (const v of value) findEntities(v, out);
  else if (isRecord(value)) {
    const type = value['type'];
    if (type === 'Feature' && isRecord(value['properties']) && (typeof value['id'] === 'string' || typeof value['properties']['id'] === 'string')) out.push(value);
    else if (typeof value['id'] === 'string' && (typeof type === 'string' || Array.isArray(type)) && !NOT_ENTITIES.has(String(type)) && !String(value['id']).startsWith('REGEX')) out.push(value);
    else for (const v of Object.values(value)) findEntities(v, out);
  }
  return out;
}

const ROOT = NGSI_LD_FIXTURES;
const files = ROOT === undefined ? [] : [...walkFiles(join(ROOT, 'brokers')), ...walkFiles(join(ROOT, 'smart-data-models'))].filter((f) => !f.includes(`${join('brokers', 'stellio')}`)).sort();

describe.skipIf(ROOT === undefined)('NGSI-LD parsers on the reference payloads', () => {
  const stats = { files: 0, entities: 0, attributes: 0, multiInstance: 0, language: 0, relationships: 0, points3d: 0, timed: 0 };

  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      continue; // not JSON (a few fixtures are raw text or NDJSON)
    }
    const entities = findEntities(json);
    if (entities.length === 0) continue;
    stats.files++;
    it(relative(ROOT ?? '.', file), () => {
      for (const raw of entities) {
        const e = parseEntity(raw);
        stats.entities++;
        const props = raw['type'] === 'Feature' ? (raw['properties'] as Record<string, unknown>) : raw;
        for (const [name, rawAttr] of Object.entries(props)) {
          if (['id', 'type', '@context', 'scope', 'createdAt', 'modifiedAt', '@id', '@type', 'deletedAt'].includes(name)) continue;
          const instances = e.attributes[name];
          expect(instances, `${e.id} ${name}`).toBeDefined();
          stats.attributes++;
          if (Array.isArray(rawAttr) && rawAttr.length > 0 && rawAttr.every((r) => isRecord(r) && ('value' in r || 'object' in r || 'languageMap' in r))) {
            // Multi-instance attribute: one parsed instance per element, datasetIds kept.
            expect(instances).toHaveLength(rawAttr.length);
            expect(instances?.map((i) => i.datasetId)).toEqual(rawAttr.map((r: Record<string, unknown>) => (typeof r['datasetId'] === 'string' ? r['datasetId'] : undefined)));
            stats.multiInstance++;
          } else if (isRecord(rawAttr) && !isGeometry(rawAttr)) {
            const i = instances?.[0];
            if ('object' in rawAttr && typeof rawAttr['object'] === 'string') {
              expect(i?.kind).toBe('Relationship');
              expect(i?.object).toBe(rawAttr['object']);
              stats.relationships++;
            } else if ('languageMap' in rawAttr) {
              expect(i?.kind).toBe('LanguageProperty');
              expect(i?.languageMap).toEqual(rawAttr['languageMap']);
              stats.language++;
            } else if ('value' in rawAttr && !isRecord(rawAttr['value'])) {
              expect(i?.value, `${e.id} ${name}`).toEqual(rawAttr['value']);
            }
            if (typeof rawAttr['observedAt'] === 'string') expect(i?.observedAt).toBe(rawAttr['observedAt']);
            if (typeof rawAttr['unitCode'] === 'string') expect(i?.unitCode).toBe(rawAttr['unitCode']);
          }
        }
        const p = pointOf(e);
        if (p !== undefined) {
          expect(Number.isFinite(p.lonDeg) && Number.isFinite(p.latDeg)).toBe(true);
          if (p.heightM !== undefined) stats.points3d++;
        }
        // Time normaliser: an entity with dateObserved (any form) gives every attribute a UTC time.
        if ('dateObserved' in props) {
          for (const name of Object.keys(e.attributes)) {
            const o = observe(e, name);
            if (o?.observedAt !== undefined) {
              expect(o.observedAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
              stats.timed++;
            }
          }
        }
      }
    });
  }

  it('covered the features the client must read', () => {
    process.stdout.write(`ngsi parsers: ${JSON.stringify(stats)}\n`);
    expect(stats.entities).toBeGreaterThan(0);
    expect(stats.relationships).toBeGreaterThan(0);
    expect(stats.multiInstance).toBeGreaterThan(0);
    expect(stats.language).toBeGreaterThan(0);
  });
});

describe('time and unit normaliser', () => {
  it('prefers observedAt, falls back to dateObserved (no zone = UTC, JSON-LD value object) and the per-model unit table', () => {
    const road = parseEntity({ id: 'urn:r', type: 'RoadSegment', length: { type: 'Property', value: 0.5 } });
    expect(observe(road, 'length')?.unitCode).toBe('KMT');
    const aq = parseEntity({ id: 'urn:a', type: 'AirQualityObserved', dateObserved: { type: 'Property', value: { '@type': 'DateTime', '@value': '2024-01-02T03:04:05' } }, no2: { type: 'Property', value: 40 }, pm10: { type: 'Property', value: 20, unitCode: 'GP', observedAt: '2024-01-02T04:00:00Z' } });
    expect(observe(aq, 'no2')).toEqual({ value: 40, observedAt: '2024-01-02T03:04:05.000Z', timeSource: 'dateObserved', unitCode: 'GQ' });
    expect(observe(aq, 'pm10')).toEqual({ value: 20, observedAt: '2024-01-02T04:00:00.000Z', timeSource: 'observedAt', unitCode: 'GP' });
  });
});
