/**
 * Buildings of the demo district. Most cells hold a perimeter block (Blockrandbebauung): a ring of
 * 12–14.5 m deep buildings along the building lines around a courtyard, cut into parcels 13–24 m
 * wide, with L-shaped corner buildings. A few cells hold one courtyard building (outer ring plus
 * hole rings), a modernist row estate with a tower, or a tower with low retail buildings. Outside
 * the ring road, detached houses line its west and east sides.
 *
 * Heights (LoD1, roof top above the base): 3.0 m per storey + 1.0 m roof/parapet, + 1.0 m for a
 * commercial ground floor; towers 3.3 m per storey + 2.0 m plant room.
 * Residents: living area = 0.75 × residential gross floor area (footprint × residential storeys;
 * mixed use keeps the ground floor commercial), 47 m² of living area per person (Destatis,
 * Wohnfläche je Einwohner 2022 ≈ 47.4 m²).
 */
import type { BuildingUse, FeatureAttributes } from '../city-model';
import { cellName, cellRect, GRID_X, GRID_Y, PARK_RECT, RING_HALF_SIZE_M, SQUARE_CELL, SQUARE_EAST_X, type Rect } from './layout';
import { createRng, type Rng } from './prng';
import { signedArea } from '../table-builders';

export interface BuildingSpec {
  id: string;
  /** Outer ring first, then holes; flat x, y, m. */
  rings: number[][];
  storeys: number;
  use: BuildingUse;
  heightM: number;
  residents: number;
  attributes: FeatureAttributes;
}

export const STOREY_HEIGHT_M = 3.0;
export const ROOF_ALLOWANCE_M = 1.0;
export const LIVING_AREA_RATIO = 0.75;
export const LIVING_AREA_PER_PERSON_M2 = 47;

function rectRing(x0: number, y0: number, x1: number, y1: number): number[] {
  return [x0, y0, x1, y0, x1, y1, x0, y1];
}

/** Area of the footprint (outer minus holes), m². */
export function footprintArea(rings: readonly (readonly number[])[]): number {
  return rings.reduce((sum, ring, r) => sum + (r === 0 ? 1 : -1) * Math.abs(signedArea(ring, 0, ring.length / 2)), 0);
}

function makeBuilding(id: string, rings: number[][], storeys: number, use: BuildingUse, extra: FeatureAttributes = {}): BuildingSpec {
  const tower = storeys > 12;
  const heightM = tower ? storeys * 3.3 + 2 : storeys * STOREY_HEIGHT_M + ROOF_ALLOWANCE_M + (use === 'mixed' || use === 'commercial' ? 1 : 0);
  const area = footprintArea(rings);
  const livingStoreys = use === 'residential' ? storeys : use === 'mixed' ? storeys - 1 : 0;
  const residents = Math.round((area * livingStoreys * LIVING_AREA_RATIO) / LIVING_AREA_PER_PERSON_M2);
  return {
    id,
    rings,
    storeys,
    use,
    heightM: Math.round(heightM * 10) / 10,
    residents: livingStoreys > 0 ? Math.max(1, residents) : 0,
    attributes: { 'building:levels': storeys, use, ...extra },
  };
}

/** Frame of one side of a block: origin at its start corner, u along the side, v inwards. */
interface SideFrame {
  ox: number;
  oy: number;
  ux: number;
  uy: number;
  length: number;
  /** Which street faces this side: 'main', 'ring', 'cross' or 'residential'. */
  frontage: string;
}

function toWorld(f: SideFrame, u: number, v: number): [number, number] {
  // v axis = u rotated +90°: (−uy, ux).
  return [f.ox + u * f.ux - v * f.uy, f.oy + u * f.uy + v * f.ux];
}

function localRing(f: SideFrame, pts: readonly (readonly [number, number])[]): number[] {
  const out: number[] = [];
  for (const [u, v] of pts) out.push(...toWorld(f, u, v));
  return out;
}

function frontageOf(lineIsVertical: boolean, index: number): string {
  if (index === 0 || index === 6) return 'ring';
  if (lineIsVertical && index === 3) return 'main';
  if (!lineIsVertical && index === 3) return 'cross';
  return 'residential';
}

function pickUse(frontage: string, rng: Rng): BuildingUse {
  if (frontage === 'main') return 'mixed';
  if (frontage === 'ring') return rng.chance(0.5) ? 'mixed' : 'residential';
  if (frontage === 'cross') return rng.chance(0.3) ? 'mixed' : 'residential';
  return rng.chance(0.04) ? 'commercial' : 'residential';
}

