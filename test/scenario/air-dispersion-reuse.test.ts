/**
 * The air stage keeps the unit link contributions per dispersion geometry (stages.ts
 * airDispersionKey): an edit that changes only flows or speeds re-sums them and gives exactly the
 * maps of a run from an empty cache; an edit of the geometry disperses anew.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '../../src/twin/demo/index';
import { defaultSettings, runScenarioChain, StageCache } from '../../src/scenario/chain';
import { airDispersionKey, airJob } from '../../src/scenario/stages';
import type { ScenarioFile } from '../../src/scenario/scenario-types';

const demo = generateDemoDistrict();
const settings = defaultSettings(demo, { studyArea: { minX: -120, minY: -150, maxX: 120, maxY: 150 }, airM: 20 });
const scenario = (name: string, edits: ScenarioFile['edits']): ScenarioFile => ({ name, base: 'demo', edits, outputs: ['air'] });

describe('air dispersion reuse across scenario runs', () => {
  it('a speed edit re-sums the stored contributions and matches a fresh run exactly', () => {
    const cache = new StageCache();
    const base = runScenarioChain(demo, scenario('baseline', []), { cache, settings });
    const zone30 = scenario('zone 30', [{ op: 'change-road', id: 'road-main-1', maxSpeedKmh: 30 }]);
    const reused = runScenarioChain(demo, zone30, { cache, settings });
    expect(reused.stages.find((s) => s.stage === 'air')?.hit).toBe(false); // flows changed: air re-summed…
    expect(cache.stats.get('air-dispersion')).toEqual({ hits: 1, misses: 1 }); // …on the baseline's dispersion
    if (reused.flows === undefined) throw new Error('flows did not run');
    const stored = cache.get('air-dispersion', airDispersionKey(reused.flows.city, airJob(settings, reused.assumptions)), () => new Map()).value;
    expect(stored.size).toBe(1); // the one weather condition's contributions, filled by the baseline run
    const fresh = runScenarioChain(demo, zone30, { cache: new StageCache(), settings });
    expect(reused.air?.maps).toEqual(fresh.air?.maps);
    expect(reused.air?.co2).toEqual(fresh.air?.co2);
    expect(reused.air?.maps.NO2?.values).not.toEqual(base.air?.maps.NO2?.values); // the edit does change the map
  }, 120_000);

  it('a geometry edit disperses anew', () => {
    const cache = new StageCache();
    runScenarioChain(demo, scenario('baseline', []), { cache, settings });
    runScenarioChain(demo, scenario('no C2-05', [{ op: 'remove-building', id: 'bldg-C2-05' }]), { cache, settings });
    expect(cache.stats.get('air-dispersion')).toEqual({ hits: 0, misses: 2 });
  }, 120_000);
});
