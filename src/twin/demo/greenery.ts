/**
 * Trees, ground cover and the river/railway lines of the demo district.
 * Trees: street trees along the main street, the ring road and Kastanienallee every 15 m; park trees
 * (Poisson-disc-like, ≥ 9 m apart, 15 % evergreen) clear of the footways; 1–4 trees per courtyard;
 * one tree in each detached house's back garden; a row along the river bank. Ground factor G after CNOSSOS-EU (Directive (EU) 2015/996 Annex II
 * Table 2.5.a): grass/park/gardens 1, courtyards (half paved, half garden) 0.5, streets, square and water 0.
 */
import { cellRect, GRID_X, GRID_Y, lineSetbackX, lineSetbackY, PARK_RECT, SQUARE_CELL, SQUARE_EAST_X, type Rect, type RoadSpec } from './layout';
import { createRng } from './prng';
import { riverCentreY, TERRAIN_HALF_EXTENT_M } from './terrain';

export interface TreeSpec {
  x: number;
  y: number;
  heightM: number;
  crownDiameterM: number;
  /** 0 evergreen, 1 deciduous. */
  leafCycle: number;
  /** Where it stands ("street", "park", "courtyard", "riverbank"). */
  site: string;
}

export interface GroundSpec {
  id: string;
  rings: number[][];
  groundFactorG: number;
  cover: string;
}

export interface LineSpec {
  id: string;
  kind: string;
  widthM: number;
  xy: number[];
}

export const RIVER_WIDTH_M = 24;
export const RAIL_Y_M = 470;
const EDGE = TERRAIN_HALF_EXTENT_M - 10;

