/** Colours of the 3D scene and the map, shared with the legend so they always agree. */
import { ROAD_CLASSES, type RoadClass } from '../twin/city-model';

export const SCENE_BACKGROUND = '#dfe8ef';
/** Vertical field of view of the 3D camera (rad); the map matches it. */
export const SCENE_FOV_RAD = (45 * Math.PI) / 180;
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

/** Ground cover colours (GroundTable.cover), in the scene and on the map. */
export const COVER_COLOURS: Readonly<Record<string, string>> = {
  water: '#8fb8df',
  river: '#8fb8df',
  park: '#9cc784',
  grass: '#aed296',
  garden: '#b5d69c',
  forest: '#7fae72',
  courtyard: '#cfd8bd',
  square: '#e2d9c6',
  street: '#d6d3cc',
  rail: '#c9c3bb',
};
export const DEFAULT_COVER_COLOUR = '#d9d4c4';

/** Colours of context lines (WaterwayOrRailTable.kind). */
export const LINE_COLOURS: Readonly<Record<string, string>> = {
  river: '#6fa3d6',
  stream: '#6fa3d6',
  canal: '#6fa3d6',
  rail: '#6b6b75',
  tram: '#8a8a94',
};
export const DEFAULT_LINE_COLOUR = '#8a8a94';
