/**
 * The page's live sensor feed (issue 5), the one writer of the sensors store:
 * 1. opens the gateway's event stream GET /api/live/stream?type=…&attrs=… (server/gateway), which
 *    first says whether the broker is up (`status`), then pushes changed entities (`entities`) and
 *    a keep-alive comment every ~10 s;
 * 2. bootstraps with a paged query of SENSOR_TYPES through the src/ngsi client at the same-origin
 *    /ngsi-ld/v1 (the gateway proxies it to the configured broker), asking only for the shown
 *    attributes, and replaces the store's sensors;
 * 3. applies the stream's deltas batched per animation frame (the store drops stale ones; deltas
 *    that arrive during a bootstrap wait for it, so the bootstrap never overwrites them), and notes
 *    the time of the gateway's last message in the same frame (one store update per frame);
 * 4. on an outage (stream lost, or the gateway reports the broker down) marks the connection down
 *    with the reason, keeps the data, reconnects with backoff on its own and re-bootstraps;
 * 5. falls back to polling the same query when the server has no event stream (static hosting).
 * Bad data is flagged by ./live-entity and warned once per entity; nothing here throws.
 */
import { backoffDelay, createNgsiClient, openEventStream, parseEntities, type EventStream, type NgsiClient, type ParsedEntity } from '../ngsi';
import type { GeoOrigin } from '../geo/enu';
import { SENSOR_TYPES, sensorsStore, type Sensor, type SensorDelta, type SensorsState } from '../state/sensors-store';
import { createSensorConverter, shownAttributeList, type SensorConverter } from './live-entity';
import { TEST_MODE } from './test-mode';

export interface LiveFeedOptions {
  /** The district's geodetic origin (positions are ENU around it). */
  origin: GeoOrigin;
  /** Server root; default the page's origin. */
  serverUrl?: string;
  /**
   * The viewer's @context URL, sent as the JSON-LD Link header of the queries and given to the
   * gateway's subscription, so attribute names come back as the views know them; default none
   * (the core context, which the simulated entities and the attribute names of live-entity.ts use).
   */
  contextUrl?: string;
  fetch?: typeof fetch;
  store?: { getState(): SensorsState };
  /** Schedules the batch of deltas; default requestAnimationFrame (setTimeout 16 ms without one). */
  requestFrame?: (callback: () => void) => void;
  /** Polling period when the server has no event stream, ms; default 10 000. */
  pollIntervalMs?: number;
  /** First reconnect delay, ms (doubled up to maxBackoffMs); default 1000 / 15 000. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Silence after which the stream counts as lost, ms; default 25 000 (heartbeats every ~10 s). */
  idleTimeoutMs?: number;
  /** Warnings about bad data (default console.warn). */
  warn?: (message: string) => void;
}

export interface LiveFeed {
  stop(): void;
  /** Resolves when the current bootstrap (if any) is done (tests). */
  settled(): Promise<void>;
}

interface GatewayStatus {
  broker: 'up' | 'down';
  error: string | null;
  since: string;
}

