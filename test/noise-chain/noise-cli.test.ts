/**
 * `twin noise --city`: runs the chain on the demo district, writes one GeoTIFF per indicator and
 * exposure.json, prints the exposure table (JSON with --json); bad options are named.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromArrayBuffer } from 'geotiff';
import { run } from '../../src/cli/commands/noise';
import type { ExposureTable } from '../../src/sim-workers/noise-exposure';
import type { GridSpec } from '../../src/results/result-types';

function capture() {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  return { out: () => out, err: () => err };
}

const FAST = ['--grid', '40', '--max-distance', '120', '--facade-spacing', '20'];

describe('twin noise --city', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes georeferenced GeoTIFF maps and exposure.json and prints the exposure table as JSON', async () => {
    const out = mkdtempSync(join(tmpdir(), 'twin-noise-'));
    const io = capture();
    const code = await run(['--city', 'demo', ...FAST, '--out', out, '--json']);
    vi.restoreAllMocks();
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(io.out()) as { grid: GridSpec; origin: { lonDeg: number; latDeg: number }; exposure: ExposureTable; files: string[] };
    expect(report.files.map((f) => f.slice(out.length + 1)).sort()).toEqual(['exposure.json', 'lday.tif', 'lden.tif', 'levening.tif', 'lnight.tif']);
    expect(report.exposure.totalResidents).toBeGreaterThan(1000);
    expect(report.exposure.bands.reduce((a, b) => a + b.ldenResidents, 0)).toBeCloseTo(report.exposure.assessedResidents, 3);
    const saved = JSON.parse(readFileSync(join(out, 'exposure.json'), 'utf8')) as { exposure: ExposureTable };
    expect(saved.exposure.endLdenAbove55).toBeCloseTo(report.exposure.endLdenAbove55, 6);

    const bytes = readFileSync(join(out, 'lden.tif'));
    const image = await (await fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))).getImage();
    expect(image.getWidth()).toBe(report.grid.cols);
    expect(image.getHeight()).toBe(report.grid.rows);
    expect(image.getOrigin()[0]).toBeCloseTo(report.grid.originX, 9);
    expect(image.getOrigin()[1]).toBeCloseTo(report.grid.originY + report.grid.rows * report.grid.cellM, 9);
    expect(image.getGeoKeys()).toMatchObject({ ProjCoordTransGeoKey: 21, ProjCenterLatGeoKey: report.origin.latDeg, ProjCenterLongGeoKey: report.origin.lonDeg });
    const [lden] = (await image.readRasters()) as unknown as Float32Array[];
    const levels = Array.from(lden ?? []).filter((v) => Number.isFinite(v));
    expect(levels.length).toBeGreaterThan(report.grid.cols * report.grid.rows * 0.5);
    expect(Math.max(...levels)).toBeGreaterThan(60);
    expect(Math.max(...levels)).toBeLessThan(90);
  }, 120_000);

  it('prints the exposure table as text without --json', async () => {
    const io = capture();
    expect(await run(['--city', 'demo', ...FAST])).toBe(0);
    vi.restoreAllMocks();
    expect(io.out()).toMatch(/band dB\s+Lden\s+Lnight/);
    expect(io.out()).toMatch(/55–59/);
    expect(io.out()).toMatch(/END: Lden >= 55 dB \d+/);
  }, 120_000);

  it('names a bad option and a missing city', async () => {
    let io = capture();
    expect(await run(['--city', 'demo', '--grid', '0'])).toBe(1);
    vi.restoreAllMocks();
    expect(io.err()).toMatch(/--grid must be > 0, got '0'/);
    io = capture();
    expect(await run(['--city', join(tmpdir(), 'no-such-city-folder-xyz')])).toBe(1);
    vi.restoreAllMocks();
    expect(io.err()).toMatch(/no-such-city-folder-xyz/);
  });
});
