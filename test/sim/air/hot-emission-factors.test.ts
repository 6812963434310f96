/**
 * EMEP/EEA Tier 3 hot-exhaust speed functions, the fleet-weighted factors built on them and the
 * CO2 carbon balance. Every row of the data module is discovered, not listed here.
 */
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../support/expect-close';
import { HOT_EF_ROWS, HOT_EF_SOURCES, type HotEfRow } from '../../../src/sim/air/emep-eea-hot-ef';
import { clampSpeedKmh, evaluateForm, FORM_COEFFICIENT_COUNT, hotEmissionFactor, rationalFrom2016 } from '../../../src/sim/air/hot-emission-functions';
import {
  co2FromFuelGPerKm,
  EMISSION_CATEGORIES,
  emissionFactorGPerKm,
  FLEET_MIX,
  fleetCo2GPerKm,
  fleetNoxGPerKm,
  fleetPrimaryNo2GPerKm,
  FUEL_RATIOS,
  speedClampSide,
  TECHNOLOGY_INFO,
  type Technology,
} from '../../../src/sim/air/emission-factors';
import { linkEmissionsUgPerMS, linkEmissionUgPerMS, speedClampReport } from '../../../src/sim/air/traffic-emissions';

const ROWS: [string, HotEfRow][] = Object.entries(HOT_EF_ROWS).flatMap(([tech, rows]) => Object.entries(rows).map(([p, row]): [string, HotEfRow] => [`${tech} ${p}`, row]));

/** Speeds spread over a function's range (or over 5–130 km/h for a constant). */
function speedsOf(row: HotEfRow): number[] {
  const lo = Number.isFinite(row.vMinKmh) && row.vMinKmh > 0 ? row.vMinKmh : 5;
  const hi = Number.isFinite(row.vMaxKmh) ? row.vMaxKmh : 130;
  return Array.from({ length: 9 }, (_, i) => lo + ((hi - lo) * i) / 8);
}

