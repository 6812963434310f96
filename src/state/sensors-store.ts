/**
 * Live sensors in the twin (issue 5): the latest reading of every observed attribute of every
 * sensor entity, where each sensor stands in the district, and the state of the live connection.
 * The live feed (src/app/live-sensors.ts: paged bootstrap, then deltas from the gateway's SSE
 * stream) is the only writer; the marker layer, the sensor panel, the legend and the outage banner
 * read it. Deltas are keyed by entity, attribute and datasetId; one older than what is held is
 * dropped (out-of-order delivery), so replays and reconnects never move a value back in time.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

/** Smart Data Models types the twin shows (ParkingSpot and OnStreetParking are both 'parking'). */
export const SENSOR_TYPES = [
  'AirQualityObserved',
  'NoiseLevelObserved',
  'TrafficFlowObserved',
  'WeatherObserved',
  'ParkingSpot',
  'OnStreetParking',
  'Streetlight',
  'WasteContainer',
] as const;
export type SensorType = (typeof SENSOR_TYPES)[number];

/** Why a reading is not trusted; shown in the UI and logged, never thrown. */
export type ReadingProblem = 'not-a-number' | 'wrong-type' | 'impossible-value' | 'missing-time';

export interface SensorReading {
  /** Attribute short name (viewer's @context), e.g. 'no2', 'LAeq', 'intensity'. */
  attribute: string;
  /** NGSI-LD datasetId of a multi-instance attribute; '' for the default instance. */
  datasetId: string;
  value: number | string | boolean | null;
  /** UN/CEFACT code (unitCode, else the per-model table of src/ngsi/normalise.ts). */
  unitCode?: string;
  /** Observation time, ms since epoch (observedAt, else the model's dateObserved…). */
  observedAtMs?: number;
  problem?: ReadingProblem;
}

export interface Sensor {
  id: string;
  type: SensorType;
  /** Position in the district's ENU frame, m; null = the entity has no usable location (flagged). */
  position: { x: number; y: number; z: number } | null;
  /** Key `${attribute}` or `${attribute}#${datasetId}`. */
  readings: Readonly<Record<string, SensorReading>>;
  /** Problems of the entity itself (e.g. 'missing-location'), in words for the UI. */
  problems: readonly string[];
}

/** Samples of one reading over time, sorted by time (the time slider's replay of the recent past). */
export interface ReadingHistory {
  timesMs: readonly number[];
  values: readonly SensorReading['value'][];
}

export type ConnectionStatus = 'connecting' | 'live' | 'down' | 'polling';

export interface SensorsState {
  sensors: Readonly<Record<string, Sensor>>;
  connection: {
    status: ConnectionStatus;
    /** When the status last changed, ms. */
    sinceMs: number;
    /** Last message (notification or heartbeat) from the gateway, ms; for "data is N s old". */
    lastMessageMs: number | null;
    /** The broker or gateway error in words, when down. */
    error: string | null;
  };
  /** Types hidden by the user's filter. */
  hiddenTypes: readonly SensorType[];
  selectedId: string | null;
  /** The time slider replays the recent past: the instant shown (ms), or null = live. */
  replayAtMs: number | null;
  /** History fetched for the replay: sensor id → reading key (as `readings`) → samples. */
  replayHistory: Readonly<Record<string, Readonly<Record<string, ReadingHistory>>>>;
  /** Replace all sensors (bootstrap after connect or reconnect). */
  setSensors(sensors: readonly Sensor[]): void;
  /** Apply a delta of one sensor's readings (and position/problems when given); drops readings older than the held one. */
  applyDelta(id: string, readings: readonly SensorReading[], entity?: Pick<Sensor, 'type' | 'position' | 'problems'>): void;
  /** Several deltas in one store update (the feed's batch of one animation frame); same rules as applyDelta. */
  applyDeltas(deltas: readonly SensorDelta[]): void;
  setConnection(status: ConnectionStatus, error?: string | null): void;
  /** Note the time of the gateway's last message, ms (the feed calls it once per frame at most); a time not newer than the held one changes nothing. */
  markMessage(atMs: number): void;
  setTypeHidden(type: SensorType, hidden: boolean): void;
  select(id: string | null): void;
  setReplayAt(ms: number | null): void;
  setReplayHistory(history: SensorsState['replayHistory']): void;
}

