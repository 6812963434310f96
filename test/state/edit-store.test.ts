/**
 * The scenario edit store (src/state/edit-store.ts) on the demo district: each tool's action
 * becomes one scenario edit; a bad footprint (under 3 points, crossing itself) is refused with
 * the loader's message; undo/redo restore the draft exactly and keep the edit list in step; the
 * saved draft is a file the scenario loader accepts (schema + ids) and that reproduces the draft.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateDemoDistrict } from '../../src/twin/demo/index';
import { applyEdits } from '../../src/scenario/edits';
import { ringSelfIntersects } from '../../src/scenario/edit-geometry';
import { parseScenario } from '../../src/scenario/load-scenario';
import type { Point2 } from '../../src/scenario/scenario-types';
import { ROAD_CLASSES } from '../../src/twin/city-model';
import { createEditStore, draftScenarioFile, scenarioSlug, treeEdit } from '../../src/state/edit-store';
import { nearestRoad, treeAt } from '../../src/scene/edit-tools/pick-features';

const base = generateDemoDistrict();
/** Open ground on the Marktplatz (the tower scenario's footprint, scenarios/tower-by-the-square.json). */
const SQUARE: Point2[] = [[20, -120], [44, -120], [44, -96], [20, -96]];

function freshStore() {
  const store = createEditStore();
  store.getState().begin(base);
  return store;
}

function drawFootprint(store: ReturnType<typeof freshStore>, points: readonly Point2[]): boolean {
  const s = store.getState();
  s.setTool('draw-building');
  for (const p of points) store.getState().addPoint(p);
  return store.getState().finishSketch();
}

