/**
 * CALINE3 line-source dispersion (Benson 1979, "CALINE3 — a versatile dispersion model for
 * predicting air pollutant levels near highways and arterial streets", FHWA/CA/TL-79/23; EPA
 * CALINE3 User's Guide, 1986 update). Written from the documented method:
 *
 * - Each link is a mixing zone of width W (road + 3 m each side) centred on the road; the
 *   initial vertical dispersion over it follows from the residence time TR = W/2 / u
 *   (σz at W/2 = (1.8 + 0.11·TR)·(ATIM/30)^0.2 m), scaled up for depressed sections deeper than
 *   1.5 m by DSTR = 0.72·|H|^0.83 (Los Angeles data).
 * - σy and σz are power curves through the Pasquill–Gifford values at 1 m/10 km (σy) and at
 *   W/2/10 km (σz), adjusted for surface roughness z0 (cm) as (z0/3)^0.2, (z0/3)^0.07, (z0/10)^0.07
 *   and for averaging time as (ATIM/3)^0.2.
 * - The link is split into elements starting at the receptor's perpendicular foot, each
 *   BASE times longer than the last (BASE = 1.1, 1.5, 2 or 4 by wind–road angle φ); each element is
 *   an equivalent finite line source normal to the wind with a central sub-element (weight 1) and
 *   four peripheral sub-elements (weights 0.75, 0.25) — the Gaussian crosswind integral uses the
 *   polynomial normal-tail approximation (Abramowitz & Stegun 26.2.17), zero beyond 5σy.
 * - Vertical term with ground reflection and, for mixing heights below 1000 m, lid reflections;
 *   deposition (Ermak-type correction, capped at 2) and settling corrections when given.
 * - Fill and depressed links: source at 0, receptor height taken relative to the road along a
 *   2:1 side slope; bridges keep the source at the link height.
 *
 * Concentrations are µg/m³ for a lineal source strength in µg/(m·s), i.e. `unitConcentration`
 * returns s/m² (µg/m³ per µg/(m·s)); the model is linear in the source strength.
 */
import { LINK_TYPE_CODE, type Caline3Links } from './caline3-links';
import * as functions from './caline3-functions';

// Module-scope bindings of the hot helpers and tables: a CommonJS transpile (tsx in Node) would
// otherwise read them through an export getter on every call.
const { erfcApprox, gaussTerm, normalTail, skippedElementCount, ELEMENT_BASES, ELEMENT_EDGES, ELEMENT_POWERS, MAX_TABULATED_ELEMENTS } = functions;
import type { StabilityClass } from './stability-class';

export { Caline3Links, type Caline3LinkGeometry } from './caline3-links';
export { normalTail, normalTailPolynomial } from './caline3-functions';

export interface Caline3Site {
  averagingTimeMin: number;
  roughnessCm: number;
  settlingVelocityCmPerS: number;
  depositionVelocityCmPerS: number;
}

export interface Caline3Meteo {
  windSpeedMPerS: number;
  /** Direction the wind blows FROM, degrees clockwise from north (+y). */
  windFromDeg: number;
  stability: StabilityClass;
  /** Mixing height (m); ≥ 1000 m disables lid reflections (as CALINE3 does). */
  mixingHeightM: number;
}

/** Pasquill–Gifford anchors per class A…F (CALINE3): σz at 10 km, σy at 1 m and at 10 km (m). */
const SIGMA_Z_10KM = [1112, 556, 353, 219, 124, 56];
const SIGMA_Y_1M = [0.46, 0.29, 0.18, 0.11, 0.087, 0.057];
const SIGMA_Y_10KM = [1831, 1155, 717, 438, 346, 227];
const LN_10KM = Math.log(10000);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const SQRT2 = Math.SQRT2;
const SQRT_2PI = Math.sqrt(2 * Math.PI);
/** CALINE3 bounds on the wind–road angle (rad) to keep tan/cos finite. */
const PHI_MIN = 0.00017;
const PHI_MAX = 1.5706;
/** Source-strength weights of the peripheral sub-elements (the central one has weight 1). */
const SUB_WEIGHT_PERIPHERAL_OUTER = 0.25;
const SUB_WEIGHT_PERIPHERAL_INNER = 0.75;

