/** District maps: exact sparse storage, what-if re-sum = full recompute, period means, cut-off distance. */
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../support/expect-close';
import { Caline3Dispersion, Caline3Links } from '../../../src/sim/air/caline3';
import { applyEmissionChange, computeLinkContributions, concentrationMap, createReceivers, gridReceivers, periodMean } from '../../../src/sim/air/district-map';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function district(seed: number, nLinks: number, grid: number, sideM: number) {
  const rnd = seeded(seed);
  const links = new Caline3Links(nLinks);
  for (let l = 0; l < nLinks; l++) {
    const x = rnd() * sideM;
    const y = rnd() * sideM;
    const a = rnd() * 2 * Math.PI;
    const len = 40 + rnd() * 120;
    links.set(l, { x1M: x, y1M: y, x2M: x + len * Math.sin(a), y2M: y + len * Math.cos(a), type: (['AG', 'BR', 'FL', 'DP'] as const)[l % 4] ?? 'AG', heightM: l % 4 === 3 ? -4 : l % 4 === 0 ? 0 : 3, mixingZoneWidthM: 14 + rnd() * 16 });
  }
  const receivers = createReceivers(grid * grid);
  for (let i = 0; i < grid * grid; i++) {
    receivers.x[i] = ((i % grid) + 0.5) * (sideM / grid);
    receivers.y[i] = (Math.floor(i / grid) + 0.5) * (sideM / grid);
    receivers.z[i] = 1.5 + rnd();
  }
  const emissions = Float64Array.from({ length: nLinks }, () => 50 + rnd() * 500);
  return { links, receivers, emissions };
}

const site = { averagingTimeMin: 60, roughnessCm: 100, settlingVelocityCmPerS: 0, depositionVelocityCmPerS: 0 };
const met = { windSpeedMPerS: 2, windFromDeg: 225, stability: 4 as const, mixingHeightM: 1000 };

describe('district map', () => {
  const { links, receivers, emissions } = district(42, 40, 20, 800);
  const contrib = computeLinkContributions(links, receivers, site, met);

  it('equals the direct CALINE3 sum at every receiver', () => {
    const map = concentrationMap(contrib, emissions, 5);
    const model = new Caline3Dispersion(links, site, met);
    let worst = 0;
    for (let r = 0; r < receivers.count; r++) {
      let direct = 5;
      for (let l = 0; l < links.count; l++) direct += (emissions[l] as number) * model.unitConcentration(l, receivers.x[r] as number, receivers.y[r] as number, receivers.z[r] as number);
      worst = Math.max(worst, Math.abs((map[r] as number) - direct) / Math.max(1, direct));
    }
    // Float32 storage of unit contributions: relative 1e-6.
    expect(worst).toBeLessThan(1e-6);
    expect(contrib.value.length).toBeGreaterThan(0);
    expect(contrib.value.length).toBeLessThan(links.count * receivers.count);
  });

  it('a what-if on some links re-sums to the full recompute', () => {
    const map = concentrationMap(contrib, emissions, 0);
    const changed = [3, 7, 19, 33];
    const after = Float64Array.from(emissions);
    const delta = changed.map((l) => {
      after[l] = (emissions[l] as number) * 0.4;
      return (after[l] as number) - (emissions[l] as number);
    });
    applyEmissionChange(contrib, map, changed, delta);
    const full = concentrationMap(contrib, after, 0);
    for (let r = 0; r < map.length; r++) expectClose(map[r] as number, full[r] as number, { abs: 1e-9, rel: 1e-12 });
  });

  it('is linear in the emission rates', () => {
    const a = concentrationMap(contrib, emissions, 0);
    const b = concentrationMap(contrib, emissions.map((q) => 3 * q), 0);
    for (let r = 0; r < a.length; r++) expectClose(b[r] as number, 3 * (a[r] as number), { rel: 1e-12, abs: 1e-15 });
  });

  it('period mean is the weighted sum of the case maps', () => {
    const other = computeLinkContributions(links, receivers, site, { ...met, windFromDeg: 45, stability: 6 });
    const mean = periodMean(
      [
        { weight: 0.75, contributions: contrib, ambientUgPerM3: 10 },
        { weight: 0.25, contributions: other, ambientUgPerM3: 20 },
      ],
      emissions,
    );
    const a = concentrationMap(contrib, emissions, 10);
    const b = concentrationMap(other, emissions, 20);
    for (let r = 0; r < mean.length; r++) expectClose(mean[r] as number, 0.75 * (a[r] as number) + 0.25 * (b[r] as number), { rel: 1e-12 });
  });

  it('a cut-off distance only drops far pairs and never adds any', () => {
    const cut = computeLinkContributions(links, receivers, site, met, { maxDistanceM: 150 });
    expect(cut.value.length).toBeLessThan(contrib.value.length);
    const full = concentrationMap(contrib, emissions, 0);
    const near = concentrationMap(cut, emissions, 0);
    for (let r = 0; r < full.length; r++) expect(near[r] as number).toBeLessThanOrEqual((full[r] as number) * (1 + 1e-6) + 1e-12);
    expect(() => computeLinkContributions(links, receivers, site, met, { maxDistanceM: 0 })).toThrow(/maxDistanceM/);
  });

  it('honours cancellation', () => {
    expect(() => computeLinkContributions(links, receivers, site, met, {}, { signal: { aborted: true } })).toThrow(/cancelled/);
  });
});

describe('road polylines to CALINE3 links', () => {
  it('makes one link per non-degenerate segment with W = lanes × 3.5 m + 6 m', async () => {
    const { linksFromRoads, linkEmissionsFromRoads } = await import('../../../src/sim/air/road-links');
    const roads = {
      vertexOffset: Uint32Array.from([0, 3, 5]),
      xyz: Float64Array.from([0, 0, 0, 100, 0, 0, 100, 0, 0, 0, 10, 0, 0, 60, 0]),
    };
    const { links, roadOfLink } = linksFromRoads(roads, [2, 1]);
    expect(links.count).toBe(2);
    expect([...roadOfLink]).toEqual([0, 1]);
    expect([...links.widthM]).toEqual([13, 9.5]);
    expect([...linkEmissionsFromRoads([5, 7], roadOfLink)]).toEqual([5, 7]);
    expect(() => linksFromRoads(roads, [2])).toThrow(/1 lane counts for 2 roads/);
  });
});

describe('receiver grid', () => {
  it('places cell centres row-major from the south-west corner', () => {
    const g = gridReceivers(100, 200, 140, 230, 10, 2);
    expect([g.columns, g.rows, g.count]).toEqual([4, 3, 12]);
    expect([g.x[0], g.y[0], g.z[0]]).toEqual([105, 205, 2]);
    expect([g.x[5], g.y[5]]).toEqual([115, 215]);
    expect(() => gridReceivers(0, 0, 10, 10, 0)).toThrow(/spacing/);
  });
});
