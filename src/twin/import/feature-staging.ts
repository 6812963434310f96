/**
 * Stages GeoJSON-shaped features (RFC 7946 §3.2; shapefile records read as the same shape) in a
 * source CRS: polygons → buildings (base at the lowest z of a 3-D footprint, else seated on the
 * terrain), or ground polygons when they carry a ground factor G;
 * lines → roads (or railway/waterway context lines); points → trees when tagged as trees,
 * terrain samples in a terrain file, otherwise skipped with one warning.
 */
import type { Crs } from '../../geo/crs';
import { GROUND_FACTOR_BY_COVER, LINE_WIDTH_M } from '../defaults';
import type { ReportCollector } from '../import-report';
import type { CityStaging } from '../table-builders';
import { buildingFields, contextLineKind, groundFactor, isTree, pick, pickNumber, roadFields, type Properties } from './attribute-mapping';

export interface GeoFeature {
  id?: string | number;
  properties?: Properties | null;
  geometry?: { type: string; coordinates?: unknown } | null | undefined;
}

export interface StageOptions {
  file: string;
  crs: Crs;
  /** Points are terrain samples (a DEM point set). */
  terrainPoints: boolean;
  /** Layer name (file stem, e.g. "receivers"): ids are "<layer>#<index>" unless the feature has its own id. */
  layerName: string;
  /** Use the features' own ids (GeoJSON `id`); shapefile record numbers are not ids. */
  useFeatureIds: boolean;
}

type Position = number[];

function isPosition(v: unknown): v is Position {
  return Array.isArray(v) && v.length >= 2 && typeof v[0] === 'number' && typeof v[1] === 'number';
}

/** Interleaved lon/lat (stride 2) or lon/lat/h (stride 3) of a position list, via the CRS. */
function project(positions: unknown, crs: Crs, stride: 2 | 3): Float64Array | string {
  if (!Array.isArray(positions)) return 'coordinates are not an array';
  const out = new Float64Array(positions.length * stride);
  const ll = [0, 0];
  for (let i = 0; i < positions.length; i++) {
    const p: unknown = positions[i];
    if (!isPosition(p)) return `position ${i} is not [x, y(, z)]`;
    crs.toLonLat(p[0] ?? NaN, p[1] ?? NaN, ll);
    if (!Number.isFinite(ll[0]) || !Number.isFinite(ll[1])) return `position ${i} (${p.join(', ')}) cannot be transformed from ${crs.code}`;
    out[i * stride] = ll[0] ?? NaN;
    out[i * stride + 1] = ll[1] ?? NaN;
    if (stride === 3) out[i * stride + 2] = p[2] ?? NaN;
  }
  return out;
}

function polygonsOf(geometry: { type: string; coordinates?: unknown }): unknown[] {
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  return Array.isArray(geometry.coordinates) ? geometry.coordinates : [];
}

