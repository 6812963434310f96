/**
 * Which road or tree a ground point (ENU m) picks for the edit tools: the road whose ribbon
 * (src/scene/geometry/road-ribbons.ts widths) is nearest, within a few metres of its edge; the
 * tree whose crown covers the point. Plane distances only (x, y): roads and trees stand on the
 * ground the point was picked on.
 */
import type { RoadTable, TreeTable } from '../../twin/city-model';
import { roadWidthM } from '../geometry/road-ribbons';

/** Distance from (px, py) to the segment (ax, ay)–(bx, by), m. */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * Index of the road nearest to (x, y) whose edge is at most `slackM` away (distance to the centre
 * line minus half the drawn width), or -1. Roads for which `keep` is false are skipped.
 */
export function nearestRoad(roads: RoadTable, x: number, y: number, slackM = 3, keep: (i: number) => boolean = () => true): number {
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; i < roads.count; i++) {
    if (!keep(i)) continue;
    const v0 = roads.vertexOffset[i] ?? 0;
    const v1 = roads.vertexOffset[i + 1] ?? v0;
    const half = roadWidthM(roads.roadClass[i] ?? 0, roads.lanes[i] ?? 1) / 2;
    for (let v = v0; v + 1 < v1; v++) {
      const d = segmentDistance(x, y, roads.xyz[3 * v] ?? 0, roads.xyz[3 * v + 1] ?? 0, roads.xyz[3 * v + 3] ?? 0, roads.xyz[3 * v + 4] ?? 0) - half;
      if (d <= slackM && d < bestD) {
        bestD = d;
        best = i;
      }
    }
  }
  return best;
}

/** Index of the tree whose crown (plan view) covers (x, y) — the nearest trunk when several do — or -1. */
export function treeAt(trees: TreeTable, x: number, y: number): number {
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; i < trees.count; i++) {
    const d = Math.hypot(x - (trees.xyz[3 * i] ?? 0), y - (trees.xyz[3 * i + 1] ?? 0));
    if (d <= Math.max(1, (trees.crownDiameterM[i] ?? 0) / 2) && d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}
