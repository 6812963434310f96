/**
 * The pure half of a sun-hours run that any accumulation path (the CPU kernel's loop, the GPU shadow
 * passes of src/gpu/sun-hours-gpu.ts) shares, so both sample the same instants and the same sun:
 * the period cut into steps of `stepS` with the sun at each step's midpoint (vectorised NREL SPA,
 * Reda & Andreas 2008), kept where the apparent (refracted) sun centre is above the horizon, turned
 * into the grid's axes (`gridNorthDeg`), with the per-step weight in hours and, for seasonal crowns,
 * the crowns' direct-sun transmissivity of each step's day (crown-season.ts).
 */
import type { SolarSite, SolarTimeOptions } from '../solar/spa';
import { crownTransmissivity, dayOfYearUtc, DEFAULT_CROWN_SEASON, type CrownSeasonParams } from './crown-season';
import { sampleSunOverPeriod } from './sun-hours';

export interface SunHoursPlanInput {
  site: SolarSite;
  time?: SolarTimeOptions | undefined;
  /** Period [startUnixS, endUnixS) in Unix seconds (UTC). */
  startUnixS: number;
  endUnixS: number;
  /** Time step (s); default 600. */
  stepS?: number | undefined;
  /** Azimuth (deg from true north, clockwise) of the grid's +y axis; default 0. */
  gridNorthDeg?: number | undefined;
  /** Seasonal crowns: leaf cycle per tree (TreeTable `leafCycle`). */
  treeSeason?: { leafCycle: Uint8Array; params?: CrownSeasonParams } | undefined;
}

export interface SunHoursPlan {
  stepS: number;
  /** Weight of one step (h). */
  stepH: number;
  /** All steps of the period, and those with the sun above the horizon (the ones to accumulate). */
  stepCount: number;
  sunUpCount: number;
  /** Hours an unobstructed cell gets: sunUpCount·stepH. */
  openSkyHours: number;
  /** Per sun-up step: unit vector towards the sun in grid axes (x, y, up), interleaved. */
  sunGrid: Float64Array;
  /** Per sun-up step: sun azimuth in grid axes (deg, clockwise from the grid's +y) and tan(apparent elevation). */
  azimuthGridDeg: Float64Array;
  tanElevation: Float64Array;
  /** Per sun-up step: row of `crownTransmissivityByDay` (−1 without seasonal crowns). */
  dayRow: Int32Array;
  /** Seasonal crown transmissivity, one row of tree count values per distinct UTC day of the sun-up steps. */
  crownTransmissivityByDay: Float32Array[];
}

/** Sun-up steps of a period with everything an accumulation pass needs per step. */
export function planSunHours(input: SunHoursPlanInput): SunHoursPlan {
  const { stepS, stepCount, times, sun, dir } = sampleSunOverPeriod(input);
  const rot = ((input.gridNorthDeg ?? 0) * Math.PI) / 180;
  const c = Math.cos(rot);
  const s = Math.sin(rot);
  let sunUpCount = 0;
  for (let k = 0; k < stepCount; k++) if ((sun.elevationDeg[k] as number) > 0) sunUpCount++;
  const sunGrid = new Float64Array(3 * sunUpCount);
  const azimuthGridDeg = new Float64Array(sunUpCount);
  const tanElevation = new Float64Array(sunUpCount);
  const dayRow = new Int32Array(sunUpCount).fill(-1);
  const crownTransmissivityByDay: Float32Array[] = [];
  const season = input.treeSeason;
  let lastDay = -1;
  let q = 0;
  for (let k = 0; k < stepCount; k++) {
    const elevationDeg = sun.elevationDeg[k] as number;
    if (!(elevationDeg > 0)) continue;
    const e = dir[3 * k] as number;
    const n = dir[3 * k + 1] as number;
    // Same rotation as sunHours: grid azimuth = true azimuth − gridNorthDeg.
    sunGrid[3 * q] = e * c - n * s;
    sunGrid[3 * q + 1] = n * c + e * s;
    sunGrid[3 * q + 2] = dir[3 * k + 2] as number;
    azimuthGridDeg[q] = (sun.azimuthDeg[k] as number) - (input.gridNorthDeg ?? 0);
    tanElevation[q] = Math.tan((elevationDeg * Math.PI) / 180);
    if (season !== undefined) {
      const day = dayOfYearUtc(times[k] as number);
      if (day !== lastDay) {
        const row = new Float32Array(season.leafCycle.length);
        crownTransmissivity(season.leafCycle, day, input.site.latDeg, row, season.params ?? DEFAULT_CROWN_SEASON);
        crownTransmissivityByDay.push(row);
        lastDay = day;
      }
      dayRow[q] = crownTransmissivityByDay.length - 1;
    }
    q++;
  }
  const stepH = stepS / 3600;
  return { stepS, stepH, stepCount, sunUpCount, openSkyHours: sunUpCount * stepH, sunGrid, azimuthGridDeg, tanElevation, dayRow, crownTransmissivityByDay };
}
