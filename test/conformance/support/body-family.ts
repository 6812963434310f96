/**
 * Shared replay of request-body fixture folders (ETSI test-suite data, Stellio fixtures).
 * Remote @contexts that are not among the fixtures are stood in by an empty context, so terms
 * expand to the default vocabulary and compact back to the same names (comparisons are made in
 * compacted form).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NGSI_LD_FIXTURES } from '../../support/fixtures';
import { createTestBroker, type TestBroker } from '../../broker/broker-app';
import { differences } from './match';
import { canonicalEntity } from './normalize';
import { fixtureContexts } from './offline-contexts';
import { counted, createTally } from './tally';

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}


type Kind = 'entity' | 'query' | 'temporal' | 'subscription' | 'context' | 'fragment' | 'other';

function classify(body: unknown): Kind {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'other';
  const o = body as Record<string, unknown>;
  if (o['type'] === 'Subscription') return 'subscription';
  if (o['type'] === 'Query') return 'query';
  const instanceArrays = Object.entries(o).some(([k, v]) => k !== '@context' && k !== 'type' && Array.isArray(v) && v.some((i) => typeof i === 'object' && i !== null && 'observedAt' in i));
  if (o['id'] !== undefined && instanceArrays) return 'temporal';
  if (o['id'] !== undefined && o['type'] !== undefined) return 'entity';
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === '@context') return 'context';
  return o['id'] === undefined && o['type'] === undefined ? 'fragment' : 'other';
}

async function freshBroker(): Promise<TestBroker> {
  return createTestBroker({ contextDocuments: fixtureContexts(NGSI_LD_FIXTURES as string), contextFetcher: async () => ({ '@context': {} }) });
}

function contentType(body: unknown): string {
  return typeof body === 'object' && body !== null && '@context' in body ? 'application/ld+json' : 'application/json';
}

async function entityCount(t: TestBroker): Promise<number> {
  const r = await t.req({ method: 'GET', url: '/ngsi-ld/v1/entities?local=true&limit=0&count=true' });
  return Number(r.headers['ngsild-results-count'] ?? 0);
}

/** A Link header for reading back with the body's context (hosted first when it is not one URL). */
async function linkFor(t: TestBroker, context: unknown): Promise<Record<string, string>> {
  if (context === undefined) return {};
  let url: string;
  if (typeof context === 'string') url = context;
  else {
    const r = await t.req({ method: 'POST', url: '/ngsi-ld/v1/jsonldContexts', payload: { '@context': context }, headers: { 'content-type': 'application/json' } });
    url = `http://localhost${String(r.headers['location'])}`;
  }
  return { link: `<${url}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"` };
}

/** Members sent must be read back; members the broker adds (status, defaults) are allowed. */
function subsetDifferences(sent: Record<string, unknown>, got: unknown, path: string): string[] {
  if (typeof got !== 'object' || got === null || Array.isArray(got)) return [`${path}: expected an object, got ${JSON.stringify(got)}`];
  const g = got as Record<string, unknown>;
  return Object.entries(sent).flatMap(([k, v]) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? subsetDifferences(v as Record<string, unknown>, g[k], `${path}.${k}`) : differences(v, g[k], `${path}.${k}`)));
}


export interface BodyFamily {
  /** Name printed in the tally line. */
  family: string;
  title: string;
  dir: string | undefined;
  /** File names of deliberately malformed bodies. */
  malformed: RegExp;
  /** Files (relative path) skipped with a reason, decided from the path alone. */
  skipReason: (relativePath: string) => string | undefined;
  knownDeviations: Record<string, string>;
}

/**
 * Replay a folder of request bodies: every body that is not deliberately malformed is accepted and
 * reads back equal in normalized form (modulo system attributes); every malformed one is rejected
 * with a 400 ProblemDetails and changes nothing. Entities go to /entities, subscriptions to
 * /subscriptions, @context documents to /jsonldContexts.
 */
