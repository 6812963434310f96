/**
 * What `twin run` writes, as pure data: GeoJSON (RFC 7946, WGS 84 lon/lat) of the edited features
 * (added, changed, closed and removed buildings, roads and trees, with the kind of edit) and of the
 * road flows before and after; GeoTIFF bytes of the result rasters (src/results/raster-export.ts).
 */
import { createEnuFrame } from '../geo/enu';
import { rasterResultToGeoTiff } from '../results/raster-export';
import type { RasterResult } from '../results/result-types';
import { BUILDING_USES, FLOW_STRIDE, PERIODS, ROAD_CLASSES, type CityModel } from '../twin/city-model';
import type { ScenarioRun } from './chain';

type Position = [number, number];
interface Feature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: Position } | { type: 'LineString'; coordinates: Position[] } | { type: 'Polygon'; coordinates: Position[][] };
  properties: Record<string, string | number | boolean | null>;
}
export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
}

function lonLat(city: CityModel): (x: number, y: number) => Position {
  const frame = createEnuFrame(city.origin);
  const out = new Float64Array(3);
  return (x, y) => {
    frame.toGeodetic(x, y, 0, out);
    return [Math.round((out[0] ?? 0) * 1e8) / 1e8, Math.round((out[1] ?? 0) * 1e8) / 1e8];
  };
}

function buildingFeature(c: CityModel, i: number, edit: string, ll: (x: number, y: number) => Position): Feature {
  const b = c.buildings;
  const rings: Position[][] = [];
  for (let r = b.ringStart[i] ?? 0; r < (b.ringStart[i + 1] ?? 0); r++) {
    const ring: Position[] = [];
    for (let v = b.ringOffset[r] ?? 0; v < (b.ringOffset[r + 1] ?? 0); v++) ring.push(ll(b.xy[2 * v] ?? 0, b.xy[2 * v + 1] ?? 0));
    if (ring[0] !== undefined) ring.push(ring[0]);
    rings.push(ring);
  }
  const kind = b.attributes[i]?.kind === 'noise-barrier' ? 'noise-barrier' : 'building';
  return { type: 'Feature', geometry: { type: 'Polygon', coordinates: rings }, properties: { kind, id: b.id[i] ?? '', edit, heightM: b.heightM[i] ?? null, storeys: b.storeys[i] ?? null, use: BUILDING_USES[b.use[i] ?? 0] ?? 'unknown', residents: b.residents[i] ?? null } };
}

function roadLine(c: CityModel, i: number, ll: (x: number, y: number) => Position): Position[] {
  const r = c.roads;
  const out: Position[] = [];
  for (let v = r.vertexOffset[i] ?? 0; v < (r.vertexOffset[i + 1] ?? 0); v++) out.push(ll(r.xyz[3 * v] ?? 0, r.xyz[3 * v + 1] ?? 0));
  return out;
}

/** Features the scenario added, changed or removed (removed ones with their base geometry: ghosts). */
export function editedFeaturesGeoJson(base: CityModel, run: ScenarioRun): FeatureCollection {
  const c = run.city;
  const ll = lonLat(base);
  const features: Feature[] = [];
  const edited = new Set(c.buildings.id);
  for (let i = 0; i < c.buildings.count; i++) {
    const e = c.buildings.attributes[i]?.scenarioEdit;
    if (typeof e === 'string') features.push(buildingFeature(c, i, e, ll));
  }
  for (let i = 0; i < base.buildings.count; i++) if (!edited.has(base.buildings.id[i] ?? '')) features.push(buildingFeature(base, i, 'removed', ll));
  const r = c.roads;
  for (let i = 0; i < r.count; i++) {
    const e = r.attributes[i]?.scenarioEdit;
    if (typeof e !== 'string') continue;
    features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: roadLine(c, i, ll) }, properties: { kind: 'road', id: r.id[i] ?? '', edit: e, roadClass: ROAD_CLASSES[r.roadClass[i] ?? 0] ?? '', lanes: r.lanes[i] ?? null, maxSpeedKmh: r.maxSpeedKmh[i] ?? null, surface: r.surface[i] ?? '' } });
  }
  const roadIds = new Set(r.id);
  for (let i = 0; i < base.roads.count; i++) if (!roadIds.has(base.roads.id[i] ?? '')) features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: roadLine(base, i, ll) }, properties: { kind: 'road', id: base.roads.id[i] ?? '', edit: 'removed' } });
  const baseTrees = new Set(base.trees.id);
  const trees = new Set(c.trees.id);
  const t = c.trees;
  for (let i = 0; i < t.count; i++) if (!baseTrees.has(t.id[i] ?? '')) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: ll(t.xyz[3 * i] ?? 0, t.xyz[3 * i + 1] ?? 0) }, properties: { kind: 'tree', id: t.id[i] ?? '', edit: 'added', heightM: t.heightM[i] ?? null } });
  for (let i = 0; i < base.trees.count; i++) if (!trees.has(base.trees.id[i] ?? '')) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: ll(base.trees.xyz[3 * i] ?? 0, base.trees.xyz[3 * i + 1] ?? 0) }, properties: { kind: 'tree', id: base.trees.id[i] ?? '', edit: 'removed' } });
  return { type: 'FeatureCollection', features };
}

