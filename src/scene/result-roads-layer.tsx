/**
 * A 'roads' analysis result (src/results/result-types.ts RoadsResult: one value per road, optional
 * drawn width) as coloured ribbons over the roads: the road ribbons of the city (one merged mesh,
 * one draw call), each road's strip scaled about its centre line to the result's width and
 * coloured by the result's legend (compileLegend, the one value → colour mapping; colours
 * converted from sRGB so the screen matches the legend). Roads with no value are not drawn.
 * Clicking a ribbon selects its road (selection store). Test builds expose `window.__twinRoads`
 * so e2e tests can click a drawn road.
 */
import { useEffect, useMemo } from 'react';
import { BufferAttribute, BufferGeometry, Color, Raycaster, SRGBColorSpace, Vector2, Vector3, type Mesh } from 'three';
import { useThree, type ThreeEvent } from '@react-three/fiber';
import { compileLegend } from '../results/colour-scale';
import type { RoadsResult } from '../results/result-types';
import type { RoadTable } from '../twin/city-model';
import { useCityStore } from '../state/city-store';
import { selectionStore, useSelectionStore } from '../state/selection-store';
import { TEST_MODE } from '../app/test-mode';
import { buildRoadRibbons } from './geometry-source';
import { roadWidthM } from './geometry/road-ribbons';
import { enuToThree } from './enu-axes';

/** Outline colour of the selected road (the buildings' "selected" blue would clash with the legends). */
const SELECTED_OUTLINE = '#111111';
/** Height of the result ribbons above the road ribbons, m. */
const LIFT_M = 0.25;

export interface RoadResultGeometry {
  geometry: BufferGeometry;
  /** Road of each vertex. */
  roadIndex: Float32Array;
  /** Centre of a drawn road (ENU, m) per road, NaN when not drawn. */
  centreXYZ: Float32Array;
}

/** Ribbons of the roads scaled to the result's widths and coloured by its legend. */
export function roadResultGeometry(roads: RoadTable, result: RoadsResult): RoadResultGeometry {
  const ribbons = buildRoadRibbons(roads, { liftM: LIFT_M });
  const { positions, roadIndex } = ribbons;
  const colours = new Float32Array(positions.length);
  const legend = compileLegend(result.legend);
  const rgb = new Uint8Array(3);
  const c = new Color();
  const centreXYZ = new Float32Array(roads.count * 3).fill(NaN);
  // Vertex pairs (cross-sections) per road, to place a road's centre on its middle cross-section.
  const pairs = new Uint32Array(roads.count);
  for (let v = 0; v < roadIndex.length; v += 2) pairs[roadIndex[v] as number] = (pairs[roadIndex[v] as number] as number) + 1;
  const seen = new Uint32Array(roads.count);
  for (let v = 0; v + 1 < roadIndex.length; v += 2) {
    const r = roadIndex[v] as number;
    const value = result.values[r] ?? NaN;
    const drawn = legend.write(value, rgb, 0);
    const base = roadWidthM(roads.roadClass[r] ?? 0, roads.lanes[r] ?? NaN);
    const width = result.widthM?.[r] ?? base;
    const scale = drawn && Number.isFinite(width) ? width / base : 0;
    const l = 3 * v;
    for (let k = 0; k < 2; k++) {
      const cx = ((positions[l + k] as number) + (positions[l + 3 + k] as number)) / 2;
      const half = ((positions[l + k] as number) - (positions[l + 3 + k] as number)) / 2;
      positions[l + k] = cx + half * scale;
      positions[l + 3 + k] = cx - half * scale;
    }
    if (drawn) {
      c.setRGB((rgb[0] as number) / 255, (rgb[1] as number) / 255, (rgb[2] as number) / 255, SRGBColorSpace);
      colours[l] = c.r;
      colours[l + 1] = c.g;
      colours[l + 2] = c.b;
      colours[l + 3] = c.r;
      colours[l + 4] = c.g;
      colours[l + 5] = c.b;
      if (seen[r] === Math.floor((pairs[r] as number) / 2)) {
        centreXYZ[3 * r] = ((positions[l] as number) + (positions[l + 3] as number)) / 2;
        centreXYZ[3 * r + 1] = ((positions[l + 1] as number) + (positions[l + 4] as number)) / 2;
        centreXYZ[3 * r + 2] = positions[l + 2] as number;
      }
    }
    seen[r] = (seen[r] as number) + 1;
  }
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(positions, 3));
  geometry.setAttribute('color', new BufferAttribute(colours, 3));
  geometry.setIndex(new BufferAttribute(ribbons.indices, 1));
  geometry.computeBoundingSphere();
  return { geometry, roadIndex, centreXYZ };
}

/**
 * Outline of road `road`'s ribbon: its left and right edges as line segments (ENU, m), lifted a
 * little above the ribbon, or null when the road is not drawn.
 */
export function roadOutline(g: RoadResultGeometry, road: number): Float32Array | null {
  const pos = g.geometry.getAttribute('position').array as Float32Array;
  const pairs: number[] = [];
  for (let v = 0; v + 1 < g.roadIndex.length; v += 2) if (g.roadIndex[v] === road) pairs.push(v);
  if (pairs.length < 2 || Number.isNaN(g.centreXYZ[3 * road] as number)) return null;
  const out = new Float32Array((pairs.length - 1) * 2 * 2 * 3);
  let o = 0;
  for (let k = 0; k + 1 < pairs.length; k++) {
    for (const side of [0, 1]) {
      for (const v of [(pairs[k] as number) + side, (pairs[k + 1] as number) + side]) {
        out[o++] = pos[3 * v] as number;
        out[o++] = pos[3 * v + 1] as number;
        out[o++] = (pos[3 * v + 2] as number) + 0.05;
      }
    }
  }
  return out;
}

