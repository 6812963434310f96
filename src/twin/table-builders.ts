/**
 * Staging tables shared by every importer: features are appended column by column into growable
 * typed arrays with geodetic coordinates (WGS84 lon°, lat°, and heights in the source's vertical
 * datum, NaN when unknown). `assemble-city.ts` later projects them into the district's ENU frame
 * and fills the documented defaults. Layout as in city-model.ts (rings/vertices by offsets).
 */
import { FLOW_STRIDE, type BuildingUse, type FeatureAttributes, type RoadClass, BUILDING_USES, ROAD_CLASSES } from './city-model';
import { GrowableArray } from './growable-array';

/** Why a polygon was rejected, or undefined when it was added. */
export type RejectReason = string | undefined;

/** Rings of polygon features; vertices interleaved (lon, lat). */
export class PolygonColumns {
  readonly ringStart = new GrowableArray(Uint32Array);
  readonly ringOffset = new GrowableArray(Uint32Array);
  readonly lonLat = new GrowableArray(Float64Array, 1024);
  count = 0;

  /**
   * Adds one polygon: `rings[0]` the outer ring, the rest holes, each interleaved lon/lat, closed
   * or not. Consecutive duplicates and the closing vertex are dropped; the outer ring is made
   * counter-clockwise and holes clockwise. A degenerate outer ring rejects the feature (returned
   * reason); a degenerate hole is dropped.
   */
  add(rings: readonly ArrayLike<number>[]): RejectReason {
    const outer = rings[0];
    if (outer === undefined) return 'polygon without rings';
    const firstRing = this.ringOffset.length;
    const firstVertex = this.lonLat.length;
    for (let r = 0; r < rings.length; r++) {
      const ring = rings[r];
      if (ring === undefined) continue;
      const ok = this.pushRing(ring, r === 0);
      if (!ok && r === 0) {
        this.ringOffset.truncate(firstRing);
        this.lonLat.truncate(firstVertex);
        return `polygon outer ring has fewer than 3 distinct vertices or no area (${Math.floor(ring.length / 2)} given)`;
      }
    }
    this.ringStart.push(firstRing);
    this.count++;
    return undefined;
  }

  private pushRing(ring: ArrayLike<number>, outer: boolean): boolean {
    const start = this.lonLat.length;
    let n = ring.length >> 1;
    const x0 = ring[0] ?? NaN;
    const y0 = ring[1] ?? NaN;
    if (n > 1 && ring[2 * n - 2] === x0 && ring[2 * n - 1] === y0) n--;
    let px = NaN;
    let py = NaN;
    for (let i = 0; i < n; i++) {
      const x = ring[2 * i] ?? NaN;
      const y = ring[2 * i + 1] ?? NaN;
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        this.lonLat.truncate(start);
        return false;
      }
      if (x === px && y === py) continue;
      this.lonLat.push2(x, y);
      px = x;
      py = y;
    }
    const count = (this.lonLat.length - start) >> 1;
    const area = signedArea(this.lonLat.array, start, count);
    if (count < 3 || area === 0) {
      this.lonLat.truncate(start);
      return false;
    }
    if (outer !== area > 0) reverseRing(this.lonLat.array, start, count);
    this.ringOffset.push(start >> 1);
    return true;
  }
}

/** Signed shoelace area of interleaved xy vertices [start, start + 2·count) (positive = CCW). */
export function signedArea(xy: ArrayLike<number>, start: number, count: number): number {
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const j = (i + 1) % count;
    sum += (xy[start + 2 * i] ?? 0) * (xy[start + 2 * j + 1] ?? 0) - (xy[start + 2 * j] ?? 0) * (xy[start + 2 * i + 1] ?? 0);
  }
  return sum / 2;
}

function reverseRing(xy: Float64Array, start: number, count: number): void {
  for (let i = 0, j = count - 1; i < j; i++, j--) {
    const a = start + 2 * i;
    const b = start + 2 * j;
    const ax = xy[a] ?? 0;
    const ay = xy[a + 1] ?? 0;
    xy[a] = xy[b] ?? 0;
    xy[a + 1] = xy[b + 1] ?? 0;
    xy[b] = ax;
    xy[b + 1] = ay;
  }
}

