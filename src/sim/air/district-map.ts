/**
 * District concentration maps from road links with CALINE3 (see `caline3.ts`):
 *
 * 1. `computeLinkContributions`: for one weather case, every link's unit-emission contribution
 *    (µg/m³ per µg/(m·s)) at every receiver where it is not identically zero, stored sparse per link
 *    (CSR on typed arrays). Receiver–link pairs outside the link's plume wedge — upwind of its mixing
 *    zone, or beyond CALINE3's 5σy crosswind cut-off — are skipped before the element series, which
 *    leaves the result unchanged.
 * 2. `concentrationMap`: C_r = ambient + Σ_links q_l · unit_lr, q_l in µg/(m·s) (from
 *    `traffic-emissions.ts`), µg/m³.
 * 3. `applyEmissionChange`: a flow what-if on a few links only re-sums their columns.
 * 4. `periodMean`: Σ_k weight_k · map_k over binned weather cases (`meteorology.ts`).
 */
import Flatbush from 'flatbush';
import { throwIfCancelled, type RunControl } from '../core/progress';
import { Caline3Dispersion, type Caline3Links, type Caline3Meteo, type Caline3Site } from './caline3';

/** Receiver points (m), one buffer per coordinate. */
export interface Receivers {
  count: number;
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
}

/** Sparse per-link unit contributions: receivers of link l are receiver[linkStart[l] … linkStart[l+1]). */
export interface LinkContributions {
  linkCount: number;
  receiverCount: number;
  linkStart: Uint32Array;
  receiver: Uint32Array;
  /** µg/m³ per µg/(m·s). */
  value: Float32Array;
}

export function createReceivers(count: number): Receivers {
  return { count, x: new Float64Array(count), y: new Float64Array(count), z: new Float64Array(count) };
}

export interface ContributionOptions {
  /**
   * Receivers farther than this (m) from a link's centre line get no contribution from it
   * (default Infinity = exact CALINE3). Near-road gradients of traffic pollutants reach
   * background within about 100–600 m (Karner, Eisinger & Niemeier 2010, Environ. Sci. Technol.
   * 44:5334), so a few hundred metres trades little accuracy for speed on district maps.
   */
  maxDistanceM?: number;
}

/**
 * A regular receiver grid over [minX, maxX] × [minY, maxY] (m) at cell centres `spacingM` apart, at
 * height `heightM` above ground; row-major from the south-west corner (index = row · columns + col).
 */
export function gridReceivers(minXM: number, minYM: number, maxXM: number, maxYM: number, spacingM: number, heightM = 1.5): Receivers & { columns: number; rows: number } {
  if (!(spacingM > 0)) throw new Error(`gridReceivers: spacing must be > 0 m, got ${spacingM}`);
  if (!(maxXM > minXM && maxYM > minYM)) throw new Error('gridReceivers: empty extent');
  const columns = Math.max(1, Math.round((maxXM - minXM) / spacingM));
  const rows = Math.max(1, Math.round((maxYM - minYM) / spacingM));
  const grid = { ...createReceivers(columns * rows), columns, rows };
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < columns; col++) {
      const i = row * columns + col;
      grid.x[i] = minXM + (col + 0.5) * spacingM;
      grid.y[i] = minYM + (row + 0.5) * spacingM;
      grid.z[i] = heightM;
    }
  }
  return grid;
}