function SelectedRoadOutline({ g }: { g: RoadResultGeometry }) {
  const road = useSelectionStore((s) => s.selectedRoad);
  const invalidate = useThree((s) => s.invalidate);
  const outline = useMemo(() => {
    const xyz = road < 0 ? null : roadOutline(g, road);
    if (xyz === null) return null;
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new BufferAttribute(xyz, 3));
    return geometry;
  }, [g, road]);
  useEffect(() => {
    invalidate();
    return () => outline?.dispose();
  }, [outline, invalidate]);
  if (outline === null) return null;
  return (
    <lineSegments geometry={outline} name="result:selected-road" raycast={() => null} renderOrder={4}>
      <lineBasicMaterial color={SELECTED_OUTLINE} depthWrite={false} toneMapped={false} />
    </lineSegments>
  );
}

/** Road of a ray hit on the result ribbons. */
function roadOfHit(g: RoadResultGeometry, faceIndex: number | undefined): number {
  if (faceIndex === undefined) return -1;
  const v = g.geometry.index?.getX(faceIndex * 3) ?? -1;
  return v < 0 ? -1 : (g.roadIndex[v] ?? -1);
}

interface RoadsTestHooks {
  /** A drawn road whose centre is on screen and not hidden (client CSS px), preferring the busiest value. */
  findClickableRoad(): { road: number; x: number; y: number } | null;
  /** Client position of road `road`'s centre when it shows there, else null. */
  projectRoad(road: number): { x: number; y: number } | null;
}

declare global {
  interface Window {
    __twinRoads?: RoadsTestHooks;
  }
}

function TestRoadHooks({ g, result, mesh }: { g: RoadResultGeometry; result: RoadsResult; mesh: { current: Mesh | null } }) {
  const camera = useThree((s) => s.camera);
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  useEffect(() => {
    const ray = new Raycaster();
    const p = new Vector3();
    const ndc = new Vector2();
    const project = (road: number): { x: number; y: number } | null => {
      const x = g.centreXYZ[3 * road] ?? NaN;
      if (Number.isNaN(x) || mesh.current === null) return null;
      enuToThree(x, g.centreXYZ[3 * road + 1] as number, g.centreXYZ[3 * road + 2] as number, p);
      mesh.current.parent?.localToWorld(p);
      p.project(camera);
      if (p.z < -1 || p.z > 1 || Math.abs(p.x) > 0.9 || Math.abs(p.y) > 0.9) return null;
      ndc.set(p.x, p.y);
      ray.setFromCamera(ndc, camera);
      const hit = ray.intersectObjects(scene.children, true).find((h) => h.object.visible && h.object.name !== '' && !h.object.name.startsWith('sun'));
      if (hit === undefined || hit.object !== mesh.current || roadOfHit(g, hit.faceIndex ?? undefined) !== road) return null;
      const rect = gl.domElement.getBoundingClientRect();
      return { x: rect.left + ((p.x + 1) / 2) * rect.width, y: rect.top + ((1 - p.y) / 2) * rect.height };
    };
    window.__twinRoads = {
      projectRoad: project,
      findClickableRoad: () => {
        const order = [...result.values.keys()].filter((r) => !Number.isNaN(result.values[r] as number));
        order.sort((a, b) => Math.abs(result.values[b] as number) - Math.abs(result.values[a] as number));
        for (const road of order) {
          const xy = project(road);
          if (xy !== null) return { road, ...xy };
        }
        return null;
      },
    };
    return () => {
      delete window.__twinRoads;
    };
  }, [g, result, mesh, camera, gl, scene]);
  return null;
}

export function ResultRoadsLayer({ result, opacity }: { result: RoadsResult; opacity: number }) {
  const roads = useCityStore((s) => s.city?.roads);
  const invalidate = useThree((s) => s.invalidate);
  const g = useMemo(() => (roads === undefined ? null : roadResultGeometry(roads, result)), [roads, result]);
  const mesh = useMemo<{ current: Mesh | null }>(() => ({ current: null }), []);
  useEffect(() => {
    invalidate();
    return () => g?.geometry.dispose();
  }, [g, invalidate]);
  useEffect(() => invalidate(), [opacity, invalidate]);
  if (g === null) return null;
  const onClick = (e: ThreeEvent<MouseEvent>): void => {
    e.stopPropagation();
    selectionStore.getState().selectRoad(roadOfHit(g, e.faceIndex ?? undefined));
  };
  return (
    <>
      <mesh
        ref={(m) => {
          mesh.current = m;
        }}
        geometry={g.geometry}
        name={`result:${result.id}`}
        renderOrder={3}
        onClick={onClick}
        // A ribbon under the pointer hides what lies behind it from hover.
        onPointerMove={(e) => e.stopPropagation()}
      >
        <meshBasicMaterial vertexColors transparent opacity={opacity} depthWrite={false} polygonOffset polygonOffsetFactor={-4} polygonOffsetUnits={-4} toneMapped={false} />
      </mesh>
      <SelectedRoadOutline g={g} />
      {TEST_MODE && <TestRoadHooks g={g} result={result} mesh={mesh} />}
    </>
  );
}
