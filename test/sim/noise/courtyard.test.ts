/**
 * Courtyards (inner rings of a footprint, perimeter blocks) in the path finder (CNOSSOS-EU Annex II
 * §2.5.5-2.5.8): a courtyard is open air, its walls are walls. A perimeter block must give the
 * paths and gains of the same block cut into four separate wings that touch at the corners: the
 * vertical cut crossing a wing goes down into the courtyard (ground there) and up again, the
 * courtyard walls reflect on their face toward the courtyard (whatever the ring orientation), a
 * reflected leg still crosses the rest of the block, a receiver 2 m in front of a courtyard wall
 * gets no reflection from it, and a shed standing in the courtyard reflects (its walls are not
 * covered by the block around it).
 */
import { describe, expect, it } from 'vitest';
import { facadeNoiseReceivers } from '../../../src/sim-workers/noise-receivers';
import { BuildingGrid } from '../../../src/sim/noise/building-grid';
import { CutBuilder } from '../../../src/sim/noise/cut-builder';
import { buildingBoxes } from '../../../src/sim/noise/footprint-walls';
import { GroundModel } from '../../../src/sim/noise/ground-model';
import { WallCrossings } from '../../../src/sim/noise/wall-crossings';
import { gridReceivers, insideAnyBuilding, type NoiseBuildings } from '../../../src/sim/noise/noise-scene';
import { PathFinder, type PathFinderOptions } from '../../../src/sim/noise/path-finder';
import { syntheticCity } from '../../noise-chain/synthetic-city';

const ATMOSPHERE = { temperatureC: 15, humidityPercent: 70 };
const ALPHA = [0.05, 0.05, 0.1, 0.1, 0.1, 0.2, 0.2, 0.2];

/** Counter-clockwise rectangle [x0, x1] × [y0, y1]. */
const ccw = (x0: number, y0: number, x1: number, y1: number): number[] => [x0, y0, x1, y0, x1, y1, x0, y1];
/** The same rectangle clockwise. */
const cw = (x0: number, y0: number, x1: number, y1: number): number[] => [x0, y0, x0, y1, x1, y1, x1, y0];

/** Buildings given as rings (first = outer) and a height. */
function table(...b: [number[][], number][]): NoiseBuildings {
  const ringStart = [0];
  const ringOffset = [0];
  const xy: number[] = [];
  for (const [rings] of b) {
    for (const ring of rings) {
      xy.push(...ring);
      ringOffset.push(xy.length / 2);
    }
    ringStart.push(ringOffset.length - 1);
  }
  return { count: b.length, ringStart: Uint32Array.from(ringStart), ringOffset: Uint32Array.from(ringOffset), xy: Float64Array.from(xy), heightM: Float64Array.from(b.map(([, hm]) => hm)) };
}

const HEIGHT = 15;
/** The perimeter block 0…60 × 0…60 m around the courtyard 20…40 × 20…40 m. */
const block = (outer: number[], inner: number[]): [number[][], number] => [[outer, inner], HEIGHT];
/** The same block as four wings (south, north, west, east) sharing walls at the corners. */
const WINGS: [number[][], number][] = [
  [[ccw(0, 0, 60, 20)], HEIGHT],
  [[ccw(0, 40, 60, 60)], HEIGHT],
  [[ccw(0, 20, 20, 40)], HEIGHT],
  [[ccw(40, 20, 60, 40)], HEIGHT],
];
/** A 3 m shed in the courtyard. */
const SHED: [number[][], number] = [[ccw(27, 33, 31, 36)], 3];

function options(extra: Partial<PathFinderOptions> = {}): PathFinderOptions {
  return { groundG: 0.5, facadeAlpha: ALPHA, reflectionRadiusM: 60, atmosphere: ATMOSPHERE, ...extra };
}

const h = new Float64Array(8);
const f = new Float64Array(8);
function gains(finder: PathFinder, s: readonly [number, number], r: readonly [number, number]): number[] {
  finder.gains(s[0], s[1], 0.05, r[0], r[1], 4, h, f);
  return [...h, ...f];
}
/** Largest |10 lg(a/b)| over bands, H and F, dB. */
function worstDb(a: number[], b: number[]): number {
  return Math.max(...a.map((x, k) => Math.abs(10 * Math.log10(x / (b[k] ?? 0)))));
}
/** L = 10 lg(gain) at 1 kHz, H, dB (Lw = 0). */
const level1k = (g: number[]): number => 10 * Math.log10(g[4] ?? 0);

/** Pairs whose paths avoid the wings' shared walls: S south of the block or in the courtyard, R in the courtyard. */
const PAIRS: [string, [number, number], [number, number]][] = [
  ['road south of the block → courtyard', [27, -20], [33, 30]],
  ['road south-west → courtyard', [22, -35], [31, 27]],
  ['courtyard → courtyard', [24, 26], [36, 33]],
];

