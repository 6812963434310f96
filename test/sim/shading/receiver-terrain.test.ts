/**
 * Terrain as an obstacle for roof and facade receivers (receiver-sun-hours.ts with
 * computePointHorizon of terrain-horizon.ts): a building at the foot of a synthetic hill loses the
 * morning sun the hill blocks on its east facade (checked against an independent fine march along the
 * exact sun azimuth) and keeps it when the hill is removed; a roof above the hill's top is not shaded;
 * a receiver on the ground at a terrain node gets the ground path's hours (same horizon, same
 * sampling); raising a receiver never lowers its hours (seeded property test); through the job, a hill
 * added to the demo district takes sun from roofs and facades and never adds any.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { receiverSunHours } from '../../../src/sim/shading/receiver-sun-hours';
import { facadeReceivers } from '../../../src/sim/shading/facade-receivers';
import { roofReceivers } from '../../../src/sim/shading/roof-receivers';
import type { PrismObstacles } from '../../../src/sim/shading/shadow-raster';
import { sunHours } from '../../../src/sim/shading/sun-hours';
import { computePointHorizon, terrainHeightAt, type TerrainHeights } from '../../../src/sim/shading/terrain-horizon';
import { createSunPositionArrays, sunPositions } from '../../../src/sim/solar/sun-positions';
import { generateDemoDistrict } from '../../../src/twin/demo';
import { districtBounds } from '../../../src/twin/district-bounds';
import { localTimeToUnixS } from '../../../src/scene/sun-direction';
import { facadeKpi, surfaceSunHours } from '../../../src/sim-workers/sun-hours-job';

const SITE = { latDeg: 46.2, lonDeg: 6.15 };
/** 21 March 2026, local midnight in Geneva (UTC+1). */
const START = Date.UTC(2026, 2, 20, 23) / 1000;
const STEP_S = 600;
const STEP_H = STEP_S / 3600;
const BASE_Z = 400;

/** A round hill (cosine bell) of height `h` and radius `r` centred at (cx, cy) on a plain at BASE_Z. */
function hill(cx: number, cy: number, h: number, r: number): (x: number, y: number) => number {
  return (x, y) => {
    const d = Math.hypot(x - cx, y - cy);
    return BASE_Z + (d >= r ? 0 : (h * (1 + Math.cos((Math.PI * d) / r))) / 2);
  };
}

function terrainOf(nx: number, ny: number, cell: number, height: (x: number, y: number) => number): TerrainHeights {
  const heightsM = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) heightsM[j * nx + i] = height(i * cell, j * cell);
  return { x0: 0, y0: 0, cellSizeM: cell, nx, ny, heightsM };
}

/** One box building (x0, y0)–(x1, y1), base and height in m. */
function box(x0: number, y0: number, x1: number, y1: number, base: number, height: number): PrismObstacles {
  return {
    count: 1,
    ringStart: Uint32Array.from([0, 1]),
    ringOffset: Uint32Array.from([0, 4]),
    xy: Float64Array.from([x0, y0, x1, y0, x1, y1, x0, y1]),
    baseHeightM: Float64Array.from([base]),
    heightM: Float64Array.from([height]),
  };
}

/** Steps of the day (midpoints) with the sun's elevation and azimuth, as the kernels sample them. */
function daySun() {
  const n = 86400 / STEP_S;
  const times = Float64Array.from({ length: n }, (_, k) => START + (k + 0.5) * STEP_S);
  const sun = createSunPositionArrays(n);
  sunPositions(times, SITE, sun);
  return sun;
}

/**
 * Independent check: steps whose sun is hidden by the terrain function seen from (px, py, pz),
 * marching along the exact sun azimuth in 0.25 m steps on the analytic heights (no grid, no sectors).
 */
function hiddenStepsByMarch(height: (x: number, y: number) => number, px: number, py: number, pz: number, extentM: number, facing?: [number, number, number]): { hidden: number; lit: number } {
  const sun = daySun();
  let hidden = 0;
  let lit = 0;
  for (let k = 0; k < sun.elevationDeg.length; k++) {
    const e = ((sun.elevationDeg[k] as number) * Math.PI) / 180;
    if (!(e > 0)) continue;
    const az = ((sun.azimuthDeg[k] as number) * Math.PI) / 180;
    const s: [number, number, number] = [Math.sin(az) * Math.cos(e), Math.cos(az) * Math.cos(e), Math.sin(e)];
    if (facing !== undefined && s[0] * facing[0] + s[1] * facing[1] + s[2] * facing[2] <= 0) continue;
    let blocked = false;
    for (let d = 0.25; d < extentM && !blocked; d += 0.25) {
      const x = px + Math.sin(az) * d;
      const y = py + Math.cos(az) * d;
      if (x < 0 || y < 0 || x > extentM || y > extentM) break;
      if ((height(x, y) - pz) / d > Math.tan(e)) blocked = true;
    }
    if (blocked) hidden++;
    else lit++;
  }
  return { hidden, lit };
}

