/**
 * Turns the staged features of one import run into a CityModel: chooses the origin (centre of the
 * data's bounding box, on the ground), projects every coordinate into that ENU frame
 * (src/geo/enu.ts), builds the terrain (source triangles or a Delaunay TIN of the points), seats
 * buildings, roads and trees on it, fills the documented defaults (defaults.ts) and the report.
 */
import { createEnuFrame, type EnuFrame } from '../geo/enu';
import {
  BUILDING_DEFAULTED, BUILDING_USES, FLOW_STRIDE, ROAD_CLASSES, ROAD_DEFAULTED, TREE_DEFAULTED,
  type BuildingTable, type BuildingUse, type CityModel, type GroundTable, type RoadTable, type Terrain, type TreeTable, type WaterwayOrRailTable,
} from './city-model';
import { DEFAULT_STOREYS_BY_OSM_BUILDING, DEFAULT_STOREYS_BY_USE, ROAD_DEFAULTS, STOREY_HEIGHT_M, TREE_DEFAULTS, estimateResidents } from './defaults';
import { type ReportCollector, summaryStats } from './import-report';
import { type CityStaging, type PolygonColumns, type PolylineColumns, signedArea } from './table-builders';
import { orientCounterClockwise, terrainCellCount, terrainHeightAt, triangulatePoints } from './terrain';

export interface AssembleOptions {
  name: string;
  sources: string[];
  startedMs: number;
  nowMs: () => number;
}

/** Use assumed for a building whose source says nothing about it: residential, ~75 % of EU floor area (BPIE 2011). */
const DEFAULT_USE: BuildingUse = 'residential';

export function assembleCity(staging: CityStaging, report: ReportCollector, options: AssembleOptions): CityModel {
  const origin = boundingBoxCentre(staging);
  const frame = createEnuFrame({ lonDeg: origin[0], latDeg: origin[1], heightM: 0 });
  const out = new Float64Array(3);

  const terrain = buildTerrain(staging, frame, out);
  const groundHeight = terrain ? originGroundHeight(terrain) : 0;
  if (terrain) shiftTerrain(terrain, -groundHeight);

  const buildings = buildBuildings(staging, frame, terrain, groundHeight, report, out);
  const roads = buildRoads(staging, frame, terrain, groundHeight, report, out);
  const trees = buildTrees(staging, frame, terrain, groundHeight, report, out);
  const ground = buildGround(staging, frame, out);
  const lines = buildLines(staging, frame, terrain, groundHeight, out);

  const crsCodes = [...new Set(staging.crsByFile.values())];
  const originGeo = { lonDeg: origin[0], latDeg: origin[1], heightM: groundHeight };
  return {
    name: options.name,
    synthetic: false,
    origin: originGeo,
    timeZone: timeZoneGuess(origin[0], origin[1]),
    attribution: [...staging.attributions].join('; '),
    buildings, roads, trees, terrain, ground, lines,
    report: {
      sources: options.sources,
      crs: crsCodes.join(', '),
      origin: originGeo,
      counts: { buildings: buildings.count, roads: roads.count, trees: trees.count, terrainCells: terrainCellCount(terrain), ground: ground.count },
      heightStats: summaryStats(buildings.heightM),
      defaulted: report.defaulted,
      skipped: report.skipped,
      warnings: report.warnings,
      durationMs: options.nowMs() - options.startedMs,
    },
  };
}

function boundingBoxCentre(s: CityStaging): [number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const visit = (arr: ArrayLike<number>, length: number, stride: number) => {
    for (let i = 0; i < length; i += stride) {
      const x = arr[i] ?? NaN;
      const y = arr[i + 1] ?? NaN;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  };
  visit(s.buildings.lonLat.array, s.buildings.lonLat.length, 2);
  visit(s.ground.lonLat.array, s.ground.lonLat.length, 2);
  visit(s.roads.lonLatH.array, s.roads.lonLatH.length, 3);
  visit(s.lines.lonLatH.array, s.lines.lonLatH.length, 3);
  visit(s.trees.lonLatH.array, s.trees.lonLatH.length, 3);
  visit(s.terrain.lonLatH.array, s.terrain.lonLatH.length, 3);
  if (!(minX <= maxX)) return [0, 0];
  return [(minX + maxX) / 2, (minY + maxY) / 2];
}

function buildTerrain(s: CityStaging, frame: EnuFrame, out: Float64Array): Terrain | null {
  const n = s.terrain.pointCount;
  if (n < 3) return null;
  const src = s.terrain.lonLatH.array;
  const positions = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    frame.toEnu(src[3 * i] ?? 0, src[3 * i + 1] ?? 0, src[3 * i + 2] ?? 0, out);
    positions[3 * i] = out[0] ?? 0;
    positions[3 * i + 1] = out[1] ?? 0;
    positions[3 * i + 2] = out[2] ?? 0;
  }
  if (s.terrain.triangles.length === 0) return triangulatePoints(positions);
  const triangles = s.terrain.triangles.finish();
  orientCounterClockwise(positions, triangles);
  return { kind: 'tin', positions, triangles };
}