export function bodyFamily(spec: BodyFamily): void {
  const DIR = spec.dir;
  const MALFORMED = spec.malformed;
  const KNOWN_DEVIATIONS = spec.knownDeviations;
  const files = DIR === undefined ? [] : walk(DIR).filter((f) => /\.(json|jsonld|geojson)$/.test(f));
describe.skipIf(DIR === undefined)(spec.title, () => {
  const tally = createTally(spec.family);
  for (const file of files) {
    const name = relative(DIR as string, file);
    const text = readFileSync(file, 'utf8');
    let body: unknown;
    let parseError = false;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      parseError = true;
    }
    // The suite replaces this placeholder id with a fresh URN before sending (its own convention).
    if (!parseError && text.includes('"RandomUuidToBeReplaced"')) body = JSON.parse(text.replace(/"RandomUuidToBeReplaced"/g, '"urn:ngsi-ld:Test:placeholder"')) as unknown;
    const base = name.split('/').pop() ?? name;
    const malformed = MALFORMED.test(base) || parseError;
    let reason: string | undefined = spec.skipReason(name);
    const temporalFolder = /temporal/i.test(name);
    let kind = parseError ? (name.startsWith('subscriptions/') ? 'subscription' : temporalFolder ? 'temporal' : 'entity') : classify(body);
    if (kind === 'entity' && temporalFolder) kind = 'temporal';
    if (reason === undefined && text.includes('"ContextURI"')) reason = 'the @context placeholder ContextURI is filled in by the suite at run time';
    if (reason === undefined && kind === 'fragment' && !malformed) reason = 'attribute fragment: the entity it is applied to is not evident from the data';
    if (reason === undefined && kind === 'query') reason = 'Query body for POST …/entityOperations/query whose expected answer is not in the data';
    if (reason === undefined && kind === 'other' && !malformed) reason = 'neither an entity, a subscription nor a context document';
    if (reason !== undefined) {
      it.skip(`${name} — skipped: ${reason}`, () => undefined);
      tally.skip(reason);
      continue;
    }
    const url = kind === 'subscription' ? '/ngsi-ld/v1/subscriptions' : kind === 'context' ? '/ngsi-ld/v1/jsonldContexts' : kind === 'temporal' ? '/ngsi-ld/v1/temporal/entities' : '/ngsi-ld/v1/entities';
    if (malformed) {
      it(`${name}: malformed → 400, nothing stored`, async () => {
        await counted(tally, async () => {
          const t = await freshBroker();
          try {
            const before = await entityCount(t);
            const r = await t.req({ method: 'POST', url: kind === 'fragment' || kind === 'other' ? '/ngsi-ld/v1/entities' : url, payload: text, headers: { 'content-type': parseError ? 'application/ld+json' : contentType(body) } });
            expect(r.statusCode, r.body).toBe(400);
            const problem = JSON.parse(r.body) as { type: string; title: string };
            expect(['https://uri.etsi.org/ngsi-ld/errors/BadRequestData', 'https://uri.etsi.org/ngsi-ld/errors/InvalidRequest']).toContain(problem.type);
            expect(await entityCount(t)).toBe(before);
          } finally {
            await t.app.close();
          }
        });
      });
      continue;
    }
    const known = KNOWN_DEVIATIONS[name];
    (known === undefined ? it : it.fails)(`${name}: accepted and read back equal${known === undefined ? '' : ` — known deviation: ${known}`}`, async () => {
      await counted(tally, async () => {
        const t = await freshBroker();
        try {
          const o = body as Record<string, unknown>;
          const r = await t.req({ method: 'POST', url, payload: JSON.stringify(body), headers: { 'content-type': contentType(body) } });
          expect(r.statusCode, r.body).toBe(201);
          const location = String(r.headers['location']);
          if (kind === 'context') {
            // A hosted @context document is served back as it was sent (clause 5.13.3).
            const served = await t.json({ method: 'GET', url: location });
            expect(served.status).toBe(200);
            expect(served.body).toEqual(body);
            return;
          }
          const back = await t.json({ method: 'GET', url: location, headers: await linkFor(t, o['@context']) });
          expect(back.status).toBe(200);
          if (kind === 'temporal') {
            // Instances read back in time order (the representation does not fix an order).
            const order = (e: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(canonicalEntity(e)).map(([k, v]) => [k, Array.isArray(v) ? [...(v as { observedAt?: string }[])].sort((a, b) => Date.parse(a.observedAt ?? '') - Date.parse(b.observedAt ?? '')) : v]));
            expect(differences(order(o), order(back.body as Record<string, unknown>)).join('\n')).toBe('');
          } else if (kind === 'entity') {
            expect(differences(canonicalEntity(o), canonicalEntity(back.body as Record<string, unknown>)).join('\n')).toBe('');
          } else {
            // Subscriptions: every member sent is read back (the broker adds status and defaults).
            const { '@context': _ctx, ...sent } = o;
            const got = back.body as Record<string, unknown>;
            expect(subsetDifferences(sent, got, '$').join('\n')).toBe('');
          }
        } finally {
          await t.app.close();
        }
      });
    });
  }
});
}
