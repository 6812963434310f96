/**
 * Scratch state of the path attenuation (`computePathAttenuation`, CNOSSOS-EU Directive (EU)
 * 2015/996 Annex II §2.5.5-2.5.8 as amended by (EU) 2021/1226): every buffer one path needs,
 * preallocated and reused from path to path, so a map computes millions of paths without
 * allocating. Capacities grow (×2) only when a cut has more edges and ground vertices than any
 * before. Nothing read by a path survives from the previous one: each stage writes what it reads
 * later in the same path (the side-plane cache and the ground-hull flags are reset per path; the
 * air absorption is keyed by its atmosphere).
 *
 * Doubles move between the stages through these fields and typed arrays, not as arguments or
 * return values: a call V8 does not inline boxes each double argument and result on the heap.
 */
import { createGroundSide, type GroundSide, type GroundTerms, type MeanPlane } from './ground-attenuation';
import { BAND_COUNT } from './road-coefficient-types';

/** Diffraction points of one propagation condition, ordered from the source, m (x along the cut, z absolute). */
export interface Hull {
  x: Float64Array;
  z: Float64Array;
}

/** Band-independent geometry of a diffracted path in one condition (§2.5.7). */
export interface DiffractionGeometry {
  /** Distance between the first and last edge, m (C'' of eq. 2.5.22). */
  e: number;
  /** Source side S → first edge: heights over its mean plane, projected length (m), G_path, G'_path. */
  hS: number;
  hO1: number;
  dpS: number;
  gS: number;
  gSPrime: number;
  /** Receiver side last edge → R (G'_path = G_path). */
  hOn: number;
  hR: number;
  dpR: number;
  gR: number;
  /** Δdif arguments q (`deltaDifArgument`) of S-R, S′-R and S-R′ per band. */
  qSR: Float64Array;
  qSpR: Float64Array;
  qSRp: Float64Array;
  /** Band-independent ground terms of each side in this condition (`prepareGroundSide`). */
  sideS: GroundSide;
  sideR: GroundSide;
  /** Path differences S-R, S'-R, S-R' and S'-R' (δ′ of the Rayleigh criterion), m. */
  deltaSR: number;
  deltaSpR: number;
  deltaSRp: number;
  deltaPrime: number;
  /**
   * Ends of the four path differences (S, S′ and R, R′ in the side planes): x, z of the start
   * then x, z of the end, for S-R, S′-R, S-R′, S′-R′ (16 values), m.
   */
  ends: Float64Array;
  /** The four path differences in the order of `ends`, m. */
  deltas: Float64Array;
}

/** Geometry of a lateral path: length, direct distance, δ and e (first to last edge), m. */
export interface LateralPath {
  length: number;
  direct: number;
  delta: number;
  e: number;
}

/** Reusable scratch of `computePathAttenuation` (one per thread; see the module comment). */
export interface PathWorkspace {
  /** Air absorption α per band of the atmosphere `alphaT` °C, `alphaRh` % (ISO 9613-1), dB/km. */
  alpha: Float64Array;
  alphaT: number;
  alphaRh: number;
  /** Whole-path mean plane (§2.5.6) and the side planes of the diffraction terms (§2.5.7). */
  plane: MeanPlane;
  sidePlane: MeanPlane;
  /** Mirror image of S or R in a side plane, x and z, m. */
  image: Float64Array;
  /** Whole-path heights zs, zr over the mean plane, projected distance dp (m), G_path, G'_path. */
  zs: number;
  zr: number;
  dp: number;
  gPath: number;
  gPrime: number;
  /** Curvature radius Γ of favourable rays, m (eq. 2.5.24). */
  gamma: number;
  /** Diffraction candidates (edges and terrain vertices strictly between S and R), x, z in m. */
  candX: Float64Array;
  candZ: Float64Array;
  /** Candidates lowered by the favourable arc's rise (curved ray made straight), m. */
  candZCurved: Float64Array;
  /** Hull indices written by `upperHullEdges`. */
  hullIndex: Int32Array;
  /** 1 for the candidates on the upper hull of the ground profile itself. */
  groundHull: Uint8Array;
  /** Whether `groundHull` describes the current candidates (marked on first need). */
  groundHullMarked: boolean;
  hullH: Hull;
  hullF: Hull;
  /** Side mean planes of the current path keyed by their [from, to], 4 slots (reset per path). */
  planeFrom: Float64Array;
  planeTo: Float64Array;
  planeSlope: Float64Array;
  planeIntercept: Float64Array;
  planeNext: number;
  /** [from, to] of the side plane asked for, m. */
  planeRange: Float64Array;
  geometryH: DiffractionGeometry;
  geometryF: DiffractionGeometry;
  /** The whole path's ground terms, H and F, prepared once per path (maps). */
  wholeH: GroundSide;
  wholeF: GroundSide;
  /** One band's whole-path ground terms (reports). */
  groundTerms: GroundTerms;
  lateral: LateralPath;
  /** Per band: ground amplitudes 10^(−A_ground/20) of the source and receiver sides (§2.5.7). */
  ampS: Float64Array;
  ampR: Float64Array;
  /** Per band: whether the path diffracts in H / F (1) or is bounded by the ground (0). */
  difH: Uint8Array;
  difF: Uint8Array;
}

