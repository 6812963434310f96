/**
 * CityJSON 1.1 / 2.0 importer (cityjson.org/specs/2.0.1: §"Transform object", §"Geometry
 * objects", §"Semantics of geometric primitives", §"Metadata/referenceSystem").
 * - vertices are integers: real = v · scale + translate;
 * - Building / BuildingPart: footprint from the GroundSurface faces when semantics name them, else
 *   the downward-facing faces (a shell's floor), else the upward-facing ones (roofs seen from
 *   above, for shells without a floor), else the lowest faces; base = lowest z, roof = highest
 *   z of the chosen LoD (highest available ≤ 2.2), measuredHeight when the geometry is flat;
 * - TINRelief → terrain triangles; without a TINRelief, the ground-level surfaces (LandUse,
 *   PlantCover, Road, TransportSquare, Railway, WaterBody) form the terrain;
 * - PlantCover / LandUse / WaterBody / Road / TransportSquare → ground polygons with G;
 * - SolitaryVegetationObject → trees (geometry extent or its template's reference point).
 */
import earcut from 'earcut';
import { getCrs, type Crs } from '../../geo/crs';
import { GROUND_FACTOR_BY_COVER } from '../defaults';
import type { ReportCollector } from '../import-report';
import type { CityStaging } from '../table-builders';
import { buildingFields, pickNumber } from './attribute-mapping';
import { scalarAttributes } from './feature-staging';
import { ImportError } from './import-error';
import { outlinePolygons, type Face } from './surface-outline';

interface CjGeometry {
  type: string;
  lod?: string | number;
  boundaries?: unknown;
  semantics?: { surfaces?: { type?: string }[]; values?: unknown };
  template?: number;
  transformationMatrix?: number[];
}
interface CjObject {
  type?: string;
  attributes?: Record<string, unknown>;
  geometry?: CjGeometry[];
  children?: string[];
  parents?: string[];
}

const GROUND_TYPES: Readonly<Record<string, string>> = {
  PlantCover: 'plant_cover', LandUse: 'land_use', WaterBody: 'water', Road: 'road', TransportSquare: 'square', Railway: 'compacted',
};

export function stageCityJson(json: unknown, file: string, staging: CityStaging, report: ReportCollector): void {
  const root = json as { type?: unknown; version?: unknown; transform?: { scale?: number[]; translate?: number[] }; vertices?: unknown; CityObjects?: Record<string, CjObject>; metadata?: { referenceSystem?: unknown }; 'geometry-templates'?: { 'vertices-templates'?: number[][] } };
  if (root?.type !== 'CityJSON') throw new ImportError([{ file, reason: 'not a CityJSON file (type ≠ "CityJSON")' }]);
  const version = String(root.version ?? '');
  if (!/^(1\.[01]|2\.0)/.test(version)) report.warn(`${file}: CityJSON version "${version}" is not 1.1 or 2.0; read as 2.0`);
  if (!Array.isArray(root.vertices)) throw new ImportError([{ file, feature: 'vertices', reason: 'missing "vertices" array' }]);
  if (typeof root.CityObjects !== 'object' || root.CityObjects === null) throw new ImportError([{ file, feature: 'CityObjects', reason: 'missing "CityObjects"' }]);
  const rs = root.metadata?.referenceSystem;
  if (typeof rs !== 'string') throw new ImportError([{ file, feature: 'metadata.referenceSystem', reason: 'no CRS: metadata.referenceSystem is missing' }]);
  let crs: Crs;
  try {
    crs = getCrs(rs);
  } catch (error) {
    throw new ImportError([{ file, feature: 'metadata.referenceSystem', reason: error instanceof Error ? error.message : String(error) }]);
  }
  staging.crsByFile.set(file, crs.code);

  const scale = root.transform?.scale ?? [1, 1, 1];
  const translate = root.transform?.translate ?? [0, 0, 0];
  const raw = root.vertices as unknown[];
  const n = raw.length;
  const real = new Float64Array(3 * n);
  const lonLat = new Float64Array(2 * n);
  const ll = [0, 0];
  for (let i = 0; i < n; i++) {
    const v = raw[i];
    if (!Array.isArray(v) || v.length < 3) throw new ImportError([{ file, feature: `vertices[${i}]`, reason: 'vertex is not [x, y, z]' }]);
    for (let k = 0; k < 3; k++) real[3 * i + k] = Number(v[k]) * (scale[k] ?? 1) + (translate[k] ?? 0);
    crs.toLonLat(real[3 * i] ?? 0, real[3 * i + 1] ?? 0, ll);
    lonLat[2 * i] = ll[0] ?? NaN;
    lonLat[2 * i + 1] = ll[1] ?? NaN;
  }
  const keyOf = (v: number) => `${raw[v] instanceof Array ? (raw[v] as number[])[0] : NaN},${raw[v] instanceof Array ? (raw[v] as number[])[1] : NaN}`;
  const xyOf = (v: number): [number, number] => [real[3 * v] ?? NaN, real[3 * v + 1] ?? NaN];
  const ctx: Ctx = { file, staging, report, real, lonLat, n, keyOf, xyOf };

  const objects = Object.entries(root.CityObjects);
  const hasTin = objects.some(([, o]) => o.type === 'TINRelief');
  const ignored = new Map<string, number>();
  for (const [id, obj] of objects) {
    try {
      switch (obj.type) {
        case 'Building':
        case 'BuildingPart': {
          const parentHasGeometry = obj.type === 'BuildingPart' && (obj.parents ?? []).some((p) => (root.CityObjects?.[p]?.geometry?.length ?? 0) > 0);
          if (!parentHasGeometry) stageBuilding(ctx, id, obj);
          break;
        }
        case 'TINRelief':
          stageTerrain(ctx, obj);
          break;
        case 'SolitaryVegetationObject':
          stageTree(ctx, id, obj, root['geometry-templates']?.['vertices-templates']);
          break;
        default: {
          const cover = GROUND_TYPES[obj.type ?? ''];
          if (cover !== undefined) {
            stageGround(ctx, id, obj, cover);
            if (!hasTin) stageTerrain(ctx, obj);
          } else ignored.set(obj.type ?? '?', (ignored.get(obj.type ?? '?') ?? 0) + 1);
        }
      }
    } catch (error) {
      if (error instanceof ImportError) throw error;
      report.skip(file, id, error instanceof Error ? error.message : String(error));
    }
  }
  if (ignored.size > 0) report.warn(`${file}: not part of the city model: ${[...ignored].map(([t, c]) => `${c} ${t}`).join(', ')}`);
}

