/**
 * Hours of direct sun on a ground grid over a period (CPU path, pure, Node- and worker-capable).
 *
 * Method: the period [start, end) is cut into steps of `stepS` (default 600 s); the sun is evaluated
 * with the vectorised NREL SPA at each step's midpoint for the site, and every step whose apparent
 * (refracted) sun centre is above the horizon adds stepS·light to each cell, where light is 1 in
 * the sun, 0 in a building's shadow and the product of crown transmissivities under trees. Shadows
 * are rasterised exactly per sun direction (shadow-raster.ts): a cell counts as shaded when its centre
 * is. Cost per step is O(shadow area): the rasterisers add the sun each shadow removes to a per-cell
 * loss (LostSunSink, stamped per step), and hours = open-sky hours − loss at the end.
 * Without terrain the ground is the plane z = grid.groundZ; with terrain see `SunHoursInput.terrain`.
 */
import { throwIfCancelled, type RunControl } from '../core/progress';
import type { SolarSite, SolarTimeOptions } from '../solar/spa';
import { createSunPositionArrays, sunPositions, type SunPositionArrays } from '../solar/sun-positions';
import { crownTransmissivity, dayOfYearUtc, DEFAULT_CROWN_SEASON, type CrownSeasonParams } from './crown-season';
import { computeTerrainHorizon, horizonTanTowards, sampleNodes, terrainHeightAt, terrainSamplingForGrid, type TerrainHeights } from './terrain-horizon';
import { rasteriseCrownShadows, rasterisePrismShadows, type CrownObstacles, type GroundGrid, type LostSunSink, type PrismObstacles } from './shadow-raster';

export interface SunHoursInput {
  grid: GroundGrid;
  buildings?: PrismObstacles | undefined;
  trees?: CrownObstacles | undefined;
  /** Site for the sun position (the district's origin). */
  site: SolarSite;
  time?: SolarTimeOptions;
  /** Period [startUnixS, endUnixS) in Unix seconds (UTC). */
  startUnixS: number;
  endUnixS: number;
  /** Time step (s); default 600. */
  stepS?: number;
  /**
   * Seasonal crowns: when given, the trees' transmissivity is set per day from their leaf cycle
   * (crown-season.ts), overriding `trees.transmissivity`.
   */
  treeSeason?: { leafCycle: Uint8Array; params?: CrownSeasonParams };
  /**
   * Terrain heights (optional). Terrain shades by the horizon method (terrain-horizon.ts); building
   * and crown shadows then fall on the plane through each obstacle's ground height (the lowest terrain
   * under a footprint's outer ring, the terrain at a trunk), an approximation on slopes.
   */
  terrain?: TerrainHeights | undefined;
  /** Azimuth sectors of the terrain horizon; default 72 (5°). */
  terrainSectors?: number;
  /**
   * Azimuth (deg from true north, clockwise) of the grid's +y axis: the meridian convergence when the
   * coordinates are a projected CRS (e.g. Lambert-93, Swiss LV95); 0 for local east-north-up axes.
   */
  gridNorthDeg?: number;
}

export interface SunHoursResult {
  /** Hours of direct sun per cell, row-major like the grid. */
  hours: Float32Array;
  /** Number of time steps and of those with the sun above the horizon. */
  stepCount: number;
  sunUpSteps: number;
  /** Hours the sun is above the horizon at the step midpoints (the value of an unobstructed cell). */
  openSkyHours: number;
}

export const DEFAULT_SUN_HOURS_STEP_S = 600;

function checkGrid(grid: GroundGrid): void {
  if (!(grid.cellSizeM > 0)) throw new Error(`grid.cellSizeM must be > 0, got ${grid.cellSizeM}`);
  if (!(Number.isInteger(grid.nx) && grid.nx > 0 && Number.isInteger(grid.ny) && grid.ny > 0)) {
    throw new Error(`grid.nx and grid.ny must be positive integers, got ${grid.nx} × ${grid.ny}`);
  }
}

/** Per-obstacle ground planes (m) for shadows on terrain: one height per building / per tree. */
export interface ObstacleGround {
  prisms?: Float64Array;
  crowns?: Float64Array;
}

