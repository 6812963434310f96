/**
 * Default link attributes per road class for building a RoadGraph from the twin's roads, used only
 * where the source gives no value (the twin's `maxSpeedKmh` and `lanes` win). Values are the MATSim
 * OSM network converter defaults (matsim-org/matsim-libs, OsmNetworkReader highway defaults:
 * capacity per lane veh/h, free speed, lanes per direction), a documented and widely used set.
 * Class names are those of the twin's ROAD_CLASSES; classes without motor traffic are absent.
 */
export interface RoadClassTraffic {
  /** Capacity per lane and direction, veh/h. */
  capacityPerLaneVehH: number;
  /** Free-flow speed when the road has no max speed, km/h. */
  speedKmh: number;
  /** Lanes per direction when the road has no lane count. */
  lanesPerDirection: number;
}

export const ROAD_CLASS_TRAFFIC: Readonly<Record<string, RoadClassTraffic>> = {
  motorway: { capacityPerLaneVehH: 2000, speedKmh: 120, lanesPerDirection: 2 },
  trunk: { capacityPerLaneVehH: 2000, speedKmh: 80, lanesPerDirection: 1 },
  primary: { capacityPerLaneVehH: 1500, speedKmh: 80, lanesPerDirection: 1 },
  secondary: { capacityPerLaneVehH: 1000, speedKmh: 60, lanesPerDirection: 1 },
  tertiary: { capacityPerLaneVehH: 600, speedKmh: 45, lanesPerDirection: 1 },
  unclassified: { capacityPerLaneVehH: 600, speedKmh: 45, lanesPerDirection: 1 },
  residential: { capacityPerLaneVehH: 600, speedKmh: 30, lanesPerDirection: 1 },
  service: { capacityPerLaneVehH: 300, speedKmh: 15, lanesPerDirection: 1 },
  living_street: { capacityPerLaneVehH: 300, speedKmh: 15, lanesPerDirection: 1 },
};

/** Classic BPR parameters (Bureau of Public Roads 1964) used for every road-class link. */
export const BPR_DEFAULT = { b: 0.15, power: 4 } as const;

/**
 * Capacity (veh/h) and free-flow time (s) of one direction of a road of `lengthM` metres.
 * `lanesTotal` is the road's lane count over both directions when `twoWay` (split evenly, at least
 * one per direction), else the one direction's; 0 or NaN = use the class default.
 * Returns undefined for classes without motor traffic.
 */
export function roadLinkAttributes(
  roadClass: string, lengthM: number, lanesTotal: number, maxSpeedKmh: number, twoWay: boolean,
): { capacityVehH: number; freeFlowTimeS: number; lanes: number; speedKmh: number } | undefined {
  const d = ROAD_CLASS_TRAFFIC[roadClass];
  if (d === undefined) return undefined;
  const known = Number.isFinite(lanesTotal) && lanesTotal > 0;
  const lanes = known ? Math.max(1, twoWay ? Math.floor(lanesTotal / 2) : lanesTotal) : d.lanesPerDirection;
  const speedKmh = Number.isFinite(maxSpeedKmh) && maxSpeedKmh > 0 ? maxSpeedKmh : d.speedKmh;
  return { capacityVehH: d.capacityPerLaneVehH * lanes, freeFlowTimeS: lengthM / (speedKmh / 3.6), lanes, speedKmh };
}
