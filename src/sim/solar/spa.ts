/**
 * NREL Solar Position Algorithm for one instant (Reda & Andreas 2008, NREL/TP-560-34302, §3.10–3.15):
 * topocentric zenith and azimuth with parallax, refraction from pressure and temperature, incidence
 * on a tilted surface; plus the equation of time (A.1). Angles in degrees (names say so), pressure in
 * hPa (= mbar, as in the report), temperature in °C, elevation in m above sea level.
 * Azimuth Φ is measured from north, clockwise (eastward); the astronomers' azimuth Γ from south, westward.
 */
import { deltaTSecondsAt } from './delta-t';
import { createGeocentricSun, DEG, geocentricSun, JD_J2000, JD_UNIX_EPOCH, julianDayOfUnixS, limitDegrees, type GeocentricSun } from './spa-geocentric';

/** Mean sun radius (deg) used by SPA for the refraction switch and h0′ (A.2). */
export const SUN_RADIUS_DEG = 0.26667;
/** Default atmospheric refraction at sunrise/sunset (deg), SPA's `atmos_refract`. */
export const DEFAULT_ATMOS_REFRACT_DEG = 0.5667;
/** Earth equatorial radius (m) used in eq. 38–39. */
const EARTH_RADIUS_M = 6378140;

/** Where and under which atmosphere the sun is seen. */
export interface SolarSite {
  latDeg: number;
  /** Geographic longitude (deg), east positive. */
  lonDeg: number;
  /** Elevation above mean sea level (m); default 0. */
  elevationM?: number;
  /** Annual mean local pressure (hPa = mbar); default 1013.25. */
  pressureHpa?: number;
  /** Annual mean local temperature (°C); default 12. */
  temperatureC?: number;
  /** Refraction at sunrise/sunset (deg); default 0.5667. */
  atmosRefractDeg?: number;
  /** Surface slope ω from horizontal (deg) for the incidence angle; default 0. */
  slopeDeg?: number;
  /** Surface azimuth rotation γ (deg) measured from south, westward positive (eq. 46); default 0. */
  azimuthRotationDeg?: number;
}

/** Time scale options: ΔT = TT − UT (s, default from the Espenak–Meeus model) and ΔUT1 (s). */
export interface SolarTimeOptions {
  deltaTS?: number;
  deltaUt1S?: number;
}

/** Site values with defaults resolved and the latitude-dependent parallax terms (eq. 37–39). */
export interface ResolvedSite {
  latDeg: number;
  lonDeg: number;
  elevationM: number;
  pressureHpa: number;
  temperatureC: number;
  atmosRefractDeg: number;
  slopeDeg: number;
  azimuthRotationDeg: number;
  sinLat: number;
  cosLat: number;
  /** x = ρ cos φ′ and y = ρ sin φ′ of eq. 38–39. */
  parallaxX: number;
  parallaxY: number;
}

export function resolveSite(site: SolarSite): ResolvedSite {
  const latDeg = site.latDeg;
  const elevationM = site.elevationM ?? 0;
  if (!(Math.abs(latDeg) <= 90)) throw new Error(`latitude must be within ±90°, got ${latDeg}`);
  if (!(Math.abs(site.lonDeg) <= 180)) throw new Error(`longitude must be within ±180°, got ${site.lonDeg}`);
  const pressureHpa = site.pressureHpa ?? 1013.25;
  const temperatureC = site.temperatureC ?? 12;
  const atmosRefractDeg = site.atmosRefractDeg ?? DEFAULT_ATMOS_REFRACT_DEG;
  // Input ranges of the reference implementation (spa.c validate_inputs).
  if (!(pressureHpa >= 0 && pressureHpa <= 5000)) throw new Error(`pressure must be 0…5000 hPa (mbar), got ${pressureHpa}`);
  if (!(temperatureC > -273 && temperatureC <= 6000)) throw new Error(`temperature must be above −273 °C, got ${temperatureC}`);
  if (!(Math.abs(atmosRefractDeg) <= 5)) throw new Error(`atmospheric refraction at rise/set must be within ±5°, got ${atmosRefractDeg}`);
  if (!(elevationM >= -6500000)) throw new Error(`elevation must be ≥ −6 500 000 m, got ${elevationM}`);
  const phi = latDeg * DEG;
  const u = Math.atan(0.99664719 * Math.tan(phi)); // eq. 37
  return {
    latDeg,
    lonDeg: site.lonDeg,
    elevationM,
    pressureHpa,
    temperatureC,
    atmosRefractDeg,
    slopeDeg: site.slopeDeg ?? 0,
    azimuthRotationDeg: site.azimuthRotationDeg ?? 0,
    sinLat: Math.sin(phi),
    cosLat: Math.cos(phi),
    parallaxX: Math.cos(u) + (elevationM / EARTH_RADIUS_M) * Math.cos(phi), // eq. 38
    parallaxY: 0.99664719 * Math.sin(u) + (elevationM / EARTH_RADIUS_M) * Math.sin(phi), // eq. 39
  };
}

/**
 * Atmospheric refraction correction Δe (deg) of eq. 42 for the true elevation e0 (deg); zero when the
 * sun is below −(sun radius + atmos_refract), as in the reference implementation.
 */
export function refractionCorrectionDeg(e0Deg: number, pressureHpa: number, temperatureC: number, atmosRefractDeg: number): number {
  if (e0Deg < -(SUN_RADIUS_DEG + atmosRefractDeg)) return 0;
  return ((pressureHpa / 1010) * (283 / (273 + temperatureC)) * 1.02) / (60 * Math.tan((e0Deg + 10.3 / (e0Deg + 5.11)) * DEG));
}

