/** Colours of the 3D scene and the map, shared with the legend so they always agree. */
import { ROAD_CLASSES, type RoadClass } from '../twin/city-model';

export const SCENE_BACKGROUND = '#dfe8ef';
export const BUILDING_COLOUR = '#e9e4da';
export const BUILDING_HOVER_COLOUR = '#f2a541';
export const BUILDING_SELECTED_COLOUR = '#2f7fd8';
export const TERRAIN_COLOUR = '#b9c9a3';
export const TRUNK_COLOUR = '#7a5a3a';
export const CROWN_COLOUR = '#4f8a3c';

export const ROAD_CLASS_COLOURS: Readonly<Record<RoadClass, string>> = {
  motorway: '#c2410c',
  trunk: '#d9622b',
  primary: '#e08a1e',
  secondary: '#e3b23c',
  tertiary: '#f0d67a',
  residential: '#9aa3ad',
  service: '#b8bec4',
  living_street: '#a7c4a0',
  pedestrian: '#d8cbb5',
  cycleway: '#4c8fd1',
  footway: '#c9b59a',
  rail: '#5b5b66',
  unclassified: '#a9a9a9',
};

/** Colour of a road class index (ROAD_CLASSES order). */
export function roadClassColour(classIndex: number): string {
  const cls = ROAD_CLASSES[classIndex] ?? 'unclassified';
  return ROAD_CLASS_COLOURS[cls];
}
