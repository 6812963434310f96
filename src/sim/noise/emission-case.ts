/**
 * Mapping of an emission case in the NoiseModelling/shared-reference JSON layout
 * (road_emission_cases.json `inputs`) onto `RoadEmissionInput`, with errors naming the field.
 */
import { VEHICLE_CATEGORIES, type VehicleCategory } from './road-coefficient-types';
import type { JunctionType, RoadEmissionInput, TrafficDirection } from './road-emission';

export interface EmissionCaseInputs {
  speed_kmh?: Record<string, number>;
  flow_veh_per_h?: Record<string, number>;
  frequency_Hz: number;
  temperature_C?: number;
  road_surface?: string;
  studded_Ts_months?: number;
  studded_ratio_pm?: number;
  junction_distance_m?: number;
  junction_type?: number;
  slope_percent?: number;
  slope_handling?: string;
  /** 1 = digitised direction, 2 = reverse, 3 = both (NoiseModelling's split). */
  way?: number;
  coefficient_set: string;
}

function num(value: unknown, field: string, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${where}: field '${field}' must be a number, got ${JSON.stringify(value)}`);
  return value;
}

function perCategory(record: Record<string, number> | undefined, field: string, where: string): Record<VehicleCategory, number> {
  if (record === undefined) throw new Error(`${where}: field '${field}' is missing`);
  const out = { '1': 0, '2': 0, '3': 0, '4a': 0, '4b': 0 } as Record<VehicleCategory, number>;
  for (const cat of VEHICLE_CATEGORIES) out[cat] = num(record[cat] ?? 0, `${field}.${cat}`, where);
  return out;
}

const WAYS: Record<number, TrafficDirection> = { 1: 'forward', 2: 'reverse', 3: 'both-noisemodelling' };

/** `where` names the case or file in error messages. */
export function emissionInputFromCase(inputs: EmissionCaseInputs, where: string): RoadEmissionInput {
  const junction = num(inputs.junction_type ?? 0, 'junction_type', where);
  if (junction !== 0 && junction !== 1 && junction !== 2) throw new Error(`${where}: junction_type must be 0, 1 or 2, got ${junction}`);
  const way = num(inputs.way ?? 1, 'way', where);
  const direction = WAYS[way];
  if (direction === undefined) throw new Error(`${where}: way must be 1, 2 or 3, got ${way}`);
  if (typeof inputs.road_surface !== 'string') throw new Error(`${where}: field 'road_surface' must be a surface id string`);
  return {
    speedKmh: perCategory(inputs.speed_kmh, 'speed_kmh', where),
    flowPerHour: perCategory(inputs.flow_veh_per_h, 'flow_veh_per_h', where),
    temperatureC: num(inputs.temperature_C ?? 20, 'temperature_C', where),
    surface: inputs.road_surface,
    studdedMonths: num(inputs.studded_Ts_months ?? 0, 'studded_Ts_months', where),
    studdedShare: num(inputs.studded_ratio_pm ?? 0, 'studded_ratio_pm', where),
    junctionDistanceM: num(inputs.junction_distance_m ?? 1e9, 'junction_distance_m', where),
    junctionType: junction as JunctionType,
    slopePercent: num(inputs.slope_percent ?? 0, 'slope_percent', where),
    clampSlope: inputs.slope_handling === 'clamped',
    direction,
  };
}
