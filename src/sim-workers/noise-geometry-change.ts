/**
 * Incremental noise propagation after a geometry change (issue 8: "a geometry change (new
 * building, barrier) recomputes only the paths it touches"). From a session of the city before
 * the change and the city after it (buildings added, removed, moved or raised; a noise barrier is
 * a thin building), `updateNoiseSession` gives the session a full computation of the new city
 * would give, recomputing only:
 * - the pairs of the receivers that are new (grid cells a removed building freed, facade
 *   receivers of a new building or freed by a removed one): all their pairs;
 * - for the receivers present before and after (same position, so the same pairs, in the same
 *   order: the source pieces depend only on distances), the pairs that a changed footprint can
 *   touch (src/sim/noise/touched-pairs.ts: direct cut and reflections; lateral-reach.ts: lateral
 *   paths), with the same path finder and the same gain formula as the full computation.
 * Receivers inside a new building, and the facade receivers of a removed building, vanish with the
 * new receiver set. Every other pair keeps its stored gains.
 *
 * Falls back to a full computation (and says why) when anything but the buildings differs: grid,
 * sources (roads), terrain, ground polygons, ground G (with `groundPolygons: false` the district G
 * depends on the built area), or the path options.
 */
import type { CityModel } from '../twin/city-model';
import { throwIfCancelled, type RunControl } from '../sim/core/progress';
import { AttenuationStoreBuilder, computeAttenuations, type AttenuationOptions, type AttenuationStore } from '../sim/noise/noise-map';
import type { NoiseBuildings, NoiseReceivers } from '../sim/noise/noise-scene';
import { PathFinder } from '../sim/noise/path-finder';
import { BAND_COUNT } from '../sim/noise/road-coefficient-types';
import { diffBuildings, ReflectionReach, TouchedPairTest } from '../sim/noise/touched-pairs';
import { LateralReach } from '../sim/noise/lateral-reach';
import { adaptivePairGains, computeAdaptiveAttenuations } from './noise-attenuations';
import { computeNoiseStore, prepareNoiseGeometry, sessionFromStore, type NoiseGeometrySetup, type NoiseJob, type NoiseSession } from './noise-job';
import { noiseBuildings } from './noise-sources';

export interface NoiseGeometryUpdate {
  /** Null when the update was incremental, else why everything was recomputed. */
  fullRecomputeReason: string | null;
  buildingsRemoved: number;
  buildingsAdded: number;
  /** Receivers of the new city with no receiver at the same place before (all pairs computed). */
  receiversNew: number;
  /** Receivers of the old city with none at the same place now. */
  receiversGone: number;
  pairs: number;
  /** Pairs whose gains were computed anew (touched pairs + the new receivers' pairs). */
  pairsRecomputed: number;
  /** Wall time of the attenuations (detection + recomputed pairs + splicing), ms. */
  attenuationMs: number;
}

const clock = (): number => globalThis.performance.now();

