/** Difference maps: scenario − baseline per cell, NaN propagated, diverging legend centred on 0; different grids refused. */
import { describe, expect, it } from 'vitest';
import type { RasterResult } from '../../src/results/result-types';
import { differenceRaster } from '../../src/scenario/scenario-export';

const grid = { originX: 0, originY: 0, cellM: 10, cols: 2, rows: 2 };
const raster = (values: number[], g = grid): RasterResult => ({ kind: 'raster', id: 'noise-lden', title: 'Lden', source: 'scenario', grid: g, values: Float32Array.from(values), legend: { kind: 'ramp', unit: 'dB(A)', min: 0, max: 80, colours: ['#000000', '#ffffff'] } });

describe('differenceRaster', () => {
  it('subtracts per cell with a symmetric diverging legend', () => {
    const d = differenceRaster(raster([50, 60, NaN, 40]), raster([52, 55, 30, 40]));
    expect(Array.from(d.values)).toEqual([-2, 5, NaN, 0]);
    expect(d.legend).toMatchObject({ kind: 'ramp', unit: 'dB(A)', min: -5, max: 5, centre: 0 });
    expect(d.id).toBe('diff:noise-lden');
  });
  it('refuses different grids', () => {
    expect(() => differenceRaster(raster([1, 2, 3, 4]), raster([1, 2, 3, 4], { ...grid, cellM: 5 }))).toThrowError(/grids differ/);
  });
});
