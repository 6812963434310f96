/**
 * The city model: one district in local metric coordinates (east-north-up, metres, around a
 * WGS84 geodetic origin), stored column by column on typed arrays so that kernels, workers and
 * renderers share it without an object per feature. Every table is transferable to a worker.
 *
 * Conventions:
 * - x = east, y = north, z = up, metres, relative to `origin` (see src/geo/enu.ts).
 * - Polygons: `ringStart[i]..ringStart[i+1]` are the rings of feature i (the first one is the outer
 *   ring, counter-clockwise; the rest are holes, clockwise); `ringOffset[r]..ringOffset[r+1]` are
 *   the vertices of ring r in `xy` (interleaved x, y; rings are not closed: last ≠ first).
 * - Polylines: `vertexOffset[i]..vertexOffset[i+1]` are the vertices of feature i in `xyz`.
 * - A missing number is NaN; `defaulted` bit flags say which values came from documented defaults.
 */

export interface GeoOrigin {
  lonDeg: number;
  latDeg: number;
  /** Ellipsoidal height of the origin, m. */
  heightM: number;
}

/** Rings of polygon features, columnar. */
export interface PolygonTable {
  /** Length count + 1: first ring of each feature. */
  ringStart: Uint32Array;
  /** Length ringCount + 1: first vertex of each ring. */
  ringOffset: Uint32Array;
  /** Interleaved x, y (m) of every vertex. */
  xy: Float64Array;
}

/** Vertices of polyline features, columnar. */
export interface PolylineTable {
  /** Length count + 1: first vertex of each feature. */
  vertexOffset: Uint32Array;
  /** Interleaved x, y, z (m) of every vertex; z is the ground height (NaN until seated on terrain). */
  xyz: Float64Array;
}

export type FeatureAttributes = Readonly<Record<string, string | number | boolean | null>>;

/** Building use, as a small enum code so it fits a Uint8Array. */
export const BUILDING_USES = ['unknown', 'residential', 'mixed', 'commercial', 'office', 'industrial', 'public', 'education', 'health', 'religious', 'transport', 'ancillary'] as const;
export type BuildingUse = (typeof BUILDING_USES)[number];

/** Bits of `BuildingTable.defaulted`. */
export const BUILDING_DEFAULTED = {
  height: 1 << 0,
  storeys: 1 << 1,
  use: 1 << 2,
  residents: 1 << 3,
  baseHeight: 1 << 4,
} as const;

export interface BuildingTable extends PolygonTable {
  count: number;
  /** Stable id: the source's id (OSM "way/123", CityJSON object id, shapefile FID) or the generator's. */
  id: string[];
  /** Height of the footprint's base above the origin, m (ground level). */
  baseHeightM: Float32Array;
  /** Height of the roof (eaves or top, LoD1) above the base, m. */
  heightM: Float32Array;
  storeys: Uint16Array;
  /** Index into BUILDING_USES. */
  use: Uint8Array;
  /** Estimated residents (persons). */
  residents: Float32Array;
  /** BUILDING_DEFAULTED bit flags. */
  defaulted: Uint8Array;
  /** Source attributes kept for the info panel, one object per building. */
  attributes: FeatureAttributes[];
}