describe('courtyards: a perimeter block behaves as four wings around open air', () => {
  for (const [orientation, outer, inner] of [
    ['outer ring counter-clockwise, inner clockwise', ccw(0, 0, 60, 60), cw(20, 20, 40, 40)],
    ['both rings counter-clockwise', ccw(0, 0, 60, 60), ccw(20, 20, 40, 40)],
    ['outer ring clockwise, inner counter-clockwise', cw(0, 0, 60, 60), ccw(20, 20, 40, 40)],
  ] as const) {
    for (const [paths, extra] of [
      ['direct path only', { reflectionRadiusM: 0 }],
      ['with reflections', {}],
    ] as const) {
      it(`${orientation}, ${paths}: same gains as the four wings (1e-9 dB)`, () => {
        const perimeter = new PathFinder(table(block(outer, inner)), options(extra));
        const wings = new PathFinder(table(...WINGS), options(extra));
        for (const [name, s, r] of PAIRS) {
          const a = gains(perimeter, s, r);
          const b = gains(wings, s, r);
          expect(a.every((x) => x > 0), name).toBe(true);
          expect(worstDb(a, b), name).toBeLessThanOrEqual(1e-9);
        }
      });
    }
  }

  it('the north courtyard wall reflects the road south of the block into the courtyard', () => {
    const [name, s, r] = PAIRS[0] ?? ['', [0, 0], [0, 0]];
    const direct = level1k(gains(new PathFinder(table(block(ccw(0, 0, 60, 60), cw(20, 20, 40, 40))), options({ reflectionRadiusM: 0 })), s, r));
    const reflecting = level1k(gains(new PathFinder(table(block(ccw(0, 0, 60, 60), cw(20, 20, 40, 40))), options()), s, r));
    console.log(`courtyard receiver (33, 30, 4 m), road point (27, −20): L(1 kHz, H, Lw = 0) direct ${direct.toFixed(2)} dB, with reflections ${reflecting.toFixed(2)} dB`);
    expect(reflecting, name).toBeGreaterThan(direct + 0.1);
  });

  it('no lateral path leads into a closed courtyard (its receiver lies inside the hull of the block)', () => {
    const b = table(block(ccw(0, 0, 60, 60), cw(20, 20, 40, 40)));
    const plain = new PathFinder(b, options());
    const lateral = new PathFinder(b, options({ lateralPaths: true }));
    for (const [name, s, r] of PAIRS) expect(worstDb(gains(lateral, s, r), gains(plain, s, r)), name).toBe(0);
    // Outside, the block is passed around: lateral paths add energy.
    expect(level1k(gains(lateral, [30, -20], [30, 80]))).toBeGreaterThan(level1k(gains(plain, [30, -20], [30, 80])) + 0.01);
  });

  it('a receiver 2 m in front of a courtyard wall gets no reflection from it, and the other courtyard walls reflect to it', () => {
    for (const inner of [cw(20, 20, 40, 40), ccw(20, 20, 40, 40)]) {
      const finder = new PathFinder(table(block(ccw(0, 0, 60, 60), inner)), options());
      const walls = finder.reflectors(30, 38);
      const ys: number[] = [];
      const xs: number[] = [];
      for (let k = 0; k < walls.count; k++) {
        const ax = walls.geom[4 * k] ?? 0;
        const ay = walls.geom[4 * k + 1] ?? 0;
        const ex = walls.geom[4 * k + 2] ?? 0;
        const ey = walls.geom[4 * k + 3] ?? 0;
        if (ey === 0) ys.push(ay);
        if (ex === 0) xs.push(ax);
      }
      // Courtyard walls y = 20 (south), x = 20, x = 40; not y = 40 (its own); no outer wall (they face away).
      expect(ys.sort((p, q) => p - q)).toEqual([20]);
      expect(xs.sort((p, q) => p - q)).toEqual([20, 40]);
    }
  });

  it('a shed in the courtyard reflects like a shed among the wings (its walls are open, not covered by the block)', () => {
    const perimeter = new PathFinder(table(block(ccw(0, 0, 60, 60), cw(20, 20, 40, 40)), SHED), options());
    const wings = new PathFinder(table(...WINGS, SHED), options());
    const s: [number, number] = [25, 24];
    const r: [number, number] = [35, 25];
    const a = gains(perimeter, s, r);
    expect(worstDb(a, gains(wings, s, r))).toBeLessThanOrEqual(1e-9);
    // The shed's south wall reflects: a nearly absorbing shed (α = 0.99) gives less.
    const absorbing = Array.from({ length: 16 }, (_, k) => (k < 8 ? (ALPHA[k] ?? 0) : 0.99));
    const dull = gains(new PathFinder(table(block(ccw(0, 0, 60, 60), cw(20, 20, 40, 40)), SHED), options({ facadeAlphaByBuilding: absorbing })), s, r);
    expect(level1k(a)).toBeGreaterThan(level1k(dull) + 0.1);
  });
});

