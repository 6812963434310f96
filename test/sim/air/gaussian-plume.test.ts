/** Seeded properties of the point plume: linear in Q, zero upwind, symmetric about the axis, lid reflections. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../support/expect-close';
import { plumeConcentrationUgPerM3, pointSourceConcentrationUgPerM3, verticalTerm, type PlumeConditions } from '../../../src/sim/air/gaussian-plume';
import type { DispersionScheme } from '../../../src/sim/air/dispersion-coefficients';
import type { StabilityClass } from '../../../src/sim/air/stability-class';

const conditions = fc.record({
  emissionGPerS: fc.double({ min: 0.01, max: 500, noNaN: true }),
  windSpeedMPerS: fc.double({ min: 0.5, max: 20, noNaN: true }),
  effectiveHeightM: fc.double({ min: 0, max: 200, noNaN: true }),
  stability: fc.constantFrom<StabilityClass>(1, 2, 3, 4, 5, 6),
  scheme: fc.constantFrom<DispersionScheme>('isc3-rural', 'briggs-rural', 'briggs-urban'),
});
const position = fc.tuple(fc.double({ min: 1, max: 20000, noNaN: true }), fc.double({ min: -2000, max: 2000, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }));

describe('Gaussian plume properties (seeded)', () => {
  it('is linear in the emission rate', () => {
    fc.assert(
      fc.property(conditions, position, fc.double({ min: 0, max: 100, noNaN: true }), (p, [x, y, z], k) => {
        const one = plumeConcentrationUgPerM3(p, x, y, z);
        expectClose(plumeConcentrationUgPerM3({ ...p, emissionGPerS: k * p.emissionGPerS }, x, y, z), k * one, { rel: 1e-12, abs: 1e-300 });
      }),
      { seed: 1, numRuns: 300 },
    );
  });

  it('is zero upwind and symmetric about the plume axis', () => {
    fc.assert(
      fc.property(conditions, position, (p, [x, y, z]) => {
        expect(plumeConcentrationUgPerM3(p, -x, y, z)).toBe(0);
        expect(plumeConcentrationUgPerM3(p, x, -y, z)).toBe(plumeConcentrationUgPerM3(p, x, y, z));
      }),
      { seed: 2, numRuns: 300 },
    );
  });

  it('in map coordinates: zero upwind of the source, mirror-symmetric about the wind axis', () => {
    fc.assert(
      fc.property(conditions, fc.double({ min: 0, max: 360, noNaN: true }), fc.double({ min: 10, max: 5000, noNaN: true }), fc.double({ min: 1, max: 300, noNaN: true }), (p, from, along, off) => {
        const to = ((from + 180) * Math.PI) / 180;
        const [wx, wy] = [Math.sin(to), Math.cos(to)];
        const at = (a: number, c: number) => pointSourceConcentrationUgPerM3(p, 100, 200, from, 100 + a * wx - c * wy, 200 + a * wy + c * wx, 1.5);
        expect(at(-along, off)).toBe(0);
        expectClose(at(along, off), at(along, -off), { rel: 1e-9, abs: 1e-300 });
      }),
      { seed: 3, numRuns: 300 },
    );
  });

  it('mixing lid: image sum ≥ ground reflection only, → uniform mixing for deep σz', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 200, noNaN: true }), fc.double({ min: 1, max: 2000, noNaN: true }), fc.double({ min: 250, max: 2000, noNaN: true }), (h, sz, lid) => {
        expect(verticalTerm(1.5, h, sz, lid)).toBeGreaterThanOrEqual(verticalTerm(1.5, h, sz) * (1 - 1e-12));
      }),
      { seed: 4, numRuns: 300 },
    );
    // Just below 1.6·L the series is already close to the well-mixed value √(2π)σz/L.
    const L = 500;
    const sz = 1.59 * L;
    expectClose(verticalTerm(1.5, 50, sz, L), (Math.sqrt(2 * Math.PI) * sz) / L, { rel: 1e-3 });
    const p: PlumeConditions = { emissionGPerS: 1, windSpeedMPerS: 3, effectiveHeightM: 600, stability: 4, scheme: 'briggs-rural', mixingHeightM: 500 };
    expect(plumeConcentrationUgPerM3(p, 1000, 0, 0)).toBe(0);
  });
});
