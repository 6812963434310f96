/**
 * Scenario files (scenarios/schema.json) as TypeScript types. Coordinates are local ENU metres
 * (x east, y north) around the city's origin; heights m, speeds km/h. The edit vocabulary a user
 * writes is `ScenarioEdit`; `src/scenario/edits.ts` applies it to a CityModel and returns the
 * exact inverse (undo/redo).
 */
import type { BuildingUse, RoadClass } from '../twin/city-model';

export type Point2 = readonly [number, number];

export interface AddBuildingEdit {
  op: 'add-building';
  id: string;
  /** Outer ring, any orientation (stored counter-clockwise), not closed. */
  footprint: readonly Point2[];
  heightM?: number;
  storeys?: number;
  use: BuildingUse;
  /** Default: 0.75 × residential floor area / 47 m² (src/twin/demo/README.md "Heights and residents"). */
  residents?: number;
}
export interface RemoveBuildingEdit {
  op: 'remove-building';
  id: string;
}
export interface ChangeBuildingEdit {
  op: 'change-building';
  id: string;
  heightM?: number;
  storeys?: number;
  use?: BuildingUse;
  residents?: number;
}
export interface CloseRoadEdit {
  op: 'close-road';
  id: string;
}
export interface OpenRoadEdit {
  op: 'open-road';
  id: string;
}
export interface RoadChanges {
  maxSpeedKmh?: number;
  lanes?: number;
  surface?: string;
}
export interface ChangeRoadEdit extends RoadChanges {
  op: 'change-road';
  id: string;
}
export interface ChangeRoadsEdit extends RoadChanges {
  op: 'change-roads';
  ids: readonly string[];
}
export interface AddRoadEdit {
  op: 'add-road';
  id: string;
  name?: string;
  roadClass: Exclude<RoadClass, 'rail'>;
  line: readonly Point2[];
  lanes: number;
  maxSpeedKmh: number;
  oneway?: -1 | 0 | 1;
  surface?: string;
}
export interface AddNoiseBarrierEdit {
  op: 'add-noise-barrier';
  id: string;
  line: readonly Point2[];
  heightM: number;
  /** Wall thickness, m (default 0.3). */
  thicknessM?: number;
}
export interface AddTreesEdit {
  op: 'add-trees';
  idPrefix: string;
  points?: readonly Point2[];
  line?: readonly Point2[];
  spacingM?: number;
  heightM: number;
  crownDiameterM: number;
  leafCycle?: 'evergreen' | 'deciduous';
}
export interface RemoveTreesEdit {
  op: 'remove-trees';
  ids: readonly string[];
}

export type ScenarioEdit =
  | AddBuildingEdit
  | RemoveBuildingEdit
  | ChangeBuildingEdit
  | CloseRoadEdit
  | OpenRoadEdit
  | ChangeRoadEdit
  | ChangeRoadsEdit
  | AddRoadEdit
  | AddNoiseBarrierEdit
  | AddTreesEdit
  | RemoveTreesEdit;

export const SCENARIO_OUTPUTS = ['traffic', 'noise', 'air', 'sun-hours'] as const;
export type ScenarioOutput = (typeof SCENARIO_OUTPUTS)[number];

export type StabilityClass = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

export interface ScenarioAssumptions {
  /** Local date (YYYY-MM-DD) of the sun-hours day. */
  sunDate?: string;
  weather?: { temperatureC?: number; windSpeedMs?: number; windFromDeg?: number; stability?: StabilityClass };
  demand?: { scale?: number; tripsPerResident?: number };
}

export interface ScenarioFile {
  $schema?: string;
  name: string;
  description?: string;
  /** "demo" or a path to a city file or folder, relative to the scenario file. */
  base: string;
  seed?: number;
  edits: ScenarioEdit[];
  assumptions?: ScenarioAssumptions;
  outputs?: ScenarioOutput[];
  resolution?: { noiseM?: number; airM?: number; sunM?: number; facadeSpacingM?: number; noiseMaxDistanceM?: number };
  /** Rectangle (ENU m) the result grids cover. */
  studyArea?: { minX: number; minY: number; maxX: number; maxY: number };
}

/** Assumptions with every default filled in. */
export interface ResolvedAssumptions {
  sunDate: string;
  temperatureC: number;
  windSpeedMs: number;
  windFromDeg: number;
  stability: StabilityClass;
  demandScale: number;
  tripsPerResident: number | undefined;
}

/** Default sun-hours day: the March equinox (BRE 209 §3.3 assesses sunlight on 21 March). */
export const DEFAULT_SUN_DATE = '2025-03-21';

export function resolveAssumptions(a: ScenarioAssumptions | undefined): ResolvedAssumptions {
  return {
    sunDate: a?.sunDate ?? DEFAULT_SUN_DATE,
    temperatureC: a?.weather?.temperatureC ?? 10,
    windSpeedMs: a?.weather?.windSpeedMs ?? 3,
    windFromDeg: a?.weather?.windFromDeg ?? 240,
    stability: a?.weather?.stability ?? 'D',
    demandScale: a?.demand?.scale ?? 1,
    tripsPerResident: a?.demand?.tripsPerResident,
  };
}