/** A perimeter block on `rect`, parcels numbered counter-clockwise from the south-west corner. */
function perimeterBlock(name: string, rect: Rect, i: number, j: number, rng: Rng): { buildings: BuildingSpec[]; courtyard: Rect } {
  const depth = Math.round(rng.range(12, 14.5) * 2) / 2;
  const lx = rect.x1 - rect.x0;
  const ly = rect.y1 - rect.y0;
  const sides: SideFrame[] = [
    { ox: rect.x0, oy: rect.y0, ux: 1, uy: 0, length: lx, frontage: frontageOf(false, j) },
    { ox: rect.x1, oy: rect.y0, ux: 0, uy: 1, length: ly, frontage: frontageOf(true, i + 1) },
    { ox: rect.x1, oy: rect.y1, ux: -1, uy: 0, length: lx, frontage: frontageOf(false, j + 1) },
    { ox: rect.x0, oy: rect.y1, ux: 0, uy: -1, length: ly, frontage: frontageOf(true, i) },
  ];
  const central = Math.abs((rect.x0 + rect.x1) / 2) < 200 && Math.abs((rect.y0 + rect.y1) / 2) < 200;
  const baseStoreys = central ? 5 : 4;
  const storeysFor = (frontage: string, corner: boolean): number => {
    const bonus = (frontage === 'main' || frontage === 'ring' ? 1 : 0) + (corner ? 1 : 0);
    return Math.min(12, Math.max(2, baseStoreys + rng.int(-1, 2) + bonus));
  };
  // Corner k sits at the start of side k; arm a[k] runs along side k, arm b[k] along side k − 1.
  const armA = sides.map(() => (rng.chance(0.6) ? Math.round(rng.range(6, 14)) : 0));
  const armB = sides.map(() => (rng.chance(0.6) ? Math.round(rng.range(6, 14)) : 0));
  const buildings: BuildingSpec[] = [];
  let n = 0;
  const nextId = (): string => `bldg-${name}-${String(++n).padStart(2, '0')}`;
  sides.forEach((side, k) => {
    const a = armA[k] ?? 0;
    const b = armB[k] ?? 0;
    const d = depth;
    const prev = sides[(k + 3) % 4] ?? side;
    // No collinear vertices: an arm of length 0 drops its corner points.
    const cornerPts: [number, number][] = a > 0 ? [[0, 0], [d + a, 0], [d + a, d]] : [[0, 0], [d, 0]];
    if (b > 0) {
      if (a > 0) cornerPts.push([d, d]);
      cornerPts.push([d, d + b], [0, d + b]);
    } else {
      cornerPts.push(...(a > 0 ? [] : [[d, d] as [number, number]]), [0, d]);
    }
    const corner = localRing(side, cornerPts);
    const cornerFrontage = side.frontage === 'main' || prev.frontage === 'main' ? 'main' : side.frontage;
    const cornerUse = pickUse(cornerFrontage, rng);
    buildings.push(makeBuilding(nextId(), [corner], storeysFor(cornerFrontage, true), cornerUse, { corner: true }));
    // Parcels between this corner's arm and the next corner's arm along this side.
    const end = side.length - 2 * d - (armB[(k + 1) % 4] ?? 0);
    let t = a;
    while (end - t >= 10) {
      let w = Math.round(rng.range(13, 24));
      if (end - (t + w) < 10) w = end - t;
      const ring = localRing(side, [[d + t, 0], [d + t + w, 0], [d + t + w, d], [d + t, d]]);
      buildings.push(makeBuilding(nextId(), [ring], storeysFor(side.frontage, false), pickUse(side.frontage, rng)));
      t += w;
    }
    // A remainder under 10 m becomes a narrow infill house; under 4 m it stays open as a passage.
    if (end - t >= 4) {
      const ring = localRing(side, [[d + t, 0], [d + end, 0], [d + end, d], [d + t, d]]);
      buildings.push(makeBuilding(nextId(), [ring], storeysFor(side.frontage, false), pickUse(side.frontage, rng), { infill: true }));
    }
  });
  return { buildings, courtyard: { x0: rect.x0 + depth, y0: rect.y0 + depth, x1: rect.x1 - depth, y1: rect.y1 - depth } };
}

export interface BlocksResult {
  buildings: BuildingSpec[];
  /** Open courtyards of perimeter blocks (for gardens, trees and tests). */
  courtyards: { block: string; rect: Rect }[];
  /** A point in the back garden of each detached house (for a garden tree). */
  gardens: { x: number; y: number }[];
}

/** Distance from the ring road's centreline to the front of the detached houses outside it, m. */
export const VILLA_FRONT_M = 17;

/**
 * Detached houses (Stadtvillen, 2–3 storeys) facing the ring road from outside, on its west and
 * east sides, numbered south → north: `bldg-west-NN`, `bldg-east-NN`.
 */