describe('terrain shades roof and facade receivers', () => {
  // Terrain 600 m × 600 m at 5 m; a 60 m hill of radius 120 m centred at (330, 300).
  const height = hill(330, 300, 60, 120);
  const terrain = terrainOf(121, 121, 5, height);
  const flat = terrainOf(121, 121, 5, () => BASE_Z);
  // A 12 m × 12 m, 8 m high building just west of the hill's foot, seated at the lowest terrain under it.
  const building = box(188, 294, 200, 306, BASE_Z, 8);
  const period = { site: SITE, startUnixS: START, endUnixS: START + 86400, stepS: STEP_S };

  it('the east facade at the foot of a hill loses the morning hours the hill blocks and keeps them without the hill', () => {
    const facades = facadeReceivers(building, 2, 1.5);
    const run = (t: TerrainHeights | undefined) => receiverSunHours({ receivers: facades, buildings: building, terrain: t, ...period }).hours;
    const none = run(undefined);
    const withHill = run(terrain);
    const withoutHill = run(flat);
    expect([...withoutHill]).toEqual([...none]);
    let worst = 0;
    let eastChecked = 0;
    for (let i = 0; i < facades.count; i++) {
      expect(withHill[i] as number).toBeLessThanOrEqual((none[i] as number) + 1e-6);
      const nx = facades.normal[3 * i] as number;
      if (nx < 0.99) continue; // east facade (normal +x) faces the hill
      eastChecked++;
      const x = facades.xyz[3 * i] as number;
      const y = facades.xyz[3 * i + 1] as number;
      const z = facades.xyz[3 * i + 2] as number;
      const ref = hiddenStepsByMarch(height, x, y, z, 600, [1, 0, 0]);
      const lost = ((none[i] as number) - (withHill[i] as number)) / STEP_H;
      expect(ref.hidden).toBeGreaterThan(6); // the hill hides more than an hour of morning sun
      worst = Math.max(worst, Math.abs(lost - ref.hidden));
      expect(lost).toBeGreaterThan(0);
    }
    console.log(`hill foot: ${eastChecked} east-facade receivers, worst |lost steps − fine march| = ${worst.toFixed(3)} steps of 10 min`);
    expect(eastChecked).toBeGreaterThan(0);
    // Sectors of 5° and the 5 m grid against the exact azimuth on the analytic hill: within one step.
    expect(worst).toBeLessThanOrEqual(1 + 1e-6);
  });

  it('does not shade a roof above the hill top, while a point at the same spot on the ground is shaded', () => {
    const tower = box(188, 294, 200, 306, BASE_Z, 70); // roof at 470 m, the hill's top at 460 m
    const roofs = roofReceivers(tower);
    const onRoof = receiverSunHours({ receivers: roofs, buildings: tower, terrain, ...period }).hours;
    const roofNoTerrain = receiverSunHours({ receivers: roofs, buildings: tower, ...period }).hours;
    expect([...onRoof]).toEqual([...roofNoTerrain]);
    const sun = daySun();
    const open = sun.elevationDeg.reduce((acc, e) => acc + (e > 0 ? STEP_H : 0), 0);
    for (const h of onRoof) expect(h).toBeCloseTo(open, 4);
    const ground = { count: 1, xyz: Float64Array.from([194, 300, BASE_Z]), normal: Float64Array.from([0, 0, 1]) };
    const atFoot = receiverSunHours({ receivers: ground, terrain, ...period }).hours[0] as number;
    expect(atFoot).toBeLessThan(open - 6 * STEP_H);
  });

  it('gives a receiver on the ground at a terrain node the ground cell’s hours (same horizon, same sampling)', () => {
    // Ground cells of 5 m centred on the terrain nodes, east half of the hill's western slope and plain.
    const grid = { x0: 100 - 2.5, y0: 200 - 2.5, cellSizeM: 5, nx: 40, ny: 40 };
    const ground = sunHours({ grid, terrain, ...period });
    const count = grid.nx * grid.ny;
    const xyz = new Float64Array(3 * count);
    for (let j = 0; j < grid.ny; j++) {
      for (let i = 0; i < grid.nx; i++) {
        const c = j * grid.nx + i;
        const x = 100 + i * 5;
        const y = 200 + j * 5;
        xyz.set([x, y, terrainHeightAt(terrain, x, y)], 3 * c);
      }
    }
    const rec = receiverSunHours({ receivers: { count, xyz }, terrain, ...period }).hours;
    let worst = 0;
    let shaded = 0;
    for (let c = 0; c < count; c++) {
      worst = Math.max(worst, Math.abs((rec[c] as number) - (ground.hours[c] as number)));
      if ((ground.hours[c] as number) < ground.openSkyHours - 1e-3) shaded++;
    }
    console.log(`ground nodes: ${count} receivers vs ground cells, ${shaded} terrain-shaded, worst |Δ| = ${worst.toExponential(2)} h`);
    expect(shaded).toBeGreaterThan(100);
    expect(worst).toBeLessThan(1e-4);
  });

  it('never lowers a receiver’s hours when it is raised (seeded property test)', () => {
    const arb = fc.record({
      cx: fc.double({ min: 150, max: 450, noNaN: true }),
      cy: fc.double({ min: 150, max: 450, noNaN: true }),
      h: fc.double({ min: 5, max: 120, noNaN: true }),
      r: fc.double({ min: 30, max: 200, noNaN: true }),
      px: fc.double({ min: 0, max: 600, noNaN: true }),
      py: fc.double({ min: 0, max: 600, noNaN: true }),
      lift: fc.array(fc.double({ min: 0, max: 40, noNaN: true }), { minLength: 2, maxLength: 4 }),
      day: fc.integer({ min: 0, max: 364 }),
    });
    fc.assert(
      fc.property(arb, ({ cx, cy, h, r, px, py, lift, day }) => {
        const t = terrainOf(61, 61, 10, hill(cx, cy, h, r));
        const g = terrainHeightAt(t, px, py);
        const zs = [...lift].sort((a, b) => a - b).map((l) => g + l);
        const xyz = Float64Array.from(zs.flatMap((z) => [px, py, z]));
        // The horizon falls in every sector as the receiver rises ...
        const hz = computePointHorizon(t, xyz, zs.length, 36);
        for (let q = 1; q < zs.length; q++) for (let k = 0; k < 36; k++) expect(hz.horizonTan[q * 36 + k] as number).toBeLessThanOrEqual(hz.horizonTan[(q - 1) * 36 + k] as number);
        // ... so its hours never fall.
        const start = Date.UTC(2026, 0, 1) / 1000 + day * 86400;
        const hours = receiverSunHours({ receivers: { count: zs.length, xyz }, terrain: t, site: SITE, startUnixS: start, endUnixS: start + 86400, stepS: 1200 }).hours;
        for (let q = 1; q < zs.length; q++) expect(hours[q] as number).toBeGreaterThanOrEqual(hours[q - 1] as number);
      }),
      { seed: 6, numRuns: 40 },
    );
  });
});

