/** Replay of the recorded Geneva noise series (CITIES_DIR/geneva), read at run time. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApiApp } from '../../server/app';
import { resolveCitySource } from '../../server/city-source';
import { loadGenevaNoiseReplay, replayAt } from '../../server/sensors/geneva-replay';
import { startReplay } from '../../server/sensors/publisher';
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

describe.skipIf(GENEVA === undefined)('Geneva replay published into the embedded broker', () => {
  it('upserts every recorded instant; the temporal API returns the recorded LAeq series', async () => {
    const samples = (await loadGenevaNoiseReplay(GENEVA ?? '')).slice(0, 200);
    const app = await buildApiApp({ city: resolveCitySource(undefined) });
    try {
      let clock = 0;
      // A manual clock: the whole slice is due after one jump.
      const replay = startReplay(app, samples, { rateS: 3600, speed: 1, now: () => clock });
      clock = (samples[samples.length - 1]?.timeMs ?? 0) - (samples[0]?.timeMs ?? 0);
      await replay.tick();
      await replay.done;
      const id = samples[0]?.entity.id ?? '';
      const recorded = samples.filter((s) => s.entity.id === id).map((s) => (s.entity['LAeq'] as { value: number }).value);
      const response = await app.inject({ method: 'GET', url: `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(id)}?attrs=LAeq&options=temporalValues` });
      expect(response.statusCode).toBe(200);
      const body = JSON.parse(response.body) as { LAeq: { values: [number, string][] } };
      expect(body.LAeq.values.map((v) => v[0])).toEqual(recorded);
    } finally {
      await app.close();
    }
  });
});
