/**
 * Noise map kernel: keeps every source–receiver attenuation (homogeneous and favourable, per band)
 * so that a change in flows, speeds or surfaces only re-sums emissions (`resumPeriod`), and
 * computes Lday, Levening, Lnight and Lden (Directive 2002/49/EC Annex I; CNOSSOS-EU Annex II
 * §2.5.11 long-term level with the occurrence p of favourable conditions).
 */
import { throwIfCancelled, type RunControl } from '../core/progress';
import type { NoiseBuildings, NoiseReceivers, PointSources } from './noise-scene';
import { PathFinder, type PathFinderOptions } from './path-finder';
import { BAND_COUNT, VEHICLE_CATEGORIES, type RoadCoefficientSet, type VehicleCategory } from './road-coefficient-types';
import { roadLineEmission, type RoadEmissionInput } from './road-emission';

/** A-weighting per octave band 63 Hz … 8 kHz, dB (IEC 61672-1). */
export const A_WEIGHTING = [-26.2, -16.1, -8.6, -3.2, 0, 1.2, 1, -1.1] as const;
/** Periods of Directive 2002/49/EC: day 07–19, evening 19–23, night 23–07. */
export const NOISE_PERIODS = ['day', 'evening', 'night'] as const;
export type NoisePeriod = (typeof NOISE_PERIODS)[number];

/** Sparse source–receiver attenuations, CSR by receiver. */
export interface AttenuationStore {
  receivers: number;
  /** Length receivers + 1: first pair of each receiver. */
  pairStart: Uint32Array;
  /** Source index of each pair. */
  pairSource: Uint32Array;
  /**
   * Per pair × band: linear gain 10^(−A/10) of the equivalent attenuation A (dB), homogeneous and
   * favourable, so a re-sum is a multiply-add with no power function per pair.
   */
  gainH: Float32Array;
  gainF: Float32Array;
}

export interface AttenuationOptions extends PathFinderOptions {
  /** Sources farther than this from a receiver are ignored, m. */
  maxDistanceM: number;
}

/**
 * An AttenuationStore under construction: pairs appended receiver by receiver into columns that
 * double when full, trimmed by `finish`. Shared by every way of finding the pairs (uniform sources
 * here, adaptive source pieces in src/sim-workers/noise-attenuations.ts).
 */
export class AttenuationStoreBuilder {
  pairSource: Uint32Array;
  gainH: Float32Array;
  gainF: Float32Array;
  pairs = 0;
  private readonly pairStart: Uint32Array;
  private capacity: number;

  constructor(
    private readonly receivers: number,
    initialCapacity: number,
  ) {
    this.pairStart = new Uint32Array(receivers + 1);
    this.capacity = Math.max(64, initialCapacity);
    this.pairSource = new Uint32Array(this.capacity);
    this.gainH = new Float32Array(this.capacity * BAND_COUNT);
    this.gainF = new Float32Array(this.capacity * BAND_COUNT);
  }

  startReceiver(r: number): void {
    this.pairStart[r] = this.pairs;
  }

  /** Appends a pair of `source` with the current receiver; returns the offset of its 8 band gains in gainH / gainF. */
  add(source: number): number {
    if (this.pairs >= this.capacity) this.grow();
    this.pairSource[this.pairs] = source;
    return this.pairs++ * BAND_COUNT;
  }

  /**
   * Appends pairs k0 … k1 − 1 of `from` (a row of another store) to the current receiver, gains
   * and all; returns the offset of the first appended pair's gains.
   */
  appendPairs(from: AttenuationStore, k0: number, k1: number): number {
    const n = k1 - k0;
    while (this.pairs + n > this.capacity) this.grow();
    this.pairSource.set(from.pairSource.subarray(k0, k1), this.pairs);
    this.gainH.set(from.gainH.subarray(k0 * BAND_COUNT, k1 * BAND_COUNT), this.pairs * BAND_COUNT);
    this.gainF.set(from.gainF.subarray(k0 * BAND_COUNT, k1 * BAND_COUNT), this.pairs * BAND_COUNT);
    const g = this.pairs * BAND_COUNT;
    this.pairs += n;
    return g;
  }

  finish(): AttenuationStore {
    const n = this.pairs;
    this.pairStart[this.receivers] = n;
    return { receivers: this.receivers, pairStart: this.pairStart, pairSource: this.pairSource.slice(0, n), gainH: this.gainH.slice(0, n * BAND_COUNT), gainF: this.gainF.slice(0, n * BAND_COUNT) };
  }

