/** Horizontal extent of a district (ENU m), from buildings, roads and terrain. */
import type { CityModel } from '../twin/city-model';

export interface DistrictBounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  centreX: number;
  centreY: number;
  /** Half the diagonal, m (at least 50 m). */
  radiusM: number;
}

export function districtBounds(city: CityModel): DistrictBounds {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const add = (x: number, y: number): void => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  };
  const xy = city.buildings.xy;
  for (let k = 0; k + 1 < xy.length; k += 2) add(xy[k] ?? NaN, xy[k + 1] ?? NaN);
  const rxyz = city.roads.xyz;
  for (let k = 0; k + 2 < rxyz.length; k += 3) add(rxyz[k] ?? NaN, rxyz[k + 1] ?? NaN);
  if (!Number.isFinite(minX)) {
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
    radiusM: Math.max(50, Math.hypot(maxX - minX, maxY - minY) / 2),
  };
}