function words(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function startLiveFeed(options: LiveFeedOptions): LiveFeed {
  const store = options.store ?? sensorsStore;
  const serverUrl = (options.serverUrl ?? location.origin).replace(/\/$/, '');
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const requestFrame = options.requestFrame ?? (typeof requestAnimationFrame === 'function' ? (cb: () => void) => void requestAnimationFrame(cb) : (cb: () => void) => void setTimeout(cb, 16));
  const warn = options.warn ?? ((m: string) => console.warn(m));
  const converter: SensorConverter = createSensorConverter(options.origin);
  const attrs = shownAttributeList();
  const client: NgsiClient = createNgsiClient({ baseUrl: `${serverUrl}/ngsi-ld/v1`, retries: 1, backoffMs: 300, fetch: fetchImpl, ...(options.contextUrl === undefined ? {} : { contextUrl: options.contextUrl }) });
  const warned = new Set<string>();

  let stopped = false;
  let stream: EventStream | null = null;
  let pollTimer: ReturnType<typeof setInterval> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let bootstrapAttempt = 0;
  let bootstrapping: Promise<void> | null = null;
  let bootstrapAgain = false;
  let brokerUp = false;
  let pending: ParsedEntity[] = [];
  /** Time of the newest gateway message not yet written to the store, ms. */
  let messageAtMs: number | null = null;
  let frameRequested = false;

  const toSensor = (entity: ParsedEntity): Sensor | undefined => {
    try {
      const converted = converter.convert(entity);
      if (converted === undefined) return undefined;
      if (converted.warnings.length > 0 && !warned.has(entity.id)) {
        warned.add(entity.id);
        warn(`Live sensor ${entity.id}: ${converted.warnings.join('; ')}`);
      }
      return converted.sensor;
    } catch (error) {
      if (!warned.has(entity.id)) {
        warned.add(entity.id);
        warn(`Live sensor ${entity.id} skipped: ${words(error)}`);
      }
      return undefined;
    }
  };

  const requestFlush = (): void => {
    if (frameRequested) return;
    frameRequested = true;
    requestFrame(flush);
  };

  const flush = (): void => {
    frameRequested = false;
    if (stopped) return;
    // The message time, like the deltas, is written once per frame however many messages came.
    if (messageAtMs !== null) {
      store.getState().markMessage(messageAtMs);
      messageAtMs = null;
    }
    if (bootstrapping !== null) return;
    const batch = pending;
    pending = [];
    const deltas: SensorDelta[] = [];
    for (const entity of batch) {
      const sensor = toSensor(entity);
      if (sensor !== undefined) deltas.push({ id: sensor.id, readings: Object.values(sensor.readings), entity: { type: sensor.type, position: sensor.position, problems: sensor.problems } });
    }
    // One store update per frame, however many notifications arrived in it.
    if (deltas.length > 0) store.getState().applyDeltas(deltas);
  };

  const enqueue = (entities: readonly ParsedEntity[]): void => {
    pending.push(...entities);
    if (bootstrapping === null) requestFlush();
  };

  /** A message (event or keep-alive) from the gateway: noted now, written to the store with the frame. */
  const noteMessage = (): void => {
    messageAtMs = Date.now();
    requestFlush();
  };

  const query = async (): Promise<Sensor[]> => {
    const sensors: Sensor[] = [];
    for await (const page of client.queryPages({ type: SENSOR_TYPES.join(','), attrs })) {
      for (const entity of page) {
        const sensor = toSensor(entity);
        if (sensor !== undefined) sensors.push(sensor);
      }
    }
    return sensors;
  };

  const scheduleBootstrapRetry = (): void => {
    if (retryTimer !== null || stopped) return;
    const delay = backoffDelay(bootstrapAttempt++, options.backoffMs ?? 1000, options.maxBackoffMs ?? 15_000);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (brokerUp || pollTimer !== null) void bootstrap(pollTimer === null ? 'live' : 'polling');
    }, delay);
  };

  const bootstrap = (statusAfter: 'live' | 'polling'): Promise<void> => {
    if (bootstrapping !== null) {
      bootstrapAgain = true;
      return bootstrapping;
    }
    const run = async (): Promise<void> => {
      try {
        const sensors = await query();
        if (stopped) return;
        store.getState().setSensors(sensors);
        store.getState().markMessage(Date.now());
        bootstrapAttempt = 0;
        if (statusAfter === 'polling' || brokerUp) store.getState().setConnection(statusAfter);
      } catch (error) {
        if (stopped) return;
        store.getState().setConnection('down', words(error));
        scheduleBootstrapRetry();
      }
    };
    bootstrapping = run().finally(() => {
      bootstrapping = null;
      if (bootstrapAgain && !stopped) {
        bootstrapAgain = false;
        void bootstrap(statusAfter);
      } else if (pending.length > 0) enqueue([]);
    });
    return bootstrapping;
  };

  const onStatus = (status: GatewayStatus): void => {
    if (status.broker === 'down') {
      brokerUp = false;
      store.getState().setConnection('down', status.error ?? 'the broker is not reachable');
      return;
    }
    brokerUp = true;
    // (Re)connected to a live broker: what happened while away is only in a fresh query.
    void bootstrap('live');
  };

  const startPolling = (): void => {
    if (pollTimer !== null || stopped) return;
    pollTimer = setInterval(() => void bootstrap('polling'), options.pollIntervalMs ?? 10_000);
    void bootstrap('polling');
  };

  const streamUrl = `${serverUrl}/api/live/stream?type=${encodeURIComponent(SENSOR_TYPES.join(','))}&attrs=${encodeURIComponent(attrs.join(','))}${options.contextUrl === undefined ? '' : `&context=${encodeURIComponent(options.contextUrl)}`}`;
  store.getState().setConnection('connecting');
  stream = openEventStream({
    url: streamUrl,
    fetch: fetchImpl,
    backoffMs: options.backoffMs ?? 1000,
    maxBackoffMs: options.maxBackoffMs ?? 15_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 25_000,
    onComment: noteMessage,
    onEvent: (event) => {
      noteMessage();
      try {
        if (event.event === 'status') onStatus(JSON.parse(event.data) as GatewayStatus);
        else if (event.event === 'entities') enqueue(parseEntities(JSON.parse(event.data)));
      } catch (error) {
        warn(`Live feed: unreadable '${event.event}' event: ${words(error)}`);
      }
    },
    onDown: (error) => {
      brokerUp = false;
      store.getState().setConnection('down', `the live connection to the server was lost (${error.message})`);
    },
    onUnsupported: () => startPolling(),
  });

  return {
    stop() {
      stopped = true;
      stream?.close();
      if (pollTimer !== null) clearInterval(pollTimer);
      if (retryTimer !== null) clearTimeout(retryTimer);
    },
    async settled() {
      while (bootstrapping !== null) await bootstrapping;
    },
  };
}