/** Normal probability between crosswind offsets a ≥ b, from their upper-tail values (CALINE3 "PD"). */
function subElementProbability(a: number, b: number, ta: number, tb: number): number {
  return a >= 0 === b >= 0 ? Math.abs(tb - ta) : 1 - ta - tb;
}


/** CALINE3 for one site and one meteorological condition over a link table. */
export class Caline3Dispersion {
  readonly links: Caline3Links;
  private readonly u: number;
  private readonly py1: number;
  private readonly py2: number;
  private readonly mixingHeightM: number;
  private readonly v1: number;
  private readonly vs: number;
  /** Unit vector of the direction the wind blows TO. */
  private readonly wx: number;
  private readonly wy: number;
  // Per link:
  private readonly ex: Float64Array;
  private readonly ey: Float64Array;
  private readonly length: Float64Array;
  private readonly sourceH: Float64Array;
  private readonly tanPhi: Float64Array;
  private readonly sinPhi: Float64Array;
  private readonly cosPhi: Float64Array;
  private readonly base: Float64Array;
  private readonly baseIndex: Uint8Array;
  private readonly pz1: Float64Array;
  private readonly pz2: Float64Array;
  private readonly dstr: Float64Array;
  private readonly upwindTowardStart: Uint8Array;
  /** Wind-frame bounds of each mixing-zone rectangle: most upwind along-wind coordinate, crosswind span. */
  readonly minDownwind: Float64Array;
  readonly minCrosswind: Float64Array;
  readonly maxCrosswind: Float64Array;

