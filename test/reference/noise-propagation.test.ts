/**
 * ISO/TR 17534-4:2020 propagation cases (CNOSSOS-EU), discovered from
 * iso17534_4_propagation_expected.json and propagation_profiles/: per band, every listed quantity,
 * within the tolerance constant the file names for that case and variable
 * (ERROR_EPSILON_VERY_LOW = the ISO's own 0.1 dB where the file names none).
 *
 * Which path a quantity describes (the layout of the ISO's tables, as exported in the file):
 * - the level and diffraction terms (L, LH, LF, LA, A_div, A_atm, A_boundary, Δdif…): the DIRECT
 *   (vertical) path;
 * - the whole-path ground terms W, C_f, A_ground: the DIRECT path, except in a case with lateral
 *   paths, whose vertical path is diffracted and whose tables give them for the first lateral path
 *   listed (H on its straight cut, F on its `curvedPath` cut);
 * - RetroDiffH/F and DLabs (= 10 lg(1 − α), of the wall): the first REFLECTION path;
 * - FullLA: all the case's paths summed energetically, A-weighted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CutProfile } from '../../src/sim/noise/cut-profile';
import { cutProfileFromJson } from '../../src/sim/noise/cut-profile-json';
import { computePathAttenuation, createPathAttenuation, type PathAttenuation } from '../../src/sim/noise/path-attenuation';
import { addPathEnergy, energyToLevel } from '../../src/sim/noise/path-energy';
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
const KNOWN_GAPS: Record<string, { quantities: string[]; reason: string }> = {
  TC07: {
    quantities: ['CfH', 'CfF', 'AGroundH', 'AGroundF'],
    reason: 'whole-path C_f/A_ground of the barrier-diffracted vertical path (reported only, not part of L): the file\'s A_ground is this geometry (z_s 1, z_r 4, d_p 194.165 m) with k = 2πf/c at c = 337.3 m/s (343.2·√(T/293.15) at 10 °C, NoiseModelling\'s) instead of the 340 m/s of CNOSSOS-EU that every other case needs (within 0.004 dB); its C_f implies d_p = 194.449 m, longer than |SR| = 194.188 m, so no projection on any plane: C_f within 0.33 m (LOW met), A_ground within 0.07 dB (LOWEST not met)',
  },
};

const WHOLE_PATH_GROUND = new Set(['WH', 'CfH', 'AGroundH', 'WF', 'CfF', 'AGroundF']);
const REFLECTION_QUANTITIES = new Set(['RetroDiffH', 'RetroDiffF', 'DLabs']);

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



/** One computed path of a case. */
interface CasePath {
  profile: CutProfile;
  result: PathAttenuation;
}

/** The path a quantity describes (see the file comment), or undefined when the case lacks it. */
function pathFor(quantity: string, paths: CasePath[]): CasePath | undefined {
  if (REFLECTION_QUANTITIES.has(quantity)) return paths.find((p) => p.profile.kind === 'reflection');
  const direct = paths.find((p) => p.profile.kind === 'direct');
  if (WHOLE_PATH_GROUND.has(quantity)) {
    const favourable = quantity.endsWith('F');
    const lateral = paths.find((p) => (p.profile.kind === 'left' || p.profile.kind === 'right') && p.profile.curved === favourable);
    if (lateral) return lateral;
  }
  return direct;
}

/** The kernel's band values for a quantity name of the file (un-suffixed names are homogeneous). */
function bandValues(paths: CasePath[], quantity: string, aWeighting: number[]): ArrayLike<number> | undefined {
  if (quantity === 'FullLA') {
    const energy = new Float64Array(8);
    for (const p of paths) addPathEnergy(p.profile, p.result, ISO_FAVOURABLE_OCCURRENCE, energy);
    return Array.from(energyToLevel(energy, new Float64Array(8)), (l, b) => l + (aWeighting[b] ?? Number.NaN));
  }
  const path = pathFor(quantity, paths);
  if (path === undefined) return undefined;
  const result = path.result;
  if (quantity === 'LA') return Array.from(result.L, (l, b) => l + (aWeighting[b] ?? Number.NaN));
  if (quantity === 'DLabs') return Array.from(result.ARefl, (a) => -a);
  const direct = (result as unknown as Record<string, unknown>)[quantity];
  if (direct instanceof Float64Array && quantity !== 'ARefl') return direct;
  const homogeneous = (result as unknown as Record<string, unknown>)[`${quantity}H`];
  return homogeneous instanceof Float64Array ? homogeneous : undefined;
}