let pageFeed: { feed: LiveFeed; originKey: string } | null = null;

/** Test-only view of the feed on `window.__twinLive` (TEST_MODE). */
export interface LiveTestHooks {
  status(): SensorsState['connection'];
  sensorCount(): number;
  reading(id: string, key: string): Sensor['readings'][string] | undefined;
  sensor(id: string): Sensor | undefined;
  /** Newest observation time among all readings, ms (0 = none). */
  newestObservationMs(): number;
}

declare global {
  interface Window {
    __twinLive?: LiveTestHooks;
  }
}

/** The page's feed: started once a city is loaded (positions are ENU around city.origin); a new district restarts it. */
export function startLiveSensors(origin: GeoOrigin): void {
  if (typeof location === 'undefined') return; // not a page (Node tests importing the loader)
  const originKey = `${origin.lonDeg},${origin.latDeg},${origin.heightM}`;
  if (pageFeed?.originKey === originKey) return;
  pageFeed?.feed.stop();
  pageFeed = { feed: startLiveFeed({ origin }), originKey };
  if (TEST_MODE) {
    window.__twinLive = {
      status: () => sensorsStore.getState().connection,
      sensorCount: () => Object.keys(sensorsStore.getState().sensors).length,
      reading: (id, key) => sensorsStore.getState().sensors[id]?.readings[key],
      sensor: (id) => sensorsStore.getState().sensors[id],
      newestObservationMs: () => {
        let newest = 0;
        for (const sensor of Object.values(sensorsStore.getState().sensors)) for (const r of Object.values(sensor.readings)) newest = Math.max(newest, r.observedAtMs ?? 0);
        return newest;
      },
    };
  }
}
