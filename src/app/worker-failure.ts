/**
 * A dead Web Worker gets a clear error instead of a promise that never settles. comlink only
 * settles a call when the worker answers it; when the worker script cannot be loaded (network, a
 * syntax or import error, Vite's "504 Outdated Optimize Dep") or the worker throws outside a
 * comlink call, the worker fires `error` on its Worker object (HTML Living Standard §10.2.4, "run a
 * worker" / "report an exception"), and a message that cannot be deserialised fires `messageerror`
 * (§9.4.3). `watchWorkerFailure` turns the first of these events into a WorkerFailedError naming the
 * worker and the reason and hands it to the client, which rejects its pending calls, terminates and
 * forgets the worker (the next run starts a fresh one) and keeps the results already shown.
 */

/** What the watch needs of a Worker (a plain EventTarget stands in for it in tests). */
export type WorkerEventSource = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

/** Reason given when an `error` event carries no message: Chromium's event for a failed module script fetch. */
export const SCRIPT_NOT_LOADED = 'the worker script could not be loaded';
/** Reason given for a `messageerror` event. */
export const MESSAGE_NOT_READ = 'a message from the worker could not be deserialised';

/** A worker stopped working: `worker` names it (e.g. 'noise'), `reason` says why in words. */
export class WorkerFailedError extends Error {
  override readonly name = 'WorkerFailedError';
  constructor(
    readonly worker: string,
    readonly reason: string,
  ) {
    super(`${worker} worker failed: ${reason}`);
  }
}

function stringField(event: Event, key: 'message' | 'filename'): string {
  const v: unknown = (event as unknown as Record<string, unknown>)[key];
  return typeof v === 'string' ? v.trim() : '';
}

function positiveField(event: Event, key: 'lineno' | 'colno'): number {
  const v: unknown = (event as unknown as Record<string, unknown>)[key];
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}

/**
 * The reason of a worker's `error` or `messageerror` event in words: an ErrorEvent's message with
 * `at file:line:column` where the event has them, SCRIPT_NOT_LOADED for an `error` event without a
 * message, MESSAGE_NOT_READ for `messageerror`. Read by duck typing (Node has no ErrorEvent).
 */
export function workerFailureReason(event: Event): string {
  if (event.type === 'messageerror') return MESSAGE_NOT_READ;
  const message = stringField(event, 'message');
  const filename = stringField(event, 'filename');
  const line = positiveField(event, 'lineno');
  const column = positiveField(event, 'colno');
  const where = filename === '' ? '' : ` at ${filename}${line > 0 ? `:${line}` : ''}${line > 0 && column > 0 ? `:${column}` : ''}`;
  return message === '' ? `${SCRIPT_NOT_LOADED}${where}` : `${message}${where}`;
}

/**
 * Calls `onFailure` once, on the worker's first `error` or `messageerror` event, with a
 * WorkerFailedError naming `workerName`; the listeners are removed then. Returns a function that
 * removes them earlier (when the client drops the worker itself).
 */
export function watchWorkerFailure(worker: WorkerEventSource, workerName: string, onFailure: (error: WorkerFailedError) => void): () => void {
  let done = false;
  const detach = () => {
    done = true;
    worker.removeEventListener('error', listener);
    worker.removeEventListener('messageerror', listener);
  };
  function listener(event: Event): void {
    if (done) return;
    detach();
    onFailure(new WorkerFailedError(workerName, workerFailureReason(event)));
  }
  worker.addEventListener('error', listener);
  worker.addEventListener('messageerror', listener);
  return detach;
}
