/**
 * Where the shared reference data lives (never copied into the repo). A family whose folder is
 * absent is reported as skipped by the caller (`describe.skipIf(!dir)`), never as passed.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

function dirFromEnv(variable: string, fallback: string): string | undefined {
  const dir = resolve(process.env[variable] ?? fallback);
  return existsSync(dir) ? dir : undefined;
}

export const REFERENCE_DIR = dirFromEnv('REFERENCE_DIR', '../shared/reference');
export const NGSI_LD_FIXTURES = dirFromEnv('NGSI_LD_FIXTURES', '../shared/ngsi-ld');
export const CITIES_DIR = dirFromEnv('CITIES_DIR', '../shared/cities');

/** A sub-folder of a fixture root, or undefined when either is missing. */
export function fixtureDir(root: string | undefined, ...parts: string[]): string | undefined {
  if (root === undefined) return undefined;
  const dir = resolve(root, ...parts);
  return existsSync(dir) ? dir : undefined;
}
