/**
 * The live feed (src/app/live-sensors.ts) writes the time of the gateway's last message to the
 * sensors store once per animation frame, not once per event: a burst of keep-alive comments and
 * events between two frames is one store update, a frame with no message is none, and the store
 * ignores a message time that is not newer than the one it holds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startLiveFeed, type LiveFeed } from '../../src/app/live-sensors';
import { createSensorsStore } from '../../src/state/sensors-store';
import { DEMO_ORIGIN } from '../../src/twin/demo';

/** A fetch that answers the event stream with a body the test writes to; nothing else is asked for. */
function fakeGateway() {
  let write: ((text: string) => void) | null = null;
  const encoder = new TextEncoder();
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (!url.includes('/api/live/stream')) throw new Error(`unexpected request ${url}`);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        write = (text) => controller.enqueue(encoder.encode(text));
        init?.signal?.addEventListener('abort', () => controller.error(new Error('aborted')));
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as typeof globalThis.fetch;
  return {
    fetch,
    send(text: string) {
      if (write === null) throw new Error('the feed has not opened the stream yet');
      write(text);
    },
    get open() {
      return write !== null;
    },
  };
}

const settle = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

describe('live feed: message time once per frame', () => {
  let feed: LiveFeed | undefined;
  afterEach(() => feed?.stop());

  it('a burst of comments and events between frames is one store update', async () => {
    const store = createSensorsStore();
    const gateway = fakeGateway();
    const frames: (() => void)[] = [];
    feed = startLiveFeed({ origin: DEMO_ORIGIN, serverUrl: 'http://twin.test', fetch: gateway.fetch, store, requestFrame: (cb) => void frames.push(cb), warn: () => undefined });
    for (let k = 0; k < 50 && !gateway.open; k++) await settle(5);
    let updates = 0;
    const unsubscribe = store.subscribe(() => updates++);

    gateway.send(': keep-alive\n\n'.repeat(5) + 'event: entities\ndata: []\n\n'.repeat(3) + ': keep-alive\n\n');
    await settle();
    expect(updates).toBe(0);
    expect(frames.length).toBe(1);
    const before = Date.now();
    frames.shift()?.();
    expect(updates).toBe(1);
    const marked = store.getState().connection.lastMessageMs;
    expect(marked).not.toBeNull();
    expect(marked ?? 0).toBeLessThanOrEqual(before);

    // No message since: no frame asked for, and none would change anything.
    await settle();
    expect(frames.length).toBe(0);

    // The next burst: again one frame, one update.
    await settle(5);
    gateway.send(': keep-alive\n\n'.repeat(4));
    await settle();
    expect(frames.length).toBe(1);
    frames.shift()?.();
    expect(updates).toBe(2);
    expect(store.getState().connection.lastMessageMs ?? 0).toBeGreaterThan(marked ?? 0);
    unsubscribe();
  });

  it('the store ignores a message time that is not newer than the held one', () => {
    const store = createSensorsStore();
    let updates = 0;
    store.subscribe(() => updates++);
    store.getState().markMessage(1_000);
    store.getState().markMessage(1_000);
    store.getState().markMessage(900);
    expect(updates).toBe(1);
    store.getState().markMessage(1_001);
    expect(updates).toBe(2);
    expect(store.getState().connection.lastMessageMs).toBe(1_001);
  });
});
