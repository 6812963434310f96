/** Population-weighted exposure, nearest-station background and the ozone-limited NO2 map. */
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../support/expect-close';
import { nearestStation, populationWeightedMean } from '../../../src/sim/air/exposure';
import { no2MapOzoneLimited, no2OzoneLimitedUgPerM3 } from '../../../src/sim/air/no2-conversion';

describe('exposure and background', () => {
  it('weights concentrations by population and skips empty or unknown receivers', () => {
    expectClose(populationWeightedMean([10, 20, NaN, 99], [1, 3, 5, 0]), (10 + 60) / 4, { abs: 1e-12 });
    expect(populationWeightedMean([1], [0])).toBeNaN();
    expect(() => populationWeightedMean([1, 2], [1])).toThrow(/2 concentrations but 1/);
  });

  it('takes the nearest station that reports a value', () => {
    const stations = [
      { xM: 0, yM: 0, value: NaN },
      { xM: 100, yM: 0, value: 30 },
      { xM: -500, yM: 0, value: 20 },
    ];
    expect(nearestStation(-10, 0, stations)).toBe(1);
    expect(nearestStation(-400, 0, stations)).toBe(2);
    expect(nearestStation(0, 0, [])).toBe(-1);
  });

  it('maps ozone-limited NO2 receiver by receiver like the scalar form', () => {
    const nox = Float64Array.from([0, 10, 100, 400]);
    const primary = nox.map((v) => 0.2 * v);
    const map = no2MapOzoneLimited(nox, primary, 60, 15);
    for (let r = 0; r < nox.length; r++) expectClose(map[r] as number, no2OzoneLimitedUgPerM3(nox[r] as number, 0.2, 60, 15), { abs: 1e-12 });
  });
});
