/** Registry of CLI commands; each is loaded only when called, so one slow import never delays another. */
export interface CliCommand {
  run(args: string[]): Promise<number>;
}

export interface CommandEntry {
  summary: string;
  load(): Promise<CliCommand>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  // One line per command, added by the module that implements it:
  // name: { summary: '…', load: () => import('./commands/name') },
  solar: { summary: 'NREL SPA sun position, rise/transit/set (one instant or --batch CSV)', load: () => import('./commands/solar') },
};
