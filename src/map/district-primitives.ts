/**
 * The district as Cesium primitives: buildings extruded from their footprints at their true
 * place (one Primitive of per-instance-coloured PolygonGeometry; pick id = building index), roads
 * as coloured polylines by class, ground cover (parks, water, squares) as flat polygons.
 */
import {
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  PolylineColorAppearance,
  PolylineGeometry,
  PointPrimitiveCollection,
  Primitive,
  type Cartesian3,
} from 'cesium';
import type { BuildingTable, CityModel, GroundTable, RoadTable } from '../twin/city-model';
import { BUILDING_COLOUR, BUILDING_SELECTED_COLOUR, COVER_COLOURS, CROWN_COLOUR, DEFAULT_COVER_COLOUR, roadClassColour } from '../scene/palette';
import type { MapFrame } from './map-frame';

/** Above this many buildings, geometry is built in Cesium's workers (asynchronous primitives). */
const ASYNC_THRESHOLD = 5000;

export interface BuildingPickId {
  building: number;
}

function ringPositions(table: BuildingTable | GroundTable, r: number, z: number, frame: MapFrame): Cartesian3[] {
  const out: Cartesian3[] = [];
  for (let v = table.ringOffset[r] ?? 0; v < (table.ringOffset[r + 1] ?? 0); v++) out.push(frame.toCartesian(table.xy[2 * v] ?? 0, table.xy[2 * v + 1] ?? 0, z));
  return out;
}

function hierarchy(table: BuildingTable | GroundTable, i: number, z: number, frame: MapFrame): PolygonHierarchy {
  const r0 = table.ringStart[i] ?? 0;
  const r1 = table.ringStart[i + 1] ?? r0;
  const holes: PolygonHierarchy[] = [];
  for (let r = r0 + 1; r < r1; r++) holes.push(new PolygonHierarchy(ringPositions(table, r, z, frame)));
  return new PolygonHierarchy(ringPositions(table, r0, z, frame), holes);
}

/** The buildings' primitive and its instance ids (Cesium finds an instance by id identity). */
export interface BuildingsPrimitive {
  primitive: Primitive;
  ids: BuildingPickId[];
}

export function createBuildingsPrimitive(buildings: BuildingTable, frame: MapFrame): BuildingsPrimitive | null {
  if (buildings.count === 0) return null;
  const ids: BuildingPickId[] = [];
  const colour = ColorGeometryInstanceAttribute.fromColor(Color.fromCssColorString(BUILDING_COLOUR));
  const instances: GeometryInstance[] = [];
  for (let i = 0; i < buildings.count; i++) {
    const base = Number.isFinite(buildings.baseHeightM[i]) ? (buildings.baseHeightM[i] ?? 0) : 0;
    const height = Number.isFinite(buildings.heightM[i]) ? (buildings.heightM[i] ?? 0) : 0;
    instances.push(
      new GeometryInstance({
        geometry: new PolygonGeometry({
          polygonHierarchy: hierarchy(buildings, i, 0, frame),
          height: base + frame.heightOffsetM + frame.enu.origin.heightM,
          extrudedHeight: base + height + frame.heightOffsetM + frame.enu.origin.heightM,
          vertexFormat: PerInstanceColorAppearance.VERTEX_FORMAT,
        }),
        id: (ids[i] = { building: i }),
        attributes: { color: colour },
      }),
    );
  }
  const primitive = new Primitive({
    geometryInstances: instances,
    appearance: new PerInstanceColorAppearance({ translucent: false, closed: true }),
    asynchronous: buildings.count > ASYNC_THRESHOLD,
  });
  return { primitive, ids };
}

/** Recolour one building (selection) on a ready primitive. */
export function setBuildingColour(buildings: BuildingsPrimitive, index: number, selected: boolean): void {
  const id = buildings.ids[index];
  if (id === undefined || !buildings.primitive.ready) return;
  const attributes = buildings.primitive.getGeometryInstanceAttributes(id) as { color?: Uint8Array } | undefined;
  if (attributes?.color === undefined) return;
  attributes.color = ColorGeometryInstanceAttribute.toValue(Color.fromCssColorString(selected ? BUILDING_SELECTED_COLOUR : BUILDING_COLOUR));
}

