/**
 * The "heavy" part of the NREL Solar Position Algorithm (Reda & Andreas 2008, NREL/TP-560-34302,
 * §3.1–3.9 and Appendix A.1): from a Julian day to the geocentric apparent right ascension and
 * declination of the Sun, the apparent sidereal time at Greenwich and the equation of time. It
 * depends on time only (not on the site), so a vectorised caller evaluates it on a coarse time grid.
 * Angles in degrees unless the name says rad; times as Julian days.
 */
import { B_TERMS, L_TERMS, NUTATION_ABCD, NUTATION_TERM_COUNT, NUTATION_Y, R_TERMS } from './spa-terms';

export const DEG = Math.PI / 180;
/** Unix epoch (1970-01-01T00:00Z) as a Julian day. */
export const JD_UNIX_EPOCH = 2440587.5;
/** J2000.0 as a Julian day. */
export const JD_J2000 = 2451545;

/** Reduces degrees to [0, 360). */
export function limitDegrees(deg: number): number {
  const r = deg % 360;
  return r < 0 ? r + 360 : r;
}

/** Julian day (UT) of a Unix time (s); ΔUT1 (s) added per §3.1.1 (eq. 4 uses UT1 = UTC + ΔUT1). */
export function julianDayOfUnixS(unixS: number, deltaUt1S = 0): number {
  return (unixS + deltaUt1S) / 86400 + JD_UNIX_EPOCH;
}

/** Intermediate and final quantities of §3.1–3.9 plus A.1, all for one Julian day. */
export interface GeocentricSun {
  jd: number;
  jc: number;
  jde: number;
  jce: number;
  jme: number;
  /** Heliocentric longitude L, latitude B (deg) and radius vector R (AU), §3.2. */
  lDeg: number;
  bDeg: number;
  rAu: number;
  /** Geocentric longitude Θ and latitude β (deg), §3.3. */
  thetaDeg: number;
  betaDeg: number;
  /** Nutation arguments X0…X4 (deg), §3.4.1–3.4.5. */
  x: Float64Array;
  deltaPsiDeg: number;
  deltaEpsilonDeg: number;
  /** Mean obliquity ε0 (arcsec) and true obliquity ε (deg), §3.5. */
  epsilon0Arcsec: number;
  epsilonDeg: number;
  /** Aberration correction Δτ (deg), §3.6. */
  deltaTauDeg: number;
  /** Apparent sun longitude λ (deg), §3.7. */
  lambdaDeg: number;
  /** Mean (ν0) and apparent (ν) sidereal time at Greenwich (deg), §3.8. */
  nu0Deg: number;
  nuDeg: number;
  /** Geocentric right ascension α (deg, 0…360) and declination δ (deg), §3.9. */
  alphaDeg: number;
  deltaDeg: number;
  /** Sun's mean longitude M (deg), A.1 eq. A2. */
  mDeg: number;
  /** Equation of time E (minutes), A.1 eq. A1. */
  equationOfTimeMin: number;
}

export function createGeocentricSun(): GeocentricSun {
  return {
    jd: 0, jc: 0, jde: 0, jce: 0, jme: 0, lDeg: 0, bDeg: 0, rAu: 0, thetaDeg: 0, betaDeg: 0,
    x: new Float64Array(5), deltaPsiDeg: 0, deltaEpsilonDeg: 0, epsilon0Arcsec: 0, epsilonDeg: 0,
    deltaTauDeg: 0, lambdaDeg: 0, nu0Deg: 0, nuDeg: 0, alphaDeg: 0, deltaDeg: 0, mDeg: 0, equationOfTimeMin: 0,
  };
}

/** Σ A·cos(B + C·JME) over one series of Table A4.2 (eq. 9). */
function seriesSum(terms: Float64Array, jme: number): number {
  let sum = 0;
  for (let i = 0; i < terms.length; i += 3) {
    sum += (terms[i] as number) * Math.cos((terms[i + 1] as number) + (terms[i + 2] as number) * jme);
  }
  return sum;
}

/** (L0 + L1·JME + L2·JME² + …)/1e8 in radians (eq. 11). */
function earthValueRad(series: readonly Float64Array[], jme: number): number {
  let sum = 0;
  let power = 1;
  for (const terms of series) {
    sum += seriesSum(terms, jme) * power;
    power *= jme;
  }
  return sum / 1e8;
}

/**
 * Evaluates §3.1–3.9 and A.1 for the Julian day `jd` (UT) with ΔT (s), writing into `out`.
 * Eq. numbers follow NREL/TP-560-34302. `daysSinceJ2000` (= jd − 2451545) may be passed computed
 * from a finer time source: a Julian day near 2.45e6 held in one double resolves only ≈ 40 µs, i.e.
 * ≈ 2e-7° of sidereal time (eq. 28).
 */
