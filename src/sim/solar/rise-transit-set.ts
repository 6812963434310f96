/**
 * Sunrise, sun transit and sunset of the NREL SPA (Reda & Andreas 2008, NREL/TP-560-34302,
 * Appendix A.2, eq. A3–A23). The day is the local calendar day, in the given UTC offset, that
 * contains the instant; events are returned as Unix times (s) and as local hours.
 */
import { deltaTSecondsAt } from './delta-t';
import { createGeocentricSun, DEG, geocentricSun, JD_UNIX_EPOCH, limitDegrees } from './spa-geocentric';
import { DEFAULT_ATMOS_REFRACT_DEG, SUN_RADIUS_DEG, type SolarSite, type SolarTimeOptions } from './spa';

export interface RiseTransitSet {
  /** Unix time (s) of the sun's transit (local solar noon). */
  transitUnixS: number;
  /** Unix times (s) of sunrise / sunset; NaN during polar day or night. */
  sunriseUnixS: number;
  sunsetUnixS: number;
  /** Local hours (0…24) in the given UTC offset, as SPA reports them; NaN where the event is absent. */
  transitLocalH: number;
  sunriseLocalH: number;
  sunsetLocalH: number;
  /** Sun's altitude at transit (deg, eq. A18 for the transit). */
  transitAltitudeDeg: number;
  /** 'normal', or 'polar-day' / 'polar-night' when the sun does not cross h0′ that day. */
  kind: 'normal' | 'polar-day' | 'polar-night';
}

function zeroToOne(v: number): number {
  return v - Math.floor(v);
}

/** Wraps an angle difference (deg) to (−180, 180]. */
function wrap180(deg: number): number {
  const r = limitDegrees(deg);
  return r > 180 ? r - 360 : r;
}

/** Interpolation of eq. A10–A11 over the values at day −1, 0, +1 for day fraction n. */
function interpolate3(v0: number, v1: number, v2: number, n: number): number {
  const a = wrap180(v1 - v0);
  const b = wrap180(v2 - v1);
  return v1 + (n * (a + b + (b - a) * n)) / 2;
}

/**
 * SPA Appendix A.2 for the local calendar day containing `unixS` in the UTC offset `utcOffsetMin`
 * (minutes east of UTC). Refraction at rise/set from `site.atmosRefractDeg` (default 0.5667°).
 */
export function riseTransitSet(unixS: number, site: SolarSite, time: SolarTimeOptions = {}, utcOffsetMin = 0): RiseTransitSet {
  const tzH = utcOffsetMin / 60;
  const localDay = Math.floor((unixS + utcOffsetMin * 60) / 86400); // days since 1970-01-01, local calendar
  const jd0 = localDay + JD_UNIX_EPOCH; // 0 h UT of that calendar date (A.2, step 1)
  const deltaTS = time.deltaTS ?? deltaTSecondsAt(localDay * 86400);
  const latDeg = site.latDeg;
  const lonDeg = site.lonDeg;
  const phi = latDeg * DEG;
  const h0PrimeDeg = -(SUN_RADIUS_DEG + (site.atmosRefractDeg ?? DEFAULT_ATMOS_REFRACT_DEG));

  const geo = createGeocentricSun();
  const nuDeg = geocentricSun(jd0, deltaTS, geo).nuDeg; // A3: ν at 0 UT
  const alpha = new Float64Array(3);
  const delta = new Float64Array(3);
  for (let i = 0; i < 3; i++) {
    geocentricSun(jd0 - 1 + i, 0, geo); // A4: α, δ at 0 TT of D−1, D, D+1
    alpha[i] = geo.alphaDeg;
    delta[i] = geo.deltaDeg;
  }
  const alpha0 = alpha[1] as number;
  const delta0 = delta[1] as number;

  const m0 = (alpha0 - lonDeg - nuDeg) / 360; // A5
  const cosH0 = (Math.sin(h0PrimeDeg * DEG) - Math.sin(phi) * Math.sin(delta0 * DEG)) / (Math.cos(phi) * Math.cos(delta0 * DEG)); // A6
  const polar = Math.abs(cosH0) > 1;
  const bigH0Deg = polar ? 0 : (Math.acos(cosH0) / DEG) % 180; // A7 (limited to 0…180)
  const m = [zeroToOne(m0), zeroToOne(m0 - bigH0Deg / 360), zeroToOne(m0 + bigH0Deg / 360)]; // A8–A9: transit, rise, set
  const hPrime = new Float64Array(3);
  const hAlt = new Float64Array(3);
  const dPrime = new Float64Array(3);
  for (let i = 0; i < 3; i++) {
    const mi = m[i] as number;
    const nu = nuDeg + 360.985647 * mi; // A10
    const n = mi + deltaTS / 86400; // A11
    const a = interpolate3(alpha[0] as number, alpha0, alpha[2] as number, n); // A12–A13
    const d = interpolate3(delta[0] as number, delta0, delta[2] as number, n);
    const hp = wrap180(nu + lonDeg - a); // A14–A15
    hPrime[i] = hp;
    dPrime[i] = d;
    hAlt[i] = Math.asin(Math.sin(phi) * Math.sin(d * DEG) + Math.cos(phi) * Math.cos(d * DEG) * Math.cos(hp * DEG)) / DEG; // A16
  }
  const transitFrac = (m[0] as number) - (hPrime[0] as number) / 360; // A17
  const eventFrac = (i: 1 | 2) =>
    (m[i] as number) + ((hAlt[i] as number) - h0PrimeDeg) / (360 * Math.cos((dPrime[i] as number) * DEG) * Math.cos(phi) * Math.sin((hPrime[i] as number) * DEG)); // A18–A19
  const localHours = (frac: number) => 24 * zeroToOne(frac + tzH / 24); // SPA's dayfrac_to_local_hr
  const localMidnightUnixS = localDay * 86400 - utcOffsetMin * 60;
  const toUnix = (h: number) => localMidnightUnixS + h * 3600;

  const transitLocalH = localHours(transitFrac);
  const result: RiseTransitSet = {
    transitUnixS: toUnix(transitLocalH),
    sunriseUnixS: NaN,
    sunsetUnixS: NaN,
    transitLocalH,
    sunriseLocalH: NaN,
    sunsetLocalH: NaN,
    transitAltitudeDeg: hAlt[0] as number,
    kind: polar ? (cosH0 < -1 ? 'polar-day' : 'polar-night') : 'normal',
  };
  if (!polar) {
    result.sunriseLocalH = localHours(eventFrac(1));
    result.sunsetLocalH = localHours(eventFrac(2));
    result.sunriseUnixS = toUnix(result.sunriseLocalH);
    result.sunsetUnixS = toUnix(result.sunsetLocalH);
  }
  return result;
}
