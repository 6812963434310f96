/**
 * Every default the importers fill in when a source lacks a value, in one place with its source.
 * A value filled from here sets the feature's `defaulted` bit and is counted in the ImportReport.
 */
import type { BuildingUse, RoadClass } from './city-model';

/** Storey height, m: the usual planning figure of 3 m per storey (floor to floor, residential). */
export const STOREY_HEIGHT_M = 3;

/**
 * Net dwelling floor area per person, m². ≈ 40 m² is the EU-average living space per person
 * reported by the ODYSSEE-MURE project (indicator "floor area of dwellings per capita", EU ≈ 40 m²
 * around 2015–2020) and by BPIE, "Europe's buildings under the microscope" (2011).
 */
export const FLOOR_AREA_PER_PERSON_M2 = 40;

/** Net/gross floor area ratio: walls, stairs and shafts take ~20 % of the gross area (assumption). */
export const NET_TO_GROSS_FLOOR_AREA = 0.8;

/** Share of a mixed-use building's floor area that is dwellings (assumption: half). */
export const MIXED_USE_RESIDENTIAL_SHARE = 0.5;

/** Storeys when neither height nor storeys is known, by building use (assumed typical values). */
export const DEFAULT_STOREYS_BY_USE: Readonly<Record<BuildingUse, number>> = {
  unknown: 2,
  residential: 3,
  mixed: 4,
  commercial: 2,
  office: 4,
  industrial: 1,
  public: 3,
  education: 2,
  health: 3,
  religious: 2,
  transport: 1,
  ancillary: 1,
};

/** Storeys by OSM `building=*` value where it says more than the use does (assumption). */
export const DEFAULT_STOREYS_BY_OSM_BUILDING: Readonly<Record<string, number>> = {
  house: 2,
  detached: 2,
  semidetached_house: 2,
  terrace: 2,
  bungalow: 1,
  apartments: 5,
  garage: 1,
  garages: 1,
  shed: 1,
  hut: 1,
  roof: 1,
  carport: 1,
  kiosk: 1,
  retail: 1,
  supermarket: 1,
  warehouse: 1,
  greenhouse: 1,
  church: 3,
  cathedral: 5,
};

/** OSM `building=*` (and generic use words in other sources) → BuildingUse. */
export const USE_BY_BUILDING_TYPE: Readonly<Record<string, BuildingUse>> = {
  residential: 'residential', house: 'residential', detached: 'residential', semidetached_house: 'residential',
  terrace: 'residential', apartments: 'residential', dormitory: 'residential', bungalow: 'residential', farm: 'residential',
  commercial: 'commercial', retail: 'commercial', supermarket: 'commercial', kiosk: 'commercial', hotel: 'commercial',
  office: 'office', industrial: 'industrial', warehouse: 'industrial', factory: 'industrial', manufacture: 'industrial',
  public: 'public', civic: 'public', government: 'public', fire_station: 'public', townhall: 'public',
  school: 'education', university: 'education', college: 'education', kindergarten: 'education',
  hospital: 'health', clinic: 'health',
  church: 'religious', cathedral: 'religious', chapel: 'religious', mosque: 'religious', synagogue: 'religious', temple: 'religious',
  train_station: 'transport', transportation: 'transport', parking: 'transport',
  garage: 'ancillary', garages: 'ancillary', shed: 'ancillary', roof: 'ancillary', carport: 'ancillary', hut: 'ancillary', greenhouse: 'ancillary',
  mixed: 'mixed', mixed_use: 'mixed',
};

/**
 * Estimated residents: gross floor area (footprint × storeys) × net/gross ÷ floor area per person,
 * for residential buildings, and the residential share of mixed-use ones; 0 otherwise.
 */
export function estimateResidents(footprintAreaM2: number, storeys: number, use: BuildingUse): number {
  const share = use === 'residential' ? 1 : use === 'mixed' ? MIXED_USE_RESIDENTIAL_SHARE : 0;
  if (share === 0 || !(footprintAreaM2 > 0) || !(storeys > 0)) return 0;
  return (footprintAreaM2 * storeys * NET_TO_GROSS_FLOOR_AREA * share) / FLOOR_AREA_PER_PERSON_M2;
}

