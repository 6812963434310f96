/**
 * Road surfaces for CNOSSOS-EU from imported attributes: a surface column as given, a `surface`
 * value that is a CNOSSOS id, OSM `surface=*` values through the documented table, others none;
 * the noise sources read an OSM tag kept in a road's attributes.
 */
import { describe, expect, it } from 'vitest';
import { CNOSSOS_SURFACE_BY_OSM, cnossosSurface, roadFields } from '../../src/twin/import/attribute-mapping';
import { roadCoefficientSet } from '../../src/sim/noise/road-coefficients';
import { noiseTraffic } from '../../src/sim-workers/noise-sources';
import { syntheticCity } from './synthetic-city';

describe('CNOSSOS surface from attributes', () => {
  it('maps columns, CNOSSOS ids and OSM values', () => {
    expect(cnossosSurface({ PVMT: 'NL05' })).toBe('NL05');
    expect(cnossosSurface({ pvmt: ' NL08 ', surface: 'sett' })).toBe('NL08');
    expect(cnossosSurface({ surface: 'nl10' })).toBe('NL10');
    expect(cnossosSurface({ surface: 'DEF' })).toBe('');
    expect(cnossosSurface({ surface: 'asphalt' })).toBe('');
    expect(cnossosSurface({ surface: 'sett' })).toBe('NL11');
    expect(cnossosSurface({ surface: 'paving_stones' })).toBe('NL10');
    expect(cnossosSurface({ surface: 'gravel' })).toBeUndefined();
    expect(cnossosSurface({ highway: 'primary' })).toBeUndefined();
    expect(roadFields({ highway: 'residential', surface: 'cobblestone' }).surface).toBe('NL11');
  });

  it('maps only onto surfaces of both coefficient sets', () => {
    for (const id of new Set(Object.values(CNOSSOS_SURFACE_BY_OSM))) {
      if (id === '') continue;
      expect(roadCoefficientSet('2015').surfaces[id], id).toBeDefined();
      expect(roadCoefficientSet('2020').surfaces[id], id).toBeDefined();
    }
  });

  it('noise sources fall back on an OSM surface tag kept in the road attributes', () => {
    const city = syntheticCity([{ points: [[0, 0], [100, 0]], lightVehH: [100, 10, 5] }, { points: [[0, 50], [100, 50]], lightVehH: [100, 10, 5] }]);
    city.roads.attributes[0] = { highway: 'residential', surface: 'sett' };
    city.roads.surface[1] = 'NL01';
    city.roads.attributes[1] = { surface: 'sett' };
    const t = noiseTraffic(city).traffic;
    expect(t.surface).toEqual(['NL11', 'NL01']);
  });
});

describe('noise sources from the traffic model', () => {
  it('spreads peak-hour flows over the periods (AADT = peak / 0.10, class shares) and keeps the others', () => {
    const city = syntheticCity([{ points: [[0, 0], [100, 0]], lightVehH: [100, 10, 5] }, { points: [[0, 50], [100, 50]], lightVehH: [100, 10, 5] }]);
    const { traffic, roadsWithModelFlows, roadsWithGivenFlows, flowsGiven } = noiseTraffic(city, [500, Number.NaN]);
    expect(roadsWithModelFlows).toBe(1);
    expect(roadsWithGivenFlows).toBe(1);
    expect(Array.from(flowsGiven)).toEqual([2, 1]);
    const period = (road: number, p: number) => Array.from(traffic.flowVehH.slice(road * 15 + p * 5, road * 15 + p * 5 + 5)).reduce((a, b) => a + b, 0);
    // Day: AADT 5000 × 75 % / 12 h; evening × 15 % / 4 h; night × 10 % / 8 h.
    expect(period(0, 0)).toBeCloseTo((5000 * 0.75) / 12, 3);
    expect(period(0, 1)).toBeCloseTo((5000 * 0.15) / 4, 3);
    expect(period(0, 2)).toBeCloseTo((5000 * 0.1) / 8, 3);
    expect(period(1, 0)).toBeCloseTo(100, 6);
    expect(() => noiseTraffic(city, [1])).toThrow(/1 peak-hour flows for 2 roads/);
  });
});
