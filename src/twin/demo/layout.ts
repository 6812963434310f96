/**
 * Street grid of the demo district (local ENU metres, x east, y north, origin at the centre).
 * Seven north–south and seven east–west street lines 130–135 m apart (a Gründerzeit grid): the
 * outer lines form the ring road, x = 0 is the main street, y = 0 a tertiary cross street, the
 * others are residential streets. Cells between lines are named A1 … F6 (column letter west → east,
 * row number south → north) and hold the blocks, the square (D3) and the park (B4 + B5).
 */
import type { RoadClass } from '../city-model';
import { createRng } from './prng';
import { DEMO_ROAD_PROFILES } from './traffic';

export const GRID_X = [-400, -270, -135, 0, 135, 270, 400] as const;
export const GRID_Y = [-400, -270, -135, 0, 135, 270, 400] as const;
export const COLUMN_LETTERS = 'ABCDEF';
export const RING_HALF_SIZE_M = 400;

export type DemoRoadClass = keyof typeof DEMO_ROAD_PROFILES;

export interface RoadSpec {
  id: string;
  name: string;
  roadClass: DemoRoadClass & RoadClass;
  lanes: number;
  maxSpeedKmh: number;
  oneway: -1 | 0 | 1;
  surface: string;
  /** Multiplies the class AADT for this segment. */
  flowFactor: number;
  /** Flat x, y of the centreline vertices, m. */
  xy: number[];
}

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

interface StreetLine {
  slug: string;
  name: string;
  roadClass: DemoRoadClass;
  oneway: -1 | 0 | 1;
  lanes?: number;
}

const VERTICAL_STREETS: Readonly<Record<number, StreetLine>> = {
  1: { slug: 'linden', name: 'Lindenstraße', roadClass: 'residential', oneway: 0 },
  2: { slug: 'goethe', name: 'Goethestraße', roadClass: 'residential', oneway: 1, lanes: 1 },
  3: { slug: 'main', name: 'Hauptstraße', roadClass: 'primary', oneway: 0 },
  4: { slug: 'mozart', name: 'Mozartstraße', roadClass: 'residential', oneway: 0 },
  5: { slug: 'kastanien', name: 'Kastanienallee', roadClass: 'residential', oneway: 0 },
};
const HORIZONTAL_STREETS: Readonly<Record<number, StreetLine>> = {
  1: { slug: 'rhein', name: 'Rheinstraße', roadClass: 'residential', oneway: 0 },
  2: { slug: 'bach', name: 'Bachstraße', roadClass: 'residential', oneway: 0 },
  3: { slug: 'schiller', name: 'Schillerstraße', roadClass: 'tertiary', oneway: 0 },
  4: { slug: 'uhland', name: 'Uhlandstraße', roadClass: 'residential', oneway: -1, lanes: 1 },
  5: { slug: 'garten', name: 'Gartenstraße', roadClass: 'residential', oneway: 0 },
};

/** Distance from a street line's centreline to the building line (half carriageway + sidewalk), m. */
export function lineSetbackX(i: number): number {
  return i === 0 || i === 6 || i === 3 ? 11 : 7;
}
export function lineSetbackY(j: number): number {
  if (j === 0 || j === 6) return 11;
  return j === 3 ? 8 : 7;
}

export function cellName(i: number, j: number): string {
  return `${COLUMN_LETTERS[i] ?? '?'}${j + 1}`;
}

/** The buildable rectangle of cell (i, j): between the building lines of its four streets. */
export function cellRect(i: number, j: number): Rect {
  return {
    x0: (GRID_X[i] ?? NaN) + lineSetbackX(i),
    x1: (GRID_X[i + 1] ?? NaN) - lineSetbackX(i + 1),
    y0: (GRID_Y[j] ?? NaN) + lineSetbackY(j),
    y1: (GRID_Y[j + 1] ?? NaN) - lineSetbackY(j + 1),
  };
}

/** The park spans cells B4 and B5 (x between lines 1 and 2, y between lines 3 and 5). */
export const PARK_RECT: Rect = { x0: GRID_X[1] + lineSetbackX(1), x1: GRID_X[2] - lineSetbackX(2), y0: GRID_Y[3] + lineSetbackY(3), y1: GRID_Y[5] - lineSetbackY(5) };
/** The square fills the west part of cell D3; its east strip holds the tower and a market hall. */
export const SQUARE_CELL = { i: 3, j: 2 } as const;
export const SQUARE_EAST_X = 95;

function road(spec: Omit<RoadSpec, 'lanes' | 'maxSpeedKmh' | 'surface'> & { lanes?: number }): RoadSpec {
  const profile = DEMO_ROAD_PROFILES[spec.roadClass];
  return { ...spec, lanes: spec.lanes ?? profile.lanes, maxSpeedKmh: profile.maxSpeedKmh, surface: profile.surface };
}

