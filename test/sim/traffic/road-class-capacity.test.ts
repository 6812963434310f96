/** Road-class defaults for building a RoadGraph from the twin's roads. */
import { describe, expect, it } from 'vitest';
import { ROAD_CLASS_TRAFFIC, roadLinkAttributes } from '../../../src/sim/traffic/road-class-capacity';

describe('roadLinkAttributes', () => {
  it('uses the class defaults when lanes and speed are unknown', () => {
    const a = roadLinkAttributes('motorway', 1200, NaN, NaN, false);
    expect(a).toEqual({ capacityVehH: 4000, freeFlowTimeS: 36, lanes: 2, speedKmh: 120 });
  });

  it('splits the lanes of a two-way road and keeps at least one per direction', () => {
    expect(roadLinkAttributes('primary', 500, 4, 50, true)).toEqual({ capacityVehH: 3000, freeFlowTimeS: 36, lanes: 2, speedKmh: 50 });
    expect(roadLinkAttributes('residential', 300, 1, 30, true)?.lanes).toBe(1);
  });

  it('leaves out roads without motor traffic', () => {
    for (const c of ['footway', 'cycleway', 'pedestrian', 'rail']) {
      expect(ROAD_CLASS_TRAFFIC[c]).toBeUndefined();
      expect(roadLinkAttributes(c, 100, 1, 10, false)).toBeUndefined();
    }
  });
});