/** Unit of a quantity of the file: C_f in m, W dimensionless, α in dB/km, the rest dB. */
function unitOf(quantity: string): string {
  if (quantity.startsWith('Cf')) return 'm';
  if (/^W[HF]/.test(quantity)) return '';
  if (quantity === 'AlphaAtm') return 'dB/km';
  return 'dB';
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
    const lines = [...worst.entries()].map(([q, w]) => `  ${q.padEnd(17)} worst ${w.error.toFixed(4)} ${unitOf(q)} (${w.where}), ${w.within}/${w.total} band values within ${ISO_LEVEL_TOLERANCE}`);
    console.info(`ISO/TR 17534-4 worst error per quantity (computed cases only):\n${lines.join('\n')}\n  not computed: ${[...notComputed].sort().join(', ')}`);
  });

  it('finds cases', () => expect(cases.length).toBeGreaterThan(0));

  for (const [id, c] of cases) {
    const missing = c.cut_profiles.filter((name) => !existsSync(join(dir ?? '', 'propagation_profiles', `${name}.json`)));
    const paths: CasePath[] = c.cut_profiles
      .filter((name) => !missing.includes(name))
      .map((name) => {
        const file = join(dir ?? '', 'propagation_profiles', `${name}.json`);
        const profile = cutProfileFromJson(JSON.parse(readFileSync(file, 'utf8')), file);
        const result = createPathAttenuation();
        if (ref) computePathAttenuation(profile, ref.common.sound_power_levels_dB_per_band, { temperatureC: ref.common.temperature_C, humidityPercent: ref.common.humidity_pct }, ISO_FAVOURABLE_OCCURRENCE, result);
        return { profile, result };
      });
    const direct = paths.find((p) => p.profile.kind === 'direct');
    const gap = KNOWN_GAPS[id];
    const title = `${id} ${c.description}`.trim();
    const unsupported = paths.find((p) => !p.result.supported);
    if (direct === undefined || missing.length > 0 || unsupported !== undefined) {
      const why = direct === undefined ? 'no DIRECT profile file' : missing.length > 0 ? `missing profiles ${missing.join(', ')}` : (unsupported?.result.reason ?? '');
      it.skip(`${title} — not yet: ${why}`, () => undefined);
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
        const actualBands = bandValues(paths, quantity, ref.common.a_weighting);
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
          {
            const key = onlyGaps ? `${quantity} (gap)` : quantity;
            const w = worst.get(key) ?? { error: 0, where: '', within: 0, total: 0 };
            if (err > w.error) {
              w.error = err;
              w.where = `${id} band ${band}`;
            }
            w.total++;
            if (err <= ISO_LEVEL_TOLERANCE) w.within++;
            worst.set(key, w);
          }
          if (!(err <= (tol ?? 0))) failures.push(`${quantity}[${band}] = ${actual.toFixed(3)}, expected ${expected} ± ${tol} (${tolName})`);
        });
      }
      expect(compared).toBeGreaterThan(0);
      expect(failures, failures.join('\n')).toEqual([]);
    };
    it(title, () => check(false));
    it(`${id}: the map mode (detail = false) gives the same LH and LF (±1e-9 dB)`, () => {
      if (!ref) return;
      for (const { profile, result } of paths) {
        const fast = computePathAttenuation(profile, ref.common.sound_power_levels_dB_per_band, { temperatureC: ref.common.temperature_C, humidityPercent: ref.common.humidity_pct }, ISO_FAVOURABLE_OCCURRENCE, createPathAttenuation(), false);
        for (let b = 0; b < 8; b++) {
          expect(Math.abs((fast.LH[b] ?? 0) - (result.LH[b] ?? 0))).toBeLessThanOrEqual(1e-9);
          expect(Math.abs((fast.LF[b] ?? 0) - (result.LF[b] ?? 0))).toBeLessThanOrEqual(1e-9);
        }
      }
    });
    if (gap !== undefined) it.fails(`${id} known gap (${gap.quantities.join(', ')}): ${gap.reason}`, () => check(true));
  }
});
