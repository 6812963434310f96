/**
 * Sun-hours analysis as the panel runs it (issue 6), CPU path, printed never asserted:
 * 1. the demo district through the job (src/sim-workers/sun-hours-job.ts: buildings, seasonal
 *    crowns, terrain horizon in 72 sectors) on the default 1 m grid, 21 March, 10-minute steps, in
 *    cells per second, plus the KPIs (open ground, each open space) and the facade receivers of
 *    21 December with and without the terrain (the difference per point is the terrain test's
 *    cost: the receivers' horizon march in the day's sectors and one comparison per sun-up step),
 *    and the receivers' horizon alone in all 72 sectors;
 * 2. Geneva (CITIES_DIR/geneva/geneva.osm.pbf through the twin's OSM importer, as `twin import`
 *    does) on a 1 m grid over its central 2 × 2 km (the whole 4.8 × 3.9 km with
 *    SUN_HOURS_BENCH_FULL=1), same day and step; skipped when absent.
 * Baseline for each: the same grid with no obstacles (sun positions and accumulation only).
 * Positions per second (vectorised SPA vs suncalc, with suncalc's error against SPA) are in
 * solar.bench.ts. The browser target (a whole day on 1 km² at 1 m in < 5 s) is measured on the GPU
 * path in Chromium by test/e2e/sun-hours.e2e.ts.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CityModel } from '../src/twin/city-model';
import { generateDemoDistrict } from '../src/twin/demo';
import { importCityFiles } from '../src/twin/import/index';
import { readSourcePath } from '../src/twin/import/node-files';
import { localTimeToUnixS } from '../src/scene/sun-direction';
import { facadeReceivers } from '../src/sim/shading/facade-receivers';
import { receiverTerrainHorizon } from '../src/sim/shading/receiver-sun-hours';
import { sampleSunOverPeriod, sunHours } from '../src/sim/shading/sun-hours';
import { computePointHorizon, type TerrainHeights } from '../src/sim/shading/terrain-horizon';
import { facadeKpi, sunHoursJobGrid, sunHoursKernelInput, sunHoursKpis, type SunHoursJob } from '../src/sim-workers/sun-hours-job';
import { printTable, sink, time } from './harness';

/** Whole-metre bounds of a city's building vertices, ¼ m off the metre (as the panel's job). */
function buildingBounds(city: CityModel): { minX: number; minY: number; maxX: number; maxY: number } {
  const xy = city.buildings.xy;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < xy.length; i += 2) {
    const x = xy[i] as number;
    const y = xy[i + 1] as number;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  return { minX: Math.floor(minX) + 0.25, minY: Math.floor(minY) + 0.25, maxX, maxY };
}

/** Height (m) of a cosine-bell hill 80 m high and 200 m in radius at offset (dx, dy) from its centre. */
function hillM(dx: number, dy: number): number {
  const d = Math.hypot(dx, dy);
  return d >= 200 ? 0 : 40 * (1 + Math.cos((Math.PI * d) / 200));
}

