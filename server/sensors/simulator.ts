/**
 * Seeded, deterministic sensor simulator for the demo district (src/twin/demo): the sensors sit at
 * fixed places of the model and every value is a pure function of (seed, sensor, time), so a given
 * clock and seed always give the same entities. See README.md for the relations used.
 */
import { createEnuFrame } from '../../src/geo/enu';
import { sunPosition } from '../../src/sim/solar/spa';
import { FLOW_STRIDE, type CityModel } from '../../src/twin/city-model';
import { DEMO_ORIGIN, DEMO_TIME_ZONE } from '../../src/twin/demo';
import { UNIT, entityId, geoPoint, property, relationship, round, type NgsiEntity } from './entities';
import { addDb, hashUnit, keyHash, localHour, periodOfHour, rls90LevelDb, roadsideAir, weatherAt } from './physics';

export const SENSOR_SOURCE = 'civic-twin-sim';

/** Roads with a traffic counter, a noise sensor and (on the main street) an air-quality station. */
export const TRAFFIC_ROADS = ['road-main-0', 'road-main-2', 'road-main-4', 'road-ring-0', 'road-ring-6', 'road-ring-12', 'road-ring-18', 'road-schiller-2'] as const;
const AIR_ROADS = new Set(['road-main-2', 'road-ring-6', 'road-schiller-2']);
const PARKING_ROADS = ['road-schiller-2', 'road-main-3', 'road-linden-2'] as const;
const LIGHT_ROADS = ['road-main-1', 'road-main-2', 'road-main-3', 'road-schiller-2', 'road-ring-3'] as const;
const WASTE_ROADS = ['road-linden-1', 'road-goethe-3', 'road-mozart-4', 'road-bach-2'] as const;
/** Background level of a quiet urban night, dB(A) (WHO 2018 guideline night level 40–45). */
const BACKGROUND_DB = 42;

export interface SensorSimulatorOptions {
  model: CityModel;
  seed?: number;
  /** Geodetic origin of the model's ENU frame; default the demo district's. */
  origin?: { lonDeg: number; latDeg: number; heightM: number };
  timeZone?: string;
}

interface Site {
  road: number;
  roadId: string;
  /** keyHash(roadId), computed once per site for the seeded noise. */
  key: number;
  lonDeg: number;
  latDeg: number;
}

export interface SensorSimulator {
  /** Every sensor's entity at `timeMs` (Unix ms). */
  snapshot(timeMs: number): NgsiEntity[];
  readonly seed: number;
}

