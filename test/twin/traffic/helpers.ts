/** Hand-made road tables for the city traffic tests. */
import { BUILDING_USES, FLOW_STRIDE, ROAD_CLASSES, type BuildingTable, type BuildingUse, type RoadClass, type RoadTable } from '../../../src/twin/city-model';

export interface TestRoad {
  roadClass: RoadClass;
  /** Flat x, y of the vertices, m. */
  xy: number[];
  oneway?: -1 | 0 | 1;
  lanes?: number;
  maxSpeedKmh?: number;
}

/** A RoadTable of the given roads (ids road-0, road-1, …; z = 0). */
export function roadTableOf(roads: readonly TestRoad[]): RoadTable {
  const vertexOffset = new Uint32Array(roads.length + 1);
  const xyz: number[] = [];
  roads.forEach((r, i) => {
    for (let k = 0; k < r.xy.length; k += 2) xyz.push(r.xy[k] as number, r.xy[k + 1] as number, 0);
    vertexOffset[i + 1] = xyz.length / 3;
  });
  const n = roads.length;
  return {
    count: n, vertexOffset, xyz: Float64Array.from(xyz),
    id: roads.map((_, i) => `road-${i}`), name: roads.map(() => ''),
    roadClass: Uint8Array.from(roads, (r) => ROAD_CLASSES.indexOf(r.roadClass)),
    lanes: Uint8Array.from(roads, (r) => r.lanes ?? 0), maxSpeedKmh: Float32Array.from(roads, (r) => r.maxSpeedKmh ?? NaN),
    oneway: Int8Array.from(roads, (r) => r.oneway ?? 0), surface: roads.map(() => ''),
    flowVehH: new Float32Array(n * FLOW_STRIDE).fill(NaN), speedKmh: new Float32Array(n * FLOW_STRIDE).fill(NaN),
    defaulted: new Uint8Array(n), attributes: roads.map(() => ({})),
  };
}

export interface TestBuilding {
  use: BuildingUse;
  /** Outer ring, flat x, y (counter-clockwise); optional hole (clockwise). */
  ring: number[];
  hole?: number[];
  storeys?: number;
  residents?: number;
}

/** A BuildingTable of the given buildings. */
export function buildingTableOf(list: readonly TestBuilding[]): BuildingTable {
  const ringStart = new Uint32Array(list.length + 1);
  const ringOffset: number[] = [0];
  const xy: number[] = [];
  list.forEach((b, i) => {
    for (const ring of b.hole === undefined ? [b.ring] : [b.ring, b.hole]) {
      xy.push(...ring);
      ringOffset.push(xy.length / 2);
    }
    ringStart[i + 1] = ringOffset.length - 1;
  });
  const n = list.length;
  return {
    ringStart, ringOffset: Uint32Array.from(ringOffset), xy: Float64Array.from(xy), count: n,
    id: list.map((_, i) => `b-${i}`), baseHeightM: new Float32Array(n), heightM: Float32Array.from(list, (b) => 3 * (b.storeys ?? 1)),
    storeys: Uint16Array.from(list, (b) => b.storeys ?? 1), use: Uint8Array.from(list, (b) => BUILDING_USES.indexOf(b.use)),
    residents: Float32Array.from(list, (b) => b.residents ?? 0), defaulted: new Uint8Array(n), attributes: list.map(() => ({})),
  };
}