describe('hot-exhaust speed functions (data rows)', () => {
  it('every row has a known source, the coefficient count of its form and a valid range', () => {
    expect(ROWS.length).toBeGreaterThan(40);
    for (const [name, row] of ROWS) {
      expect(HOT_EF_SOURCES[row.source], name).toBeTruthy();
      expect(row.coefficients.length, name).toBe(FORM_COEFFICIENT_COUNT[row.form]);
      expect(row.vMaxKmh, name).toBeGreaterThan(row.vMinKmh);
      expect(row.coefficients.every(Number.isFinite), name).toBe(true);
    }
  });

  it('every row gives a positive finite EF at speeds across its range', () => {
    let evaluated = 0;
    for (const [name, row] of ROWS) {
      for (const v of speedsOf(row)) {
        const ef = hotEmissionFactor(row, v);
        expect(Number.isFinite(ef) && ef > 0, `${name} at ${v} km/h: ${ef}`).toBe(true);
        evaluated++;
      }
    }
    expect(evaluated).toBe(ROWS.length * 9);
  });

  it('reproduces the annex control value EF(vMax) of every row that prints one', () => {
    // Tolerance: the control value is printed to 5 decimals (±5e-6) and the annex prints the
    // coefficients to 10 decimal places (±5e-11 each), propagated through |∂EF/∂k|.
    const checked = ROWS.filter(([, row]) => row.check !== undefined);
    expect(checked.length).toBeGreaterThanOrEqual(27);
    let worstAbs = 0;
    let worstRel = 0;
    for (const [name, row] of checked) {
      const c = row.check as { speedKmh: number; efGPerKm: number };
      const ef = hotEmissionFactor(row, c.speedKmh);
      let sensitivity = 0;
      row.coefficients.forEach((k, i) => {
        const h = 1e-6 * Math.max(Math.abs(k), 1e-9);
        const bumped = row.coefficients.map((x, j) => (j === i ? x + h : x));
        sensitivity += Math.abs(hotEmissionFactor({ ...row, coefficients: bumped }, c.speedKmh) - ef) / h;
      });
      const err = Math.abs(ef - c.efGPerKm);
      worstAbs = Math.max(worstAbs, err);
      worstRel = Math.max(worstRel, err / c.efGPerKm);
      expect(err, name).toBeLessThanOrEqual(5e-6 + 5e-11 * sensitivity + 1e-12);
    }
    console.info(`annex control values: ${checked.length} rows, worst |ΔEF| ${worstAbs.toExponential(2)} g/km, worst relative ${worstRel.toExponential(2)}`);
  });

  it('matches hand computations from the printed formulas', () => {
    // Diesel PC Euro 5 NOx, annex Equation 1 (GB2013 Table 3-47 row 9.46e-1, 4.26e-3, −1.14e-2, −5.15e-5, 6.67e-5, 1.92), V = 50.
    const [a, b, c, d, e, f] = [0.945951726803471, 0.00426427180715127, -0.0113814672152656, -5.15046309611901e-5, 6.67136017103076e-5, 1.92360814937222];
    const byHand = (a + c * 50 + e * 50 * 50 + f / 50) / (1 + b * 50 + d * 50 * 50);
    expectClose(hotEmissionFactor(HOT_EF_ROWS.pcDieselEuro5.NOx, 50), byHand, { rel: 1e-14 });
    expectClose(byHand, 0.5367, { abs: 5e-4 });
    // HDV Euro VI NOx, function 0: 28.8606 · 0.97939^V · V^−0.84349 at V = 30.
    expectClose(hotEmissionFactor(HOT_EF_ROWS.hdvEuroVI.NOx, 30), 28.8606129647 * Math.pow(0.97939027, 30) * Math.pow(30, -0.8434920503), { rel: 1e-14 });
    // HDV Euro V NOx, function 10: a + b / (1 + exp(−c + d ln V + e V)) at V = 40.
    const k = HOT_EF_ROWS.hdvEuroV.NOx.coefficients;
    expectClose(hotEmissionFactor(HOT_EF_ROWS.hdvEuroV.NOx, 40), -5.4537349609 + 141.7527624873 / (1 + Math.exp(0.6580649779 + 0.4803744205 * Math.log(40) + 0.0023723269 * 40)), { rel: 1e-14 });
    expect(k.length).toBe(5);
  });

  it('the 2016+ form (αV² + βV + γ + δ/V)/(εV² + ζV + η) equals the rational form after conversion', () => {
    const [al, be, ga, de, ep, ze, et] = [2.1e-4, -0.031, 1.7, 3.2, 4e-5, 0.012, 1.9];
    const k = rationalFrom2016(al, be, ga, de, ep, ze, et);
    for (const v of [10, 33, 50, 90, 130]) expectClose(evaluateForm('rational', k, v), (al * v * v + be * v + ga + de / v) / (ep * v * v + ze * v + et), { rel: 1e-13 });
    expect(() => rationalFrom2016(1, 1, 1, 1, 1, 1, 0)).toThrow(/η/);
  });

  it('clamps the speed to [vMin, vMax] and says which side', () => {
    const row = HOT_EF_ROWS.hdvEuroVI.NOx;
    expect(hotEmissionFactor(row, 3)).toBe(hotEmissionFactor(row, row.vMinKmh));
    expect(hotEmissionFactor(row, 120)).toBe(hotEmissionFactor(row, row.vMaxKmh));
    expect(clampSpeedKmh(row, 3)).toEqual({ speedKmh: 12, side: -1 });
    expect(clampSpeedKmh(row, 120)).toEqual({ speedKmh: 86, side: 1 });
    expect(clampSpeedKmh(row, 50)).toEqual({ speedKmh: 50, side: 0 });
    expect(speedClampSide('2', 100)).toBe(1);
    expect(speedClampSide('1', 5)).toBe(-1);
    expect(speedClampSide('1', 50)).toBe(0);
    const report = speedClampReport([100, 10, 0, 0, 0, 200, 0, 0, 0, 0], [50, 100, NaN, NaN, NaN, 4, NaN, NaN, NaN, NaN], 2);
    expect(report).toEqual({ pairs: 3, belowRange: 1, aboveRange: 1, minSpeedKmh: 4, maxSpeedKmh: 100 });
  });
});

