/**
 * Vectorised NREL SPA (Reda & Andreas 2008, NREL/TP-560-34302) for many instants at one site, on
 * typed arrays, with no allocation per instant.
 *
 * The heavy, site-independent part (§3.1–3.9: ~200 periodic terms and 63 nutation terms) is evaluated
 * once per node of a 6-hourly grid covering the instants and interpolated with 4-point Lagrange
 * (cubic) polynomials (α, sin δ, cos δ, sin ξ, Δψ·cos ε, equation of time). The fastest nutation
 * terms (periods ≥ 5.6 d) keep the interpolation error near 1e-9°. The
 * sidereal time (eq. 28) is evaluated exactly per instant, then the topocentric chain (§3.10–3.15)
 * runs per instant in its vector form (Meeus ch. 40, equivalent to eq. 37–46): the topocentric
 * direction (cos δ cos H − x sin ξ, cos δ sin H, sin δ − y sin ξ) gives e0 and Γ without the
 * intermediate α′, δ′. When the instants are sparser than the node grid, each instant is evaluated
 * exactly instead.
 */
import { deltaTSecondsAt } from './delta-t';
import { createGeocentricSun, DEG, geocentricSun, JD_J2000, JD_UNIX_EPOCH } from './spa-geocentric';
import { resolveSite, SUN_RADIUS_DEG, type SolarSite, type SolarTimeOptions } from './spa';

/** Output columns, one element per instant. Optional columns are filled only when present. */
export interface SunPositionArrays {
  /** Apparent (refracted) topocentric zenith θ (deg). */
  zenithDeg: Float64Array;
  /** Topocentric azimuth Φ (deg, from north, clockwise). */
  azimuthDeg: Float64Array;
  /** Apparent topocentric elevation e (deg). */
  elevationDeg: Float64Array;
  /** Topocentric elevation without refraction e0 (deg). */
  elevationNoRefractionDeg?: Float64Array;
  /** Incidence angle on the site's tilted surface (deg). */
  incidenceDeg?: Float64Array;
  /** Equation of time (min). */
  equationOfTimeMin?: Float64Array;
  /** Unit vector towards the apparent sun in local east-north-up axes, interleaved (3 per instant). */
  directionEnu?: Float32Array | Float64Array;
}

export function createSunPositionArrays(count: number, withOptional = false): SunPositionArrays {
  const out: SunPositionArrays = { zenithDeg: new Float64Array(count), azimuthDeg: new Float64Array(count), elevationDeg: new Float64Array(count) };
  if (withOptional) {
    out.elevationNoRefractionDeg = new Float64Array(count);
    out.incidenceDeg = new Float64Array(count);
    out.equationOfTimeMin = new Float64Array(count);
    out.directionEnu = new Float64Array(3 * count);
  }
  return out;
}

/** Quantities stored per node. */
const NODE_STRIDE = 6;
const N_ALPHA = 0;
const N_SIN_DELTA = 1;
const N_COS_DELTA = 2;
const N_SIN_XI = 3;
const N_NUTATION_RA = 4;
const N_EOT = 5;

/**
 * Default spacing of interpolation nodes (s): 6 h. Measured against the exact path over a year at
 * 1-min steps: 1.4e-9° at 6 h, 1.4e-8° at 12 h, 2.3e-7° at 24 h (cubic on all node quantities).
 */
export const SPA_NODE_STEP_S = 21600;

const scratchGeo = createGeocentricSun();

function writeNode(nodes: Float64Array, k: number, unixS: number, time: SolarTimeOptions, prevAlphaDeg: number): number {
  const jd = (unixS + (time.deltaUt1S ?? 0)) / 86400 + JD_UNIX_EPOCH;
  const g = geocentricSun(jd, time.deltaTS ?? deltaTSecondsAt(unixS), scratchGeo);
  let alpha = g.alphaDeg;
  if (Number.isFinite(prevAlphaDeg)) alpha += 360 * Math.round((prevAlphaDeg - alpha) / 360); // unwrap
  const o = k * NODE_STRIDE;
  nodes[o + N_ALPHA] = alpha;
  nodes[o + N_SIN_DELTA] = Math.sin(g.deltaDeg * DEG);
  nodes[o + N_COS_DELTA] = Math.cos(g.deltaDeg * DEG);
  nodes[o + N_SIN_XI] = Math.sin((8.794 / (3600 * g.rAu)) * DEG); // eq. 33
  nodes[o + N_NUTATION_RA] = g.deltaPsiDeg * Math.cos(g.epsilonDeg * DEG); // eq. 29 correction
  nodes[o + N_EOT] = g.equationOfTimeMin;
  return alpha;
}

