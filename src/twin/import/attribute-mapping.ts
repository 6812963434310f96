/**
 * Attribute names of GeoJSON properties and shapefile .dbf columns → model fields. Names are
 * matched case-insensitively; the first present name wins.
 *
 * Road flows (documented mapping onto RoadTable.flowVehH, veh/h per period and CNOSSOS category):
 * - finer columns, when present, map one to one: LV_p → category 1, MV_p → 2, HGV_p → 3,
 *   WAV_p → 4a, WBV_p → 4b (p = D, E, N for day 07–19, evening 19–23, night 23–07);
 * - otherwise totals and heavy vehicles: TV_p (all vehicles) and HV_p (heavy): light = TV − HV →
 *   category 1, HV → category 3 (the NoiseModelling road-traffic table convention);
 * - speeds: LV_SPD_p → categories 1, 4a, 4b; MV_SPD_p → 2; HV_SPD_p → 3 (and 2 when MV is absent);
 * - PVMT → CNOSSOS-EU road surface id (Directive (EU) 2015/996 Annex II, Appendix F); without one,
 *   a `surface` column or OSM `surface=*` tag maps through CNOSSOS_SURFACE_BY_OSM.
 */
import { FLOW_STRIDE, PERIODS, ROAD_CLASSES, VEHICLE_CATEGORIES, type BuildingUse, type RoadClass } from '../city-model';
import { USE_BY_BUILDING_TYPE } from '../defaults';
import { parseCount, parseLengthM, parseMaxSpeedKmh } from './osm-values';

export type Properties = Record<string, unknown>;

/** The value of the first of `names` present in `props` (case-insensitive). */
export function pick(props: Properties, names: readonly string[]): unknown {
  for (const name of names) {
    if (name in props) return props[name];
  }
  const lower = new Map(Object.keys(props).map((k) => [k.toLowerCase(), k]));
  for (const name of names) {
    const key = lower.get(name.toLowerCase());
    if (key !== undefined) return props[key];
  }
  return undefined;
}

/** A numeric attribute (numbers, or strings with units where the field is a length). */
export function pickNumber(props: Properties, names: readonly string[]): number {
  const v = pick(props, names);
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return parseLengthM(v);
  return NaN;
}

const HEIGHT_NAMES = ['height', 'HEIGHT', 'measuredHeight', 'hauteur', 'HAUTEUR', 'building:height', 'h_mean', 'HOEHE', 'altura'];
const LEVEL_NAMES = ['building:levels', 'levels', 'storeys', 'stories', 'NB_NIV', 'nbEtages', 'NB_ETAGES', 'storeysAboveGround', 'floors'];
const POPULATION_NAMES = ['POP', 'population', 'residents', 'inhabitants', 'POPULATION'];
const USE_NAMES = ['building', 'use', 'usage', 'USAGE1', 'function', 'type'];
export const G_NAMES = ['G', 'groundFactorG', 'ground_factor'];

export function buildingFields(props: Properties): { heightM: number; storeys: number; residents: number; use?: BuildingUse; typeHint: string } {
  const word = pick(props, USE_NAMES);
  const typeHint = typeof word === 'string' ? word.toLowerCase() : '';
  const use = USE_BY_BUILDING_TYPE[typeHint];
  const levels = pick(props, LEVEL_NAMES);
  return {
    heightM: pickNumber(props, HEIGHT_NAMES),
    storeys: typeof levels === 'number' ? levels : typeof levels === 'string' ? parseCount(levels) : NaN,
    residents: pickNumber(props, POPULATION_NAMES),
    ...(use === undefined ? {} : { use }),
    typeHint,
  };
}

/** Ground factor G when the feature carries one (0…1), else NaN. */
export function groundFactor(props: Properties): number {
  const g = pickNumber(props, G_NAMES);
  return g >= 0 && g <= 1 ? g : NaN;
}

const CLASS_WORDS: Readonly<Record<string, RoadClass>> = { motorway_link: 'motorway', trunk_link: 'trunk', primary_link: 'primary', secondary_link: 'secondary', tertiary_link: 'tertiary', path: 'footway', steps: 'footway', road: 'unclassified', track: 'service' };

export interface RoadFields {
  roadClass: RoadClass;
  name: string;
  lanes: number;
  maxSpeedKmh: number;
  oneway: -1 | 0 | 1;
  surface?: string;
  flowVehH?: Float32Array;
  speedKmh?: Float32Array;
}

export function roadFields(props: Properties): RoadFields {
  const word = String(pick(props, ['highway', 'class', 'CLASS', 'roadClass', 'type']) ?? '').toLowerCase();
  const roadClass: RoadClass = (ROAD_CLASSES as readonly string[]).includes(word) ? (word as RoadClass) : (CLASS_WORDS[word] ?? 'unclassified');
  const oneway = String(pick(props, ['oneway', 'ONEWAY', 'sens']) ?? '');
  const speed = pick(props, ['maxspeed', 'MAXSPEED', 'max_speed', 'speed_limit']);
  const surface = cnossosSurface(props);
  const lanesValue = pick(props, ['lanes', 'LANES', 'nb_voies']);
  const flows = roadFlows(props);
  return {
    roadClass,
    name: String(pick(props, ['name', 'NAME', 'nom']) ?? ''),
    lanes: typeof lanesValue === 'number' ? lanesValue : parseCount(typeof lanesValue === 'string' ? lanesValue : undefined),
    maxSpeedKmh: typeof speed === 'number' ? speed : parseMaxSpeedKmh(typeof speed === 'string' ? speed : undefined),
    oneway: oneway === '-1' ? -1 : oneway === 'yes' || oneway === '1' || oneway === 'true' ? 1 : 0,
    ...(typeof surface === 'string' ? { surface: surface.trim() } : {}),
    ...flows,
  };
}

