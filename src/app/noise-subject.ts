/**
 * Which city the noise panel computes (issue 8): the district as the scene shows it. The scenario
 * editor's draft when it holds edits (the user's what-if buildings and barriers), else the edits of
 * the scenario run the scene shows (applied to the district by src/scenario/edits.ts, as the
 * scenario chain does), else the district as loaded. All three are the same district, so the noise
 * client keeps its worker and session across them and a re-run recomputes only what the geometry
 * change touches.
 */
import { applyEdits } from '../scenario/edits';
import type { ScenarioEdit } from '../scenario/scenario-types';
import type { CityModel } from '../twin/city-model';

export type NoiseSubject =
  | { kind: 'district'; city: CityModel }
  | { kind: 'draft'; city: CityModel; edits: number }
  | { kind: 'scenario'; city: CityModel; name: string; edits: number };

/**
 * The edited city of each (district, scenario edits) pair, so that the same scenario gives the same
 * CityModel on every call: the panel recomputes its subject whenever the editor's state changes, and
 * compares the computed city by identity to tell a result that no longer matches what is shown.
 */
const scenarioCities = new WeakMap<CityModel, WeakMap<readonly ScenarioEdit[], CityModel>>();

function scenarioCity(base: CityModel, edits: readonly ScenarioEdit[]): CityModel {
  let byEdits = scenarioCities.get(base);
  if (byEdits === undefined) scenarioCities.set(base, (byEdits = new WeakMap()));
  let city = byEdits.get(edits);
  if (city === undefined) byEdits.set(edits, (city = applyEdits(base, edits).city));
  return city;
}

/**
 * The subject for the district `base`, the editor's draft (its city and edit count, or null) and
 * the scenario whose edits the scene shows (its name and edits as in its file, or null).
 */
export function noiseSubject(base: CityModel, draft: { city: CityModel | null; edits: number } | null, scenario: { name: string; edits: readonly ScenarioEdit[] } | null): NoiseSubject {
  if (draft !== null && draft.city !== null && draft.edits > 0) return { kind: 'draft', city: draft.city, edits: draft.edits };
  if (scenario !== null && scenario.edits.length > 0) return { kind: 'scenario', city: scenarioCity(base, scenario.edits), name: scenario.name, edits: scenario.edits.length };
  return { kind: 'district', city: base };
}
