import Flatbush from 'flatbush';
import { describe, expect, it } from 'vitest';
import { BUILDING_USES, FLOW_STRIDE, PERIODS, ROAD_CLASSES, VEHICLE_CATEGORIES, type CityModel } from '../../src/twin/city-model';
import { DEFAULT_DEMO_SEED, generateDemoDistrict, sampleGridHeight } from '../../src/twin/demo';
import { featureArea, footprintsOverlap, insideFeature, ringsOf, signedArea } from './polygon-checks';

const model = generateDemoDistrict();
const b = model.buildings;
const grid = model.terrain?.kind === 'grid' ? model.terrain : undefined;

function useOf(i: number): string {
  return BUILDING_USES[b.use[i] ?? 0] ?? 'unknown';
}

function dayEveningNight(m: CityModel, road: number): [number, number, number] {
  const sums: [number, number, number] = [0, 0, 0];
  for (let p = 0; p < PERIODS.length; p++) {
    for (let c = 0; c < VEHICLE_CATEGORIES.length; c++) sums[p as 0 | 1 | 2] += m.roads.flowVehH[road * FLOW_STRIDE + p * VEHICLE_CATEGORIES.length + c] ?? NaN;
  }
  return sums;
}

describe('demo district: identity and determinism', () => {
  it('is labelled synthetic, placed at a real European latitude with its time zone', () => {
    expect(model.synthetic).toBe(true);
    expect(model.name.toLowerCase()).toContain('synthetic');
    expect(model.origin.latDeg).toBeGreaterThanOrEqual(45);
    expect(model.origin.latDeg).toBeLessThanOrEqual(52);
    expect(model.origin.lonDeg).toBeGreaterThan(-10);
    expect(model.origin.lonDeg).toBeLessThan(25);
    expect(model.timeZone).toBe('Europe/Berlin');
    expect(model.report?.crs).toBe('synthetic ENU');
    expect(model.report?.counts).toEqual({ buildings: b.count, roads: model.roads.count, trees: model.trees.count, terrainCells: 110 * 110, ground: model.ground.count });
    expect(Object.values(model.report?.defaulted ?? { x: 1 }).every((v) => v === 0)).toBe(true);
  });

  it('gives identical arrays and ids for the same seed, and a different district for another seed', () => {
    const again = generateDemoDistrict({ seed: DEFAULT_DEMO_SEED });
    expect(again).toEqual(model);
    const other = generateDemoDistrict({ seed: 2 });
    expect(Array.from(other.buildings.storeys)).not.toEqual(Array.from(b.storeys));
    // Landmark ids do not depend on the seed.
    for (const id of ['bldg-tower-1', 'bldg-tower-2', 'bldg-tower-3', 'bldg-C5-01', 'bldg-E5-01']) expect(other.buildings.id).toContain(id);
  });

  it('has unique, readable ids and the documented landmarks', () => {
    for (const ids of [b.id, model.roads.id, model.trees.id, model.ground.id]) expect(new Set(ids).size).toBe(ids.length);
    for (const id of b.id) expect(id).toMatch(/^bldg-([A-F][1-6]-\d{2}|tower-\d|(west|east)-\d{2})$/);
    for (const id of model.roads.id) expect(id).toMatch(/^road-[a-z]+-\d+$/);
    model.trees.id.forEach((id, k) => expect(id).toBe(`tree-${k}`));
    for (let n = 0; n < 6; n++) expect(model.roads.id).toContain(`road-main-${n}`);
    for (let n = 0; n < 24; n++) expect(model.roads.id).toContain(`road-ring-${n}`);
    // The tower by the square: within 60 m of the square's polygon.
    const tower = b.id.indexOf('bldg-tower-1');
    const square = model.ground.cover.indexOf('square');
    const [tx, ty] = centre(ringsOf(b, tower)[0]?.xy ?? new Float64Array(), ringsOf(b, tower)[0]?.a ?? 0, ringsOf(b, tower)[0]?.e ?? 0);
    const sq = ringsOf(model.ground, square)[0];
    expect(sq).toBeDefined();
    if (sq) {
      const [sx, sy] = centre(sq.xy, sq.a, sq.e);
      expect(Math.hypot(tx - sx, ty - sy)).toBeLessThan(90);
    }
  });
});

function centre(xy: Float64Array, a: number, e: number): [number, number] {
  let x = 0;
  let y = 0;
  for (let k = a; k < e; k++) {
    x += xy[2 * k] ?? 0;
    y += xy[2 * k + 1] ?? 0;
  }
  return [x / (e - a), y / (e - a)];
}

