/**
 * Real NGSI-LD brokers for the gateway tests: the embedded broker plugin (server/broker) on its own
 * fastify instance and port, acting as the "external" broker (stopped and restarted on the same
 * port to simulate an outage), and a mosquitto started on a free port when /usr/sbin/mosquitto exists.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { brokerPlugin } from '../../server/broker/plugin';

export interface RunningBroker {
  url: string;
  port: number;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** A broker on `port` (0 = a free one), SQLite `dbPath` (default in memory: a restart forgets everything). */
export async function startBroker(port = 0, dbPath = ':memory:'): Promise<RunningBroker> {
  const app = Fastify({ logger: false });
  await app.register(brokerPlugin, { dbPath });
  const address = await app.listen({ port, host: '127.0.0.1' });
  const url = new URL(address);
  return { url: `http://127.0.0.1:${url.port}`, port: Number(url.port), app, close: () => app.close() };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export const MOSQUITTO = '/usr/sbin/mosquitto';
export const HAS_MOSQUITTO = existsSync(MOSQUITTO);

/** mosquitto on a free port (anonymous, localhost only); resolves once it accepts connections. */
export async function startMosquitto(): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'twin-mosquitto-'));
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(config, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
  const child: ChildProcess = spawn(MOSQUITTO, ['-c', config], { stdio: 'ignore' });
  const { connectAsync } = await import('mqtt');
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      const probe = await connectAsync(`mqtt://127.0.0.1:${port}`, { connectTimeout: 500, reconnectPeriod: 0 });
      await probe.endAsync();
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill();
        throw new Error(`mosquitto did not start on port ${port}: ${(error as Error).message}`, { cause: error });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url: `mqtt://127.0.0.1:${port}`, stop: () => void child.kill() };
}

/** Resolves when `check` returns true (polled every 20 ms), rejects after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - start;
}
