import fc from 'fast-check';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { canonicalCode, crsFromWkt, CrsError, getCrs, registerCrs } from '../../src/geo/crs';

describe('CRS names', () => {
  it.each([
    ['urn:ogc:def:crs:EPSG::2056', 'EPSG:2056'],
    ['EPSG:2154', 'EPSG:2154'],
    ['epsg:28992', 'EPSG:28992'],
    ['urn:ogc:def:crs:OGC:1.3:CRS84', 'EPSG:4326'],
    ['CRS84', 'EPSG:4326'],
    ['https://www.opengis.net/def/crs/EPSG/0/7415', 'EPSG:7415'],
    ['http://www.opengis.net/def/crs/EPSG/0/28992', 'EPSG:28992'],
    ['urn:ogc:def:crs:EPSG:6.6:3857', 'EPSG:3857'],
    ['urn:ogc:def:crs,crs:EPSG::28992,crs:EPSG::5709', 'EPSG:28992+5709'],
  ])('%s → %s', (name, code) => {
    expect(canonicalCode(name)).toBe(code);
  });

  it('knows WGS84, UTM zones north and south, ETRS89 UTM, LV95, Lambert-93, RD New (+NAP), Web Mercator, Belgian Lambert 72', () => {
    for (const code of ['EPSG:4326', 'EPSG:4258', 'EPSG:4979', 'EPSG:3857', 'EPSG:32601', 'EPSG:32660', 'EPSG:32701', 'EPSG:32760', 'EPSG:25828', 'EPSG:25838', 'EPSG:2056', 'EPSG:2154', 'EPSG:28992', 'EPSG:7415', 'EPSG:31370']) {
      expect(getCrs(code).code).toBe(code);
    }
  });

  it('reads .prj WKT by AUTHORITY, by PROJCS name (ESRI WKT) and UTM names', () => {
    const ogc = 'PROJCS["RGF93 / Lambert-93",GEOGCS["RGF93",DATUM["Reseau_Geodesique_Francais_1993",SPHEROID["GRS 1980",6378137,298.257222101]]],PROJECTION["Lambert_Conformal_Conic_2SP"],UNIT["metre",1],AUTHORITY["EPSG","2154"]]';
    expect(crsFromWkt(ogc).code).toBe('EPSG:2154');
    expect(crsFromWkt('PROJCS["RGF93_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]]]]').code).toBe('EPSG:2154');
    expect(crsFromWkt('PROJCS["CH1903+_LV95",GEOGCS["GCS_CH1903+",DATUM["D_CH1903+",SPHEROID["Bessel_1841",6377397.155,299.1528128]]]]').code).toBe('EPSG:2056');
    expect(crsFromWkt('PROJCS["WGS_1984_UTM_Zone_31N",GEOGCS["GCS_WGS_1984"]]').code).toBe('EPSG:32631');
    expect(crsFromWkt('PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989"]]').code).toBe('EPSG:25832');
  });

  it('hands other WKT to proj4', () => {
    const wkt = 'PROJCS["Custom TM",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",10],PARAMETER["scale_factor",1],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1]]';
    const crs = crsFromWkt(wkt);
    const ll = crs.toLonLat(0, 5000000, [0, 0]);
    expect(ll[0]).toBeCloseTo(10, 9);
  });

  it('names an unknown CRS and says how to add it', () => {
    const attempt = () => getCrs('urn:ogc:def:crs:EPSG::99999');
    expect(attempt).toThrow(CrsError);
    expect(attempt).toThrow(/EPSG:99999/);
    expect(attempt).toThrow(/registerCrs/);
    expect(attempt).toThrow(/--crs-def EPSG:99999=/);
  });

  it('registerCrs adds a CRS (proj4 string)', () => {
    registerCrs('EPSG:5514', '+proj=krovak +lat_0=49.5 +lon_0=24.8333333333333 +alpha=30.2881397527778 +k=0.9999 +x_0=0 +y_0=0 +ellps=bessel +towgs84=589,76,494,0,0,0,0 +units=m +no_defs');
    const ll = getCrs('urn:ogc:def:crs:EPSG::5514').toLonLat(-742000, -1044000, [0, 0]);
    expect(ll[0]).toBeGreaterThan(14);
    expect(ll[0]).toBeLessThan(15);
    expect(() => registerCrs('EPSG:1', 'not a definition')).toThrow(CrsError);
  });
});

describe('CRS round trips (source → WGS84 → source) within 1 cm', () => {
  const cases: [string, number, number, number][] = [
    // code, centre x, centre y, half-extent m
    ['EPSG:2056', 2600000, 1200000, 100000],
    ['EPSG:2154', 700000, 6600000, 300000],
    ['EPSG:28992', 155000, 463000, 100000],
    ['EPSG:32632', 500000, 5000000, 200000],
    ['EPSG:32733', 500000, 8000000, 200000],
    ['EPSG:25831', 500000, 5500000, 200000],
    ['EPSG:3857', 700000, 5800000, 500000],
    ['EPSG:31370', 150000, 170000, 80000],
  ];
  it.each(cases)('%s', (code, cx, cy, r) => {
    const crs = getCrs(code);
    let worst = 0;
    fc.assert(
      fc.property(fc.double({ min: -r, max: r, noNaN: true }), fc.double({ min: -r, max: r, noNaN: true }), (dx, dy) => {
        const ll = crs.toLonLat(cx + dx, cy + dy, [0, 0]);
        const back = crs.fromLonLat(ll[0] ?? NaN, ll[1] ?? NaN, [0, 0]);
        const d = Math.hypot((back[0] ?? NaN) - cx - dx, (back[1] ?? NaN) - cy - dy);
        worst = Math.max(worst, d);
        return d < 0.01;
      }),
      { seed: 42, numRuns: 300 },
    );
    expect(worst).toBeLessThan(0.01);
  });

  it('agrees with proj4 given the same definition directly (UTM 32N)', () => {
    const ll = getCrs('EPSG:32632').toLonLat(500000, 5000000, [0, 0]);
    const ref = proj4('+proj=utm +zone=32 +datum=WGS84 +units=m +no_defs', 'WGS84', [500000, 5000000]);
    expect(ll[0]).toBeCloseTo(ref[0] ?? NaN, 10);
    expect(ll[1]).toBeCloseTo(ref[1] ?? NaN, 10);
  });
});
