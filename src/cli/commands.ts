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
  air: { summary: 'Gaussian plume / CALINE3 concentrations for a case file (--case <file> --json), or NO2/PM maps of a city (--city … --out dir)', load: () => import('./commands/air') },
  traffic: { summary: 'static user-equilibrium traffic assignment of TNTP files or a city (--city, --close-road, --road-speed): gap, Beckmann, TSTT, flows, what-if', load: () => import('./commands/traffic') },
  noise: { summary: 'CNOSSOS-EU road noise: emission cases, ISO/TR 17534-4 propagation profiles (--emission-case / --propagation-case), or Lden/Lnight maps and exposure of a city (--city … --out dir)', load: () => import('./commands/noise') },
  import: { summary: 'import a city file or folder (OSM, GeoJSON, CityJSON, Shapefile) and print the import report', load: () => import('./commands/import') },
  run: { summary: 'run a scenario file headless (edits → traffic → noise/air, sun-hours), print and write KPIs, GeoJSON and rasters (<file> --out <dir>)', load: () => import('./commands/run') },
};
