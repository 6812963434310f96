/**
 * Traffic solutions as results of the views' contract (src/results, kind 'roads', one value per
 * road of the city model):
 * - link flows: colour = the road's largest volume/capacity ratio in classes, drawn width ∝ the
 *   road's flow summed over both directions (one ribbon per road, not one per direction);
 * - difference scenario − baseline of that two-way flow, veh/h, on a diverging ramp centred on 0,
 *   width ∝ |difference|.
 * Roads without motor traffic get NaN (not drawn). Pure data: the labels come from the caller.
 */
import type { LegendClass, RoadsResult } from '../../results/result-types';
import type { RoadDetails } from './road-details';

export const TRAFFIC_RESULT_IDS = {
  baseline: 'traffic-vc',
  scenario: 'traffic-vc:scenario',
  difference: 'diff:traffic-flow:scenario',
} as const;

/** Widest drawn road, m (the busiest road, or the largest change). */
export const MAX_DRAWN_WIDTH_M = 24;
/** Narrowest drawn road with a value, m, so that quiet roads stay visible. */
export const MIN_DRAWN_WIDTH_M = 2;

/**
 * Volume/capacity classes: under 0.5 free, 0.5–0.75 busy, 0.75–0.9 near capacity, 0.9–1 at
 * capacity, over 1 overloaded (bands after the HCM level-of-service v/c thresholds, simplified).
 */
export const VOLUME_CAPACITY_CLASSES: readonly LegendClass[] = [
  { from: 0, to: 0.5, colour: '#1a9850', label: '< 0.5' },
  { from: 0.5, to: 0.75, colour: '#a6d96a', label: '0.5–0.75' },
  { from: 0.75, to: 0.9, colour: '#fee08b', label: '0.75–0.9' },
  { from: 0.9, to: 1, colour: '#f46d43', label: '0.9–1.0' },
  { from: 1, to: Infinity, colour: '#a50026', label: '≥ 1.0' },
];

/** Diverging colours of a difference, decrease (blue) → 0 (light grey) → increase (red). */
export const DIFFERENCE_COLOURS = ['#2166ac', '#67a9cf', '#e6e6e6', '#ef8a62', '#b2182b'] as const;

export interface TrafficResultLabels {
  title: string;
  unit: string;
  notes?: string[];
}

/** Width per road ∝ |value| / scale (MIN…MAX_DRAWN_WIDTH_M), NaN where value is NaN. */
function widths(values: Float32Array, scale: number): Float32Array {
  const w = new Float32Array(values.length);
  for (let r = 0; r < values.length; r++) {
    const v = values[r] as number;
    w[r] = Number.isNaN(v) ? NaN : MIN_DRAWN_WIDTH_M + (MAX_DRAWN_WIDTH_M - MIN_DRAWN_WIDTH_M) * Math.min(1, Math.abs(v) / scale);
  }
  return w;
}

/** Largest |value|, NaN skipped (0 when none). */
function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i] as number);
    if (v > m) m = v;
  }
  return m;
}

/** The busiest road's two-way flow, veh/h: drawn MAX_DRAWN_WIDTH_M wide by volumeCapacityResult. */
export function maxRoadFlowVehH(roads: RoadDetails): number {
  return maxAbs(roads.totalVehH);
}

/** The road's largest v/c as colour, its two-way flow as width. */
export function volumeCapacityResult(roads: RoadDetails, id: string, labels: TrafficResultLabels): RoadsResult {
  return {
    kind: 'roads', id, source: 'traffic', title: labels.title,
    legend: { kind: 'classes', unit: labels.unit, classes: VOLUME_CAPACITY_CLASSES },
    values: Float32Array.from(roads.volumeCapacity),
    widthM: widths(Float32Array.from(roads.totalVehH), Math.max(1, maxRoadFlowVehH(roads))),
    ...(labels.notes === undefined ? {} : { notes: labels.notes }),
  };
}

/** Two-way flow of `scenario` minus `baseline` per road, veh/h. */
export function flowDifference(scenario: RoadDetails, baseline: RoadDetails): Float32Array {
  const d = new Float32Array(scenario.totalVehH.length);
  for (let r = 0; r < d.length; r++) d[r] = (scenario.totalVehH[r] as number) - (baseline.totalVehH[r] as number);
  return d;
}

/** Scenario − baseline two-way flow (veh/h) on a diverging ramp symmetric about 0. */
export function differenceResult(scenario: RoadDetails, baseline: RoadDetails, id: string, labels: TrafficResultLabels): RoadsResult {
  const values = flowDifference(scenario, baseline);
  const bound = Math.max(1, Math.ceil(maxAbs(values)));
  return {
    kind: 'roads', id, source: 'traffic', title: labels.title,
    legend: { kind: 'ramp', unit: labels.unit, min: -bound, max: bound, centre: 0, colours: DIFFERENCE_COLOURS },
    values,
    widthM: widths(values, bound),
    ...(labels.notes === undefined ? {} : { notes: labels.notes }),
  };
}