interface Ctx {
  file: string;
  staging: CityStaging;
  report: ReportCollector;
  real: Float64Array;
  lonLat: Float64Array;
  n: number;
  keyOf: (v: number) => string;
  xyOf: (v: number) => [number, number];
}

interface SemanticFace {
  face: Face;
  semantic: string | undefined;
  /** True when the face belongs to a Solid's shell. */
  solid: boolean;
}

/** The faces of a geometry (MultiSurface/CompositeSurface/Solid/MultiSolid/CompositeSolid) with their semantic type. */
function facesOf(g: CjGeometry, ctx: Ctx): SemanticFace[] {
  const out: SemanticFace[] = [];
  const surfaces = g.semantics?.surfaces ?? [];
  const semanticOf = (value: unknown) => (typeof value === 'number' ? surfaces[value]?.type : undefined);
  const checkFace = (face: unknown): Face => {
    if (!Array.isArray(face)) throw new Error('surface is not an array of rings');
    for (const ring of face) {
      if (!Array.isArray(ring)) throw new Error('ring is not an array of vertex indices');
      for (const v of ring) if (typeof v !== 'number' || v < 0 || v >= ctx.n || !Number.isInteger(v)) throw new Error(`vertex index ${String(v)} out of range`);
    }
    return face as Face;
  };
  const b = g.boundaries;
  if (!Array.isArray(b)) return out;
  const values = g.semantics?.values;
  if (g.type === 'MultiSurface' || g.type === 'CompositeSurface') {
    b.forEach((face, i) => out.push({ face: checkFace(face), semantic: semanticOf(Array.isArray(values) ? values[i] : undefined), solid: false }));
  } else if (g.type === 'Solid') {
    b.forEach((shell, s) => {
      if (!Array.isArray(shell)) return;
      const sv = Array.isArray(values) ? (values[s] as unknown) : undefined;
      shell.forEach((face, i) => out.push({ face: checkFace(face), semantic: semanticOf(Array.isArray(sv) ? sv[i] : undefined), solid: s === 0 }));
    });
  } else if (g.type === 'MultiSolid' || g.type === 'CompositeSolid') {
    b.forEach((solid, k) => {
      if (!Array.isArray(solid)) return;
      const solidValues = Array.isArray(values) ? (values[k] as unknown) : undefined;
      solid.forEach((shell, s) => {
        if (!Array.isArray(shell)) return;
        const sv = Array.isArray(solidValues) ? (solidValues[s] as unknown) : undefined;
        shell.forEach((face, i) => out.push({ face: checkFace(face), semantic: semanticOf(Array.isArray(sv) ? sv[i] : undefined), solid: s === 0 }));
      });
    });
  }
  return out;
}

