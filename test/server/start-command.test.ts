/**
 * `npm start` (server/start.ts) as a process: a bad --city prints a clear error, the app still
 * starts on the demo district and prints its URL; the served page and /api/city agree; the
 * embedded NGSI-LD broker answers on the same origin and keeps its data in the --db file.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

describe('npm start', () => {
  it('with a bad --city: prints the error, starts on the demo and serves the page and the broker', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'twin-start-'));
    const dbPath = join(dataDir, 'nested', 'broker.sqlite');
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/start.ts', '--city', '/nonexistent/city-folder', '--port', '0', '--no-open', '--db', dbPath], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const url = await new Promise<string>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`no URL printed in 60 s; stdout: ${stdout}; stderr: ${stderr}`)), 60_000);
        child.stdout.on('data', () => {
          const m = /running at (http:\/\/\S+)/.exec(stdout);
          if (m?.[1] !== undefined) {
            clearTimeout(timer);
            ok(m[1]);
          }
        });
        child.on('exit', (code) => fail(new Error(`exited with ${code}: ${stderr}`)));
      });
      expect(stderr).toContain('City path not found: /nonexistent/city-folder');
      expect(stderr).toContain('demo district');
      expect(stdout).toMatch(/synthetic demo district/);
      const city = (await (await fetch(new URL('/api/city', url))).json()) as { kind: string; error?: string };
      expect(city.kind).toBe('demo');
      expect(city.error).toContain('/nonexistent/city-folder');
      const page = await (await fetch(url)).text();
      expect(page).toContain('<div id="root"></div>');
      expect(page).toContain('/src/main.tsx');

      expect(stdout).toContain(`${url}ngsi-ld/v1`);
      const entity = { id: 'urn:ngsi-ld:Streetlight:start-test', type: 'Streetlight', powerState: { type: 'Property', value: 'on' } };
      const created = await fetch(new URL('/ngsi-ld/v1/entities', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(entity) });
      expect(created.status).toBe(201);
      const read = (await (await fetch(new URL(`/ngsi-ld/v1/entities/${entity.id}?options=keyValues`, url))).json()) as { powerState?: string };
      expect(read.powerState).toBe('on');
      expect(existsSync(dbPath)).toBe(true);
    } finally {
      child.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
