import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestBroker, LD } from './broker-app';

const dir = mkdtempSync(join(tmpdir(), 'broker-contexts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('remote @context cache', () => {
  it('fetches a remote context once, caches it on disk, and compiles it once', async () => {
    let fetches = 0;
    const url = 'https://example.org/city-context.jsonld';
    const fetcher = async (requested: string): Promise<unknown> => {
      fetches++;
      expect(requested).toBe(url);
      return { '@context': { Lamp: 'https://example.org/Lamp', lux: 'https://example.org/illuminance' } };
    };
    const t = await createTestBroker({ contextFetcher: fetcher, contextCacheDir: join(dir, 'cache') });
    for (let i = 0; i < 5; i++) {
      const r = await t.req({ method: 'POST', url: '/ngsi-ld/v1/entities', payload: { id: `urn:ngsi-ld:Lamp:${i}`, type: 'Lamp', lux: 100 + i, '@context': url }, headers: { 'content-type': LD } });
      expect(r.statusCode).toBe(201);
    }
    expect(fetches).toBe(1);
    expect(readdirSync(join(dir, 'cache'))).toHaveLength(1);
    const link = `<${url}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`;
    const got = await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities?type=Lamp&q=lux>=103&options=keyValues', headers: { link } });
    expect(got.body).toEqual([
      { id: 'urn:ngsi-ld:Lamp:3', type: 'Lamp', lux: 103 },
      { id: 'urn:ngsi-ld:Lamp:4', type: 'Lamp', lux: 104 },
    ]);
    const expanded = await t.json({ method: 'GET', url: '/ngsi-ld/v1/entities?type=https://example.org/Lamp&options=keyValues&limit=1' });
    expect(expanded.body).toEqual([{ id: 'urn:ngsi-ld:Lamp:0', type: 'https://example.org/Lamp', 'https://example.org/illuminance': 100 }]);
    expect(fetches).toBe(1);
    await t.app.close();
    // A new broker on the same cache folder needs no network at all.
    const offline = await createTestBroker({ contextFetcher: async () => Promise.reject(new Error('offline')), contextCacheDir: join(dir, 'cache') });
    const r = await offline.req({ method: 'POST', url: '/ngsi-ld/v1/entities', payload: { id: 'urn:ngsi-ld:Lamp:9', type: 'Lamp', '@context': url }, headers: { 'content-type': LD } });
    expect(r.statusCode).toBe(201);
    await offline.app.close();
  });
});

describe('CORS', () => {
  it('answers preflights and exposes the NGSI-LD headers when configured', async () => {
    const t = await createTestBroker({ corsOrigin: '*' });
    const pre = await t.req({ method: 'OPTIONS', url: '/ngsi-ld/v1/entities', headers: { origin: 'http://kiosk.local', 'access-control-request-method': 'POST' } });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-methods']).toContain('PATCH');
    const get = await t.req({ method: 'GET', url: '/ngsi-ld/v1/types', headers: { origin: 'http://kiosk.local' } });
    expect(get.headers['access-control-allow-origin']).toBe('*');
    expect(String(get.headers['access-control-expose-headers'])).toContain('NGSILD-Results-Count');
    await t.app.close();
  });
});