/** Direct-sun light fraction per cell for one sun direction (unit vector east, north, up; up > 0). */
export function sunlitFraction(
  grid: GroundGrid,
  sunEnu: ArrayLike<number>,
  buildings: PrismObstacles | undefined,
  trees: CrownObstacles | undefined,
  out?: Float32Array,
  ground?: ObstacleGround,
): Float32Array {
  checkGrid(grid);
  const light = out ?? new Float32Array(grid.nx * grid.ny);
  light.fill(1);
  const e = sunEnu[0] ?? 0;
  const n = sunEnu[1] ?? 0;
  const u = sunEnu[2] ?? 0;
  if (!(u > 0)) {
    light.fill(0);
    return light;
  }
  if (buildings !== undefined) rasterisePrismShadows(light, grid, buildings, e, n, u, ground?.prisms);
  if (trees !== undefined) rasteriseCrownShadows(light, grid, trees, e, n, u, ground?.crowns);
  return light;
}

/** The period sampling shared by the sun-hours kernels: the time step, its instants and the sun at each. */
export interface PeriodSunSamples {
  stepS: number;
  stepCount: number;
  /** Mid-step instants (Unix s): startUnixS + (k + ½)·stepS. */
  times: Float64Array;
  sun: SunPositionArrays;
  /** The same array as `sun.directionEnu`: unit vectors towards the sun, east-north-up, 3 per step. */
  dir: Float64Array;
}

/**
 * Validates the period and step (default DEFAULT_SUN_HOURS_STEP_S) and computes the sun position at
 * the middle of every step over [startUnixS, endUnixS).
 */
export function sampleSunOverPeriod(input: { site: SolarSite; time?: SolarTimeOptions | undefined; startUnixS: number; endUnixS: number; stepS?: number | undefined }): PeriodSunSamples {
  const stepS = input.stepS ?? DEFAULT_SUN_HOURS_STEP_S;
  if (!(stepS > 0)) throw new Error(`stepS must be > 0, got ${stepS}`);
  if (!(input.endUnixS > input.startUnixS)) throw new Error(`endUnixS (${input.endUnixS}) must be after startUnixS (${input.startUnixS})`);
  const stepCount = Math.max(1, Math.round((input.endUnixS - input.startUnixS) / stepS));
  const times = new Float64Array(stepCount);
  for (let k = 0; k < stepCount; k++) times[k] = input.startUnixS + (k + 0.5) * stepS;
  const sun = createSunPositionArrays(stepCount);
  const dir = new Float64Array(3 * stepCount);
  sun.directionEnu = dir;
  sunPositions(times, input.site, sun, input.time ?? {});
  return { stepS, stepCount, times, sun, dir };
}

