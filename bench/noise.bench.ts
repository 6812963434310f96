/**
 * Road traffic noise (CNOSSOS-EU), seeded synthetic district (600 m × 600 m):
 * - emission: Lw' per band for 2 000 road segments × 3 periods, roads/s;
 * - propagation per path: one source–receiver pair with its direct cut (buildings crossed,
 *   diffraction) and first-order reflections within 50 m, µs per pair, against a pair on open
 *   ground as the baseline;
 * - map: 400 grid receivers (30 m) × point sources (10 m step) within 300 m, among 150 buildings;
 *   then a flow what-if (every flow × 1.3) re-summed from the stored attenuations, as a ratio to
 *   the full recompute.
 * - flow what-if on 100 k receivers (the map's receivers tiled): receiver–road folded gains
 *   (`resumRoads`) against the per-point-source re-sum measured on 10 k and scaled.
 * Targets (issue 8): ≤ 20 ms per receiver path finding at 800 m with one reflection; a flow
 * what-if on 100 k receivers < 300 ms. Printed, never asserted.
 */
import { aggregateByRoad, combineGains, computeAttenuations, pointSourcePower, resumCombined, resumPeriod, resumRoads, roadLinePower, type AttenuationStore, type RoadGainStore } from '../src/sim/noise/noise-map';
import { gridReceivers, roadPointSources, type NoiseBuildings, type NoiseRoads } from '../src/sim/noise/noise-scene';
import { PathFinder } from '../src/sim/noise/path-finder';
import { ROAD_COEFFICIENTS_2020 } from '../src/sim/noise/road-coefficients-2020';
import { roadLineSpectrum, type RoadEmissionInput } from '../src/sim/noise/road-emission';
import { printTable, sink, time } from './harness';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const ATMOSPHERE = { temperatureC: 15, humidityPercent: 70 };
const ALPHA = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];

function district(rnd: () => number, side: number, nBuildings: number): { buildings: NoiseBuildings; roads: NoiseRoads } {
  const xy: number[] = [];
  const heights: number[] = [];
  for (let i = 0; i < nBuildings; i++) {
    const x = 20 + rnd() * (side - 60);
    const y = 20 + rnd() * (side - 60);
    const w = 8 + rnd() * 20;
    const d = 8 + rnd() * 15;
    xy.push(x, y, x + w, y, x + w, y + d, x, y + d);
    heights.push(6 + rnd() * 18);
  }
  const buildings: NoiseBuildings = {
    count: nBuildings,
    ringStart: Uint32Array.from({ length: nBuildings + 1 }, (_, i) => i),
    ringOffset: Uint32Array.from({ length: nBuildings + 1 }, (_, i) => 4 * i),
    xy: Float64Array.from(xy),
    heightM: Float64Array.from(heights),
  };
  // A grid of streets every 100 m, side to side, as road segments between junctions (100 m).
  const xyz: number[] = [];
  const offsets = [0];
  for (let k = 50; k < side; k += 100) {
    for (let a = 0; a < side; a += 100) {
      xyz.push(a, k, 0, Math.min(side, a + 100), k, 0);
      offsets.push(xyz.length / 3);
      xyz.push(k, a, 0, k, Math.min(side, a + 100), 0);
      offsets.push(xyz.length / 3);
    }
  }
  return { buildings, roads: { count: offsets.length - 1, vertexOffset: Uint32Array.from(offsets), xyz: Float64Array.from(xyz) } };
}

/** The store's receivers repeated until `count` receivers (a bigger map of the same district). */
function tileRoadStore(store: RoadGainStore, count: number): RoadGainStore {
  const per = store.pairRoad.length;
  const tiles = Math.ceil(count / store.receivers);
  const pairStart = new Uint32Array(count + 1);
  const pairRoad = new Uint32Array(per * tiles);
  const gain = new Float32Array(per * tiles * 8);
  for (let t = 0; t < tiles; t++) {
    pairRoad.set(store.pairRoad, t * per);
    gain.set(store.gain, t * per * 8);
  }
  for (let r = 0; r <= count; r++) {
    const t = Math.floor(r / store.receivers);
    const k = r - t * store.receivers;
    pairStart[r] = t * per + (store.pairStart[k] ?? 0);
  }
  return { receivers: count, pairStart, pairRoad, gain };
}

