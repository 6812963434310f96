/**
 * What a simulation hands to the views: a result layer with values, a unit and a legend. Every
 * model (sun-hours, noise, air, traffic, scenario differences, live sensors) produces one of these
 * kinds; the scene draws the shown one and the legend panel explains it. Pure data: no DOM, React
 * or three, so kernels, workers, the CLI and tests build them too.
 */

/** A regular grid in the district's ENU frame (m). Cell (col, row) covers
 * [originX + col·cellM, originX + (col+1)·cellM) × [originY + row·cellM, …); row 0 is the southern row. */
export interface GridSpec {
  originX: number;
  originY: number;
  cellM: number;
  cols: number;
  rows: number;
}

/** One legend class [from, to) with its colour (#rrggbb) and an optional label (else "from–to"). */
export interface LegendClass {
  from: number;
  to: number;
  colour: string;
  label?: string;
}

/** Legend of a result: stepped classes (noise bands, v/c bands) or a continuous ramp. */
export type ResultLegend =
  | { kind: 'classes'; unit: string; classes: readonly LegendClass[] }
  | {
      kind: 'ramp';
      unit: string;
      min: number;
      max: number;
      /** Colours spread evenly from min to max (#rrggbb); a diverging ramp has an odd count with its middle at `centre`. */
      colours: readonly string[];
      /** Diverging legends (scenario − baseline) centre on this value, usually 0. */
      centre?: number;
    };

interface ResultBase {
  /** Stable id, e.g. 'sun-hours', 'noise-lden', 'diff:noise-lden:car-free'. Setting a result with the same id replaces it. */
  id: string;
  /** Short title in words for the legend, e.g. "Sun hours, 21 March". */
  title: string;
  /** Which model produced it ('sun-hours', 'noise', 'air', 'traffic', 'scenario', 'sensors'). */
  source: string;
  legend: ResultLegend;
  /** Optional lines for the legend panel: assumptions, KPIs in words, data attribution. */
  notes?: readonly string[];
}

/** Values on a ground grid; NaN = no value (inside a building, outside the study area). */
export interface RasterResult extends ResultBase {
  kind: 'raster';
  grid: GridSpec;
  /** Row-major, row 0 south, length cols·rows. */
  values: Float32Array;
  /** Receiver height above ground the values belong to, m (e.g. 4 m for noise maps); drawn draped on the ground. */
  heightAboveGroundM?: number;
}

/** One value per road of the city model (index into city.roads); NaN = no value. */
export interface RoadsResult extends ResultBase {
  kind: 'roads';
  values: Float32Array;
  /** Optional drawn width per road, m (e.g. proportional to flow). */
  widthM?: Float32Array;
}

/** Values at points in ENU (facade receivers, sensors, roof cells). */
export interface PointsResult extends ResultBase {
  kind: 'points';
  x: Float32Array;
  y: Float32Array;
  /** Absolute ENU height, m. */
  z: Float32Array;
  values: Float32Array;
}

export type AnalysisResult = RasterResult | RoadsResult | PointsResult;
