/**
 * Sun position and sun-hours figures (printed, never asserted). Targets (issue 6): ≥ 5 M positions/s
 * for the vectorised SPA; a whole day on a 1 km² 1 m grid well under 5 s.
 *
 * 1. Positions per second for a year at 1-minute steps (525 600 instants) at Geneva: vectorised SPA,
 *    scalar SPA, suncalc 2.0.2 (apparent altitude vs SPA's apparent elevation, 100 000 instants) and a
 *    low-accuracy baseline written here: the NOAA "General Solar Position Calculations"
 *    fractional-year series (Spencer 1971, via NOAA GML), each with its error against SPA (daytime).
 * 2. Sun-hours on a synthetic, seeded 1 km² district (boxes) on a 1 m grid, one day (21 March) at
 *    10-minute steps, CPU path, in cells per second, also on hilly terrain (horizon method, includes
 *    the horizon precomputation); baseline: the same grid with no obstacles.
 * 3. Facade receivers of the synthetic district by ray casting (rays per second).
 * 4. The twin's demo district (its CityModel tables passed to the kernel as they are).
 * 5. Sun-hours for the real Lorient centre (CITIES_DIR/lorient/buildings.shp: 1,701 footprints with
 *    HEIGHT, Lambert-93) on a 1 m grid over its extent, 21 March, 10-minute steps; skipped when absent.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { open as openShapefile } from 'shapefile';
import { getPosition as suncalcPosition } from 'suncalc';
import { printTable, sink, time } from './harness';
import type { PrismObstacles } from '../src/sim/shading/shadow-raster';
import { receiverSunHours } from '../src/sim/shading/receiver-sun-hours';
import { sunHours } from '../src/sim/shading/sun-hours';
import { sunPosition } from '../src/sim/solar/spa';
import { DEMO_ORIGIN, generateDemoDistrict } from '../src/twin/demo';
import { createSunPositionArrays, sunPositions } from '../src/sim/solar/sun-positions';

const DEG = Math.PI / 180;
const SITE = { latDeg: 46.2044, lonDeg: 6.1432, elevationM: 375 };

/** NOAA/Spencer approximation: geometric elevation and azimuth (deg) for Unix times in one year. */
function noaaPositions(times: Float64Array, yearStartUnixS: number, daysInYear: number, latDeg: number, lonDeg: number, elevationDeg: Float64Array, azimuthDeg: Float64Array): void {
  const phi = latDeg * DEG;
  const sinPhi = Math.sin(phi);
  const cosPhi = Math.cos(phi);
  for (let i = 0; i < times.length; i++) {
    const sinceYear = (times[i] as number) - yearStartUnixS;
    const dayIndex = Math.floor(sinceYear / 86400);
    const hourUtc = (sinceYear - dayIndex * 86400) / 3600;
    const g = ((2 * Math.PI) / daysInYear) * (dayIndex + (hourUtc - 12) / 24);
    const c1 = Math.cos(g);
    const s1 = Math.sin(g);
    const c2 = Math.cos(2 * g);
    const s2 = Math.sin(2 * g);
    const eqTimeMin = 229.18 * (0.000075 + 0.001868 * c1 - 0.032077 * s1 - 0.014615 * c2 - 0.040849 * s2);
    const decl = 0.006918 - 0.399912 * c1 + 0.070257 * s1 - 0.006758 * c2 + 0.000907 * s2 - 0.002697 * Math.cos(3 * g) + 0.00148 * Math.sin(3 * g);
    const trueSolarMin = hourUtc * 60 + eqTimeMin + 4 * lonDeg;
    const h = (trueSolarMin / 4 - 180) * DEG;
    const cosDecl = Math.cos(decl);
    const east = -cosDecl * Math.sin(h);
    const north = Math.sin(decl) * cosPhi - cosDecl * sinPhi * Math.cos(h);
    const up = Math.sin(decl) * sinPhi + cosDecl * cosPhi * Math.cos(h);
    elevationDeg[i] = Math.asin(up) / DEG;
    const az = Math.atan2(east, north) / DEG;
    azimuthDeg[i] = az < 0 ? az + 360 : az;
  }
}

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Seeded district of rotated boxes on 1 km²: ~1000 buildings, 8–30 m wide, 6–40 m tall. */
function syntheticDistrict(count: number, seed: number): PrismObstacles {
  const rnd = seededRandom(seed);
  const ringStart = new Uint32Array(count + 1);
  const ringOffset = new Uint32Array(count + 1);
  const xy = new Float64Array(8 * count);
  const baseHeightM = new Float32Array(count);
  const heightM = new Float32Array(count);
  for (let b = 0; b < count; b++) {
    ringStart[b] = b;
    ringOffset[b] = 4 * b;
    const cx = rnd() * 1000;
    const cy = rnd() * 1000;
    const hw = 4 + rnd() * 11;
    const hd = 4 + rnd() * 11;
    const a = rnd() * Math.PI;
    const c = Math.cos(a);
    const s = Math.sin(a);
    const corners = [-hw, -hd, hw, -hd, hw, hd, -hw, hd];
    for (let k = 0; k < 4; k++) {
      const x = corners[2 * k] as number;
      const y = corners[2 * k + 1] as number;
      xy[8 * b + 2 * k] = cx + c * x - s * y;
      xy[8 * b + 2 * k + 1] = cy + s * x + c * y;
    }
    heightM[b] = 6 + rnd() * 34;
  }
  ringStart[count] = count;
  ringOffset[count] = 4 * count;
  return { count, ringStart, ringOffset, xy, baseHeightM, heightM };
}