function tileSourceStore(store: AttenuationStore, tiles: number): AttenuationStore {
  const per = store.pairSource.length;
  const receivers = store.receivers * tiles;
  const pairStart = new Uint32Array(receivers + 1);
  const pairSource = new Uint32Array(per * tiles);
  const gainH = new Float32Array(per * tiles * 8);
  const gainF = new Float32Array(per * tiles * 8);
  for (let t = 0; t < tiles; t++) {
    pairSource.set(store.pairSource, t * per);
    gainH.set(store.gainH, t * per * 8);
    gainF.set(store.gainF, t * per * 8);
    for (let r = 0; r < store.receivers; r++) pairStart[t * store.receivers + r] = t * per + (store.pairStart[r] ?? 0);
  }
  pairStart[receivers] = per * tiles;
  return { receivers, pairStart, pairSource, gainH, gainF };
}

export default async function (): Promise<void> {
  const rnd = seeded(8);
  const rows = [];

  // Emission.
  const nRoads = 2000;
  const spectrum = new Float64Array(8);
  const inputs: RoadEmissionInput[] = Array.from({ length: nRoads }, () => ({
    speedKmh: { '1': 30 + rnd() * 60, '2': 30 + rnd() * 50, '3': 30 + rnd() * 50, '4a': 30, '4b': 40 },
    flowPerHour: { '1': rnd() * 1500, '2': rnd() * 100, '3': rnd() * 80, '4a': rnd() * 20, '4b': rnd() * 30 },
    temperatureC: 15,
    surface: rnd() < 0.5 ? 'DEF' : 'NL01',
    studdedMonths: 0,
    studdedShare: 0,
    junctionDistanceM: rnd() * 200,
    junctionType: 1,
    slopePercent: rnd() * 8 - 4,
    clampSlope: true,
    direction: 'both',
  }));
  const emission = await time('emission: 2 000 roads × 3 periods × 8 bands', () => {
    for (let period = 0; period < 3; period++) for (const input of inputs) sink(roadLineSpectrum(ROAD_COEFFICIENTS_2020, input, spectrum)[3] ?? 0);
  });
  rows.push({ measure: emission.name, 'median ms': emission.medianMs.toFixed(2), figure: `${((3 * nRoads) / (emission.medianMs / 1000)).toFixed(0)} road-periods/s` });

  // Propagation per path.
  const side = 600;
  const { buildings, roads } = district(rnd, side, 150);
  const finder = new PathFinder(buildings, { groundG: 0.5, facadeAlpha: ALPHA, reflectionRadiusM: 50, atmosphere: ATMOSPHERE });
  const open = new PathFinder({ count: 0, ringStart: new Uint32Array(1), ringOffset: new Uint32Array(1), xy: new Float64Array(0), heightM: new Float64Array(0) }, { groundG: 0.5, facadeAlpha: ALPHA, reflectionRadiusM: 0, atmosphere: ATMOSPHERE });
  const h = new Float64Array(8);
  const f = new Float64Array(8);
  const pairs = 500;
  const pts = Float64Array.from({ length: 4 * pairs }, () => rnd() * side);
  const withBuildings = await time(`propagation: ${pairs} pairs, buildings + reflections ≤ 50 m`, () => {
    for (let i = 0; i < pairs; i++) {
      finder.attenuation(pts[4 * i] ?? 0, pts[4 * i + 1] ?? 0, 0.05, pts[4 * i + 2] ?? 0, pts[4 * i + 3] ?? 0, 4, h, f);
      sink(h[3] ?? 0);
    }
  });
  const baseline = await time(`baseline: ${pairs} pairs on open ground`, () => {
    for (let i = 0; i < pairs; i++) {
      open.attenuation(pts[4 * i] ?? 0, pts[4 * i + 1] ?? 0, 0.05, pts[4 * i + 2] ?? 0, pts[4 * i + 3] ?? 0, 4, h, f);
      sink(h[3] ?? 0);
    }
  });
  rows.push({ measure: withBuildings.name, 'median ms': withBuildings.medianMs.toFixed(2), figure: `${((withBuildings.medianMs * 1000) / pairs).toFixed(1)} µs/pair, ×${(withBuildings.medianMs / baseline.medianMs).toFixed(1)} open ground` });
  rows.push({ measure: baseline.name, 'median ms': baseline.medianMs.toFixed(2), figure: `${((baseline.medianMs * 1000) / pairs).toFixed(1)} µs/pair` });

  // Path finding per receiver at 800 m range with one reflection (issue target ≤ 20 ms).
  const allSources = roadPointSources(roads, 10);
  const far = { count: 5, x: Float64Array.from([60, 300, 540, 150, 450]), y: Float64Array.from([60, 300, 540, 450, 150]), z: new Float64Array(5).fill(4) };
  // Wall time on a shared machine swings with the load; the CPU time of this process is the steadier figure.
  const cpuMs: number[] = [];
  const range = await time('path finding: 5 receivers, sources ≤ 800 m, reflections ≤ 50 m', () => {
    const c0 = process.cpuUsage();
    const st = computeAttenuations(allSources, far, buildings, { groundG: 0.5, facadeAlpha: ALPHA, reflectionRadiusM: 50, atmosphere: ATMOSPHERE, maxDistanceM: 800 });
    const c = process.cpuUsage(c0);
    cpuMs.push((c.user + c.system) / 1000);
    sink(st.pairSource.length);
  }, { warmup: 1, runs: 5 });
  // The warm-up run is left out; min and median over the timed runs.
  const cpuRuns = cpuMs.slice(1).sort((p, q) => p - q);
  const cpuMin = (cpuRuns[0] ?? NaN) / far.count;
  const cpuMedian = (cpuRuns[Math.floor(cpuRuns.length / 2)] ?? NaN) / far.count;
  const rangeOpen = await time('baseline: the same on open ground, no reflections', () => {
    const st = computeAttenuations(allSources, far, { count: 0, ringStart: new Uint32Array(1), ringOffset: new Uint32Array(1), xy: new Float64Array(0), heightM: new Float64Array(0) }, { groundG: 0.5, facadeAlpha: ALPHA, reflectionRadiusM: 0, atmosphere: ATMOSPHERE, maxDistanceM: 800 });
    sink(st.pairSource.length);
  }, { warmup: 1, runs: 3 });
  rows.push({ measure: range.name, 'median ms': range.medianMs.toFixed(1), figure: `${(range.medianMs / far.count).toFixed(1)} ms/receiver wall, CPU ${cpuMin.toFixed(1)} min / ${cpuMedian.toFixed(1)} median ms (${allSources.count} sources in range), ×${(range.medianMs / rangeOpen.medianMs).toFixed(1)} open ground; target ≤ 20 ms` });
  const rangeLateral = await time('path finding as above, with lateral paths around blocking buildings', () => {
    const st = computeAttenuations(allSources, far, buildings, { groundG: 0.5, facadeAlpha: ALPHA, reflectionRadiusM: 50, atmosphere: ATMOSPHERE, maxDistanceM: 800, lateralPaths: true });
    sink(st.pairSource.length);
  }, { warmup: 0, runs: 1 });
  rows.push({ measure: rangeLateral.name, 'median ms': rangeLateral.medianMs.toFixed(1), figure: `${(rangeLateral.medianMs / far.count).toFixed(1)} ms/receiver wall, ×${(rangeLateral.medianMs / range.medianMs).toFixed(2)} without lateral paths` });
  rows.push({ measure: rangeOpen.name, 'median ms': rangeOpen.medianMs.toFixed(1), figure: `${(rangeOpen.medianMs / far.count).toFixed(1)} ms/receiver` });

  // Map and re-sum.
  const receivers = gridReceivers(0, 0, side, side, buildings, 30, 4);
  const sources = allSources;
  const options = { groundG: 0.5, facadeAlpha: ALPHA, reflectionRadiusM: 30, atmosphere: ATMOSPHERE, maxDistanceM: 300 };
  const flows = Float64Array.from({ length: roads.count * 15 }, () => rnd() * 800);
  const speeds = new Float64Array(roads.count * 15).fill(50);
  const surface = new Array<string>(roads.count).fill('');
  const power = new Float64Array(sources.count * 8);
  const levels = new Float64Array(receivers.count);
  let store: AttenuationStore | undefined;
  const full = await time(`full map: ${receivers.count} receivers × ${sources.count} sources (≤ 300 m)`, () => {
    store = computeAttenuations(sources, receivers, buildings, options);
    pointSourcePower(ROAD_COEFFICIENTS_2020, sources, roads.count, { flowVehH: flows, speedKmh: speeds, surface }, 'day', 15, power);
    sink(resumPeriod(store, power, 0.5, levels)[0] ?? 0);
  }, { warmup: 0, runs: 1 });
  const changed = flows.map((q) => q * 1.3);
  const stored = store as AttenuationStore | undefined;
  if (stored === undefined) throw new Error('full map did not run');
  const resum = await time('flow what-if: emissions + re-sum', () => {
    pointSourcePower(ROAD_COEFFICIENTS_2020, sources, roads.count, { flowVehH: changed, speedKmh: speeds, surface }, 'day', 15, power);
    sink(resumPeriod(stored, power, 0.5, levels)[0] ?? 0);
  });
  const combined = combineGains(stored, 0.5, new Float32Array(stored.gainH.length));
  const resumFast = await time('flow what-if: emissions + re-sum with gains combined per period', () => {
    pointSourcePower(ROAD_COEFFICIENTS_2020, sources, roads.count, { flowVehH: changed, speedKmh: speeds, surface }, 'day', 15, power);
    sink(resumCombined(stored, combined, power, levels)[0] ?? 0);
  });
  const perPairNs = (resumFast.medianMs * 1e6) / stored.pairSource.length;
  rows.push({ measure: full.name, 'median ms': full.medianMs.toFixed(1), figure: `${stored.pairSource.length} pairs, ${(full.medianMs / receivers.count).toFixed(2)} ms/receiver` });
  rows.push({ measure: resum.name, 'median ms': resum.medianMs.toFixed(2), figure: `${((100 * resum.medianMs) / full.medianMs).toFixed(2)} % of full recompute` });
  rows.push({ measure: resumFast.name, 'median ms': resumFast.medianMs.toFixed(2), figure: `${perPairNs.toFixed(1)} ns/pair` });

  // Flow what-if on 100 k receivers: the map's receivers tiled to 100 k, per road (receiver–road
  // folded gains) against per point source (combined gains, the previous method) on 10 k tiled.
  const folded = aggregateByRoad(stored, sources, 0.5);
  const big = tileRoadStore(folded, 100_000);
  const roadPower = new Float64Array(roads.count * 8);
  const bigLevels = new Float64Array(big.receivers);
  const resumRoad = await time('flow what-if, 100 k receivers: road Lw′ + re-sum per receiver–road', () => {
    roadLinePower(ROAD_COEFFICIENTS_2020, roads.count, { flowVehH: changed, speedKmh: speeds, surface }, 'day', 15, roadPower);
    sink(resumRoads(big, roadPower, bigLevels)[0] ?? 0);
  });
  const tiles = Math.ceil(10_000 / stored.receivers);
  const midStore = tileSourceStore(stored, tiles);
  const midCombined = combineGains(midStore, 0.5, new Float32Array(midStore.gainH.length));
  const midLevels = new Float64Array(midStore.receivers);
  const resumSource = await time(`baseline: per point source, ${midStore.receivers} receivers (×${(100_000 / midStore.receivers).toFixed(1)} → 100 k)`, () => {
    pointSourcePower(ROAD_COEFFICIENTS_2020, sources, roads.count, { flowVehH: changed, speedKmh: speeds, surface }, 'day', 15, power);
    sink(resumCombined(midStore, midCombined, power, midLevels)[0] ?? 0);
  });
  const sourceAt100k = (resumSource.medianMs * 100_000) / midStore.receivers;
  rows.push({ measure: resumRoad.name, 'median ms': resumRoad.medianMs.toFixed(1), figure: `${big.pairRoad.length} road pairs (${(big.pairRoad.length / big.receivers).toFixed(0)}/receiver), ×${(sourceAt100k / resumRoad.medianMs).toFixed(1)} faster than per source; target < 300 ms` });
  rows.push({ measure: resumSource.name, 'median ms': resumSource.medianMs.toFixed(1), figure: `≈ ${sourceAt100k.toFixed(0)} ms at 100 k (${(stored.pairSource.length / stored.receivers).toFixed(0)} source pairs/receiver)` });
  printTable('noise (CNOSSOS-EU)', rows);
}
