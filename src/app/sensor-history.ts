/**
 * Sensor history from the NGSI-LD temporal API (ETSI GS CIM 009 §5.7.3 / §6.18–6.19), through the
 * src/ngsi client at the same-origin `/ngsi-ld/v1` (the server's gateway): one entity's series for
 * the detail chart, and the recent past of every shown sensor, one temporal query per type, for the
 * time slider's replay. Pages of entities are followed by `offset` (with `NGSILD-Results-Count`) or
 * Link next; an answer cut at the broker's instance limit (206 + `Content-Range: date-time a-b`,
 * §6.3.10) is completed by asking again for the earlier part. Views never fetch: the panels call
 * these functions, the replay writes its result into the sensors store.
 */
import { createNgsiClient, nextLink, parseEntities, type AttributeInstance, type NgsiClient, type ParsedEntity } from '../ngsi';
import { readingKey, sensorsStore, type ReadingHistory, type SensorReading, type SensorType } from '../state/sensors-store';
import { mainAttributesOf } from './sensor-kinds';

let sharedClient: NgsiClient | null = null;

/** The client of the page's own gateway (same origin, core @context, temporal on the same root). */
export function historyClient(): NgsiClient {
  sharedClient ??= createNgsiClient({ baseUrl: new URL('/ngsi-ld/v1', location.origin).toString(), retries: 2 });
  return sharedClient;
}

/** Samples of one reading, as parallel arrays sorted by time (ms). */
export type SeriesByReading = Record<string, ReadingHistory>;

function scalar(value: unknown): SensorReading['value'] {
  return typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' ? value : null;
}

/** Time of an instance: `observedAt`, else the model's `dateObserved` sub-property. */
function instanceTimeMs(instance: AttributeInstance): number {
  const text = instance.observedAt ?? (typeof instance.sub['dateObserved']?.[0]?.value === 'string' ? (instance.sub['dateObserved'][0].value as string) : undefined);
  return text === undefined ? Number.NaN : Date.parse(text);
}

/** The temporal representation of an entity → one time-sorted series per reading key; instances without a time are skipped. */
export function seriesOfTemporalEntity(entity: ParsedEntity, attributes?: readonly string[]): SeriesByReading {
  const out: SeriesByReading = {};
  for (const [name, instances] of Object.entries(entity.attributes)) {
    if (attributes !== undefined && !attributes.includes(name)) continue;
    const byKey = new Map<string, { t: number; v: SensorReading['value'] }[]>();
    for (const instance of instances) {
      if (instance.kind === 'GeoProperty' || instance.kind === 'Relationship') continue;
      const t = instanceTimeMs(instance);
      if (Number.isNaN(t)) continue;
      const key = readingKey(name, instance.datasetId ?? '');
      let list = byKey.get(key);
      if (list === undefined) byKey.set(key, (list = []));
      list.push({ t, v: scalar(instance.value) });
    }
    for (const [key, list] of byKey) {
      list.sort((a, b) => a.t - b.t);
      out[key] = { timesMs: list.map((s) => s.t), values: list.map((s) => s.v) };
    }
  }
  return out;
}

/** Merge two series maps (earlier part first); samples at equal times are kept once. */
export function mergeSeries(earlier: SeriesByReading, later: SeriesByReading): SeriesByReading {
  const out: SeriesByReading = { ...earlier };
  for (const [key, b] of Object.entries(later)) {
    const a = out[key];
    if (a === undefined) {
      out[key] = b;
      continue;
    }
    const times: number[] = [];
    const values: SensorReading['value'][] = [];
    let i = 0;
    let j = 0;
    while (i < a.timesMs.length || j < b.timesMs.length) {
      const ta = a.timesMs[i] ?? Infinity;
      const tb = b.timesMs[j] ?? Infinity;
      if (tb <= ta) {
        times.push(tb);
        values.push(b.values[j] ?? null);
        j++;
        if (ta === tb) i++;
      } else {
        times.push(ta);
        values.push(a.values[i] ?? null);
        i++;
      }
    }
    out[key] = { timesMs: times, values };
  }
  return out;
}

/** `date-time <from>-<to>/*` → the start instant (ms) of the returned part, or undefined. */
export function contentRangeStartMs(header: string | null): number | undefined {
  const m = /^date-time\s+(\d{4}-\d\d-\d\dT[^/]*?Z?)-(\d{4}-\d\d-\d\dT[^/]*)\//.exec(header ?? '');
  if (m === null) return undefined;
  const ms = Date.parse(m[1] ?? '');
  return Number.isNaN(ms) ? undefined : ms;
}

interface WindowQuery {
  attrs: readonly string[];
  fromMs: number;
  toMs: number;
}