export function createRoadsPrimitive(roads: RoadTable, frame: MapFrame): Primitive | null {
  const instances: GeometryInstance[] = [];
  for (let i = 0; i < roads.count; i++) {
    const positions: Cartesian3[] = [];
    for (let v = roads.vertexOffset[i] ?? 0; v < (roads.vertexOffset[i + 1] ?? 0); v++) {
      const z = roads.xyz[3 * v + 2] ?? 0;
      positions.push(frame.toCartesian(roads.xyz[3 * v] ?? 0, roads.xyz[3 * v + 1] ?? 0, (Number.isFinite(z) ? z : 0) + 0.5));
    }
    if (positions.length < 2) continue;
    const cls = roads.roadClass[i] ?? 0;
    instances.push(
      new GeometryInstance({
        geometry: new PolylineGeometry({ positions, width: cls <= 3 ? 4 : 2.5, vertexFormat: PolylineColorAppearance.VERTEX_FORMAT }),
        attributes: { color: ColorGeometryInstanceAttribute.fromColor(Color.fromCssColorString(roadClassColour(cls))) },
      }),
    );
  }
  if (instances.length === 0) return null;
  return new Primitive({ geometryInstances: instances, appearance: new PolylineColorAppearance({ translucent: false }), asynchronous: false });
}

export function createGroundPrimitive(ground: GroundTable, frame: MapFrame): Primitive | null {
  const instances: GeometryInstance[] = [];
  for (let i = 0; i < ground.count; i++) {
    const colour = COVER_COLOURS[ground.cover[i] ?? ''] ?? DEFAULT_COVER_COLOUR;
    instances.push(
      new GeometryInstance({
        geometry: new PolygonGeometry({
          polygonHierarchy: hierarchy(ground, i, 0, frame),
          height: frame.heightOffsetM + frame.enu.origin.heightM + 0.2,
          vertexFormat: PerInstanceColorAppearance.FLAT_VERTEX_FORMAT,
        }),
        attributes: { color: ColorGeometryInstanceAttribute.fromColor(Color.fromCssColorString(colour)) },
      }),
    );
  }
  if (instances.length === 0) return null;
  return new Primitive({ geometryInstances: instances, appearance: new PerInstanceColorAppearance({ flat: true, translucent: false }), asynchronous: false });
}

/** Trees as points (crown colour), sized with the crown at a typical district zoom. */
export function createTreePoints(trees: CityModel['trees'], frame: MapFrame): PointPrimitiveCollection | null {
  if (trees.count === 0) return null;
  const points = new PointPrimitiveCollection();
  const colour = Color.fromCssColorString(CROWN_COLOUR);
  for (let i = 0; i < trees.count; i++) {
    const z = trees.xyz[3 * i + 2] ?? 0;
    const h = trees.heightM[i] ?? 10;
    points.add({
      position: frame.toCartesian(trees.xyz[3 * i] ?? 0, trees.xyz[3 * i + 1] ?? 0, (Number.isFinite(z) ? z : 0) + (Number.isFinite(h) ? h * 0.65 : 6)),
      color: colour,
      pixelSize: 5,
    });
  }
  return points;
}

export interface DistrictPrimitives {
  buildings: BuildingsPrimitive | null;
  roads: Primitive | null;
  ground: Primitive | null;
  trees: PointPrimitiveCollection | null;
}

export function createDistrictPrimitives(city: CityModel, frame: MapFrame): DistrictPrimitives {
  return {
    ground: createGroundPrimitive(city.ground, frame),
    roads: createRoadsPrimitive(city.roads, frame),
    buildings: createBuildingsPrimitive(city.buildings, frame),
    trees: createTreePoints(city.trees, frame),
  };
}
