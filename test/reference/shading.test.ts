/**
 * Shading geometry against ../shared/reference/shading (README tolerances):
 * row_shaded_fraction_1d.json (abs 1e-6), masking / average masking / sky-diffuse loss and ground
 * angle (rel 1e-7, but never tighter than half a unit in the last printed digit, since several
 * values are printed with 8 decimals only) and the NREL projected solar zenith (abs 1e-3°). Every case
 * is discovered from the files; the worst error per quantity is printed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureDir, REFERENCE_DIR } from '../support/fixtures';
import { averageMaskingAngleDeg, groundAngleDeg, maskingAngleDeg, skyDiffuseLossPassias } from '../../src/sim/shading/masking';
import { projectedSolarZenithDeg } from '../../src/sim/shading/projected-zenith';
import { shadedFraction1d } from '../../src/sim/shading/shaded-fraction-1d';

const dir = fixtureDir(REFERENCE_DIR, 'shading');

interface Worst {
  quantity: string;
  cases: number;
  worst: number;
  tolerance: string;
}

function track(rows: Map<string, Worst>, quantity: string, error: number, tolerance: string): void {
  const r = rows.get(quantity) ?? { quantity, cases: 0, worst: 0, tolerance };
  r.cases++;
  r.worst = Math.max(r.worst, error);
  rows.set(quantity, r);
}

/** Decimals printed after `"key": ` for the n-th occurrence of key in the raw text. */
function decimalsOf(raw: string, key: string, occurrence: number): number {
  const re = new RegExp(`"${key}"\\s*:\\s*-?\\d+(?:\\.(\\d+))?`, 'g');
  let m: RegExpExecArray | null = null;
  for (let i = 0; i <= occurrence; i++) m = re.exec(raw);
  return m?.[1]?.length ?? 0;
}

/** GCR and slant height stated in the file's description (README: GCR 0.5, height/slant 0.25; ground angle tilt 30). */
function numberAfter(text: string, label: RegExp, what: string): number {
  const m = label.exec(text);
  if (m?.[1] === undefined) throw new Error(`masking_and_projected_zenith.json: cannot read ${what} from '${text}'`);
  return Number(m[1]);
}

describe.skipIf(!dir)('1-D shaded fraction between parallel rows (zenodo 10513987)', () => {
  it('matches every case', () => {
    const file = JSON.parse(readFileSync(join(dir ?? '', 'row_shaded_fraction_1d.json'), 'utf8')) as {
      tolerance_abs: number;
      cases: Record<string, number>[];
    };
    const rows = new Map<string, Worst>();
    file.cases.forEach((c, i) => {
      const f = shadedFraction1d(
        {
          xLeftM: c.x_L as number,
          zLeftM: c.z_L as number,
          xRightM: c.x_R as number,
          zRightM: c.z_R as number,
          thetaLeftDeg: c.theta_L as number,
          thetaRightDeg: c.theta_R as number,
          axisOffsetM: c.z_0 as number,
          widthM: c.l as number,
        },
        c.theta_s as number,
      );
      const error = Math.abs(f - (c.f_s as number));
      track(rows, 'f_s', error, `abs ${file.tolerance_abs}`);
      expect(error, `case ${i + 1}: f_s ${f} vs ${c.f_s}`).toBeLessThanOrEqual(file.tolerance_abs);
    });
    console.table([...rows.values()]);
    expect(file.cases.length).toBeGreaterThan(0);
  });
});

interface MaskingFile {
  masking_angle: { description: string; cases: Record<string, number>[]; tolerance_rel: number };
  ground_angle: { description: string; cases: { x: number; angle: number }[] };
  projected_solar_zenith_NREL: { description: string; columns: string[]; rows: number[][]; tolerance_abs_deg: number };
}

function loadMasking(folder: string) {
  const raw = readFileSync(join(folder, 'masking_and_projected_zenith.json'), 'utf8');
  const file = JSON.parse(raw) as MaskingFile;
  const rel = file.masking_angle.tolerance_rel;
  const tol = (expected: number, decimals: number) => Math.max(rel * Math.abs(expected), 0.5 * 10 ** -decimals);
  return { raw, file, rel, tol };
}

describe.skipIf(!dir)('masking angle, Passias average masking and sky-diffuse loss, ground angle, projected zenith', () => {
  it('matches the masking cases', () => {
    const { raw, file, rel, tol } = loadMasking(dir ?? '');
    const m = file.masking_angle;
    const gcr = numberAfter(m.description, /GCR\s*=\s*([\d.]+)/, 'GCR');
    const slant = numberAfter(m.description, /slant\s*=\s*([\d.]+)/, 'slant height');
    const rows = new Map<string, Worst>();
    m.cases.forEach((c, i) => {
      const tilt = c.surface_tilt as number;
      const avg = averageMaskingAngleDeg(tilt, gcr);
      const computed: Record<string, number> = {
        masking_angle: maskingAngleDeg(tilt, gcr, slant),
        avg_masking_angle_passias: avg,
        sky_diffuse_loss_passias: skyDiffuseLossPassias(avg),
      };
      for (const [key, expected] of Object.entries(c)) {
        if (key === 'surface_tilt') continue;
        const actual = computed[key];
        expect(actual, `no computed quantity for '${key}'`).toBeDefined();
        const t = tol(expected, decimalsOf(raw, key, i));
        const error = Math.abs((actual as number) - expected);
        track(rows, key, error, `rel ${rel} / printed digits`);
        expect(error, `tilt ${tilt} ${key}: ${actual} vs ${expected}`).toBeLessThanOrEqual(t);
      }
    });
    const g = file.ground_angle;
    const tilt = numberAfter(g.description, /tilt\s*([\d.]+)/, 'tilt');
    const gcrG = numberAfter(g.description, /GCR\s*([\d.]+)/, 'GCR');
    for (const c of g.cases) {
      const error = Math.abs(groundAngleDeg(tilt, gcrG, c.x) - c.angle);
      track(rows, 'ground_angle', error, `rel ${rel}`);
      expect(error, `ground angle x=${c.x}`).toBeLessThanOrEqual(tol(c.angle, 12));
    }
    console.table([...rows.values()]);
  });

  it('matches the NREL slope-aware backtracking projected zenith', () => {
    const p = loadMasking(dir ?? '').file.projected_solar_zenith_NREL;
    const axisTilt = numberAfter(p.description, /axis tilt\s*([\d.]+)/, 'axis tilt');
    const axisAzimuth = numberAfter(p.description, /axis azimuth\s*([\d.]+)/, 'axis azimuth');
    const iEl = p.columns.indexOf('apparent_elevation');
    const iAz = p.columns.indexOf('solar_azimuth');
    const iT = p.columns.indexOf('true_tracking_deg');
    expect([iEl, iAz, iT].every((i) => i >= 0)).toBe(true);
    const rows = new Map<string, Worst>();
    for (const r of p.rows) {
      const actual = projectedSolarZenithDeg(90 - (r[iEl] as number), r[iAz] as number, axisTilt, axisAzimuth);
      const error = Math.abs(actual - (r[iT] as number));
      track(rows, 'projected_zenith', error, `abs ${p.tolerance_abs_deg}°`);
      expect(error, `row ${r.join(', ')}: ${actual}`).toBeLessThanOrEqual(p.tolerance_abs_deg);
    }
    console.table([...rows.values()]);
    expect(p.rows.length).toBeGreaterThan(0);
  });
});