describe('edit store: tools → edits', () => {
  it('a drawn footprint with storeys and use becomes one add-building edit on the draft', () => {
    const store = freshStore();
    expect(drawFootprint(store, SQUARE)).toBe(true);
    expect(store.getState().pending?.kind).toBe('footprint');
    expect(store.getState().commitPending({ storeys: 12, use: 'mixed' })).toBe(true);
    const s = store.getState();
    expect(s.edits).toEqual([{ op: 'add-building', id: 'edit-building-1', footprint: SQUARE, storeys: 12, use: 'mixed' }]);
    const draft = s.draft ?? base;
    expect(draft.buildings.count).toBe(base.buildings.count + 1);
    const i = draft.buildings.id.indexOf('edit-building-1');
    expect(draft.buildings.storeys[i]).toBe(12);
    expect(draft.buildings.attributes[i]?.scenarioEdit).toBe('added');
    expect(s.selection).toEqual({ kind: 'building', id: 'edit-building-1' });
    expect(s.pending).toBeNull();
    // The base is never touched.
    expect(base.buildings.id.includes('edit-building-1')).toBe(false);
  });

  it('a double-click repeat of the last point is dropped; a footprint under 3 points or crossing itself is refused with a message', () => {
    const store = freshStore();
    store.getState().setTool('draw-building');
    store.getState().addPoint([0, 0]);
    store.getState().addPoint([0.1, 0.1]);
    expect(store.getState().sketch).toHaveLength(1);
    store.getState().addPoint([10, 0]);
    expect(store.getState().finishSketch()).toBe(false);
    expect(store.getState().problem).toMatch(/at least 3 points/);
    expect(store.getState().pending).toBeNull();

    const bowTie = freshStore();
    expect(drawFootprint(bowTie, [[20, -120], [44, -96], [44, -120], [20, -96]])).toBe(false);
    expect(bowTie.getState().problem).toMatch(/crosses itself/);
    expect(bowTie.getState().sketch).toHaveLength(4); // kept, so the planner can fix it (Ctrl+Z drops the last point)
    bowTie.getState().dropPoint();
    expect(bowTie.getState().sketch).toHaveLength(3);
    bowTie.getState().cancelSketch();
    expect(bowTie.getState().sketch).toHaveLength(0);
    expect(bowTie.getState().edits).toHaveLength(0);
  });

  it('the same checks refuse a crossing footprint in a scenario file, at its line', () => {
    const text = JSON.stringify({ name: 'x', base: 'demo', edits: [{ op: 'add-building', id: 'b', footprint: [[20, -120], [44, -96], [44, -120], [20, -96]], storeys: 3, use: 'office' }] }, null, 2);
    expect(() => parseScenario(text, 'x.json', base)).toThrowError(/x\.json:\d+:\d+: \/edits\/0\/footprint: footprint crosses itself/);
  });

  it('a barrier line, a road closure, a speed change, a building change/removal and trees become their edits', () => {
    const store = freshStore();
    store.getState().setTool('barrier');
    store.getState().addPoint([-200, 100]);
    store.getState().addPoint([-150, 100]);
    expect(store.getState().finishSketch()).toBe(true);
    expect(store.getState().commitPending({ heightM: 4 })).toBe(true);

    const motor = base.roads.id.findIndex((_, i) => ROAD_CLASSES[base.roads.roadClass[i] ?? 0] === 'residential');
    const roadId = base.roads.id[motor] ?? '';
    expect(store.getState().apply({ op: 'close-road', id: roadId })).toBe(true);
    expect(store.getState().apply({ op: 'open-road', id: roadId })).toBe(true);
    expect(store.getState().apply({ op: 'change-road', id: roadId, maxSpeedKmh: 30 })).toBe(true);
    const bId = base.buildings.id[0] ?? '';
    expect(store.getState().apply({ op: 'change-building', id: bId, storeys: 9 })).toBe(true);
    expect(store.getState().apply({ op: 'remove-building', id: bId })).toBe(true);
    const draft1 = store.getState().draft ?? base;
    const tree = treeEdit(draft1, [5, 5]);
    expect(store.getState().apply(tree)).toBe(true);
    const draft2 = store.getState().draft ?? base;
    expect(treeEdit(draft2, [6, 6]).idPrefix).not.toBe(tree.idPrefix); // each planted tree gets a new id
    expect(store.getState().apply({ op: 'remove-trees', ids: [`${tree.idPrefix}-1`] })).toBe(true);
    expect(store.getState().edits.map((e) => e.op)).toEqual(['add-noise-barrier', 'close-road', 'open-road', 'change-road', 'change-building', 'remove-building', 'add-trees', 'remove-trees']);
    // The draft equals the scenario edits applied by the loader's code.
    const replay = applyEdits(base, store.getState().edits).city;
    const draft = store.getState().draft ?? base;
    expect(draft.buildings).toEqual(replay.buildings);
    expect(draft.roads).toEqual(replay.roads);
    expect(draft.trees).toEqual(replay.trees);
  });

  it('an edit the loader refuses changes nothing and says why', () => {
    const store = freshStore();
    const before = store.getState().draft;
    expect(store.getState().apply({ op: 'remove-building', id: 'no-such-building' })).toBe(false);
    expect(store.getState().problem).toMatch(/unknown building 'no-such-building'/);
    expect(store.getState().draft).toBe(before);
    expect(store.getState().edits).toHaveLength(0);
  });

  it('picks the road under a point on it and the tree under its crown', () => {
    const r = base.roads;
    const v = r.vertexOffset[3] ?? 0;
    const x = ((r.xyz[3 * v] ?? 0) + (r.xyz[3 * v + 3] ?? 0)) / 2;
    const y = ((r.xyz[3 * v + 1] ?? 0) + (r.xyz[3 * v + 4] ?? 0)) / 2;
    expect(nearestRoad(r, x, y)).toBe(3);
    expect(nearestRoad(r, x, y, 3, (i) => i !== 3)).not.toBe(3);
    expect(nearestRoad(r, x + 500, y + 500)).toBe(-1);
    const t = base.trees;
    expect(treeAt(t, t.xyz[0] ?? 0, (t.xyz[1] ?? 0) + 0.5)).toBe(0);
  });
});

