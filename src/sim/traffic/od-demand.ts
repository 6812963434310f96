/**
 * Origin–destination demand, sparse per origin (CSR), in vehicles per time unit of the capacity.
 * OD pair k (0 ≤ k < pairCount) is origin `originZone[o]` → `destZone[k]` for
 * odStart[o] ≤ k < odStart[o + 1]. Only pairs with positive demand and origin ≠ destination are kept.
 * The order of origins and destinations is the processing order of the solvers; equilibrium link
 * flows do not depend on it.
 */
export interface OdDemand {
  zoneCount: number;
  /** Origin zones (0-based), in processing order, each once. */
  originZone: Int32Array;
  /** Length originZone.length + 1. */
  odStart: Int32Array;
  destZone: Int32Array;
  /** Demand of each pair (> 0). */
  volume: Float64Array;
  /** Σ volume. */
  total: number;
}

/** One OD entry as read from a file or a scenario. */
export interface OdEntry {
  origin: number;
  destination: number;
  volume: number;
}

/**
 * Builds an OdDemand from entries (0-based zones). Entries for the same pair are summed; pairs with
 * origin = destination or zero demand are dropped (they load no link). Origins keep the order in
 * which they first appear, destinations their first-appearance order within an origin.
 */
export function buildOdDemand(zoneCount: number, entries: Iterable<OdEntry>, source = 'demand'): OdDemand {
  const byOrigin = new Map<number, Map<number, number>>();
  for (const e of entries) {
    if (!Number.isInteger(e.origin) || e.origin < 0 || e.origin >= zoneCount) throw new Error(`${source}: origin ${e.origin + 1} is not a zone (1…${zoneCount})`);
    if (!Number.isInteger(e.destination) || e.destination < 0 || e.destination >= zoneCount) throw new Error(`${source}: destination ${e.destination + 1} is not a zone (1…${zoneCount})`);
    if (!Number.isFinite(e.volume) || e.volume < 0) throw new Error(`${source}: demand ${e.origin + 1}→${e.destination + 1} must be finite and ≥ 0, got ${e.volume}`);
    if (e.origin === e.destination || e.volume === 0) continue;
    let row = byOrigin.get(e.origin);
    if (row === undefined) {
      row = new Map();
      byOrigin.set(e.origin, row);
    }
    row.set(e.destination, (row.get(e.destination) ?? 0) + e.volume);
  }
  let pairs = 0;
  for (const row of byOrigin.values()) pairs += row.size;
  const originZone = new Int32Array(byOrigin.size);
  const odStart = new Int32Array(byOrigin.size + 1);
  const destZone = new Int32Array(pairs);
  const volume = new Float64Array(pairs);
  let o = 0;
  let k = 0;
  let total = 0;
  for (const [origin, row] of byOrigin) {
    originZone[o] = origin;
    for (const [dest, q] of row) {
      destZone[k] = dest;
      volume[k] = q;
      total += q;
      k++;
    }
    odStart[++o] = k;
  }
  return { zoneCount, originZone, odStart, destZone, volume, total };
}

/** Every OD entry of a demand, in its order. */
export function* odEntries(d: OdDemand): Generator<OdEntry> {
  for (let o = 0; o < d.originZone.length; o++) {
    for (let k = d.odStart[o] as number; k < (d.odStart[o + 1] as number); k++) {
      yield { origin: d.originZone[o] as number, destination: d.destZone[k] as number, volume: d.volume[k] as number };
    }
  }
}

/** The same demand with origins visited in `originOrder` (a permutation of 0…origins−1) and each origin's destinations reversed when `reverseDestinations`. */
export function reorderOdDemand(d: OdDemand, originOrder: readonly number[], reverseDestinations = false): OdDemand {
  const entries: OdEntry[] = [];
  for (const o of originOrder) {
    const from = d.odStart[o];
    const to = d.odStart[o + 1];
    if (from === undefined || to === undefined) throw new Error(`reorderOdDemand: origin index ${o} out of range`);
    const row: OdEntry[] = [];
    for (let k = from; k < to; k++) row.push({ origin: d.originZone[o] as number, destination: d.destZone[k] as number, volume: d.volume[k] as number });
    if (reverseDestinations) row.reverse();
    entries.push(...row);
  }
  return buildOdDemand(d.zoneCount, entries);
}