/** Ground height at the origin, or the median terrain height when the origin lies outside it. */
function originGroundHeight(t: Terrain): number {
  const h = terrainHeightAt(t, 0, 0);
  if (Number.isFinite(h)) return h;
  const zs: number[] = [];
  if (t.kind === 'grid') zs.push(...t.heightsM);
  else for (let i = 2; i < t.positions.length; i += 3) zs.push(t.positions[i] ?? 0);
  return summaryStats(zs)?.median ?? 0;
}

function shiftTerrain(t: Terrain, dz: number): void {
  if (t.kind === 'grid') for (let i = 0; i < t.heightsM.length; i++) t.heightsM[i] = (t.heightsM[i] ?? 0) + dz;
  else for (let i = 2; i < t.positions.length; i += 3) t.positions[i] = (t.positions[i] ?? 0) + dz;
}

/** Projects staged polygon vertices (lon, lat) into ENU xy at height `heightOf(feature)`. */
function projectPolygons(p: PolygonColumns, frame: EnuFrame, heightOf: (feature: number) => number, out: Float64Array) {
  const ringStart = new Uint32Array(p.count + 1);
  ringStart.set(p.ringStart.array.subarray(0, p.count));
  ringStart[p.count] = p.ringOffset.length;
  const ringOffset = new Uint32Array(p.ringOffset.length + 1);
  ringOffset.set(p.ringOffset.array.subarray(0, p.ringOffset.length));
  ringOffset[p.ringOffset.length] = p.lonLat.length / 2;
  const src = p.lonLat.array;
  const xy = new Float64Array(p.lonLat.length);
  for (let f = 0; f < p.count; f++) {
    const h = heightOf(f);
    const from = ringOffset[ringStart[f] ?? 0] ?? 0;
    const to = ringOffset[ringStart[f + 1] ?? 0] ?? 0;
    for (let v = from; v < to; v++) {
      frame.toEnu(src[2 * v] ?? 0, src[2 * v + 1] ?? 0, Number.isFinite(h) ? h : 0, out);
      xy[2 * v] = out[0] ?? 0;
      xy[2 * v + 1] = out[1] ?? 0;
    }
  }
  return { ringStart, ringOffset, xy };
}

/** Footprint area (m²) of polygon feature f: outer ring minus holes (rings oriented CCW/CW). */
export function polygonArea(t: { ringStart: Uint32Array; ringOffset: Uint32Array; xy: Float64Array }, f: number): number {
  let area = 0;
  for (let r = t.ringStart[f] ?? 0; r < (t.ringStart[f + 1] ?? 0); r++) {
    const from = t.ringOffset[r] ?? 0;
    area += signedArea(t.xy, 2 * from, (t.ringOffset[r + 1] ?? 0) - from);
  }
  return area;
}

