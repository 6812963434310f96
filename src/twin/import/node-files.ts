/// <reference types="node" />
/**
 * Node-only helper: reads a file, or every file of a folder (recursively, sorted by path), as
 * SourceFiles for importCityFiles. Names are relative to the folder given.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import type { SourceFile } from './index';

export async function readSourcePath(path: string): Promise<SourceFile[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [{ name: basename(path), bytes: new Uint8Array(await readFile(path)) }];
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  return Promise.all(files.map(async (file) => ({ name: relative(path, file), bytes: new Uint8Array(await readFile(file)) })));
}