/** Everything SPA computes for one instant and site. */
export interface SunPosition {
  geocentric: GeocentricSun;
  /** Local hour angle H (deg, 0…360), eq. 32. */
  hourAngleDeg: number;
  /** Equatorial horizontal parallax ξ (deg), eq. 33. */
  xiDeg: number;
  /** Parallax in right ascension Δα (deg), eq. 40. */
  deltaAlphaDeg: number;
  /** Topocentric right ascension α′, declination δ′ and local hour angle H′ (deg), eq. 41–43. */
  alphaPrimeDeg: number;
  deltaPrimeDeg: number;
  hourAnglePrimeDeg: number;
  /** Topocentric elevation without refraction e0 (deg), eq. 41. */
  elevationNoRefractionDeg: number;
  /** Refraction correction Δe (deg), eq. 42. */
  refractionDeg: number;
  /** Apparent topocentric elevation e = e0 + Δe (deg), eq. 43. */
  elevationDeg: number;
  /** Topocentric zenith θ = 90 − e (deg), eq. 44. */
  zenithDeg: number;
  /** Zenith without refraction, 90 − e0 (deg). */
  zenithNoRefractionDeg: number;
  /** Astronomers' azimuth Γ (deg, from south, westward), eq. 45. */
  astronomersAzimuthDeg: number;
  /** Topocentric azimuth Φ (deg, from north, clockwise), eq. 46. */
  azimuthDeg: number;
  /** Incidence angle I on the site's tilted surface (deg), eq. 47. */
  incidenceDeg: number;
  /** Equation of time (minutes), A.1. */
  equationOfTimeMin: number;
}

/** Topocentric part (§3.10–3.15) from a geocentric state; shared by the scalar path and rise/set. */
export function topocentricFromGeocentric(geo: GeocentricSun, site: ResolvedSite): SunPosition {
  const hDeg = limitDegrees(geo.nuDeg + site.lonDeg - geo.alphaDeg); // eq. 32
  const xiDeg = 8.794 / (3600 * geo.rAu); // eq. 33
  const h = hDeg * DEG;
  const xi = xiDeg * DEG;
  const delta = geo.deltaDeg * DEG;
  const sinXi = Math.sin(xi);
  const denom = Math.cos(delta) - site.parallaxX * sinXi * Math.cos(h);
  const deltaAlpha = Math.atan2(-site.parallaxX * sinXi * Math.sin(h), denom); // eq. 40
  const deltaPrime = Math.atan2((Math.sin(delta) - site.parallaxY * sinXi) * Math.cos(deltaAlpha), denom); // eq. 41
  const hPrime = h - deltaAlpha; // eq. 42
  const e0 = Math.asin(site.sinLat * Math.sin(deltaPrime) + site.cosLat * Math.cos(deltaPrime) * Math.cos(hPrime)); // eq. 41 (§3.14)
  const e0Deg = e0 / DEG;
  const refractionDeg = refractionCorrectionDeg(e0Deg, site.pressureHpa, site.temperatureC, site.atmosRefractDeg);
  const elevationDeg = e0Deg + refractionDeg;
  const zenithDeg = 90 - elevationDeg;
  const gamma = Math.atan2(Math.sin(hPrime), Math.cos(hPrime) * site.sinLat - Math.tan(deltaPrime) * site.cosLat); // eq. 45
  const gammaDeg = limitDegrees(gamma / DEG);
  const azimuthDeg = limitDegrees(gammaDeg + 180); // eq. 46
  const omega = site.slopeDeg * DEG;
  const zen = zenithDeg * DEG;
  const cosI = Math.cos(zen) * Math.cos(omega) + Math.sin(omega) * Math.sin(zen) * Math.cos(gamma - site.azimuthRotationDeg * DEG); // eq. 47
  return {
    geocentric: geo,
    hourAngleDeg: hDeg,
    xiDeg,
    deltaAlphaDeg: deltaAlpha / DEG,
    alphaPrimeDeg: limitDegrees(geo.alphaDeg + deltaAlpha / DEG),
    deltaPrimeDeg: deltaPrime / DEG,
    hourAnglePrimeDeg: limitDegrees(hPrime / DEG),
    elevationNoRefractionDeg: e0Deg,
    refractionDeg,
    elevationDeg,
    zenithDeg,
    zenithNoRefractionDeg: 90 - e0Deg,
    astronomersAzimuthDeg: gammaDeg,
    azimuthDeg,
    incidenceDeg: Math.acos(Math.min(1, Math.max(-1, cosI))) / DEG,
    equationOfTimeMin: geo.equationOfTimeMin,
  };
}

/**
 * Sun position at Unix time `unixS` (s, UTC) for `site`: the full SPA chain with every intermediate.
 * ΔT defaults to the Espenak–Meeus model ({@link deltaTSecondsAt}).
 */
export function sunPosition(unixS: number, site: SolarSite, time: SolarTimeOptions = {}): SunPosition {
  if (!Number.isFinite(unixS)) throw new Error(`time must be a finite Unix time in seconds, got ${unixS}`);
  const deltaTS = time.deltaTS ?? deltaTSecondsAt(unixS);
  const ut1S = unixS + (time.deltaUt1S ?? 0);
  const geo = geocentricSun(julianDayOfUnixS(ut1S), deltaTS, createGeocentricSun(), ut1S / 86400 + (JD_UNIX_EPOCH - JD_J2000));
  return topocentricFromGeocentric(geo, resolveSite(site));
}
