import { describe, expect, it } from 'vitest';
import { buildRoadRibbons, roadWidthM, ROAD_WIDTHS } from '../../src/scene/geometry/road-ribbons';
import { ROAD_CLASSES } from '../../src/twin/city-model';
import { generateDemoDistrict } from '../../src/twin/demo';
import { expectClose } from '../support/expect-close';
import { roadTable } from './fixtures';

const TOL = { abs: 1e-4 };

describe('buildRoadRibbons', () => {
  it('has a documented width for every road class, growing with lanes', () => {
    for (const cls of ROAD_CLASSES) expect(ROAD_WIDTHS[cls].minWidthM).toBeGreaterThan(0);
    const residential = ROAD_CLASSES.indexOf('residential');
    expect(roadWidthM(residential, 2)).toBeCloseTo(6.5);
    expect(roadWidthM(ROAD_CLASSES.indexOf('primary'), 4)).toBeGreaterThan(roadWidthM(residential, 2));
    expect(roadWidthM(residential, NaN)).toBe(ROAD_WIDTHS.residential.minWidthM);
  });

  it('builds a straight ribbon of the class width, lifted above the ground, counter-clockwise from above', () => {
    const roads = roadTable([{ roadClass: 'residential', lanes: 2, xyz: [0, 0, 1, 10, 0, 2, 20, 0, 2] }]);
    const r = buildRoadRibbons(roads, { liftM: 0.05 });
    expect(r.positions.length / 3).toBe(6);
    expect(r.indices.length / 3).toBe(4);
    for (let v = 0; v < 6; v += 2) {
      const width = Math.hypot((r.positions[3 * v] ?? 0) - (r.positions[3 * v + 3] ?? 0), (r.positions[3 * v + 1] ?? 0) - (r.positions[3 * v + 4] ?? 0));
      expectClose(width, 6.5, TOL, 'ribbon width');
    }
    expectClose(r.positions[2] ?? NaN, 1.05, TOL, 'lifted z');
    expectClose(r.positions[3 * 4 + 2] ?? NaN, 2.05, TOL, 'lifted z');
    for (let t = 0; t < r.indices.length; t += 3) {
      const [a, b, c] = [r.indices[t] ?? 0, r.indices[t + 1] ?? 0, r.indices[t + 2] ?? 0];
      const cross = ((r.positions[3 * b] ?? 0) - (r.positions[3 * a] ?? 0)) * ((r.positions[3 * c + 1] ?? 0) - (r.positions[3 * a + 1] ?? 0)) - ((r.positions[3 * b + 1] ?? 0) - (r.positions[3 * a + 1] ?? 0)) * ((r.positions[3 * c] ?? 0) - (r.positions[3 * a] ?? 0));
      expect(cross).toBeGreaterThan(0);
    }
    // On the 10 % grade the normal tilts back against the climb; on the flat part it points up.
    expect(r.normals[0]).toBeLessThan(0);
    for (let v = 0; v < 6; v++) expectClose(Math.hypot(r.normals[3 * v] ?? 0, r.normals[3 * v + 1] ?? 0, r.normals[3 * v + 2] ?? 0), 1, { abs: 1e-6 }, 'normal length');
  });

  it('mitres a right-angle turn (corner offset = half width × √2) and skips duplicate and too-short roads', () => {
    const roads = roadTable([
      { roadClass: 'footway', lanes: 1, xyz: [0, 0, 0, 10, 0, 0, 10, 0, 0, 10, 10, 0] },
      { roadClass: 'service', lanes: 1, xyz: [5, 5, 0, 5, 5, 0] },
      { roadClass: 'primary', lanes: 4, xyz: [0, 50, NaN, 40, 50, NaN] },
    ]);
    const r = buildRoadRibbons(roads);
    // 3 distinct vertices for the footway, none for the degenerate service road, 2 for the primary.
    expect(r.positions.length / 3).toBe(2 * 3 + 2 * 2);
    expect(r.indices.length / 3).toBe(2 * 2 + 2 * 1);
    const cornerLeft = [r.positions[3 * 2] ?? NaN, r.positions[3 * 2 + 1] ?? NaN];
    expectClose(Math.hypot((cornerLeft[0] ?? 0) - 10, cornerLeft[1] ?? 0), Math.SQRT2, TOL, 'mitre length');
    expectClose(cornerLeft[0] ?? NaN, 9, TOL, 'mitre x');
    expectClose(cornerLeft[1] ?? NaN, 1, TOL, 'mitre y');
    expect(Array.from(r.roadIndex)).toEqual([0, 0, 0, 0, 0, 0, 2, 2, 2, 2]);
    expect(r.classIndex[6]).toBe(ROAD_CLASSES.indexOf('primary'));
    // NaN ground z → 0 + lift.
    expectClose(r.positions[3 * 6 + 2] ?? NaN, 0.05, TOL, 'z of an unseated road');
  });

  it('covers the demo district: valid indices, deterministic', () => {
    const model = generateDemoDistrict();
    const r = buildRoadRibbons(model.roads);
    const nv = r.positions.length / 3;
    let expected = 0;
    for (let i = 0; i < model.roads.count; i++) expected += 2 * ((model.roads.vertexOffset[i + 1] ?? 0) - (model.roads.vertexOffset[i] ?? 0));
    expect(nv).toBe(expected);
    for (const k of r.indices) expect(k).toBeLessThan(nv);
    for (const ri of r.roadIndex) expect(Number.isInteger(ri) && ri >= 0 && ri < model.roads.count).toBe(true);
    expect(buildRoadRibbons(model.roads)).toEqual(r);
  });
});
