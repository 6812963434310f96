/** Minimal, typed `--name value` / `--flag` parsing shared by every CLI command (node:util parseArgs). */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<T extends OptionSpec>(args: string[], options: T) {
  return parseArgs({ args, options: { ...options, json: { type: 'boolean' }, help: { type: 'boolean' } }, allowPositionals: true, strict: true });
}

/**
 * parseCommandArgs with the usual command handling: a parse error is written to stderr with the usage
 * (returns exit code 2), `--help` writes the usage to stdout (returns 0); otherwise the parsed values.
 */
export function parseCommandArgsOrExit<T extends OptionSpec>(args: string[], options: T, usage: string): ReturnType<typeof parseCommandArgs<T>>['values'] | number {
  let values: ReturnType<typeof parseCommandArgs<T>>['values'];
  try {
    values = parseCommandArgs(args, options).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}\n`);
    return 2;
  }
  // parseCommandArgs always adds --help; the generic values type cannot show it.
  if ((values as { help?: boolean | undefined }).help === true) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  return values;
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