/** Hours of direct sun per ground cell over the period; reports progress per step and honours cancel. */
export function sunHours(input: SunHoursInput, control?: RunControl): SunHoursResult {
  const { grid } = input;
  checkGrid(grid);
  const { stepS, stepCount, times, sun, dir } = sampleSunOverPeriod(input);
  const gridNorthDeg = input.gridNorthDeg ?? 0;
  if (gridNorthDeg !== 0) {
    // Sun vectors and azimuths into grid axes: grid azimuth = true azimuth − gridNorthDeg.
    const c = Math.cos((gridNorthDeg * Math.PI) / 180);
    const s = Math.sin((gridNorthDeg * Math.PI) / 180);
    for (let k = 0; k < stepCount; k++) {
      const e = dir[3 * k] as number;
      const n = dir[3 * k + 1] as number;
      dir[3 * k] = e * c - n * s;
      dir[3 * k + 1] = n * c + e * s;
      sun.azimuthDeg[k] = (sun.azimuthDeg[k] as number) - gridNorthDeg;
    }
  }

  const cells = grid.nx * grid.ny;
  const stepH = stepS / 3600;
  // Lost sun is accumulated per shadowed cell only (LostSunSink); hours = open-sky hours − lost.
  const hours = new Float32Array(cells);
  const light = new Float32Array(cells);
  const stamp = new Uint32Array(cells);
  const sink: LostSunSink = { stamp, step: 0, stepH, lost: hours };
  let sunUpSteps = 0;
  let trees = input.trees;
  const season = input.treeSeason;
  let seasonDay = -1;
  const terrain = input.terrain === undefined ? undefined : prepareTerrain(input.terrain, input, control);
  if (trees !== undefined && season !== undefined) {
    if (season.leafCycle.length < trees.count) throw new Error(`treeSeason.leafCycle has ${season.leafCycle.length} entries for ${trees.count} trees`);
    trees = { ...trees, transmissivity: new Float32Array(trees.count) };
  }
  for (let k = 0; k < stepCount; k++) {
    throwIfCancelled(control, 'sun-hours');
    if ((sun.elevationDeg[k] as number) > 0) {
      sunUpSteps++;
      sink.step = sunUpSteps;
      if (season !== undefined && trees?.transmissivity !== undefined) {
        const day = dayOfYearUtc(times[k] as number);
        if (day !== seasonDay) {
          crownTransmissivity(season.leafCycle, day, input.site.latDeg, trees.transmissivity, season.params ?? DEFAULT_CROWN_SEASON);
          seasonDay = day;
        }
      }
      const e = dir[3 * k] as number;
      const n = dir[3 * k + 1] as number;
      const u = dir[3 * k + 2] as number;
      if (input.buildings !== undefined) rasterisePrismShadows(light, grid, input.buildings, e, n, u, terrain?.ground.prisms, sink);
      if (trees !== undefined) rasteriseCrownShadows(light, grid, trees, e, n, u, terrain?.ground.crowns, sink);
      if (terrain !== undefined) {
        horizonTanTowards(terrain.horizon, sun.azimuthDeg[k] as number, terrain.nodeHorizon);
        const tanSun = Math.tan(((sun.elevationDeg[k] as number) * Math.PI) / 180);
        let highest = 0;
        for (const h of terrain.nodeHorizon) if (h > highest) highest = h;
        // Bilinear values never exceed the highest node value: skip the cells when the sun clears it.
        if (tanSun < highest) {
          const tnx = terrain.horizon.terrain.nx;
          for (let i = 0; i < cells; i++) {
            if (tanSun < sampleNodes(terrain.nodeHorizon, tnx, terrain.sampling, i)) {
              const before = stamp[i] === sunUpSteps ? (light[i] as number) : 1;
              if (before !== 0) hours[i] = (hours[i] as number) + before * stepH;
              light[i] = 0;
              stamp[i] = sunUpSteps;
            }
          }
        }
      }
    }
    control?.onProgress?.({ fraction: (k + 1) / stepCount, stage: `sun-hours step ${k + 1}/${stepCount}` });
  }
  const openSkyHours = sunUpSteps * stepH;
  for (let i = 0; i < cells; i++) {
    const h = openSkyHours - (hours[i] as number);
    hours[i] = h > 0 ? h : 0;
  }
  return { hours, stepCount, sunUpSteps, openSkyHours };
}

/** Horizon, sampling weights and obstacle ground planes for a run on terrain. */
function prepareTerrain(t: TerrainHeights, input: SunHoursInput, control: RunControl | undefined) {
  control?.onProgress?.({ fraction: 0, stage: 'terrain horizon' });
  const horizon = computeTerrainHorizon(t, input.terrainSectors ?? 72);
  throwIfCancelled(control, 'sun-hours');
  const sampling = terrainSamplingForGrid(t, input.grid);
  const ground = obstacleGroundPlanes(t, input.buildings, input.trees);
  return { horizon, sampling, ground, nodeHorizon: new Float32Array(t.nx * t.ny) };
}

/**
 * Ground plane (m) on which each obstacle's shadow falls on terrain: the lowest terrain under a
 * building's outer ring, the terrain at a tree's trunk. Shared by the CPU kernel and the GPU path.
 */
export function obstacleGroundPlanes(t: TerrainHeights, buildings: PrismObstacles | undefined, trees: CrownObstacles | undefined): ObstacleGround {
  const ground: ObstacleGround = {};
  const b = buildings;
  if (b !== undefined) {
    ground.prisms = new Float64Array(b.count);
    for (let i = 0; i < b.count; i++) {
      const r = b.ringStart[i] as number;
      let low = Infinity;
      for (let v = b.ringOffset[r] as number; v < (b.ringOffset[r + 1] as number); v++) low = Math.min(low, terrainHeightAt(t, b.xy[2 * v] as number, b.xy[2 * v + 1] as number));
      ground.prisms[i] = low;
    }
  }
  const c = trees;
  if (c !== undefined) {
    ground.crowns = new Float64Array(c.count);
    for (let i = 0; i < c.count; i++) ground.crowns[i] = terrainHeightAt(t, c.xyz[3 * i] as number, c.xyz[3 * i + 1] as number);
  }
  return ground;
}