export default async function bench(): Promise<void> {
  // 1. Positions per second.
  const yearStart = Date.UTC(2026, 0, 1) / 1000;
  const n = 525_600;
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = yearStart + 60 * i;
  const spa = createSunPositionArrays(n);
  spa.elevationNoRefractionDeg = new Float64Array(n);
  const vec = await time('vectorised SPA', () => {
    sunPositions(times, SITE, spa);
    sink(spa.zenithDeg[n - 1] as number);
  });
  const scalarN = 20_000;
  const scalar = await time('scalar SPA', () => {
    let acc = 0;
    for (let i = 0; i < scalarN; i++) acc += sunPosition(times[i * 26] as number, SITE).zenithDeg;
    sink(acc);
  });
  const noaaEl = new Float64Array(n);
  const noaaAz = new Float64Array(n);
  const noaa = await time('NOAA/Spencer baseline', () => {
    noaaPositions(times, yearStart, 365, SITE.latDeg, SITE.lonDeg, noaaEl, noaaAz);
    sink(noaaEl[n - 1] as number);
  });
  // suncalc 2.x (apparent altitude and azimuth from north, degrees); one Date per call is its API.
  const scN = 100_000;
  const scEl = new Float64Array(scN);
  const scAz = new Float64Array(scN);
  const suncalc = await time('suncalc 2.0.2', () => {
    for (let i = 0; i < scN; i++) {
      const p = suncalcPosition(new Date((times[i * 5] as number) * 1000), SITE.latDeg, SITE.lonDeg);
      scEl[i] = p.altitude;
      scAz[i] = p.azimuth;
    }
    sink(scEl[scN - 1] as number);
  });
  let scMaxEl = 0;
  let scMaxAz = 0;
  for (let i = 0; i < scN; i++) {
    if ((spa.elevationDeg[i * 5] as number) <= 0) continue;
    scMaxEl = Math.max(scMaxEl, Math.abs((scEl[i] as number) - (spa.elevationDeg[i * 5] as number)));
    let d = Math.abs((scAz[i] as number) - (spa.azimuthDeg[i * 5] as number)) % 360;
    d = Math.min(d, 360 - d);
    scMaxAz = Math.max(scMaxAz, d);
  }
  let maxEl = 0;
  let maxAz = 0;
  let sumSq = 0;
  let day = 0;
  for (let i = 0; i < n; i++) {
    const e0 = spa.elevationNoRefractionDeg[i] as number;
    if (e0 <= 0) continue;
    const dEl = Math.abs((noaaEl[i] as number) - e0);
    let dAz = Math.abs((noaaAz[i] as number) - (spa.azimuthDeg[i] as number)) % 360;
    dAz = Math.min(dAz, 360 - dAz);
    maxEl = Math.max(maxEl, dEl);
    maxAz = Math.max(maxAz, dAz);
    sumSq += dEl * dEl;
    day++;
  }
  const perS = (count: number, ms: number) => (count / ms) * 1000;
  const vecRate = perS(n, vec.medianMs);
  printTable('Sun positions, Geneva, 2026 at 1-min steps (525 600 instants)', [
    { method: vec.name, 'median ms': vec.medianMs, 'M positions/s': vecRate / 1e6, 'vs baseline': vecRate / perS(n, noaa.medianMs), 'max |Δelev| vs SPA °': 0, 'max |Δazim| vs SPA °': 0 },
    { method: `${scalar.name} (${scalarN})`, 'median ms': scalar.medianMs, 'M positions/s': perS(scalarN, scalar.medianMs) / 1e6, 'vs baseline': perS(scalarN, scalar.medianMs) / perS(n, noaa.medianMs), 'max |Δelev| vs SPA °': 0, 'max |Δazim| vs SPA °': 0 },
    { method: `${suncalc.name} (${scN})`, 'median ms': suncalc.medianMs, 'M positions/s': perS(scN, suncalc.medianMs) / 1e6, 'vs baseline': perS(scN, suncalc.medianMs) / perS(n, noaa.medianMs), 'max |Δelev| vs SPA °': scMaxEl, 'max |Δazim| vs SPA °': scMaxAz },
    { method: noaa.name, 'median ms': noaa.medianMs, 'M positions/s': perS(n, noaa.medianMs) / 1e6, 'vs baseline': 1, 'max |Δelev| vs SPA °': maxEl, 'max |Δazim| vs SPA °': maxAz },
  ]);
  process.stdout.write(`NOAA/Spencer daytime RMS elevation error vs SPA: ${Math.sqrt(sumSq / day).toFixed(4)}° over ${day} instants; target ≥ 5 M positions/s (vectorised SPA: ${(vecRate / 1e6).toFixed(2)} M/s, ${(vecRate / perS(scN, suncalc.medianMs)).toFixed(2)}× suncalc)\n`);

  // 2. Sun-hours on a 1 km² district.
  const buildings = syntheticDistrict(1000, 42);
  const grid = { x0: 0, y0: 0, cellSizeM: 1, nx: 1000, ny: 1000 };
  const start = Date.UTC(2026, 2, 20, 23) / 1000; // 21 March 00:00 CET
  const base = { grid, site: SITE, startUnixS: start, endUnixS: start + 86400, stepS: 600 };
  let sunUp = 0;
  let meanHours = 0;
  const district = await time(
    'district (1000 boxes)',
    () => {
      const r = sunHours({ ...base, buildings });
      sunUp = r.sunUpSteps;
      let s = 0;
      for (const h of r.hours) s += h;
      meanHours = s / r.hours.length;
      sink(s);
    },
    { warmup: 1, runs: 3 },
  );
  // Hilly terrain (10 m grid, two Gaussian hills of 40 m and 25 m) under the same district.
  const tn = 101;
  const heightsM = new Float32Array(tn * tn);
  for (let j = 0; j < tn; j++) {
    for (let i = 0; i < tn; i++) {
      const x = i * 10;
      const y = j * 10;
      heightsM[j * tn + i] = 40 * Math.exp(-((x - 700) ** 2 + (y - 300) ** 2) / 2e4) + 25 * Math.exp(-((x - 200) ** 2 + (y - 750) ** 2) / 1e4);
    }
  }
  const terrain = { x0: 0, y0: 0, cellSizeM: 10, nx: tn, ny: tn, heightsM };
  const hilly = await time('district on terrain (10 m, 36 sectors)', () => sink(sunHours({ ...base, buildings, terrain, terrainSectors: 36 }).hours[0] as number), { warmup: 0, runs: 1 });
  const open = await time('open plane (baseline)', () => sink(sunHours(base).hours[0] as number), { warmup: 1, runs: 3 });
  const cells = grid.nx * grid.ny;
  printTable('Sun-hours, 1 km² at 1 m (1 M cells), 21 March, 10-min steps, CPU', [
    { run: district.name, 'median ms': district.medianMs, 'sun-up steps': sunUp, 'mean h/cell': meanHours, 'M cells/s (per day)': cells / district.medianMs / 1e3, 'M cell-steps/s': (cells * sunUp) / district.medianMs / 1e3, 'vs baseline': open.medianMs / district.medianMs },
    { run: hilly.name, 'median ms': hilly.medianMs, 'sun-up steps': sunUp, 'mean h/cell': NaN, 'M cells/s (per day)': cells / hilly.medianMs / 1e3, 'M cell-steps/s': (cells * sunUp) / hilly.medianMs / 1e3, 'vs baseline': open.medianMs / hilly.medianMs },
    { run: open.name, 'median ms': open.medianMs, 'sun-up steps': sunUp, 'mean h/cell': (sunUp * 600) / 3600, 'M cells/s (per day)': cells / open.medianMs / 1e3, 'M cell-steps/s': (cells * sunUp) / open.medianMs / 1e3, 'vs baseline': 1 },
  ]);
  await facadeBench(buildings, SITE, start);
  await demoBench();
  await lorientBench();
}

