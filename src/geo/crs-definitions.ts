/**
 * proj4 definitions of the CRSs known out of the box, from the EPSG Geodetic Parameter Dataset
 * (epsg.org; proj strings as published by PROJ / epsg.io for each code). Heights are not
 * transformed: a compound CRS (e.g. EPSG:7415 = RD New + NAP height) maps onto its horizontal part
 * and the height stays in the source's vertical datum (see crs.ts).
 */

const GRS80_NO_SHIFT = '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0';

/** EPSG code → proj4 definition. */
export function builtinCrsDefinitions(): Map<string, string> {
  const defs = new Map<string, string>([
    ['EPSG:4326', '+proj=longlat +datum=WGS84 +no_defs'],
    ['EPSG:4979', '+proj=longlat +datum=WGS84 +no_defs'],
    ['EPSG:4258', `+proj=longlat ${GRS80_NO_SHIFT} +no_defs`],
    ['EPSG:4937', `+proj=longlat ${GRS80_NO_SHIFT} +no_defs`],
    ['EPSG:4171', `+proj=longlat ${GRS80_NO_SHIFT} +no_defs`],
    ['EPSG:3857', '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs'],
    // Swiss CH1903+ / LV95 and CH1903 / LV03 (swisstopo; 7-parameter-free shift of EPSG:1676).
    ['EPSG:2056', '+proj=somerc +lat_0=46.9524055555556 +lon_0=7.43958333333333 +k_0=1 +x_0=2600000 +y_0=1200000 +ellps=bessel +towgs84=674.374,15.056,405.346,0,0,0,0 +units=m +no_defs'],
    ['EPSG:21781', '+proj=somerc +lat_0=46.9524055555556 +lon_0=7.43958333333333 +k_0=1 +x_0=600000 +y_0=200000 +ellps=bessel +towgs84=674.374,15.056,405.346,0,0,0,0 +units=m +no_defs'],
    // RGF93 v1 / Lambert-93 (IGN).
    ['EPSG:2154', `+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 ${GRS80_NO_SHIFT} +units=m +no_defs`],
    // Amersfoort / RD New (Kadaster); EPSG:7415 is RD New + NAP height.
    ['EPSG:28992', '+proj=sterea +lat_0=52.1561605555556 +lon_0=5.38763888888889 +k=0.9999079 +x_0=155000 +y_0=463000 +ellps=bessel +towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 +units=m +no_defs'],
    // Belge 1972 / Belgian Lambert 72.
    ['EPSG:31370', '+proj=lcc +lat_0=90 +lon_0=4.36748666666667 +lat_1=51.1666672333333 +lat_2=49.8333339 +x_0=150000.013 +y_0=5400088.438 +ellps=intl +towgs84=-106.8686,52.2978,-103.7239,0.3366,-0.457,1.8422,-1.2747 +units=m +no_defs'],
    // ETRS89 / LAEA Europe, ETRS89 / Belgian Lambert 2008.
    ['EPSG:3035', `+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 ${GRS80_NO_SHIFT} +units=m +no_defs`],
    ['EPSG:3812', `+proj=lcc +lat_0=50.797815 +lon_0=4.35921583333333 +lat_1=49.8333333333333 +lat_2=51.1666666666667 +x_0=649328 +y_0=665262 ${GRS80_NO_SHIFT} +units=m +no_defs`],
    // OSGB36 / British National Grid.
    ['EPSG:27700', '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs'],
    // DHDN / 3-degree Gauss-Krüger zone 3 and 4 (Germany, legacy).
    ['EPSG:31467', '+proj=tmerc +lat_0=0 +lon_0=9 +k=1 +x_0=3500000 +y_0=0 +ellps=bessel +towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7 +units=m +no_defs'],
    ['EPSG:31468', '+proj=tmerc +lat_0=0 +lon_0=12 +k=1 +x_0=4500000 +y_0=0 +ellps=bessel +towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7 +units=m +no_defs'],
  ]);
  for (let zone = 1; zone <= 60; zone++) {
    defs.set(`EPSG:${32600 + zone}`, `+proj=utm +zone=${zone} +datum=WGS84 +units=m +no_defs`);
    defs.set(`EPSG:${32700 + zone}`, `+proj=utm +zone=${zone} +south +datum=WGS84 +units=m +no_defs`);
  }
  for (let zone = 28; zone <= 38; zone++) {
    defs.set(`EPSG:${25800 + zone}`, `+proj=utm +zone=${zone} ${GRS80_NO_SHIFT} +units=m +no_defs`);
  }
  return defs;
}

/** Compound CRS → its horizontal component (EPSG registry: "horizontal CRS" of the compound). */
export const COMPOUND_HORIZONTAL: ReadonlyMap<string, string> = new Map([
  ['EPSG:7415', 'EPSG:28992'], // Amersfoort / RD New + NAP height
  ['EPSG:2056+5728', 'EPSG:2056'],
  ['EPSG:5972', 'EPSG:25832'], // ETRS89 / UTM 32N + NN2000 height
  ['EPSG:5973', 'EPSG:25833'],
  ['EPSG:5698', 'EPSG:2154'], // RGF93 / Lambert-93 + NGF-IGN69 height
  ['EPSG:9897', 'EPSG:2056'], // CH1903+ / LV95 + LHN95 height
  ['EPSG:7405', 'EPSG:27700'], // OSGB36 / British National Grid + ODN height
  ['EPSG:25832+7837', 'EPSG:25832'],
]);

/**
 * Normalised PROJCS/GEOGCS names of WKT without AUTHORITY (ESRI .prj) → EPSG code. Keys: lower
 * case, every run of non-alphanumerics replaced by "_".
 */
export const WKT_NAME_TO_EPSG: ReadonlyMap<string, string> = new Map([
  ['gcs_wgs_1984', 'EPSG:4326'],
  ['wgs_84', 'EPSG:4326'],
  ['wgs84', 'EPSG:4326'],
  ['gcs_etrs_1989', 'EPSG:4258'],
  ['etrs89', 'EPSG:4258'],
  ['wgs_1984_web_mercator_auxiliary_sphere', 'EPSG:3857'],
  ['wgs_84_pseudo_mercator', 'EPSG:3857'],
  ['rgf93_lambert_93', 'EPSG:2154'],
  ['rgf93_v1_lambert_93', 'EPSG:2154'],
  ['ch1903_lv95', 'EPSG:2056'],
  ['ch1903_lv03', 'EPSG:21781'],
  ['amersfoort_rd_new', 'EPSG:28992'],
  ['rd_new', 'EPSG:28992'],
  ['belge_1972_belgian_lambert_72', 'EPSG:31370'],
  ['british_national_grid', 'EPSG:27700'],
  ['osgb_1936_british_national_grid', 'EPSG:27700'],
  ['etrs_1989_laea', 'EPSG:3035'],
  ['etrs89_laea_europe', 'EPSG:3035'],
]);
