/**
 * Live sensors as 3D markers (issue 5), inside the ENU group: one InstancedMesh of heads per
 * sensor family (shape per family, src/scene/sensor-shapes.ts) coloured by the main value on the
 * family's legend (src/ui/sensor-display.ts), one of poles, one of warning badges over markers
 * whose reading has a problem, and a ring around the selected one: 9 draw calls whatever the
 * number of sensors. Markers stand on the ground (ground-height.ts) and keep about the same size on
 * screen (scaled by the camera distance each frame, in useFrame, no React state). Unlit materials
 * so the colours match the legend. Renders on demand: store changes recolour and invalidate.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Html } from '@react-three/drei';
import { useFrame, useThree, type ThreeEvent } from '@react-three/fiber';
import { Color, Matrix4, Vector3, type InstancedMesh, type Mesh } from 'three';
import { sensorsStore, useSensorsStore } from '../state/sensors-store';
import { SENSOR_KINDS, markerLook, sensorShortName, type SensorKind } from '../ui/sensor-display';
import { formatNumber, t, type MessageKey } from '../i18n';
import { TEST_MODE } from '../app/test-mode';
import { groundHeightAt } from './ground-height';
import { markerItems, type MarkerItem } from './sensor-markers';
import { BADGE_COLOUR, BADGE_GEOMETRY, HEAD_Z, POLE_COLOUR, POLE_GEOMETRY, RING_COLOUR, RING_GEOMETRY, headGeometry, markerScale } from './sensor-shapes';
import { sceneObjects } from './scene-objects';
import { installSensorTestHooks } from './sensor-test-hooks';

/** Instance capacity: the next power of two, so a few new sensors do not rebuild the meshes. */
function capacityFor(n: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(4, n)));
}

const HOVER_GROW = 1.2;
const SELECTED_GROW = 1.35;

const scratchMatrix = new Matrix4();
const scratchColour = new Color();
const cameraWorld = new Vector3();
const markerWorld = new Vector3();

