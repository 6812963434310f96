/** `twin noise` on the shared CNOSSOS-EU reference files: JSON figures and clear errors. */
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/commands/noise';
import { fixtureDir, REFERENCE_DIR } from '../support/fixtures';

const dir = fixtureDir(REFERENCE_DIR, 'noise_cnossos');

async function capture(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  const code = await run(args);
  vi.restoreAllMocks();
  return { code, out, err };
}

afterEach(() => vi.restoreAllMocks());

describe.skipIf(!dir)('twin noise', () => {
  it('--emission-case prints Lw′ and the difference to every expected value', async () => {
    const { code, out } = await capture(['--emission-case', join(dir ?? '', 'road_emission_cases.json'), '--json']);
    expect(code).toBe(0);
    const rows = JSON.parse(out) as { id: string; lwPerMetreDb: number; difference?: number }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(Math.abs(r.difference ?? Number.NaN)).toBeLessThanOrEqual(0.01);
  });

  it('--propagation-case <TC id> prints every path of the case', async () => {
    const { code, out } = await capture(['--propagation-case', 'TC01', '--reference-dir', dir ?? '', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out) as { case: string; paths: { kind: string; L: number[] }[] };
    expect(report.case).toBe('TC01');
    expect(report.paths[0]?.kind).toBe('direct');
    expect(report.paths[0]?.L).toHaveLength(8);
  });

  it('names the file and field of bad input, also for a missing --city', async () => {
    const missing = await capture(['--propagation-case', join(dir ?? '', 'no-such-profile.json')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no-such-profile\.json/);
    const city = await capture(['--city', 'no-such-city-folder']);
    expect(city.code).not.toBe(0);
    expect(city.err).toMatch(/no-such-city-folder/);
  });
});