/** Unit-emission contributions of every link at every receiver for one weather case. */
export function computeLinkContributions(
  links: Caline3Links,
  receivers: Receivers,
  site: Caline3Site,
  met: Caline3Meteo,
  options: ContributionOptions = {},
  control?: RunControl,
): LinkContributions {
  const model = new Caline3Dispersion(links, site, met);
  const maxDistance = options.maxDistanceM ?? Infinity;
  if (!(maxDistance > 0)) throw new Error(`computeLinkContributions: maxDistanceM must be > 0, got ${maxDistance}`);
  const maxDistance2 = maxDistance * maxDistance;
  const limited = Number.isFinite(maxDistance);
  let index: Flatbush | undefined;
  if (limited && receivers.count > 0) {
    index = new Flatbush(receivers.count);
    for (let r = 0; r < receivers.count; r++) index.add(receivers.x[r] as number, receivers.y[r] as number, receivers.x[r] as number, receivers.y[r] as number);
    index.finish();
  }
  const linkStart = new Uint32Array(links.count + 1);
  let capacity = Math.max(1024, receivers.count * 4);
  let receiver = new Uint32Array(capacity);
  let value = new Float32Array(capacity);
  let used = 0;
  const { x, y, z } = receivers;
  // Wind-frame coordinates of every receiver, once per weather case, and the receivers in crosswind
  // order: a link's plume wedge (5σy at the largest fetch either side of its mixing zone) is then a
  // contiguous range found by binary search, so receivers far to the side are never visited.
  const along = new Float64Array(receivers.count);
  const cross = new Float64Array(receivers.count);
  let maxAlong = -Infinity;
  for (let r = 0; r < receivers.count; r++) {
    along[r] = model.alongWind(x[r] as number, y[r] as number);
    cross[r] = model.crossWind(x[r] as number, y[r] as number);
    if ((along[r] as number) > maxAlong) maxAlong = along[r] as number;
  }
  // Plume half-widths 5σy at whole-metre fetches, rounded up: an upper bound of the exact one
  // (σy grows with fetch), so culling against it never drops a non-zero pair; the few pairs it lets
  // through in excess get an exact zero from the element series and are not stored.
  const halfAtMetre = new Float64Array(Math.min(200_000, Math.max(2, Math.ceil(maxAlong - minOf(model.minDownwind)) + 2)));
  for (let k = 0; k < halfAtMetre.length; k++) halfAtMetre[k] = model.plumeHalfWidthAt(Math.max(1, k));
  const byCross = Uint32Array.from({ length: receivers.count }, (_, r) => r).sort((a, b) => (cross[a] as number) - (cross[b] as number));
  const crossSorted = Float64Array.from(byCross, (r) => cross[r] as number);
  for (let l = 0; l < links.count; l++) {
    if ((l & 63) === 0) {
      throwIfCancelled(control, 'air map');
      control?.onProgress?.({ fraction: l / links.count, stage: `links ${l}/${links.count}` });
    }
    linkStart[l] = used;
    const minDownwind = model.minDownwind[l] as number;
    const minCross = model.minCrosswind[l] as number;
    const maxCross = model.maxCrosswind[l] as number;
    const fetchMax = maxAlong - minDownwind;
    if (!(fetchMax > 0)) continue;
    const ax = links.x1[l] as number;
    const ay = links.y1[l] as number;
    const bx = links.x2[l] as number;
    const by = links.y2[l] as number;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    // With a cut-off, only receivers in the link's bounding box grown by it are candidates.
    const candidates = index === undefined ? undefined : index.search(Math.min(ax, bx) - maxDistance, Math.min(ay, by) - maxDistance, Math.max(ax, bx) + maxDistance, Math.max(ay, by) + maxDistance);
    let first = 0;
    let end: number;
    if (candidates === undefined) {
      const half = model.plumeHalfWidthAt(fetchMax);
      first = lowerBound(crossSorted, minCross - half);
      end = lowerBound(crossSorted, maxCross + half, first, true);
    } else end = candidates.length;
    for (let j = first; j < end; j++) {
      const r = candidates === undefined ? (byCross[j] as number) : (candidates[j] as number);
      const xr = x[r] as number;
      const yr = y[r] as number;
      if (limited) {
        const t = Math.min(1, Math.max(0, ((xr - ax) * dx + (yr - ay) * dy) / len2));
        const ex = xr - ax - t * dx;
        const ey = yr - ay - t * dy;
        if (ex * ex + ey * ey > maxDistance2) continue;
      }
      const fetch = (along[r] as number) - minDownwind;
      if (fetch <= 0) continue;
      const c0 = cross[r] as number;
      const side = c0 < minCross ? minCross - c0 : c0 > maxCross ? c0 - maxCross : 0;
      if (side > 0) {
        const k = Math.ceil(fetch);
        if (k < halfAtMetre.length ? side > (halfAtMetre[k] as number) : model.isOutsidePlumeWindFrame(l, along[r] as number, c0)) continue;
      }
      const c = model.unitConcentration(l, xr, yr, z[r] as number);
      if (c === 0) continue;
      if (used === capacity) {
        capacity *= 2;
        const nr = new Uint32Array(capacity);
        nr.set(receiver);
        receiver = nr;
        const nv = new Float32Array(capacity);
        nv.set(value);
        value = nv;
      }
      receiver[used] = r;
      value[used] = c;
      used++;
    }
  }
  linkStart[links.count] = used;
  control?.onProgress?.({ fraction: 1, stage: 'done' });
  return { linkCount: links.count, receiverCount: receivers.count, linkStart, receiver: receiver.slice(0, used), value: value.slice(0, used) };
}