  private grow(): void {
    this.capacity *= 2;
    const ps = new Uint32Array(this.capacity);
    ps.set(this.pairSource);
    this.pairSource = ps;
    const gh = new Float32Array(this.capacity * BAND_COUNT);
    gh.set(this.gainH);
    this.gainH = gh;
    const gf = new Float32Array(this.capacity * BAND_COUNT);
    gf.set(this.gainF);
    this.gainF = gf;
  }
}

/**
 * Computes the attenuation of every source within `maxDistanceM` of every receiver.
 * Reports progress every 64 receivers and honours cancellation between them.
 */
export function computeAttenuations(sources: PointSources, receivers: NoiseReceivers, buildings: NoiseBuildings, options: AttenuationOptions, control?: RunControl): AttenuationStore {
  const finder = new PathFinder(buildings, options);
  const store = new AttenuationStoreBuilder(receivers.count, receivers.count * 16);
  const h = new Float64Array(BAND_COUNT);
  const f = new Float64Array(BAND_COUNT);
  const max2 = options.maxDistanceM * options.maxDistanceM;
  const index = new SourceIndex(sources, options.maxDistanceM);
  for (let r = 0; r < receivers.count; r++) {
    if ((r & 63) === 0) {
      throwIfCancelled(control, 'noise attenuations');
      control?.onProgress?.({ fraction: r / receivers.count, stage: `receivers ${r}/${receivers.count}` });
    }
    store.startReceiver(r);
    const rx = receivers.x[r] ?? 0;
    const ry = receivers.y[r] ?? 0;
    const rz = receivers.z[r] ?? 0;
    // Early rejection: only the sources of the index cells within range, in source order.
    const near = index.near(rx, ry);
    for (let n = 0; n < index.foundCount; n++) {
      const s = near[n] ?? 0;
      const dx = (sources.x[s] ?? 0) - rx;
      const dy = (sources.y[s] ?? 0) - ry;
      if (dx * dx + dy * dy > max2) continue;
      finder.gains(sources.x[s] ?? 0, sources.y[s] ?? 0, sources.z[s] ?? 0, rx, ry, rz, h, f);
      const g = store.add(s);
      for (let b = 0; b < BAND_COUNT; b++) {
        store.gainH[g + b] = h[b] ?? 0;
        store.gainF[g + b] = f[b] ?? 0;
      }
    }
  }
  control?.onProgress?.({ fraction: 1, stage: 'attenuations done' });
  return store.finish();
}

/**
 * Uniform grid of the point sources with cells of the search range, so a receiver visits the 3 × 3
 * cells around it instead of every source. `near` returns the candidates sorted by source index
 * (the store keeps pairs in source order whatever the index).
 */
class SourceIndex {
  private readonly x0: number;
  private readonly y0: number;
  private readonly nx: number;
  private readonly ny: number;
  private readonly cell: number;
  private readonly cellStart: Uint32Array;
  private readonly items: Uint32Array;
  private found = new Uint32Array(64);
  foundCount = 0;

  constructor(sources: PointSources, rangeM: number) {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let s = 0; s < sources.count; s++) {
      minX = Math.min(minX, sources.x[s] ?? 0);
      minY = Math.min(minY, sources.y[s] ?? 0);
      maxX = Math.max(maxX, sources.x[s] ?? 0);
      maxY = Math.max(maxY, sources.y[s] ?? 0);
    }
    if (sources.count === 0) minX = minY = maxX = maxY = 0;
    // Cells of the range (at most 1024 per side, so a huge range on a small area stays small).
    this.cell = Math.max(rangeM, (maxX - minX) / 1024, (maxY - minY) / 1024, 1e-6);
    this.x0 = minX;
    this.y0 = minY;
    this.nx = Math.floor((maxX - minX) / this.cell) + 1;
    this.ny = Math.floor((maxY - minY) / this.cell) + 1;
    const counts = new Uint32Array(this.nx * this.ny + 1);
    const cellOf = new Uint32Array(sources.count);
    for (let s = 0; s < sources.count; s++) {
      const c = Math.floor(((sources.y[s] ?? 0) - minY) / this.cell) * this.nx + Math.floor(((sources.x[s] ?? 0) - minX) / this.cell);
      cellOf[s] = c;
      counts[c + 1] = (counts[c + 1] ?? 0) + 1;
    }
    for (let c = 0; c < this.nx * this.ny; c++) counts[c + 1] = (counts[c + 1] ?? 0) + (counts[c] ?? 0);
    this.cellStart = counts.slice();
    this.items = new Uint32Array(sources.count);
    for (let s = 0; s < sources.count; s++) {
      const c = cellOf[s] ?? 0;
      const at = counts[c] ?? 0;
      this.items[at] = s;
      counts[c] = at + 1;
    }
  }

  /** Sources in the cells within one cell of (x, y), sorted by index; `foundCount` of them. */
  near(x: number, y: number): Uint32Array {
    const cx = Math.floor((x - this.x0) / this.cell);
    const cy = Math.floor((y - this.y0) / this.cell);
    this.foundCount = 0;
    for (let j = Math.max(0, cy - 1); j <= Math.min(this.ny - 1, cy + 1); j++) {
      for (let i = Math.max(0, cx - 1); i <= Math.min(this.nx - 1, cx + 1); i++) {
        const c = j * this.nx + i;
        const a = this.cellStart[c] ?? 0;
        const b = this.cellStart[c + 1] ?? 0;
        if (this.foundCount + (b - a) > this.found.length) {
          const grown = new Uint32Array(Math.max(this.found.length * 2, this.foundCount + (b - a)));
          grown.set(this.found.subarray(0, this.foundCount));
          this.found = grown;
        }
        this.found.set(this.items.subarray(a, b), this.foundCount);
        this.foundCount += b - a;
      }
    }
    this.found.subarray(0, this.foundCount).sort();
    return this.found;
  }
}

