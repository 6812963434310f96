/**
 * Sensor kinds (issue 5): the marker families of the Smart Data Models types the twin shows and
 * which attributes carry each family's main values. The live feed and the history loader (src/app)
 * fetch these attributes; the display rules (src/ui/sensor-display.ts) colour and chart them. One
 * table below both layers, so the attributes fetched for a replay are the ones a marker shows.
 */
import type { SensorType } from '../state/sensors-store';

/** Marker families: ParkingSpot and OnStreetParking share one. */
export type SensorKind = 'air' | 'noise' | 'traffic' | 'weather' | 'parking' | 'light' | 'waste';
export const SENSOR_KINDS: readonly SensorKind[] = ['air', 'noise', 'traffic', 'weather', 'parking', 'light', 'waste'];

export const KIND_OF_TYPE: Readonly<Record<SensorType, SensorKind>> = {
  AirQualityObserved: 'air',
  NoiseLevelObserved: 'noise',
  TrafficFlowObserved: 'traffic',
  WeatherObserved: 'weather',
  ParkingSpot: 'parking',
  OnStreetParking: 'parking',
  Streetlight: 'light',
  WasteContainer: 'waste',
};

export interface KindAttributes {
  /** Attributes offered as the main value, first present wins. */
  main: readonly string[];
  /** Attributes drawn on the detail chart (main values of the model). */
  chart: readonly string[];
}

/** Main and chart attributes per kind (Smart Data Models attribute names, core @context). */
export const KIND_ATTRIBUTES: Readonly<Record<SensorKind, KindAttributes>> = {
  air: { main: ['no2', 'pm10', 'pm25'], chart: ['no2', 'pm10', 'pm25'] },
  noise: { main: ['LAeq', 'LAS', 'LAmax'], chart: ['LAeq', 'LAmax'] },
  traffic: { main: ['intensity'], chart: ['intensity'] },
  weather: { main: ['temperature'], chart: ['temperature'] },
  parking: { main: ['occupancy', 'availableSpotNumber', 'status'], chart: ['occupancy', 'availableSpotNumber'] },
  light: { main: ['powerState', 'illuminanceLevel'], chart: ['powerState', 'illuminanceLevel'] },
  waste: { main: ['fillingLevel'], chart: ['fillingLevel'] },
};

/** The main attributes of a sensor type's kind. */
export function mainAttributesOf(type: SensorType): readonly string[] {
  return KIND_ATTRIBUTES[KIND_OF_TYPE[type]].main;
}