describe('demo district: buildings', () => {
  it('has a few hundred buildings, 2–12 storeys except a few towers, plausible heights', () => {
    expect(b.count).toBeGreaterThan(300);
    const towers: string[] = [];
    for (let i = 0; i < b.count; i++) {
      const s = b.storeys[i] ?? 0;
      if (s > 12) towers.push(b.id[i] ?? '');
      else expect(s).toBeGreaterThanOrEqual(2);
      expect(b.heightM[i]).toBeGreaterThanOrEqual(s * 2.8);
      expect(b.heightM[i]).toBeLessThanOrEqual(s * 3.5 + 2.5);
    }
    expect(towers.length).toBeGreaterThanOrEqual(1);
    expect(towers.length).toBeLessThanOrEqual(5);
    for (const id of towers) expect(id).toMatch(/^bldg-tower-/);
    // Varied heights: at least five distinct storey counts among ordinary buildings.
    expect(new Set(Array.from(b.storeys).filter((s) => s <= 12)).size).toBeGreaterThanOrEqual(5);
  });

  it('has valid footprints: ≥ 3 vertices per ring, outer rings CCW, holes CW, non-zero area, holes inside', () => {
    let holes = 0;
    for (let i = 0; i < b.count; i++) {
      const rings = ringsOf(b, i);
      expect(rings.length).toBeGreaterThanOrEqual(1);
      rings.forEach((ring, r) => {
        expect(ring.e - ring.a).toBeGreaterThanOrEqual(3);
        const area = signedArea(ring);
        expect(Math.abs(area)).toBeGreaterThan(1);
        if (r === 0) expect(area).toBeGreaterThan(0);
        else {
          expect(area).toBeLessThan(0);
          holes++;
          const outer = rings[0];
          for (let k = ring.a; k < ring.e && outer; k++) expect(insideFeature([outer], ring.xy[2 * k] ?? 0, ring.xy[2 * k + 1] ?? 0)).toBe(true);
        }
      });
      expect(featureArea(b, i)).toBeGreaterThan(20);
    }
    expect(holes).toBeGreaterThanOrEqual(2);
  });

  it('has open courtyards inside the perimeter blocks', () => {
    const courts = model.ground.cover.map((c, g) => (c === 'courtyard' ? g : -1)).filter((g) => g >= 0);
    expect(courts.length).toBeGreaterThan(10);
    for (const g of courts) {
      const ring = ringsOf(model.ground, g)[0];
      if (!ring) continue;
      const [x, y] = centre(ring.xy, ring.a, ring.e);
      for (let i = 0; i < b.count; i++) expect(insideFeature(ringsOf(b, i), x, y, 0)).toBe(false);
    }
  });

  it.each([DEFAULT_DEMO_SEED, 2, 3, 99])('has no two footprints overlapping, seed %i (checked through a flatbush index)', (seed) => {
    const t = seed === DEFAULT_DEMO_SEED ? b : generateDemoDistrict({ seed }).buildings;
    const index = new Flatbush(t.count);
    const boxes: [number, number, number, number][] = [];
    for (let i = 0; i < t.count; i++) {
      const outer = ringsOf(t, i)[0];
      let box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
      for (let k = outer?.a ?? 0; k < (outer?.e ?? 0); k++) {
        const x = t.xy[2 * k] ?? 0;
        const y = t.xy[2 * k + 1] ?? 0;
        box = [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)];
      }
      boxes.push(box);
      index.add(...box);
    }
    index.finish();
    let pairs = 0;
    const overlapping: string[] = [];
    boxes.forEach((box, i) => {
      for (const j of index.search(...box)) {
        if (j <= i) continue;
        pairs++;
        if (footprintsOverlap(ringsOf(t, i), ringsOf(t, j))) overlapping.push(`${t.id[i]} × ${t.id[j]}`);
      }
    });
    expect(pairs).toBeGreaterThan(t.count / 2); // neighbours touch: the check did run on real pairs
    expect(overlapping).toEqual([]);
    for (let i = 0; i < t.count; i++) {
      if (!(t.id[i] ?? '').startsWith('bldg-tower-')) expect(t.storeys[i]).toBeLessThanOrEqual(12);
      expect(featureArea(t, i)).toBeGreaterThan(20);
    }
  });

  it('estimates residents from floor area: > 0 on residential and mixed buildings, 0 on offices and schools', () => {
    let total = 0;
    for (let i = 0; i < b.count; i++) {
      const use = useOf(i);
      const r = b.residents[i] ?? NaN;
      if (use === 'residential' || use === 'mixed') expect(r).toBeGreaterThan(0);
      if (use === 'office' || use === 'education' || use === 'commercial') expect(r).toBe(0);
      if (use === 'residential') {
        // 0.75 × gross floor area / 47 m² per person, rounded.
        expect(Math.abs(r - (featureArea(b, i) * (b.storeys[i] ?? 0) * 0.75) / 47)).toBeLessThanOrEqual(0.5 + 1e-6);
      }
      total += r;
    }
    // A dense inner-city quarter: ~ 10–20 k residents on ~ 0.6 km² inside the ring.
    expect(total).toBeGreaterThan(5_000);
    expect(total).toBeLessThan(30_000);
  });

  it('spans 0.8–1.2 km', () => {
    let minX = Infinity;
    let maxX = -Infinity;
    for (let k = 0; k < b.xy.length; k += 2) {
      minX = Math.min(minX, b.xy[k] ?? 0);
      maxX = Math.max(maxX, b.xy[k] ?? 0);
    }
    expect(maxX - minX).toBeGreaterThan(700);
    expect(maxX - minX).toBeLessThan(1200);
    const t = model.terrain;
    expect(t?.kind).toBe('grid');
    if (t?.kind === 'grid') {
      expect((t.nx - 1) * t.cellSizeM).toBeGreaterThanOrEqual(800);
      expect((t.nx - 1) * t.cellSizeM).toBeLessThanOrEqual(1200);
    }
  });
});

