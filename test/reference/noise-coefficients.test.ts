/**
 * Every value of the project's CNOSSOS-EU road coefficient tables (src/sim/noise) against the
 * NoiseModelling coefficient files RoadCnossos_<year>_coefficients.json (keys discovered).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROAD_COEFFICIENT_SETS } from '../../src/sim/noise/road-coefficients';
import type { VehicleCoefficients } from '../../src/sim/noise/road-coefficient-types';
import { REFERENCE_DIR, fixtureDir } from '../support/fixtures';

const dir = fixtureDir(REFERENCE_DIR, 'noise_cnossos');

interface JsonVehicle {
  crossing: { cr: number; cp: number };
  roundabout: { cr: number; cp: number };
  [key: string]: unknown;
}
interface JsonSurface {
  vmin: number | string;
  vmax: number | string;
  ref: Record<string, { ßm: number; spectrum: number[] }>;
}
interface JsonSet {
  vehicles: Record<string, JsonVehicle>;
  roads: Record<string, JsonSurface>;
}

const SPECTRUM_KEYS: Record<string, keyof VehicleCoefficients> = { ar: 'ar', br: 'br', ap: 'ap', bp: 'bp', a: 'studA', b: 'studB' };

describe.skipIf(!dir)('CNOSSOS-EU road coefficient tables', () => {
  const files = dir ? readdirSync(dir).filter((f) => /^RoadCnossos_\d{4}_coefficients\.json$/.test(f)) : [];
  it('finds the coefficient files', () => expect(files.length).toBeGreaterThan(0));
  for (const file of files) {
    it(`${file}: every value equals the project's table`, () => {
      const year = file.slice(12, 16);
      const set = ROAD_COEFFICIENT_SETS[year as '2015' | '2020'];
      expect(set, `no coefficient set for ${year}`).toBeDefined();
      const json = JSON.parse(readFileSync(join(dir ?? '', file), 'utf8')) as JsonSet;
      let compared = 0;
      for (const [cat, v] of Object.entries(json.vehicles)) {
        const mine = set.vehicles[cat as '1'];
        expect(mine, `vehicle category ${cat}`).toBeDefined();
        for (const [key, value] of Object.entries(v)) {
          const field = SPECTRUM_KEYS[key];
          if (field === undefined || !Array.isArray(value)) continue;
          expect(mine[field], `${file} vehicles.${cat}.${key}`).toEqual(value);
          compared += value.length;
        }
        expect(mine.trafficLights, `${file} vehicles.${cat}.crossing`).toEqual({ cr: v.crossing.cr, cp: v.crossing.cp });
        expect(mine.roundabout, `${file} vehicles.${cat}.roundabout`).toEqual({ cr: v.roundabout.cr, cp: v.roundabout.cp });
        compared += 4;
      }
      for (const [id, road] of Object.entries(json.roads)) {
        const mine = set.surfaces[id];
        expect(mine, `${file} roads.${id}`).toBeDefined();
        expect(mine?.vminKmh).toBe(Number(road.vmin));
        expect(mine?.vmaxKmh).toBe(Number(road.vmax));
        for (const [cat, ref] of Object.entries(road.ref)) {
          expect(mine?.categories[cat]?.alpha, `${file} roads.${id}.${cat}.spectrum`).toEqual(ref.spectrum);
          expect(mine?.categories[cat]?.beta, `${file} roads.${id}.${cat}.ßm`).toBe(ref.ßm);
          compared += ref.spectrum.length + 1;
        }
      }
      expect(Object.keys(set.surfaces).sort()).toEqual(Object.keys(json.roads).sort());
      console.info(`${file}: ${compared} coefficient values equal`);
    });
  }
});
