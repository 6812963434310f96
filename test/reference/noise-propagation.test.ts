/**
 * ISO/TR 17534-4:2020 propagation cases (CNOSSOS-EU), discovered from
 * iso17534_4_propagation_expected.json and propagation_profiles/: per band, every listed quantity
 * the kernel computes, within the tolerance constant the file names for that case and variable
 * (ERROR_EPSILON_VERY_LOW = the ISO's own 0.1 dB where the file names none). The expected values
 * describe the case's direct path (its DIRECT profile).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cutProfileFromJson } from '../../src/sim/noise/cut-profile-json';
import { computePathAttenuation, createPathAttenuation, type PathAttenuation } from '../../src/sim/noise/path-attenuation';
import { REFERENCE_DIR, fixtureDir } from '../support/fixtures';

const dir = fixtureDir(REFERENCE_DIR, 'noise_cnossos');

/** ISO/TR 17534-4 computes the long-term level with p = 0.5 for favourable conditions. */
const ISO_FAVOURABLE_OCCURRENCE = 0.5;
const ISO_LEVEL_TOLERANCE = 0.1;
const DEFAULT_TOLERANCE_NAME = 'ERROR_EPSILON_VERY_LOW';

/**
 * Quantities of a case the kernel does not yet meet, with the reason. They run in a separate
 * `it.fails` per case, so the suite notices when they start to pass; the case's other quantities
 * are asserted normally.
 */
const WHOLE_PATH_GROUND = 'whole-path ground terms of a diffracted path (not part of L): the ISO values use another d_p/G than the straight cut';
const KNOWN_GAPS: Record<string, { quantities: string[]; reason: string }> = {
  TC27: { quantities: ['ABoundaryF', 'LF', 'L', 'LA'], reason: 'favourable ray that clears a terrain edge the straight ray hits: the ISO diffracts in 1/2 kHz only (band-wise criterion for curved rays not reproduced)' },
  TC07: { quantities: ['AGroundH', 'AGroundF'], reason: WHOLE_PATH_GROUND },
  TC08: { quantities: ['WH', 'CfH', 'AGroundH', 'WF', 'CfF', 'AGroundF'], reason: WHOLE_PATH_GROUND },
  TC10: { quantities: ['CfH', 'CfF'], reason: WHOLE_PATH_GROUND },
  TC11: { quantities: ['WH', 'CfH', 'WF', 'CfF'], reason: WHOLE_PATH_GROUND },
};

interface Expected {
  common: {
    humidity_pct: number;
    temperature_C: number;
    sound_power_levels_dB_per_band: number[];
    a_weighting: number[];
    tolerance_constants_dB: Record<string, number>;
  };
  cases: Record<string, { description: string; cut_profiles: string[]; expected: Record<string, (number | null)[]>; tolerance_constants: Record<string, string> }>;
}



/** The kernel's band values for a quantity name of the file (un-suffixed names are homogeneous). */
function bandValues(result: PathAttenuation, quantity: string, aWeighting: number[]): ArrayLike<number> | undefined {
  if (quantity === 'LA') return Array.from(result.L, (l, b) => l + (aWeighting[b] ?? Number.NaN));
  const direct = (result as unknown as Record<string, unknown>)[quantity];
  if (direct instanceof Float64Array && quantity !== 'ARefl') return direct;
  const homogeneous = (result as unknown as Record<string, unknown>)[`${quantity}H`];
  return homogeneous instanceof Float64Array ? homogeneous : undefined;
}


interface Worst {
  error: number;
  where: string;
  within: number;
  total: number;
}

describe.skipIf(!dir)('ISO/TR 17534-4 propagation (CNOSSOS-EU)', () => {
  const ref = dir ? (JSON.parse(readFileSync(join(dir, 'iso17534_4_propagation_expected.json'), 'utf8')) as Expected) : undefined;
  const cases = ref ? Object.entries(ref.cases) : [];
  const worst = new Map<string, Worst>();
  const notComputed = new Set<string>();
  afterAll(() => {
    const lines = [...worst.entries()].map(([q, w]) => `  ${q.padEnd(11)} worst ${w.error.toFixed(4)} dB (${w.where}), ${w.within}/${w.total} band values within ${ISO_LEVEL_TOLERANCE} dB`);
    console.info(`ISO/TR 17534-4 worst error per quantity (computed cases only):\n${lines.join('\n')}\n  not computed: ${[...notComputed].sort().join(', ')}`);
  });

  it('finds cases', () => expect(cases.length).toBeGreaterThan(0));

  for (const [id, c] of cases) {
    const profiles = c.cut_profiles.map((name) => {
      const file = join(dir ?? '', 'propagation_profiles', `${name}.json`);
      return existsSync(file) ? cutProfileFromJson(JSON.parse(readFileSync(file, 'utf8')), file) : undefined;
    });
    const direct = profiles.find((p) => p?.kind === 'direct');
    const result = createPathAttenuation();
    if (direct && ref) computePathAttenuation(direct, ref.common.sound_power_levels_dB_per_band, { temperatureC: ref.common.temperature_C, humidityPercent: ref.common.humidity_pct }, ISO_FAVOURABLE_OCCURRENCE, result);
    const gap = KNOWN_GAPS[id];
    const title = `${id} ${c.description}`.trim();
    if (direct === undefined || !result.supported) {
      it.skip(`${title} — not yet: ${direct === undefined ? 'no DIRECT profile file' : result.reason}`, () => undefined);
      continue;
    }
    /** Asserts the listed quantities (all but the known gaps, or only them). */
    const check = (onlyGaps: boolean): void => {
      if (!ref) return;
      const failures: string[] = [];
      let compared = 0;
      for (const [quantity, values] of Object.entries(c.expected)) {
        const isGap = gap?.quantities.includes(quantity) === true;
        if (isGap !== onlyGaps) continue;
        const actualBands = bandValues(result, quantity, ref.common.a_weighting);
        if (actualBands === undefined) {
          notComputed.add(quantity);
          continue;
        }
        const tolName = c.tolerance_constants[quantity] ?? DEFAULT_TOLERANCE_NAME;
        const tol = ref.common.tolerance_constants_dB[tolName];
        expect(tol, `tolerance constant ${tolName}`).toBeDefined();
        values.forEach((expected, band) => {
          if (expected === null) return;
          const actual = actualBands[band] ?? Number.NaN;
          const err = Math.abs(actual - expected);
          compared++;
          if (!onlyGaps) {
            const w = worst.get(quantity) ?? { error: 0, where: '', within: 0, total: 0 };
            if (err > w.error) {
              w.error = err;
              w.where = `${id} band ${band}`;
            }
            w.total++;
            if (err <= ISO_LEVEL_TOLERANCE) w.within++;
            worst.set(quantity, w);
          }
          if (!(err <= (tol ?? 0))) failures.push(`${quantity}[${band}] = ${actual.toFixed(3)}, expected ${expected} ± ${tol} (${tolName})`);
        });
      }
      expect(compared).toBeGreaterThan(0);
      expect(failures, failures.join('\n')).toEqual([]);
    };
    it(title, () => check(false));
    if (gap !== undefined) it.fails(`${id} known gap (${gap.quantities.join(', ')}): ${gap.reason}`, () => check(true));
  }
});
