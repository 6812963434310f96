/**
 * The demo district: a synthetic, seeded, deterministic neighbourhood of about 1.1 km × 1.1 km
 * (ring road 800 m across, river to the south, railway to the north), placed at the coordinates
 * of Freiburg im Breisgau (47.9959° N, 7.8522° E, Europe/Berlin) so that sun positions and
 * daylight saving are those of a real mid-size European city. No real data: every building,
 * road and tree is generated. See README.md for the layout, the ids and the traffic figures.
 */
import {
  BUILDING_USES,
  FLOW_STRIDE,
  ROAD_CLASSES,
  type BuildingTable,
  type CityModel,
  type GroundTable,
  type ImportReport,
  type RoadTable,
  type TerrainGrid,
  type TreeTable,
  type WaterwayOrRailTable,
} from '../city-model';
import { generateBlocks } from './blocks';
import { generateGround, generateLines, generateTrees, RIVER_WIDTH_M } from './greenery';
import { generateStreets } from './layout';
import { PolygonTableBuilder, PolylineTableBuilder } from './table-builders';
import { generateTerrain, riverCentreY, sampleGridHeight, TERRAIN_CELL_M } from './terrain';
import { DEMO_ROAD_PROFILES, writeRoadFlows } from './traffic';

export { sampleGridHeight } from './terrain';

export const DEFAULT_DEMO_SEED = 1;
/** Freiburg im Breisgau, Germany: Münsterplatz area; ellipsoidal height ≈ 278 m a.s.l. + 49 m geoid undulation. */
export const DEMO_ORIGIN = { lonDeg: 7.8522, latDeg: 47.9959, heightM: 327 } as const;
export const DEMO_TIME_ZONE = 'Europe/Berlin';

/** Densifies a flat x, y polyline to vertices at most `step` apart and seats it on the terrain. */
function seatPolyline(xy: readonly number[], terrain: TerrainGrid, step: number): number[] {
  const out: number[] = [];
  for (let k = 0; k + 1 < xy.length; k += 2) {
    const x = xy[k] ?? 0;
    const y = xy[k + 1] ?? 0;
    if (k > 0) {
      const px = xy[k - 2] ?? 0;
      const py = xy[k - 1] ?? 0;
      const n = Math.ceil(Math.hypot(x - px, y - py) / step);
      for (let s = 1; s < n; s++) {
        const qx = px + ((x - px) * s) / n;
        const qy = py + ((y - py) * s) / n;
        out.push(qx, qy, sampleGridHeight(terrain, qx, qy));
      }
    }
    out.push(x, y, sampleGridHeight(terrain, x, y));
  }
  return out;
}

/** Lowest ground under a footprint: minimum over its outer vertices and the grid nodes within its bounds. */
function footprintBaseHeight(outer: readonly number[], terrain: TerrainGrid): number {
  let base = Infinity;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let k = 0; k + 1 < outer.length; k += 2) {
    const x = outer[k] ?? 0;
    const y = outer[k + 1] ?? 0;
    base = Math.min(base, sampleGridHeight(terrain, x, y));
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const c = terrain.cellSizeM;
  for (let gy = Math.ceil((minY - terrain.y0) / c); gy <= Math.floor((maxY - terrain.y0) / c); gy++) {
    for (let gx = Math.ceil((minX - terrain.x0) / c); gx <= Math.floor((maxX - terrain.x0) / c); gx++) {
      base = Math.min(base, terrain.heightsM[gy * terrain.nx + gx] ?? Infinity);
    }
  }
  return Math.floor(base * 100) / 100;
}

/**
 * Generates the demo district for `seed` (default DEFAULT_DEMO_SEED). Same seed → identical
 * arrays and ids. Buildings, roads and trees are seated on the terrain grid.
 */
