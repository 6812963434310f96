/**
 * The sensors store's batch action (added for the feed's per-frame batches): one store update for
 * a frame's deltas, with the same result as applying them one by one (stale readings dropped,
 * unknown sensors without an entity ignored).
 */
import { describe, expect, it } from 'vitest';
import { sensorsStore, type SensorDelta } from '../../src/state/sensors-store';

const entity = { type: 'NoiseLevelObserved' as const, position: { x: 1, y: 2, z: 0 }, problems: [] };
const deltas: SensorDelta[] = [
  { id: 'urn:a', readings: [{ attribute: 'LAeq', datasetId: '', value: 60, observedAtMs: 2000 }], entity },
  { id: 'urn:b', readings: [{ attribute: 'LAeq', datasetId: '', value: 50, observedAtMs: 1000 }], entity },
  { id: 'urn:a', readings: [{ attribute: 'LAeq', datasetId: '', value: 55, observedAtMs: 1500 }] },
  { id: 'urn:unknown', readings: [{ attribute: 'LAeq', datasetId: '', value: 1 }] },
  { id: 'urn:b', readings: [{ attribute: 'LAeq', datasetId: 'urn:ds:1', value: 52, observedAtMs: 1100 }] },
];

describe('sensors store applyDeltas', () => {
  it('one update per batch, same result as one by one', () => {
    sensorsStore.getState().setSensors([]);
    for (const d of deltas) sensorsStore.getState().applyDelta(d.id, d.readings, d.entity);
    const oneByOne = sensorsStore.getState().sensors;
    sensorsStore.getState().setSensors([]);
    let updates = 0;
    const unsubscribe = sensorsStore.subscribe(() => updates++);
    sensorsStore.getState().applyDeltas(deltas);
    unsubscribe();
    expect(updates).toBe(1);
    expect(sensorsStore.getState().sensors).toEqual(oneByOne);
    expect(sensorsStore.getState().sensors['urn:a']?.readings['LAeq']?.value).toBe(60);
    expect(Object.keys(sensorsStore.getState().sensors).sort()).toEqual(['urn:a', 'urn:b']);
    const before = sensorsStore.getState();
    sensorsStore.getState().applyDeltas([deltas[2] as SensorDelta, deltas[3] as SensorDelta]);
    expect(sensorsStore.getState().sensors).toBe(before.sensors);
  });
});