/**
 * Lanes (both directions together) and maximum speed (km/h) by road class when the source gives
 * none: urban European defaults. 50 km/h is the general urban limit in most EU countries (e.g.
 * CH SSV Art. 4a, FR Code de la route R413-3, DE StVO §3); 30 km/h residential zones; 20 km/h
 * living streets (e.g. CH Begegnungszone, FR zone de rencontre); motorway/trunk at the common
 * national limits. Lane counts are the typical cross-sections (assumption).
 */
export const ROAD_DEFAULTS: Readonly<Record<RoadClass, { lanes: number; maxSpeedKmh: number }>> = {
  motorway: { lanes: 4, maxSpeedKmh: 120 },
  trunk: { lanes: 4, maxSpeedKmh: 100 },
  primary: { lanes: 2, maxSpeedKmh: 50 },
  secondary: { lanes: 2, maxSpeedKmh: 50 },
  tertiary: { lanes: 2, maxSpeedKmh: 50 },
  residential: { lanes: 2, maxSpeedKmh: 30 },
  service: { lanes: 1, maxSpeedKmh: 20 },
  living_street: { lanes: 1, maxSpeedKmh: 20 },
  pedestrian: { lanes: 1, maxSpeedKmh: 5 },
  cycleway: { lanes: 1, maxSpeedKmh: 25 },
  footway: { lanes: 1, maxSpeedKmh: 5 },
  rail: { lanes: 1, maxSpeedKmh: 80 },
  unclassified: { lanes: 2, maxSpeedKmh: 50 },
};

/**
 * Implicit speed limits named by OSM `maxspeed=CC:type` values (OSM wiki "Default speed limits",
 * from the national traffic codes). Unknown countries fall back on the generic type row.
 */
export const IMPLICIT_MAXSPEED_KMH: Readonly<Record<string, number>> = {
  urban: 50, rural: 90, motorway: 130, trunk: 100, living_street: 20, walk: 7, bicycle_road: 30,
  'CH:urban': 50, 'CH:rural': 80, 'CH:trunk': 100, 'CH:motorway': 120,
  'FR:urban': 50, 'FR:rural': 80, 'FR:trunk': 110, 'FR:motorway': 130,
  'DE:urban': 50, 'DE:rural': 100, 'DE:motorway': 130, 'DE:living_street': 7, 'DE:bicycle_road': 30,
  'AT:urban': 50, 'AT:rural': 100, 'AT:motorway': 130,
  'IT:urban': 50, 'IT:rural': 90, 'IT:trunk': 110, 'IT:motorway': 130,
  'NL:urban': 50, 'NL:rural': 80, 'NL:motorway': 100,
  'BE:urban': 50, 'BE-VLG:rural': 70, 'BE-WAL:rural': 90, 'BE:motorway': 120,
  'ES:urban': 50, 'ES:rural': 90, 'ES:motorway': 120,
  'GB:nsl_single': 96.56, 'GB:nsl_dual': 112.65, 'GB:motorway': 112.65,
};

/** Tree defaults when a source gives no height or crown: a mature urban tree (assumption, round figures). */
export const TREE_DEFAULTS = { heightM: 10, crownDiameterM: 6 } as const;

/**
 * Ground factor G by cover (Directive (EU) 2015/996 Annex II, Table 2.5.a: porous/soft ground
 * G = 1, compacted field/gravel 0.7, compacted dense ground 0.3, hard surfaces and water G = 0).
 */
export const GROUND_FACTOR_BY_COVER: Readonly<Record<string, number>> = {
  grass: 1, park: 1, forest: 1, wood: 1, meadow: 1, garden: 1, farmland: 1, scrub: 1, heath: 1, plant_cover: 1,
  cemetery: 0.7, gravel: 0.7, sand: 0.7,
  compacted: 0.3,
  water: 0, paved: 0, square: 0, parking: 0, road: 0, land_use: 0.3,
};

/** Width of context lines when a source gives none, m (assumption). */
export const LINE_WIDTH_M: Readonly<Record<string, number>> = { river: 20, canal: 12, stream: 3, ditch: 1, drain: 1, rail: 3, tram: 3, light_rail: 3, subway: 3 };