/** Per-road traffic in the twin's layout: [road · 15 + period · 5 + category] (day, evening, night × 1, 2, 3, 4a, 4b). */
export interface RoadTraffic {
  flowVehH: ArrayLike<number>;
  speedKmh: ArrayLike<number>;
  /** Surface id per road ('' = reference surface 'DEF'). */
  surface: readonly string[];
  /** Gradient per road, % (optional: 0). */
  slopePercent?: ArrayLike<number>;
}

const FLOW_STRIDE = NOISE_PERIODS.length * VEHICLE_CATEGORIES.length;

/**
 * Sound power per band of every point source for one period, dB, into `out`
 * (sources × 8): Lw' of its road (Annex II eq. 2.2.1) + 10 lg(length). Roads without flow: −∞.
 */
export function pointSourcePower(set: RoadCoefficientSet, sources: PointSources, roadCount: number, traffic: RoadTraffic, period: NoisePeriod, temperatureC: number, out: Float64Array): Float64Array {
  const roadLw = roadLinePower(set, roadCount, traffic, period, temperatureC, new Float64Array(roadCount * BAND_COUNT));
  for (let s = 0; s < sources.count; s++) {
    const r = sources.road[s] ?? 0;
    const l = 10 * Math.log10(sources.lengthM[s] ?? 1);
    for (let b = 0; b < BAND_COUNT; b++) out[s * BAND_COUNT + b] = (roadLw[r * BAND_COUNT + b] ?? Number.NEGATIVE_INFINITY) + l;
  }
  return out;
}

/**
 * Sound power per metre Lw′ per band of every road for one period, dB/m, into `out` (roads × 8;
 * Annex II eq. 2.2.1). Roads without flow: −∞.
 */
export function roadLinePower(set: RoadCoefficientSet, roadCount: number, traffic: RoadTraffic, period: NoisePeriod, temperatureC: number, out: Float64Array): Float64Array {
  const p = NOISE_PERIODS.indexOf(period);
  const roadLw = out;
  const speed = { '1': 0, '2': 0, '3': 0, '4a': 0, '4b': 0 } as Record<VehicleCategory, number>;
  const flow = { '1': 0, '2': 0, '3': 0, '4a': 0, '4b': 0 } as Record<VehicleCategory, number>;
  const input: RoadEmissionInput = { speedKmh: speed, flowPerHour: flow, temperatureC, surface: 'DEF', studdedMonths: 0, studdedShare: 0, junctionDistanceM: 1e9, junctionType: 0, slopePercent: 0, clampSlope: true, direction: 'both' };
  for (let r = 0; r < roadCount; r++) {
    let any = false;
    VEHICLE_CATEGORIES.forEach((cat, c) => {
      const q = Number(traffic.flowVehH[r * FLOW_STRIDE + p * 5 + c]);
      const v = Number(traffic.speedKmh[r * FLOW_STRIDE + p * 5 + c]);
      flow[cat] = Number.isFinite(q) && q > 0 ? q : 0;
      speed[cat] = Number.isFinite(v) && v > 0 ? v : 50;
      if (flow[cat] > 0) any = true;
    });
    const surface = traffic.surface[r] ?? '';
    input.surface = surface === '' ? 'DEF' : surface;
    input.slopePercent = Number(traffic.slopePercent?.[r] ?? 0);
    for (let b = 0; b < BAND_COUNT; b++) roadLw[r * BAND_COUNT + b] = any ? roadLineEmission(set, input, b) : Number.NEGATIVE_INFINITY;
  }
  return roadLw;
}

