/** Replay of the recorded Geneva noise series (CITIES_DIR/geneva), read at run time. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGenevaNoiseReplay, replayAt } from '../../server/sensors/geneva-replay';
import { CITIES_DIR, fixtureDir } from '../support/fixtures';

const GENEVA = fixtureDir(CITIES_DIR, 'geneva');

describe.skipIf(GENEVA === undefined)('Geneva noise sensor replay', () => {
  it('turns every CSV row of a located device into a NoiseLevelObserved in WGS84 near Geneva', async () => {
    const dir = GENEVA ?? '';
    const samples = await loadGenevaNoiseReplay(dir);
    const located = new Set((JSON.parse(readFileSync(join(dir, 'noise_sensors.geojson'), 'utf8')) as { features: { properties: { deveui: string } }[] }).features.map((f) => f.properties.deveui));
    let rows = 0;
    for (const f of readdirSync(join(dir, 'devices_data')).filter((x) => x.endsWith('.csv'))) {
      const lines = readFileSync(join(dir, 'devices_data', f), 'utf8').split(/\r?\n/).slice(1).filter((l) => l.trim() !== '');
      rows += lines.filter((l) => located.has(l.split(',')[0] ?? '') && Number.isFinite(Number(l.split(',')[2]))).length;
    }
    expect(samples.length).toBe(rows);
    for (let i = 1; i < samples.length; i++) expect(samples[i]?.timeMs).toBeGreaterThanOrEqual(samples[i - 1]?.timeMs ?? 0);
    const first = samples[0];
    expect(first?.entity.type).toBe('NoiseLevelObserved');
    const [lon, lat] = (first?.entity['location'] as { value: { coordinates: number[] } }).value.coordinates;
    expect(lon).toBeGreaterThan(6.0);
    expect(lon).toBeLessThan(6.3);
    expect(lat).toBeGreaterThan(46.1);
    expect(lat).toBeLessThan(46.3);
    const laeq = first?.entity['LAeq'] as { value: number; unitCode: string; observedAt: string };
    expect(laeq.unitCode).toBe('2N');
    expect(Date.parse(laeq.observedAt)).toBe(first?.timeMs);
    const last = samples[samples.length - 1];
    const shown = replayAt(samples, last?.timeMs ?? 0);
    expect(shown.length).toBe(new Set(samples.map((s) => s.entity.id)).size);
  });
});
