/**
 * CNOSSOS-EU road emission (Directive (EU) 2015/996 Annex II §2.2) against every case of
 * road_emission_cases.json (NoiseModelling RoadCnossosTest; T02/T03 from the JRC reference program).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { roadCoefficientSet } from '../../src/sim/noise/road-coefficients';
import { emissionInputFromCase, type EmissionCaseInputs } from '../../src/sim/noise/emission-case';
import { bandIndex, roadLineEmission } from '../../src/sim/noise/road-emission';
import type { VehicleCoefficients, VehicleCategory } from '../../src/sim/noise/road-coefficient-types';
import { expectClose } from '../support/expect-close';
import { REFERENCE_DIR, fixtureDir } from '../support/fixtures';

const dir = fixtureDir(REFERENCE_DIR, 'noise_cnossos');

interface EmissionCase {
  id: string;
  inputs: EmissionCaseInputs & { coefficient?: string; vehicle_category?: string };
  expected: number;
  tolerance_dB: number;
}

describe.skipIf(!dir)('road emission cases (road_emission_cases.json)', () => {
  const cases = dir ? (JSON.parse(readFileSync(join(dir, 'road_emission_cases.json'), 'utf8')) as { cases: EmissionCase[] }).cases : [];
  let worst = 0;
  let worstId = '';
  afterAll(() => console.info(`road emission: ${cases.length} cases, worst |error| ${worst.toFixed(5)} dB (${worstId})`));
  it('finds cases', () => expect(cases.length).toBeGreaterThan(0));
  for (const c of cases) {
    it(`${c.id} → ${c.expected} ± ${c.tolerance_dB} dB`, () => {
      let actual: number;
      const set = roadCoefficientSet(c.inputs.coefficient_set);
      if (c.inputs.coefficient !== undefined) {
        // A coefficient table lookup case.
        const key = { ar: 'ar', br: 'br', ap: 'ap', bp: 'bp', a: 'studA', b: 'studB' }[c.inputs.coefficient] as keyof VehicleCoefficients | undefined;
        expect(key, `coefficient '${c.inputs.coefficient}'`).toBeDefined();
        const values = set.vehicles[c.inputs.vehicle_category as VehicleCategory][key ?? 'ar'] as readonly number[];
        actual = values[bandIndex(c.inputs.frequency_Hz)] ?? Number.NaN;
      } else {
        actual = roadLineEmission(set, emissionInputFromCase(c.inputs, c.id), bandIndex(c.inputs.frequency_Hz));
      }
      const err = Math.abs(actual - c.expected);
      if (err > worst) {
        worst = err;
        worstId = c.id;
      }
      expectClose(actual, c.expected, { abs: c.tolerance_dB }, c.id);
    });
  }
});