export function SensorsLayer() {
  const sensors = useSensorsStore((s) => s.sensors);
  const hiddenTypes = useSensorsStore((s) => s.hiddenTypes);
  const replayAtMs = useSensorsStore((s) => s.replayAtMs);
  const replayHistory = useSensorsStore((s) => s.replayHistory);
  // The status only: the whole connection object changes with every message and heartbeat.
  const connectionStatus = useSensorsStore((s) => s.connection.status);
  const selectedId = useSensorsStore((s) => s.selectedId);
  const invalidate = useThree((s) => s.invalidate);
  const items = useMemo(() => markerItems({ sensors, hiddenTypes, replayAtMs, replayHistory, connection: { status: connectionStatus } }), [sensors, hiddenTypes, replayAtMs, replayHistory, connectionStatus]);
  const all = useMemo(() => SENSOR_KINDS.flatMap((k) => items[k]), [items]);
  const problemCount = useMemo(() => all.filter((m) => m.problem).length, [all]);

  const heads = useRef<Partial<Record<SensorKind, InstancedMesh | null>>>({});
  const poles = useRef<InstancedMesh>(null);
  const badges = useRef<InstancedMesh>(null);
  const ring = useRef<Mesh>(null);
  const hovered = useRef<string | null>(null);
  /** The hovered sensor for its label (discrete UI state: changes only when the pointer enters or leaves a marker). */
  const [hoveredId, setHoveredId] = useState<string | null>(null);
  /** Ground height per sensor id (m), and the terrain it was measured on. */
  const grounds = useRef({ terrain: sceneObjects.terrain, z: new Map<string, number>() });
  /** Metres per unit of each marker in the last frame (test hooks project the head with it). */
  const scales = useRef(new Map<string, { x: number; y: number; z: number; s: number }>());

  // Recolour on every store change, then ask for a frame.
  useEffect(() => {
    for (const kind of SENSOR_KINDS) {
      const mesh = heads.current[kind];
      if (mesh === null || mesh === undefined) continue;
      const list = items[kind];
      mesh.count = list.length;
      list.forEach((m, i) => mesh.setColorAt(i, scratchColour.set(m.colour)));
      if (mesh.instanceColor !== null) mesh.instanceColor.needsUpdate = true;
    }
    invalidate();
  }, [items, invalidate, selectedId]);

  useFrame(({ camera }) => {
    const g = grounds.current;
    if (g.terrain !== sceneObjects.terrain) {
      g.terrain = sceneObjects.terrain;
      g.z.clear();
    }
    camera.getWorldPosition(cameraWorld);
    const selected = sensorsStore.getState().selectedId;
    let pole = 0;
    let badge = 0;
    let ringShown = false;
    scales.current.clear();
    const place = (m: MarkerItem): void => {
      let z = g.z.get(m.id);
      if (z === undefined) {
        z = groundHeightAt(m.x, m.y, m.z);
        g.z.set(m.id, z);
      }
      // The ENU group maps (x, y, z) to three's (x, z, −y).
      markerWorld.set(m.x, z, -m.y);
      const grow = m.id === selected ? SELECTED_GROW : m.id === hovered.current ? HOVER_GROW : 1;
      const s = markerScale(cameraWorld.distanceTo(markerWorld)) * grow;
      const x = m.x + m.offsetX * s;
      const y = m.y + m.offsetY * s;
      scales.current.set(m.id, { x, y, z, s });
      scratchMatrix.makeScale(s, s, s).setPosition(x, y, z);
    };
    for (const kind of SENSOR_KINDS) {
      const mesh = heads.current[kind];
      const list = items[kind];
      list.forEach((m, i) => {
        place(m);
        mesh?.setMatrixAt(i, scratchMatrix);
        poles.current?.setMatrixAt(pole++, scratchMatrix);
        if (m.problem) badges.current?.setMatrixAt(badge++, scratchMatrix);
        if (m.id === selected && ring.current !== null) {
          ring.current.matrix.copy(scratchMatrix);
          ringShown = true;
        }
      });
      if (mesh !== null && mesh !== undefined) {
        mesh.count = list.length;
        mesh.instanceMatrix.needsUpdate = true;
        mesh.boundingSphere = null;
      }
    }
    for (const mesh of [poles.current, badges.current]) {
      if (mesh === null) continue;
      mesh.count = mesh === poles.current ? pole : badge;
      mesh.instanceMatrix.needsUpdate = true;
      mesh.boundingSphere = null;
    }
    if (ring.current !== null) ring.current.visible = ringShown;
  });

  const camera = useThree((s) => s.camera);
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  useEffect(() => {
    if (!TEST_MODE) return undefined;
    return installSensorTestHooks({ items: () => SENSOR_KINDS.flatMap((k) => items[k]), placement: (id) => scales.current.get(id), heads: () => heads.current, camera, canvas: gl.domElement, scene, headZ: HEAD_Z, invalidate });
  }, [items, camera, gl, scene, invalidate]);

  const pick = (kind: SensorKind) => ({
    onClick: (e: ThreeEvent<MouseEvent>) => {
      e.stopPropagation();
      const m = e.instanceId === undefined ? undefined : items[kind][e.instanceId];
      if (m !== undefined) sensorsStore.getState().select(m.id);
    },
    onPointerMove: (e: ThreeEvent<PointerEvent>) => {
      e.stopPropagation();
      const id = e.instanceId === undefined ? null : (items[kind][e.instanceId]?.id ?? null);
      if (id !== hovered.current) {
        hovered.current = id;
        setHoveredId(id);
        document.body.style.cursor = id === null ? '' : 'pointer';
        invalidate();
      }
    },
    onPointerOut: () => {
      hovered.current = null;
      setHoveredId(null);
      document.body.style.cursor = '';
      invalidate();
    },
  });

  if (all.length === 0) return null;
  return (
    <group name="sensors">
      {SENSOR_KINDS.map((kind) => {
        const n = items[kind].length;
        if (n === 0) return null;
        const capacity = capacityFor(n);
        return (
          <instancedMesh
            key={`${kind}-${capacity}`}
            name={`sensors:${kind}`}
            ref={(mesh: InstancedMesh | null) => {
              heads.current[kind] = mesh;
            }}
            args={[headGeometry(kind), undefined, capacity]}
            frustumCulled={false}
            {...pick(kind)}
          >
            <meshBasicMaterial toneMapped={false} fog={false} />
          </instancedMesh>
        );
      })}
      <instancedMesh key={`poles-${capacityFor(all.length)}`} ref={poles} args={[POLE_GEOMETRY, undefined, capacityFor(all.length)]} frustumCulled={false} raycast={() => null}>
        <meshBasicMaterial color={POLE_COLOUR} toneMapped={false} fog={false} />
      </instancedMesh>
      {problemCount > 0 && (
        <instancedMesh key={`badges-${capacityFor(problemCount)}`} ref={badges} args={[BADGE_GEOMETRY, undefined, capacityFor(problemCount)]} frustumCulled={false} raycast={() => null}>
          <meshBasicMaterial color={BADGE_COLOUR} toneMapped={false} fog={false} />
        </instancedMesh>
      )}
      {hoveredId !== null && <HoverLabel id={hoveredId} place={scales.current.get(hoveredId)} />}
      <mesh ref={ring} geometry={RING_GEOMETRY} matrixAutoUpdate={false} visible={false} raycast={() => null}>
        <meshBasicMaterial color={RING_COLOUR} toneMapped={false} fog={false} />
      </mesh>
    </group>
  );
}

const HOVER_LABEL_STYLE = { fontSize: 12, color: '#1d2733', background: 'rgba(255, 255, 255, 0.92)', border: '1px solid #d9dee4', borderRadius: 4, padding: '2px 6px', whiteSpace: 'nowrap' } as const;

/** Name and main value of the sensor under the pointer, over its head (DOM label, not clickable). */
function HoverLabel({ id, place }: { id: string; place: { x: number; y: number; z: number; s: number } | undefined }) {
  const sensor = useSensorsStore((s) => s.sensors[id]);
  if (sensor === undefined || place === undefined) return null;
  const look = markerLook(sensor);
  const value = look.main === null || Number.isNaN(look.main.value) ? t('units.none') : `${formatNumber(look.main.value)} ${look.main.unit}`.trim();
  return (
    <Html position={[place.x, place.y, place.z + (HEAD_Z + 0.9) * place.s]} center style={{ pointerEvents: 'none' }} zIndexRange={[15, 10]}>
      <div style={HOVER_LABEL_STYLE} data-testid="sensor-hover-label">
        {t(`sensors.type.${sensor.type}` as MessageKey)} · {sensorShortName(id)}: {value}
        {look.problems.length > 0 ? ' ⚠' : ''}
      </div>
    </Html>
  );
}
