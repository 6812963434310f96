/**
 * Street name labels: one label per named street (at the middle of its longest piece), at most
 * MAX_LABELS of them, as HTML over the canvas (crisp text at any resolution).
 */
import { useEffect, useMemo, useRef } from 'react';
import { Vector3, type Group } from 'three';
import { useFrame, useThree } from '@react-three/fiber';
import type { RoadTable } from '../twin/city-model';

export const MAX_LABELS = 20;

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

/**
 * The labels as plain DOM spans in one overlay over the canvas, moved in useFrame (only on
 * rendered frames): no React root per label, no work while the view is still.
 */
export function LabelsLayer({ roads }: { roads: RoadTable }) {
  const labels = useMemo(() => streetLabels(roads), [roads]);
  const gl = useThree((s) => s.gl);
  const invalidate = useThree((s) => s.invalidate);
  const spans = useRef<HTMLSpanElement[]>([]);
  const group = useRef<Group>(null);
  useEffect(() => {
    const host = gl.domElement.parentElement;
    if (host === null) return;
    const overlay = document.createElement('div');
    overlay.className = 'labels-overlay';
    overlay.setAttribute('aria-hidden', 'true');
    spans.current = labels.map((l) => {
      const span = document.createElement('span');
      span.className = 'street-label';
      span.textContent = l.name;
      overlay.appendChild(span);
      return span;
    });
    host.appendChild(overlay);
    invalidate();
    return () => {
      overlay.remove();
      spans.current = [];
    };
  }, [gl, labels, invalidate]);
  // Greedy placement in order of street length: a label that would overlap one already placed is hidden.
  useFrame(({ camera, size }) => {
    const parent = group.current;
    if (parent === null) return;
    parent.updateWorldMatrix(true, false);
    const placed: number[] = [];
    labels.forEach((l, k) => {
      const span = spans.current[k];
      if (span === undefined) return;
      scratch.set(l.x, l.y, l.z + 4).applyMatrix4(parent.matrixWorld).project(camera);
      const x = ((scratch.x + 1) / 2) * size.width;
      const y = ((1 - scratch.y) / 2) * size.height;
      const halfW = (span.offsetWidth || 60) / 2 + 2;
      const halfH = (span.offsetHeight || 16) / 2 + 1;
      let show = scratch.z > -1 && scratch.z < 1 && Math.abs(scratch.x) < 1 && Math.abs(scratch.y) < 1;
      for (let p = 0; show && p < placed.length; p += 4) {
        if (Math.abs(x - (placed[p] ?? 0)) < halfW + (placed[p + 2] ?? 0) && Math.abs(y - (placed[p + 1] ?? 0)) < halfH + (placed[p + 3] ?? 0)) show = false;
      }
      span.style.visibility = show ? 'visible' : 'hidden';
      if (!show) return;
      placed.push(x, y, halfW, halfH);
      span.style.transform = `translate(${x}px, ${y}px) translate(-50%, -50%)`;
    });
  });
  return <group ref={group} name="labels" />;
}

const scratch = new Vector3();