describe('courtyards: the vertical cut over a perimeter block', () => {
  it('goes over the south wing, down to the courtyard ground (its G) and up over the north wing', () => {
    for (const inner of [cw(20, 20, 40, 40), ccw(20, 20, 40, 40)]) {
      const b = table(block(ccw(0, 0, 60, 60), inner));
      const boxes = buildingBoxes(b);
      const cut = new CutBuilder(new GroundModel(0.7, undefined, undefined), (i) => b.heightM[i] ?? 0);
      const walls = new WallCrossings(b, boxes, new BuildingGrid(boxes, b.count, 25), cut);
      // S 10 m south of the block, R 10 m north of it, along x = 30: walls at 10, 30, 50, 70 m.
      cut.polyX.set([30, 30]);
      cut.polyY.set([-10, 70]);
      cut.polyCount = 2;
      const total = cut.begin();
      walls.reset();
      walls.collect(30, -10, 30, 70, 0, total, -1);
      expect(walls.count).toBe(4);
      cut.addGroundBreaks(total);
      const p = cut.build(0.05, 4, total);
      expect(Array.from(p.edgeX.subarray(0, p.edgeCount))).toEqual([10, 30, 50, 70]);
      expect(Array.from(p.edgeZ.subarray(0, p.edgeCount))).toEqual([HEIGHT, HEIGHT, HEIGHT, HEIGHT]);
      // Ground: open (0.7) to the wall, roof (0) over the wing, courtyard (0.7), roof, open.
      expect(Array.from(p.groundX.subarray(0, p.groundCount))).toEqual([0, 10, 30, 50, 70, 80]);
      expect(Array.from(p.groundG.subarray(0, p.groundCount - 1))).toEqual([0.7, 0, 0.7, 0, 0.7]);
      // Side ground down into the courtyard between the wings' roofs.
      const side = Array.from(p.sideGroundX.subarray(0, p.sideGroundCount), (x, k) => [x, p.sideGroundZ[k] ?? 0]);
      expect(side).toEqual([[0, 0], [10, 0], [10, HEIGHT], [30, HEIGHT], [30, 0], [50, 0], [50, HEIGHT], [70, HEIGHT], [70, 0], [80, 0]]);
    }
  });
});

describe('courtyards: receivers', () => {
  const b = table(block(ccw(0, 0, 60, 60), cw(20, 20, 40, 40)));

  it('a courtyard point is not inside the building; a point in a wing is', () => {
    expect(insideAnyBuilding(b, 30, 30)).toBe(false);
    expect(insideAnyBuilding(b, 30, 10)).toBe(true);
  });

  it('grid receivers cover the courtyard', () => {
    const r = gridReceivers(-5, -5, 65, 65, b, 10, 4);
    let inCourtyard = 0;
    for (let k = 0; k < r.count; k++) if ((r.x[k] ?? 0) > 20 && (r.x[k] ?? 0) < 40 && (r.y[k] ?? 0) > 20 && (r.y[k] ?? 0) < 40) inCourtyard++;
    expect(inCourtyard).toBe(4); // x, y ∈ {25, 35}
  });

  it('facade receivers stand 2 m in front of the courtyard facades too (src/sim-workers/noise-receivers.ts)', () => {
    for (const inner of [cw(20, 20, 40, 40), ccw(20, 20, 40, 40)]) {
      const city = syntheticCity([], []);
      const nb = table(block(ccw(0, 0, 60, 60), inner));
      const withRings = { ...city, buildings: { ...city.buildings, count: 1, id: ['block'], ringStart: nb.ringStart, ringOffset: nb.ringOffset, xy: nb.xy, baseHeightM: new Float32Array(1), heightM: Float32Array.from([HEIGHT]), storeys: new Uint16Array(1).fill(5), use: new Uint8Array(1).fill(1), residents: Float32Array.from([100]), defaulted: new Uint8Array(1), attributes: [{}] } };
      const r = facadeNoiseReceivers(withRings, { spacingM: 5, offsetM: 2, heightM: 4, include: () => true });
      let courtyard = 0;
      for (let k = 0; k < r.count; k++) {
        const x = r.x[k] ?? 0;
        const y = r.y[k] ?? 0;
        expect(insideAnyBuilding(nb, x, y)).toBe(false);
        if (x > 20 && x < 40 && y > 20 && y < 40) courtyard++;
      }
      expect(courtyard).toBe(16); // 4 walls × 20 m / 5 m
      expect(r.count).toBe(16 + 48);
    }
  });

  it('a courtyard receiver gets finite, positive gains from a road outside', () => {
    const g = gains(new PathFinder(b, options()), [27, -20], [33, 30]);
    expect(g.every((x) => Number.isFinite(x) && x > 0)).toBe(true);
  });
});