export function generateDemoDistrict(options: { seed?: number } = {}): CityModel {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  if (!Number.isInteger(seed)) throw new Error(`generateDemoDistrict: seed must be an integer, got ${seed}`);
  const terrain = generateTerrain(seed);
  const bankY = (x: number): number => riverCentreY(x) + RIVER_WIDTH_M / 2;
  const roadSpecs = generateStreets(seed, bankY);
  const blocks = generateBlocks(seed);

  // Buildings.
  const bPoly = new PolygonTableBuilder();
  const nB = blocks.buildings.length;
  const buildings: BuildingTable = {
    ...{ ringStart: new Uint32Array(0), ringOffset: new Uint32Array(0), xy: new Float64Array(0) },
    count: nB,
    id: [],
    baseHeightM: new Float32Array(nB),
    heightM: new Float32Array(nB),
    storeys: new Uint16Array(nB),
    use: new Uint8Array(nB),
    residents: new Float32Array(nB),
    defaulted: new Uint8Array(nB),
    attributes: [],
  };
  blocks.buildings.forEach((b, k) => {
    bPoly.addPolygon(b.rings);
    buildings.id.push(b.id);
    buildings.baseHeightM[k] = footprintBaseHeight(b.rings[0] ?? [], terrain);
    buildings.heightM[k] = b.heightM;
    buildings.storeys[k] = b.storeys;
    buildings.use[k] = BUILDING_USES.indexOf(b.use);
    buildings.residents[k] = b.residents;
    buildings.attributes.push(b.attributes);
  });
  Object.assign(buildings, bPoly.build());

  // Roads.
  const rLines = new PolylineTableBuilder();
  const nR = roadSpecs.length;
  const roads: RoadTable = {
    vertexOffset: new Uint32Array(0),
    xyz: new Float64Array(0),
    count: nR,
    id: [],
    name: [],
    roadClass: new Uint8Array(nR),
    lanes: new Uint8Array(nR),
    maxSpeedKmh: new Float32Array(nR),
    oneway: new Int8Array(nR),
    surface: [],
    flowVehH: new Float32Array(nR * FLOW_STRIDE),
    speedKmh: new Float32Array(nR * FLOW_STRIDE),
    defaulted: new Uint8Array(nR),
    attributes: [],
  };
  roadSpecs.forEach((r, k) => {
    rLines.addPolyline(seatPolyline(r.xy, terrain, TERRAIN_CELL_M));
    roads.id.push(r.id);
    roads.name.push(r.name);
    roads.roadClass[k] = ROAD_CLASSES.indexOf(r.roadClass);
    roads.lanes[k] = r.lanes;
    roads.maxSpeedKmh[k] = r.maxSpeedKmh;
    roads.oneway[k] = r.oneway;
    roads.surface.push(r.surface);
    writeRoadFlows(DEMO_ROAD_PROFILES[r.roadClass], r.flowFactor, r.lanes, r.maxSpeedKmh, k, roads.flowVehH, roads.speedKmh);
    roads.attributes.push({ name: r.name, highway: r.roadClass, aadt: Math.round(DEMO_ROAD_PROFILES[r.roadClass].aadtVehDay * r.flowFactor) });
  });
  Object.assign(roads, rLines.build());

  // Trees.
  const treeSpecs = generateTrees(seed, blocks.courtyards, blocks.gardens, roadSpecs);
  const nT = treeSpecs.length;
  const trees: TreeTable = { count: nT, id: [], xyz: new Float64Array(3 * nT), heightM: new Float32Array(nT), crownDiameterM: new Float32Array(nT), leafCycle: new Uint8Array(nT), defaulted: new Uint8Array(nT) };
  treeSpecs.forEach((t, k) => {
    trees.id.push(`tree-${k}`);
    trees.xyz[3 * k] = t.x;
    trees.xyz[3 * k + 1] = t.y;
    trees.xyz[3 * k + 2] = sampleGridHeight(terrain, t.x, t.y);
    trees.heightM[k] = t.heightM;
    trees.crownDiameterM[k] = t.crownDiameterM;
    trees.leafCycle[k] = t.leafCycle;
  });

  // Ground cover and context lines.
  const groundSpecs = generateGround(blocks.courtyards);
  const gPoly = new PolygonTableBuilder();
  for (const g of groundSpecs) gPoly.addPolygon(g.rings);
  const ground: GroundTable = { ...gPoly.build(), count: groundSpecs.length, id: groundSpecs.map((g) => g.id), groundFactorG: Float32Array.from(groundSpecs.map((g) => g.groundFactorG)), cover: groundSpecs.map((g) => g.cover) };
  const lineSpecs = generateLines();
  const lLines = new PolylineTableBuilder();
  for (const l of lineSpecs) lLines.addPolyline(seatPolyline(l.xy, terrain, TERRAIN_CELL_M));
  const lines: WaterwayOrRailTable = { ...lLines.build(), count: lineSpecs.length, id: lineSpecs.map((l) => l.id), kind: lineSpecs.map((l) => l.kind), widthM: Float32Array.from(lineSpecs.map((l) => l.widthM)) };

  return {
    name: `Lindenviertel (synthetic demo district, seed ${seed})`,
    synthetic: true,
    origin: { ...DEMO_ORIGIN },
    timeZone: DEMO_TIME_ZONE,
    attribution: 'Synthetic demo district generated by Civic Twin: no real buildings, roads or people',
    buildings,
    roads,
    trees,
    terrain,
    ground,
    lines,
    report: demoReport(seed, buildings, roads.count, trees.count, terrain, ground.count),
  };
}

function demoReport(seed: number, buildings: BuildingTable, roads: number, trees: number, terrain: TerrainGrid, ground: number): ImportReport {
  const heights = Array.from(buildings.heightM).sort((a, b) => a - b);
  const mid = heights.length >> 1;
  const median = heights.length % 2 === 1 ? (heights[mid] ?? NaN) : ((heights[mid - 1] ?? NaN) + (heights[mid] ?? NaN)) / 2;
  return {
    sources: [`generated: demo district, seed ${seed}`],
    crs: 'synthetic ENU',
    origin: { ...DEMO_ORIGIN },
    counts: { buildings: buildings.count, roads, trees, terrainCells: (terrain.nx - 1) * (terrain.ny - 1), ground },
    heightStats: heights.length === 0 ? null : { min: heights[0] ?? NaN, max: heights[heights.length - 1] ?? NaN, mean: heights.reduce((s, h) => s + h, 0) / heights.length, median },
    defaulted: { 'building.height': 0, 'building.storeys': 0, 'building.use': 0, 'building.residents': 0, 'building.baseHeight': 0, 'road.lanes': 0, 'road.maxSpeed': 0, 'road.surface': 0, 'road.flows': 0 },
    skipped: [],
    warnings: [],
    // Generation is deterministic; its duration is not recorded so that equal seeds give equal models.
    durationMs: 0,
  };
}