  constructor(links: Caline3Links, site: Caline3Site, met: Caline3Meteo) {
    if (!(met.windSpeedMPerS > 0)) throw new Error(`CALINE3: wind speed must be > 0 m/s, got ${met.windSpeedMPerS}`);
    if (!(site.roughnessCm > 0)) throw new Error(`CALINE3: roughness must be > 0 cm, got ${site.roughnessCm}`);
    if (!(site.averagingTimeMin > 0)) throw new Error(`CALINE3: averaging time must be > 0 min, got ${site.averagingTimeMin}`);
    this.links = links;
    const n = links.count;
    const u = met.windSpeedMPerS;
    this.u = u;
    const cls = met.stability - 1;
    const averaging = Math.pow(site.averagingTimeMin / 3, 0.2);
    const z0 = site.roughnessCm;
    const lnSy1 = Math.log((SIGMA_Y_1M[cls] as number) * Math.pow(z0 / 3, 0.2) * averaging);
    const lnSy10 = Math.log((SIGMA_Y_10KM[cls] as number) * Math.pow(z0 / 3, 0.07) * averaging);
    this.py1 = Math.exp(lnSy1);
    this.py2 = (lnSy10 - lnSy1) / LN_10KM;
    const lnSz10 = Math.log((SIGMA_Z_10KM[cls] as number) * Math.pow(z0 / 10, 0.07) * averaging);
    this.mixingHeightM = met.mixingHeightM;
    this.vs = site.settlingVelocityCmPerS / 100;
    this.v1 = site.depositionVelocityCmPerS / 100 - this.vs / 2;
    const toDeg = met.windFromDeg + 180;
    const toRad = (toDeg * Math.PI) / 180;
    this.wx = Math.sin(toRad);
    this.wy = Math.cos(toRad);
    const sigmaZAveraging = Math.pow(site.averagingTimeMin / 30, 0.2);

    this.ex = new Float64Array(n);
    this.ey = new Float64Array(n);
    this.length = new Float64Array(n);
    this.sourceH = new Float64Array(n);
    this.tanPhi = new Float64Array(n);
    this.sinPhi = new Float64Array(n);
    this.cosPhi = new Float64Array(n);
    this.base = new Float64Array(n);
    this.baseIndex = new Uint8Array(n);
    this.pz1 = new Float64Array(n);
    this.pz2 = new Float64Array(n);
    this.dstr = new Float64Array(n);
    this.upwindTowardStart = new Uint8Array(n);
    this.minDownwind = new Float64Array(n);
    this.minCrosswind = new Float64Array(n);
    this.maxCrosswind = new Float64Array(n);
    const windBearing = ((toDeg % 360) + 360) % 360;
    for (let i = 0; i < n; i++) {
      const dx = (links.x2[i] as number) - (links.x1[i] as number);
      const dy = (links.y2[i] as number) - (links.y1[i] as number);
      const len = Math.hypot(dx, dy);
      const ex = dx / len;
      const ey = dy / len;
      this.ex[i] = ex;
      this.ey[i] = ey;
      this.length[i] = len;
      const type = links.typeCode[i] as number;
      const hl = links.heightM[i] as number;
      this.sourceH[i] = type === LINK_TYPE_CODE.FL || type === LINK_TYPE_CODE.DP ? 0 : hl;
      // Wind angle to the road, folded into 0…90° (CALINE3 "PHI").
      const linkBearing = ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
      let phiDeg = Math.abs(windBearing - linkBearing);
      if (phiDeg > 90) phiDeg = phiDeg >= 270 ? Math.abs(phiDeg - 360) : Math.abs(phiDeg - 180);
      const baseIndex = phiDeg < 20 ? 0 : phiDeg < 50 ? 1 : phiDeg < 70 ? 2 : 3;
      this.baseIndex[i] = baseIndex;
      this.base[i] = ELEMENT_BASES[baseIndex];
      const phi = Math.min(PHI_MAX, Math.max(PHI_MIN, (phiDeg * Math.PI) / 180));
      this.tanPhi[i] = Math.tan(phi);
      this.sinPhi[i] = Math.sin(phi);
      this.cosPhi[i] = Math.cos(phi);
      // Residence time in the mixing zone → σz at W/2; power curve through σz(10 km).
      const w2 = (links.widthM[i] as number) / 2;
      const dstr = hl < -1.5 ? 0.72 * Math.pow(Math.abs(hl), 0.83) : 1;
      this.dstr[i] = dstr;
      const residenceS = (dstr * w2) / u;
      const lnSz1 = Math.log((1.8 + 0.11 * residenceS) * sigmaZAveraging);
      const pz2 = (lnSz10 - lnSz1) / (LN_10KM - Math.log(w2));
      this.pz2[i] = pz2;
      this.pz1[i] = Math.exp((lnSz10 + lnSz1 - pz2 * (LN_10KM + Math.log(w2))) / 2);
      this.upwindTowardStart[i] = ex * this.wx + ey * this.wy > 0 ? 1 : 0;
      // Mixing-zone rectangle corners in the wind frame (for exact culling of zero contributions).
      let minD = Infinity;
      let minC = Infinity;
      let maxC = -Infinity;
      for (let c = 0; c < 4; c++) {
        const px = (c < 2 ? (links.x1[i] as number) : (links.x2[i] as number)) + (c % 2 === 0 ? w2 : -w2) * -ey;
        const py = (c < 2 ? (links.y1[i] as number) : (links.y2[i] as number)) + (c % 2 === 0 ? w2 : -w2) * ex;
        const along = px * this.wx + py * this.wy;
        const cross = -px * this.wy + py * this.wx;
        if (along < minD) minD = along;
        if (cross < minC) minC = cross;
        if (cross > maxC) maxC = cross;
      }
      this.minDownwind[i] = minD;
      this.minCrosswind[i] = minC;
      this.maxCrosswind[i] = maxC;
    }
  }

  /**
   * True when link `i` certainly contributes nothing at (x, y): the receptor is upwind of the whole
   * mixing zone, or more than 5σy (at the largest possible fetch) to the side of it — where
   * CALINE3's crosswind integral is identically zero.
   */
  isOutsidePlume(i: number, xM: number, yM: number): boolean {
    return this.isOutsidePlumeWindFrame(i, this.alongWind(xM, yM), this.crossWind(xM, yM));
  }