/** Road classes, in the order of their usual importance. */
export const ROAD_CLASSES = ['motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'residential', 'service', 'living_street', 'pedestrian', 'cycleway', 'footway', 'rail', 'unclassified'] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

/** Periods of the day used for flows (Directive 2002/49/EC: day 07–19, evening 19–23, night 23–07). */
export const PERIODS = ['day', 'evening', 'night'] as const;
/** CNOSSOS-EU vehicle categories (Directive (EU) 2015/996 Annex II §2.2.1). */
export const VEHICLE_CATEGORIES = ['1', '2', '3', '4a', '4b'] as const;
export const FLOW_STRIDE = PERIODS.length * VEHICLE_CATEGORIES.length;

export const ROAD_DEFAULTED = {
  lanes: 1 << 0,
  maxSpeed: 1 << 1,
  surface: 1 << 2,
  flows: 1 << 3,
} as const;

export interface RoadTable extends PolylineTable {
  count: number;
  id: string[];
  name: string[];
  /** Index into ROAD_CLASSES. */
  roadClass: Uint8Array;
  lanes: Uint8Array;
  maxSpeedKmh: Float32Array;
  /** 0 = both directions, 1 = one-way along the vertex order, -1 = one-way against it. */
  oneway: Int8Array;
  /** CNOSSOS-EU road surface id (e.g. "NL01"; "" = reference surface). */
  surface: string[];
  /**
   * Mean hourly flow, veh/h, at [road * FLOW_STRIDE + period * 5 + category]
   * (PERIODS × VEHICLE_CATEGORIES); NaN when not known.
   */
  flowVehH: Float32Array;
  /** Mean speed per period and category, km/h, same layout as flowVehH; NaN when not known. */
  speedKmh: Float32Array;
  defaulted: Uint8Array;
  attributes: FeatureAttributes[];
}

/** Bits of `TreeTable.defaulted`. */
export const TREE_DEFAULTED = {
  height: 1 << 0,
  crown: 1 << 1,
} as const;

export interface TreeTable {
  count: number;
  id: string[];
  /** Interleaved x, y, z (m): trunk base. */
  xyz: Float64Array;
  heightM: Float32Array;
  crownDiameterM: Float32Array;
  /** 0 evergreen, 1 deciduous, 2 unknown (for seasonal crowns in sun-hours). */
  leafCycle: Uint8Array;
  defaulted: Uint8Array;
}

/** Regular height grid: heights[j * nx + i] at (x0 + i·cellSizeM, y0 + j·cellSizeM). */
export interface TerrainGrid {
  kind: 'grid';
  x0: number;
  y0: number;
  cellSizeM: number;
  nx: number;
  ny: number;
  heightsM: Float32Array;
}

/** Triangulated irregular network. */
export interface TerrainTin {
  kind: 'tin';
  /** Interleaved x, y, z (m). */
  positions: Float64Array;
  /** Vertex indices, three per triangle, counter-clockwise seen from above. */
  triangles: Uint32Array;
}

export type Terrain = TerrainGrid | TerrainTin;

/** Ground type polygons with the CNOSSOS-EU / ISO 9613-2 ground factor G (0 hard … 1 porous). */
export interface GroundTable extends PolygonTable {
  count: number;
  id: string[];
  groundFactorG: Float32Array;
  /** Land use or cover ("grass", "water", "park", "square", …). */
  cover: string[];
}

/** A line-shaped non-road feature (river, railway) drawn for context. */
export interface WaterwayOrRailTable extends PolylineTable {
  count: number;
  id: string[];
  kind: string[];
  widthM: Float32Array;
}

export interface ImportIssue {
  /** File the feature came from. */
  file: string;
  /** Feature id or index, when there is one. */
  feature?: string;
  reason: string;
}

export interface ImportReport {
  sources: string[];
  /** The source CRS as named by the file (e.g. "EPSG:2154"). */
  crs: string;
  origin: GeoOrigin;
  counts: { buildings: number; roads: number; trees: number; terrainCells: number; ground: number };
  heightStats: { min: number; max: number; mean: number; median: number } | null;
  /** How many values were filled from documented defaults, per field (e.g. "building.height"). */
  defaulted: Record<string, number>;
  skipped: ImportIssue[];
  warnings: string[];
  durationMs: number;
}

export interface CityModel {
  name: string;
  /** True for the generated demo district: the UI labels it synthetic. */
  synthetic: boolean;
  origin: GeoOrigin;
  /** IANA time zone of the district (for sun position and daylight saving). */
  timeZone: string;
  /** Attribution line for the data (e.g. "© OpenStreetMap contributors"). */
  attribution: string;
  buildings: BuildingTable;
  roads: RoadTable;
  trees: TreeTable;
  terrain: Terrain | null;
  ground: GroundTable;
  lines: WaterwayOrRailTable;
  report: ImportReport | null;
}