describe('speed-curve shapes', () => {
  const grid = Array.from({ length: 121 }, (_, i) => 10 + i);
  const argMin = (f: (v: number) => number): number => grid.reduce((best, v) => (f(v) < f(best) ? v : best), grid[0] as number);

  it('diesel car NOx has its minimum at mid speeds (every Euro class), higher in stop-and-go and on motorways', () => {
    for (const tech of ['pcDieselEuro4', 'pcDieselEuro5', 'pcDieselEuro6', 'pcDieselEuro6c'] as const) {
      const f = (v: number): number => hotEmissionFactor(HOT_EF_ROWS[tech].NOx, v);
      const vMin = argMin(f);
      expect(vMin, tech).toBeGreaterThan(50);
      expect(vMin, tech).toBeLessThan(90);
      expect(f(10), tech).toBeGreaterThan(1.3 * f(vMin));
      expect(f(130), tech).toBeGreaterThan(1.3 * f(vMin));
    }
    const light = argMin((v) => fleetNoxGPerKm('1', v));
    expect(light).toBeGreaterThan(50);
    expect(light).toBeLessThan(90);
  });

  it('petrol car NOx and heavy-duty NOx, PM and fuel fall with speed over the urban range', () => {
    for (const tech of ['pcPetrolEuro5', 'pcPetrolEuro6', 'pcPetrolEuro6c', 'hdvEuroIII', 'hdvEuroIV', 'hdvEuroV', 'hdvEuroVI', 'hdvArticEuroIV', 'hdvArticEuroV', 'hdvArticEuroVI'] as const) {
      const f = (v: number): number => hotEmissionFactor(HOT_EF_ROWS[tech].NOx, v);
      expect(f(20), tech).toBeGreaterThan(f(50));
    }
    for (const tech of ['hdvEuroIII', 'hdvEuroIV', 'hdvEuroV', 'hdvEuroVI', 'hdvArticEuroIV', 'hdvArticEuroV', 'hdvArticEuroVI', 'busEuroV', 'busEuroVI'] as const) {
      expect(hotEmissionFactor(HOT_EF_ROWS[tech].FC, 20)).toBeGreaterThan(hotEmissionFactor(HOT_EF_ROWS[tech].FC, 60));
      expect(hotEmissionFactor(HOT_EF_ROWS[tech].PM, 20)).toBeGreaterThan(hotEmissionFactor(HOT_EF_ROWS[tech].PM, 60));
    }
  });

  it('newer Euro classes emit less NOx at urban speed', () => {
    const at = (t: Technology): number => hotEmissionFactor(HOT_EF_ROWS[t].NOx, 40);
    expect(at('pcDieselEuro6c')).toBeLessThan(at('pcDieselEuro6'));
    expect(at('pcDieselEuro6')).toBeLessThan(at('pcDieselEuro5'));
    expect(at('hdvEuroVI')).toBeLessThan(at('hdvEuroV'));
    expect(at('hdvArticEuroVI')).toBeLessThan(at('hdvArticEuroV'));
    expect(at('hdvArticEuroV')).toBeLessThan(at('hdvArticEuroIV'));
    expect(at('busEuroVI')).toBeLessThan(at('busEuroV'));
  });
});