  /** Along-wind coordinate (m) of a point: x·ŵx + y·ŵy, ŵ the direction the wind blows to. */
  alongWind(xM: number, yM: number): number {
    return xM * this.wx + yM * this.wy;
  }

  /** Crosswind coordinate (m) of a point, the wind frame's second axis. */
  crossWind(xM: number, yM: number): number {
    return -xM * this.wy + yM * this.wx;
  }

  /** Half-width (m) of link i's plume at the largest crosswind offset it reaches at a fetch (m): 5σy, CALINE3's cut-off. */
  plumeHalfWidthAt(fetchM: number): number {
    return 5 * this.py1 * Math.pow(fetchM, this.py2) * (1 + 1e-9) + 1e-6;
  }

  /** `isOutsidePlume` on wind-frame coordinates (`alongWind`, `crossWind`). */
  isOutsidePlumeWindFrame(i: number, along: number, cross: number): boolean {
    const fetch = along - (this.minDownwind[i] as number);
    if (fetch <= 0) return true;
    const minC = this.minCrosswind[i] as number;
    const maxC = this.maxCrosswind[i] as number;
    const side = cross < minC ? minC - cross : cross > maxC ? cross - maxC : 0;
    return side > 0 && side > this.plumeHalfWidthAt(fetch);
  }

  /** µg/m³ at receptor (x, y, z in m) per µg/(m·s) of lineal source strength on link i. */
  unitConcentration(i: number, xM: number, yM: number, zM: number): number {
    const links = this.links;
    const x1 = links.x1[i] as number;
    const y1 = links.y1[i] as number;
    const ex = this.ex[i] as number;
    const ey = this.ey[i] as number;
    const len = this.length[i] as number;
    const w = links.widthM[i] as number;
    const w2 = w / 2;
    const hl = links.heightM[i] as number;
    const type = links.typeCode[i] as number;
    const rx = xM - x1;
    const ry = yM - y1;
    const s = rx * ex + ry * ey;
    const cr = ex * ry - ey * rx;
    // Signed receptor distance: > 0 when the receptor lies downwind of the link.
    const crossWind = ex * this.wy - ey * this.wx;
    const d = cr * crossWind >= 0 ? Math.abs(cr) : -Math.abs(cr);
    // Along-link coordinates of the link ends, positive toward the upwind end, 0 at the foot.
    let uwl: number;
    let dwl: number;
    if (this.upwindTowardStart[i] === 1) {
      uwl = s;
      dwl = s - len;
    } else {
      uwl = len - s;
      dwl = -s;
    }
    // Receptor height relative to the road for fill and cut sections (2:1 side slopes).
    let z = zM;
    const absD = Math.abs(d);
    if ((type === LINK_TYPE_CODE.FL || type === LINK_TYPE_CODE.DP) && absD < w2 + 2 * Math.abs(hl)) {
      z = absD <= w2 ? zM - hl : zM - hl * (1 - (absD - w2) / (2 * Math.abs(hl)));
    }
    return this.elementSeries(i, d, uwl, dwl, z, w, w2, hl);
  }

