/**
 * `twin <command> [options]`: one entry point, one module per command in ./commands.
 * Each command module exports `run(args: string[]): Promise<number>` (the exit code) and a
 * one-line `summary`. Output for machines goes to stdout as JSON with `--json`.
 */
import { COMMANDS, type CommandEntry } from './commands';

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 1 : 0;
  }
  const entry: CommandEntry | undefined = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) {
    process.stderr.write(`twin: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const command = await entry.load();
  try {
    return await command.run(rest);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`twin ${name}: ${message}\n`);
    return 1;
  }
}

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(8)} ${c.summary}`);
  return `Usage: twin <command> [options] [--json]\n\nCommands:\n${lines.join('\n')}\n\nRun 'twin <command> --help' for a command's options.\n`;
}