function lodValue(g: CjGeometry): number {
  const v = Number(g.lod ?? 0);
  return Number.isFinite(v) ? v : 0;
}

/** Newell normal z and length of a face's outer ring. */
function faceNormal(face: Face, real: Float64Array): { nz: number; norm: number } {
  const ring = face[0] ?? [];
  let nx = 0, ny = 0, nz = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = 3 * (ring[i] ?? 0);
    const b = 3 * (ring[(i + 1) % ring.length] ?? 0);
    const ax = real[a] ?? 0, ay = real[a + 1] ?? 0, az = real[a + 2] ?? 0, bx = real[b] ?? 0, by = real[b + 1] ?? 0, bz = real[b + 2] ?? 0;
    nx += (ay - by) * (az + bz);
    ny += (az - bz) * (ax + bx);
    nz += (ax - bx) * (ay + by);
  }
  return { nz, norm: Math.hypot(nx, ny, nz) };
}

function ringCoords(ring: readonly number[], lonLat: Float64Array): Float64Array {
  const out = new Float64Array(2 * ring.length);
  ring.forEach((v, i) => {
    out[2 * i] = lonLat[2 * v] ?? NaN;
    out[2 * i + 1] = lonLat[2 * v + 1] ?? NaN;
  });
  return out;
}

function stageBuilding(ctx: Ctx, id: string, obj: CjObject): void {
  const geometries = (obj.geometry ?? []).filter((g) => g.type !== 'GeometryInstance' && lodValue(g) <= 2.2);
  if (geometries.length === 0) {
    if ((obj.geometry ?? []).length > 0) ctx.report.skip(ctx.file, id, 'building geometry is only a template instance or LoD ≥ 3, not supported');
    else if ((obj.children ?? []).length === 0) ctx.report.skip(ctx.file, id, 'building without geometry');
    return;
  }
  const g = geometries.reduce((best, x) => (lodValue(x) > lodValue(best) ? x : best));
  const faces = facesOf(g, ctx);
  if (faces.length === 0) {
    ctx.report.skip(ctx.file, id, `empty ${g.type} geometry`);
    return;
  }
  let minZ = Infinity;
  let maxZ = -Infinity;
  for (const f of faces) for (const ring of f.face) for (const v of ring) {
    const z = ctx.real[3 * v + 2] ?? NaN;
    if (z < minZ) minZ = z;
    if (z > maxZ) maxZ = z;
  }
  let ground = faces.filter((f) => f.semantic === 'GroundSurface');
  const facing = (sign: 1 | -1) => faces.filter((f) => {
    const n = faceNormal(f.face, ctx.real);
    return sign * n.nz > 0.5 * n.norm;
  });
  // A closed shell's floor faces point down; shells without a floor are outlined by their roofs.
  if (ground.length === 0) ground = facing(-1);
  if (ground.length === 0) ground = facing(1);
  if (ground.length === 0) {
    const low = faces.filter((f) => f.face.every((ring) => ring.every((v) => (ctx.real[3 * v + 2] ?? Infinity) <= minZ + 0.05)));
    ground = low.length > 0 ? low : faces;
  }
  const polygons = outlinePolygons(ground.map((f) => f.face), ctx.keyOf, ctx.xyOf);
  if (polygons.length === 0) {
    ctx.report.skip(ctx.file, id, 'no footprint outline could be derived from the ground faces');
    return;
  }
  const attributes = obj.attributes ?? {};
  const fields = buildingFields(attributes);
  const measured = pickNumber(attributes, ['measuredHeight']);
  const geometricHeight = maxZ - minZ;
  const heightM = geometricHeight > 0.5 ? geometricHeight : Number.isFinite(measured) ? measured : fields.heightM;
  polygons.forEach((polygon, k) => {
    const featureId = polygons.length > 1 ? `${id}#${k}` : id;
    const reason = ctx.staging.buildings.addBuilding(polygon.map((ring) => ringCoords(ring, ctx.lonLat)), {
      id: featureId,
      baseZ: minZ,
      heightM,
      storeys: pickNumber(attributes, ['storeysAboveGround']) || fields.storeys,
      residents: fields.residents,
      ...(fields.use === undefined ? {} : { use: fields.use }),
      typeHint: fields.typeHint,
      attributes: { ...scalarAttributes(attributes), cityObjectType: obj.type ?? 'Building', lod: String(g.lod ?? '') },
    });
    if (reason !== undefined) ctx.report.skip(ctx.file, featureId, reason);
  });
}