function createGeometry(): DiffractionGeometry {
  return {
    e: 0, hS: 0, hO1: 0, dpS: 0, gS: 0, gSPrime: 0, hOn: 0, hR: 0, dpR: 0, gR: 0, deltaSR: 0, deltaSpR: 0, deltaSRp: 0, deltaPrime: 0,
    qSR: new Float64Array(BAND_COUNT), qSpR: new Float64Array(BAND_COUNT), qSRp: new Float64Array(BAND_COUNT),
    sideS: createGroundSide(), sideR: createGroundSide(), ends: new Float64Array(16), deltas: new Float64Array(4),
  };
}

/** A fresh workspace (capacity for cuts of 64 edges and ground vertices; it grows as needed). */
export function createPathWorkspace(): PathWorkspace {
  return {
    alpha: new Float64Array(BAND_COUNT),
    alphaT: Number.NaN,
    alphaRh: Number.NaN,
    plane: { slope: 0, intercept: 0 },
    sidePlane: { slope: 0, intercept: 0 },
    image: new Float64Array(2),
    zs: 0,
    zr: 0,
    dp: 0,
    gPath: 0,
    gPrime: 0,
    gamma: 0,
    candX: new Float64Array(64),
    candZ: new Float64Array(64),
    candZCurved: new Float64Array(64),
    hullIndex: new Int32Array(64),
    groundHull: new Uint8Array(64),
    groundHullMarked: false,
    hullH: { x: new Float64Array(64), z: new Float64Array(64) },
    hullF: { x: new Float64Array(64), z: new Float64Array(64) },
    planeFrom: new Float64Array(4).fill(Number.NaN),
    planeTo: new Float64Array(4).fill(Number.NaN),
    planeSlope: new Float64Array(4),
    planeIntercept: new Float64Array(4),
    planeNext: 0,
    planeRange: new Float64Array(2),
    geometryH: createGeometry(),
    geometryF: createGeometry(),
    wholeH: createGroundSide(),
    wholeF: createGroundSide(),
    groundTerms: { aGround: 0, w: 0, cf: 0 },
    lateral: { length: 0, direct: 0, delta: 0, e: 0 },
    ampS: new Float64Array(BAND_COUNT),
    ampR: new Float64Array(BAND_COUNT),
    difH: new Uint8Array(BAND_COUNT),
    difF: new Uint8Array(BAND_COUNT),
  };
}

/** Makes room for `n` diffraction candidates (and their hull indices, S and R included). */
export function reserveCandidates(ws: PathWorkspace, n: number): void {
  if (ws.candX.length < n) {
    ws.candX = new Float64Array(n * 2);
    ws.candZ = new Float64Array(n * 2);
    ws.candZCurved = new Float64Array(n * 2);
    ws.groundHull = new Uint8Array(n * 2);
  }
  if (ws.hullIndex.length < n + 2) ws.hullIndex = new Int32Array(n * 2 + 2);
}