/** Safety bound on the earlier-part requests of one truncated answer. */
const MAX_RANGE_REQUESTS = 20;

/**
 * Temporal GET over [fromMs, toMs] (timerel=between), following 206 truncation backwards; `path`
 * is `/temporal/entities/{id}` or `/temporal/entities` with `extra` (type, paging).
 */
async function temporalWindow(client: NgsiClient, path: string, extra: Record<string, string | number>, q: WindowQuery): Promise<{ entities: ParsedEntity[]; response: Response }[]> {
  const pages: { entities: ParsedEntity[]; response: Response }[] = [];
  let endMs = q.toMs;
  for (let k = 0; k < MAX_RANGE_REQUESTS; k++) {
    const response = await client.request(path, {
      temporal: true,
      query: { ...extra, attrs: q.attrs.join(','), timerel: 'between', timeAt: new Date(q.fromMs).toISOString(), endTimeAt: new Date(endMs).toISOString() },
    });
    pages.push({ entities: parseEntities(await response.json()), response });
    const start = response.status === 206 ? contentRangeStartMs(response.headers.get('content-range')) : undefined;
    if (start === undefined || start <= q.fromMs || start >= endMs) break;
    endMs = start;
  }
  return pages;
}

function collect(pages: readonly { entities: ParsedEntity[] }[], attrs: readonly string[], into: Record<string, SeriesByReading>): void {
  // Pages come latest-first for a truncated answer: merge each as the earlier part.
  for (const page of pages) {
    for (const entity of page.entities) into[entity.id] = mergeSeries(seriesOfTemporalEntity(entity, attrs), into[entity.id] ?? {});
  }
}

/** One sensor's series of `attrs` over [fromMs, toMs] (detail chart). */
export async function fetchSensorSeries(id: string, attrs: readonly string[], fromMs: number, toMs: number, client: NgsiClient = historyClient()): Promise<SeriesByReading> {
  const into: Record<string, SeriesByReading> = {};
  collect(await temporalWindow(client, `/temporal/entities/${encodeURIComponent(id)}`, {}, { attrs, fromMs, toMs }), attrs, into);
  return into[id] ?? {};
}

/** Entities per page of a temporal query by type. */
const PAGE_SIZE = 50;

/**
 * The recent past of every entity of `type` (series of `attrs` over [fromMs, toMs]), one temporal
 * query per type, every page of entities followed (Link next, else offset until the count).
 */
export async function fetchTypeHistory(type: string, attrs: readonly string[], fromMs: number, toMs: number, client: NgsiClient = historyClient(), pageSize = PAGE_SIZE): Promise<Record<string, SeriesByReading>> {
  const into: Record<string, SeriesByReading> = {};
  let offset = 0;
  for (;;) {
    const pages = await temporalWindow(client, '/temporal/entities', { type, limit: pageSize, offset, count: 'true' }, { attrs, fromMs, toMs });
    collect(pages, attrs, into);
    const first = pages[0];
    if (first === undefined) break;
    const got = first.entities.length;
    const count = Number(first.response.headers.get('ngsild-results-count') ?? Number.NaN);
    offset += got;
    if (nextLink(first.response.headers.get('link')) === undefined && (got < pageSize || (Number.isFinite(count) && offset >= count))) break;
    if (got === 0) break;
  }
  return into;
}

/** Attributes fetched per type for the replay: the main values, plus what they are computed from. */
function replayAttributes(type: SensorType): string[] {
  const main = mainAttributesOf(type);
  return type === 'OnStreetParking' ? [...main, 'totalSpotNumber'] : [...main];
}

/**
 * Loads the recent past [toMs − windowMs, toMs] of every shown sensor (one temporal query per
 * type present and not hidden) into the sensors store's replayHistory; returns the window.
 */
export async function loadReplayHistory(windowMs: number, toMs = Date.now(), client: NgsiClient = historyClient()): Promise<{ fromMs: number; toMs: number; samples: number }> {
  const { sensors, hiddenTypes } = sensorsStore.getState();
  const types = [...new Set(Object.values(sensors).map((s) => s.type))].filter((type) => !hiddenTypes.includes(type));
  const fromMs = toMs - windowMs;
  const parts = await Promise.all(types.map((type) => fetchTypeHistory(type, replayAttributes(type), fromMs, toMs, client)));
  const history: Record<string, SeriesByReading> = {};
  let samples = 0;
  for (const part of parts) {
    for (const [id, series] of Object.entries(part)) {
      history[id] = series;
      for (const s of Object.values(series)) samples += s.timesMs.length;
    }
  }
  sensorsStore.getState().setReplayHistory(history);
  return { fromMs, toMs, samples };
}