/** Adds every face of the object's geometries to the terrain (triangulated with earcut when not triangles). */
function stageTerrain(ctx: Ctx, obj: CjObject): void {
  const t = ctx.staging.terrain;
  const base = t.pointCount;
  const local = new Map<number, number>();
  const index = (v: number) => {
    let k = local.get(v);
    if (k === undefined) {
      k = base + local.size;
      local.set(v, k);
      t.lonLatH.push3(ctx.lonLat[2 * v] ?? NaN, ctx.lonLat[2 * v + 1] ?? NaN, ctx.real[3 * v + 2] ?? NaN);
    }
    return k;
  };
  for (const g of obj.geometry ?? []) {
    for (const { face } of facesOf(g, ctx)) {
      const outer = face[0] ?? [];
      if (face.length === 1 && outer.length === 3) {
        t.triangles.push3(index(outer[0] ?? 0), index(outer[1] ?? 0), index(outer[2] ?? 0));
        continue;
      }
      const verts = face.flat();
      const flat: number[] = [];
      const holes: number[] = [];
      let count = 0;
      face.forEach((ring, r) => {
        if (r > 0) holes.push(count);
        for (const v of ring) flat.push(ctx.real[3 * v] ?? 0, ctx.real[3 * v + 1] ?? 0);
        count += ring.length;
      });
      const tri = earcut(flat, holes, 2);
      for (let i = 0; i < tri.length; i++) t.triangles.push(index(verts[tri[i] ?? 0] ?? 0));
    }
  }
}

function stageGround(ctx: Ctx, id: string, obj: CjObject, cover: string): void {
  const faces = (obj.geometry ?? []).flatMap((g) => facesOf(g, ctx).map((f) => f.face));
  const polygons = outlinePolygons(faces, ctx.keyOf, ctx.xyOf);
  polygons.forEach((polygon, k) => {
    const featureId = polygons.length > 1 ? `${id}#${k}` : id;
    const reason = ctx.staging.ground.addGround(polygon.map((ring) => ringCoords(ring, ctx.lonLat)), featureId, GROUND_FACTOR_BY_COVER[cover] ?? 0, cover);
    if (reason !== undefined) ctx.report.skip(ctx.file, featureId, reason);
  });
}

function stageTree(ctx: Ctx, id: string, obj: CjObject, templateVertices: number[][] | undefined): void {
  const attributes = obj.attributes ?? {};
  let height = pickNumber(attributes, ['height', 'treeHeight', 'measuredHeight']);
  let crown = pickNumber(attributes, ['crownDiameter', 'diameter_crown']);
  const g = (obj.geometry ?? [])[0];
  if (!g) throw new Error('vegetation object without geometry');
  let x: number, y: number, z: number;
  if (g.type === 'GeometryInstance') {
    const ref = Array.isArray(g.boundaries) ? Number(g.boundaries[0]) : NaN;
    if (!(ref >= 0 && ref < ctx.n)) throw new Error('GeometryInstance without a valid reference point');
    x = ctx.lonLat[2 * ref] ?? NaN;
    y = ctx.lonLat[2 * ref + 1] ?? NaN;
    z = ctx.real[3 * ref + 2] ?? NaN;
    const tv = templateVertices ?? [];
    if (!Number.isFinite(height) && tv.length > 0) height = Math.max(...tv.map((v) => v[2] ?? 0)) - Math.min(...tv.map((v) => v[2] ?? 0));
  } else {
    const vs = facesOf(g, ctx).flatMap((f) => f.face.flat());
    if (vs.length === 0) throw new Error('vegetation object with empty geometry');
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity, minZ = Infinity, maxZ = -Infinity;
    for (const v of vs) {
      minX = Math.min(minX, ctx.real[3 * v] ?? 0); maxX = Math.max(maxX, ctx.real[3 * v] ?? 0);
      minY = Math.min(minY, ctx.real[3 * v + 1] ?? 0); maxY = Math.max(maxY, ctx.real[3 * v + 1] ?? 0);
      minZ = Math.min(minZ, ctx.real[3 * v + 2] ?? 0); maxZ = Math.max(maxZ, ctx.real[3 * v + 2] ?? 0);
    }
    const ll = [0, 0];
    const crsCode = ctx.staging.crsByFile.get(ctx.file) ?? 'EPSG:4326';
    getCrs(crsCode).toLonLat((minX + maxX) / 2, (minY + maxY) / 2, ll);
    x = ll[0] ?? NaN;
    y = ll[1] ?? NaN;
    z = minZ;
    if (!Number.isFinite(height)) height = maxZ - minZ;
    if (!Number.isFinite(crown)) crown = Math.max(maxX - minX, maxY - minY);
  }
  const reason = ctx.staging.trees.addTree(id, x, y, z, height, crown, 2);
  if (reason !== undefined) ctx.report.skip(ctx.file, id, reason);
}