/** Vertices of polyline features; interleaved (lon, lat, height or NaN). */
export class PolylineColumns {
  readonly vertexOffset = new GrowableArray(Uint32Array);
  readonly lonLatH = new GrowableArray(Float64Array, 1024);
  count = 0;

  /** Adds one line from interleaved coordinates of `stride` 2 or 3; fewer than 2 distinct vertices rejects it. */
  add(coords: ArrayLike<number>, stride: 2 | 3): RejectReason {
    const start = this.lonLatH.length;
    let px = NaN;
    let py = NaN;
    for (let i = 0; i + stride - 1 < coords.length; i += stride) {
      const x = coords[i] ?? NaN;
      const y = coords[i + 1] ?? NaN;
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        this.lonLatH.truncate(start);
        return 'line with a non-numeric coordinate';
      }
      if (x === px && y === py) continue;
      this.lonLatH.push3(x, y, stride === 3 ? (coords[i + 2] ?? NaN) : NaN);
      px = x;
      py = y;
    }
    if (this.lonLatH.length - start < 6) {
      this.lonLatH.truncate(start);
      return 'line with fewer than 2 distinct vertices';
    }
    this.vertexOffset.push(start / 3);
    this.count++;
    return undefined;
  }
}

export interface StagedBuilding {
  id: string;
  /** Base height in the source's vertical datum, m (NaN = seat on terrain). */
  baseZ?: number;
  /** Height above the base, m (NaN = unknown). */
  heightM?: number;
  /** Lift of the base above the ground, m (OSM min_height of a part or an overhang), default 0. */
  baseOffsetM?: number;
  /** Full storeys above ground (NaN = unknown). */
  storeys?: number;
  /** Extra storeys in the roof (OSM roof:levels), counted in the height only. */
  roofStoreys?: number;
  use?: BuildingUse;
  /** The source's building type word (e.g. OSM building=house), for type-specific defaults. */
  typeHint?: string;
  residents?: number;
  attributes: FeatureAttributes;
}

export class BuildingColumns extends PolygonColumns {
  readonly id: string[] = [];
  readonly baseZ = new GrowableArray(Float64Array);
  readonly heightM = new GrowableArray(Float32Array);
  readonly baseOffsetM = new GrowableArray(Float32Array);
  readonly storeys = new GrowableArray(Float32Array);
  readonly roofStoreys = new GrowableArray(Float32Array);
  /** Index into BUILDING_USES, 255 = unknown. */
  readonly use = new GrowableArray(Uint8Array);
  readonly residents = new GrowableArray(Float32Array);
  readonly typeHint: string[] = [];
  readonly attributes: FeatureAttributes[] = [];

  addBuilding(rings: readonly ArrayLike<number>[], b: StagedBuilding): RejectReason {
    const reason = this.add(rings);
    if (reason !== undefined) return reason;
    this.id.push(b.id);
    this.baseZ.push(b.baseZ ?? NaN);
    this.heightM.push(b.heightM !== undefined && b.heightM > 0 ? b.heightM : NaN);
    this.baseOffsetM.push(b.baseOffsetM ?? 0);
    this.storeys.push(b.storeys !== undefined && b.storeys > 0 ? b.storeys : NaN);
    this.roofStoreys.push(b.roofStoreys ?? 0);
    this.use.push(b.use === undefined ? 255 : BUILDING_USES.indexOf(b.use));
    this.residents.push(b.residents ?? NaN);
    this.typeHint.push(b.typeHint ?? '');
    this.attributes.push(b.attributes);
    return undefined;
  }
}

export interface StagedRoad {
  id: string;
  name?: string;
  roadClass: RoadClass;
  lanes?: number;
  maxSpeedKmh?: number;
  oneway?: -1 | 0 | 1;
  surface?: string;
  /** FLOW_STRIDE values (PERIODS × VEHICLE_CATEGORIES), veh/h, NaN unknown. */
  flowVehH?: ArrayLike<number>;
  speedKmh?: ArrayLike<number>;
  attributes: FeatureAttributes;
}