/** The twin's demo district (buildings, trees and terrain straight from the CityModel tables). */
async function demoBench(): Promise<void> {
  const model = generateDemoDistrict();
  const b = model.buildings;
  let xMin = Infinity;
  let yMin = Infinity;
  let xMax = -Infinity;
  let yMax = -Infinity;
  for (let i = 0; i < b.xy.length; i += 2) {
    xMin = Math.min(xMin, b.xy[i] as number);
    xMax = Math.max(xMax, b.xy[i] as number);
    yMin = Math.min(yMin, b.xy[i + 1] as number);
    yMax = Math.max(yMax, b.xy[i + 1] as number);
  }
  const grid = { x0: Math.floor(xMin), y0: Math.floor(yMin), cellSizeM: 1, nx: Math.ceil(xMax - xMin) + 1, ny: Math.ceil(yMax - yMin) + 1 };
  const site = { latDeg: DEMO_ORIGIN.latDeg, lonDeg: DEMO_ORIGIN.lonDeg };
  const start = Date.UTC(2026, 2, 20, 23) / 1000;
  const terrain = model.terrain?.kind === 'grid' ? model.terrain : undefined;
  let mean = 0;
  const t = await time(
    'demo district',
    () => {
      const r = sunHours({ grid, site, buildings: b, trees: model.trees, startUnixS: start, endUnixS: start + 86400, stepS: 600, ...(terrain === undefined ? {} : { terrain, terrainSectors: 36 }) });
      mean = r.hours.reduce((a, h) => a + h, 0) / r.hours.length;
      sink(mean);
    },
    { warmup: 0, runs: 1 },
  );
  const cells = grid.nx * grid.ny;
  printTable(`Sun-hours, demo district (${b.count} buildings, ${model.trees.count} trees, terrain ${terrain === undefined ? 'none' : 'grid'}), ${grid.nx} × ${grid.ny} m at 1 m, 21 March, 10-min steps, CPU`, [
    { run: t.name, 'median ms': t.medianMs, 'M cells': cells / 1e6, 'mean h/cell': mean, 'M cells/s (per day)': cells / t.medianMs / 1e3 },
  ]);
}

