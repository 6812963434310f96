/**
 * Edits are pure and reversible: for every edit type, applying it and then its inverse gives the
 * base model back exactly (every column, value for value), the base is never written, and columns
 * an edit does not touch are shared with the base.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '../../src/twin/demo/index';
import { BUILDING_USES, FLOW_STRIDE, ROAD_CLASSES, type CityModel } from '../../src/twin/city-model';
import { applyEdit, applyEdits, EditError, type Edit } from '../../src/scenario/edits';
import type { ScenarioEdit } from '../../src/scenario/scenario-types';

const base = generateDemoDistrict();
const pristine = generateDemoDistrict();

const EDITS: ScenarioEdit[] = [
  { op: 'add-building', id: 'bldg-new', footprint: [[20, -120], [44, -120], [44, -96], [20, -96]], storeys: 20, use: 'mixed' },
  { op: 'remove-building', id: 'bldg-C2-05' },
  { op: 'change-building', id: 'bldg-tower-1', storeys: 24, use: 'office' },
  { op: 'close-road', id: 'road-main-2' },
  { op: 'change-road', id: 'road-schiller-2', maxSpeedKmh: 30, lanes: 1, surface: 'NL05' },
  { op: 'change-roads', ids: ['road-main-0', 'road-main-5'], maxSpeedKmh: 30 },
  { op: 'add-road', id: 'road-new', roadClass: 'residential', line: [[-200, -200], [-200, -150], [-150, -150]], lanes: 2, maxSpeedKmh: 30 },
  { op: 'add-noise-barrier', id: 'barrier-1', line: [[-411, -395], [-411, 0], [-405, 395]], heightM: 4 },
  { op: 'add-trees', idPrefix: 'tree-new', line: [[-100, -200], [-20, -200]], spacingM: 10, heightM: 12, crownDiameterM: 8, leafCycle: 'deciduous' },
  { op: 'remove-trees', ids: ['tree-3', 'tree-0', 'tree-100'] },
];

function expectSameModel(a: CityModel, b: CityModel): void {
  for (const table of ['buildings', 'roads', 'trees'] as const) {
    const x = a[table] as unknown as Record<string, unknown>;
    const y = b[table] as unknown as Record<string, unknown>;
    expect(Object.keys(x).sort()).toEqual(Object.keys(y).sort());
    for (const k of Object.keys(x)) expect(x[k], `${table}.${k}`).toEqual(y[k]);
  }
}

describe('scenario edits', () => {
  it.each(EDITS.map((e) => [e.op, e] as const))('%s: apply then inverse gives the base exactly', (_op, edit) => {
    const { city, inverse } = applyEdit(base, edit);
    expect(city).not.toBe(base);
    const back = applyEdit(city, inverse);
    expectSameModel(back.city, base);
    // Redo: the inverse of the inverse applies the edit again.
    expectSameModel(applyEdit(back.city, back.inverse).city, city);
    expectSameModel(base, pristine);
  });

  it('an edit shares untouched tables and columns with the base', () => {
    const { city } = applyEdit(base, { op: 'change-road', id: 'road-main-2', maxSpeedKmh: 30 });
    expect(city.buildings).toBe(base.buildings);
    expect(city.trees).toBe(base.trees);
    expect(city.roads.xyz).toBe(base.roads.xyz);
    expect(city.roads.flowVehH).toBe(base.roads.flowVehH);
    expect(city.roads.maxSpeedKmh).not.toBe(base.roads.maxSpeedKmh);
    const i = base.roads.id.indexOf('road-main-2');
    expect(city.roads.maxSpeedKmh[i]).toBe(30);
    expect(city.roads.speedKmh[i * FLOW_STRIDE]).toBe(30);
    expect(base.roads.maxSpeedKmh[i]).toBe(50);
  });

  it('all edits in a row undo in reverse order to the base', () => {
    const { city, inverses } = applyEdits(base, EDITS);
    expect(city.buildings.count).toBe(base.buildings.count + 2 - 1);
    expectSameModel(applyEdits(city, inverses).city, base);
  });

  it('edits do what they say', () => {
    const { city } = applyEdits(base, EDITS);
    const b = city.buildings;
    const tower = b.id.indexOf('bldg-new');
    expect([b.storeys[tower], BUILDING_USES[b.use[tower] ?? 0], b.heightM[tower]]).toEqual([20, 'mixed', 61]);
    expect(b.residents[tower]).toBeGreaterThan(0);
    expect(b.attributes[tower]).toEqual({ scenarioEdit: 'added' });
    expect(b.id).not.toContain('bldg-C2-05');
    const wall = b.id.indexOf('barrier-1');
    expect([b.heightM[wall], b.residents[wall], b.attributes[wall]?.kind]).toEqual([4, 0, 'noise-barrier']);
    const r = city.roads;
    const main2 = r.id.indexOf('road-main-2');
    expect(ROAD_CLASSES[r.roadClass[main2] ?? 0]).toBe('pedestrian');
    expect(Array.from(r.flowVehH.subarray(main2 * FLOW_STRIDE, (main2 + 1) * FLOW_STRIDE))).toEqual(new Array(FLOW_STRIDE).fill(0));
    expect(r.attributes[main2]?.closedRoadClass).toBe('primary');
    expect(city.trees.id.filter((id) => id.startsWith('tree-new-'))).toHaveLength(9);
    expect(city.trees.id).not.toContain('tree-0');
    // Reopening restores the class.
    const open = applyEdit(city, { op: 'open-road', id: 'road-main-2' });
    expect(ROAD_CLASSES[open.city.roads.roadClass[main2] ?? 0]).toBe('primary');
    expectSameModel(applyEdit(open.city, open.inverse).city, city); // open-road's inverse too
  });

  it('bad edits name the field and id', () => {
    const bad: [Edit, string][] = [
      [{ op: 'remove-building', id: 'nope' }, "unknown building 'nope'"],
      [{ op: 'close-road', id: 'road-foot-0' }, 'carries no motor traffic'],
      [{ op: 'open-road', id: 'road-main-1' }, 'was not closed'],
      [{ op: 'remove-trees', ids: ['tree-1', 'tree-x'] }, "unknown tree 'tree-x'"],
    ];
    for (const [e, msg] of bad) {
      expect(() => applyEdit(base, e)).toThrowError(EditError);
      expect(() => applyEdit(base, e)).toThrowError(msg);
    }
  });
});
