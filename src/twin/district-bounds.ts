/**
 * Horizontal extent of a district (ENU m) for framing the camera: the 2nd–98th percentile box
 * of the building vertices (of the road vertices when there are no buildings), so a few far
 * outliers (a motorway leaving the extract) do not shrink the district to a dot.
 */
import type { CityModel } from './city-model';

export interface DistrictBounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  centreX: number;
  centreY: number;
  /** Half the diagonal, m (at least 80 m). */
  radiusM: number;
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))] ?? NaN;
}

export function districtBounds(city: CityModel): DistrictBounds {
  const useBuildings = city.buildings.count > 0;
  const source = useBuildings ? city.buildings.xy : city.roads.xyz;
  const stride = useBuildings ? 2 : 3;
  const n = Math.floor(source.length / stride);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let m = 0;
  for (let k = 0; k < n; k++) {
    const x = source[k * stride] ?? NaN;
    const y = source[k * stride + 1] ?? NaN;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    xs[m] = x;
    ys[m] = y;
    m++;
  }
  const sx = xs.subarray(0, m).sort();
  const sy = ys.subarray(0, m).sort();
  const trim = m > 50 ? 0.02 : 0;
  let minX = percentile(sx, trim);
  let maxX = percentile(sx, 1 - trim);
  let minY = percentile(sy, trim);
  let maxY = percentile(sy, 1 - trim);
  if (!Number.isFinite(minX) || !Number.isFinite(minY)) {
    minX = -100;
    minY = -100;
    maxX = 100;
    maxY = 100;
  }
  return {
    minX,
    minY,
    maxX,
    maxY,
    centreX: (minX + maxX) / 2,
    centreY: (minY + maxY) / 2,
    radiusM: Math.max(80, Math.hypot(maxX - minX, maxY - minY) / 2),
  };
}