function rectRing(r: Rect): number[] {
  return [r.x0, r.y0, r.x1, r.y0, r.x1, r.y1, r.x0, r.y1];
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

function distanceToPolyline(px: number, py: number, xy: readonly number[]): number {
  let best = Infinity;
  for (let k = 0; k + 3 < xy.length; k += 2) {
    best = Math.min(best, distanceToSegment(px, py, xy[k] ?? 0, xy[k + 1] ?? 0, xy[k + 2] ?? 0, xy[k + 3] ?? 0));
  }
  return best;
}

export function generateTrees(seed: number, courtyards: readonly { block: string; rect: Rect }[], gardens: readonly { x: number; y: number }[], roads: readonly RoadSpec[]): TreeSpec[] {
  const trees: TreeSpec[] = [];
  const street = createRng(seed, 'trees-street');
  const nearCrossing = (v: number, lines: readonly number[]): boolean => lines.some((g) => Math.abs(v - g) < 14);
  const streetTree = (x: number, y: number): void => {
    trees.push({ x, y, heightM: Math.round(street.range(10, 18)), crownDiameterM: Math.round(street.range(6, 10)), leafCycle: 1, site: 'street' });
  };
  // Main street (x = 0) and Kastanienallee (x = 270): both sides, 2 m from the kerb.
  for (const [lineX, offset] of [[GRID_X[3], lineSetbackX(3) - 2], [GRID_X[5], lineSetbackX(5) - 2]] as const) {
    for (let y = GRID_Y[0] + 7.5; y < GRID_Y[6]; y += 15) {
      if (nearCrossing(y, GRID_Y)) continue;
      streetTree(lineX - offset, y);
      streetTree(lineX + offset, y);
    }
  }
  // Ring road, inner and outer side, along the south and north sides.
  for (const lineY of [GRID_Y[0], GRID_Y[6]]) {
    for (let x = GRID_X[0] + 7.5; x < GRID_X[6]; x += 15) {
      if (nearCrossing(x, GRID_X)) continue;
      streetTree(x, lineY - (lineSetbackY(0) - 2));
      streetTree(x, lineY + (lineSetbackY(0) - 2));
    }
  }
  // Park: dart throwing with a 9 m spacing, 4 m clear of the footways.
  const parkRng = createRng(seed, 'trees-park');
  const paths = roads.filter((r) => r.roadClass === 'footway').map((r) => r.xy);
  const park: TreeSpec[] = [];
  for (let attempt = 0; attempt < 3000 && park.length < 110; attempt++) {
    const x = parkRng.range(PARK_RECT.x0 + 4, PARK_RECT.x1 - 4);
    const y = parkRng.range(PARK_RECT.y0 + 4, PARK_RECT.y1 - 4);
    if (paths.some((p) => distanceToPolyline(x, y, p) < 4)) continue;
    if (park.some((t) => Math.hypot(t.x - x, t.y - y) < 9)) continue;
    const evergreen = parkRng.chance(0.15);
    const heightM = Math.round(parkRng.range(8, 25));
    park.push({ x, y, heightM, crownDiameterM: Math.round(evergreen ? heightM * 0.35 : parkRng.range(5, 14)), leafCycle: evergreen ? 0 : 1, site: 'park' });
  }
  trees.push(...park);
  // Courtyards: 1–4 trees, 5 m from the rear facades.
  for (const { block, rect } of courtyards) {
    const rng = createRng(seed, `trees-court-${block}`);
    const n = rng.int(1, 4);
    for (let k = 0; k < n; k++) {
      trees.push({ x: rng.range(rect.x0 + 5, rect.x1 - 5), y: rng.range(rect.y0 + 5, rect.y1 - 5), heightM: Math.round(rng.range(6, 14)), crownDiameterM: Math.round(rng.range(4, 9)), leafCycle: 1, site: 'courtyard' });
    }
  }
  // Gardens behind the detached houses: one fruit or ornamental tree each.
  const garden = createRng(seed, 'trees-garden');
  for (const { x, y } of gardens) trees.push({ x, y, heightM: Math.round(garden.range(5, 10)), crownDiameterM: Math.round(garden.range(4, 7)), leafCycle: garden.chance(0.2) ? 0 : 1, site: 'garden' });
  // River bank: a row of willows and poplars every 20 m, 40 m north of the river's centreline.
  const bank = createRng(seed, 'trees-bank');
  for (let x = -EDGE; x <= EDGE; x += 20) {
    trees.push({ x, y: riverCentreY(x) + 40, heightM: Math.round(bank.range(12, 22)), crownDiameterM: Math.round(bank.range(8, 14)), leafCycle: 1, site: 'riverbank' });
  }
  return trees;
}

export function generateGround(courtyards: readonly { block: string; rect: Rect }[]): GroundSpec[] {
  const ground: GroundSpec[] = [];
  const ringOuter = GRID_Y[6] + lineSetbackY(6);
  ground.push({ id: 'ground-park', rings: [rectRing(PARK_RECT)], groundFactorG: 1, cover: 'park' });
  const sq = cellRect(SQUARE_CELL.i, SQUARE_CELL.j);
  ground.push({ id: 'ground-square', rings: [rectRing({ ...sq, x1: SQUARE_EAST_X })], groundFactorG: 0, cover: 'square' });
  for (const { block, rect } of courtyards) ground.push({ id: `ground-court-${block}`, rings: [rectRing(rect)], groundFactorG: 0.5, cover: 'courtyard' });
  // Street corridors between building lines, one per street line (split where the park interrupts).
  GRID_X.forEach((x, i) => {
    const s = lineSetbackX(i);
    ground.push({ id: `ground-street-x${i}`, rings: [rectRing({ x0: x - s, x1: x + s, y0: GRID_Y[0] - s, y1: GRID_Y[6] + s })], groundFactorG: 0, cover: 'street' });
  });
  GRID_Y.forEach((y, j) => {
    const s = lineSetbackY(j);
    const spans = j === 4 ? [[GRID_X[0], GRID_X[1]], [GRID_X[2], GRID_X[6]]] : [[GRID_X[0], GRID_X[6]]];
    spans.forEach(([a, b], k) => {
      ground.push({ id: `ground-street-y${j}${spans.length > 1 ? `-${k}` : ''}`, rings: [rectRing({ x0: (a ?? 0) - s, x1: (b ?? 0) + s, y0: y - s, y1: y + s })], groundFactorG: 0, cover: 'street' });
    });
  });
  // River water, its grassy bank up to the ring road, and the meadow below the railway.
  const north: number[] = [];
  const south: number[] = [];
  for (let x = -TERRAIN_HALF_EXTENT_M; x <= TERRAIN_HALF_EXTENT_M; x += 20) {
    north.push(x, riverCentreY(x) + RIVER_WIDTH_M / 2);
    south.push(x, riverCentreY(x) - RIVER_WIDTH_M / 2);
  }
  const reversed = (xy: number[]): number[] => {
    const out: number[] = [];
    for (let k = xy.length - 2; k >= 0; k -= 2) out.push(xy[k] ?? 0, xy[k + 1] ?? 0);
    return out;
  };
  ground.push({ id: 'ground-river', rings: [[...south, ...reversed(north)]], groundFactorG: 0, cover: 'water' });
  const ringSouth = GRID_Y[0] - lineSetbackY(0);
  ground.push({ id: 'ground-riverbank', rings: [[...north, TERRAIN_HALF_EXTENT_M, ringSouth, -TERRAIN_HALF_EXTENT_M, ringSouth]], groundFactorG: 1, cover: 'grass' });
  // Gardens of the detached houses outside the ring, west and east.
  const ringOuterX = GRID_X[6] + lineSetbackX(6);
  ground.push({ id: 'ground-gardens-west', rings: [rectRing({ x0: -TERRAIN_HALF_EXTENT_M, x1: -ringOuterX, y0: -ringOuter, y1: ringOuter })], groundFactorG: 1, cover: 'garden' });
  ground.push({ id: 'ground-gardens-east', rings: [rectRing({ x0: ringOuterX, x1: TERRAIN_HALF_EXTENT_M, y0: -ringOuter, y1: ringOuter })], groundFactorG: 1, cover: 'garden' });
  ground.push({ id: 'ground-embankment', rings: [rectRing({ x0: -TERRAIN_HALF_EXTENT_M, x1: TERRAIN_HALF_EXTENT_M, y0: ringOuter, y1: RAIL_Y_M - 6 })], groundFactorG: 1, cover: 'grass' });
  return ground;
}

export function generateLines(): LineSpec[] {
  const river: number[] = [];
  for (let x = -TERRAIN_HALF_EXTENT_M; x <= TERRAIN_HALF_EXTENT_M; x += 20) river.push(x, riverCentreY(x));
  const rail: number[] = [];
  for (let x = -TERRAIN_HALF_EXTENT_M; x <= TERRAIN_HALF_EXTENT_M; x += 50) rail.push(x, RAIL_Y_M);
  return [
    { id: 'line-river-0', kind: 'river', widthM: RIVER_WIDTH_M, xy: river },
    { id: 'line-rail-0', kind: 'rail', widthM: 10, xy: rail },
  ];
}