describe('fleet-weighted factors', () => {
  it('fleet mixes sum to 1 per category and NOx / primary NO2 are the share-weighted rows', () => {
    for (const c of EMISSION_CATEGORIES) {
      const mix = Object.entries(FLEET_MIX[c]) as [Technology, number][];
      expectClose(mix.reduce((s, [, w]) => s + w, 0), 1, { abs: 1e-12 });
      for (const v of [15, 50, 100]) {
        const nox = mix.reduce((s, [t, w]) => s + w * hotEmissionFactor(HOT_EF_ROWS[t].NOx, v), 0);
        const no2 = mix.reduce((s, [t, w]) => s + w * TECHNOLOGY_INFO[t].primaryNo2Fraction * hotEmissionFactor(HOT_EF_ROWS[t].NOx, v), 0);
        expectClose(emissionFactorGPerKm(c, 'NOx', v), nox, { rel: 1e-12 });
        expectClose(fleetPrimaryNo2GPerKm(c, v), no2, { rel: 1e-12 });
        expect(no2 / nox).toBeGreaterThan(0);
        expect(no2 / nox).toBeLessThan(0.5);
      }
    }
  });

  it('CO2 per km is exactly 44.011 · FC / (12.011 + 1.008 r_H:C + 16 r_O:C) of each technology', () => {
    expect(co2FromFuelGPerKm(100, 'petrol')).toBe((44.011 * 100) / (12.011 + 1.008 * FUEL_RATIOS.petrol.hydrogenToCarbon + 16 * FUEL_RATIOS.petrol.oxygenToCarbon));
    expect(co2FromFuelGPerKm(100, 'diesel')).toBe((44.011 * 100) / (12.011 + 1.008 * 1.86));
    expect(co2FromFuelGPerKm(100, 'petrol')).toBe((44.011 * 100) / (12.011 + 1.008 * 1.8));
    for (const c of EMISSION_CATEGORIES) {
      for (const v of [20, 50, 80]) {
        const mix = Object.entries(FLEET_MIX[c]) as [Technology, number][];
        const expected = mix.reduce((s, [t, w]) => {
          const fcGPerKm = hotEmissionFactor(HOT_EF_ROWS[t].FC, v);
          const r = FUEL_RATIOS[TECHNOLOGY_INFO[t].fuel].hydrogenToCarbon;
          return s + (w * 44.011 * fcGPerKm) / (12.011 + 1.008 * r);
        }, 0);
        expectClose(fleetCo2GPerKm(c, v), expected, { rel: 1e-14 });
        expect(emissionFactorGPerKm(c, 'CO2', v)).toBe(fleetCo2GPerKm(c, v));
      }
    }
  });
});

describe('link emissions from speed-dependent factors', () => {
  it('are linear in flow at any speed', () => {
    for (const v of [12, 30, 50, 75, 110]) {
      const one = linkEmissionUgPerMS({ flowsVehPerH: { '1': 700, '2': 35 }, speedsKmh: { '1': v, '2': v } }, 'NOx');
      const three = linkEmissionUgPerMS({ flowsVehPerH: { '1': 2100, '2': 105 }, speedsKmh: { '1': v, '2': v } }, 'NOx');
      expectClose(three, 3 * one, { rel: 1e-12 });
    }
  });

  it('lowering a road’s speed changes its NOx in the direction of the curves', () => {
    const flows = [900, 40, 10, 0, 5];
    const at = (v: number): number => linkEmissionsUgPerMS(flows, [v, v, v, v, v], 'NOx', new Float64Array(1))[0] as number;
    const curveSign = (from: number, to: number): number => Math.sign(flows.reduce((s, q, c) => s + q * (emissionFactorGPerKm(EMISSION_CATEGORIES[c] ?? '1', 'NOx', to) - emissionFactorGPerKm(EMISSION_CATEGORIES[c] ?? '1', 'NOx', from)), 0));
    // Urban street 50 → 30 km/h: the curves rise at low speed, so NOx rises.
    expect(curveSign(50, 30)).toBe(1);
    expect(at(30)).toBeGreaterThan(at(50));
    // Motorway-like 130 → 100 km/h: light-vehicle NOx falls towards its mid-speed minimum.
    const light = (v: number): number => linkEmissionUgPerMS({ flowsVehPerH: { '1': 3000 }, speedsKmh: { '1': v } }, 'NOx');
    expect(light(100)).toBeLessThan(light(130));
  });
});
