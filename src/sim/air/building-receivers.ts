/**
 * Facade receivers of buildings for exposure: one receiver per vertex of each footprint's outer
 * ring, at a height above ground. A building's exposure is the concentration at its most exposed
 * facade point — the convention of Directive 2002/49/EC Annex VI §1.5 ("most exposed facade") used
 * for noise, applied here to air. CALINE3 sees no buildings, so these are open-terrain values at the
 * footprint outline (no street-canyon effect).
 */
import { createReceivers, type Receivers } from './district-map';

/** The footprint rings the receivers are taken from (same layout as the city model's polygons). */
export interface FootprintRings {
  count: number;
  /** Length count + 1: first ring of each feature. */
  ringStart: Uint32Array;
  /** Length ringCount + 1: first vertex of each ring. */
  ringOffset: Uint32Array;
  /** Interleaved x, y (m). */
  xy: Float64Array;
}

export interface BuildingReceivers extends Receivers {
  /** Receivers of building b are [buildingStart[b], buildingStart[b+1]). */
  buildingStart: Uint32Array;
}

/** Receivers at the outer-ring vertices of every footprint (a closing vertex equal to the first is skipped). */
export function buildingFacadeReceivers(buildings: FootprintRings, heightM: number): BuildingReceivers {
  const buildingStart = new Uint32Array(buildings.count + 1);
  let n = 0;
  for (let b = 0; b < buildings.count; b++) {
    buildingStart[b] = n;
    n += outerRingVertexCount(buildings, b);
  }
  buildingStart[buildings.count] = n;
  const rec = createReceivers(n);
  let k = 0;
  for (let b = 0; b < buildings.count; b++) {
    const ring = buildings.ringStart[b] as number;
    const first = buildings.ringOffset[ring] as number;
    const count = outerRingVertexCount(buildings, b);
    for (let v = 0; v < count; v++) {
      rec.x[k] = buildings.xy[2 * (first + v)] as number;
      rec.y[k] = buildings.xy[2 * (first + v) + 1] as number;
      rec.z[k] = heightM;
      k++;
    }
  }
  return { ...rec, buildingStart };
}

function outerRingVertexCount(buildings: FootprintRings, b: number): number {
  const ring = buildings.ringStart[b] as number;
  if (ring >= (buildings.ringStart[b + 1] as number)) return 0;
  const first = buildings.ringOffset[ring] as number;
  const end = buildings.ringOffset[ring + 1] as number;
  let count = end - first;
  if (count > 1) {
    const lx = buildings.xy[2 * (end - 1)] as number;
    const ly = buildings.xy[2 * (end - 1) + 1] as number;
    if (lx === buildings.xy[2 * first] && ly === buildings.xy[2 * first + 1]) count--;
  }
  return Math.max(0, count);
}

/** Per building, the highest value over its facade receivers (NaN for a building without receivers). */
export function mostExposedFacade(values: ArrayLike<number>, offset: number, buildingStart: Uint32Array, out = new Float32Array(buildingStart.length - 1)): Float32Array {
  for (let b = 0; b + 1 < buildingStart.length; b++) {
    let max = NaN;
    for (let k = buildingStart[b] as number; k < (buildingStart[b + 1] as number); k++) {
      const v = values[offset + k] as number;
      if (Number.isFinite(v) && !(v <= max)) max = v;
    }
    out[b] = max;
  }
  return out;
}
