/** Terrain in the sun-hours kernel: horizon shading against an analytic ridge, and flat terrain = flat ground. */
import { describe, expect, it } from 'vitest';
import type { GroundGrid, PrismObstacles } from '../../../src/sim/shading/shadow-raster';
import { sunHours } from '../../../src/sim/shading/sun-hours';
import { computeTerrainHorizon, terrainHeightAt, type TerrainHeights } from '../../../src/sim/shading/terrain-horizon';
import { createSunPositionArrays, sunPositions } from '../../../src/sim/solar/sun-positions';

const SITE = { latDeg: 46.2, lonDeg: 6.15 };
const START = Date.UTC(2026, 2, 20, 23) / 1000;

function terrainOf(nx: number, ny: number, cell: number, height: (x: number, y: number) => number): TerrainHeights {
  const heightsM = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) heightsM[j * nx + i] = height(i * cell, j * cell);
  return { x0: 0, y0: 0, cellSizeM: cell, nx, ny, heightsM };
}

describe('terrain', () => {
  it('interpolates heights bilinearly and finds no horizon on a plane', () => {
    const t = terrainOf(11, 11, 10, (x, y) => 0.1 * x + 0.2 * y);
    expect(terrainHeightAt(t, 23, 47)).toBeCloseTo(0.1 * 23 + 0.2 * 47, 9);
    const flat = computeTerrainHorizon(terrainOf(6, 6, 10, () => 5), 8);
    expect(Math.max(...flat.horizonTan)).toBe(0);
  });

  it('gives the same sun-hours on flat terrain as on a flat ground plane', () => {
    const grid: GroundGrid = { x0: 0, y0: 0, cellSizeM: 1, nx: 60, ny: 60 };
    const prism: PrismObstacles = {
      count: 1,
      ringStart: Uint32Array.from([0, 1]),
      ringOffset: Uint32Array.from([0, 4]),
      xy: Float64Array.from([25, 25, 35, 25, 35, 32, 25, 32]),
      baseHeightM: Float64Array.from([372]),
      heightM: Float64Array.from([12]),
    };
    const base = { site: SITE, buildings: prism, startUnixS: START, endUnixS: START + 86400 };
    const plane = sunHours({ ...base, grid: { ...grid, groundZ: 372 } });
    const onTerrain = sunHours({ ...base, grid, terrain: { ...terrainOf(13, 13, 5, () => 372) } });
    expect([...onTerrain.hours]).toEqual([...plane.hours]);
  });

  it('shades a cell behind a ridge as the analytic horizon does (to one time step)', () => {
    // North–south plateau of 50 m from x = 310 m (ramp 300…310 m), terrain 400 m × 400 m at 5 m.
    const ridgeTopX = 310;
    const ridgeH = 50;
    const terrain = terrainOf(81, 81, 5, (x) => (x <= 300 ? 0 : x >= ridgeTopX ? ridgeH : ((x - 300) / 10) * ridgeH));
    const px = 100.5;
    const py = 200.5;
    const grid: GroundGrid = { x0: 100, y0: 200, cellSizeM: 1, nx: 1, ny: 1 };
    const stepS = 600;
    const res = sunHours({ grid, site: SITE, terrain, startUnixS: START, endUnixS: START + 86400, stepS });
    // Analytic: the sun is hidden while tan(e) < H / (horizontal distance to the plateau edge along the sun azimuth).
    const n = 144;
    const times = new Float64Array(n);
    for (let k = 0; k < n; k++) times[k] = START + (k + 0.5) * stepS;
    const sun = createSunPositionArrays(n);
    sunPositions(times, SITE, sun);
    let expectedH = 0;
    let hiddenSteps = 0;
    for (let k = 0; k < n; k++) {
      const e = sun.elevationDeg[k] as number;
      if (e <= 0) continue;
      const az = ((sun.azimuthDeg[k] as number) * Math.PI) / 180;
      let hidden = false;
      if (Math.sin(az) > 1e-9) {
        const d = (ridgeTopX - px) / Math.sin(az);
        const yAtRidge = py + d * Math.cos(az);
        if (yAtRidge >= 0 && yAtRidge <= 400) hidden = Math.tan((e * Math.PI) / 180) < ridgeH / d;
      }
      if (hidden) hiddenSteps++;
      else expectedH += stepS / 3600;
    }
    console.log(`ridge: kernel ${(res.hours[0] as number).toFixed(3)} h, analytic ${expectedH.toFixed(3)} h, ${hiddenSteps} steps behind the ridge`);
    expect(hiddenSteps).toBeGreaterThan(3);
    expect(Math.abs((res.hours[0] as number) - expectedH)).toBeLessThanOrEqual(stepS / 3600 + 1e-6);
  });
});

describe('grid north', () => {
  it('gives the same shadow area for a scene in rotated grid axes', () => {
    const theta = 25;
    const rot = (x: number, y: number): [number, number] => {
      // True ENU → grid axes whose +y points to azimuth theta.
      const t = (theta * Math.PI) / 180;
      return [x * Math.cos(t) - y * Math.sin(t), x * Math.sin(t) + y * Math.cos(t)];
    };
    const corners: [number, number][] = [
      [-6, -4],
      [6, -4],
      [6, 4],
      [-6, 4],
    ];
    const prismOf = (pts: [number, number][]): PrismObstacles => ({
      count: 1,
      ringStart: Uint32Array.from([0, 1]),
      ringOffset: Uint32Array.from([0, 4]),
      xy: Float64Array.from(pts.flat()),
      baseHeightM: Float64Array.from([0]),
      heightM: Float64Array.from([15]),
    });
    const grid: GroundGrid = { x0: -150, y0: -150, cellSizeM: 0.5, nx: 600, ny: 600 };
    const base = { grid, site: SITE, startUnixS: START + 7 * 3600, endUnixS: START + 17 * 3600, stepS: 1800 };
    const shadedHours = (hours: Float32Array, open: number) => hours.reduce((acc, h) => acc + (open - h), 0);
    const a = sunHours({ ...base, buildings: prismOf(corners) });
    const b = sunHours({ ...base, buildings: prismOf(corners.map(([x, y]) => rot(x, y))), gridNorthDeg: theta });
    const wrong = sunHours({ ...base, buildings: prismOf(corners.map(([x, y]) => rot(x, y))) });
    const sa = shadedHours(a.hours, a.openSkyHours);
    const sb = shadedHours(b.hours, b.openSkyHours);
    expect(Math.abs(sb - sa) / sa).toBeLessThan(0.01);
    // A cell north of the box in true axes: shaded at noon in both frames, not in the unrotated one.
    const [gx, gy] = rot(0, 12);
    const cell = (x: number, y: number) => Math.floor((y - grid.y0) / grid.cellSizeM) * grid.nx + Math.floor((x - grid.x0) / grid.cellSizeM);
    expect(b.hours[cell(gx, gy)]).toBeCloseTo(a.hours[cell(0, 12)] as number, 5);
    expect(wrong.hours[cell(gx, gy)]).not.toBeCloseTo(a.hours[cell(0, 12)] as number, 5);
  });
});
