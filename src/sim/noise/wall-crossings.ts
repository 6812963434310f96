/**
 * The walls a path's plan-view leg crosses (the "grid walk"): the buildings filed in the grid cells
 * along the leg (`BuildingGrid.alongSegment`), their box tested against the leg's, then every wall
 * of every ring (a courtyard's walls too: the vertical cut goes down into the courtyard and up
 * again, CNOSSOS-EU Annex II §2.5.5-2.5.7). Each crossing goes to the cut builder as a wall at its
 * unfolded distance along the path. Planar, m.
 */
import type { BuildingGrid } from './building-grid';
import type { CutBuilder } from './cut-builder';
import { boxMisses, legWallCrossing } from './footprint-walls';
import type { NoiseBuildings } from './noise-scene';

export class WallCrossings {
  /** Walls crossed since the last `reset`. */
  count = 0;
  /** Scratch: t, s of `legWallCrossing`. */
  private readonly crossing = new Float64Array(2);

  constructor(
    private readonly buildings: NoiseBuildings,
    /** Bounding boxes (`buildingBoxes`). */
    private readonly boxes: Float64Array,
    private readonly grid: BuildingGrid,
    private readonly cut: CutBuilder,
  ) {}

  reset(): void {
    this.count = 0;
  }

  /**
   * Crossings of the leg (x0,y0)→(x1,y1) with the walls of every ring, pushed to the cut as
   * distances offset + t·len (leg ends excluded, wall ends included); the wall starting at vertex
   * `skipWall` (a reflecting wall; −1: none) is left out.
   */
  collect(x0: number, y0: number, x1: number, y1: number, offset: number, len: number, skipWall: number): void {
    const b = this.buildings;
    const minX = Math.min(x0, x1);
    const maxX = Math.max(x0, x1);
    const minY = Math.min(y0, y1);
    const maxY = Math.max(y0, y1);
    const dx = x1 - x0;
    const dy = y1 - y0;
    this.grid.alongSegment(x0, y0, x1, y1);
    for (let n = 0; n < this.grid.foundCount; n++) {
      const i = this.grid.found[n] ?? 0;
      if (boxMisses(this.boxes, i, minX, minY, maxX, maxY)) continue;
      const ring1 = b.ringStart[i + 1] ?? 0;
      for (let ring = b.ringStart[i] ?? 0; ring < ring1; ring++) {
        const v0 = b.ringOffset[ring] ?? 0;
        const v1 = b.ringOffset[ring + 1] ?? 0;
        for (let v = v0; v < v1; v++) {
          if (v === skipWall) continue;
          const w = v + 1 < v1 ? v + 1 : v0;
          const ax = b.xy[2 * v] ?? 0;
          const ay = b.xy[2 * v + 1] ?? 0;
          const ex = (b.xy[2 * w] ?? 0) - ax;
          const ey = (b.xy[2 * w + 1] ?? 0) - ay;
          if (!legWallCrossing(x0, y0, dx, dy, ax, ay, ex, ey, this.crossing)) continue;
          const t = this.crossing[0] ?? 0;
          const s = this.crossing[1] ?? 0;
          if (t <= 1e-9 || t >= 1 - 1e-9 || s < 0 || s > 1) continue;
          this.cut.pushWall(offset + t * len, i);
          this.count++;
        }
      }
    }
  }
}
