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
