/**
 * What the sensor marker layer draws, from the sensors store (pure: no three): one list per marker
 * family of the shown sensors (type not hidden, location known) with the colour of their main
 * value — live, or at the replayed instant — whether the reading has a problem, and whether the
 * data are stale (live connection down: markers fade towards the background).
 */
import type { SensorsState } from '../state/sensors-store';
import { KIND_OF_TYPE, SENSOR_KINDS, lookupAt, markerLook, type SensorKind } from '../ui/sensor-display';

export interface MarkerItem {
  id: string;
  kind: SensorKind;
  /** ENU position, m (z as given by the feed; the layer seats the marker on the ground). */
  x: number;
  y: number;
  z: number;
  /**
   * Offset from the position in marker units (scaled with the marker): sensors at one place (a
   * traffic counter, a noise sensor and an air station at the same kerb) stand on a small circle
   * around it instead of inside each other.
   */
  offsetX: number;
  offsetY: number;
  /** Colour drawn (#rrggbb), after dimming when stale. */
  colour: string;
  /** Colour of the value on the legend, before dimming. */
  valueColour: string;
  problem: boolean;
  stale: boolean;
}

export type MarkersByKind = Record<SensorKind, MarkerItem[]>;

/** How far stale markers fade towards the background colour (0 = not at all, 1 = invisible). */
export const STALE_FADE = 0.6;
const FADE_TO = [0xdf, 0xe8, 0xef] as const;

/** `hex` faded by `amount` towards the stage background. */
export function fadedColour(hex: string, amount = STALE_FADE): string {
  const n = parseInt(hex.slice(1), 16);
  const rgb = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return `#${rgb.map((c, k) => Math.round(c + ((FADE_TO[k] ?? c) - c) * amount).toString(16).padStart(2, '0')).join('')}`;
}

/** What the markers depend on: of the connection only its status (not the heartbeat time, which changes every message). */
type MarkerInputs = Pick<SensorsState, 'sensors' | 'hiddenTypes' | 'replayAtMs' | 'replayHistory'> & { connection: Pick<SensorsState['connection'], 'status'> };

/** Radius of the circle co-located markers stand on, marker units (heads are about 1 unit wide). */
export const SHARED_SITE_RADIUS = 1.1;
/** Positions closer than this (m) are one site. */
const SITE_M = 1;

export function markerItems(state: MarkerInputs): MarkersByKind {
  const out = Object.fromEntries(SENSOR_KINDS.map((k) => [k, [] as MarkerItem[]])) as MarkersByKind;
  const stale = state.replayAtMs === null && state.connection.status === 'down';
  const ids = Object.keys(state.sensors).sort();
  const sites = new Map<string, string[]>();
  const siteOf = (p: { x: number; y: number }): string => `${Math.round(p.x / SITE_M)},${Math.round(p.y / SITE_M)}`;
  for (const id of ids) {
    const s = state.sensors[id];
    if (s === undefined || s.position === null || state.hiddenTypes.includes(s.type)) continue;
    const key = siteOf(s.position);
    sites.set(key, [...(sites.get(key) ?? []), id]);
  }
  for (const id of ids) {
    const sensor = state.sensors[id];
    if (sensor === undefined || sensor.position === null || state.hiddenTypes.includes(sensor.type)) continue;
    const look = state.replayAtMs === null ? markerLook(sensor) : markerLook(sensor, lookupAt(sensor, state.replayHistory[id], state.replayAtMs));
    const kind = KIND_OF_TYPE[sensor.type];
    const site = sites.get(siteOf(sensor.position)) ?? [id];
    const angle = (2 * Math.PI * site.indexOf(id)) / site.length;
    const radius = site.length > 1 ? SHARED_SITE_RADIUS : 0;
    out[kind].push({
      id,
      kind,
      x: sensor.position.x,
      y: sensor.position.y,
      z: sensor.position.z,
      offsetX: radius * Math.cos(angle),
      offsetY: radius * Math.sin(angle),
      valueColour: look.colour,
      colour: stale ? fadedColour(look.colour) : look.colour,
      problem: look.problems.length > 0,
      stale,
    });
  }
  return out;
}