function buildBuildings(s: CityStaging, frame: EnuFrame, terrain: Terrain | null, h0: number, report: ReportCollector, out: Float64Array): BuildingTable {
  const b = s.buildings;
  const n = b.count;
  const geometry = projectPolygons(b, frame, (f) => b.baseZ.get(f), out);
  const baseHeightM = new Float32Array(n);
  const heightM = new Float32Array(n);
  const storeys = new Uint16Array(n);
  const use = new Uint8Array(n);
  const residents = new Float32Array(n);
  const defaulted = new Uint8Array(n);
  for (let f = 0; f < n; f++) {
    let flags = 0;
    const sourceBase = b.baseZ.get(f);
    if (Number.isFinite(sourceBase)) baseHeightM[f] = sourceBase - h0;
    else {
      const seated = terrain ? lowestTerrainUnder(terrain, geometry, f) : NaN;
      baseHeightM[f] = (Number.isFinite(seated) ? seated : 0) + b.baseOffsetM.get(f);
      if (!Number.isFinite(seated)) flags |= BUILDING_DEFAULTED.baseHeight;
    }
    const useCode = b.use.get(f);
    const featureUse: BuildingUse = useCode === 255 ? DEFAULT_USE : (BUILDING_USES[useCode] ?? DEFAULT_USE);
    if (useCode === 255) flags |= BUILDING_DEFAULTED.use;
    use[f] = BUILDING_USES.indexOf(featureUse);
    let h = b.heightM.get(f);
    let st = b.storeys.get(f);
    const roof = b.roofStoreys.get(f) || 0;
    if (!Number.isFinite(h)) {
      if (!Number.isFinite(st)) {
        st = DEFAULT_STOREYS_BY_OSM_BUILDING[b.typeHint[f] ?? ''] ?? DEFAULT_STOREYS_BY_USE[featureUse];
        flags |= BUILDING_DEFAULTED.storeys;
      }
      h = (st + roof) * STOREY_HEIGHT_M;
      flags |= BUILDING_DEFAULTED.height;
    } else if (!Number.isFinite(st)) {
      st = Math.max(1, Math.round(h / STOREY_HEIGHT_M));
      flags |= BUILDING_DEFAULTED.storeys;
    }
    heightM[f] = h;
    storeys[f] = Math.max(0, Math.min(65535, Math.round(st)));
    const given = b.residents.get(f);
    if (Number.isFinite(given)) residents[f] = given;
    else {
      residents[f] = estimateResidents(Math.abs(polygonArea(geometry, f)), storeys[f] ?? 0, featureUse);
      flags |= BUILDING_DEFAULTED.residents;
    }
    defaulted[f] = flags;
  }
  countFlags(report, 'building', defaulted, BUILDING_DEFAULTED);
  return { count: n, id: b.id, ...geometry, baseHeightM, heightM, storeys, use, residents, defaulted, attributes: b.attributes };
}

function lowestTerrainUnder(terrain: Terrain, g: { ringStart: Uint32Array; ringOffset: Uint32Array; xy: Float64Array }, f: number): number {
  let lowest = Infinity;
  const from = g.ringOffset[g.ringStart[f] ?? 0] ?? 0;
  const to = g.ringOffset[(g.ringStart[f] ?? 0) + 1] ?? 0;
  for (let v = from; v < to; v++) {
    const h = terrainHeightAt(terrain, g.xy[2 * v] ?? 0, g.xy[2 * v + 1] ?? 0);
    if (h < lowest) lowest = h;
  }
  return Number.isFinite(lowest) ? lowest : NaN;
}

function projectLines(p: PolylineColumns, frame: EnuFrame, terrain: Terrain | null, h0: number, out: Float64Array) {
  const vertexOffset = new Uint32Array(p.count + 1);
  vertexOffset.set(p.vertexOffset.array.subarray(0, p.count));
  vertexOffset[p.count] = p.lonLatH.length / 3;
  const src = p.lonLatH.array;
  const xyz = new Float64Array(p.lonLatH.length);
  for (let v = 0; v < xyz.length / 3; v++) {
    const h = src[3 * v + 2] ?? NaN;
    frame.toEnu(src[3 * v] ?? 0, src[3 * v + 1] ?? 0, Number.isFinite(h) ? h : h0, out);
    const x = out[0] ?? 0;
    const y = out[1] ?? 0;
    const ground = terrain ? terrainHeightAt(terrain, x, y) : NaN;
    xyz[3 * v] = x;
    xyz[3 * v + 1] = y;
    xyz[3 * v + 2] = Number.isFinite(ground) ? ground : Number.isFinite(h) ? (out[2] ?? 0) - h0 : 0;
  }
  return { vertexOffset, xyz };
}

function buildRoads(s: CityStaging, frame: EnuFrame, terrain: Terrain | null, h0: number, report: ReportCollector, out: Float64Array): RoadTable {
  const r = s.roads;
  const n = r.count;
  const geometry = projectLines(r, frame, terrain, h0, out);
  const lanes = new Uint8Array(n);
  const maxSpeedKmh = new Float32Array(n);
  const defaulted = new Uint8Array(n);
  const surface: string[] = [];
  const flowVehH = r.flowVehH.finish();
  for (let i = 0; i < n; i++) {
    const cls = ROAD_CLASSES[r.roadClass.get(i)] ?? 'unclassified';
    const defaults = ROAD_DEFAULTS[cls];
    let flags = 0;
    const l = r.lanes.get(i);
    lanes[i] = Number.isFinite(l) ? Math.min(255, Math.round(l)) : defaults.lanes;
    if (!Number.isFinite(l)) flags |= ROAD_DEFAULTED.lanes;
    const v = r.maxSpeedKmh.get(i);
    maxSpeedKmh[i] = Number.isFinite(v) ? v : defaults.maxSpeedKmh;
    if (!Number.isFinite(v)) flags |= ROAD_DEFAULTED.maxSpeed;
    const sf = r.surface[i];
    surface.push(sf ?? '');
    if (sf === undefined) flags |= ROAD_DEFAULTED.surface;
    let anyFlow = false;
    for (let k = 0; k < FLOW_STRIDE; k++) if (Number.isFinite(flowVehH[i * FLOW_STRIDE + k])) anyFlow = true;
    if (!anyFlow) flags |= ROAD_DEFAULTED.flows;
    defaulted[i] = flags;
  }
  countFlags(report, 'road', defaulted, ROAD_DEFAULTED);
  return {
    count: n, id: r.id, name: r.name, ...geometry, roadClass: r.roadClass.finish(), lanes, maxSpeedKmh,
    oneway: r.oneway.finish(), surface, flowVehH, speedKmh: r.speedKmh.finish(), defaulted, attributes: r.attributes,
  };
}

