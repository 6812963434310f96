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

/** The exposure table as fixed-width text lines (CLI), residents rounded to whole persons. */
export function exposureTableText(r: NoiseJobResult): string[] {
  const e = r.exposure;
  const n = (v: number) => Math.round(v).toString().padStart(9);
  const lines = [`${'band dB'.padEnd(9)}${'Lden'.padStart(9)}${'Lnight'.padStart(9)}`];
  for (const b of e.bands) lines.push(`${b.label.padEnd(9)}${n(b.ldenResidents)}${n(b.lnightResidents)}`);
  lines.push(`${'total'.padEnd(9)}${n(e.assessedResidents)}${n(e.assessedResidents)}`);
  lines.push(`residents ${Math.round(e.totalResidents)}, assessed ${Math.round(e.assessedResidents)}, without a free facade ${Math.round(e.unassessedResidents)}, no road within range (in < 35) ${Math.round(e.beyondRangeResidents)}`);
  lines.push(`END: Lden >= 55 dB ${Math.round(e.endLdenAbove55)}, Lnight >= 50 dB ${Math.round(e.endLnightAbove50)}; WHO 2018: Lden >= 53 dB ${Math.round(e.whoLdenAbove53)}, Lnight >= 45 dB ${Math.round(e.whoLnightAbove45)}`);
  return lines;
}
