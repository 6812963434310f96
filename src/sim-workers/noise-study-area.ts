/**
 * Study area of a city noise map: its default bounds, the terrain and ground polygons handed to the
 * path finder, and the district's mean G (used as the G outside polygons only when asked).
 *
 * Mean G of the district = Σ area_i · G_i of the ground polygons (city.ground, G per Annex II
 * Table 2.5.a) ÷ the open area (study area minus building footprints), ground not covered by any
 * polygon counting as hard (G = 0: streets, yards, squares). Polygons are not clipped to the study
 * area and overlaps are not removed, so the ratio is clamped to [0, 1].
 */
import type { CityModel, PolygonTable } from '../twin/city-model';
import { terrainHeightAt } from '../twin/terrain';
import type { NoiseGroundPolygons, NoiseTerrain } from '../sim/noise/ground-model';

export interface NoiseBounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Margin around the buildings' extent of the default study area, m. */
export const STUDY_AREA_MARGIN_M = 50;

/**
 * Default study area: the buildings' bounding box grown by STUDY_AREA_MARGIN_M (where residents
 * live; road networks are often imported well beyond the built district), or the roads' bounding
 * box when there are no buildings. Roads outside it still emit into it.
 */
export function noiseJobBounds(city: CityModel): NoiseBounds {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const add = (x: number, y: number) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  };
  const b = city.buildings.xy;
  for (let i = 0; i + 1 < b.length; i += 2) add(b[i] ?? Number.NaN, b[i + 1] ?? Number.NaN);
  if (maxX >= minX) return { minX: minX - STUDY_AREA_MARGIN_M, minY: minY - STUDY_AREA_MARGIN_M, maxX: maxX + STUDY_AREA_MARGIN_M, maxY: maxY + STUDY_AREA_MARGIN_M };
  const r = city.roads.xyz;
  for (let i = 0; i + 2 < r.length; i += 3) add(r[i] ?? Number.NaN, r[i + 1] ?? Number.NaN);
  if (!(maxX > minX && maxY > minY)) throw new Error(`noise: city '${city.name}' has no buildings or roads to bound the study area`);
  return { minX, minY, maxX, maxY };
}

/** Area of polygon feature i, m² (outer ring minus holes). */
export function polygonArea(t: PolygonTable, i: number): number {
  let area = 0;
  for (let ring = t.ringStart[i] ?? 0; ring < (t.ringStart[i + 1] ?? 0); ring++) {
    const v0 = t.ringOffset[ring] ?? 0;
    const v1 = t.ringOffset[ring + 1] ?? 0;
    let a = 0;
    for (let v = v0; v < v1; v++) {
      const w = v + 1 < v1 ? v + 1 : v0;
      a += (t.xy[2 * v] ?? 0) * (t.xy[2 * w + 1] ?? 0) - (t.xy[2 * w] ?? 0) * (t.xy[2 * v + 1] ?? 0);
    }
    area += (ring === (t.ringStart[i] ?? 0) ? 1 : -1) * Math.abs(a / 2);
  }
  return Math.max(0, area);
}

/** Area-weighted ground factor G of the open ground (see the module comment). */
export function districtGroundFactor(city: CityModel, bounds: NoiseBounds): number {
  const study = (bounds.maxX - bounds.minX) * (bounds.maxY - bounds.minY);
  let built = 0;
  for (let i = 0; i < city.buildings.count; i++) built += polygonArea(city.buildings, i);
  const open = study - built;
  if (!(open > 0)) return 0;
  let weighted = 0;
  for (let i = 0; i < city.ground.count; i++) {
    const g = city.ground.groundFactorG[i] ?? Number.NaN;
    if (g >= 0 && g <= 1) weighted += g * polygonArea(city.ground, i);
  }
  return Math.min(1, Math.max(0, weighted / open));
}

/**
 * The city's terrain for the path finder as a regular grid (the kernel's `NoiseTerrain`): a grid
 * terrain as it is; a TIN sampled every `cellM` over `bounds` grown by `marginM` (sources beyond
 * the study area), points outside the TIN at the mean height of the points inside (assumption:
 * flat continuation). Undefined when the city has no terrain (flat ground).
 */
export function noiseTerrain(city: CityModel, bounds: NoiseBounds, marginM: number, cellM = 10): NoiseTerrain | undefined {
  const t = city.terrain;
  if (t === null) return undefined;
  if (t.kind === 'grid') return { x0: t.x0, y0: t.y0, cellM: t.cellSizeM, nx: t.nx, ny: t.ny, z: t.heightsM };
  const x0 = bounds.minX - marginM;
  const y0 = bounds.minY - marginM;
  const nx = Math.max(2, Math.ceil((bounds.maxX + marginM - x0) / cellM) + 1);
  const ny = Math.max(2, Math.ceil((bounds.maxY + marginM - y0) / cellM) + 1);
  const z = new Float32Array(nx * ny);
  let sum = 0;
  let n = 0;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const h = terrainHeightAt(t, x0 + i * cellM, y0 + j * cellM);
      z[j * nx + i] = h;
      if (Number.isFinite(h)) {
        sum += h;
        n++;
      }
    }
  }
  const mean = n > 0 ? sum / n : 0;
  for (let k = 0; k < z.length; k++) if (!Number.isFinite(z[k])) z[k] = mean;
  return { x0, y0, cellM, nx, ny, z };
}

/** The city's ground polygons (outer rings; holes ignored) with their G, for the G profile of each cut. */
export function noiseGroundPolygons(city: CityModel): NoiseGroundPolygons | undefined {
  const gt = city.ground;
  const ringOffset: number[] = [0];
  const xy: number[] = [];
  const g: number[] = [];
  for (let i = 0; i < gt.count; i++) {
    const gi = gt.groundFactorG[i] ?? Number.NaN;
    if (!(gi >= 0 && gi <= 1)) continue;
    const ring = gt.ringStart[i] ?? 0;
    const v0 = gt.ringOffset[ring] ?? 0;
    const v1 = gt.ringOffset[ring + 1] ?? 0;
    if (v1 - v0 < 3) continue;
    for (let v = v0; v < v1; v++) xy.push(gt.xy[2 * v] ?? 0, gt.xy[2 * v + 1] ?? 0);
    ringOffset.push(xy.length / 2);
    g.push(gi);
  }
  if (g.length === 0) return undefined;
  return { count: g.length, ringOffset: Uint32Array.from(ringOffset), xy: Float64Array.from(xy), g: Float32Array.from(g) };
}
