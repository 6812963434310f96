/**
 * A JSON-LD @context compiled once into two hash maps (term → IRI, IRI → term), so expanding and
 * compacting NGSI-LD payloads is a map lookup per key (ETSI GS CIM 009 clause 5.5.7: terms not
 * defined expand against the default vocabulary). Only what NGSI-LD payloads use is honoured: term
 * definitions (string or `{"@id"}`), compact IRIs `prefix:suffix`, `@vocab`, null to undefine.
 */

export const DEFAULT_VOCAB = 'https://uri.etsi.org/ngsi-ld/default-context/';
export const NGSI_LD = 'https://uri.etsi.org/ngsi-ld/';

export interface TermMap {
  /** Expand a term (or compact IRI, or absolute IRI) to an absolute IRI. */
  expand(term: string): string;
  /** Compact an absolute IRI to the shortest term this context offers. */
  compact(iri: string): string;
  /** Whether the term is a JSON-LD keyword alias (`id` → `@id`). */
  readonly size: number;
}

/** One term definition as found in a context object. */
type RawDefinition = string | null | Record<string, unknown>;

function isAbsoluteIri(value: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value);
}

/**
 * Compile the merged term definitions (later objects override earlier ones, as in JSON-LD) of a
 * list of context objects that were already dereferenced.
 */
export function compileTermMap(objects: readonly Record<string, unknown>[]): TermMap {
  const raw = new Map<string, string | null>();
  let vocab: string | undefined;
  for (const object of objects) {
    for (const [key, definition] of Object.entries(object) as [string, RawDefinition][]) {
      if (key === '@vocab') {
        if (typeof definition === 'string') vocab = definition;
        continue;
      }
      if (key.startsWith('@')) continue;
      if (definition === null) raw.set(key, null);
      else if (typeof definition === 'string') raw.set(key, definition);
      else if (typeof definition === 'object' && typeof definition['@id'] === 'string') raw.set(key, definition['@id']);
      else if (typeof definition === 'object') raw.set(key, null);
    }
  }
  const vocabIri = vocab ?? DEFAULT_VOCAB;
  const resolved = new Map<string, string>();
  const resolve = (value: string, depth: number): string => {
    if (value.startsWith('@')) return value;
    const colon = value.indexOf(':');
    if (colon > 0 && depth < 8) {
      const prefix = value.slice(0, colon);
      const rest = value.slice(colon + 1);
      if (!rest.startsWith('//')) {
        const prefixValue = raw.get(prefix);
        if (typeof prefixValue === 'string') return resolve(prefixValue, depth + 1) + rest;
      }
      return value;
    }
    if (isAbsoluteIri(value)) return value;
    const other = raw.get(value);
    if (typeof other === 'string' && other !== value && depth < 8) return resolve(other, depth + 1);
    return vocabIri + value;
  };
  for (const [term, value] of raw) {
    if (value !== null) resolved.set(term, resolve(value, 0));
  }
  const reverse = new Map<string, string>();
  const prefixes: [string, string][] = [];
  for (const [term, iri] of resolved) {
    if (iri.startsWith('@')) continue;
    const existing = reverse.get(iri);
    if (existing === undefined || term.length < existing.length) reverse.set(iri, term);
    if ((iri.endsWith('/') || iri.endsWith('#')) && !term.includes(':')) prefixes.push([term, iri]);
  }
  prefixes.sort((a, b) => b[1].length - a[1].length);

  const expandCache = new Map<string, string>();
  const compactCache = new Map<string, string>();
  return {
    size: resolved.size,
    expand(term: string): string {
      const hit = expandCache.get(term);
      if (hit !== undefined) return hit;
      let iri = resolved.get(term);
      if (iri === undefined) iri = raw.has(term) ? vocabIri + term : resolve(term, 0);
      if (expandCache.size < 100_000) expandCache.set(term, iri);
      return iri;
    },
    compact(iri: string): string {
      const hit = compactCache.get(iri);
      if (hit !== undefined) return hit;
      let term = reverse.get(iri);
      if (term === undefined && iri.startsWith(vocabIri) && iri.length > vocabIri.length) {
        const suffix = iri.slice(vocabIri.length);
        if (!resolved.has(suffix)) term = suffix;
      }
      if (term === undefined) {
        for (const [prefix, base] of prefixes) {
          if (iri.startsWith(base) && iri.length > base.length) {
            term = `${prefix}:${iri.slice(base.length)}`;
            break;
          }
        }
      }
      term ??= iri;
      if (compactCache.size < 100_000) compactCache.set(iri, term);
      return term;
    },
  };
}
