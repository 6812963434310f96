/**
 * Where a point stands among the building footprints, for the path finder: under a building
 * (enclosed: a source or receiver there has no open-air path, CNOSSOS-EU Annex II §2.5 being
 * open-air propagation) or under another building than a given one (a covered facade reflects
 * nothing, §2.5.8). Inside-ness is even-odd over all the rings of a footprint, so a courtyard is
 * open air. Uses the path finder's building grid; no allocation per query. Planar, m.
 */
import { pointInRings } from '../core/point-in-rings';
import type { BuildingGrid } from './building-grid';
import { boxMisses } from './footprint-walls';
import type { NoiseBuildings } from './noise-scene';

export class FootprintLocator {
  private enclosedRx = Number.NaN;
  private enclosedRy = Number.NaN;
  private enclosedR = false;

  constructor(
    private readonly buildings: NoiseBuildings,
    /** Bounding boxes (`buildingBoxes`). */
    private readonly boxes: Float64Array,
    private readonly grid: BuildingGrid,
  ) {}

  /** Whether the receiver (rx, ry) lies under a building; kept for its successive sources. */
  receiverEnclosed(rx: number, ry: number): boolean {
    if (rx !== this.enclosedRx || ry !== this.enclosedRy) {
      this.enclosedRx = rx;
      this.enclosedRy = ry;
      this.enclosedR = this.enclosed(rx, ry);
    }
    return this.enclosedR;
  }

  /** Whether (x, y) lies under a building: inside a footprint, even-odd over all its rings (a courtyard is open air). */
  enclosed(x: number, y: number): boolean {
    return this.insideOther(x, y, -1);
  }

  /** Whether (x, y) lies under a building other than `except` (−1: any), even-odd over all its rings. */
  insideOther(x: number, y: number, except: number): boolean {
    const b = this.buildings;
    this.grid.nearPoint(x, y, 0);
    for (let n = 0; n < this.grid.foundCount; n++) {
      const j = this.grid.found[n] ?? 0;
      if (j === except || boxMisses(this.boxes, j, x, y, x, y)) continue;
      if (pointInRings(b.ringOffset, b.xy, b.ringStart[j] ?? 0, b.ringStart[j + 1] ?? 0, x, y)) return true;
    }
    return false;
  }
}