/** Stages every feature; bad ones are skipped and reported. */
export function stageFeatures(features: readonly GeoFeature[], staging: CityStaging, report: ReportCollector, options: StageOptions): void {
  const { file, crs } = options;
  staging.crsByFile.set(file, crs.code);
  let otherPoints = 0;
  for (let i = 0; i < features.length; i++) {
    const feature = features[i];
    const id = options.useFeatureIds && feature?.id !== undefined ? String(feature.id) : `${options.layerName}#${i}`;
    const geometry = feature?.geometry;
    const props: Properties = feature?.properties ?? {};
    if (!geometry || typeof geometry.type !== 'string') {
      report.skip(file, id, 'feature without geometry');
      continue;
    }
    const skip = (reason: string) => report.skip(file, id, reason);
    switch (geometry.type) {
      case 'Polygon':
      case 'MultiPolygon': {
        const parts = polygonsOf(geometry);
        const g = groundFactor(props);
        for (let k = 0; k < parts.length; k++) {
          const rings = parts[k];
          if (!Array.isArray(rings) || rings.length === 0) {
            skip('polygon without rings');
            continue;
          }
          const projected: Float64Array[] = [];
          let error: string | undefined;
          let minZ = Infinity;
          for (const ring of rings) {
            const r = project(ring, crs, 3);
            if (typeof r === 'string') {
              error = r;
              continue;
            }
            const xy = new Float64Array((r.length / 3) * 2);
            for (let v = 0; v < r.length / 3; v++) {
              xy[2 * v] = r[3 * v] ?? NaN;
              xy[2 * v + 1] = r[3 * v + 1] ?? NaN;
              const z = r[3 * v + 2] ?? NaN;
              if (z < minZ) minZ = z;
            }
            projected.push(xy);
          }
          if (error !== undefined) {
            skip(error);
            continue;
          }
          const featureId = parts.length > 1 ? `${id}#${k}` : id;
          const reason = Number.isFinite(g) ? addGround(staging, projected, featureId, g, props) : addBuilding(staging, projected, featureId, props, Number.isFinite(minZ) ? minZ : NaN);
          if (reason !== undefined) report.skip(file, featureId, reason);
        }
        break;
      }
      case 'LineString':
      case 'MultiLineString': {
        const parts = geometry.type === 'LineString' ? [geometry.coordinates] : Array.isArray(geometry.coordinates) ? geometry.coordinates : [];
        for (let k = 0; k < parts.length; k++) {
          const featureId = parts.length > 1 ? `${id}#${k}` : id;
          const line = project(parts[k], crs, 3);
          if (typeof line === 'string') {
            report.skip(file, featureId, line);
            continue;
          }
          const kind = contextLineKind(props);
          const reason =
            kind !== undefined
              ? staging.lines.addLine(line, 3, featureId, kind, pickNumber(props, ['width']) || (LINE_WIDTH_M[kind] ?? 3))
              : staging.roads.addRoad(line, 3, { id: featureId, ...roadFields(props), attributes: scalarAttributes(props) });
          if (reason !== undefined) report.skip(file, featureId, reason);
        }
        break;
      }
      case 'Point':
      case 'MultiPoint': {
        const points = geometry.type === 'Point' ? [geometry.coordinates] : Array.isArray(geometry.coordinates) ? geometry.coordinates : [];
        const asTree = isTree(props);
        if (!options.terrainPoints && !asTree) {
          otherPoints += points.length;
          break;
        }
        const xyz = project(points, crs, 3);
        if (typeof xyz === 'string') {
          skip(xyz);
          break;
        }
        for (let k = 0; k < points.length; k++) {
          const lon = xyz[3 * k] ?? NaN;
          const lat = xyz[3 * k + 1] ?? NaN;
          let z = xyz[3 * k + 2] ?? NaN;
          if (options.terrainPoints) {
            if (!Number.isFinite(z)) z = pickNumber(props, ['height', 'z', 'elevation', 'altitude', 'alt', 'h']);
            if (!Number.isFinite(z)) skip('terrain point without a height (no z coordinate nor height property)');
            else staging.terrain.lonLatH.push3(lon, lat, z);
          } else {
            const leaf = String(pick(props, ['leaf_cycle', 'leafCycle']) ?? '');
            const reason = staging.trees.addTree(
              points.length > 1 ? `${id}#${k}` : id, lon, lat, z,
              pickNumber(props, ['height', 'treeHeight', 'HEIGHT']), pickNumber(props, ['diameter_crown', 'crownDiameter', 'crown']),
              leaf === 'evergreen' ? 0 : leaf === 'deciduous' ? 1 : 2,
            );
            if (reason !== undefined) skip(reason);
          }
        }
        break;
      }
      default:
        skip(`unsupported geometry type "${geometry.type}"`);
    }
  }
  if (otherPoints > 0) report.warn(`${file}: ${otherPoints} points of the ${options.layerName} layer skipped (points that are neither trees nor terrain samples are not part of the city model)`);
}

/** `baseZ`: lowest z of a 3-D footprint (source vertical datum), NaN for 2-D data (seated on the terrain). */
function addBuilding(staging: CityStaging, rings: Float64Array[], id: string, props: Properties, baseZ: number): string | undefined {
  const f = buildingFields(props);
  return staging.buildings.addBuilding(rings, {
    id,
    baseZ,
    heightM: f.heightM,
    storeys: f.storeys,
    residents: f.residents,
    ...(f.use === undefined ? {} : { use: f.use }),
    typeHint: f.typeHint,
    attributes: scalarAttributes(props),
  });
}

function addGround(staging: CityStaging, rings: Float64Array[], id: string, g: number, props: Properties): string | undefined {
  const word = pick(props, ['SURF_CAT', 'cover', 'landuse', 'type', 'class']);
  const cover = typeof word === 'string' && word !== '' ? word : Object.entries(GROUND_FACTOR_BY_COVER).find(([, v]) => v === g)?.[0] ?? 'ground';
  return staging.ground.addGround(rings, id, g, cover);
}

/** Keeps scalar properties only (the info panel shows them; nested values are dropped). */
export function scalarAttributes(props: Properties): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(props)) {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}
