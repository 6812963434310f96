/**
 * src/ngsi openEventStream against a real local HTTP server: events and keep-alive comments,
 * reconnection with exponential backoff after the stream ends or fails (delay reset once a
 * connection opens), a silent connection taken as dead after idleTimeoutMs, a 502 ProblemDetails
 * reported in words, and a 404 / non-event-stream endpoint reported as unsupported (no retries).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay, openEventStream, type EventStream } from '../../src/ngsi';

let server: Server | undefined;
let stream: EventStream | undefined;
afterEach(async () => {
  stream?.close();
  stream = undefined;
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<string> {
  let n = 0;
  server = createServer((req, res) => handler(req, res, n++));
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/stream`;
}

const until = async (check: () => boolean, ms: number): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

const sse = (res: ServerResponse): void => void res.writeHead(200, { 'content-type': 'text/event-stream' });

describe('openEventStream', () => {
  it('backoff doubles from the first delay up to the cap', () => {
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, 100, 1000))).toEqual([100, 200, 400, 800, 1000]);
  });

  it('delivers events and comments, reconnects after the stream ends with growing then reset delays', async () => {
    const url = await serve((_req, res, n) => {
      if (n === 1 || n === 2) {
        res.writeHead(503).end();
        return;
      }
      sse(res);
      res.write(`: heartbeat\n\nevent: tick\ndata: ${n}\n\n`);
      if (n === 0 || n === 3) res.end();
    });
    const events: string[] = [];
    const comments: string[] = [];
    const downs: { error: string; retryInMs: number }[] = [];
    let opens = 0;
    stream = openEventStream({
      url,
      backoffMs: 20,
      onOpen: () => opens++,
      onEvent: (e) => events.push(`${e.event}:${e.data}`),
      onComment: (c) => comments.push(c),
      onDown: (error, retryInMs) => downs.push({ error: error.message, retryInMs }),
    });
    await until(() => events.length === 3, 3000);
    expect(events).toEqual(['tick:0', 'tick:3', 'tick:4']);
    expect(comments).toEqual(['heartbeat', 'heartbeat', 'heartbeat']);
    expect(opens).toBe(3);
    // End of stream (20 ms), two 503s (40, 80 ms: the delay doubles while failing), then a
    // connection that opened and ended: back to the first delay.
    expect(downs.map((d) => d.retryInMs)).toEqual([20, 40, 80, 20]);
    expect(downs[0]?.error).toMatch(/ended/);
    expect(downs[1]?.error).toMatch(/HTTP 503/);
    expect(stream.connected).toBe(true);
  });

  it('a silent connection counts as dead after idleTimeoutMs and is reopened', async () => {
    let connections = 0;
    const url = await serve((_req, res) => {
      connections++;
      sse(res);
      res.write(': connected\n\n');
    });
    const downs: string[] = [];
    stream = openEventStream({ url, idleTimeoutMs: 150, backoffMs: 10, onEvent: () => undefined, onDown: (e) => downs.push(e.message) });
    await until(() => connections >= 2, 3000);
    expect(downs[0]).toMatch(/no data for/);
  });

  it('reports the detail of a ProblemDetails answer', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'urn:x', title: 'Bad Gateway', detail: 'the NGSI-LD broker http://b is not reachable' }));
    });
    const downs: string[] = [];
    stream = openEventStream({ url, backoffMs: 1000, onEvent: () => undefined, onDown: (e) => downs.push(e.message) });
    await until(() => downs.length === 1, 3000);
    expect(downs[0]).toBe('HTTP 502: the NGSI-LD broker http://b is not reachable');
  });

  it('404 or a non-event-stream answer → unsupported, no retry', async () => {
    let calls = 0;
    const url = await serve((req, res) => {
      calls++;
      if (req.url?.includes('json') === true) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      else res.writeHead(404).end();
    });
    const unsupported: number[] = [];
    stream = openEventStream({ url, backoffMs: 10, onEvent: () => undefined, onUnsupported: (s) => unsupported.push(s) });
    await until(() => unsupported.length === 1, 3000);
    const second = openEventStream({ url: `${url}?json`, backoffMs: 10, onEvent: () => undefined, onUnsupported: (s) => unsupported.push(s) });
    await until(() => unsupported.length === 2, 3000);
    await new Promise((r) => setTimeout(r, 100));
    second.close();
    expect(unsupported).toEqual([404, 0]);
    expect(calls).toBe(2);
  });
});