/** Facade receivers every 4 m along the walls of the first 250 buildings, at 1.5 m and 10 m. */
async function facadeBench(buildings: PrismObstacles, site: typeof SITE, start: number): Promise<void> {
  const xyz: number[] = [];
  const normal: number[] = [];
  for (let b = 0; b < Math.min(250, buildings.count); b++) {
    const v0 = buildings.ringOffset[buildings.ringStart[b] as number] as number;
    const v1 = buildings.ringOffset[(buildings.ringStart[b] as number) + 1] as number;
    for (let v = v0; v < v1; v++) {
      const w = v + 1 < v1 ? v + 1 : v0;
      const ax = buildings.xy[2 * v] as number;
      const ay = buildings.xy[2 * v + 1] as number;
      const dx = (buildings.xy[2 * w] as number) - ax;
      const dy = (buildings.xy[2 * w + 1] as number) - ay;
      const len = Math.hypot(dx, dy);
      for (let d = 2; d < len; d += 4) {
        for (const z of [1.5, 10]) {
          if (z >= (buildings.heightM[b] as number)) continue;
          xyz.push(ax + (dx * d) / len, ay + (dy * d) / len, z);
          normal.push(dy / len, -dx / len, 0); // outward for a counter-clockwise ring
        }
      }
    }
  }
  const receivers = { count: xyz.length / 3, xyz: Float64Array.from(xyz), normal: Float64Array.from(normal) };
  let sunUp = 0;
  const t = await time(
    'facade receivers (ray casting)',
    () => {
      const r = receiverSunHours({ receivers, buildings, site, startUnixS: start, endUnixS: start + 86400, stepS: 600 });
      sunUp = r.sunUpSteps;
      sink(r.hours[0] as number);
    },
    { warmup: 0, runs: 1 },
  );
  printTable('Sun-hours at facade receivers, synthetic district, 21 March, 10-min steps, CPU', [
    { run: t.name, receivers: receivers.count, 'median ms': t.medianMs, 'sun-up steps': sunUp, 'M rays/s': (receivers.count * sunUp) / t.medianMs / 1e3 },
  ]);
}

