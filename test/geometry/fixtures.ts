/** Hand-made tables for the geometry tests: rings are taken exactly as given (no re-orientation). */
import type { BuildingTable, RoadTable, TreeTable } from '../../src/twin/city-model';
import { FLOW_STRIDE, ROAD_CLASSES, type RoadClass } from '../../src/twin/city-model';

export interface FixtureBuilding {
  rings: number[][];
  baseHeightM: number;
  heightM: number;
}

export function buildingTable(list: readonly FixtureBuilding[]): BuildingTable {
  const ringStart: number[] = [0];
  const ringOffset: number[] = [0];
  const xy: number[] = [];
  for (const b of list) {
    for (const ring of b.rings) {
      xy.push(...ring);
      ringOffset.push(xy.length / 2);
    }
    ringStart.push(ringOffset.length - 1);
  }
  const n = list.length;
  return {
    ringStart: Uint32Array.from(ringStart),
    ringOffset: Uint32Array.from(ringOffset),
    xy: Float64Array.from(xy),
    count: n,
    id: list.map((_, i) => `b${i}`),
    baseHeightM: Float32Array.from(list.map((b) => b.baseHeightM)),
    heightM: Float32Array.from(list.map((b) => b.heightM)),
    storeys: new Uint16Array(n),
    use: new Uint8Array(n),
    residents: new Float32Array(n),
    defaulted: new Uint8Array(n),
    attributes: list.map(() => ({})),
  };
}

export interface FixtureRoad {
  roadClass: RoadClass;
  lanes: number;
  /** Flat x, y, z. */
  xyz: number[];
}

export function roadTable(list: readonly FixtureRoad[]): RoadTable {
  const vertexOffset: number[] = [0];
  const xyz: number[] = [];
  for (const r of list) {
    xyz.push(...r.xyz);
    vertexOffset.push(xyz.length / 3);
  }
  const n = list.length;
  return {
    vertexOffset: Uint32Array.from(vertexOffset),
    xyz: Float64Array.from(xyz),
    count: n,
    id: list.map((_, i) => `r${i}`),
    name: list.map(() => ''),
    roadClass: Uint8Array.from(list.map((r) => ROAD_CLASSES.indexOf(r.roadClass))),
    lanes: Uint8Array.from(list.map((r) => r.lanes)),
    maxSpeedKmh: new Float32Array(n).fill(50),
    oneway: new Int8Array(n),
    surface: list.map(() => ''),
    flowVehH: new Float32Array(n * FLOW_STRIDE),
    speedKmh: new Float32Array(n * FLOW_STRIDE),
    defaulted: new Uint8Array(n),
    attributes: list.map(() => ({})),
  };
}

export function treeTable(list: readonly { x: number; y: number; z: number; heightM: number; crownDiameterM: number }[]): TreeTable {
  const n = list.length;
  return {
    count: n,
    id: list.map((_, i) => `t${i}`),
    xyz: Float64Array.from(list.flatMap((t) => [t.x, t.y, t.z])),
    heightM: Float32Array.from(list.map((t) => t.heightM)),
    crownDiameterM: Float32Array.from(list.map((t) => t.crownDiameterM)),
    leafCycle: new Uint8Array(n),
    defaulted: new Uint8Array(n),
  };
}
