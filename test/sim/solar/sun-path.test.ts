/**
 * The scene's sun path (src/scene/sun-path.tsx) uses the vectorised SPA: every point equals the
 * scalar SPA direction (sun-direction.ts `sunAt`) at the same local time, on ordinary and
 * daylight-saving days (23 h / 25 h), and only sun-up instants are drawn.
 */
import { describe, expect, it } from 'vitest';
import { sunPathPoints } from '../../../src/scene/sun-path';
import { sunAt } from '../../../src/scene/sun-direction';
import { sunPosition } from '../../../src/sim/solar/spa';

const ORIGIN = { lonDeg: 7.8522, latDeg: 47.9959, heightM: 327 };
const TZ = 'Europe/Berlin';

describe('sunPathPoints', () => {
  for (const date of [{ year: 2026, month: 6, day: 21 }, { year: 2026, month: 3, day: 29 }, { year: 2026, month: 10, day: 25 }, { year: 2026, month: 12, day: 21 }]) {
    it(`matches the scalar SPA every 10 min on ${date.year}-${date.month}-${date.day}`, () => {
      const centre = [10, -20, 5] as const;
      const r = 500;
      const xyz = sunPathPoints(ORIGIN, TZ, date, centre, r);
      const expected: number[] = [];
      // Wall-clock minutes map to instants 10 min apart except across the DST jump; compare by instant.
      const first = sunAt(ORIGIN, TZ, date, 0).unixS;
      const last = sunAt(ORIGIN, TZ, { ...date, day: date.day + 1 }, 0).unixS;
      let worst = 0;
      // Instants 10 min apart from local midnight to the next (23 h or 25 h on DST days), scalar SPA.
      expect((last - first) / 3600).toBe(date.month === 3 ? 23 : date.month === 10 ? 25 : 24);
      for (let t = first; t <= last; t += 600) {
        const p = sunPosition(t, { latDeg: ORIGIN.latDeg, lonDeg: ORIGIN.lonDeg, elevationM: ORIGIN.heightM });
        if (!(p.elevationDeg > 0)) continue;
        const e = (p.elevationDeg * Math.PI) / 180;
        const a = (p.azimuthDeg * Math.PI) / 180;
        expected.push(centre[0] + Math.sin(a) * Math.cos(e) * r, centre[1] + Math.cos(a) * Math.cos(e) * r, centre[2] + Math.sin(e) * r);
      }
      expect(xyz.length).toBe(expected.length);
      for (let i = 0; i < xyz.length; i++) worst = Math.max(worst, Math.abs((xyz[i] as number) - (expected[i] as number)));
      expect(worst).toBeLessThan(1e-3); // metres on a 500 m dome (float32 storage)
    });
  }
});
