/** Minimal, typed `--name value` / `--flag` parsing shared by every CLI command (node:util parseArgs). */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<T extends OptionSpec>(args: string[], options: T) {
  return parseArgs({ args, options: { ...options, json: { type: 'boolean' }, help: { type: 'boolean' } }, allowPositionals: true, strict: true });
}

/** A required numeric option; throws a message naming the option when absent or not a number. */
export function numberOption(value: string | boolean | undefined, name: string): number {
  if (typeof value !== 'string') throw new Error(`--${name} is required`);
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got '${value}'`);
  return n;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