function detachedHouses(seed: number, side: 'west' | 'east', gardens: { x: number; y: number }[]): BuildingSpec[] {
  const rng = createRng(seed, `houses-${side}`);
  const sign = side === 'west' ? -1 : 1;
  const front = RING_HALF_SIZE_M + VILLA_FRONT_M;
  const out: BuildingSpec[] = [];
  for (let y = -RING_HALF_SIZE_M + 15; ; ) {
    const width = Math.round(rng.range(10, 14));
    if (y + width > RING_HALF_SIZE_M - 15) break;
    const depth = Math.round(rng.range(10, 12));
    const xa = sign * front;
    const xb = sign * (front + depth);
    out.push(makeBuilding(`bldg-${side}-${String(out.length + 1).padStart(2, '0')}`, [rectRing(Math.min(xa, xb), y, Math.max(xa, xb), y + width)], rng.int(2, 3), 'residential', { detached: true }));
    gardens.push({ x: sign * (front + depth + rng.range(8, 16)), y: y + width / 2 + rng.range(-3, 3) });
    y += width + Math.round(rng.range(7, 11));
  }
  return out;
}

function insideRect(r: Rect, x: number, y: number): boolean {
  return x > r.x0 && x < r.x1 && y > r.y0 && y < r.y1;
}

/** Every building of the district, block by block (cells in column-major order A1 … F6). */
export function generateBlocks(seed: number): BlocksResult {
  const buildings: BuildingSpec[] = [];
  const courtyards: { block: string; rect: Rect }[] = [];
  const gardens: { x: number; y: number }[] = [];
  for (let i = 0; i < 6; i++) {
    for (let j = 0; j < 6; j++) {
      const name = cellName(i, j);
      const rect = cellRect(i, j);
      const rng = createRng(seed, `block-${name}`);
      const cx = ((GRID_X[i] ?? 0) + (GRID_X[i + 1] ?? 0)) / 2;
      const cy = ((GRID_Y[j] ?? 0) + (GRID_Y[j + 1] ?? 0)) / 2;
      if (insideRect(PARK_RECT, cx, cy)) continue;
      if (i === SQUARE_CELL.i && j === SQUARE_CELL.j) {
        buildings.push(makeBuilding('bldg-tower-1', [rectRing(SQUARE_EAST_X + 6, rect.y1 - 30, rect.x1 - 3, rect.y1 - 6)], 16, 'mixed', { name: 'Marktturm' }));
        buildings.push(makeBuilding(`bldg-${name}-01`, [rectRing(SQUARE_EAST_X + 6, rect.y0 + 6, rect.x1 - 3, rect.y0 + 40)], 2, 'commercial', { name: 'Markthalle' }));
      } else if (name === 'C5') {
        // Office courtyard building with two courtyards either side of a middle wing.
        const d = 14;
        const mid = (rect.x0 + rect.x1) / 2;
        const holes = [rectRing(rect.x0 + d, rect.y0 + d, mid - 6, rect.y1 - d), rectRing(mid + 6, rect.y0 + d, rect.x1 - d, rect.y1 - d)];
        buildings.push(makeBuilding(`bldg-${name}-01`, [rectRing(rect.x0, rect.y0, rect.x1, rect.y1), ...holes], 6, 'office', { name: 'Verwaltungszentrum' }));
      } else if (name === 'E5' || name === 'A2') {
        const d = name === 'E5' ? 16 : 13;
        const hole = rectRing(rect.x0 + d, rect.y0 + d, rect.x1 - d, rect.y1 - d);
        const school = name === 'E5';
        buildings.push(makeBuilding(`bldg-${name}-01`, [rectRing(rect.x0, rect.y0, rect.x1, rect.y1), hole], school ? 3 : 5, school ? 'education' : 'residential', { name: school ? 'Schiller-Schule' : 'Wohnhof am Ring' }));
      } else if (name === 'E2') {
        // Row estate (Zeilenbau) with a residential tower in the north-east corner.
        for (let r = 0; r < 3; r++) {
          const y0 = rect.y0 + 6 + 34 * r;
          buildings.push(makeBuilding(`bldg-${name}-0${r + 1}`, [rectRing(rect.x0 + 6, y0, rect.x1 - 34, y0 + 12)], 4 + rng.int(0, 1), 'residential'));
        }
        buildings.push(makeBuilding('bldg-tower-2', [rectRing(rect.x1 - 26, rect.y1 - 26, rect.x1 - 4, rect.y1 - 4)], 14, 'residential', { name: 'Mozart-Hochhaus' }));
      } else if (name === 'F1') {
        buildings.push(makeBuilding('bldg-tower-3', [rectRing(321, -345, 345, -321)], 18, 'office', { name: 'Ringturm' }));
        buildings.push(makeBuilding(`bldg-${name}-01`, [rectRing(rect.x0 + 6, rect.y0 + 6, rect.x0 + 36, -343)], 2, 'commercial', { name: 'Supermarkt' }));
        buildings.push(makeBuilding(`bldg-${name}-02`, [rectRing(rect.x0 + 6, -318, rect.x0 + 36, rect.y1 - 6)], 3, 'office'));
      } else {
        const block = perimeterBlock(name, rect, i, j, rng);
        buildings.push(...block.buildings);
        courtyards.push({ block: name, rect: block.courtyard });
      }
    }
  }
  buildings.push(...detachedHouses(seed, 'west', gardens), ...detachedHouses(seed, 'east', gardens));
  return { buildings, courtyards, gardens };
}