/**
 * Sun positions at the Unix times `timesUnixS` (s, UTC, any order) for one site, written into `out`
 * (arrays at least as long as the input). ΔT defaults to the Espenak–Meeus model per node.
 */
export function sunPositions(
  timesUnixS: Float64Array,
  site: SolarSite,
  out: SunPositionArrays,
  time: SolarTimeOptions = {},
  nodeStepS = SPA_NODE_STEP_S,
): void {
  const n = timesUnixS.length;
  if (n === 0) return;
  const s = resolveSite(site);
  let tMin = Infinity;
  let tMax = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = timesUnixS[i] as number;
    if (!Number.isFinite(t)) throw new Error(`timesUnixS[${i}] is not a finite time: ${t}`);
    if (t < tMin) tMin = t;
    if (t > tMax) tMax = t;
  }
  const base = (Math.floor(tMin / nodeStepS) - 1) * nodeStepS;
  const nodeCount = Math.floor((tMax - base) / nodeStepS) + 3;
  const interpolate = nodeCount <= n;
  const nodes = new Float64Array(NODE_STRIDE * (interpolate ? nodeCount : 1));
  if (interpolate) {
    let prev = NaN;
    for (let k = 0; k < nodeCount; k++) prev = writeNode(nodes, k, base + k * nodeStepS, time, prev);
  }

  const lonDeg = s.lonDeg;
  const sinLat = s.sinLat;
  const cosLat = s.cosLat;
  const px = s.parallaxX;
  const py = s.parallaxY;
  const deltaUt1S = time.deltaUt1S ?? 0;
  const slope = s.slopeDeg * DEG;
  const cosSlope = Math.cos(slope);
  const sinSlope = Math.sin(slope);
  const gammaSurface = s.azimuthRotationDeg * DEG;
  const refractionFactor = ((s.pressureHpa / 1010) * (283 / (273 + s.temperatureC)) * 1.02) / 60; // eq. 42 factor
  const refractionFloorDeg = -(SUN_RADIUS_DEG + s.atmosRefractDeg);
  const { zenithDeg, azimuthDeg, elevationDeg, elevationNoRefractionDeg, incidenceDeg, equationOfTimeMin, directionEnu } = out;

  for (let i = 0; i < n; i++) {
    const t = timesUnixS[i] as number;
    let alphaDeg: number;
    let sinDelta: number;
    let cosDelta: number;
    let sinXi: number;
    let nutationRaDeg: number;
    let eotMin: number;
    if (interpolate) {
      const u = (t - base) / nodeStepS;
      const k = Math.floor(u);
      const f = u - k;
      // Lagrange weights on nodes k−1, k, k+1, k+2.
      const wm = (-f * (f - 1) * (f - 2)) / 6;
      const w0 = ((f + 1) * (f - 1) * (f - 2)) / 2;
      const w1 = (-(f + 1) * f * (f - 2)) / 2;
      const w2 = ((f + 1) * f * (f - 1)) / 6;
      const o = (k - 1) * NODE_STRIDE;
      const o1 = o + NODE_STRIDE;
      const o2 = o1 + NODE_STRIDE;
      const o3 = o2 + NODE_STRIDE;
      alphaDeg = wm * (nodes[o] as number) + w0 * (nodes[o1] as number) + w1 * (nodes[o2] as number) + w2 * (nodes[o3] as number);
      sinDelta = wm * (nodes[o + 1] as number) + w0 * (nodes[o1 + 1] as number) + w1 * (nodes[o2 + 1] as number) + w2 * (nodes[o3 + 1] as number);
      cosDelta = wm * (nodes[o + 2] as number) + w0 * (nodes[o1 + 2] as number) + w1 * (nodes[o2 + 2] as number) + w2 * (nodes[o3 + 2] as number);
      sinXi = wm * (nodes[o + 3] as number) + w0 * (nodes[o1 + 3] as number) + w1 * (nodes[o2 + 3] as number) + w2 * (nodes[o3 + 3] as number);
      nutationRaDeg = wm * (nodes[o + 4] as number) + w0 * (nodes[o1 + 4] as number) + w1 * (nodes[o2 + 4] as number) + w2 * (nodes[o3 + 4] as number);
      eotMin =
        equationOfTimeMin === undefined
          ? 0
          : wm * (nodes[o + 5] as number) + w0 * (nodes[o1 + 5] as number) + w1 * (nodes[o2 + 5] as number) + w2 * (nodes[o3 + 5] as number);
    } else {
      writeNode(nodes, 0, t, time, NaN);
      alphaDeg = nodes[N_ALPHA] as number;
      sinDelta = nodes[N_SIN_DELTA] as number;
      cosDelta = nodes[N_COS_DELTA] as number;
      sinXi = nodes[N_SIN_XI] as number;
      nutationRaDeg = nodes[N_NUTATION_RA] as number;
      eotMin = nodes[N_EOT] as number;
    }
    // eq. 28–29, 32: days since J2000.0 taken from Unix seconds to keep precision.
    const d = (t + deltaUt1S) / 86400 + (JD_UNIX_EPOCH - JD_J2000);
    const jc = d / 36525;
    const nuDeg = 280.46061837 + 360.98564736629 * d + jc * jc * (0.000387933 - jc / 38710000) + nutationRaDeg;
    const hDeg = nuDeg + lonDeg - alphaDeg;
    const h = (hDeg - 360 * Math.floor(hDeg / 360)) * DEG; // (floor, not %, which V8 does not inline)
    const cosH = Math.cos(h);
    const sinH = Math.sin(h);
    // Topocentric direction in the hour-angle frame (eq. 38–42 in vector form).
    const tx = cosDelta * cosH - px * sinXi;
    const ty = cosDelta * sinH;
    const tz = sinDelta - py * sinXi;
    const up = sinLat * tz + cosLat * tx;
    const south = sinLat * tx - cosLat * tz; // component towards south (Γ = 0)
    const horizontal = Math.sqrt(ty * ty + south * south);
    const e0Deg = Math.atan2(up, horizontal) / DEG; // eq. 41
    // eq. 42–43 (same switch as refractionCorrectionDeg, inlined with its constant factor).
    const eDeg = e0Deg < refractionFloorDeg ? e0Deg : e0Deg + refractionFactor / Math.tan((e0Deg + 10.3 / (e0Deg + 5.11)) * DEG);
    const gamma = Math.atan2(ty, south); // eq. 45
    let phiDeg = gamma / DEG + 180; // eq. 46
    if (phiDeg >= 360) phiDeg -= 360;
    zenithDeg[i] = 90 - eDeg;
    azimuthDeg[i] = phiDeg;
    elevationDeg[i] = eDeg;
    if (elevationNoRefractionDeg !== undefined) elevationNoRefractionDeg[i] = e0Deg;
    if (equationOfTimeMin !== undefined) equationOfTimeMin[i] = eotMin;
    if (incidenceDeg !== undefined) {
      const zen = (90 - eDeg) * DEG;
      const cosI = Math.cos(zen) * cosSlope + sinSlope * Math.sin(zen) * Math.cos(gamma - gammaSurface); // eq. 47
      incidenceDeg[i] = Math.acos(cosI > 1 ? 1 : cosI < -1 ? -1 : cosI) / DEG;
    }
    if (directionEnu !== undefined) {
      const e = eDeg * DEG;
      const phi = phiDeg * DEG;
      const c = Math.cos(e);
      directionEnu[3 * i] = c * Math.sin(phi);
      directionEnu[3 * i + 1] = c * Math.cos(phi);
      directionEnu[3 * i + 2] = Math.sin(e);
    }
  }
}
