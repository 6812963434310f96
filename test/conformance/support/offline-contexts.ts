/**
 * @context documents for the conformance runs, all from NGSI_LD_FIXTURES/context (no network).
 * URLs the fixtures name are mapped to the copies the fixture SOURCES.md lists for them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function load(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

/** URL → document, for every context copy present in the fixtures. */
export function fixtureContexts(root: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const add = (urls: string[], ...parts: string[]): void => {
    const file = join(root, 'context', ...parts);
    if (!existsSync(file)) return;
    const doc = load(file);
    for (const url of urls) out.set(url, doc);
  };
  for (const name of ['json-context.jsonld', 'ngsi-context.jsonld', 'user-context.jsonld']) add([`http://context/${name}`], 'fiware-tutorials', name);
  add(['https://smartdatamodels.org/context.jsonld', 'http://smartdatamodels.org/context.jsonld'], 'smart-data-models', 'smartdatamodels-global-context.jsonld');
  add(['https://raw.githubusercontent.com/marek-mraz/ngsi-ld-test-suite/main/resources/jsonld-contexts/ngsi-ld-test-suite-compound.jsonld'], 'etsi-test-suite', 'ngsi-ld-test-suite-compound.jsonld');
  return out;
}
