/** Seeded properties of CALINE3 line sources: linear in the source strength, zero upwind, mirror-symmetric about the plume axis. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../support/expect-close';
import { Caline3Dispersion, Caline3Links } from '../../../src/sim/air/caline3';
import { computeLinkContributions, concentrationMap, createReceivers } from '../../../src/sim/air/district-map';
import type { StabilityClass } from '../../../src/sim/air/stability-class';

const site = { averagingTimeMin: 60, roughnessCm: 100, settlingVelocityCmPerS: 0, depositionVelocityCmPerS: 0 };

/** One link of length L across the wind, centred on the origin; the wind blows FROM the south (toward +y). */
function crossWindLink(lengthM: number, widthM: number): Caline3Links {
  const links = new Caline3Links(1);
  links.set(0, { x1M: -lengthM / 2, y1M: 0, x2M: lengthM / 2, y2M: 0, type: 'AG', heightM: 0, mixingZoneWidthM: widthM });
  return links;
}

describe('CALINE3 properties (seeded)', () => {
  it('is mirror-symmetric about the plume axis for a link across the wind', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 20, max: 400, noNaN: true }),
        fc.double({ min: 10, max: 40, noNaN: true }),
        fc.double({ min: 1, max: 300, noNaN: true }),
        fc.double({ min: 5, max: 800, noNaN: true }),
        fc.integer({ min: 1, max: 6 }),
        (length, width, x, y, cls) => {
          const model = new Caline3Dispersion(crossWindLink(length, width), site, { windSpeedMPerS: 2, windFromDeg: 180, stability: cls as StabilityClass, mixingHeightM: 1000 });
          const right = model.unitConcentration(0, x, y, 1.5);
          const left = model.unitConcentration(0, -x, y, 1.5);
          const axis = model.unitConcentration(0, 0, y, 1.5);
          // Not exact: CALINE3 caps the wind–road angle at 1.5706 rad (never exactly across) and builds
          // its element series from the receptor's foot, upwind side first, so mirror images see slightly
          // different equivalent lines. A scan over L 20–400 m, W 10–40 m, classes A–F and receptors
          // up to 800 m downwind gives a worst |C(x) − C(−x)| of 2.6e-3 of the axis value C(0).
          expect(Math.abs(left - right)).toBeLessThanOrEqual(5e-3 * axis + 1e-15);
        },
      ),
      { seed: 9, numRuns: 300 },
    );
  });

  it('is zero everywhere upwind of the mixing zone, for any wind direction', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 359.9, noNaN: true }), fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), fc.double({ min: 30, max: 600, noNaN: true }), (windFrom, bearing, distance) => {
        const links = crossWindLink(120, 20);
        const model = new Caline3Dispersion(links, site, { windSpeedMPerS: 3, windFromDeg: windFrom, stability: 4, mixingHeightM: 1000 });
        const x = distance * Math.sin(bearing);
        const y = distance * Math.cos(bearing);
        // Upwind of every point of the 120 m × 20 m zone: the along-wind coordinate is below the zone's minimum.
        if (model.alongWind(x, y) < (model.minDownwind[0] as number)) expect(model.unitConcentration(0, x, y, 1.5)).toBe(0);
      }),
      { seed: 10, numRuns: 300 },
    );
  });

  it('maps are linear in each link emission rate', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1000, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), (q, k) => {
        const links = crossWindLink(100, 20);
        const receivers = createReceivers(3);
        receivers.x.set([0, 30, -50]);
        receivers.y.set([20, 80, 200]);
        receivers.z.fill(1.5);
        const contrib = computeLinkContributions(links, receivers, site, { windSpeedMPerS: 2, windFromDeg: 200, stability: 5, mixingHeightM: 1000 });
        const one = concentrationMap(contrib, [q]);
        const scaled = concentrationMap(contrib, [k * q]);
        for (let r = 0; r < 3; r++) expectClose(scaled[r] as number, k * (one[r] as number), { rel: 1e-12, abs: 1e-12 });
      }),
      { seed: 11, numRuns: 100 },
    );
  });
});