/** Lambert-93 (EPSG:2154) cone constant n for standard parallels 44° and 49° (sphere formula). */
const LAMBERT93_N = Math.log(Math.cos(44 * DEG) / Math.cos(49 * DEG)) / Math.log(Math.tan(Math.PI / 4 + (49 * DEG) / 2) / Math.tan(Math.PI / 4 + (44 * DEG) / 2));

async function lorientBuildings(dir: string): Promise<{ prisms: PrismObstacles; xMin: number; yMin: number; xMax: number; yMax: number }> {
  const source = await openShapefile(resolve(dir, 'buildings.shp'), resolve(dir, 'buildings.dbf'));
  const rings: number[][] = [];
  const ringStart: number[] = [0];
  const heights: number[] = [];
  for (;;) {
    const r = await source.read();
    if (r.done) break;
    const g = r.value.geometry;
    const h = Number((r.value.properties as Record<string, unknown> | null)?.HEIGHT);
    if (g.type !== 'Polygon' || !Number.isFinite(h)) continue;
    for (const ring of g.coordinates) rings.push(ring.slice(0, -1).flat()); // drop the closing vertex
    ringStart.push(rings.length);
    heights.push(h);
  }
  const ringOffset = new Uint32Array(rings.length + 1);
  rings.forEach((ring, i) => (ringOffset[i + 1] = (ringOffset[i] as number) + ring.length / 2));
  const xy = Float64Array.from(rings.flat());
  let xMin = Infinity;
  let yMin = Infinity;
  let xMax = -Infinity;
  let yMax = -Infinity;
  for (let i = 0; i < xy.length; i += 2) {
    xMin = Math.min(xMin, xy[i] as number);
    xMax = Math.max(xMax, xy[i] as number);
    yMin = Math.min(yMin, xy[i + 1] as number);
    yMax = Math.max(yMax, xy[i + 1] as number);
  }
  const prisms: PrismObstacles = {
    count: heights.length,
    ringStart: Uint32Array.from(ringStart),
    ringOffset,
    xy,
    baseHeightM: new Float32Array(heights.length),
    heightM: Float32Array.from(heights),
  };
  return { prisms, xMin, yMin, xMax, yMax };
}

export async function lorientBench(): Promise<void> {
  const dir = resolve(process.env.CITIES_DIR ?? '../shared/cities', 'lorient');
  if (!existsSync(resolve(dir, 'buildings.shp'))) {
    process.stdout.write('\nLorient sun-hours: SKIPPED (no CITIES_DIR/lorient/buildings.shp)\n');
    return;
  }
  const { prisms, xMin, yMin, xMax, yMax } = await lorientBuildings(dir);
  const site = { latDeg: 47.748, lonDeg: -3.366 };
  const grid = { x0: Math.floor(xMin), y0: Math.floor(yMin), cellSizeM: 1, nx: Math.ceil(xMax - xMin) + 1, ny: Math.ceil(yMax - yMin) + 1 };
  const start = Date.UTC(2026, 2, 20, 23) / 1000;
  // Grid north of Lambert-93 at the site: meridian convergence n·(λ − 3°).
  const gridNorthDeg = LAMBERT93_N * (site.lonDeg - 3);
  let stats = { sunUp: 0, mean: 0, atLeast2h: 0 };
  const t = await time(
    'Lorient centre',
    () => {
      const r = sunHours({ grid, site, buildings: prisms, startUnixS: start, endUnixS: start + 86400, stepS: 600, gridNorthDeg });
      let sum = 0;
      let atLeast = 0;
      for (const h of r.hours) {
        sum += h;
        if (h >= 2) atLeast++;
      }
      stats = { sunUp: r.sunUpSteps, mean: sum / r.hours.length, atLeast2h: atLeast / r.hours.length };
      sink(sum);
    },
    { warmup: 0, runs: 2 },
  );
  const cells = grid.nx * grid.ny;
  printTable(`Sun-hours, Lorient centre (${prisms.count} buildings, ${grid.nx} × ${grid.ny} m at 1 m), 21 March, 10-min steps, CPU`, [
    { run: t.name, 'median ms': t.medianMs, 'M cells': cells / 1e6, 'sun-up steps': stats.sunUp, 'mean h/cell': stats.mean, 'share ≥ 2 h': stats.atLeast2h, 'M cells/s (per day)': cells / t.medianMs / 1e3 },
  ]);
}
