/** CALINE3 card reader errors and kernel invariants (culling exactness, far-upwind receptor → ambient). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Caline3Dispersion, Caline3Links, lineSourceUgPerMS, normalTail, normalTailPolynomial } from '../../../src/sim/air/caline3';
import { parseCaline3Input } from '../../../src/sim/air/caline3-input';
import { runCaline3Job } from '../../../src/sim/air/caline3-run';
import type { StabilityClass } from '../../../src/sim/air/stability-class';

const DECK = [
  'TEST JOB                                 60. 10.   0.   0. 1        1.',
  'RECP. 1                    30.        0.       1.8',
  'CASE ONE                                  1  1',
  'LINK A              AG     0. -5000.     0.  5000.   7500. 30.  0. 30.',
  ' 1.270.6 1000. 3.0',
];

describe('CALINE3 card reader', () => {
  it('reads the fixed columns of each card', () => {
    const [job] = parseCaline3Input(DECK.join('\n'), 'deck');
    expect(job?.averagingTimeMin).toBe(60);
    expect(job?.roughnessCm).toBe(10);
    expect(job?.receptors[0]).toEqual({ name: 'RECP. 1', xM: 30, yM: 0, zM: 1.8 });
    expect(job?.links[0]).toMatchObject({ name: 'LINK A', type: 'AG', y1M: -5000, y2M: 5000, vehiclesPerHour: 7500, emissionFactorGPerMile: 30, mixingZoneWidthM: 30 });
    expect(job?.mets[0]).toEqual({ windSpeedMPerS: 1, windFromDeg: 270, stability: 6, mixingHeightM: 1000, ambientPpm: 3 });
  });

  it('names the line, card and field of a bad value', () => {
    const bad = [...DECK];
    bad[3] = 'LINK A              XX     0. -5000.     0.  5000.   7500. 30.  0. 30.';
    expect(() => parseCaline3Input(bad.join('\n'), 'deck.exp')).toThrow(/deck\.exp line 4 \(LINK 1 card, TYP\)/);
    const badNumber = [...DECK];
    badNumber[1] = 'RECP. 1                    3x.        0.       1.8';
    expect(() => parseCaline3Input(badNumber.join('\n'), 'deck.exp')).toThrow(/line 2 \(RECEPTOR 1 card, XR\).*not a number/);
    expect(() => parseCaline3Input(DECK.slice(0, 4).join('\n'), 'deck.exp')).toThrow(/end of input.*MET/);
    const calm = [...DECK];
    calm[4] = ' 0.270.6 1000. 3.0';
    expect(() => parseCaline3Input(calm.join('\n'), 'deck.exp')).toThrow(/MET 1 card, U/);
  });

  it('puts a receptor far upwind at the ambient value only', () => {
    const far = [...DECK];
    far[1] = 'RECP. 1                 -5000.        0.       1.8';
    const [job] = parseCaline3Input(far.join('\n'));
    const result = runCaline3Job(job as NonNullable<typeof job>);
    expect(result.mets[0]?.receptors[0]?.totalPpm).toBe(3);
    expect(result.mets[0]?.receptors[0]?.linkPpm[0]).toBe(0);
  });
});

describe('CALINE3 kernel invariants', () => {
  const site = { averagingTimeMin: 60, roughnessCm: 50, settlingVelocityCmPerS: 0, depositionVelocityCmPerS: 0 };
  const linkArb = fc.record({
    x1M: fc.double({ min: -300, max: 300, noNaN: true }),
    y1M: fc.double({ min: -300, max: 300, noNaN: true }),
    angle: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
    lengthM: fc.double({ min: 40, max: 400, noNaN: true }),
    type: fc.constantFrom('AG' as const, 'BR' as const, 'FL' as const, 'DP' as const),
    heightM: fc.double({ min: -8, max: 8, noNaN: true }),
    mixingZoneWidthM: fc.double({ min: 10, max: 40, noNaN: true }),
  });
  const metArb = fc.record({
    windSpeedMPerS: fc.double({ min: 0.5, max: 10, noNaN: true }),
    windFromDeg: fc.double({ min: 0, max: 360, noNaN: true }),
    stability: fc.constantFrom<StabilityClass>(1, 2, 3, 4, 5, 6),
    mixingHeightM: fc.constantFrom(300, 1000),
  });

  it('culls only receptor–link pairs whose contribution is exactly zero (seeded)', () => {
    fc.assert(
      fc.property(linkArb, metArb, fc.array(fc.tuple(fc.double({ min: -800, max: 800, noNaN: true }), fc.double({ min: -800, max: 800, noNaN: true })), { minLength: 20, maxLength: 20 }), (l, met, points) => {
        const links = Caline3Links.from([{ ...l, x2M: l.x1M + l.lengthM * Math.sin(l.angle), y2M: l.y1M + l.lengthM * Math.cos(l.angle) }]);
        const model = new Caline3Dispersion(links, site, met);
        for (const [x, y] of points) {
          if (model.isOutsidePlume(0, x, y)) expect(model.unitConcentration(0, x, y, 1.8)).toBe(0);
        }
      }),
      { seed: 20261124, numRuns: 300 },
    );
  });

  it('stays finite and non-negative for any geometry, wind and receptor, also on the road and for short links (seeded)', () => {
    fc.assert(
      fc.property(
        linkArb,
        metArb,
        fc.double({ min: 1, max: 400, noNaN: true }),
        fc.tuple(fc.double({ min: -500, max: 500, noNaN: true }), fc.double({ min: -500, max: 500, noNaN: true }), fc.double({ min: 0, max: 20, noNaN: true })),
        fc.boolean(),
        (l, met, shortLength, [x, y, z], onRoad) => {
          const len = Math.min(l.lengthM, shortLength);
          const x2 = l.x1M + len * Math.sin(l.angle);
          const y2 = l.y1M + len * Math.cos(l.angle);
          const links = Caline3Links.from([{ ...l, x2M: x2, y2M: y2 }]);
          const model = new Caline3Dispersion(links, site, met);
          const [rx, ry] = onRoad ? [(l.x1M + x2) / 2, (l.y1M + y2) / 2] : [x, y];
          const c = model.unitConcentration(0, rx, ry, z);
          expect(Number.isFinite(c)).toBe(true);
          expect(c).toBeGreaterThanOrEqual(0);
          const deposited = new Caline3Dispersion(links, { ...site, settlingVelocityCmPerS: 1, depositionVelocityCmPerS: 0.5 }, met).unitConcentration(0, rx, ry, z);
          expect(Number.isFinite(deposited)).toBe(true);
        },
      ),
      { seed: 99, numRuns: 500 },
    );
  });

  it('is zero upwind of every point of the mixing zone and positive just downwind of the road', () => {
    const links = Caline3Links.from([{ x1M: 0, y1M: -500, x2M: 0, y2M: 500, type: 'AG', heightM: 0, mixingZoneWidthM: 20 }]);
    const corners = [[-10, -500], [10, -500], [-10, 500], [10, 500]] as const;
    fc.assert(
      fc.property(
        fc.constantFrom<StabilityClass>(1, 2, 3, 4, 5, 6),
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: -3000, max: 3000, noNaN: true }),
        fc.double({ min: -3000, max: 3000, noNaN: true }),
        (cls, from, x, y) => {
          const model = new Caline3Dispersion(links, site, { windSpeedMPerS: 2, windFromDeg: from, stability: cls, mixingHeightM: 1000 });
          const to = ((from + 180) * Math.PI) / 180;
          const along = (px: number, py: number) => px * Math.sin(to) + py * Math.cos(to);
          if (corners.every(([cx, cy]) => along(x, y) < along(cx, cy))) expect(model.unitConcentration(0, x, y, 1.8)).toBe(0);
          // 30 m downwind of the road centre, wind across the road:
          const across = new Caline3Dispersion(links, site, { windSpeedMPerS: 2, windFromDeg: 270, stability: cls, mixingHeightM: 1000 });
          expect(across.unitConcentration(0, 30, 0, 1.8)).toBeGreaterThan(0);
          expect(across.unitConcentration(0, -30, 0, 1.8)).toBe(0);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it('converts veh/h × g/mile to µg/(m·s)', () => {
    // 3600 veh/h × 1.609344 g/mile = 3.6 g/(m·h) = 1000 µg/(m·s)
    expect(lineSourceUgPerMS(3600, 1.609344)).toBeCloseTo(1000, 9);
  });
});

describe('CALINE3 normal-tail table', () => {
  it('matches the Abramowitz–Stegun polynomial within 3e-9 on [0, 5] and is 0 beyond', () => {
    let worst = 0;
    for (let k = 0; k <= 200000; k++) {
      const lim = (5 * k) / 200000 + 1e-7 * (k % 7);
      worst = Math.max(worst, Math.abs(normalTail(lim) - normalTailPolynomial(lim)));
    }
    expect(worst).toBeLessThan(3e-9);
    expect(normalTail(5.0001)).toBe(0);
    // CALINE3's 4-digit coefficients give Q(0) = 0.499994.
    expect(normalTailPolynomial(0)).toBeCloseTo(0.5, 4);
  });
});
