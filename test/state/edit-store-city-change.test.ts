/**
 * A new district (an import) clears what belonged to the old one: scenario runs, the split view's
 * and the scene's scenario choices, scenarios saved in the page, the scenario maps and difference
 * maps in the results store, and the editor's draft; other models' results are left to their owners.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from '../../src/twin/demo/index';
import { cityStore } from '../../src/state/city-store';
import { resultsStore } from '../../src/state/results-store';
import { BASELINE_ID, scenarioStore } from '../../src/state/scenario-store';
import { editStore } from '../../src/state/edit-store';
import type { RasterResult } from '../../src/results/result-types';

function raster(id: string, source: string): RasterResult {
  return { kind: 'raster', id, title: id, source, grid: { originX: 0, originY: 0, cellM: 10, cols: 1, rows: 1 }, values: new Float32Array(1), legend: { kind: 'ramp', unit: 'dB', stops: [] } } as unknown as RasterResult;
}

describe('city change', () => {
  it('clears scenario runs, maps, saved drafts and the edit draft; keeps the server list and other results', () => {
    const first = generateDemoDistrict();
    cityStore.getState().setCity(first);
    expect(editStore.getState().base).toBe(first);
    editStore.getState().apply({ op: 'remove-building', id: first.buildings.id[0] ?? '' });

    const s = scenarioStore.getState();
    s.setList([{ id: BASELINE_ID, file: 'baseline.json', name: 'Baseline', description: '' }]);
    s.addLocal({ id: 'draft-x', file: 'draft-x.json', name: 'X', description: '', text: '{}' });
    s.toggle('draft-x', true);
    s.setRun(BASELINE_ID, { status: 'queued' });
    s.setSplit({ enabled: true, leftId: 'scenario:baseline:noise-lden', rightId: 'diff:x' });
    s.showEdits('draft-x');
    // Reloading the server's list keeps the page's own scenarios.
    s.setList([{ id: BASELINE_ID, file: 'baseline.json', name: 'Baseline', description: '' }]);
    expect(scenarioStore.getState().list?.map((l) => l.id)).toEqual([BASELINE_ID, 'draft-x']);
    resultsStore.getState().setResult(raster('scenario:baseline:noise-lden', 'scenario'));
    resultsStore.getState().setResult(raster('diff:x', 'scenario'));
    resultsStore.getState().setResult(raster('sun-hours', 'sun-hours'), false);

    const second = generateDemoDistrict({ seed: 2 });
    cityStore.getState().setCity(second);

    const after = scenarioStore.getState();
    expect(after.runs).toEqual({});
    expect(after.selected).toEqual([BASELINE_ID]);
    expect(after.list?.map((l) => l.id)).toEqual([BASELINE_ID]);
    expect(after.split).toMatchObject({ enabled: false, leftId: null, rightId: null });
    expect(after.editsShownId).toBeNull();
    expect(Object.keys(resultsStore.getState().results)).toEqual(['sun-hours']);
    expect(resultsStore.getState().shownId).toBeNull();
    expect(editStore.getState().base).toBe(second);
    expect(editStore.getState().edits).toHaveLength(0);
  });
});
