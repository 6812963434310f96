/**
 * Real-socket test of the standalone broker (server/broker/main.ts): writes answered 2xx survive a
 * kill -9 at an arbitrary moment (WAL + synchronous=FULL), and tenants live in separate files.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'broker-durability-'));
const db = join(dir, 'broker.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/broker/main.ts', '--port', '0', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /on (http:\/\/[^/\s]+)\/ngsi-ld/.exec(out);
      if (m?.[1] !== undefined) resolve(m[1]);
    });
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => reject(new Error(`broker exited ${code}: ${out}`)));
  });
  return { child, base };
}

describe('durability', () => {
  it('keeps every acknowledged write across kill -9', async () => {
    const { child, base } = await start();
    const acknowledged: string[] = [];
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop && i < 2000; i++) {
        const id = `urn:ngsi-ld:Probe:${i}`;
        try {
          const r = await fetch(`${base}/ngsi-ld/v1/entities`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, type: 'Probe', n: { type: 'Property', value: i } }) });
          if (r.status === 201) acknowledged.push(id);
        } catch {
          return;
        }
      }
    })();
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGKILL');
    stop = true;
    await writer;
    expect(acknowledged.length).toBeGreaterThan(10);
    const again = await start();
    try {
      const r = await fetch(`${again.base}/ngsi-ld/v1/entities?type=Probe&limit=0&count=true`);
      const count = Number(r.headers.get('ngsild-results-count'));
      expect(count).toBeGreaterThanOrEqual(acknowledged.length);
      const last = acknowledged[acknowledged.length - 1] as string;
      expect((await fetch(`${again.base}/ngsi-ld/v1/entities/${last}`)).status).toBe(200);
      const tenant = await fetch(`${again.base}/ngsi-ld/v1/entities`, { method: 'POST', headers: { 'content-type': 'application/json', 'ngsild-tenant': 'kiosk' }, body: JSON.stringify({ id: 'urn:x:1', type: 'T' }) });
      expect(tenant.status).toBe(201);
      expect(existsSync(join(`${db}.tenants`, 'kiosk.sqlite'))).toBe(true);
    } finally {
      again.child.kill('SIGKILL');
    }
  }, 30_000);
});
