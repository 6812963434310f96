/**
 * The shared worker-failure watch (src/app/worker-failure.ts) on a stand-in EventTarget: an error
 * event with a message and position, one without a message (a module script that failed to load),
 * a messageerror, once-only reporting and detaching.
 */
import { describe, expect, it } from 'vitest';
import { MESSAGE_NOT_READ, SCRIPT_NOT_LOADED, watchWorkerFailure, WorkerFailedError, workerFailureReason } from '../../src/app/worker-failure';

/** An `error` event shaped like the browser's ErrorEvent (Node has no ErrorEvent). */
function errorEvent(fields: { message?: string; filename?: string; lineno?: number; colno?: number }): Event {
  return Object.assign(new Event('error'), fields);
}

function watched(name = 'noise'): { target: EventTarget; failures: WorkerFailedError[]; detach: () => void } {
  const target = new EventTarget();
  const failures: WorkerFailedError[] = [];
  const detach = watchWorkerFailure(target, name, (e) => failures.push(e));
  return { target, failures, detach };
}

describe('worker failure', () => {
  it('names the worker and the ErrorEvent message with file:line:column', () => {
    const { target, failures } = watched('scenario');
    target.dispatchEvent(errorEvent({ message: 'Uncaught TypeError: x is not a function', filename: 'http://host/src/app/scenario.worker.ts', lineno: 12, colno: 7 }));
    expect(failures).toHaveLength(1);
    const e = failures[0] as WorkerFailedError;
    expect(e).toBeInstanceOf(WorkerFailedError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('WorkerFailedError');
    expect(e.worker).toBe('scenario');
    expect(e.reason).toBe('Uncaught TypeError: x is not a function at http://host/src/app/scenario.worker.ts:12:7');
    expect(e.message).toBe('scenario worker failed: Uncaught TypeError: x is not a function at http://host/src/app/scenario.worker.ts:12:7');
  });

  it('says the script could not be loaded when the error event has no message', () => {
    const { target, failures } = watched('sun-hours');
    target.dispatchEvent(new Event('error'));
    expect(failures.map((e) => e.message)).toEqual([`sun-hours worker failed: ${SCRIPT_NOT_LOADED}`]);
    expect(workerFailureReason(errorEvent({ message: '  ', filename: 'w.js' }))).toBe(`${SCRIPT_NOT_LOADED} at w.js`);
    expect(workerFailureReason(errorEvent({ message: 'boom', lineno: 3 }))).toBe('boom');
    expect(workerFailureReason(errorEvent({ message: 'boom', filename: 'w.js', lineno: 0, colno: 5 }))).toBe('boom at w.js');
  });

  it('reports a messageerror as a message that could not be read', () => {
    const { target, failures } = watched('air');
    target.dispatchEvent(new Event('messageerror'));
    expect(failures.map((e) => e.message)).toEqual([`air worker failed: ${MESSAGE_NOT_READ}`]);
  });

  it('reports only the first failure and stops listening', () => {
    const { target, failures } = watched();
    target.dispatchEvent(errorEvent({ message: 'first' }));
    target.dispatchEvent(errorEvent({ message: 'second' }));
    target.dispatchEvent(new Event('messageerror'));
    expect(failures.map((e) => e.reason)).toEqual(['first']);
  });

  it('reports nothing after detach', () => {
    const { target, failures, detach } = watched();
    detach();
    target.dispatchEvent(errorEvent({ message: 'late' }));
    expect(failures).toEqual([]);
  });

  it('rejects a pending call the way the clients do', async () => {
    const target = new EventTarget();
    const pending = new Promise<never>((_resolve, reject) => {
      watchWorkerFailure(target, 'import', reject);
    });
    target.dispatchEvent(new Event('error'));
    await expect(pending).rejects.toThrow(`import worker failed: ${SCRIPT_NOT_LOADED}`);
  });
});
