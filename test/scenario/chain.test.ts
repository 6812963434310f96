/**
 * The scenario chain on the demo district (small study areas and coarse grids to keep it quick):
 * a car-free main street lowers Lden on that street's facades and raises traffic on the parallel
 * streets; a tower lowers sun-hours on its shadow side and nowhere else; removing a building and
 * putting it back gives the baseline results exactly; a rerun is served from the cache.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '../../src/twin/demo/index';
import { defaultSettings, runScenarioChain, StageCache, type ScenarioRun } from '../../src/scenario/chain';
import { applyEdit } from '../../src/scenario/edits';
import { compareScenarios, scenarioKpis } from '../../src/scenario/kpis';
import type { ScenarioFile } from '../../src/scenario/scenario-types';

const demo = generateDemoDistrict();
const scenario = (name: string, edits: ScenarioFile['edits'], outputs: NonNullable<ScenarioFile['outputs']>): ScenarioFile => ({ name, base: 'demo', edits, outputs });

describe('car-free main street', () => {
  const settings = { ...defaultSettings(demo, { studyArea: { minX: -160, minY: -200, maxX: 160, maxY: 200 }, noiseM: 40, facadeSpacingM: 10, noiseMaxDistanceM: 120 }) };
  const cache = new StageCache();
  const closeMain = [0, 1, 2, 3, 4, 5].map((n) => ({ op: 'close-road' as const, id: `road-main-${n}` }));
  let base: ScenarioRun;
  let carFree: ScenarioRun;
  it('runs baseline and scenario', () => {
    base = runScenarioChain(demo, scenario('baseline', [], ['traffic', 'noise']), { cache, settings });
    carFree = runScenarioChain(demo, scenario('car-free', closeMain, ['traffic', 'noise']), { cache, settings });
    expect(carFree.stages.find((s) => s.stage === 'noise-propagation')?.hit).toBe(true); // same geometry: only a re-sum
  }, 120_000);

  it('lowers Lden on the main street facades', () => {
    const a = base.noise;
    const b = carFree.noise;
    if (a === undefined || b === undefined) throw new Error('noise did not run');
    expect(b.facades.count).toBe(a.facades.count);
    let n = 0;
    let worstRise = -Infinity;
    let meanDrop = 0;
    for (let j = 0; j < a.facades.count; j++) {
      if (Math.abs(a.facades.x[j] ?? 1e9) > 25 || Math.abs(a.facades.y[j] ?? 1e9) > 120) continue; // facades facing Hauptstraße (x = 0)
      n++;
      worstRise = Math.max(worstRise, (b.facades.lden[j] ?? NaN) - (a.facades.lden[j] ?? NaN));
      meanDrop += ((a.facades.lden[j] ?? NaN) - (b.facades.lden[j] ?? NaN)) / 1;
    }
    meanDrop /= n;
    expect(n).toBeGreaterThan(20);
    expect(worstRise).toBeLessThan(0);
    expect(meanDrop).toBeGreaterThan(3);
  });

  it('raises traffic on the parallel streets', () => {
    const flow = (run: ScenarioRun, prefix: string) => {
      let s = 0;
      run.traffic?.roadIds.forEach((id, i) => {
        if (id.startsWith(prefix)) s += run.traffic?.peakVehH[i] || 0;
      });
      return s;
    };
    expect(flow(carFree, 'road-main-')).toBe(0);
    for (const street of ['road-mozart-', 'road-goethe-']) expect(flow(carFree, street), street).toBeGreaterThan(flow(base, street));
    const kpis = compareScenarios([{ name: 'baseline', kpis: scenarioKpis(base) }, { name: 'car-free', kpis: scenarioKpis(carFree) }]);
    expect(kpis.rows.find((r) => r.kpi.id === 'travelTime')?.verdicts[1]).toBe('worse');
  });
});

describe('tower by the square', () => {
  const settings = defaultSettings(demo, { studyArea: { minX: -150, minY: -250, maxX: 200, maxY: 200 }, sunM: 5 });
  const cache = new StageCache();
  const tower = { op: 'add-building' as const, id: 'bldg-new-tower', footprint: [[20, -120], [44, -120], [44, -96], [20, -96]] as [number, number][], storeys: 20, use: 'mixed' as const };
  it('lowers sun-hours on its shadow side and nowhere else', () => {
    const a = runScenarioChain(demo, scenario('baseline', [], ['sun-hours']), { cache, settings }).sun;
    const b = runScenarioChain(demo, scenario('tower', [tower], ['sun-hours']), { cache, settings }).sun;
    if (a === undefined || b === undefined) throw new Error('sun-hours did not run');
    let lower = 0;
    let higher = 0;
    let southChanged = 0;
    for (let j = 0; j < a.ny; j++) {
      for (let i = 0; i < a.nx; i++) {
        const x = a.x0 + (i + 0.5) * a.cellSizeM;
        const y = a.y0 + (j + 0.5) * a.cellSizeM;
        if (x > 20 && x < 44 && y > -120 && y < -96) continue; // under the tower
        const d = (b.hours[j * a.nx + i] ?? NaN) - (a.hours[j * a.nx + i] ?? NaN);
        if (d < 0) lower++;
        if (d > 0) higher++;
        if (d !== 0 && y < -120) southChanged++;
      }
    }
    expect(lower).toBeGreaterThan(50);
    expect(higher).toBe(0);
    expect(southChanged).toBe(0);
    expect(b.openShareAtLeast2h).toBeLessThan(a.openShareAtLeast2h);
  }, 120_000);
});

describe('reversibility and cache', () => {
  const settings = defaultSettings(demo, { studyArea: { minX: -140, minY: -270, maxX: 0, maxY: -130 }, noiseM: 40, sunM: 10, facadeSpacingM: 20, noiseMaxDistanceM: 80 });
  const outputs: NonNullable<ScenarioFile['outputs']> = ['traffic', 'noise', 'sun-hours'];
  it('removing a building and adding it back gives the baseline results exactly', () => {
    const removed = applyEdit(demo, { op: 'remove-building', id: 'bldg-C2-05' });
    const base = runScenarioChain(demo, scenario('baseline', [], outputs), { cache: new StageCache(), settings });
    const back = runScenarioChain(demo, scenario('removed and back', [{ op: 'remove-building', id: 'bldg-C2-05' }, removed.inverse] as ScenarioFile['edits'], outputs), { cache: new StageCache(), settings });
    expect(back.stages.map((s) => s.key)).toEqual(base.stages.map((s) => s.key));
    expect(back.noise?.maps.lden).toEqual(base.noise?.maps.lden);
    expect(back.noise?.exposure).toEqual(base.noise?.exposure);
    expect(back.sun?.hours).toEqual(base.sun?.hours);
    expect(back.traffic?.peakVehH).toEqual(base.traffic?.peakVehH);
    expect(scenarioKpis(back)).toEqual(scenarioKpis(base));
  }, 120_000);

  it('a rerun is served from the cache; a speed edit reruns only what it touches', () => {
    const cache = new StageCache();
    const s = scenario('zone 30', [{ op: 'change-road', id: 'road-main-1', maxSpeedKmh: 30 }], outputs);
    const first = runScenarioChain(demo, s, { cache, settings });
    expect(first.stages.filter((x) => !x.hit).length).toBeGreaterThan(0);
    const again = runScenarioChain(demo, s, { cache, settings });
    expect(again.stages.every((x) => x.hit)).toBe(true);
    expect(again.noise).toBe(first.noise);
    const other = runScenarioChain(demo, scenario('zone 30 b', [{ op: 'change-road', id: 'road-main-2', maxSpeedKmh: 30 }], outputs), { cache, settings });
    const hit = Object.fromEntries(other.stages.map((x) => [x.stage, x.hit]));
    expect(hit).toMatchObject({ 'noise-propagation': true, 'sun-hours': true, noise: false, flows: false });
  }, 120_000);

  it('cancel stops the chain', () => {
    expect(() => runScenarioChain(demo, scenario('x', [], outputs), { cache: new StageCache(), settings, control: { signal: { aborted: true } } })).toThrowError(/cancelled/);
  });
});

describe('noise barrier along the ring road', () => {
  const settings = defaultSettings(demo, { studyArea: { minX: -450, minY: -100, maxX: -370, maxY: 100 }, noiseM: 40, facadeSpacingM: 8, noiseMaxDistanceM: 100 });
  const barrier = { op: 'add-noise-barrier' as const, id: 'barrier-ring-west', line: [[-411, -395], [-411, 395]] as [number, number][], heightM: 4 };
  it('lowers Lden at the detached houses behind it', () => {
    const cache = new StageCache();
    const a = runScenarioChain(demo, scenario('baseline', [], ['traffic', 'noise']), { cache, settings }).noise;
    const b = runScenarioChain(demo, scenario('barrier', [barrier], ['traffic', 'noise']), { cache, settings }).noise;
    if (a === undefined || b === undefined) throw new Error('noise did not run');
    // Facade receivers of the houses west of the wall that face the road (2 m in front of their east facades).
    const drops: number[] = [];
    for (let j = 0; j < a.facades.count; j++) {
      const x = a.facades.x[j] ?? NaN;
      const y = a.facades.y[j] ?? NaN;
      if (x > -416 && x < -412 && Math.abs(y) < 90) drops.push((a.facades.lden[j] ?? NaN) - (b.facades.lden[j] ?? NaN));
    }
    expect(b.facades.count).toBe(a.facades.count);
    expect(drops.length).toBeGreaterThan(5);
    expect(Math.min(...drops)).toBeGreaterThan(0);
    expect(drops.reduce((s, d) => s + d, 0) / drops.length).toBeGreaterThan(3);
  }, 120_000);
});

describe('demand assumption', () => {
  it('more trips per resident mean more vehicle-km', () => {
    const cache = new StageCache();
    const run = (scale: number) => runScenarioChain(demo, { ...scenario(`x${scale}`, [], ['traffic']), assumptions: { demand: { scale } } }, { cache, settings: defaultSettings(demo) });
    expect(scenarioKpis(run(1.2)).vehicleKm).toBeGreaterThan((scenarioKpis(run(1)).vehicleKm ?? Infinity) * 1.15);
  });
});

describe('cache order', () => {
  it('results do not depend on which scenario filled the cache first', () => {
    const settings = defaultSettings(demo, { studyArea: { minX: -60, minY: -160, maxX: 60, maxY: 20 }, noiseM: 40, facadeSpacingM: 20, noiseMaxDistanceM: 80 });
    const closeMain = [{ op: 'close-road' as const, id: 'road-main-2' }];
    const cache = new StageCache();
    runScenarioChain(demo, scenario('car-free first', closeMain, ['traffic', 'noise']), { cache, settings });
    const after = runScenarioChain(demo, scenario('baseline', [], ['traffic', 'noise']), { cache, settings }).noise;
    const fresh = runScenarioChain(demo, scenario('baseline', [], ['traffic', 'noise']), { cache: new StageCache(), settings }).noise;
    if (after === undefined || fresh === undefined) throw new Error('noise did not run');
    let worst = 0;
    for (let j = 0; j < fresh.facades.count; j++) worst = Math.max(worst, Math.abs((after.facades.lden[j] ?? NaN) - (fresh.facades.lden[j] ?? NaN)));
    expect(worst).toBeLessThan(1e-3);
    expect(after.exposure.endLdenAbove55).toBe(fresh.exposure.endLdenAbove55);
  }, 120_000);
});
