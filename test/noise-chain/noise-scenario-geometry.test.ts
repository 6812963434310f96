/**
 * The scenario chain's noise stage after a geometry edit (src/scenario/stages.ts
 * runNoisePropagation with the cached baseline): on the demo district, a tower and a noise
 * barrier are propagated incrementally from the baseline's stored gains, and give the Lden of a
 * chain run from an empty cache (full computation) at every grid cell and facade receiver.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '../../src/twin/demo/index';
import { defaultSettings, runScenarioChain, StageCache, type ScenarioRun } from '../../src/scenario/chain';
import { noiseJob, noisePropagationKey, type NoisePropagation } from '../../src/scenario/stages';
import type { ScenarioFile } from '../../src/scenario/scenario-types';

const demo = generateDemoDistrict();
const settings = defaultSettings(demo, { studyArea: { minX: -160, minY: -200, maxX: 160, maxY: 200 }, noiseM: 40, facadeSpacingM: 10, noiseMaxDistanceM: 120 });
const scenario = (name: string, edits: ScenarioFile['edits']): ScenarioFile => ({ name, base: 'demo', edits, outputs: ['traffic', 'noise'] });

const EDITS: { name: string; edits: ScenarioFile['edits'] }[] = [
  { name: 'a tower', edits: [{ op: 'add-building', id: 'bldg-new-tower', footprint: [[20.5, -120.3], [44.2, -120.3], [44.2, -96.1], [20.5, -96.1]], storeys: 20, use: 'mixed' }] },
  { name: 'a noise barrier', edits: [{ op: 'add-noise-barrier', id: 'barrier-main', line: [[-9.3, -80.2], [-9.3, -20.4]], heightM: 4 }] },
];

function propagationOf(cache: StageCache, run: ScenarioRun): NoisePropagation {
  const key = noisePropagationKey(run.city, noiseJob(run.settings, run.assumptions));
  return cache.get<NoisePropagation>('noise-propagation', key, () => {
    throw new Error('no noise propagation in the cache');
  }).value;
}

describe('scenario chain: a geometry what-if propagates only the touched pairs', () => {
  for (const edit of EDITS) {
    it(`${edit.name}: same Lden as a full computation`, () => {
      const cache = new StageCache();
      runScenarioChain(demo, scenario('baseline', []), { cache, settings });
      const run = runScenarioChain(demo, scenario(edit.name, edit.edits), { cache, settings });
      const update = propagationOf(cache, run).geometryUpdate;
      expect(update?.fullRecomputeReason).toBeNull();
      expect(update?.pairsRecomputed).toBeGreaterThan(0);
      expect(update?.pairsRecomputed ?? Infinity).toBeLessThan((update?.pairs ?? 0) / 2);
      const fresh = new StageCache();
      const full = runScenarioChain(demo, scenario(edit.name, edit.edits), { cache: fresh, settings });
      expect(propagationOf(fresh, full).geometryUpdate).toBeUndefined();
      const a = run.noise;
      const b = full.noise;
      if (a === undefined || b === undefined) throw new Error('noise did not run');
      let worst = 0;
      a.maps.lden.forEach((l, k) => {
        const m = b.maps.lden[k] ?? Number.NaN;
        expect(Number.isNaN(l)).toBe(Number.isNaN(m));
        if (!Number.isNaN(l)) worst = Math.max(worst, Math.abs(l - m));
      });
      expect(a.facades.count).toBe(b.facades.count);
      for (let j = 0; j < a.facades.count; j++) worst = Math.max(worst, Math.abs((a.facades.lden[j] ?? Number.NaN) - (b.facades.lden[j] ?? Number.NaN)));
      expect(worst).toBeLessThanOrEqual(1e-9);
    }, 120_000);
  }
});
