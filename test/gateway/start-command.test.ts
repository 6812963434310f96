/**
 * `npm start -- --broker <url>` as a process (server/start.ts): the twin proxies /ngsi-ld/* to the
 * external broker (started here in process) and its live gateway watches that broker; bad gateway
 * options stop it with a clear message.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEntities } from '../../server/sensors/publisher';
import { startBroker, type RunningBroker } from './brokers';

const ROOT = resolve(import.meta.dirname, '../..');

function start(args: string[]): { done: Promise<number | null>; output: () => string; url: Promise<string>; stop(): void } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/start.ts', '--port', '0', '--no-open', ...args], { cwd: ROOT, env: { ...process.env, CI: 'true', TWIN_BROKER_TOKEN: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr.on('data', (d: Buffer) => (text += d.toString()));
  const done = new Promise<number | null>((r) => child.on('exit', r));
  const url = new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no URL in 90 s: ${text}`)), 90_000);
    child.stdout.on('data', () => {
      const m = /running at (http:\/\/\S+)/.exec(text);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    void done.then((code) => fail(new Error(`exited with ${code}: ${text}`)));
  });
  url.catch(() => undefined);
  return { done, output: () => text, url, stop: () => void child.kill('SIGTERM') };
}

describe('npm start -- --broker', () => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await startBroker();
    await publishEntities(broker.app, [{ id: 'urn:ngsi-ld:Streetlight:cli', type: 'Streetlight', powerState: { type: 'Property', value: 'on' } }]);
  });
  afterAll(async () => {
    await broker?.close();
  });

  it('proxies the external broker and watches it', async () => {
    const twin = start(['--broker', `${broker.url}/ngsi-ld/v1`]);
    try {
      const url = await twin.url;
      for (let k = 0; k < 50 && !twin.output().includes('NGSI-LD broker:'); k++) await new Promise((r) => setTimeout(r, 100));
      expect(twin.output()).toContain(`NGSI-LD broker: ${broker.url}/ngsi-ld/v1 (external, proxied at ${url}ngsi-ld/v1; live updates by http)`);
      const entity = (await (await fetch(`${url}ngsi-ld/v1/entities/urn:ngsi-ld:Streetlight:cli`)).json()) as { powerState: { value: string } };
      expect(entity.powerState.value).toBe('on');
      let status: { broker: string; brokerUrl: string; external: boolean } | undefined;
      for (let k = 0; k < 100 && status?.broker !== 'up'; k++) {
        status = (await (await fetch(`${url}api/live/status`)).json()) as typeof status;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toMatchObject({ broker: 'up', brokerUrl: broker.url, external: true });
    } finally {
      twin.stop();
      await twin.done;
    }
  });

  it('bad options: a clear error and exit status 1', async () => {
    for (const [args, message] of [
      [['--broker', broker.url, '--notify', 'pigeon'], "--notify must be http, mqtt or poll, got 'pigeon'"],
      [['--broker', 'localhost:1026'], "--broker must be an http(s) URL, got 'localhost:1026'"],
      [['--notify', 'mqtt'], '--notify mqtt needs --mqtt'],
    ] as const) {
      const run = start([...args]);
      expect(await run.done).toBe(1);
      expect(run.output()).toContain(message);
    }
  });
});
