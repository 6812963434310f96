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