describe('edit store: undo/redo', () => {
  it('undo restores the draft exactly and moves the edit to redo; redo brings it back; a new edit clears redo', () => {
    const store = freshStore();
    drawFootprint(store, SQUARE);
    store.getState().commitPending({ heightM: 30, use: 'office' });
    const afterBuilding = store.getState().draft ?? base;
    const roadId = base.roads.id.find((_, i) => ROAD_CLASSES[base.roads.roadClass[i] ?? 0] === 'residential') ?? '';
    store.getState().apply({ op: 'close-road', id: roadId });
    const afterRoad = store.getState().draft ?? base;

    store.getState().undo();
    expect(store.getState().draft?.roads).toEqual(afterBuilding.roads);
    expect(store.getState().edits.map((e) => e.op)).toEqual(['add-building']);
    expect(store.getState().redoable.map((e) => e.op)).toEqual(['close-road']);
    store.getState().undo();
    expect(store.getState().draft?.buildings).toEqual(base.buildings);
    expect(store.getState().draft?.roads).toEqual(base.roads);
    expect(store.getState().edits).toHaveLength(0);
    store.getState().undo(); // nothing left: no change
    expect(store.getState().edits).toHaveLength(0);

    store.getState().redo();
    store.getState().redo();
    expect(store.getState().draft?.buildings).toEqual(afterRoad.buildings);
    expect(store.getState().draft?.roads).toEqual(afterRoad.roads);
    expect(store.getState().edits.map((e) => e.op)).toEqual(['add-building', 'close-road']);
    expect(store.getState().redoable).toHaveLength(0);

    store.getState().undo();
    store.getState().apply({ op: 'change-road', id: roadId, maxSpeedKmh: 30 });
    expect(store.getState().redoable).toHaveLength(0);
    expect(store.getState().edits.map((e) => e.op)).toEqual(['add-building', 'change-road']);
  });

  it('a new district starts an empty draft', () => {
    const store = freshStore();
    store.getState().apply({ op: 'remove-building', id: base.buildings.id[0] ?? '' });
    const other = generateDemoDistrict({ seed: 2 });
    store.getState().begin(other);
    expect(store.getState().base).toBe(other);
    expect(store.getState().draft).toBe(other);
    expect(store.getState().edits).toHaveLength(0);
    expect(store.getState().redoable).toHaveLength(0);
  });
});

describe('edit store: save', () => {
  it('saves the draft as a scenario file valid against scenarios/schema.json whose edits reproduce the draft', () => {
    const store = freshStore();
    drawFootprint(store, SQUARE);
    store.getState().commitPending({ storeys: 8, use: 'residential' });
    const roadId = base.roads.id.find((_, i) => ROAD_CLASSES[base.roads.roadClass[i] ?? 0] === 'residential') ?? '';
    store.getState().apply({ op: 'close-road', id: roadId });
    const saved = draftScenarioFile(store.getState(), { name: 'Wohnen am Markt!', description: 'drawn in the scene' });
    expect(saved.id).toBe('draft-wohnen-am-markt');
    expect(saved.file).toBe('draft-wohnen-am-markt.json');
    const parsed = parseScenario(saved.text, saved.file, base);
    expect(parsed.base).toBe('demo');
    expect(parsed.name).toBe('Wohnen am Markt!');
    expect(parsed.description).toBe('drawn in the scene');
    expect(parsed.edits).toEqual(store.getState().edits);
    const replay = applyEdits(base, parsed.edits).city;
    expect(replay.buildings).toEqual(store.getState().draft?.buildings);
    expect(replay.roads).toEqual(store.getState().draft?.roads);
  });

  it('refuses an empty name (the schema) and a missing district', () => {
    const store = freshStore();
    expect(() => draftScenarioFile(store.getState(), { name: '  ' })).toThrowError(/\/name/);
    expect(() => draftScenarioFile({ base: null, edits: [] }, { name: 'x' })).toThrowError(/no district/);
    expect(scenarioSlug('  ')).toBe('draft-scenario');
    expect(scenarioSlug('Zone 30 – Süd')).toBe('draft-zone-30-sud');
  });
});

describe('footprint check (ringSelfIntersects, used by the loader and the draw tool)', () => {
  it('never refuses a convex polygon; always refuses a convex quadrilateral with two corners swapped (a bow tie)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 12 }), fc.double({ min: 1, max: 200, noNaN: true }), fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), fc.boolean(), (n, r, phase, clockwise) => {
        const ring: Point2[] = [];
        for (let k = 0; k < n; k++) {
          const a = phase + ((clockwise ? -1 : 1) * 2 * Math.PI * k) / n;
          ring.push([r * Math.cos(a), r * Math.sin(a)]);
        }
        expect(ringSelfIntersects(ring)).toBe(false);
        expect(ringSelfIntersects([...ring, ring[0] as Point2])).toBe(false); // a closing repeat is allowed
        if (n === 4) expect(ringSelfIntersects([ring[0], ring[2], ring[1], ring[3]] as Point2[])).toBe(true);
      }),
      { seed: 10, numRuns: 300 },
    );
    // A repeated consecutive point is refused; a ring touching itself at a vertex is refused.
    expect(ringSelfIntersects([[0, 0], [10, 0], [10, 0], [0, 10]])).toBe(true);
    expect(ringSelfIntersects([[0, 0], [10, 0], [5, 5], [10, 10], [0, 10], [5, 5]])).toBe(true);
  });
});