/**
 * OSM `surface=*` → CNOSSOS-EU road surface id ('' = the reference surface, dense asphalt / SMA
 * 0/11 averaged, Annex II §2.2.2). The Directive's surface table (Appendix F, Table F-4) lists the
 * Dutch surfaces: NL06 brushed-down concrete, NL10 hard elements in herring-bone, NL11 hard
 * elements not in herring-bone. Assumptions: concrete roads are brushed-down concrete; paving
 * stones (concrete pavers) are usually laid in herring-bone; setts, cobbles and bricks are not.
 * Values not listed (unpaved, gravel, …) keep the reference surface.
 */
export const CNOSSOS_SURFACE_BY_OSM: Readonly<Record<string, string>> = {
  asphalt: '', paved: '', chipseal: '',
  concrete: 'NL06', 'concrete:plates': 'NL06', 'concrete:lanes': 'NL06',
  paving_stones: 'NL10', 'paving_stones:lanes': 'NL10',
  sett: 'NL11', cobblestone: 'NL11', 'cobblestone:flattened': 'NL11', unhewn_cobblestone: 'NL11', bricks: 'NL11',
};

const CNOSSOS_SURFACE_ID = /^(NL\d{2}|DEF|FR_R\d)$/i;

/**
 * CNOSSOS-EU surface id of a road feature: a surface column (PVMT, surface_cnossos, cnossosSurface)
 * as given; else a `surface` value that is itself a CNOSSOS id, or an OSM value through
 * CNOSSOS_SURFACE_BY_OSM; undefined when nothing applies.
 */
export function cnossosSurface(props: Properties): string | undefined {
  const given = pick(props, ['PVMT', 'pvmt', 'surface_cnossos', 'cnossosSurface']);
  if (typeof given === 'string' && given.trim() !== '') return given.trim();
  const osm = pick(props, ['surface']);
  if (typeof osm !== 'string') return undefined;
  const value = osm.trim();
  if (CNOSSOS_SURFACE_ID.test(value)) return value.toUpperCase() === 'DEF' ? '' : value.toUpperCase();
  return CNOSSOS_SURFACE_BY_OSM[value.toLowerCase()];
}

const PERIOD_SUFFIX = ['D', 'E', 'N'] as const;

function roadFlows(props: Properties): { flowVehH?: Float32Array; speedKmh?: Float32Array } {
  const num = (name: string) => {
    const v = pick(props, [name]);
    return typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  };
  const cat = (c: (typeof VEHICLE_CATEGORIES)[number]) => VEHICLE_CATEGORIES.indexOf(c);
  const flow = new Float32Array(FLOW_STRIDE).fill(NaN);
  const speed = new Float32Array(FLOW_STRIDE).fill(NaN);
  let anyFlow = false;
  let anySpeed = false;
  for (let p = 0; p < PERIODS.length; p++) {
    const s = PERIOD_SUFFIX[p] ?? 'D';
    const row = p * VEHICLE_CATEGORIES.length;
    const lv = num(`LV_${s}`);
    if (Number.isFinite(lv)) {
      const values: [number, number][] = [[cat('1'), lv], [cat('2'), num(`MV_${s}`)], [cat('3'), num(`HGV_${s}`)], [cat('4a'), num(`WAV_${s}`)], [cat('4b'), num(`WBV_${s}`)]];
      for (const [c, v] of values) flow[row + c] = Number.isFinite(v) ? v : 0;
      anyFlow = true;
    } else {
      const tv = num(`TV_${s}`);
      const hv = num(`HV_${s}`);
      if (Number.isFinite(tv)) {
        const heavy = Number.isFinite(hv) ? hv : 0;
        flow[row + cat('1')] = Math.max(0, tv - heavy);
        flow[row + cat('2')] = 0;
        flow[row + cat('3')] = heavy;
        flow[row + cat('4a')] = 0;
        flow[row + cat('4b')] = 0;
        anyFlow = true;
      }
    }
    const lvSpeed = num(`LV_SPD_${s}`);
    const mvSpeed = num(`MV_SPD_${s}`);
    const hvSpeed = num(`HV_SPD_${s}`);
    if (Number.isFinite(lvSpeed)) {
      speed[row + cat('1')] = lvSpeed;
      speed[row + cat('4a')] = lvSpeed;
      speed[row + cat('4b')] = lvSpeed;
      anySpeed = true;
    }
    if (Number.isFinite(hvSpeed)) {
      speed[row + cat('3')] = hvSpeed;
      speed[row + cat('2')] = Number.isFinite(mvSpeed) ? mvSpeed : hvSpeed;
      anySpeed = true;
    } else if (Number.isFinite(mvSpeed)) speed[row + cat('2')] = mvSpeed;
  }
  return { ...(anyFlow ? { flowVehH: flow } : {}), ...(anySpeed ? { speedKmh: speed } : {}) };
}

/** Whether the feature describes a tree (natural=tree, class/type "tree", or a crown size). */
export function isTree(props: Properties): boolean {
  const word = String(pick(props, ['natural', 'class', 'type', 'kind']) ?? '').toLowerCase();
  return word === 'tree' || pick(props, ['crown', 'diameter_crown', 'crownDiameter']) !== undefined;
}

/** Railway or waterway kind of a line feature, or undefined for a road. */
export function contextLineKind(props: Properties): string | undefined {
  const railway = pick(props, ['railway']);
  if (typeof railway === 'string') return railway;
  const waterway = pick(props, ['waterway']);
  if (typeof waterway === 'string') return waterway;
  return undefined;
}