  /** The CALINE3 element loop: upwind elements from the foot outward, then downwind ones. */
  private elementSeries(i: number, d: number, uwl: number, dwl: number, z: number, w: number, w2: number, hl: number): number {
    const base = this.base[i] as number;
    const powers = ELEMENT_POWERS[this.baseIndex[i] as number] as Float64Array;
    let total = 0;
    let sgn = uwl <= 0 && dwl < 0 ? -1 : 1;
    let ne = 0;
    let last = false;
    for (;;) {
      // Start (or restart, for the downwind side) at the receptor foot.
      if (sgn === -1 && uwl > 0 && dwl >= 0) return total;
      let ed1 = 0;
      let ed2 = sgn * w;
      // Elements wholly between the foot and the near end of the link contribute nothing: jump over
      // them in closed form (edges W·(base^k − 1)/(base − 1)) instead of stepping through each.
      const gap = sgn === 1 ? dwl : -uwl;
      if (gap > w) {
        const edges = ELEMENT_EDGES[this.baseIndex[i] as number] as Float64Array;
        const skipped = skippedElementCount(gap / w, edges);
        if (skipped > 0) {
          ne = skipped;
          ed1 = sgn * w * (edges[skipped] as number);
          ed2 = ed1 + sgn * (skipped <= MAX_TABULATED_ELEMENTS ? (powers[skipped] as number) : Math.pow(base, skipped)) * w;
        }
      }
      for (;;) {
        let active = true;
        if (sgn === 1) {
          if (ed1 <= dwl && ed2 <= dwl) active = false;
          else if (!(ed1 > dwl && ed2 < uwl)) {
            if (ed1 <= dwl) ed1 = dwl;
            if (ed2 >= uwl) {
              ed2 = uwl;
              sgn = -1;
              ne = -1;
            }
          }
        } else if (ed1 >= uwl && ed2 >= uwl) active = false;
        else if (!(ed1 < uwl && ed2 > dwl)) {
          if (ed1 >= uwl) ed1 = uwl;
          if (ed2 <= dwl) {
            ed2 = dwl;
            last = true;
          }
        }
        if (active) {
          const inc = this.element(i, ed1, ed2, d, z, w2, hl);
          if (inc !== inc) {
            // NaN: element downwind of the receptor; on the downwind side nothing further contributes.
            if (sgn === -1) return total;
          } else total += inc;
        }
        if (last) return total;
        ne += 1;
        if (ne === 0) break; // upwind side done: restart downwind
        ed1 = ed2;
        ed2 = ed2 + sgn * (ne <= MAX_TABULATED_ELEMENTS ? (powers[ne] as number) : Math.pow(base, ne)) * w;
      }
    }
  }

