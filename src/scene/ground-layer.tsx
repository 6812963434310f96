/**
 * Ground cover (parks, water, squares, courtyards…) and context lines (river, rail) draped on
 * the terrain: polygons triangulated with earcut, lines as flat ribbons of their width, each
 * vertex at the terrain height under it (so a polygon on a plane slope lies on it exactly),
 * drawn with a polygon offset over the terrain. One merged mesh with vertex colours.
 */
import { useEffect, useState } from 'react';
import { BufferAttribute, BufferGeometry, Color } from 'three';
import earcut from 'earcut';
import { useThree } from '@react-three/fiber';
import type { GroundTable, WaterwayOrRailTable } from '../twin/city-model';
import { groundHeightAt } from './ground-height';
import { COVER_COLOURS, DEFAULT_COVER_COLOUR, DEFAULT_LINE_COLOUR, LINE_COLOURS } from './palette';

/** Lift over the terrain, m: lines over polygons over terrain. */
const POLYGON_LIFT_M = 0.03;
const LINE_LIFT_M = 0.06;

export function buildGroundGeometry(ground: GroundTable, lines: WaterwayOrRailTable, height: (x: number, y: number) => number): BufferGeometry {
  const positions: number[] = [];
  const colours: number[] = [];
  const indices: number[] = [];
  const c = new Color();
  for (let i = 0; i < ground.count; i++) {
    c.set(COVER_COLOURS[ground.cover[i] ?? ''] ?? DEFAULT_COVER_COLOUR);
    const flat: number[] = [];
    const holes: number[] = [];
    const r0 = ground.ringStart[i] ?? 0;
    for (let r = r0; r < (ground.ringStart[i + 1] ?? r0); r++) {
      if (r > r0) holes.push(flat.length / 2);
      for (let v = ground.ringOffset[r] ?? 0; v < (ground.ringOffset[r + 1] ?? 0); v++) flat.push(ground.xy[2 * v] ?? 0, ground.xy[2 * v + 1] ?? 0);
    }
    const base = positions.length / 3;
    for (let k = 0; k < flat.length; k += 2) {
      const x = flat[k] ?? 0;
      const y = flat[k + 1] ?? 0;
      positions.push(x, y, height(x, y) + POLYGON_LIFT_M);
      colours.push(c.r, c.g, c.b);
    }
    for (const t of earcut(flat, holes, 2)) indices.push(base + t);
  }
  for (let i = 0; i < lines.count; i++) {
    c.set(LINE_COLOURS[lines.kind[i] ?? ''] ?? DEFAULT_LINE_COLOUR);
    const half = Math.max(1, (lines.widthM[i] ?? 4) / 2);
    const v0 = lines.vertexOffset[i] ?? 0;
    const v1 = lines.vertexOffset[i + 1] ?? v0;
    for (let v = v0; v + 1 < v1; v++) {
      const ax = lines.xyz[3 * v] ?? 0;
      const ay = lines.xyz[3 * v + 1] ?? 0;
      const bx = lines.xyz[3 * v + 3] ?? 0;
      const by = lines.xyz[3 * v + 4] ?? 0;
      const len = Math.hypot(bx - ax, by - ay);
      if (len < 1e-6) continue;
      const ox = (-(by - ay) / len) * half;
      const oy = ((bx - ax) / len) * half;
      const base = positions.length / 3;
      for (const [x, y] of [[ax + ox, ay + oy], [ax - ox, ay - oy], [bx - ox, by - oy], [bx + ox, by + oy]] as const) {
        positions.push(x, y, height(x, y) + LINE_LIFT_M);
        colours.push(c.r, c.g, c.b);
      }
      indices.push(base, base + 1, base + 2, base, base + 2, base + 3);
    }
  }
  const g = new BufferGeometry();
  g.setAttribute('position', new BufferAttribute(new Float32Array(positions), 3));
  g.setAttribute('color', new BufferAttribute(new Float32Array(colours), 3));
  g.setIndex(new BufferAttribute(new Uint32Array(indices), 1));
  g.computeVertexNormals();
  g.computeBoundingSphere();
  return g;
}

export function GroundLayer({ ground, lines, visible }: { ground: GroundTable; lines: WaterwayOrRailTable; visible: boolean }) {
  const invalidate = useThree((s) => s.invalidate);
  const [geometry, setGeometry] = useState<BufferGeometry | null>(null);
  // After commit: the terrain mesh (the heights) is mounted by then.
  useEffect(() => {
    const g = buildGroundGeometry(ground, lines, (x, y) => groundHeightAt(x, y, 0));
    setGeometry(g);
    invalidate();
    return () => g.dispose();
  }, [ground, lines, invalidate]);
  if (geometry === null || ground.count + lines.count === 0) return null;
  return (
    <mesh geometry={geometry} visible={visible} receiveShadow name="ground-cover" raycast={() => null}>
      <meshStandardMaterial vertexColors roughness={1} polygonOffset polygonOffsetFactor={-1} polygonOffsetUnits={-1} />
    </mesh>
  );
}