/**
 * All roads of the district, in a fixed order: ring (24 segments, counter-clockwise from the
 * south-west corner), the street lines split at every crossing, then paths and service lanes.
 */
export function generateStreets(seed: number, riverBankY: (x: number) => number): RoadSpec[] {
  const rng = createRng(seed, 'streets');
  const roads: RoadSpec[] = [];
  const factor = (): number => Math.round(rng.range(0.85, 1.15) * 100) / 100;

  // Ring road: south side west → east, east side south → north, north east → west, west north → south.
  const corners: [number, number][] = [];
  for (let k = 0; k < 6; k++) corners.push([GRID_X[k] ?? 0, GRID_Y[0]]);
  for (let k = 0; k < 6; k++) corners.push([GRID_X[6], GRID_Y[k] ?? 0]);
  for (let k = 6; k > 0; k--) corners.push([GRID_X[k] ?? 0, GRID_Y[6]]);
  for (let k = 6; k > 0; k--) corners.push([GRID_X[0], GRID_Y[k] ?? 0]);
  corners.forEach((a, n) => {
    const b = corners[(n + 1) % corners.length] ?? a;
    roads.push(road({ id: `road-ring-${n}`, name: 'Ring', roadClass: 'secondary', oneway: 0, flowFactor: factor(), xy: [a[0], a[1], b[0], b[1]] }));
  });

  for (let i = 1; i <= 5; i++) {
    const line = VERTICAL_STREETS[i];
    if (!line) continue;
    const x = GRID_X[i] ?? 0;
    for (let n = 0; n < 6; n++) {
      const spec = { id: `road-${line.slug}-${n}`, name: line.name, roadClass: line.roadClass, oneway: line.oneway, flowFactor: factor(), xy: [x, GRID_Y[n] ?? 0, x, GRID_Y[n + 1] ?? 0] };
      roads.push(road(line.lanes === undefined ? spec : { ...spec, lanes: line.lanes }));
    }
  }
  for (let j = 1; j <= 5; j++) {
    const line = HORIZONTAL_STREETS[j];
    if (!line) continue;
    const y = GRID_Y[j] ?? 0;
    for (let n = 0; n < 6; n++) {
      const xy = [GRID_X[n] ?? 0, y, GRID_X[n + 1] ?? 0, y];
      if (j === 4 && n === 1) continue; // Uhlandstraße stops at the park; a footway crosses it.
      // Gartenstraße west of the park is a living street (shared space by the playground).
      const roadClass: DemoRoadClass = j === 5 && n <= 1 ? 'living_street' : line.roadClass;
      const spec = { id: `road-${line.slug}-${n}`, name: line.name, roadClass, oneway: line.oneway, flowFactor: factor(), xy };
      roads.push(road(line.lanes === undefined || roadClass === 'living_street' ? spec : { ...spec, lanes: line.lanes }));
    }
  }

  // Paths through the park, the square's pedestrian axes, service lanes, the riverside cycleway.
  const p = PARK_RECT;
  const park: [string, number[]][] = [
    ['road-foot-0', [GRID_X[1], GRID_Y[4], GRID_X[2], GRID_Y[4]]],
    ['road-foot-1', [p.x0, p.y0, (p.x0 + p.x1) / 2, GRID_Y[4], p.x1, p.y1]],
    ['road-foot-2', [p.x1, p.y0, (p.x0 + p.x1) / 2, GRID_Y[4], p.x0, p.y1]],
  ];
  for (const [id, xy] of park) roads.push(road({ id, name: 'Stadtpark', roadClass: 'footway', oneway: 0, flowFactor: 1, xy }));
  const sq = cellRect(SQUARE_CELL.i, SQUARE_CELL.j);
  roads.push(road({ id: 'road-ped-0', name: 'Marktplatz', roadClass: 'pedestrian', oneway: 0, flowFactor: 1, xy: [GRID_X[3], (sq.y0 + sq.y1) / 2, SQUARE_EAST_X, (sq.y0 + sq.y1) / 2] }));
  roads.push(road({ id: 'road-ped-1', name: 'Marktplatz', roadClass: 'pedestrian', oneway: 0, flowFactor: 1, xy: [SQUARE_EAST_X / 2, GRID_Y[3], SQUARE_EAST_X / 2, GRID_Y[2]] }));
  roads.push(road({ id: 'road-service-0', name: 'Mozarthof', roadClass: 'service', oneway: 0, flowFactor: factor(), xy: [GRID_X[4], -234, 229, -234] }));
  roads.push(road({ id: 'road-service-1', name: 'Am Ring', roadClass: 'service', oneway: 0, flowFactor: factor(), xy: [GRID_X[5], -330, 318, -330] }));
  const cycle: number[] = [];
  for (let x = -540; x <= 540; x += 20) cycle.push(x, riverBankY(x) + 18);
  roads.push(road({ id: 'road-cycle-0', name: 'Uferweg', roadClass: 'cycleway', oneway: 0, flowFactor: 1, xy: cycle }));
  return roads;
}
