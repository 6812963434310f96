/**
 * What the scene draws for a scenario's edits (src/app/scenario-outcome.ts editedBuildings), on
 * every file of scenarios/ (discovered) against the demo district: the "added" table holds exactly
 * the scenario's buildings marked `scenarioEdit` (ids and footprints as in the edited city), the
 * "removed" table exactly the base buildings the edited city lacks (base geometry, for ghosts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { editedBuildings } from '../../src/app/scenario-outcome';
import { applyEdits } from '../../src/scenario/edits';
import { parseScenario } from '../../src/scenario/load-scenario';
import { generateDemoDistrict } from '../../src/twin/demo';
import { SCENARIOS_DIR } from '../../server/scenario-routes';

const base = generateDemoDistrict();
const files = readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith('.json') && f !== 'schema.json');

describe('edited buildings for the scene', () => {
  it.each(files)('%s', (file) => {
    const scenario = parseScenario(readFileSync(join(SCENARIOS_DIR, file), 'utf8'), file, base);
    const { city } = applyEdits(base, scenario.edits);
    const { added, removed } = editedBuildings(base, { city });
    const expectedAdded = city.buildings.id.filter((_, i) => typeof city.buildings.attributes[i]?.scenarioEdit === 'string');
    const now = new Set(city.buildings.id);
    const expectedRemoved = base.buildings.id.filter((id) => !now.has(id));
    expect([...added.id]).toEqual(expectedAdded);
    expect([...removed.id]).toEqual(expectedRemoved);
    // Geometry carried over: same vertex count and heights as the source rows.
    for (let k = 0; k < added.count; k++) {
      const i = city.buildings.id.indexOf(added.id[k] ?? '');
      expect(added.heightM[k]).toBe(city.buildings.heightM[i]);
    }
    for (let k = 0; k < removed.count; k++) {
      const i = base.buildings.id.indexOf(removed.id[k] ?? '');
      expect(removed.heightM[k]).toBe(base.buildings.heightM[i]);
    }
    const buildingOps = scenario.edits.filter((e) => ['add-building', 'change-building', 'add-noise-barrier'].includes(e.op)).length;
    const removeOps = scenario.edits.filter((e) => e.op === 'remove-building').length;
    if (buildingOps > 0) expect(added.count).toBeGreaterThan(0);
    if (removeOps > 0) expect(removed.count).toBeGreaterThan(0);
    if (buildingOps === 0 && removeOps === 0) expect(added.count + removed.count).toBe(0);
  });
});