let sourceEnergy = new Float64Array(0);

/**
 * A-weighted band energies 10^((Lw + A_weight)/10) of the point sources' powers (sources × 8, dB),
 * into a module buffer grown on demand and returned.
 */
function aWeightedSourceEnergy(power: Float64Array): Float64Array {
  const n = power.length;
  if (sourceEnergy.length < n) sourceEnergy = new Float64Array(n);
  for (let i = 0; i < n; i++) sourceEnergy[i] = 10 ** (((power[i] ?? Number.NEGATIVE_INFINITY) + (A_WEIGHTING[i % BAND_COUNT] ?? 0)) / 10);
  return sourceEnergy;
}

/**
 * Re-sum: A-weighted long-term level at every receiver for one period, dB(A), into `out`, from
 * stored gains and the point sources' band powers Lw (sources × 8, dB):
 * L = 10 lg Σ_pairs Σ_bands 10^((Lw + A_weight)/10)·(p g_F + (1 − p) g_H)   (Annex II §2.5.11).
 * Only the sources' 8 powers go through a power function; each pair is a multiply-add.
 */
export function resumPeriod(store: AttenuationStore, power: Float64Array, p: number, out: Float64Array): Float64Array {
  const e = aWeightedSourceEnergy(power);
  const q = 1 - p;
  const gH = store.gainH;
  const gF = store.gainF;
  for (let r = 0; r < store.receivers; r++) {
    let energy = 0;
    const end = store.pairStart[r + 1] ?? 0;
    for (let k = store.pairStart[r] ?? 0; k < end; k++) {
      const s = (store.pairSource[k] ?? 0) * BAND_COUNT;
      const g = k * BAND_COUNT;
      for (let b = 0; b < BAND_COUNT; b++) energy += (e[s + b] ?? 0) * (p * (gF[g + b] ?? 0) + q * (gH[g + b] ?? 0));
    }
    out[r] = 10 * Math.log10(energy);
  }
  return out;
}

/**
 * Gains of every pair and band for one occurrence p of favourable conditions,
 * p g_F + (1 − p) g_H, into `out` (pairs × 8). Computed once per period (p), so a flow what-if
 * re-sum (`resumCombined`) reads one gain per pair and band.
 */
export function combineGains(store: AttenuationStore, p: number, out: Float32Array): Float32Array {
  const q = 1 - p;
  for (let i = 0; i < store.gainH.length; i++) out[i] = p * (store.gainF[i] ?? 0) + q * (store.gainH[i] ?? 0);
  return out;
}

/** As `resumPeriod`, with gains already combined for the period's p (`combineGains`). */
export function resumCombined(store: AttenuationStore, combined: Float32Array, power: Float64Array, out: Float64Array): Float64Array {
  const e = aWeightedSourceEnergy(power);
  for (let r = 0; r < store.receivers; r++) {
    let energy = 0;
    const end = store.pairStart[r + 1] ?? 0;
    for (let k = store.pairStart[r] ?? 0; k < end; k++) {
      const s = (store.pairSource[k] ?? 0) * BAND_COUNT;
      const g = k * BAND_COUNT;
      energy +=
        (e[s] ?? 0) * (combined[g] ?? 0) +
        (e[s + 1] ?? 0) * (combined[g + 1] ?? 0) +
        (e[s + 2] ?? 0) * (combined[g + 2] ?? 0) +
        (e[s + 3] ?? 0) * (combined[g + 3] ?? 0) +
        (e[s + 4] ?? 0) * (combined[g + 4] ?? 0) +
        (e[s + 5] ?? 0) * (combined[g + 5] ?? 0) +
        (e[s + 6] ?? 0) * (combined[g + 6] ?? 0) +
        (e[s + 7] ?? 0) * (combined[g + 7] ?? 0);
    }
    out[r] = 10 * Math.log10(energy);
  }
  return out;
}

/**
 * Receiver–road gains for fast what-ifs: every point source of a road shares the road's Lw′, so
 * the pairs of one receiver and one road fold into one gain per band,
 * G[r, road, b] = Σ_{sources s of road} l_s (p g_F + (1 − p) g_H)  (l_s m, the length s stands for),
 * and a flow, speed or surface change re-sums Σ_roads Σ_b 10^((Lw′ + A)/10) G (`resumRoads`):
 * about ten times fewer multiply-adds than per point source at a 10 m step. Float32, CSR by receiver.
 */
