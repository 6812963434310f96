/**
 * Sunrise, sun transit and sunset of the NREL SPA (Reda & Andreas 2008, NREL/TP-560-34302,
 * Appendix A.2, eq. A3–A23). The day is the local calendar day, in the given UTC offset, that
 * contains the instant; events are returned as Unix times (s) and as local hours.
 */
import { deltaTSecondsAt } from './delta-t';
import { createGeocentricSun, DEG, geocentricSun, JD_UNIX_EPOCH, limitDegrees } from './spa-geocentric';
import { resolveSite, SUN_RADIUS_DEG, type SolarSite, type SolarTimeOptions } from './spa';

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

/** Day fractions (relative to 0 h UT of the UT day) of SPA's events for one UT day, eq. A3–A19. */
interface UtDayEvents {
  transit: number;
  sunrise: number;
  sunset: number;
  transitAltitudeDeg: number;
  cosH0: number;
}

function eventsOfUtDay(jd0: number, deltaTS: number, latDeg: number, lonDeg: number, h0PrimeDeg: number): UtDayEvents {
  const phi = latDeg * DEG;
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
  const bigH0Deg = Math.abs(cosH0) > 1 ? 0 : (Math.acos(cosH0) / DEG) % 180; // A7 (limited to 0…180)
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
  const eventFrac = (i: 1 | 2) =>
    (m[i] as number) + ((hAlt[i] as number) - h0PrimeDeg) / (360 * Math.cos((dPrime[i] as number) * DEG) * Math.cos(phi) * Math.sin((hPrime[i] as number) * DEG)); // A18–A19
  return {
    transit: (m[0] as number) - (hPrime[0] as number) / 360, // A17
    sunrise: eventFrac(1),
    sunset: eventFrac(2),
    transitAltitudeDeg: hAlt[0] as number,
    cosH0,
  };
}

export interface RiseTransitSetOptions {
  /**
   * false (default): Appendix A.2 as published: the events of the UT day that starts at 0 h UT of the
   * local date, shown as local hours of that date (this is what the report's Table A5.1 lists; far
   * from Greenwich an event near 0 h UT then belongs to the neighbouring local day, off by that day's
   * change in rise/set time, ~1–2 min at mid latitudes). true: an event whose local time falls outside
   * the local date is recomputed from the neighbouring UT day, so all three events lie in the local date.
   */
  strictLocalDay?: boolean;
}

/**
 * SPA Appendix A.2 for the local calendar day containing `unixS` in the UTC offset `utcOffsetMin`
 * (minutes east of UTC). Refraction at rise/set from `site.atmosRefractDeg` (default 0.5667°), so
 * the events are for the sun's upper limb at h0′ = −(0.26667° + atmos_refract).
 */
export function riseTransitSet(unixS: number, site: SolarSite, time: SolarTimeOptions = {}, utcOffsetMin = 0, options: RiseTransitSetOptions = {}): RiseTransitSet {
  const resolved = resolveSite(site); // validates the inputs
  const tzDays = utcOffsetMin / 1440;
  const localDay = Math.floor((unixS + utcOffsetMin * 60) / 86400); // days since 1970-01-01, local calendar
  const jd0 = localDay + JD_UNIX_EPOCH; // 0 h UT of that calendar date (A.2, step 1)
  const deltaTS = time.deltaTS ?? deltaTSecondsAt(localDay * 86400);
  const h0PrimeDeg = -(SUN_RADIUS_DEG + resolved.atmosRefractDeg);
  const day = eventsOfUtDay(jd0, deltaTS, site.latDeg, site.lonDeg, h0PrimeDeg);
  const polar = Math.abs(day.cosH0) > 1;
  const localMidnightUnixS = localDay * 86400 - utcOffsetMin * 60;

  /** Local day fraction of an event, as SPA's dayfrac_to_local_hr (wrapped into the local date). */
  const spaLocal = (frac: number) => zeroToOne(frac + tzDays);
  /** Strict mode: local fraction relative to the local date, taking the event from the right UT day. */
  const strictLocal = (pick: (e: UtDayEvents) => number) => {
    let local = zeroToOne(pick(day)) + tzDays;
    if (local < 0) local = zeroToOne(pick(eventsOfUtDay(jd0 + 1, deltaTS, site.latDeg, site.lonDeg, h0PrimeDeg))) + 1 + tzDays;
    else if (local >= 1) local = zeroToOne(pick(eventsOfUtDay(jd0 - 1, deltaTS, site.latDeg, site.lonDeg, h0PrimeDeg))) - 1 + tzDays;
    return local;
  };
  const local = (pick: (e: UtDayEvents) => number) => (options.strictLocalDay === true ? strictLocal(pick) : spaLocal(pick(day)));
  const transitLocal = local((e) => e.transit);
  const result: RiseTransitSet = {
    transitUnixS: localMidnightUnixS + transitLocal * 86400,
    sunriseUnixS: NaN,
    sunsetUnixS: NaN,
    transitLocalH: 24 * transitLocal,
    sunriseLocalH: NaN,
    sunsetLocalH: NaN,
    transitAltitudeDeg: day.transitAltitudeDeg,
    kind: polar ? (day.cosH0 < -1 ? 'polar-day' : 'polar-night') : 'normal',
  };
  if (!polar) {
    const rise = local((e) => e.sunrise);
    const set = local((e) => e.sunset);
    result.sunriseLocalH = 24 * rise;
    result.sunsetLocalH = 24 * set;
    result.sunriseUnixS = localMidnightUnixS + rise * 86400;
    result.sunsetUnixS = localMidnightUnixS + set * 86400;
  }
  return result;
}
