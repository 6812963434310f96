/** Traffic emissions, NO2 conversion, Turner stability, weather binning and evaluation statistics. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../support/expect-close';
import { brakeSpeedCorrection, EMISSION_CATEGORIES, emissionFactorGPerKm, tyreSpeedCorrection } from '../../../src/sim/air/emission-factors';
import { binWeather, netRadiationIndex, stabilityAt, turnerStabilityClass } from '../../../src/sim/air/meteorology';
import { evaluateModel } from '../../../src/sim/air/model-evaluation';
import { no2DerwentMiddletonUgPerM3, no2OzoneLimitedUgPerM3 } from '../../../src/sim/air/no2-conversion';
import { MOLAR_MASS_G_PER_MOL, ppbToUgPerM3, TRAFFIC_POLLUTANTS } from '../../../src/sim/air/pollutants';
import { linkEmissionsUgPerMS, linkEmissionUgPerMS } from '../../../src/sim/air/traffic-emissions';

describe('traffic emissions', () => {
  it('gives positive factors for every category, pollutant and speed, with PM2.5 ≤ PM10 and NO2 < NOx', () => {
    for (const c of EMISSION_CATEGORIES) {
      for (const v of [5, 20, 35, 50, 65, 80, 95, 110, 130]) {
        for (const p of TRAFFIC_POLLUTANTS) expect(emissionFactorGPerKm(c, p, v)).toBeGreaterThan(0);
        expect(emissionFactorGPerKm(c, 'PM2.5', v)).toBeLessThanOrEqual(emissionFactorGPerKm(c, 'PM10', v));
        expect(emissionFactorGPerKm(c, 'NO2', v)).toBeLessThan(emissionFactorGPerKm(c, 'NOx', v));
      }
    }
  });

  it('uses the EMEP/EEA wear speed corrections, continuous at their breakpoints', () => {
    expectClose(tyreSpeedCorrection(40), -0.00974 * 40 + 1.78, { abs: 1e-12 });
    expect(Math.abs(tyreSpeedCorrection(39.999) - tyreSpeedCorrection(40))).toBeLessThan(0.01);
    expect(Math.abs(tyreSpeedCorrection(90) - tyreSpeedCorrection(90.001))).toBeLessThan(0.01);
    expect(Math.abs(brakeSpeedCorrection(39.999) - brakeSpeedCorrection(40))).toBeLessThan(0.01);
    expect(Math.abs(brakeSpeedCorrection(95) - brakeSpeedCorrection(95.001))).toBeLessThan(0.01);
  });

  it('sums flow × factor and converts g/(km·h) to µg/(m·s); the columnar form agrees', () => {
    const traffic = { flowsVehPerH: { '1': 900, '3': 60 }, speedsKmh: { '1': 50, '3': 45 } };
    const expected = (900 * emissionFactorGPerKm('1', 'NOx', 50) + 60 * emissionFactorGPerKm('3', 'NOx', 45)) / 3.6;
    expectClose(linkEmissionUgPerMS(traffic, 'NOx'), expected, { rel: 1e-12 });
    const out = linkEmissionsUgPerMS([900, 0, 60, 0, 0], [50, NaN, 45, NaN, NaN], 'NOx', new Float64Array(1));
    expectClose(out[0] as number, expected, { rel: 1e-12 });
    expect(() => linkEmissionUgPerMS({ flowsVehPerH: { '2': 10 }, speedsKmh: {} }, 'CO2')).toThrow(/category 2.*speed/);
  });

  it('is linear in flow (seeded)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 3000, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 10, max: 130, noNaN: true }), (flow, k, v) => {
        const one = linkEmissionUgPerMS({ flowsVehPerH: { '1': flow }, speedsKmh: { '1': v } }, 'PM10');
        const scaled = linkEmissionUgPerMS({ flowsVehPerH: { '1': flow * k }, speedsKmh: { '1': v } }, 'PM10');
        expectClose(scaled, k * one, { rel: 1e-12, abs: 1e-12 });
      }),
      { seed: 3, numRuns: 200 },
    );
  });
});

describe('NO2 conversion', () => {
  it('ozone-limited: primary NO2 plus the NO that ozone can convert', () => {
    // Plenty of ozone: all NOx becomes NO2.
    expectClose(no2OzoneLimitedUgPerM3(40, 0.2, 1000, 10), 50, { abs: 1e-12 });
    // No ozone: only the primary fraction.
    expectClose(no2OzoneLimitedUgPerM3(40, 0.2, 0, 0), 8, { abs: 1e-12 });
    // Limited: 24 µg/m³ O3 converts 24·46.0055/47.997 µg/m³ of NO (as NO2).
    expectClose(no2OzoneLimitedUgPerM3(100, 0.1, 24), 10 + (24 * MOLAR_MASS_G_PER_MOL.NO2) / MOLAR_MASS_G_PER_MOL.O3, { abs: 1e-12 });
  });

  it('Derwent–Middleton: monotone in NOx over its fitted range and NO2 ≤ NOx', () => {
    let prev = 0;
    for (let ppb = 9; ppb <= 1141; ppb += 4) {
      const nox = ppbToUgPerM3(ppb, MOLAR_MASS_G_PER_MOL.NO2);
      const no2 = no2DerwentMiddletonUgPerM3(nox);
      expect(no2).toBeGreaterThan(prev);
      expect(no2).toBeLessThanOrEqual(nox);
      prev = no2;
    }
    // The curve at 100 ppb NOx: 2.166 − 100·(1.236 − 6.696 + 7.732 − 2.608) = 35.766 ppb.
    expectClose(no2DerwentMiddletonUgPerM3(ppbToUgPerM3(100, MOLAR_MASS_G_PER_MOL.NO2)), ppbToUgPerM3(35.766, MOLAR_MASS_G_PER_MOL.NO2), { rel: 1e-9 });
  });
});

describe('Turner stability classes', () => {
  it('follows the STAR table at its corners', () => {
    // Strong sun, calm: A. Clear night, light wind: F (G reported as F). Overcast low ceiling: D.
    expect(turnerStabilityClass({ windSpeedMPerS: 0.5, solarAltitudeDeg: 65, cloudCoverOctas: 0 })).toBe(1);
    expect(turnerStabilityClass({ windSpeedMPerS: 1, solarAltitudeDeg: -10, cloudCoverOctas: 1 })).toBe(6);
    expect(turnerStabilityClass({ windSpeedMPerS: 1, solarAltitudeDeg: 40, cloudCoverOctas: 8, ceilingM: 500 })).toBe(4);
    // Strong sun but ≥ 12 kn wind (8 m/s ≈ 15.6 kn): C.
    expect(turnerStabilityClass({ windSpeedMPerS: 8, solarAltitudeDeg: 65, cloudCoverOctas: 0 })).toBe(3);
    expect(netRadiationIndex({ windSpeedMPerS: 3, solarAltitudeDeg: 50, cloudCoverOctas: 7, ceilingM: 1000 })).toBe(1);
    expect(() => turnerStabilityClass({ windSpeedMPerS: 2, solarAltitudeDeg: 10, cloudCoverOctas: 9 })).toThrow(/octas/);
  });

  it('uses the time of day: clear summer noon vs clear night in Berlin, light wind', () => {
    const site = { latDeg: 52.52, lonDeg: 13.4, windSpeedMPerS: 1, cloudCoverOctas: 0 };
    expect(stabilityAt({ ...site, unixS: Date.UTC(2026, 5, 21, 11, 0) / 1000 })).toBe(1); // sun ≈ 61°: strong → A
    expect(stabilityAt({ ...site, unixS: Date.UTC(2026, 5, 21, 23, 0) / 1000 })).toBe(6); // night, clear → F
  });

  it('never gets more unstable as the wind rises (seeded)', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 90, noNaN: true }), fc.integer({ min: 0, max: 8 }), fc.double({ min: 0, max: 15, noNaN: true }), (alt, octas, u) => {
        const day = alt > 0;
        const a = turnerStabilityClass({ windSpeedMPerS: u, solarAltitudeDeg: alt, cloudCoverOctas: octas });
        const b = turnerStabilityClass({ windSpeedMPerS: u + 3, solarAltitudeDeg: alt, cloudCoverOctas: octas });
        // By day stronger wind moves towards D (more stable); by night towards D (less stable).
        if (day) expect(b).toBeGreaterThanOrEqual(a);
        else expect(b).toBeLessThanOrEqual(a);
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});

describe('weather binning', () => {
  it('groups hours by sector, speed class and stability with weights summing to 1', () => {
    const hours = [
      { windSpeedMPerS: 2, windFromDeg: 355, stability: 4 as const },
      { windSpeedMPerS: 2.5, windFromDeg: 10, stability: 4 as const },
      { windSpeedMPerS: 6, windFromDeg: 180, stability: 4 as const },
      { windSpeedMPerS: 2, windFromDeg: 0, stability: 6 as const },
    ];
    const cases = binWeather(hours, 30);
    expect(cases).toHaveLength(3);
    expectClose(cases.reduce((s, c) => s + c.weight, 0), 1, { abs: 1e-12 });
    const north = cases.find((c) => c.windFromDeg === 0 && c.stability === 4);
    expect(north?.hours).toBe(2);
    expectClose(north?.windSpeedMPerS ?? NaN, 2.25, { abs: 1e-12 });
  });
});

describe('model-vs-observation statistics (Chang & Hanna 2004)', () => {
  it('computes bias, FB, NMSE, FAC2 and r by their definitions', () => {
    const obs = [10, 20, 30, 40];
    const pred = [12, 18, 70, 10];
    const s = evaluateModel(obs, pred);
    expect(s.n).toBe(4);
    expectClose(s.bias, 27.5 - 25, { abs: 1e-12 });
    expectClose(s.fractionalBias, (2 * (25 - 27.5)) / 52.5, { abs: 1e-12 });
    expectClose(s.nmse, (4 + 4 + 1600 + 900) / 4 / (25 * 27.5), { abs: 1e-12 });
    expect(s.fac2).toBe(0.5);
  });

  it('is perfect for a perfect model and skips non-finite pairs', () => {
    const s = evaluateModel([1, 2, NaN, 4], [1, 2, 3, 4]);
    expect(s).toMatchObject({ n: 3, bias: 0, fractionalBias: 0, nmse: 0, fac2: 1 });
    expectClose(s.r, 1, { abs: 1e-12 });
    expect(() => evaluateModel([1], [1, 2])).toThrow(/1 observations but 2/);
  });
});

describe('emission-factor data module', () => {
  it('exposes speed-dependent exhaust: light-vehicle NOx differs between 20 and 60 km/h', () => {
    expect(emissionFactorGPerKm('1', 'NOx', 20)).not.toBeCloseTo(emissionFactorGPerKm('1', 'NOx', 60), 6);
  });
});
