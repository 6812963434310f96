/**
 * Road-level what-if changes of the twin (close a street, change its speed limit or lanes) as the
 * kernel's link edits: every directed link of the road, both directions and every piece.
 * Units: km/h for speeds given here (the network uses m/s), veh/h for capacities.
 */
import type { NetworkEdit } from '../../sim/traffic/what-if';
import type { CityRoadGraph } from './road-graph-from-city';

export type RoadChange =
  | { kind: 'close' }
  | { kind: 'reopen' }
  | { kind: 'speed'; speedKmh: number }
  /** Lanes per direction. */
  | { kind: 'lanes'; lanes: number }
  /** Capacity per direction, veh/h. */
  | { kind: 'capacity'; capacityVehH: number };

/** Link ids (graph order) of road `road`; empty for a road without motor traffic. */
export function linksOfRoad(g: CityRoadGraph, road: number): number[] {
  const links: number[] = [];
  for (let a = 0; a < g.roadLinkCount; a++) if (g.linkRoad[a] === road) links.push(a);
  return links;
}

/** The kernel edits of a change to road `road`; throws naming the road when it has no motor link. */
export function roadEdits(g: CityRoadGraph, road: number, change: RoadChange): NetworkEdit[] {
  const links = linksOfRoad(g, road);
  if (links.length === 0) throw new Error(`what-if: road ${road} has no motor-traffic link (class without motor traffic, or no geometry)`);
  return links.map((link): NetworkEdit => {
    switch (change.kind) {
      case 'close':
      case 'reopen':
        return { kind: change.kind, link };
      case 'speed':
        if (!(change.speedKmh > 0)) throw new Error(`what-if: road ${road} speed must be > 0 km/h, got ${change.speedKmh}`);
        return { kind: 'speed', link, speed: change.speedKmh / 3.6 };
      case 'lanes':
        if (!(Number.isInteger(change.lanes) && change.lanes >= 1)) throw new Error(`what-if: road ${road} lanes must be an integer ≥ 1, got ${change.lanes}`);
        return { kind: 'lanes', link, lanes: change.lanes };
      case 'capacity':
        if (!(change.capacityVehH > 0)) throw new Error(`what-if: road ${road} capacity must be > 0 veh/h, got ${change.capacityVehH}`);
        return { kind: 'capacity', link, capacity: change.capacityVehH };
    }
  });
}
