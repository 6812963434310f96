/**
 * A point-source case as written in the reference files (point_source_cases.json "inputs"):
 * Q_g_per_s, u_m_per_s, H_effective_m (or stack_height_m + plume_rise_m), stability ("D …" or 1…6),
 * sigma ("Briggs rural" | "Briggs urban" | "ISC3 rural"), x_m, y_m, z_m in the plume frame, and
 * optionally mixing_height_m. Validation errors name the case and the field.
 */
import type { DispersionScheme } from './dispersion-coefficients';
import { plumeConcentrationUgPerM3, type PlumeConditions } from './gaussian-plume';
import { parseStabilityClass } from './stability-class';

export interface PlumeCase {
  conditions: PlumeConditions;
  xM: number;
  yM: number;
  zM: number;
}

/** "Briggs rural" → 'briggs-rural', "Briggs urban" → 'briggs-urban', "ISC3 …"/"Pasquill–Gifford" → 'isc3-rural'. */
export function parseDispersionScheme(text: string, where: string): DispersionScheme {
  const t = text.toLowerCase();
  if (t.includes('briggs')) return t.includes('urban') ? 'briggs-urban' : 'briggs-rural';
  if (t.includes('isc') || t.includes('pasquill')) return 'isc3-rural';
  throw new Error(`${where}.sigma: '${text}' is not Briggs rural, Briggs urban or ISC3 rural`);
}

function number(inputs: Readonly<Record<string, unknown>>, key: string, where: string): number {
  const v = inputs[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${where}.${key}: required number, got ${JSON.stringify(v)}`);
  return v;
}

export function plumeCaseFromInputs(inputs: Readonly<Record<string, unknown>>, where: string): PlumeCase {
  const height =
    typeof inputs.H_effective_m === 'number' ? inputs.H_effective_m : number(inputs, 'stack_height_m', where) + number(inputs, 'plume_rise_m', where);
  const stability = inputs.stability;
  if (typeof stability !== 'string' && typeof stability !== 'number') throw new Error(`${where}.stability: required (A…F or 1…6)`);
  const sigma = inputs.sigma;
  const conditions: PlumeConditions = {
    emissionGPerS: number(inputs, 'Q_g_per_s', where),
    windSpeedMPerS: number(inputs, 'u_m_per_s', where),
    effectiveHeightM: height,
    stability: parseStabilityClass(stability, `${where}.stability`),
    scheme: parseDispersionScheme(typeof sigma === 'string' ? sigma : 'ISC3 rural', where),
    ...(typeof inputs.mixing_height_m === 'number' && { mixingHeightM: inputs.mixing_height_m }),
  };
  return { conditions, xM: number(inputs, 'x_m', where), yM: typeof inputs.y_m === 'number' ? inputs.y_m : 0, zM: typeof inputs.z_m === 'number' ? inputs.z_m : 0 };
}

/** Concentration (µg/m³) of a case. */
export function plumeCaseConcentrationUgPerM3(c: PlumeCase): number {
  return plumeConcentrationUgPerM3(c.conditions, c.xM, c.yM, c.zM);
}