/** One sensor's change, as applyDelta's arguments. */
export interface SensorDelta {
  id: string;
  readings: readonly SensorReading[];
  entity?: Pick<Sensor, 'type' | 'position' | 'problems'>;
}

export function readingKey(attribute: string, datasetId: string): string {
  return datasetId === '' ? attribute : `${attribute}#${datasetId}`;
}

function mergeReadings(held: Readonly<Record<string, SensorReading>>, incoming: readonly SensorReading[]): Record<string, SensorReading> | null {
  let next: Record<string, SensorReading> | null = null;
  for (const r of incoming) {
    const key = readingKey(r.attribute, r.datasetId);
    const old = (next ?? held)[key];
    if (old?.observedAtMs !== undefined && r.observedAtMs !== undefined && r.observedAtMs < old.observedAtMs) continue;
    next ??= { ...held };
    next[key] = r;
  }
  return next;
}

/** The state after `deltas` (the same object when nothing changed). */
function withDeltas(s: SensorsState, deltas: readonly SensorDelta[]): SensorsState | Pick<SensorsState, 'sensors'> {
  let sensors: Record<string, Sensor> | null = null;
  for (const { id, readings, entity } of deltas) {
    const held = (sensors ?? s.sensors)[id];
    let next: Sensor;
    if (held === undefined) {
      if (entity === undefined) continue;
      next = { id, ...entity, readings: mergeReadings({}, readings) ?? {} };
    } else {
      const merged = mergeReadings(held.readings, readings);
      if (merged === null && entity === undefined) continue;
      next = { ...held, ...(entity ?? {}), readings: merged ?? held.readings };
    }
    sensors ??= { ...s.sensors };
    sensors[id] = next;
  }
  return sensors === null ? s : { sensors };
}

/** A fresh sensors store (the page has one, `sensorsStore`; tests make their own). */
export const createSensorsStore = () => createStore<SensorsState>()((set) => ({
  sensors: {},
  connection: { status: 'connecting', sinceMs: Date.now(), lastMessageMs: null, error: null },
  hiddenTypes: [],
  selectedId: null,
  replayAtMs: null,
  replayHistory: {},
  setSensors: (list) => set({ sensors: Object.fromEntries(list.map((s) => [s.id, s])) }),
  applyDelta: (id, readings, entity) => set((s) => withDeltas(s, [entity === undefined ? { id, readings } : { id, readings, entity }])),
  applyDeltas: (deltas) => set((s) => withDeltas(s, deltas)),
  setConnection: (status, error = null) =>
    set((s) => (s.connection.status === status && s.connection.error === error ? s : { connection: { ...s.connection, status, error, sinceMs: Date.now() } })),
  markMessage: (atMs) => set((s) => (s.connection.lastMessageMs !== null && atMs <= s.connection.lastMessageMs ? s : { connection: { ...s.connection, lastMessageMs: atMs } })),
  setTypeHidden: (type, hidden) => set((s) => ({ hiddenTypes: hidden ? [...new Set([...s.hiddenTypes, type])] : s.hiddenTypes.filter((t) => t !== type) })),
  select: (id) => set({ selectedId: id }),
  setReplayAt: (ms) => set({ replayAtMs: ms }),
  setReplayHistory: (history) => set({ replayHistory: history }),
}));

export const sensorsStore = createSensorsStore();

export function useSensorsStore<T>(selector: (state: SensorsState) => T): T {
  return useStore(sensorsStore, selector);
}