function minOf(values: Float64Array): number {
  let m = Infinity;
  for (const v of values) if (v < m) m = v;
  return m;
}

/** First index in ascending `sorted` (from `from`) whose value is ≥ v, or > v when `after` is set. */
function lowerBound(sorted: Float64Array, v: number, from = 0, after = false): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = sorted[mid] as number;
    if (s < v || (after && s === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** C_r = ambient + Σ_l q_l·unit_lr (µg/m³) into `out` (allocated when absent). */
export function concentrationMap(contrib: LinkContributions, emissionsUgPerMS: ArrayLike<number>, ambientUgPerM3 = 0, out?: Float64Array): Float64Array {
  if (emissionsUgPerMS.length !== contrib.linkCount) throw new Error(`concentrationMap: ${emissionsUgPerMS.length} emission rates for ${contrib.linkCount} links`);
  const map = out ?? new Float64Array(contrib.receiverCount);
  map.fill(ambientUgPerM3);
  const { linkStart, receiver, value } = contrib;
  for (let l = 0; l < contrib.linkCount; l++) {
    const q = emissionsUgPerMS[l] as number;
    if (q === 0) continue;
    const end = linkStart[l + 1] as number;
    for (let k = linkStart[l] as number; k < end; k++) {
      const r = receiver[k] as number;
      map[r] = (map[r] as number) + q * (value[k] as number);
    }
  }
  return map;
}

/** What-if: adds Δq_l·unit_l for the changed links to an existing map, in place. */
export function applyEmissionChange(contrib: LinkContributions, map: Float64Array, changedLinks: ArrayLike<number>, deltaUgPerMS: ArrayLike<number>): Float64Array {
  if (changedLinks.length !== deltaUgPerMS.length) throw new Error('applyEmissionChange: one Δq per changed link is required');
  const { linkStart, receiver, value } = contrib;
  for (let j = 0; j < changedLinks.length; j++) {
    const l = changedLinks[j] as number;
    if (!(l >= 0 && l < contrib.linkCount)) throw new Error(`applyEmissionChange: link ${l} out of range`);
    const dq = deltaUgPerMS[j] as number;
    const end = linkStart[l + 1] as number;
    for (let k = linkStart[l] as number; k < end; k++) {
      const r = receiver[k] as number;
      map[r] = (map[r] as number) + dq * (value[k] as number);
    }
  }
  return map;
}

/** Σ_k weight_k · map_k (µg/m³) over weather cases, each with its own contributions. */
export function periodMean(cases: readonly { weight: number; contributions: LinkContributions; ambientUgPerM3?: number }[], emissionsUgPerMS: ArrayLike<number>): Float64Array {
  const first = cases[0];
  if (first === undefined) throw new Error('periodMean: no weather cases');
  const mean = new Float64Array(first.contributions.receiverCount);
  const scratch = new Float64Array(mean.length);
  for (const c of cases) {
    concentrationMap(c.contributions, emissionsUgPerMS, c.ambientUgPerM3 ?? 0, scratch);
    for (let r = 0; r < mean.length; r++) mean[r] = (mean[r] as number) + c.weight * (scratch[r] as number);
  }
  return mean;
}
