/**
 * Resolves the @context of a request (Link header or body member, ETSI GS CIM 009 clause 6.3.5)
 * to a compiled TermMap. The ETSI core context is bundled (./contexts) and always applied last, so
 * its terms cannot be overridden (it is @protected). Remote contexts are fetched once with a
 * time-out and cached (memory, and on disk when a cache folder is given); a context that cannot be
 * fetched is a 503 LdContextNotAvailable. Compiled term maps are cached by the context's JSON text.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrokerError, badData } from '../errors';
import { compileTermMap, type TermMap } from './term-map';

/** The URL the broker names its core context by (Link headers, jsonldContexts). */
export const CORE_CONTEXT_URL = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld';

const CORE_CONTEXT_FILE = fileURLToPath(new URL('../contexts/ngsi-ld-core-context-v1.8.jsonld', import.meta.url));

/** Every published core context URL is answered by the bundled copy. */
export function isCoreContextUrl(url: string): boolean {
  return /^https?:\/\/uri\.etsi\.org\/ngsi-ld\/v1\/ngsi-ld-core-context(-v\d+\.\d+)?\.jsonld$/.test(url);
}

export interface ContextResolverOptions {
  /** Folder where fetched remote contexts are kept across restarts. */
  cacheDir?: string;
  /** Fetch time-out in ms (default 5000). */
  timeoutMs?: number;
  /** Pre-loaded documents by URL (e.g. test fixtures, or contexts served by /jsonldContexts). */
  documents?: ReadonlyMap<string, unknown>;
  /** Replacement for fetch (tests). */
  fetcher?: (url: string, signal: AbortSignal) => Promise<unknown>;
}

export interface ResolvedContext {
  terms: TermMap;
  /** The context value as the client gave it (for echoing in responses); undefined = core only. */
  value: unknown;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export class ContextResolver {
  private readonly core: Record<string, unknown>;
  private readonly documents = new Map<string, unknown>();
  private readonly pending = new Map<string, Promise<unknown>>();
  private readonly compiled = new Map<string, TermMap>();
  private readonly options: ContextResolverOptions;
  readonly coreTerms: TermMap;

  constructor(options: ContextResolverOptions = {}) {
    this.options = options;
    const coreDoc = asRecord(JSON.parse(readFileSync(CORE_CONTEXT_FILE, 'utf8')));
    const core = asRecord(coreDoc?.['@context']);
    if (core === undefined) throw new Error(`${CORE_CONTEXT_FILE}: no @context object`);
    this.core = core;
    this.coreTerms = compileTermMap([core]);
    for (const [url, doc] of options.documents ?? []) this.documents.set(url, doc);
    if (options.cacheDir !== undefined) mkdirSync(options.cacheDir, { recursive: true });
  }

  /** The bundled core context document. */
  coreDocument(): { '@context': Record<string, unknown> } {
    return { '@context': this.core };
  }

  /** Register a document so a URL resolves without the network. */
  addDocument(url: string, document: unknown): void {
    this.documents.set(url, document);
    this.compiled.clear();
  }

  /** Cached documents by URL (for GET /jsonldContexts). */
  cachedUrls(): string[] {
    return [...this.documents.keys()];
  }

  /** Resolve a context value (string, object or array) to a term map; core only when undefined. */
  async resolve(value: unknown): Promise<ResolvedContext> {
    if (value === undefined || value === null) return { terms: this.coreTerms, value: undefined };
    const key = JSON.stringify(value);
    const hit = this.compiled.get(key);
    if (hit !== undefined) return { terms: hit, value };
    const objects: Record<string, unknown>[] = [];
    await this.flatten(value, objects, 0);
    objects.push(this.core);
    const terms = compileTermMap(objects);
    if (this.compiled.size > 1000) this.compiled.clear();
    this.compiled.set(key, terms);
    return { terms, value };
  }

  private async flatten(value: unknown, out: Record<string, unknown>[], depth: number): Promise<void> {
    if (depth > 8) throw badData('@context nests remote contexts more than 8 levels deep');
    if (Array.isArray(value)) {
      for (const item of value) await this.flatten(item, out, depth);
      return;
    }
    if (typeof value === 'string') {
      if (isCoreContextUrl(value)) return;
      const doc = await this.load(value);
      const inner = asRecord(doc)?.['@context'];
      if (inner === undefined) throw new BrokerError('LdContextNotAvailable', `${value}: the document has no @context member`);
      await this.flatten(inner, out, depth + 1);
      return;
    }
    const object = asRecord(value);
    if (object === undefined) throw badData(`@context entries must be URLs or objects, got ${JSON.stringify(value)}`);
    out.push(object);
  }

  /** Contexts hosted by this broker (/jsonldContexts/{id}, clause 6.29). */
  readonly hosted = new Map<string, { document: unknown; createdAt: string }>();

  private async load(url: string): Promise<unknown> {
    const known = this.documents.get(url);
    if (known !== undefined) return known;
    const hostedId = /\/ngsi-ld\/v1\/jsonldContexts\/([^/?#]+)$/.exec(url)?.[1];
    const hosted = hostedId === undefined ? undefined : this.hosted.get(decodeURIComponent(hostedId));
    if (hosted !== undefined) return hosted.document;
    if (!/^https?:\/\//.test(url)) throw badData(`@context URL ${JSON.stringify(url)} is not an http(s) URL`);
    const diskFile = this.options.cacheDir === undefined ? undefined : join(this.options.cacheDir, `${createHash('sha256').update(url).digest('hex')}.jsonld`);
    if (diskFile !== undefined && existsSync(diskFile)) {
      const doc: unknown = JSON.parse(readFileSync(diskFile, 'utf8'));
      this.documents.set(url, doc);
      return doc;
    }
    let pending = this.pending.get(url);
    if (pending === undefined) {
      pending = this.fetchRemote(url).finally(() => this.pending.delete(url));
      this.pending.set(url, pending);
    }
    const doc = await pending;
    this.documents.set(url, doc);
    if (diskFile !== undefined) writeFileSync(diskFile, JSON.stringify(doc));
    return doc;
  }

  private async fetchRemote(url: string): Promise<unknown> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs ?? 5000);
    try {
      if (this.options.fetcher !== undefined) return await this.options.fetcher(url, controller.signal);
      const response = await fetch(url, { signal: controller.signal, headers: { accept: 'application/ld+json, application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as unknown;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new BrokerError('LdContextNotAvailable', `@context ${url} could not be retrieved: ${reason}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Parse an HTTP Link header naming the JSON-LD context (clause 6.3.5); undefined when absent. */
export function contextFromLinkHeader(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^\s*<([^>]*)>\s*((?:;\s*[^;]+)*)$/.exec(header.split(/,(?=\s*<)/)[0] ?? '');
  if (match === null || match[1] === undefined) throw badData(`malformed Link header: ${header}`);
  const params = match[2] ?? '';
  const rel = /rel\s*=\s*("([^"]*)"|[^;\s]+)/.exec(params);
  if ((params.match(/"/g) ?? []).length % 2 !== 0) throw badData(`malformed Link header (unbalanced quote): ${header}`);
  const relValue = rel?.[2] ?? rel?.[1];
  if (relValue !== undefined && relValue !== 'http://www.w3.org/ns/json-ld#context') return undefined;
  return match[1];
}

/** The Link header value that names a context URL. */
export function linkHeaderFor(url: string): string {
  return `<${url}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`;
}
