import { describe, expect, it } from 'vitest';
import { BuildingGrid } from '../../../src/sim/noise/building-grid';

/** Closed segment–box test (Liang–Barsky clipping): true when the segment touches the box at all. */
function segmentTouchesBox(xa: number, ya: number, xb: number, yb: number, box: readonly number[]): boolean {
  const [minX = 0, minY = 0, maxX = 0, maxY = 0] = box;
  let t0 = 0;
  let t1 = 1;
  const dx = xb - xa;
  const dy = yb - ya;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q >= 0;
    const r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return false;
      if (r < t1) t1 = r;
    }
    return true;
  };
  return clip(-dx, xa - minX) && clip(dx, maxX - xa) && clip(-dy, ya - minY) && clip(dy, maxY - ya);
}

function found(grid: BuildingGrid): Set<number> {
  return new Set(Array.from(grid.found.subarray(0, grid.foundCount)));
}

describe('BuildingGrid.alongSegment', () => {
  it('finds a building that a diagonal segment touches only at a cell corner', () => {
    // 10 m cells from (0, 0); building 1 fills cell (1, 0) and touches the corner (10, 10).
    const boxes = new Float64Array([0, 0, 1, 1, 10, 0, 20, 10, 30, 30, 31, 31]);
    const grid = new BuildingGrid(boxes, 3, 10);
    grid.alongSegment(5, 5, 15, 15);
    expect(found(grid).has(1)).toBe(true);
  });

  it('finds buildings on both sides of a cell line the segment runs along', () => {
    // The segment runs along x = 10; building 0 ends there (left cell), building 1 starts there.
    const boxes = new Float64Array([2, 2, 10, 8, 10, 12, 18, 18, 0, 0, 1, 1, 30, 30, 31, 31]);
    const grid = new BuildingGrid(boxes, 4, 10);
    grid.alongSegment(10, 0, 10, 25);
    const hit = found(grid);
    expect(hit.has(0)).toBe(true);
    expect(hit.has(1)).toBe(true);
  });

  it('finds every box a segment touches, with boxes and segment ends on the cell lattice (seeded)', () => {
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const lattice = (): number => 5 * Math.floor(rand() * 21);
    const n = 60;
    const boxes = new Float64Array(4 * n);
    for (let i = 0; i < n; i++) {
      const x = lattice();
      const y = lattice();
      boxes.set([x, y, x + 5 * (1 + Math.floor(rand() * 2)), y + 5 * (1 + Math.floor(rand() * 2))], 4 * i);
    }
    const grid = new BuildingGrid(boxes, n, 5);
    let touching = 0;
    for (let s = 0; s < 2000; s++) {
      const xa = lattice();
      const ya = lattice();
      const xb = lattice();
      const yb = lattice();
      grid.alongSegment(xa, ya, xb, yb);
      const hit = found(grid);
      for (let i = 0; i < n; i++) {
        if (!segmentTouchesBox(xa, ya, xb, yb, Array.from(boxes.subarray(4 * i, 4 * i + 4)))) continue;
        touching++;
        expect(hit.has(i), `segment (${xa}, ${ya})→(${xb}, ${yb}) misses box ${i}`).toBe(true);
      }
    }
    expect(touching).toBeGreaterThan(1000);
  });
});
