/** Undo/redo: undoing every edit gives the base exactly; redoing them gives the edited model exactly. */
import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '../../src/twin/demo/index';
import { applyEdits, EditError } from '../../src/scenario/edits';
import { EditHistory } from '../../src/scenario/edit-history';
import type { ScenarioEdit } from '../../src/scenario/scenario-types';

const base = generateDemoDistrict();
const EDITS: ScenarioEdit[] = [
  { op: 'close-road', id: 'road-main-3' },
  { op: 'add-building', id: 'bldg-x', footprint: [[20, -120], [44, -120], [44, -96]], heightM: 30, use: 'office' },
  { op: 'remove-trees', ids: ['tree-5'] },
  { op: 'change-building', id: 'bldg-x', storeys: 12 },
];

describe('EditHistory', () => {
  it('undo all → base, redo all → edited, exactly', () => {
    const h = new EditHistory(base);
    for (const e of EDITS) h.apply(e);
    const edited = applyEdits(base, EDITS).city;
    expect(h.city.buildings).toEqual(edited.buildings);
    while (h.canUndo) h.undo();
    expect(h.city.buildings).toEqual(base.buildings);
    expect(h.city.roads).toEqual(base.roads);
    expect(h.city.trees).toEqual(base.trees);
    while (h.canRedo) h.redo();
    expect(h.city.buildings).toEqual(edited.buildings);
    expect(h.city.roads).toEqual(edited.roads);
    expect(h.city.trees).toEqual(edited.trees);
  });
  it('a new edit after undo clears redo; a failing edit changes nothing', () => {
    const h = new EditHistory(base);
    h.apply(EDITS[0] as ScenarioEdit);
    h.undo();
    h.apply(EDITS[2] as ScenarioEdit);
    expect(h.canRedo).toBe(false);
    const before = h.city;
    expect(() => h.apply({ op: 'remove-building', id: 'nope' })).toThrowError(EditError);
    expect(h.city).toBe(before);
  });
});
