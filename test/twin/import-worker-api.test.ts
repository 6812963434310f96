import { describe, expect, it } from 'vitest';
import type { ProgressReport } from '../../src/sim/core/progress';
import { createImportWorkerApi } from '../../src/twin/import/import-worker-api';
import { cityModelTransferables } from '../../src/twin/import/transferables';
import { fixturePbf } from './osm-fixture';

describe('import worker API (what import.worker.ts exposes)', () => {
  it('imports with monotone progress ending at 1 and lists every typed-array buffer for transfer', async () => {
    const api = createImportWorkerApi();
    const progress: ProgressReport[] = [];
    const model = await api.importFiles([{ name: 'a.osm.pbf', bytes: fixturePbf() }], (p) => progress.push(p));
    expect(model.buildings.count).toBe(2);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)?.fraction).toBe(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]?.fraction).toBeGreaterThanOrEqual(progress[i - 1]?.fraction ?? 0);
    const buffers = cityModelTransferables(model);
    expect(buffers).toContain(model.buildings.xy.buffer);
    expect(buffers).toContain(model.roads.flowVehH.buffer);
    expect(new Set(buffers).size).toBe(buffers.length);
  });

  it('cancel() stops a running import with CancelledError', async () => {
    const api = createImportWorkerApi();
    const files = Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.osm.pbf`, bytes: fixturePbf() }));
    const run = api.importFiles(files, () => api.cancel());
    await expect(run).rejects.toMatchObject({ name: 'CancelledError' });
  });
});