function sameArray(a: ArrayLike<number> | undefined, b: ArrayLike<number> | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Why two setups' pairs are not comparable (null: only the buildings and receivers may differ). */
export function incompatibility(a: NoiseGeometrySetup, b: NoiseGeometrySetup): string | null {
  const ga = a.grid;
  const gb = b.grid;
  if (ga.originX !== gb.originX || ga.originY !== gb.originY || ga.cellM !== gb.cellM || ga.cols !== gb.cols || ga.rows !== gb.rows) return 'the grid changed (study area from the buildings\' extent?)';
  if ((a.tree === null) !== (b.tree === null)) return 'the source segmentation changed';
  const sa = a.sources;
  const sb = b.sources;
  if (sa.count !== sb.count || !sameArray(sa.x, sb.x) || !sameArray(sa.y, sb.y) || !sameArray(sa.z, sb.z) || !sameArray(sa.road, sb.road) || !sameArray(sa.lengthM, sb.lengthM)) return 'the road sources changed';
  if (a.tree !== null && b.tree !== null && (!sameArray(a.tree.child, b.tree.child) || !sameArray(a.tree.top, b.tree.top))) return 'the road sources changed';
  const oa: AttenuationOptions = a.attenuationOptions;
  const ob: AttenuationOptions = b.attenuationOptions;
  if (oa.maxDistanceM !== ob.maxDistanceM || oa.reflectionRadiusM !== ob.reflectionRadiusM || oa.lateralPaths !== ob.lateralPaths || oa.gridCellM !== ob.gridCellM) return 'the path options changed';
  if (!Object.is(oa.groundG, ob.groundG)) return `the ground G changed (${oa.groundG} → ${ob.groundG})`;
  if (!sameArray(oa.facadeAlpha, ob.facadeAlpha) || oa.facadeAlphaByBuilding !== undefined || ob.facadeAlphaByBuilding !== undefined) return 'the facade absorption changed';
  if (oa.atmosphere.temperatureC !== ob.atmosphere.temperatureC || oa.atmosphere.humidityPercent !== ob.atmosphere.humidityPercent) return 'the atmosphere changed';
  const ta = oa.terrain;
  const tb = ob.terrain;
  if ((ta === undefined) !== (tb === undefined) || (ta !== undefined && tb !== undefined && (ta.x0 !== tb.x0 || ta.y0 !== tb.y0 || ta.cellM !== tb.cellM || ta.nx !== tb.nx || ta.ny !== tb.ny || !sameArray(ta.z, tb.z)))) return 'the terrain changed';
  const pa = oa.groundPolygons;
  const pb = ob.groundPolygons;
  if ((pa === undefined) !== (pb === undefined) || (pa !== undefined && pb !== undefined && (!sameArray(pa.ringOffset, pb.ringOffset) || !sameArray(pa.xy, pb.xy) || !sameArray(pa.g, pb.g)))) return 'the ground polygons changed';
  return null;
}

/** For each receiver of `next`, the receiver of `prev` at the same place (−1: none). */
function matchReceivers(prev: NoiseGeometrySetup, next: NoiseGeometrySetup): Int32Array {
  const match = new Int32Array(next.receivers.count).fill(-1);
  const byCell = new Int32Array(prev.grid.cols * prev.grid.rows).fill(-1);
  const pg = prev.gridRx;
  for (let j = 0; j < pg.count; j++) byCell[pg.cell[j] ?? 0] = j;
  const ng = next.gridRx;
  for (let j = 0; j < ng.count; j++) {
    const old = byCell[ng.cell[j] ?? 0] ?? -1;
    if (old >= 0 && pg.z[old] === ng.z[j]) match[j] = old;
  }
  const key = (rx: NoiseReceivers, j: number) => `${rx.x[j]},${rx.y[j]},${rx.z[j]}`;
  const facades = new Map<string, number>();
  for (let j = 0; j < prev.facadeRx.count; j++) facades.set(key(prev.facadeRx, j), pg.count + j);
  for (let j = 0; j < next.facadeRx.count; j++) {
    const old = facades.get(key(next.facadeRx, j));
    if (old !== undefined) {
      match[ng.count + j] = old;
      facades.delete(key(next.facadeRx, j));
    }
  }
  return match;
}

/** The buildings of `a` followed by buildings `extra` of `b` (outer and inner rings, heights). */
function unionBuildings(a: NoiseBuildings, b: NoiseBuildings, extra: readonly number[]): NoiseBuildings {
  const ringStart = [...a.ringStart];
  const ringOffset = [...a.ringOffset];
  const xy = [...a.xy];
  const heightM = [...a.heightM];
  for (const i of extra) {
    for (let ring = b.ringStart[i] ?? 0; ring < (b.ringStart[i + 1] ?? 0); ring++) {
      for (let v = b.ringOffset[ring] ?? 0; v < (b.ringOffset[ring + 1] ?? 0); v++) xy.push(b.xy[2 * v] ?? 0, b.xy[2 * v + 1] ?? 0);
      ringOffset.push(xy.length / 2);
    }
    ringStart.push(ringOffset.length - 1);
    heightM.push(b.heightM[i] ?? 0);
  }
  return { count: a.count + extra.length, ringStart: Uint32Array.from(ringStart), ringOffset: Uint32Array.from(ringOffset), xy: Float64Array.from(xy), heightM: Float64Array.from(heightM) };
}

function subsetReceivers(rx: NoiseReceivers, which: readonly number[]): NoiseReceivers {
  const pick = (a: Float64Array) => Float64Array.from(which, (j) => a[j] ?? 0);
  return { count: which.length, x: pick(rx.x), y: pick(rx.y), z: pick(rx.z) };
}

/**
 * The session of `city` (after a geometry change) from `previous` (a session of the city before
 * it) and `job` (default: the previous session's job), with what was recomputed.
 */
export function updateNoiseSession(previous: NoiseSession, city: CityModel, job: NoiseJob = previous.geometry.job, control?: RunControl): { session: NoiseSession; update: NoiseGeometryUpdate } {
  control?.onProgress?.({ fraction: 0, stage: 'receivers' });
  const prev = previous.geometry;
  const next = prepareNoiseGeometry(city, job);
  const t0 = clock();
  const reason = incompatibility(prev, next);
  const before = noiseBuildings(prev.city);
  const after = noiseBuildings(city);
  const diff = diffBuildings(before, after);
  if (reason !== null) {
    const store = computeNoiseStore(next, control);
    const pairs = store.pairStart[store.receivers] ?? 0;
    const attenuationMs = clock() - t0;
    return { session: sessionFromStore(next, store, attenuationMs), update: { fullRecomputeReason: reason, buildingsRemoved: diff.removed.length, buildingsAdded: diff.added.length, receiversNew: next.receivers.count, receiversGone: prev.receivers.count, pairs, pairsRecomputed: pairs, attenuationMs } };
  }
  const options = next.attenuationOptions;
  const match = matchReceivers(prev, next);
  const fresh: number[] = [];
  const seen = new Uint8Array(prev.receivers.count);
  match.forEach((old, j) => {
    if (old < 0) fresh.push(j);
    else seen[old] = 1;
  });
  let receiversGone = 0;
  for (const s of seen) if (s === 0) receiversGone++;
  // All pairs of the new receivers, by the full computation's own function.
  const freshRx = subsetReceivers(next.receivers, fresh);
  // Cancellable; no progress of its own (the receivers' loop below reports it).
  const freshControl: RunControl | undefined = control?.signal === undefined ? undefined : { signal: control.signal };
  const freshStore: AttenuationStore = next.tree !== null ? computeAdaptiveAttenuations(next.tree, freshRx, after, options, freshControl) : computeAttenuations(next.sources, freshRx, after, options, freshControl);
  const freshRow = new Int32Array(next.receivers.count).fill(-1);
  fresh.forEach((j, k) => (freshRow[j] = k));
  throwIfCancelled(control, 'noise attenuations');

  const test = new TouchedPairTest(diff.footprints);
  const union = unionBuildings(after, before, diff.removed);
  const reflections = new ReflectionReach(union, options.reflectionRadiusM);
  const lateral = options.lateralPaths === true && diff.footprints.count > 0 ? new LateralReach(union, [...diff.added, ...diff.removed.map((_, k) => after.count + k)]) : null;
  const finder = new PathFinder(after, options);
  const old = previous.store;
  const sources = next.sources;
  const out = new AttenuationStoreBuilder(next.receivers.count, old.pairSource.length + freshStore.pairSource.length);
  const h = new Float64Array(BAND_COUNT);
  const f = new Float64Array(BAND_COUNT);
  let recomputed = freshStore.pairSource.length;
  const rxs = next.receivers;
  for (let r = 0; r < rxs.count; r++) {
    if ((r & 255) === 0) {
      throwIfCancelled(control, 'noise attenuations');
      control?.onProgress?.({ fraction: r / rxs.count, stage: `receivers ${r}/${rxs.count}` });
    }
    out.startReceiver(r);
    const o = match[r] ?? -1;
    if (o < 0) {
      const k = freshRow[r] ?? 0;
      out.appendPairs(freshStore, freshStore.pairStart[k] ?? 0, freshStore.pairStart[k + 1] ?? 0);
      continue;
    }
    const k0 = old.pairStart[o] ?? 0;
    const k1 = old.pairStart[o + 1] ?? 0;
    const g0 = out.appendPairs(old, k0, k1);
    const rx = rxs.x[r] ?? 0;
    const ry = rxs.y[r] ?? 0;
    const rz = rxs.z[r] ?? 0;
    if (diff.footprints.count === 0) continue;
    const reach = reflections.radiusAt(rx, ry);
    const near = test.receiverNear(rx, ry, options.maxDistanceM, reach);
    if (!near && lateral === null) continue;
    for (let k = k0; k < k1; k++) {
      const s = old.pairSource[k] ?? 0;
      const sx = sources.x[s] ?? 0;
      const sy = sources.y[s] ?? 0;
      if (!((near && test.touches(sx, sy, rx, ry, reach)) || (lateral !== null && lateral.touches(sx, sy, rx, ry)))) continue;
      const g = g0 + (k - k0) * BAND_COUNT;
      if (next.tree !== null) adaptivePairGains(finder, sx, sy, sources.z[s] ?? 0, rx, ry, rz, h, f, out.gainH, out.gainF, g);
      else {
        finder.gains(sx, sy, sources.z[s] ?? 0, rx, ry, rz, h, f);
        for (let b = 0; b < BAND_COUNT; b++) {
          out.gainH[g + b] = h[b] ?? 0;
          out.gainF[g + b] = f[b] ?? 0;
        }
      }
      recomputed++;
    }
  }
  control?.onProgress?.({ fraction: 1, stage: 'attenuations done' });
  const store = out.finish();
  const attenuationMs = clock() - t0;
  const pairs = store.pairStart[store.receivers] ?? 0;
  return {
    session: sessionFromStore(next, store, attenuationMs),
    update: { fullRecomputeReason: null, buildingsRemoved: diff.removed.length, buildingsAdded: diff.added.length, receiversNew: fresh.length, receiversGone, pairs, pairsRecomputed: recomputed, attenuationMs },
  };
}