describe.skipIf(!grid)('demo district: terrain and seating', () => {
  const g = grid!;
  const inGrid = (x: number, y: number): boolean => x >= g.x0 && y >= g.y0 && x <= g.x0 + (g.nx - 1) * g.cellSizeM && y <= g.y0 + (g.ny - 1) * g.cellSizeM;

  it('slopes gently: a few metres of relief, no cliff between neighbouring cells', () => {
    let min = Infinity;
    let max = -Infinity;
    let steepest = 0;
    for (let j = 0; j < g.ny; j++) {
      for (let i = 0; i < g.nx; i++) {
        const h = g.heightsM[j * g.nx + i] ?? NaN;
        min = Math.min(min, h);
        max = Math.max(max, h);
        if (i > 0) steepest = Math.max(steepest, Math.abs(h - (g.heightsM[j * g.nx + i - 1] ?? NaN)) / g.cellSizeM);
        if (j > 0) steepest = Math.max(steepest, Math.abs(h - (g.heightsM[(j - 1) * g.nx + i] ?? NaN)) / g.cellSizeM);
      }
    }
    expect(max - min).toBeGreaterThan(2);
    expect(max - min).toBeLessThan(15);
    expect(steepest).toBeLessThan(0.1);
  });

  it('seats every building on the ground: base ≤ ground at each vertex and within 2 m of it', () => {
    for (let i = 0; i < b.count; i++) {
      const base = b.baseHeightM[i] ?? NaN;
      for (const ring of ringsOf(b, i)) {
        for (let k = ring.a; k < ring.e; k++) {
          const x = b.xy[2 * k] ?? NaN;
          const y = b.xy[2 * k + 1] ?? NaN;
          expect(inGrid(x, y)).toBe(true);
          const ground = sampleGridHeight(g, x, y);
          expect(base).toBeLessThanOrEqual(ground + 0.01);
          expect(ground - base).toBeLessThan(2);
        }
      }
    }
  });

  it('seats every tree and road vertex on the ground, and keeps trees out of buildings', () => {
    const t = model.trees;
    const treesInBuildings: string[] = [];
    for (let k = 0; k < t.count; k++) {
      const x = t.xyz[3 * k] ?? NaN;
      const y = t.xyz[3 * k + 1] ?? NaN;
      expect(inGrid(x, y)).toBe(true);
      expect(Math.abs((t.xyz[3 * k + 2] ?? NaN) - sampleGridHeight(g, x, y))).toBeLessThan(1e-6);
      expect(t.heightM[k]).toBeGreaterThan(3);
      expect(t.crownDiameterM[k]).toBeGreaterThan(1);
      for (let i = 0; i < b.count; i++) if (insideFeature(ringsOf(b, i), x, y, 0)) treesInBuildings.push(`${t.id[k]} in ${b.id[i]}`);
    }
    expect(treesInBuildings).toEqual([]);
    const r = model.roads;
    for (let v = 0; v < r.xyz.length / 3; v++) {
      expect(inGrid(r.xyz[3 * v] ?? NaN, r.xyz[3 * v + 1] ?? NaN)).toBe(true);
      expect(Math.abs((r.xyz[3 * v + 2] ?? NaN) - sampleGridHeight(g, r.xyz[3 * v] ?? NaN, r.xyz[3 * v + 1] ?? NaN))).toBeLessThan(1e-6);
    }
    // Road vertices at most one terrain cell apart, so ribbons follow the ground.
    for (let i = 0; i < r.count; i++) {
      for (let v = (r.vertexOffset[i] ?? 0) + 1; v < (r.vertexOffset[i + 1] ?? 0); v++) {
        expect(Math.hypot((r.xyz[3 * v] ?? 0) - (r.xyz[3 * v - 3] ?? 0), (r.xyz[3 * v + 1] ?? 0) - (r.xyz[3 * v - 2] ?? 0))).toBeLessThanOrEqual(g.cellSizeM + 1e-9);
      }
    }
  });
});