function buildTrees(s: CityStaging, frame: EnuFrame, terrain: Terrain | null, h0: number, report: ReportCollector, out: Float64Array): TreeTable {
  const t = s.trees;
  const n = t.count;
  const xyz = new Float64Array(3 * n);
  const heightM = t.heightM.finish();
  const crownDiameterM = t.crownDiameterM.finish();
  const defaulted = new Uint8Array(n);
  const src = t.lonLatH.array;
  for (let i = 0; i < n; i++) {
    const h = src[3 * i + 2] ?? NaN;
    frame.toEnu(src[3 * i] ?? 0, src[3 * i + 1] ?? 0, Number.isFinite(h) ? h : h0, out);
    xyz[3 * i] = out[0] ?? 0;
    xyz[3 * i + 1] = out[1] ?? 0;
    const ground = terrain ? terrainHeightAt(terrain, out[0] ?? 0, out[1] ?? 0) : NaN;
    xyz[3 * i + 2] = Number.isFinite(h) ? (out[2] ?? 0) - h0 : Number.isFinite(ground) ? ground : 0;
    if (!Number.isFinite(heightM[i])) {
      heightM[i] = TREE_DEFAULTS.heightM;
      defaulted[i] = (defaulted[i] ?? 0) | TREE_DEFAULTED.height;
    }
    if (!Number.isFinite(crownDiameterM[i])) {
      crownDiameterM[i] = TREE_DEFAULTS.crownDiameterM;
      defaulted[i] = (defaulted[i] ?? 0) | TREE_DEFAULTED.crown;
    }
  }
  countFlags(report, 'tree', defaulted, TREE_DEFAULTED);
  return { count: n, id: t.id, xyz, heightM, crownDiameterM, leafCycle: t.leafCycle.finish(), defaulted };
}

function buildGround(s: CityStaging, frame: EnuFrame, out: Float64Array): GroundTable {
  const g = s.ground;
  const geometry = projectPolygons(g, frame, () => 0, out);
  return { count: g.count, id: g.id, ...geometry, groundFactorG: g.groundFactorG.finish(), cover: g.cover };
}

function buildLines(s: CityStaging, frame: EnuFrame, terrain: Terrain | null, h0: number, out: Float64Array): WaterwayOrRailTable {
  const l = s.lines;
  return { count: l.count, id: l.id, ...projectLines(l, frame, terrain, h0, out), kind: l.kind, widthM: l.widthM.finish() };
}

function countFlags(report: ReportCollector, prefix: string, defaulted: Uint8Array, bits: Readonly<Record<string, number>>): void {
  for (const [field, bit] of Object.entries(bits)) {
    let n = 0;
    for (let i = 0; i < defaulted.length; i++) if (((defaulted[i] ?? 0) & bit) !== 0) n++;
    if (n > 0) report.countDefault(`${prefix}.${field}`, n);
  }
}

/**
 * IANA zone guessed for European districts (the project's scope): the British Isles and Portugal
 * (UTC+0), east of 22.5° E (UTC+2), else Central European Time (Europe/Paris: CH, FR, NL, BE, DE
 * share its offsets and EU summer-time rules). A city with other rules sets CityModel.timeZone itself.
 */
function timeZoneGuess(lonDeg: number, latDeg: number): string {
  if (lonDeg < -6.2 && latDeg < 42.2) return 'Europe/Lisbon';
  if (lonDeg < 1.8 && latDeg > 49.9) return 'Europe/London';
  if (lonDeg > 22.5) return 'Europe/Helsinki';
  return 'Europe/Paris';
}
