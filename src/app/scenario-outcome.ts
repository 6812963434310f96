/**
 * What the scenario worker hands back to the page for one scenario (issue 10): a plain,
 * structured-cloneable summary of a ScenarioRun (src/scenario/chain.ts). Pure (no DOM), shared by
 * the worker, the client, the store and the panels.
 */
import type { RasterResult } from '../results/result-types';
import type { FeatureCollection } from '../scenario/scenario-export';
import type { ScenarioRun, StageRun } from '../scenario/chain';
import type { KpiValues } from '../scenario/kpis';
import type { ScenarioIssue } from '../scenario/load-scenario';
import type { ResolvedAssumptions, ScenarioFile } from '../scenario/scenario-types';
import type { BuildingTable, CityModel } from '../twin/city-model';
import { buildingRow, rebuildBuildings } from '../scenario/table-rows';

/** 'file' = the resolution the scenario file asks for; a number = uniform cells of that size, m (sun at half). */
export type ScenarioGrid = 'file' | number;

export interface ScenarioRunRequest {
  /** Scenario id (file name without .json). */
  id: string;
  file: string;
  text: string;
  grid: ScenarioGrid;
  /** Id of the baseline scenario (run first): maps of the others are differenced against its maps. */
  baselineId: string;
}

/** Residents per Lden band at the most exposed facade (END Annex VI bands). */
export interface NoiseBandCount {
  label: string;
  residents: number;
}

export interface ScenarioSummary {
  ok: true;
  id: string;
  file: string;
  name: string;
  description: string;
  assumptions: ResolvedAssumptions;
  /** The edits as in the file (for the report's assumptions section). */
  edits: ScenarioFile['edits'];
  stages: StageRun[];
  kpis: KpiValues;
  noiseBands: NoiseBandCount[] | null;
  /** The scenario's maps (noise, air, sun-hours). */
  maps: RasterResult[];
  /** Scenario − baseline maps (diverging legend centred on 0); empty for the baseline itself. */
  diffs: RasterResult[];
  /** Edited features, GeoJSON (WGS 84). */
  geojson: FeatureCollection;
  /** Added or changed buildings (scenario geometry) and removed ones (base geometry: ghosts). */
  edited: { added: BuildingTable; removed: BuildingTable };
  elapsedMs: number;
}

export interface ScenarioFailure {
  ok: false;
  id: string;
  file: string;
  /** The loader's problems, with line, column, pointer and the id concerned. */
  issues: ScenarioIssue[];
}

export type ScenarioOutcome = ScenarioSummary | ScenarioFailure;

export function scenarioOutcome(o: {
  request: ScenarioRunRequest;
  scenario: ScenarioFile;
  run: ScenarioRun;
  maps: RasterResult[];
  diffs: RasterResult[];
  kpis: KpiValues;
  geojson: FeatureCollection;
  edited: ScenarioSummary['edited'];
  elapsedMs: number;
}): ScenarioSummary {
  const bands = o.run.noise?.exposure.bands;
  return {
    ok: true,
    id: o.request.id,
    file: o.request.file,
    name: o.scenario.name,
    description: o.scenario.description ?? '',
    assumptions: o.run.assumptions,
    edits: o.scenario.edits,
    stages: o.run.stages,
    kpis: o.kpis,
    noiseBands: bands === undefined ? null : bands.map((b) => ({ label: b.label, residents: b.ldenResidents })),
    maps: o.maps,
    diffs: o.diffs,
    geojson: o.geojson,
    edited: o.edited,
    elapsedMs: o.elapsedMs,
  };
}

/** The map kind of a scenario raster id (`scenario:<slug>:noise-lden` → `noise-lden`). */
export function mapKind(resultId: string): string {
  return resultId.replace(/^diff:/, '').replace(/^scenario:[^:]*:/, '');
}

/** A table of the given rows of `t`. */
function subset(t: BuildingTable, rows: readonly number[]): BuildingTable {
  return rebuildBuildings(t, rows.map((i) => ({ row: buildingRow(t, i) })));
}

/**
 * The buildings a run edited, for the scene: added or changed ones (`attributes.scenarioEdit`,
 * scenario geometry; noise barriers included) and the base buildings the scenario lacks (ghosts).
 */
export function editedBuildings(base: CityModel, run: Pick<ScenarioRun, 'city'>): ScenarioSummary['edited'] {
  const c = run.city.buildings;
  const now = new Set(c.id);
  const added: number[] = [];
  for (let i = 0; i < c.count; i++) if (typeof c.attributes[i]?.scenarioEdit === 'string') added.push(i);
  const removed: number[] = [];
  for (let i = 0; i < base.buildings.count; i++) if (!now.has(base.buildings.id[i] ?? '')) removed.push(i);
  return { added: subset(c, added), removed: subset(base.buildings, removed) };
}