describe('demo district: roads, greenery, lines', () => {
  const r = model.roads;
  const classOf = (i: number): string => ROAD_CLASSES[r.roadClass[i] ?? 0] ?? '';

  it('has each road class of a real neighbourhood, with lanes, speeds, surfaces and one-way streets', () => {
    const classes = new Set(Array.from({ length: r.count }, (_, i) => classOf(i)));
    for (const c of ['primary', 'secondary', 'tertiary', 'residential', 'service', 'living_street', 'pedestrian', 'cycleway', 'footway']) expect(classes).toContain(c);
    expect(Array.from(r.oneway)).toContain(1);
    expect(Array.from(r.oneway)).toContain(-1);
    for (let i = 0; i < r.count; i++) {
      expect(r.lanes[i]).toBeGreaterThanOrEqual(1);
      expect(r.surface[i]).toBeTypeOf('string');
      const motor = !['pedestrian', 'cycleway', 'footway'].includes(classOf(i));
      if (motor) {
        expect(r.maxSpeedKmh[i]).toBeGreaterThanOrEqual(5);
        expect(r.maxSpeedKmh[i]).toBeLessThanOrEqual(50);
      }
      if (r.oneway[i] !== 0) expect(r.lanes[i]).toBe(1);
    }
    expect(r.name[r.id.indexOf('road-main-0')]).toBe('Hauptstraße');
    expect(classOf(r.id.indexOf('road-main-0'))).toBe('primary');
    expect(classOf(r.id.indexOf('road-ring-0'))).toBe('secondary');
  });

  it('has day > evening > night flows on motor roads, more on main roads, none on paths', () => {
    const dailyByClass = new Map<string, number[]>();
    for (let i = 0; i < r.count; i++) {
      const [day, evening, night] = dayEveningNight(model, i);
      for (let s = 0; s < FLOW_STRIDE; s++) expect(r.flowVehH[i * FLOW_STRIDE + s]).toBeGreaterThanOrEqual(0);
      if (['pedestrian', 'cycleway', 'footway'].includes(classOf(i))) {
        expect(day + evening + night).toBe(0);
        continue;
      }
      expect(day).toBeGreaterThan(evening);
      expect(evening).toBeGreaterThan(night);
      expect(night).toBeGreaterThan(0);
      // Speeds are the legal limit for every category.
      for (let s = 0; s < FLOW_STRIDE; s++) expect(r.speedKmh[i * FLOW_STRIDE + s]).toBe(r.maxSpeedKmh[i]);
      const list = dailyByClass.get(classOf(i)) ?? [];
      list.push(day * 12 + evening * 4 + night * 8);
      dailyByClass.set(classOf(i), list);
    }
    const mean = (c: string): number => {
      const l = dailyByClass.get(c) ?? [];
      return l.reduce((s, v) => s + v, 0) / l.length;
    };
    expect(mean('secondary')).toBeGreaterThan(mean('tertiary'));
    expect(mean('primary')).toBeGreaterThan(mean('tertiary'));
    expect(mean('tertiary')).toBeGreaterThan(mean('residential'));
    expect(mean('residential')).toBeGreaterThan(mean('living_street'));
    // Heavy vehicles (categories 2 and 3) are present on the ring by day.
    const ring = r.id.indexOf('road-ring-0');
    expect((r.flowVehH[ring * FLOW_STRIDE + 1] ?? 0) + (r.flowVehH[ring * FLOW_STRIDE + 2] ?? 0)).toBeGreaterThan(0);
  });

  it('has a park with trees, a hard square, and ground factors in [0, 1]', () => {
    for (const gf of model.ground.groundFactorG) {
      expect(gf).toBeGreaterThanOrEqual(0);
      expect(gf).toBeLessThanOrEqual(1);
    }
    const park = model.ground.cover.indexOf('park');
    const square = model.ground.cover.indexOf('square');
    expect(model.ground.groundFactorG[park]).toBe(1);
    expect(model.ground.groundFactorG[square]).toBe(0);
    const parkRings = ringsOf(model.ground, park);
    let inPark = 0;
    for (let k = 0; k < model.trees.count; k++) if (insideFeature(parkRings, model.trees.xyz[3 * k] ?? 0, model.trees.xyz[3 * k + 1] ?? 0, 0)) inPark++;
    expect(inPark).toBeGreaterThan(30);
  });

  it('has a river and a railway line', () => {
    expect(model.lines.kind).toContain('river');
    expect(model.lines.kind).toContain('rail');
    for (const w of model.lines.widthM) expect(w).toBeGreaterThan(0);
  });
});
