/** Where a viewer first stands at street level: the road vertex nearest the district's centre (ENU m), on the road's own height. */
import type { CityModel } from '../twin/city-model';

export function defaultStreetSpot(city: CityModel, centreX: number, centreY: number): { x: number; y: number; z: number } {
  const xyz = city.roads.xyz;
  let best = { x: centreX, y: centreY, z: 0 };
  let bestD = Number.POSITIVE_INFINITY;
  for (let k = 0; k + 2 < xyz.length; k += 3) {
    const x = xyz[k] ?? 0;
    const y = xyz[k + 1] ?? 0;
    const d = (x - centreX) ** 2 + (y - centreY) ** 2;
    if (d < bestD) {
      bestD = d;
      best = { x, y, z: xyz[k + 2] ?? 0 };
    }
  }
  return best;
}
