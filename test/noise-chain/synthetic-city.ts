/**
 * A minimal CityModel for chain properties: straight roads with given flows per period and
 * category, and box buildings with residents; no terrain, no ground polygons.
 */
import { FLOW_STRIDE, type CityModel } from '../../src/twin/city-model';

export interface SyntheticRoad {
  /** Vertices x, y, m. */
  points: readonly [number, number][];
  /** Light vehicles (category 1) per hour in day, evening, night; speed 50 km/h. */
  lightVehH: readonly [number, number, number];
}

export interface SyntheticBuilding {
  /** Box corners, m. */
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  heightM: number;
  residents: number;
}

export function syntheticCity(roads: readonly SyntheticRoad[], buildings: readonly SyntheticBuilding[] = []): CityModel {
  const vertexOffset = [0];
  const xyz: number[] = [];
  const flow = new Float32Array(roads.length * FLOW_STRIDE);
  const speed = new Float32Array(roads.length * FLOW_STRIDE).fill(50);
  roads.forEach((r, i) => {
    for (const [x, y] of r.points) xyz.push(x, y, 0);
    vertexOffset.push(xyz.length / 3);
    r.lightVehH.forEach((q, p) => (flow[i * FLOW_STRIDE + p * 5] = q));
  });
  const n = buildings.length;
  const xy: number[] = [];
  for (const b of buildings) xy.push(b.minX, b.minY, b.maxX, b.minY, b.maxX, b.maxY, b.minX, b.maxY);
  const origin = { lonDeg: 7.85, latDeg: 48, heightM: 0 };
  return {
    name: 'synthetic', synthetic: true, origin, timeZone: 'Europe/Berlin', attribution: '',
    buildings: {
      count: n, id: buildings.map((_, i) => `b${i}`), ringStart: Uint32Array.from({ length: n + 1 }, (_, i) => i), ringOffset: Uint32Array.from({ length: n + 1 }, (_, i) => 4 * i),
      xy: Float64Array.from(xy), baseHeightM: new Float32Array(n), heightM: Float32Array.from(buildings.map((b) => b.heightM)), storeys: new Uint16Array(n).fill(3), use: new Uint8Array(n).fill(1),
      residents: Float32Array.from(buildings.map((b) => b.residents)), defaulted: new Uint8Array(n), attributes: buildings.map(() => ({})),
    },
    roads: {
      count: roads.length, id: roads.map((_, i) => `r${i}`), name: roads.map(() => ''), roadClass: new Uint8Array(roads.length).fill(2), lanes: new Uint8Array(roads.length).fill(2),
      maxSpeedKmh: new Float32Array(roads.length).fill(50), oneway: new Int8Array(roads.length), surface: roads.map(() => ''), flowVehH: flow, speedKmh: speed,
      defaulted: new Uint8Array(roads.length), attributes: roads.map(() => ({})), vertexOffset: Uint32Array.from(vertexOffset), xyz: Float64Array.from(xyz),
    },
    trees: { count: 0, id: [], xyz: new Float64Array(0), heightM: new Float32Array(0), crownDiameterM: new Float32Array(0), leafCycle: new Uint8Array(0), defaulted: new Uint8Array(0) },
    terrain: null,
    ground: { count: 0, id: [], ringStart: new Uint32Array(1), ringOffset: new Uint32Array(1), xy: new Float64Array(0), groundFactorG: new Float32Array(0), cover: [] },
    lines: { count: 0, id: [], kind: [], widthM: new Float32Array(0), vertexOffset: new Uint32Array(1), xyz: new Float64Array(0) },
    report: null,
  };
}
