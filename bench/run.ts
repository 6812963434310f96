/**
 * `npm run bench [filter]`: runs every bench/*.bench.ts (each default-exports an async function
 * that measures and prints its own table) in file-name order, each in a fresh Node process, so
 * that no bench's figures depend on the heap and compiled code the benches before it left (run
 * in one process after the ten others, the traffic bench was 15–35 % slower, with parallel GC
 * threads busy). `--one <file>` runs one bench file in this process.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sinkState } from './harness';

const here = dirname(fileURLToPath(import.meta.url));

async function runOne(file: string): Promise<void> {
  process.stdout.write(`\n# ${file}\n`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: () => Promise<void> };
  await mod.default();
  process.stdout.write(`\n(sink ${sinkState()})\n`);
}

if (process.argv[2] === '--one' && process.argv[3] !== undefined) {
  await runOne(process.argv[3]);
} else {
  const filter = process.argv[2];
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts') && (filter === undefined || f.includes(filter)))
    .sort();
  if (files.length === 0) process.stdout.write(`no benchmark matches '${filter ?? ''}'\n`);
  const failed: string[] = [];
  for (const file of files) {
    // The same Node with the same loader flags (tsx), this script, one file.
    const run = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--one', file], { stdio: 'inherit' });
    if (run.status !== 0) failed.push(`${file} (${run.status === null ? `signal ${run.signal ?? '?'}` : `exit ${run.status}`})`);
  }
  if (failed.length > 0) {
    process.stderr.write(`\nbenchmarks that failed: ${failed.join(', ')}\n`);
    process.exitCode = 1;
  }
}
