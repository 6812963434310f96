/**
 * Publishes the simulator's entities into the embedded broker through its own HTTP API, in
 * process (`fastify.inject` on POST /ngsi-ld/v1/entityOperations/upsert): the same validation,
 * notifications and temporal history as for any client, with no socket.
 */
import type { FastifyInstance } from 'fastify';
import { generateDemoDistrict } from '../../src/twin/demo';
import type { NgsiEntity } from './entities';
import { createSensorSimulator, type SensorSimulator } from './simulator';

export interface SensorOptions {
  /** Seconds between two publications. */
  rateS: number;
  seed?: number;
  /** Clock (Unix ms); default Date.now. */
  now?: () => number;
}

/** Upserts entities in one batch; throws with the broker's answer when it is not 201/204. */
export async function publishEntities(app: FastifyInstance, entities: readonly NgsiEntity[]): Promise<void> {
  const response = await app.inject({
    method: 'POST',
    url: '/ngsi-ld/v1/entityOperations/upsert',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(entities),
  });
  if (response.statusCode !== 201 && response.statusCode !== 204) {
    throw new Error(`sensor simulator: broker answered ${response.statusCode} to the upsert: ${response.body.slice(0, 500)}`);
  }
}

export interface RunningSensors {
  simulator: SensorSimulator;
  /** Publishes once now (also used by tests). */
  tick(): Promise<void>;
  stop(): void;
}

/** Starts publishing every `rateS` seconds (first publication at once). Errors go to `onError`. */
export function startSensors(app: FastifyInstance, options: SensorOptions, onError: (error: Error) => void = (e) => process.stderr.write(`${e.message}\n`)): RunningSensors {
  if (!(options.rateS > 0)) throw new Error(`sensors.rateS must be a positive number of seconds, got ${options.rateS}`);
  const simulator = createSensorSimulator({ model: generateDemoDistrict(), seed: options.seed ?? 1 });
  const now = options.now ?? Date.now;
  let busy = false;
  const tick = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      await publishEntities(app, simulator.snapshot(now()));
    } finally {
      busy = false;
    }
  };
  const run = (): void => void tick().catch((e: unknown) => onError(e as Error));
  run();
  const timer = setInterval(run, options.rateS * 1000);
  timer.unref();
  return { simulator, tick, stop: () => clearInterval(timer) };
}

export interface RunningReplay {
  tick(): Promise<void>;
  stop(): void;
  /** Resolves once the last sample is published. */
  done: Promise<void>;
}

export interface ReplayOptions {
  /** Seconds of wall time between two publications. */
  rateS: number;
  /** Recorded seconds per wall second (default 60: a day of records in 24 min). */
  speed?: number;
  now?: () => number;
}

/**
 * Replays recorded samples (e.g. `loadGenevaNoiseReplay`) into the broker: the replay clock starts
 * at the first sample and runs `speed` times faster than `now`; each tick upserts every sample
 * recorded since the previous tick (so the temporal API keeps the whole recorded history).
 * Stops by itself after the last sample.
 */
export function startReplay(app: FastifyInstance, samples: readonly { timeMs: number; entity: NgsiEntity }[], options: ReplayOptions, onError: (error: Error) => void = (e) => process.stderr.write(`${e.message}\n`)): RunningReplay {
  if (!(options.rateS > 0)) throw new Error(`replay rateS must be a positive number of seconds, got ${options.rateS}`);
  const now = options.now ?? Date.now;
  const speed = options.speed ?? 60;
  const t0 = samples[0]?.timeMs ?? 0;
  const started = now();
  let next = 0;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((r) => (finish = r));
  // Ticks run one after the other (a timer tick and a manual one never interleave).
  let chain = Promise.resolve();
  const tick = (): Promise<void> => (chain = chain.then(step, step));
  const step = async (): Promise<void> => {
    const until = t0 + (now() - started) * speed;
    while (next < samples.length && (samples[next]?.timeMs ?? Infinity) <= until) {
      // One upsert per recorded instant keeps each instance's observedAt in the history.
      const at = samples[next]?.timeMs;
      const batch: NgsiEntity[] = [];
      while (next < samples.length && samples[next]?.timeMs === at) batch.push((samples[next++] as { entity: NgsiEntity }).entity);
      await publishEntities(app, batch);
    }
    if (next >= samples.length) {
      clearInterval(timer);
      finish();
    }
  };
  const run = (): void => void tick().catch((e: unknown) => onError(e as Error));
  const timer = setInterval(run, options.rateS * 1000);
  timer.unref();
  run();
  return { tick, stop: () => clearInterval(timer), done };
}