describe('terrain in the sun-hours job (demo district with a hill added)', () => {
  it('shades roofs and facades through surfaceSunHours and facadeKpi, never adding sun', () => {
    const demo = generateDemoDistrict();
    const t = demo.terrain;
    if (t?.kind !== 'grid') throw new Error('the demo district has no grid terrain');
    // The demo's terrain is gentle (a few metres over 1 km, never above a receiver's sun): add an 80 m
    // hill of radius 200 m in the district's south-east corner, below the low winter sun.
    const bump = hill(450, -450, 80, 200);
    const heightsM = Float32Array.from(t.heightsM, (h, n) => h + bump(t.x0 + (n % t.nx) * t.cellSizeM, t.y0 + Math.floor(n / t.nx) * t.cellSizeM) - BASE_Z);
    const city = { ...demo, terrain: { ...t, heightsM } };
    const b = districtBounds(city);
    const job = {
      minX: b.minX, minY: b.minY, maxX: b.maxX, maxY: b.maxY, cellSizeM: 10,
      startUnixS: localTimeToUnixS(city.timeZone, 2026, 12, 21, 0),
      endUnixS: localTimeToUnixS(city.timeZone, 2026, 12, 22, 0),
      stepS: 1800,
      surfaces: { thresholdH: 2, roofSpacingM: 8, facadeSpacingM: 20 },
    };
    const obstacles = { buildings: true, trees: true, seasonalCrowns: true };
    const t0 = performance.now();
    const on = surfaceSunHours(city, { ...job, obstacles: { ...obstacles, terrain: true } });
    const msOn = performance.now() - t0;
    const t1 = performance.now();
    const off = surfaceSunHours(city, { ...job, obstacles: { ...obstacles, terrain: false } });
    const msOff = performance.now() - t1;
    expect(on).not.toBeNull();
    expect(off).not.toBeNull();
    if (on === null || off === null) return;
    let lower = 0;
    let lostH = 0;
    for (let i = 0; i < on.hours.length; i++) {
      expect(on.hours[i] as number).toBeLessThanOrEqual((off.hours[i] as number) + 1e-5);
      if ((on.hours[i] as number) < (off.hours[i] as number) - 1e-5) {
        lower++;
        lostH += (off.hours[i] as number) - (on.hours[i] as number);
      }
    }
    expect(lower).toBeGreaterThan(0);
    const facade = { startUnixS: job.startUnixS, endUnixS: job.endUnixS, thresholdH: 1, spacingM: 20 };
    const f = facadeKpi(city, facade, 1800);
    const fNo = facadeKpi(city, facade, 1800, undefined, false);
    expect(f.shareBelow).toBeGreaterThan(fNo.shareBelow);
    console.log(
      `demo + hill, 21 December, 30 min: ${on.hours.length} receivers, ${lower} lose sun to terrain (${lostH.toFixed(1)} h in all); ` +
        `surfaces ${msOn.toFixed(0)} ms with terrain, ${msOff.toFixed(0)} ms without; facades < 1 h: ${(f.shareBelow * 100).toFixed(1)} % with terrain, ${(fNo.shareBelow * 100).toFixed(1)} % without`,
    );
  });
});
