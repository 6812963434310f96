/** `twin solar`: one instant, batch CSV in row order, and errors naming the row and the field. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseIsoWithOffset, run, solarBatch } from '../../../src/cli/commands/solar';

describe('twin solar', () => {
  let written = '';
  beforeEach(() => {
    written = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written += String(chunk);
      return true;
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('prints one JSON object for one instant (negative longitude as a separate argument)', async () => {
    const code = await run(['--lat', '39.742476', '--lon', '-105.1786', '--time', '2003-10-17T12:30:30-07:00', '--elevation', '1830.14', '--pressure', '820', '--temperature', '11', '--delta-t', '67', '--slope', '30', '--azimuth-rotation', '-10', '--json']);
    expect(code).toBe(0);
    const o = JSON.parse(written) as Record<string, number | string>;
    expect(o.zenithDeg as number).toBeCloseTo(50.11162, 5);
    expect(o.azimuthDeg as number).toBeCloseTo(194.34024, 5);
    expect(o.incidenceDeg as number).toBeCloseTo(25.187, 5);
    expect(o.sunriseUtc).toBe('2003-10-17T13:12:43.440Z');
    expect(o.sunsetUtc).toBe('2003-10-18T00:20:19.199Z');
    expect(o.deltaTSource).toBe('given');
  });

  it('with --strict-local-day takes the sunset of the local date (A.2 takes the previous evening here)', async () => {
    await run(['--lat', '39.742476', '--lon', '-105.1786', '--time', '2003-10-17T12:30:30-07:00', '--elevation', '1830.14', '--pressure', '820', '--temperature', '11', '--delta-t', '67', '--strict-local-day', '--json']);
    const o = JSON.parse(written) as Record<string, string>;
    const strictSet = Date.parse(o.sunsetUtc ?? '');
    // The evening of 17 October local sets ~1.5 min earlier than that of the 16th (A.2's answer).
    expect((Date.parse('2003-10-18T00:20:19.19Z') - strictSet) / 1000).toBeGreaterThan(60);
    expect((Date.parse('2003-10-18T00:20:19.19Z') - strictSet) / 1000).toBeLessThan(120);
    expect(o.sunriseUtc).toBe('2003-10-17T13:12:43.440Z');
  });

  it('evaluates a batch in row order with optional columns and pressure in Pa', () => {
    const csv = 'time,lat,lon,elevation,pressure_pa,temperature,delta_t\n2020-10-17T12:30+00:00,45,10,0,101325,12,67\n2020-10-17T12:30:00Z,-45,10,,,,\n"2020-10-17T14:30+02:00",0,10,0,,,67\n';
    const rows = solarBatch(csv, 'rows.csv');
    expect(rows).toHaveLength(3);
    expect(rows[0]?.zenithNoRefractionDeg as number).toBeCloseTo(57.78291326, 6);
    expect(rows[0]?.pressureHpa).toBe(1013.25);
    expect(rows[1]?.latDeg).toBe(-45);
    expect(rows[1]?.deltaTSource).toMatch(/Espenak/);
    expect(rows[2]?.timeUtc).toBe('2020-10-17T12:30:00.000Z');
  });

  it('names the row and the field of a malformed row', () => {
    expect(() => solarBatch('time,lat,lon\n2020-10-17T12:30Z,45,10\n2020-10-17T12:30Z,4x5,10\n', 'rows.csv')).toThrow(/rows\.csv line 3 \(row 2\), field 'lat': '4x5' is not a number/);
    expect(() => solarBatch('time,lat,lon\n2020-10-17T12:30,45,10\n', 'rows.csv')).toThrow(/line 2 \(row 1\), field 'time'.*offset/);
    expect(() => solarBatch('time,lat,lon,pressure\n2020-10-17T12:30Z,45,10,101325\n', 'rows.csv')).toThrow(/field 'pressure'.*pressure_pa/);
    expect(() => solarBatch('time,lon\n', 'rows.csv')).toThrow(/required column 'lat'/);
  });

  it('runs --batch from a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twin-solar-'));
    const file = join(dir, 'rows.csv');
    writeFileSync(file, 'time,lat,lon\n2020-10-17T12:30Z,45,10\n2020-10-17T12:30Z,90,10\n');
    expect(await run(['--batch', file, '--json'])).toBe(0);
    const rows = JSON.parse(written) as Record<string, unknown>[];
    expect(rows.map((r) => r.latDeg)).toEqual([45, 90]);
  });

  it('parses ISO offsets', () => {
    expect(parseIsoWithOffset('2003-10-17T12:30:30-07:00', 't')).toEqual({ unixS: Date.UTC(2003, 9, 17, 19, 30, 30) / 1000, utcOffsetMin: -420 });
    expect(parseIsoWithOffset('2020-02-29T12:30+0530', 't').utcOffsetMin).toBe(330);
  });
});
