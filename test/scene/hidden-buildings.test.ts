/**
 * The hidden-buildings set (src/scene/hidden-buildings.ts, issue 10): which base rows a draft's
 * edits hide (removed and changed buildings, not new ones), the flag bytes and their texture
 * layout (one R8 texel per building, HIDDEN_TEXTURE_WIDTH per row), the store, the picking ray
 * cast that skips hidden buildings and still finds the one behind, and which split-view half
 * hides the shown scenario's buildings.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BufferAttribute, BufferGeometry, Mesh, Raycaster, Vector3, type Intersection } from 'three';
import { MeshBVH } from 'three-mesh-bvh';
import { generateDemoDistrict } from '../../src/twin/demo/index';
import { editedBuildings } from '../../src/app/scenario-outcome';
import { createEditStore } from '../../src/state/edit-store';
import { buildBuildingMeshes } from '../../src/scene/geometry-source';
import {
  createHiddenBuildingsStore,
  createHiddenFlagsTexture,
  HIDDEN_TEXTURE_WIDTH,
  HIDE_ALL,
  HIDE_DRAFT,
  HIDE_SCENARIO,
  hiddenBaseRows,
  hidingRaycast,
  writeHiddenFlags,
} from '../../src/scene/hidden-buildings';
import { editsShownOnSide, scenarioOfResult } from '../../src/scene/split-view-edits';
import type { ScenarioRunState } from '../../src/state/scenario-store';
import { buildingTable } from '../geometry/fixtures';

const base = generateDemoDistrict();

describe('hidden base rows of a draft', () => {
  it('hides the changed and the removed building, not a new one', () => {
    const store = createEditStore();
    store.getState().begin(base);
    const b = base.buildings;
    let tallest = 0;
    for (let i = 1; i < b.count; i++) if ((b.heightM[i] ?? 0) > (b.heightM[tallest] ?? 0)) tallest = i;
    const removed = tallest === 0 ? 1 : 0;
    expect(store.getState().apply({ op: 'change-building', id: b.id[tallest] ?? '', heightM: 3 })).toBe(true);
    expect(store.getState().apply({ op: 'remove-building', id: b.id[removed] ?? '' })).toBe(true);
    expect(store.getState().apply({ op: 'add-building', id: 'new-1', footprint: [[20, -120], [44, -120], [44, -96], [20, -96]], heightM: 12, use: 'residential' })).toBe(true);
    const draft = store.getState().draft;
    if (draft === null) throw new Error('no draft');
    const rows = hiddenBaseRows(b, editedBuildings(base, { city: draft }));
    expect([...rows]).toEqual([tallest, removed].sort((x, y) => x - y));
    store.getState().undo();
    store.getState().undo();
    store.getState().undo();
    const after = store.getState().draft;
    if (after === null) throw new Error('no draft');
    expect(hiddenBaseRows(b, editedBuildings(base, { city: after })).length).toBe(0);
  });
});

describe('hidden flags', () => {
  it('writes the OR of the bits per building, skips another table and clears on rewrite', () => {
    const other = buildingTable([{ rings: [[0, 0, 1, 0, 1, 1]], baseHeightM: 0, heightM: 1 }]);
    const out = new Uint8Array(base.buildings.count);
    const any = writeHiddenFlags(out, base.buildings, {
      [HIDE_DRAFT]: { table: base.buildings, rows: Uint32Array.of(2, 5) },
      [HIDE_SCENARIO]: { table: base.buildings, rows: Uint32Array.of(5, 7) },
      4: { table: other, rows: Uint32Array.of(0) },
    });
    expect(any).toBe(HIDE_DRAFT | HIDE_SCENARIO);
    expect([out[2], out[5], out[7], out[0]]).toEqual([HIDE_DRAFT, HIDE_DRAFT | HIDE_SCENARIO, HIDE_SCENARIO, 0]);
    expect(out.reduce((n, v) => n + (v === 0 ? 0 : 1), 0)).toBe(3);
    expect(writeHiddenFlags(out, base.buildings, {})).toBe(0);
    expect(out.every((v) => v === 0)).toBe(true);
  });

  it('matches set membership for any sources (property)', () => {
    const n = 5000;
    const table = { ...base.buildings, count: n };
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(n - 1), { maxLength: 60 }), fc.uniqueArray(fc.nat(n - 1), { maxLength: 60 }), (a, s) => {
        const hidden = createHiddenFlagsTexture(n);
        hidden.update(table, { [HIDE_DRAFT]: { table, rows: Uint32Array.from(a) }, [HIDE_SCENARIO]: { table, rows: Uint32Array.from(s) } });
        for (let i = 0; i < n; i++) {
          const want = (a.includes(i) ? HIDE_DRAFT : 0) | (s.includes(i) ? HIDE_SCENARIO : 0);
          // Texel (i mod W, ⌊i / W⌋) of the row-major R8 texture.
          const texel = hidden.texture.image.data?.[(Math.floor(i / HIDDEN_TEXTURE_WIDTH)) * HIDDEN_TEXTURE_WIDTH + (i % HIDDEN_TEXTURE_WIDTH)];
          if (hidden.flags[i] !== want || texel !== want) return false;
        }
        return true;
      }),
      { seed: 10, numRuns: 40 },
    );
  });

  it('sizes the texture to the building count and marks it for upload on update', () => {
    const hidden = createHiddenFlagsTexture(HIDDEN_TEXTURE_WIDTH + 1);
    expect([hidden.texture.image.width, hidden.texture.image.height]).toEqual([HIDDEN_TEXTURE_WIDTH, 2]);
    const version = hidden.texture.version;
    hidden.update(base.buildings, {});
    expect(hidden.texture.version).toBeGreaterThan(version);
    expect(createHiddenFlagsTexture(0).texture.image.height).toBe(1);
  });

  it('store: a source with no rows is removed', () => {
    const store = createHiddenBuildingsStore();
    store.getState().setSource(HIDE_DRAFT, { table: base.buildings, rows: Uint32Array.of(1) });
    expect(Object.keys(store.getState().sources)).toEqual([String(HIDE_DRAFT)]);
    store.getState().setSource(HIDE_DRAFT, { table: base.buildings, rows: new Uint32Array(0) });
    expect(store.getState().sources).toEqual({});
  });
});

describe('picking with hidden buildings', () => {
  // Two 10 m boxes in a row along +x: a ray along +x at z = 5 meets b0 first, then b1.
  const table = buildingTable([
    { rings: [[0, 0, 10, 0, 10, 10, 0, 10]], baseHeightM: 0, heightM: 10 },
    { rings: [[20, 0, 30, 0, 30, 10, 20, 10]], baseHeightM: 0, heightM: 10 },
  ]);
  const meshes = buildBuildingMeshes(table).map((chunk) => {
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(chunk.positions, 3));
    g.setAttribute('buildingIndex', new BufferAttribute(chunk.buildingIndex, 1));
    g.setIndex(new BufferAttribute(chunk.indices, 1));
    Object.assign(g, { boundsTree: new MeshBVH(g) });
    return new Mesh(g);
  });
  const flags = new Uint8Array(table.count);
  const mask = { value: HIDE_ALL };
  for (const m of meshes) m.raycast = hidingRaycast(flags, mask);

  const firstBuilding = (firstHitOnly: boolean): number => {
    const ray = new Raycaster(new Vector3(-5, 5, 5), new Vector3(1, 0, 0));
    ray.firstHitOnly = firstHitOnly;
    const hits: Intersection[] = ray.intersectObjects(meshes, false);
    const hit = hits[0];
    if (hit === undefined) return -1;
    const attr = (hit.object as Mesh).geometry.getAttribute('buildingIndex');
    const index = (hit.object as Mesh).geometry.getIndex();
    return Math.round(attr?.getX(index?.getX((hit.faceIndex ?? 0) * 3) ?? 0) ?? -1);
  };

  it('skips a hidden building and finds the one behind, with and without firstHitOnly', () => {
    for (const firstOnly of [false, true]) {
      flags.fill(0);
      mask.value = HIDE_ALL;
      expect(firstBuilding(firstOnly)).toBe(0);
      flags[0] = HIDE_SCENARIO;
      expect(firstBuilding(firstOnly)).toBe(1);
      // A split-view half without the scenario's edits: the mask leaves that bit out, b0 is back.
      mask.value = HIDE_ALL & ~HIDE_SCENARIO;
      expect(firstBuilding(firstOnly)).toBe(0);
      mask.value = HIDE_ALL;
      flags[1] = HIDE_DRAFT;
      expect(firstBuilding(firstOnly)).toBe(-1);
    }
  });
});

describe('split view: which half hides the shown scenario\'s buildings', () => {
  const run = (id: string, mapIds: string[], diffIds: string[]): ScenarioRunState =>
    ({ status: 'done', outcome: { id, maps: mapIds.map((m) => ({ id: m })), diffs: diffIds.map((m) => ({ id: m })) } }) as unknown as ScenarioRunState;
  const runs: Record<string, ScenarioRunState> = {
    baseline: run('baseline', ['scenario:baseline:noise-lden'], []),
    'car-free': run('car-free', ['scenario:car-free:noise-lden'], ['diff:scenario:car-free:noise-lden']),
    other: { status: 'running', progress: { fraction: 0.5, stage: 'noise' } } as unknown as ScenarioRunState,
  };

  it('finds the scenario of a map or difference map', () => {
    expect(scenarioOfResult(runs, 'scenario:car-free:noise-lden')).toBe('car-free');
    expect(scenarioOfResult(runs, 'diff:scenario:car-free:noise-lden')).toBe('car-free');
    expect(scenarioOfResult(runs, 'scenario:baseline:noise-lden')).toBe('baseline');
    expect(scenarioOfResult(runs, 'sun-hours')).toBeNull();
    expect(scenarioOfResult(runs, null)).toBeNull();
  });

  it('the shown scenario\'s half hides, the other half not; neither half of it: both, as the single view', () => {
    expect(editsShownOnSide('car-free', 'car-free', 'baseline')).toBe(true);
    expect(editsShownOnSide('car-free', 'baseline', 'car-free')).toBe(false);
    expect(editsShownOnSide('car-free', 'baseline', 'other')).toBe(true);
    expect(editsShownOnSide('car-free', null, null)).toBe(true);
    expect(editsShownOnSide(null, 'car-free', 'baseline')).toBe(false);
  });
});