  /** One element's contribution per unit source strength; NaN when the element lies downwind of the receptor. */
  private element(i: number, ed1: number, ed2: number, d: number, z: number, w2: number, hl: number): number {
    const tanPhi = this.tanPhi[i] as number;
    const sinPhi = this.sinPhi[i] as number;
    const cosPhi = this.cosPhi[i] as number;
    const el2 = Math.abs(ed2 - ed1) / 2;
    const ecld = (ed1 + ed2) / 2;
    // Equivalent finite line normal to the wind: half-length, central sub-element half-length along the wind.
    const ell2 = w2 / cosPhi + (el2 - w2 * tanPhi) * sinPhi;
    const csl2 = el2 * tanPhi >= w2 ? w2 / sinPhi : el2 / cosPhi;
    const em2 = Math.abs((el2 - w2 / tanPhi) * sinPhi);
    const en2 = (ell2 - em2) / 2;
    let qe = csl2 / w2;
    let fet = (ecld + d * tanPhi) * cosPhi;
    const hyp = ecld * ecld + d * d;
    const side = fet * fet;
    const ye = side > hyp ? 0 : Math.sqrt(hyp - side);
    if (fet <= -csl2) return NaN;
    if (fet < csl2) {
      // Receptor within the element: only the part upwind of it contributes.
      qe = (qe * (fet + csl2)) / (2 * csl2);
      fet = (csl2 + fet) / 2;
    }
    const u = this.u;
    const lnFet = Math.log(fet);
    const sgy = this.py1 * Math.exp(this.py2 * lnFet);
    // Every sub-element edge beyond 5σy on the same side: the crosswind integral is exactly 0.
    if (ye - ell2 > 5 * sgy) return 0;
    const sgz = (this.pz1[i] as number) * Math.exp((this.pz2[i] as number) * lnFet);
    const kz = (sgz * sgz * u) / (2 * fet);
    const fac1 = INV_SQRT_2PI / (sgz * u);
    // Edges of the five sub-elements across the wind (peripheral, peripheral, central, …).
    const y0 = ye + ell2;
    const y1 = y0 - en2;
    const y2 = y1 - en2;
    const y3 = y2 - 2 * em2;
    const y4 = y3 - en2;
    const y5 = y4 - en2;
    const inv = 1 / sgy;
    const t0 = normalTail(Math.abs(y0 * inv));
    const t1 = normalTail(Math.abs(y1 * inv));
    const t2 = normalTail(Math.abs(y2 * inv));
    const t3 = normalTail(Math.abs(y3 * inv));
    const t4 = normalTail(Math.abs(y4 * inv));
    const t5 = normalTail(Math.abs(y5 * inv));
    const fac2 =
      qe *
      (SUB_WEIGHT_PERIPHERAL_OUTER * subElementProbability(y0, y1, t0, t1) +
        SUB_WEIGHT_PERIPHERAL_INNER * subElementProbability(y1, y2, t1, t2) +
        subElementProbability(y2, y3, t2, t3) +
        SUB_WEIGHT_PERIPHERAL_INNER * subElementProbability(y3, y4, t3, t4) +
        SUB_WEIGHT_PERIPHERAL_OUTER * subElementProbability(y4, y5, t4, t5));
    let fact = fac1 * fac2;
    // Depressed section: longer residence near the cut, fading out over 3·depth beyond its edge.
    const absD = Math.abs(d);
    if (hl < -1.5 && absD < w2 - 3 * hl) {
      const dstr = this.dstr[i] as number;
      fact *= absD <= w2 ? dstr : dstr - ((dstr - 1) * (absD - w2)) / (-3 * hl);
    }
    const h = this.sourceH[i] as number;
    let fac3 = 0;
    if (this.v1 !== 0) {
      const arg = (this.v1 * sgz) / (kz * SQRT2) + (z + h) / (sgz * SQRT2);
      if (arg > 5) return 0;
      fac3 = (SQRT_2PI * this.v1 * sgz * Math.exp((this.v1 * (z + h)) / kz + 0.5 * ((this.v1 * sgz) / kz) ** 2) * erfcApprox(arg)) / kz;
      if (fac3 > 2) fac3 = 2;
    }
    if (this.vs !== 0) fact *= Math.exp((-this.vs * (z - h)) / (2 * kz) - ((this.vs * sgz) / kz) ** 2 / 8);
    return fact * (this.verticalTerm(z, h, sgz) - fac3);
  }

  /** Ground reflection, plus lid images at ±2nL while they matter when L < 1000 m. */
  private verticalTerm(z: number, h: number, sgz: number): number {
    let sum = h === 0 ? 2 * gaussTerm(z, sgz) : gaussTerm(z + h, sgz) + gaussTerm(z - h, sgz);
    const mixh = this.mixingHeightM;
    if (mixh >= 1000 || sum === 0) return sum;
    for (let n = 1; n < 1000; n++) {
      const lift = 2 * n * mixh;
      const pair = gaussTerm(z + h + lift, sgz) + gaussTerm(z - h + lift, sgz) + gaussTerm(z + h - lift, sgz) + gaussTerm(z - h - lift, sgz);
      sum += pair;
      if (pair === 0) break;
    }
    return sum;
  }
}

/** CALINE3's conversion of µg/m³ to ppm: molar volume 0.0245 m³/mol (25 °C, 1 atm). */
export const CALINE3_MOLAR_VOLUME_M3_PER_MOL = 0.0245;

/** µg/m³ → ppm (by volume) for a gas of molar mass molarMassGPerMol (CO: 28). */
export function ugPerM3ToPpm(ugPerM3: number, molarMassGPerMol: number): number {
  return (ugPerM3 * CALINE3_MOLAR_VOLUME_M3_PER_MOL) / molarMassGPerMol;
}

/** Lineal source strength µg/(m·s) from traffic: veh/h × g/mile/veh (= 10⁶ / (3600·1609.344)). */
export function lineSourceUgPerMS(vehiclesPerHour: number, emissionFactorGPerMile: number): number {
  return (vehiclesPerHour * emissionFactorGPerMile * 1e6) / (3600 * 1609.344);
}
