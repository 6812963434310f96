/**
 * The pages connected to the gateway's event stream (GET /api/live/stream), grouped by the
 * watch set they asked for: Server-Sent Events (WHATWG HTML §9.2) `status` and `entities` events,
 * and a keep-alive comment every `heartbeatMs` so pages (and proxies) tell a quiet stream from a
 * dead one.
 */
import type { ServerResponse } from 'node:http';

export interface BrokerStatus {
  broker: 'up' | 'down';
  /** Why the broker is down, in words; null when up. */
  error: string | null;
  /** ISO instant of the last change. */
  since: string;
}

interface Page {
  watchKey: string;
  response: ServerResponse;
}

export class LiveHub {
  private readonly pages = new Set<Page>();
  private readonly heartbeat: ReturnType<typeof setInterval>;

  constructor(heartbeatMs: number) {
    this.heartbeat = setInterval(() => this.comment('heartbeat'), heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.pages.size;
  }

  /** Takes over `response` as an event stream of `watchKey`; sends `status` first. */
  attach(watchKey: string, response: ServerResponse, status: BrokerStatus, onDetach: () => void): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx and similar reverse proxies buffer responses unless told otherwise.
      'x-accel-buffering': 'no',
    });
    const page: Page = { watchKey, response };
    this.pages.add(page);
    response.write(': connected\n\n');
    this.write(page, 'status', JSON.stringify(status));
    response.on('close', () => {
      this.pages.delete(page);
      onDetach();
    });
  }

  private write(page: Page, event: string, data: string): void {
    if (page.response.writableEnded) return;
    page.response.write(`event: ${event}\ndata: ${data}\n\n`);
  }

  /** Changed entities (normalized NGSI-LD) to the pages watching `watchKey`. */
  entities(watchKey: string, entities: readonly unknown[]): void {
    if (entities.length === 0) return;
    const data = JSON.stringify(entities);
    for (const page of this.pages) if (page.watchKey === watchKey) this.write(page, 'entities', data);
  }

  status(status: BrokerStatus): void {
    const data = JSON.stringify(status);
    for (const page of this.pages) this.write(page, 'status', data);
  }

  comment(text: string): void {
    for (const page of this.pages) if (!page.response.writableEnded) page.response.write(`: ${text}\n\n`);
  }

  /** Ends every stream (shutdown: open streams would keep the server from closing). */
  close(): void {
    clearInterval(this.heartbeat);
    for (const page of this.pages) page.response.end();
    this.pages.clear();
  }
}
