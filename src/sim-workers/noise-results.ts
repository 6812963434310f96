/**
 * Noise job → views: the 5-dB class legend of strategic noise maps (NOISE_CLASSES of
 * src/sim/noise/noise-classes.ts) as a results legend, and the grid maps as raster results
 * (src/results/result-types.ts) the scene drapes and the Results panel explains.
 */
import type { LegendClass, RasterResult, ResultLegend } from '../results/result-types';
import { NOISE_CLASSES } from '../sim/noise/noise-classes';
import type { NoiseJobResult, NoiseLevels } from './noise-job';

/** The map indicators, in the order the panel lists them. */
export const NOISE_INDICATORS = ['lden', 'lnight', 'lday', 'levening'] as const;
export type NoiseIndicator = (typeof NOISE_INDICATORS)[number];

/** Stepped legend of the 5-dB classes, unit dB(A). */
export function noiseLegend(unit = 'dB(A)'): ResultLegend {
  const classes: LegendClass[] = NOISE_CLASSES.map((c, k) => ({ from: c.fromDb, to: NOISE_CLASSES[k + 1]?.fromDb ?? Number.POSITIVE_INFINITY, colour: c.colour, label: c.label }));
  return { kind: 'classes', unit, classes };
}

/** Result id of an indicator's map: 'noise-lden', 'noise-lnight', … */
export function noiseResultId(indicator: NoiseIndicator): string {
  return `noise-${indicator}`;
}

/** One indicator's grid map as a raster result at the receiver height (4 m). */
export function noiseRasterResult(r: NoiseJobResult, indicator: NoiseIndicator, title: string, notes: readonly string[] = [], heightAboveGroundM = 4): RasterResult {
  const values: NoiseLevels[NoiseIndicator] = r.maps[indicator];
  return { kind: 'raster', id: noiseResultId(indicator), title, source: 'noise', grid: r.grid, values, legend: noiseLegend(), notes, heightAboveGroundM };
}