/** Every road with its modelled peak-hour flow before and after, and its day-period flow after (veh/h). */
export function roadFlowsGeoJson(base: ScenarioRun, run: ScenarioRun): FeatureCollection {
  const c = run.city;
  const ll = lonLat(c);
  const before = new Map<string, number>();
  base.traffic?.roadIds.forEach((id, i) => before.set(id, base.traffic?.peakVehH[i] ?? NaN));
  const fin = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? Math.round(v * 10) / 10 : null);
  const day = PERIODS.indexOf('day') * 5;
  const flows = run.flows?.city.roads.flowVehH;
  const features: Feature[] = [];
  for (let i = 0; i < c.roads.count; i++) {
    const peak = run.traffic?.peakVehH[i];
    const peakBefore = before.get(c.roads.id[i] ?? '');
    let dayFlow = 0;
    for (let k = 0; k < 5; k++) dayFlow += flows?.[i * FLOW_STRIDE + day + k] ?? 0;
    features.push({
      type: 'Feature', geometry: { type: 'LineString', coordinates: roadLine(c, i, ll) },
      properties: {
        id: c.roads.id[i] ?? '', name: c.roads.name[i] ?? '', roadClass: ROAD_CLASSES[c.roads.roadClass[i] ?? 0] ?? '',
        peakVehHBefore: fin(peakBefore), peakVehH: fin(peak), peakVehHChange: fin(peak !== undefined && peakBefore !== undefined ? peak - peakBefore : undefined),
        dayVehH: flows === undefined ? null : fin(dayFlow), flowFactor: fin(run.flows?.factor[i]),
      },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** The run's maps as raster results (noise Lden/Lnight, air NO2/PM2.5, sun-hours), for the views and GeoTIFF. */
export function scenarioRasters(run: ScenarioRun): RasterResult[] {
  const out: RasterResult[] = [];
  const ramp = (unit: string, min: number, max: number) => ({ kind: 'ramp' as const, unit, min, max, colours: ['#313695', '#74add1', '#ffffbf', '#f46d43', '#a50026'] });
  const id = run.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  if (run.noise !== undefined) {
    out.push({ kind: 'raster', id: `scenario:${id}:noise-lden`, title: `${run.name}: road noise Lden, 4 m`, source: 'scenario', grid: run.noise.grid, values: run.noise.maps.lden, legend: ramp('dB(A)', 35, 80), heightAboveGroundM: 4 });
    out.push({ kind: 'raster', id: `scenario:${id}:noise-lnight`, title: `${run.name}: road noise Lnight, 4 m`, source: 'scenario', grid: run.noise.grid, values: run.noise.maps.lnight, legend: ramp('dB(A)', 30, 70), heightAboveGroundM: 4 });
  }
  for (const p of ['NO2', 'PM2.5'] as const) {
    const m = run.air?.maps[p];
    if (run.air !== undefined && m !== undefined) out.push({ kind: 'raster', id: `scenario:${id}:air-${p.toLowerCase().replace('.', '')}`, title: `${run.name}: ${p}, road increment + background, 1.5 m`, source: 'scenario', grid: run.air.grid, values: m.values, legend: ramp('µg/m³', 0, Math.max(1e-6, m.maxUgPerM3)), heightAboveGroundM: 1.5 });
  }
  if (run.sun !== undefined) {
    const s = run.sun;
    out.push({ kind: 'raster', id: `scenario:${id}:sun-hours`, title: `${run.name}: sun-hours, ${run.assumptions.sunDate}`, source: 'scenario', grid: { originX: s.x0, originY: s.y0, cellM: s.cellSizeM, cols: s.nx, rows: s.ny }, values: s.hours, legend: ramp('h', 0, s.dayLengthH) });
  }
  return out;
}

/** GeoTIFF bytes of a raster in the city's frame. */
export function rasterGeoTiff(r: RasterResult, city: CityModel): Uint8Array {
  return rasterResultToGeoTiff(r, { lonDeg: city.origin.lonDeg, latDeg: city.origin.latDeg });
}

/** Diverging colours for differences (blue = lower, red = higher), centre white. */
const DIVERGING = ['#2166ac', '#67a9cf', '#d1e5f0', '#f7f7f7', '#fddbc7', '#ef8a62', '#b2182b'] as const;

/**
 * Scenario − baseline on the same grid (NaN where either is NaN), with a diverging legend centred
 * on 0 and symmetric about it. Throws when the grids differ.
 */
export function differenceRaster(scenario: RasterResult, baseline: RasterResult): RasterResult {
  const a = scenario.grid;
  const b = baseline.grid;
  if (a.cols !== b.cols || a.rows !== b.rows || a.cellM !== b.cellM || a.originX !== b.originX || a.originY !== b.originY) throw new Error(`difference of '${scenario.id}' and '${baseline.id}': the grids differ`);
  const values = new Float32Array(scenario.values.length);
  let maxAbs = 0;
  for (let i = 0; i < values.length; i++) {
    const d = (scenario.values[i] ?? NaN) - (baseline.values[i] ?? NaN);
    values[i] = d;
    if (Number.isFinite(d)) maxAbs = Math.max(maxAbs, Math.abs(d));
  }
  const span = maxAbs > 0 ? maxAbs : 1;
  return {
    kind: 'raster', id: `diff:${scenario.id}`, title: `${scenario.title} − baseline`, source: 'scenario', grid: a, values,
    legend: { kind: 'ramp', unit: scenario.legend.unit, min: -span, max: span, colours: DIVERGING, centre: 0 },
    ...(scenario.heightAboveGroundM !== undefined && { heightAboveGroundM: scenario.heightAboveGroundM }),
  };
}