async function cityBench(label: string, city: CityModel, withFacades: boolean, cropSideM?: number): Promise<void> {
  let b = buildingBounds(city);
  if (cropSideM !== undefined) {
    const cx = Math.floor((b.minX + b.maxX) / 2);
    const cy = Math.floor((b.minY + b.maxY) / 2);
    const half = cropSideM / 2;
    b = { minX: cx - half + 0.25, minY: cy - half + 0.25, maxX: cx + half + 0.25, maxY: cy + half + 0.25 };
  }
  const job: SunHoursJob = { ...b, cellSizeM: 1, startUnixS: localTimeToUnixS(city.timeZone, 2026, 3, 21, 0), endUnixS: localTimeToUnixS(city.timeZone, 2026, 3, 22, 0), stepS: 600 };
  const input = sunHoursKernelInput(city, job);
  const grid = sunHoursJobGrid(job);
  const cells = grid.nx * grid.ny;
  let hours: Float32Array = new Float32Array(0);
  let sunUp = 0;
  const run = await time(`${label}: buildings, trees${input.treeSeason ? ' (seasonal)' : ''}${input.terrain ? ', terrain (72 sectors)' : ''}`, () => {
    const r = sunHours(input);
    hours = r.hours;
    sunUp = r.sunUpSteps;
    sink(r.hours[cells >> 1] as number);
  }, { warmup: 0, runs: 1 });
  const open = await time(`${label}: open plane (baseline)`, () => sink(sunHours({ ...input, buildings: undefined, trees: undefined, terrain: undefined }).hours[0] as number), { warmup: 0, runs: 1 });
  let kpiShare = NaN;
  let spaces = 0;
  const kpi = await time(`${label}: KPIs (open ground, each open space)`, () => {
    const k = sunHoursKpis(city, grid, hours);
    kpiShare = k.openShareAtLeast2h;
    spaces = k.openSpaces.length;
    sink(k.openMeanH);
  }, { warmup: 0, runs: 1 });
  const rows = [
    { run: run.name, 'median ms': run.medianMs, 'M cells': cells / 1e6, 'sun-up steps': sunUp, 'M cells/s (per day)': cells / run.medianMs / 1e3, 'vs baseline': open.medianMs / run.medianMs },
    { run: open.name, 'median ms': open.medianMs, 'M cells': cells / 1e6, 'sun-up steps': sunUp, 'M cells/s (per day)': cells / open.medianMs / 1e3, 'vs baseline': 1 },
    { run: `${kpi.name}: ${(kpiShare * 100).toFixed(1)} % open ground ≥ 2 h, ${spaces} open spaces`, 'median ms': kpi.medianMs, 'M cells': cells / 1e6, 'sun-up steps': NaN, 'M cells/s (per day)': NaN, 'vs baseline': NaN },
  ];
  if (withFacades) {
    let receivers = 0;
    const winter = { startUnixS: localTimeToUnixS(city.timeZone, 2026, 12, 21, 0), endUnixS: localTimeToUnixS(city.timeZone, 2026, 12, 22, 0), thresholdH: 1 };
    const facadeRun = (useTerrain: boolean) => () => {
      const k = facadeKpi(city, winter, 600, undefined, useTerrain);
      receivers = k.receivers;
      sink(k.shareBelow);
    };
    const terrainNote = city.terrain?.kind === 'grid' ? ', terrain' : ' (no grid terrain)';
    const f = await time(`${label}: facade receivers, 21 December, buildings, trees${terrainNote}`, facadeRun(true), { warmup: 1, runs: 3 });
    const fNo = await time(`${label}: facade receivers, 21 December, buildings, trees (baseline: no terrain)`, facadeRun(false), { warmup: 1, runs: 3 });
    rows.push({ run: `${f.name} (${receivers} points)`, 'median ms': f.medianMs, 'M cells': receivers / 1e6, 'sun-up steps': NaN, 'M cells/s (per day)': receivers / f.medianMs / 1e3, 'vs baseline': fNo.medianMs / f.medianMs });
    rows.push({ run: fNo.name, 'median ms': fNo.medianMs, 'M cells': receivers / 1e6, 'sun-up steps': NaN, 'M cells/s (per day)': receivers / fNo.medianMs / 1e3, 'vs baseline': 1 });
    if (city.terrain?.kind === 'grid') {
      // The terrain test's cost per point: the receivers' horizon (what receiverSunHours computes
      // once per run; then one comparison per point and sun-up step). The demo's terrain is gentle
      // (marches end early): the same again with an 80 m hill (radius 200 m) added.
      const t = city.terrain;
      const hilly = { ...t, heightsM: Float32Array.from(t.heightsM, (h, n) => h + hillM(t.x0 + (n % t.nx) * t.cellSizeM - 450, t.y0 + Math.floor(n / t.nx) * t.cellSizeM + 450)) };
      const points = facadeReceivers(city.buildings, 5, 1.5);
      const day = sampleSunOverPeriod({ site: { latDeg: city.origin.latDeg, lonDeg: city.origin.lonDeg }, startUnixS: winter.startUnixS, endUnixS: winter.endUnixS, stepS: 600 });
      let marched = 0;
      const horizonRow = async (name: string, terrain: TerrainHeights, allSectors: boolean) => {
        const hz = await time(name, () => {
          const h = allSectors ? computePointHorizon(terrain, points.xyz, points.count, 72) : receiverTerrainHorizon(terrain, 72, day.sun.elevationDeg, day.sun.azimuthDeg, 0, points, undefined);
          marched = 0;
          for (let k = 0; k < 72; k++) if (!Number.isNaN(h.horizonTan[k])) marched++;
          sink(h.horizonTan[0] as number);
        }, { warmup: 1, runs: 3 });
        rows.push({ run: `${hz.name}, ${marched} of 72 sectors (${((hz.medianMs / points.count) * 1e3).toFixed(1)} µs/point)`, 'median ms': hz.medianMs, 'M cells': points.count / 1e6, 'sun-up steps': NaN, 'M cells/s (per day)': NaN, 'vs baseline': NaN });
      };
      await horizonRow(`${label}: terrain horizon at the facade receivers, 21 December`, t, false);
      await horizonRow(`${label}: terrain horizon at the facade receivers, any period`, t, true);
      await horizonRow(`${label} + 80 m hill: terrain horizon at the facade receivers, 21 December`, hilly, false);
      await horizonRow(`${label} + 80 m hill: terrain horizon at the facade receivers, any period`, hilly, true);
    }
  }
  printTable(`Sun-hours, ${label} (${city.buildings.count} buildings, ${city.trees.count} trees), ${grid.nx} × ${grid.ny} cells at 1 m, 21 March, 10-min steps, CPU (Node)`, rows);
}

export default async function bench(): Promise<void> {
  await cityBench('demo district', generateDemoDistrict(), true);
  const pbf = resolve(process.env.CITIES_DIR ?? '../shared/cities', 'geneva', 'geneva.osm.pbf');
  if (!existsSync(pbf)) {
    process.stdout.write('\nGeneva sun-hours: SKIPPED (no CITIES_DIR/geneva/geneva.osm.pbf)\n');
    return;
  }
  const t0 = performance.now();
  const geneva = await importCityFiles(await readSourcePath(pbf), { name: 'geneva' });
  process.stdout.write(`\nGeneva imported through the OSM importer in ${(performance.now() - t0).toFixed(0)} ms\n`);
  // The whole extent (4.8 × 3.9 km, 18 M cells) takes minutes on a shared machine: the central
  // 2 × 2 km by default, the whole city with SUN_HOURS_BENCH_FULL=1.
  const full = process.env.SUN_HOURS_BENCH_FULL === '1';
  await cityBench(full ? 'Geneva' : 'Geneva, central 2 × 2 km', geneva, false, full ? undefined : 2000);
}
