/**
 * Unit marker geometry of live sensors, in ENU (x east, y north, z up), base at the origin: a thin
 * pole, a head whose shape tells the sensor family (sphere = air, octahedron = noise, cube =
 * traffic, cone up = weather, flat plate = parking, cone down = street light, drum = waste bin),
 * a warning badge above the head for a reading with a problem, and a ring around the selected
 * head. One InstancedMesh per shape; an instance is scaled from this unit (metres per unit) so that
 * markers keep about the same size on screen.
 */
import { BoxGeometry, ConeGeometry, CylinderGeometry, IcosahedronGeometry, OctahedronGeometry, TorusGeometry, type BufferGeometry } from 'three';
import type { SensorKind } from '../ui/sensor-display';

/** Pole height and the head's centre height, units. */
export const POLE_HEIGHT = 1.6;
export const HEAD_Z = POLE_HEIGHT + 0.5;
/** Badge centre height, units. */
export const BADGE_Z = HEAD_Z + 1.05;

/** three's primitives are y-up: rotating +90° about x turns +y into ENU +z. */
const up = (g: BufferGeometry): BufferGeometry => g.rotateX(Math.PI / 2);

function head(kind: SensorKind): BufferGeometry {
  switch (kind) {
    case 'air':
      return new IcosahedronGeometry(0.55, 1);
    case 'noise':
      return new OctahedronGeometry(0.62);
    case 'traffic':
      return new BoxGeometry(0.9, 0.9, 0.9);
    case 'weather':
      return up(new ConeGeometry(0.6, 1, 16));
    case 'parking':
      return new BoxGeometry(1.2, 1.2, 0.3);
    case 'light':
      return up(new ConeGeometry(0.6, 1, 16)).rotateX(Math.PI);
    case 'waste':
      return up(new CylinderGeometry(0.42, 0.42, 0.9, 16));
  }
}

const heads = new Map<SensorKind, BufferGeometry>();

/** Head geometry of a kind, centred at HEAD_Z (shared, never disposed). */
export function headGeometry(kind: SensorKind): BufferGeometry {
  let g = heads.get(kind);
  if (g === undefined) {
    g = head(kind).translate(0, 0, HEAD_Z);
    heads.set(kind, g);
  }
  return g;
}

export const POLE_GEOMETRY: BufferGeometry = up(new CylinderGeometry(0.06, 0.08, POLE_HEIGHT, 6)).translate(0, 0, POLE_HEIGHT / 2);
/** Warning badge: a small upright diamond above the head. */
export const BADGE_GEOMETRY: BufferGeometry = new OctahedronGeometry(0.45).scale(0.75, 0.75, 1).translate(0, 0, BADGE_Z);
/** Selection ring: horizontal around the head (TorusGeometry lies in the xy plane = ENU horizontal). */
export const RING_GEOMETRY: BufferGeometry = new TorusGeometry(0.9, 0.09, 8, 32).translate(0, 0, HEAD_Z);

export const POLE_COLOUR = '#5b6670';
export const BADGE_COLOUR = '#f59e0b';
export const RING_COLOUR = '#1f5fa8';

/** Metres per unit for a marker seen from `distanceM`: 2.5 % of the distance (a head about 1.4° across), within [1.5, 60] m. */
export function markerScale(distanceM: number): number {
  return Math.min(60, Math.max(1.5, distanceM * 0.025));
}