export interface RoadGainStore {
  receivers: number;
  /** Length receivers + 1: first receiver–road pair of each receiver. */
  pairStart: Uint32Array;
  /** Road index of each pair. */
  pairRoad: Uint32Array;
  /** Per pair × band: the folded gain G, m. */
  gain: Float32Array;
}

/** Folds the source pairs of `store` by road for the occurrence p of favourable conditions. */
export function aggregateByRoad(store: AttenuationStore, sources: PointSources, p: number): RoadGainStore {
  const q = 1 - p;
  const pairStart = new Uint32Array(store.receivers + 1);
  // At most as many road pairs as source pairs; trimmed at the end.
  const pairRoad = new Uint32Array(store.pairSource.length);
  const gain = new Float32Array(store.pairSource.length * BAND_COUNT);
  const acc = new Float64Array(BAND_COUNT);
  let roadSlot = new Int32Array(0);
  let n = 0;
  for (let r = 0; r < store.receivers; r++) {
    pairStart[r] = n;
    const first = n;
    const end = store.pairStart[r + 1] ?? 0;
    for (let k = store.pairStart[r] ?? 0; k < end; k++) {
      const s = store.pairSource[k] ?? 0;
      const road = sources.road[s] ?? 0;
      if (road >= roadSlot.length) {
        const grown = new Int32Array(Math.max(road + 1, roadSlot.length * 2)).fill(-1);
        grown.set(roadSlot);
        roadSlot = grown;
      }
      let slot = roadSlot[road] ?? -1;
      if (slot < first) {
        slot = n++;
        roadSlot[road] = slot;
        pairRoad[slot] = road;
      }
      const l = sources.lengthM[s] ?? 1;
      const g = k * BAND_COUNT;
      for (let b = 0; b < BAND_COUNT; b++) acc[b] = l * (p * (store.gainF[g + b] ?? 0) + q * (store.gainH[g + b] ?? 0));
      for (let b = 0; b < BAND_COUNT; b++) gain[slot * BAND_COUNT + b] = (gain[slot * BAND_COUNT + b] ?? 0) + (acc[b] ?? 0);
    }
  }
  pairStart[store.receivers] = n;
  return { receivers: store.receivers, pairStart, pairRoad: pairRoad.slice(0, n), gain: gain.slice(0, n * BAND_COUNT) };
}

let roadEnergy = new Float64Array(0);

/**
 * Re-sum from receiver–road gains: A-weighted level at every receiver, dB(A), into `out`, from
 * the roads' Lw′ per band (roads × 8, dB/m, `roadLinePower`):
 * L = 10 lg Σ_pairs Σ_b 10^((Lw′ + A_weight)/10) G   (Annex II §2.5.11, p folded into G).
 */
export function resumRoads(store: RoadGainStore, roadPower: Float64Array, out: Float64Array): Float64Array {
  const n = roadPower.length;
  if (roadEnergy.length < n) roadEnergy = new Float64Array(n);
  const e = roadEnergy;
  for (let i = 0; i < n; i++) e[i] = 10 ** (((roadPower[i] ?? Number.NEGATIVE_INFINITY) + (A_WEIGHTING[i & 7] ?? 0)) / 10);
  const gain = store.gain;
  const road = store.pairRoad;
  const start = store.pairStart;
  for (let r = 0; r < store.receivers; r++) {
    let energy = 0;
    const end = start[r + 1] ?? 0;
    for (let k = start[r] ?? 0; k < end; k++) {
      const s = (road[k] ?? 0) << 3;
      const g = k << 3;
      energy +=
        (e[s] ?? 0) * (gain[g] ?? 0) +
        (e[s + 1] ?? 0) * (gain[g + 1] ?? 0) +
        (e[s + 2] ?? 0) * (gain[g + 2] ?? 0) +
        (e[s + 3] ?? 0) * (gain[g + 3] ?? 0) +
        (e[s + 4] ?? 0) * (gain[g + 4] ?? 0) +
        (e[s + 5] ?? 0) * (gain[g + 5] ?? 0) +
        (e[s + 6] ?? 0) * (gain[g + 6] ?? 0) +
        (e[s + 7] ?? 0) * (gain[g + 7] ?? 0);
    }
    out[r] = 10 * Math.log10(energy);
  }
  return out;
}

/** Lden from Lday, Levening, Lnight, dB (Directive 2002/49/EC Annex I: 12 h, 4 h + 5 dB, 8 h + 10 dB). */
export function lden(lDay: number, lEvening: number, lNight: number): number {
  return 10 * Math.log10((12 * 10 ** (lDay / 10) + 4 * 10 ** ((lEvening + 5) / 10) + 8 * 10 ** ((lNight + 10) / 10)) / 24);
}