export class RoadColumns extends PolylineColumns {
  readonly id: string[] = [];
  readonly name: string[] = [];
  readonly roadClass = new GrowableArray(Uint8Array);
  readonly lanes = new GrowableArray(Float32Array);
  readonly maxSpeedKmh = new GrowableArray(Float32Array);
  readonly oneway = new GrowableArray(Int8Array);
  /** undefined = not given by the source. */
  readonly surface: (string | undefined)[] = [];
  readonly flowVehH = new GrowableArray(Float32Array, 1024);
  readonly speedKmh = new GrowableArray(Float32Array, 1024);
  readonly attributes: FeatureAttributes[] = [];

  addRoad(coords: ArrayLike<number>, stride: 2 | 3, r: StagedRoad): RejectReason {
    const reason = this.add(coords, stride);
    if (reason !== undefined) return reason;
    this.id.push(r.id);
    this.name.push(r.name ?? '');
    this.roadClass.push(ROAD_CLASSES.indexOf(r.roadClass));
    this.lanes.push(r.lanes !== undefined && r.lanes > 0 ? r.lanes : NaN);
    this.maxSpeedKmh.push(r.maxSpeedKmh !== undefined && r.maxSpeedKmh > 0 ? r.maxSpeedKmh : NaN);
    this.oneway.push(r.oneway ?? 0);
    this.surface.push(r.surface);
    for (let k = 0; k < FLOW_STRIDE; k++) {
      this.flowVehH.push(r.flowVehH?.[k] ?? NaN);
      this.speedKmh.push(r.speedKmh?.[k] ?? NaN);
    }
    this.attributes.push(r.attributes);
    return undefined;
  }
}

export class TreeColumns {
  readonly id: string[] = [];
  /** lon, lat, height (source datum, NaN = seat on terrain). */
  readonly lonLatH = new GrowableArray(Float64Array);
  readonly heightM = new GrowableArray(Float32Array);
  readonly crownDiameterM = new GrowableArray(Float32Array);
  readonly leafCycle = new GrowableArray(Uint8Array);
  count = 0;

  addTree(id: string, lon: number, lat: number, z: number, heightM: number, crownDiameterM: number, leafCycle: 0 | 1 | 2): RejectReason {
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return 'tree without a valid position';
    this.id.push(id);
    this.lonLatH.push3(lon, lat, z);
    this.heightM.push(heightM > 0 ? heightM : NaN);
    this.crownDiameterM.push(crownDiameterM > 0 ? crownDiameterM : NaN);
    this.leafCycle.push(leafCycle);
    this.count++;
    return undefined;
  }
}

export class GroundColumns extends PolygonColumns {
  readonly id: string[] = [];
  readonly groundFactorG = new GrowableArray(Float32Array);
  readonly cover: string[] = [];

  addGround(rings: readonly ArrayLike<number>[], id: string, g: number, cover: string): RejectReason {
    const reason = this.add(rings);
    if (reason !== undefined) return reason;
    this.id.push(id);
    this.groundFactorG.push(g);
    this.cover.push(cover);
    return undefined;
  }
}

export class LineColumns extends PolylineColumns {
  readonly id: string[] = [];
  readonly kind: string[] = [];
  readonly widthM = new GrowableArray(Float32Array);

  addLine(coords: ArrayLike<number>, stride: 2 | 3, id: string, kind: string, widthM: number): RejectReason {
    const reason = this.add(coords, stride);
    if (reason !== undefined) return reason;
    this.id.push(id);
    this.kind.push(kind);
    this.widthM.push(widthM);
    return undefined;
  }
}

/** Terrain samples (lon, lat, height) and, when the source has them, its triangles. */
export class TerrainColumns {
  readonly lonLatH = new GrowableArray(Float64Array, 1024);
  /** Vertex indices, three per triangle; empty → Delaunay triangulation of the points. */
  readonly triangles = new GrowableArray(Uint32Array, 1024);
  get pointCount(): number {
    return this.lonLatH.length / 3;
  }
}

/** Everything the importers of one run stage, file by file. */
export class CityStaging {
  readonly buildings = new BuildingColumns();
  readonly roads = new RoadColumns();
  readonly trees = new TreeColumns();
  readonly ground = new GroundColumns();
  readonly lines = new LineColumns();
  readonly terrain = new TerrainColumns();
  /** CRS named by each source file (file → code). */
  readonly crsByFile = new Map<string, string>();
  readonly attributions = new Set<string>();
}