export function createSensorSimulator(options: SensorSimulatorOptions): SensorSimulator {
  const { model } = options;
  const seed = options.seed ?? 1;
  const origin = options.origin ?? DEMO_ORIGIN;
  const timeZone = options.timeZone ?? DEMO_TIME_ZONE;
  const frame = createEnuFrame(origin);
  const roads = model.roads;
  const index = new Map(roads.id.map((id, i) => [id, i]));
  const geo = [0, 0, 0];
  const site = (roadId: string): Site | undefined => {
    const road = index.get(roadId);
    if (road === undefined) return undefined;
    // Midpoint vertex of the polyline.
    const first = roads.vertexOffset[road] ?? 0;
    const last = (roads.vertexOffset[road + 1] ?? first + 1) - 1;
    const v = Math.floor((first + last) / 2);
    frame.toGeodetic(roads.xyz[v * 3] ?? 0, roads.xyz[v * 3 + 1] ?? 0, 0, geo);
    return { road, roadId, key: keyHash(roadId), lonDeg: geo[0] ?? 0, latDeg: geo[1] ?? 0 };
  };
  const pick = (ids: readonly string[]): Site[] => ids.map(site).filter((s): s is Site => s !== undefined);
  const trafficSites = pick(TRAFFIC_ROADS);
  const parkingSites = pick(PARKING_ROADS);
  const lightSites = pick(LIGHT_ROADS);
  const wasteSites = pick(WASTE_ROADS);

  /** Hourly flow (veh/h) and heavy share (%) of a road at a local hour, with ±8 % seeded noise per 5 min. */
  const traffic = (s: Site, hour: number, timeMs: number): { flow: number; heavyPercent: number; speed: number } => {
    const base = s.road * FLOW_STRIDE + periodOfHour(hour) * 5;
    let flow = 0;
    let heavy = 0;
    for (let c = 0; c < 5; c++) {
      const q = roads.flowVehH[base + c] ?? 0;
      if (Number.isFinite(q)) flow += q;
      if (c === 1 || c === 2) heavy += Number.isFinite(q) ? q : 0;
    }
    const jitter = 1 + (hashUnit(seed, s.key, Math.floor(timeMs / 300_000)) - 0.5) * 0.16;
    const speed = roads.speedKmh[base] ?? roads.maxSpeedKmh[s.road] ?? 50;
    return { flow: flow * jitter, heavyPercent: flow > 0 ? (100 * heavy) / flow : 0, speed: Number.isFinite(speed) ? speed : 50 };
  };

  return {
    seed,
    snapshot(timeMs) {
      const at = new Date(timeMs).toISOString();
      const hour = localHour(timeMs, timeZone);
      const weather = weatherAt(seed, timeMs, hour);
      const out: NgsiEntity[] = [];
      const roadRef = (s: Site): Record<string, unknown> => relationship(entityId('RoadSegment', SENSOR_SOURCE, s.roadId));
      out.push({
        id: entityId('WeatherObserved', SENSOR_SOURCE, 'station-1'),
        type: 'WeatherObserved',
        location: geoPoint(origin.lonDeg, origin.latDeg),
        dateObserved: property(at, at),
        temperature: property(round(weather.temperatureC, 1), at, UNIT.celsius),
        relativeHumidity: property(round(weather.relativeHumidity, 3), at, UNIT.one),
        windSpeed: property(round(weather.windSpeedMS, 1), at, UNIT.metrePerSecond),
        precipitation: property(round(weather.precipitationMm, 1), at, UNIT.millimetre),
      });
      for (const s of trafficSites) {
        const t = traffic(s, hour, timeMs);
        out.push({
          id: entityId('TrafficFlowObserved', SENSOR_SOURCE, s.roadId),
          type: 'TrafficFlowObserved',
          location: geoPoint(s.lonDeg, s.latDeg),
          dateObserved: property(at, at),
          // Vehicles counted over the last hour (the observation period), i.e. the hourly flow.
          intensity: property(Math.round(t.flow), at),
          averageVehicleSpeed: property(round(t.speed * (1 - 0.1 * hashUnit(seed, s.key, timeMs)), 1), at, UNIT.kilometrePerHour),
          refRoadSegment: roadRef(s),
        });
        const laeq = addDb(rls90LevelDb(t.flow, t.heavyPercent), BACKGROUND_DB);
        out.push({
          id: entityId('NoiseLevelObserved', SENSOR_SOURCE, s.roadId),
          type: 'NoiseLevelObserved',
          location: geoPoint(s.lonDeg, s.latDeg),
          dateObserved: property(at, at),
          LAeq: property(round(laeq, 1), at, UNIT.decibel),
          LAmax: property(round(laeq + 8 + 4 * hashUnit(seed, s.key, timeMs, 7), 1), at, UNIT.decibel),
        });
        if (AIR_ROADS.has(s.roadId)) {
          const air = roadsideAir(t.flow, weather);
          out.push({
            id: entityId('AirQualityObserved', SENSOR_SOURCE, s.roadId),
            type: 'AirQualityObserved',
            location: geoPoint(s.lonDeg, s.latDeg),
            dateObserved: property(at, at),
            no2: property(round(air.no2, 1), at, UNIT.microgramPerCubicMetre),
            pm10: property(round(air.pm10, 1), at, UNIT.microgramPerCubicMetre),
            pm25: property(round(air.pm25, 1), at, UNIT.microgramPerCubicMetre),
            temperature: property(round(weather.temperatureC, 1), at, UNIT.celsius),
          });
        }
      }
      for (const s of parkingSites) {
        const total = 20;
        // Residents' cars at night, shoppers by day: ≈ 85 % by day, 65 % at night.
        const mean = periodOfHour(hour) === 0 ? 0.85 : 0.65;
        const occupied = Math.min(total, Math.round(total * (mean + (hashUnit(seed, s.key, Math.floor(timeMs / 300_000)) - 0.5) * 0.2)));
        out.push({
          id: entityId('OnStreetParking', SENSOR_SOURCE, s.roadId),
          type: 'OnStreetParking',
          location: geoPoint(s.lonDeg, s.latDeg),
          totalSpotNumber: property(total, at),
          availableSpotNumber: property(total - occupied, at),
          occupancy: property(round(occupied / total, 3), at, UNIT.one),
          dateObserved: property(at, at),
          refRoadSegment: roadRef(s),
        });
      }
      const sun = sunPosition(timeMs / 1000, { latDeg: origin.latDeg, lonDeg: origin.lonDeg, elevationM: 278 });
      // Lights on from sunset to sunrise: apparent elevation of the sun's upper limb below the horizon.
      const lightsOn = sun.elevationDeg < -0.26667;
      for (const s of lightSites) {
        out.push({
          id: entityId('Streetlight', SENSOR_SOURCE, s.roadId),
          type: 'Streetlight',
          location: geoPoint(s.lonDeg, s.latDeg),
          powerState: property(lightsOn ? 'on' : 'off', at),
          status: property('ok', at),
          refRoadSegment: roadRef(s),
        });
      }
      for (const s of wasteSites) {
        // Emptied daily at 06:00 local; fills linearly over the day at a seeded rate (50–95 % per day).
        const sinceCollectionH = (hour - 6 + 24) % 24;
        const rate = 0.5 + 0.45 * hashUnit(seed, s.key, Math.floor(timeMs / 86_400_000));
        out.push({
          id: entityId('WasteContainer', SENSOR_SOURCE, s.roadId),
          type: 'WasteContainer',
          location: geoPoint(s.lonDeg, s.latDeg),
          fillingLevel: property(round(Math.min(1, (rate * sinceCollectionH) / 24), 3), at, UNIT.one),
          status: property('ok', at),
          dateObserved: property(at, at),
        });
      }
      return out;
    },
  };
}