export function geocentricSun(jd: number, deltaTS: number, out: GeocentricSun, daysSinceJ2000 = jd - JD_J2000): GeocentricSun {
  const jde = jd + deltaTS / 86400; // eq. 5
  const jc = (jd - JD_J2000) / 36525; // eq. 6
  const jce = (jde - JD_J2000) / 36525; // eq. 7
  const jme = jce / 10; // eq. 8
  out.jd = jd;
  out.jde = jde;
  out.jc = jc;
  out.jce = jce;
  out.jme = jme;

  out.lDeg = limitDegrees(earthValueRad(L_TERMS, jme) / DEG); // eq. 10–12
  out.bDeg = earthValueRad(B_TERMS, jme) / DEG; // eq. 13
  out.rAu = earthValueRad(R_TERMS, jme); // eq. 14
  out.thetaDeg = limitDegrees(out.lDeg + 180); // eq. 15
  out.betaDeg = -out.bDeg; // eq. 16

  // §3.4 nutation, eq. 15–22 (X in degrees).
  const x = out.x;
  x[0] = 297.85036 + jce * (445267.11148 + jce * (-0.0019142 + jce / 189474));
  x[1] = 357.52772 + jce * (35999.05034 + jce * (-0.0001603 - jce / 300000));
  x[2] = 134.96298 + jce * (477198.867398 + jce * (0.0086972 + jce / 56250));
  x[3] = 93.27191 + jce * (483202.017538 + jce * (-0.0036825 + jce / 327270));
  x[4] = 125.04452 + jce * (-1934.136261 + jce * (0.0020708 + jce / 450000));
  const x0 = x[0] * DEG;
  const x1 = x[1] * DEG;
  const x2 = x[2] * DEG;
  const x3 = x[3] * DEG;
  const x4 = x[4] * DEG;
  let dPsi = 0;
  let dEps = 0;
  for (let i = 0; i < NUTATION_TERM_COUNT; i++) {
    const y = i * 5;
    const arg =
      x0 * (NUTATION_Y[y] as number) + x1 * (NUTATION_Y[y + 1] as number) + x2 * (NUTATION_Y[y + 2] as number) +
      x3 * (NUTATION_Y[y + 3] as number) + x4 * (NUTATION_Y[y + 4] as number);
    const c = i * 4;
    dPsi += ((NUTATION_ABCD[c] as number) + (NUTATION_ABCD[c + 1] as number) * jce) * Math.sin(arg);
    dEps += ((NUTATION_ABCD[c + 2] as number) + (NUTATION_ABCD[c + 3] as number) * jce) * Math.cos(arg);
  }
  out.deltaPsiDeg = dPsi / 36000000; // eq. 23
  out.deltaEpsilonDeg = dEps / 36000000; // eq. 24

  // §3.5 true obliquity, eq. 24–25 (U = JME/10).
  const u = jme / 10;
  out.epsilon0Arcsec =
    84381.448 + u * (-4680.93 + u * (-1.55 + u * (1999.25 + u * (-51.38 + u * (-249.67 + u * (-39.05 + u * (7.12 + u * (27.87 + u * (5.79 + u * 2.45)))))))));
  out.epsilonDeg = out.epsilon0Arcsec / 3600 + out.deltaEpsilonDeg;

  out.deltaTauDeg = -20.4898 / (3600 * out.rAu); // eq. 26
  out.lambdaDeg = out.thetaDeg + out.deltaPsiDeg + out.deltaTauDeg; // eq. 27

  // §3.8 sidereal time, eq. 28–29.
  out.nu0Deg = limitDegrees(280.46061837 + 360.98564736629 * daysSinceJ2000 + jc * jc * (0.000387933 - jc / 38710000));
  const epsRad = out.epsilonDeg * DEG;
  out.nuDeg = out.nu0Deg + out.deltaPsiDeg * Math.cos(epsRad);

  // §3.9 geocentric right ascension and declination, eq. 30–31.
  const lambdaRad = out.lambdaDeg * DEG;
  const betaRad = out.betaDeg * DEG;
  const sinLambda = Math.sin(lambdaRad);
  out.alphaDeg = limitDegrees(Math.atan2(sinLambda * Math.cos(epsRad) - Math.tan(betaRad) * Math.sin(epsRad), Math.cos(lambdaRad)) / DEG);
  out.deltaDeg = Math.asin(Math.sin(betaRad) * Math.cos(epsRad) + Math.cos(betaRad) * Math.sin(epsRad) * sinLambda) / DEG;

  // A.1 equation of time, eq. A1–A2 (minutes, wrapped to ±20 min as the report prescribes).
  out.mDeg = limitDegrees(
    280.4664567 + jme * (360007.6982779 + jme * (0.03032028 + jme * (1 / 49931 + jme * (-1 / 15300 - jme / 2000000)))),
  );
  let e = 4 * (out.mDeg - 0.0057183 - out.alphaDeg + out.deltaPsiDeg * Math.cos(epsRad));
  e = e % 1440;
  if (e < -20) e += 1440;
  else if (e > 20) e -= 1440;
  out.equationOfTimeMin = e;
  return out;
}
