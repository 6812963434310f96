/**
 * Street name labels: one label per named street (at the middle of its longest piece), at most
 * MAX_LABELS of them, as HTML over the canvas (crisp text, screen-reader visible).
 */
import { useMemo } from 'react';
import { Html } from '@react-three/drei';
import type { RoadTable } from '../twin/city-model';

export const MAX_LABELS = 24;

interface Label {
  name: string;
  x: number;
  y: number;
  z: number;
}

export function streetLabels(roads: RoadTable): Label[] {
  const best = new Map<string, { length: number; label: Label }>();
  for (let i = 0; i < roads.count; i++) {
    const name = roads.name[i] ?? '';
    if (name === '') continue;
    const v0 = roads.vertexOffset[i] ?? 0;
    const v1 = roads.vertexOffset[i + 1] ?? v0;
    let length = 0;
    for (let v = v0; v + 1 < v1; v++) {
      length += Math.hypot((roads.xyz[3 * v + 3] ?? 0) - (roads.xyz[3 * v] ?? 0), (roads.xyz[3 * v + 4] ?? 0) - (roads.xyz[3 * v + 1] ?? 0));
    }
    const previous = best.get(name);
    if (previous !== undefined && previous.length >= length) continue;
    const mid = v0 + Math.floor((v1 - v0 - 1) / 2);
    const z = roads.xyz[3 * mid + 2] ?? 0;
    best.set(name, {
      length,
      label: {
        name,
        x: ((roads.xyz[3 * mid] ?? 0) + (roads.xyz[3 * Math.min(mid + 1, v1 - 1)] ?? 0)) / 2,
        y: ((roads.xyz[3 * mid + 1] ?? 0) + (roads.xyz[3 * Math.min(mid + 1, v1 - 1) + 1] ?? 0)) / 2,
        z: Number.isFinite(z) ? z : 0,
      },
    });
  }
  return [...best.values()].sort((a, b) => b.length - a.length).slice(0, MAX_LABELS).map((b) => b.label);
}

export function LabelsLayer({ roads }: { roads: RoadTable }) {
  const labels = useMemo(() => streetLabels(roads), [roads]);
  return (
    <group name="labels">
      {labels.map((l) => (
        <Html key={l.name} position={[l.x, l.y, l.z + 4]} center zIndexRange={[10, 0]} className="street-label">
          {l.name}
        </Html>
      ))}
    </group>
  );
}
