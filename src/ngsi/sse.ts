/**
 * Server-Sent Events reader (WHATWG HTML §9.2 event-stream format: `event:`/`data:` lines, a blank
 * line ends an event) for the embedded broker's notification stream
 * GET /subscriptions/{id}/events (an extension: see server/broker/README.md).
 */

export interface ServerSentEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * The events of a text/event-stream body, until it ends or is aborted. `onComment` sees every
 * comment line (`: heartbeat`), which keep-alive pings use, so a caller can tell a quiet stream
 * from a dead one.
 */
export async function* readServerSentEvents(body: ReadableStream<Uint8Array>, onComment?: (text: string) => void): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: ServerSentEvent = { event: 'message', data: '' };
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line === '') continue;
          if (line.startsWith(':')) {
            onComment?.(line.slice(1).trim());
            continue;
          }
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event.event = text;
          else if (field === 'data') data.push(text);
          else if (field === 'id') event.id = text;
        }
        event.data = data.join('\n');
        if (data.length > 0) yield event;
      }
    }
  } finally {
    reader.releaseLock();
  }
}
