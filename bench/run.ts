/**
 * `npm run bench [filter]`: runs every bench/*.bench.ts (each default-exports an async function
 * that measures and prints its own table) in file-name order.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sinkState } from './harness';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && (filter === undefined || f.includes(filter)))
  .sort();

if (files.length === 0) {
  process.stdout.write(`no benchmark matches '${filter ?? ''}'\n`);
}
for (const file of files) {
  process.stdout.write(`\n# ${file}\n`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: () => Promise<void> };
  await mod.default();
}
process.stdout.write(`\n(sink ${sinkState()})\n`);
