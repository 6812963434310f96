import { beforeEach, describe, expect, it } from 'vitest';
import { sensorsStore } from '../../src/state/sensors-store';

const entity = { type: 'NoiseLevelObserved' as const, position: { x: 1, y: 2, z: 0 }, problems: [] };

describe('sensors store deltas', () => {
  beforeEach(() => sensorsStore.getState().setSensors([]));

  it('keys readings by attribute and datasetId and drops a delta older than the held reading', () => {
    const s = sensorsStore.getState();
    s.applyDelta('urn:a', [{ attribute: 'LAeq', datasetId: '', value: 60, observedAtMs: 2000 }], entity);
    s.applyDelta('urn:a', [{ attribute: 'LAeq', datasetId: 'urn:ds:night', value: 50, observedAtMs: 1000 }]);
    s.applyDelta('urn:a', [{ attribute: 'LAeq', datasetId: '', value: 55, observedAtMs: 1500 }]);
    const readings = sensorsStore.getState().sensors['urn:a']?.readings ?? {};
    expect(readings['LAeq']?.value).toBe(60);
    expect(readings['LAeq#urn:ds:night']?.value).toBe(50);
    s.applyDelta('urn:a', [{ attribute: 'LAeq', datasetId: '', value: 62, observedAtMs: 3000 }]);
    expect(sensorsStore.getState().sensors['urn:a']?.readings['LAeq']?.value).toBe(62);
  });

  it('ignores a delta for an unknown sensor that carries no entity', () => {
    sensorsStore.getState().applyDelta('urn:unknown', [{ attribute: 'no2', datasetId: '', value: 1 }]);
    expect(sensorsStore.getState().sensors['urn:unknown']).toBeUndefined();
  });
});
