/**
 * Doubly constrained gravity model (Wilson 1967; Ortúzar & Willumsen, "Modelling Transport",
 * 4th ed. 2011, §5.4): T_ij = A_i · O_i · B_j · D_j · f(c_ij), with balancing factors A, B found by
 * Furness (bi-proportional) iteration so that Σ_j T_ij = O_i and Σ_i T_ij = D_j.
 * Deterrence f: exponential exp(−β·c) or power c^(−γ); c in minutes; pairs with no path (c = ∞)
 * get no trips. Intrazonal trips (the diagonal) take part in the balancing with the intrazonal cost
 * given (see `withIntrazonalCost`) but load no link: `odDemandFromMatrix` drops them. Without them a
 * zone attracting more than all other zones produce could not be balanced. Trips in veh/h.
 */
import { buildOdDemand, type OdDemand, type OdEntry } from '../../sim/traffic/od-demand';
import { parseTntpTrips } from '../../sim/traffic/tntp-trips';

export type Deterrence = { kind: 'exponential'; betaPerMin: number } | { kind: 'power'; gamma: number };

/**
 * Default deterrence: exp(−0.1 · c[min]), within the range of β fitted for urban car trips
 * (0.05–0.15 per minute, Ortúzar & Willumsen 2011 §5.4).
 */
export const DEFAULT_DETERRENCE: Deterrence = { kind: 'exponential', betaPerMin: 0.1 };

export function deterrenceValue(f: Deterrence, costMin: number): number {
  if (!Number.isFinite(costMin)) return 0;
  if (f.kind === 'exponential') return Math.exp(-f.betaPerMin * costMin);
  return costMin > 0 ? Math.pow(costMin, -f.gamma) : 0;
}

export interface GravityResult {
  /** Trips zone i → j at [i · n + j], veh/h. */
  trips: Float64Array;
  iterations: number;
  /** Largest |row or column sum − target| / target after balancing. */
  maxRelativeError: number;
  /** Zones whose production or attraction could not be placed (no reachable partner). */
  unbalancedZones: number[];
}

/**
 * Furness balancing. `cost` is n × n, minutes (Infinity: no path). Attractions are scaled to the
 * total of productions first. Stops when every row and column sum is within `tolerance` (relative).
 */
export function gravityModel(
  productions: Float64Array, attractions: Float64Array, cost: Float64Array, deterrence: Deterrence = DEFAULT_DETERRENCE,
  tolerance = 1e-10, maxIterations = 1000,
): GravityResult {
  const n = productions.length;
  if (attractions.length !== n) throw new Error(`gravity model: ${n} productions but ${attractions.length} attractions`);
  if (cost.length !== n * n) throw new Error(`gravity model: cost matrix has ${cost.length} entries, expected ${n}² = ${n * n}`);
  let sumO = 0;
  let sumD = 0;
  for (let i = 0; i < n; i++) {
    const o = productions[i] as number;
    const d = attractions[i] as number;
    if (!(o >= 0) || !(d >= 0) || !Number.isFinite(o) || !Number.isFinite(d)) throw new Error(`gravity model: zone ${i + 1} production ${o} / attraction ${d} must be finite and ≥ 0`);
    sumO += o;
    sumD += d;
  }
  const target = Float64Array.from(attractions, (d) => (sumD > 0 ? (d * sumO) / sumD : 0));
  const f = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) f[k] = deterrenceValue(deterrence, cost[k] as number);
  const a = new Float64Array(n).fill(1);
  const b = new Float64Array(n).fill(1);
  let iterations = 0;
  let err = Infinity;
  const trips = new Float64Array(n * n);
  const fill = () => {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) trips[i * n + j] = (a[i] as number) * (productions[i] as number) * (b[j] as number) * (target[j] as number) * (f[i * n + j] as number);
  };
  while (iterations < maxIterations && err > tolerance) {
    iterations++;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += (b[j] as number) * (target[j] as number) * (f[i * n + j] as number);
      a[i] = s > 0 ? 1 / s : 0;
    }
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (a[i] as number) * (productions[i] as number) * (f[i * n + j] as number);
      b[j] = s > 0 ? 1 / s : 0;
    }
    fill();
    err = balanceError(trips, productions, target).max;
  }
  if (iterations === 0) fill();
  const { max, zones } = balanceError(trips, productions, target);
  return { trips, iterations, maxRelativeError: max, unbalancedZones: zones };
}

/** Largest relative deviation of row sums from `rows` and column sums from `cols`; zones off by > 1e-6. */
function balanceError(t: Float64Array, rows: Float64Array, cols: Float64Array): { max: number; zones: number[] } {
  const n = rows.length;
  let max = 0;
  const zones = new Set<number>();
  for (let i = 0; i < n; i++) {
    let r = 0;
    let c = 0;
    for (let j = 0; j < n; j++) {
      r += t[i * n + j] as number;
      c += t[j * n + i] as number;
    }
    for (const [s, goal] of [[r, rows[i] as number], [c, cols[i] as number]] as const) {
      const e = goal > 0 ? Math.abs(s - goal) / goal : 0;
      if (e > max) max = e;
      if (e > 1e-6) zones.add(i);
    }
  }
  return { max, zones: [...zones].sort((x, y) => x - y) };
}

/**
 * A copy of a zone-to-zone cost matrix (n × n) whose diagonal is half the cost to or from the nearest
 * other zone (the usual intrazonal estimate, Ortúzar & Willumsen 2011 §5.4); Infinity with no other zone.
 */
export function withIntrazonalCost(cost: Float64Array, n: number): Float64Array {
  const c = cost.slice();
  for (let i = 0; i < n; i++) {
    let nearest = Infinity;
    for (let j = 0; j < n; j++) if (j !== i) nearest = Math.min(nearest, cost[i * n + j] as number, cost[j * n + i] as number);
    c[i * n + i] = nearest / 2;
  }
  return c;
}

/** OdDemand of a dense trip matrix (n × n, veh/h). */
export function odDemandFromMatrix(trips: Float64Array, n: number): OdDemand {
  const entries: OdEntry[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const q = trips[i * n + j] as number;
    if (q > 0 && i !== j) entries.push({ origin: i, destination: j, volume: q });
  }
  return buildOdDemand(n, entries, 'gravity demand');
}

/** Demand from a TNTP `_trips` file (veh/h); its zone count must be the graph's. */
export function odDemandFromTntp(text: string, zoneCount: number, source = '_trips.tntp'): OdDemand {
  const { demand } = parseTntpTrips(text, source);
  if (demand.zoneCount !== zoneCount) throw new Error(`${source}: <NUMBER OF ZONES> is ${demand.zoneCount}, the city graph has ${zoneCount} zones`);
  return demand;
}

/** Demand from a scenario's list of OD entries (0-based zones, veh/h). */
export function odDemandFromEntries(entries: readonly OdEntry[], zoneCount: number, source = 'scenario demand'): OdDemand {
  return buildOdDemand(zoneCount, entries, source);
}
