/** `twin air --city demo --out dir`: GeoTIFF with one band per pollutant and the exposure JSON, read back and checked against the job. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromArrayBuffer } from 'geotiff';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/commands/air';
import { generateDemoDistrict } from '../../src/twin/demo';
import { runAirJob } from '../../src/sim-workers/air-job';

const out = mkdtempSync(join(tmpdir(), 'air-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function capture(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    return { code: await run(args), stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('twin air --city', () => {
  it('writes a 3-band GeoTIFF and the exposure table equal to the job, and prints the JSON summary', async () => {
    const r = await capture(['--city', 'demo', '--out', out, '--grid', '80', '--background-no2', '20', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { pollutants: Record<string, { populationWeightedUgPerM3: number }>; files: string[]; weather: { stability: string } };
    expect(summary.weather.stability).toBe('D');
    const job = runAirJob(generateDemoDistrict(), { mode: 'hourly', weather: { windSpeedMPerS: 3, windFromDeg: 240, stability: 4 }, cellSizeM: 80, background: { NO2: 20 } });
    expect(summary.pollutants.NO2?.populationWeightedUgPerM3).toBeCloseTo(job.maps.NO2?.populationWeightedUgPerM3 ?? NaN, 3);
    const bytes = readFileSync(join(out, 'air.tif'));
    const image = await (await fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))).getImage();
    expect(image.getWidth()).toBe(job.grid.cols);
    expect(image.getHeight()).toBe(job.grid.rows);
    expect(image.getSamplesPerPixel()).toBe(3);
    const bands = (await image.readRasters()) as unknown as Float32Array[];
    const no2 = job.maps.NO2?.values ?? new Float32Array();
    // TIFF row 0 is the northern row; the result's row 0 is the southern one.
    const { cols, rows } = job.grid;
    for (let row = 0; row < rows; row++) {
      for (let col = 0; col < cols; col++) {
        const want = no2[row * cols + col] as number;
        const got = bands[0]?.[(rows - 1 - row) * cols + col] as number;
        if (Number.isNaN(want)) expect(Number.isNaN(got)).toBe(true);
        else expect(got).toBe(want);
      }
    }
    const exposure = JSON.parse(readFileSync(join(out, 'air-exposure.json'), 'utf8')) as { buildings: { id: string; NO2: number | null }[] };
    expect(exposure.buildings.length).toBe(job.maps.NO2?.buildingValues.length);
    expect(exposure.buildings[0]?.NO2).toBeCloseTo(job.maps.NO2?.buildingValues[0] ?? NaN, 3);
  });

  it('prints the table without --json and names bad options', async () => {
    const r = await capture(['--city', 'demo', '--out', out, '--grid', '120', '--pollutant', 'x']);
    expect(r.code).toBe(2);
    const bad = await capture(['--city', 'demo', '--out', out, '--mode', 'weekly']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--mode must be hourly or day-mean/);
    const noOut = await capture(['--city', 'demo']);
    expect(noOut.stderr).toMatch(/--out <dir> is required/);
    const table = await capture(['--city', 'demo', '--out', out, '--grid', '120']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/\| NO2 \| [\d.]+ \| [\d.]+ \| [\d.]+ \|/);
    expect(table.stdout).toMatch(/wrote .*air\.tif/);
  });
});
