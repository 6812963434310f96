/**
 * A Server-Sent Events stream that stays open on its own (WHATWG HTML §9.2 format, read with
 * ./sse): when the connection fails, ends, or stays silent longer than `idleTimeoutMs` (no event
 * and no keep-alive comment), it reports the outage and reconnects after an exponential backoff
 * (`backoffMs · 2^n`, capped at `maxBackoffMs`, reset once a connection opens). Unlike the
 * browser's EventSource it runs in Node too, sends headers, tells a silent stream from a live one,
 * and reports an endpoint that is not an event stream (404, wrong content type) instead of
 * retrying it forever, so the caller can fall back to polling.
 */
import { readServerSentEvents, type ServerSentEvent } from './sse';

export interface EventStreamOptions {
  /** The stream's URL (a function is re-read at each reconnect). */
  url: string | (() => string);
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  /** First reconnect delay, ms; default 500. */
  backoffMs?: number;
  /** Longest reconnect delay, ms; default 15 000. */
  maxBackoffMs?: number;
  /** Silence (no byte at all) after which the connection counts as dead, ms; default 30 000. */
  idleTimeoutMs?: number;
  onEvent(event: ServerSentEvent): void;
  /** Connected (HTTP 200 with text/event-stream). */
  onOpen?(): void;
  /** Every keep-alive comment line (`: heartbeat`). */
  onComment?(text: string): void;
  /** The connection failed or was lost; the next attempt starts in `retryInMs`. */
  onDown?(error: Error, retryInMs: number): void;
  /** The endpoint is not an event stream (HTTP status, 0 = wrong content type); no more attempts. */
  onUnsupported?(status: number): void;
}

export interface EventStream {
  /** Stops for good (no reconnect). */
  close(): void;
  readonly connected: boolean;
}

/** Delay before reconnect attempt `attempt` (0-based), ms. */
export function backoffDelay(attempt: number, backoffMs = 500, maxBackoffMs = 15_000): number {
  return Math.min(maxBackoffMs, backoffMs * 2 ** Math.min(attempt, 30));
}

/** Statuses that mean "no event stream here" rather than "try again later". */
const UNSUPPORTED = new Set([404, 405, 406, 501]);

export function openEventStream(options: EventStreamOptions): EventStream {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const idleMs = options.idleTimeoutMs ?? 30_000;
  let closed = false;
  let connected = false;
  let attempt = 0;
  let controller: AbortController | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let idleTimer: ReturnType<typeof setInterval> | null = null;
  let lastByteMs = 0;

  const stopIdleWatch = (): void => {
    if (idleTimer !== null) clearInterval(idleTimer);
    idleTimer = null;
  };

  const scheduleRetry = (error: Error): void => {
    connected = false;
    stopIdleWatch();
    if (closed) return;
    const delay = backoffDelay(attempt++, options.backoffMs, options.maxBackoffMs);
    options.onDown?.(error, delay);
    retryTimer = setTimeout(() => void connect(), delay);
  };

  const connect = async (): Promise<void> => {
    retryTimer = null;
    if (closed) return;
    const abort = new AbortController();
    controller = abort;
    let silent = false;
    try {
      const url = typeof options.url === 'function' ? options.url() : options.url;
      const response = await fetchImpl(url, { headers: { accept: 'text/event-stream', ...options.headers }, signal: abort.signal, cache: 'no-store' });
      if (UNSUPPORTED.has(response.status) || (response.ok && !(response.headers.get('content-type') ?? '').startsWith('text/event-stream'))) {
        await response.body?.cancel();
        closed = true;
        options.onUnsupported?.(response.ok ? 0 : response.status);
        return;
      }
      if (!response.ok || response.body === null) {
        const text = await response.text().catch(() => '');
        let detail = text.slice(0, 300);
        try {
          const problem = JSON.parse(text) as { detail?: unknown; title?: unknown };
          if (typeof problem.detail === 'string') detail = problem.detail;
          else if (typeof problem.title === 'string') detail = problem.title;
        } catch {
          // not JSON: the text itself
        }
        throw new Error(`HTTP ${response.status}${detail === '' ? '' : `: ${detail}`}`);
      }
      connected = true;
      attempt = 0;
      lastByteMs = Date.now();
      idleTimer = setInterval(() => {
        if (Date.now() - lastByteMs > idleMs) {
          silent = true;
          abort.abort();
        }
      }, Math.max(50, Math.min(1000, idleMs / 4)));
      options.onOpen?.();
      const onComment = (text: string): void => {
        lastByteMs = Date.now();
        options.onComment?.(text);
      };
      for await (const event of readServerSentEvents(response.body, onComment)) {
        lastByteMs = Date.now();
        if (closed) return;
        options.onEvent(event);
      }
      if (!closed) scheduleRetry(new Error('the event stream ended'));
    } catch (error) {
      if (closed) return;
      const reason = silent ? new Error(`no data for ${Math.round(idleMs / 1000)} s`) : error instanceof Error ? error : new Error(String(error));
      scheduleRetry(reason);
    } finally {
      if (controller === abort) controller = null;
    }
  };

  void connect();
  return {
    close() {
      closed = true;
      connected = false;
      stopIdleWatch();
      if (retryTimer !== null) clearTimeout(retryTimer);
      controller?.abort();
    },
    get connected() {
      return connected;
    },
  };
}
