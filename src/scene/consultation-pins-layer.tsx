/**
 * Pinned consultation comments in the scene (issue 11): a stem and a head per comment, the head
 * coloured by its quick reaction, plus the pin being placed. While a participant places a pin, a
 * click on a building or the ground picks the point (ray cast against the meshes the layers
 * registered in scene-objects).
 */
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { Color, Matrix4, Raycaster, Vector2, type InstancedMesh } from 'three';
import { useThree } from '@react-three/fiber';
import { createEnuFrame } from '../geo/enu';
import { useCityStore } from '../state/city-store';
import { useConsultationStore } from '../state/consultation-store';
import { placePin } from '../app/consultation-session';
import type { QuickReaction } from '../app/consultation-api';
import { sceneObjects } from './scene-objects';
import { threeToEnu } from './enu-axes';

const STEM_M = 6;
const HEAD_RADIUS_M = 1.4;
const MAX_PINS = 2000;

export const REACTION_COLOURS: Readonly<Record<QuickReaction | 'text', string>> = {
  text: '#2f7fd8',
  like: '#2e9e4f',
  dislike: '#c0392b',
  idea: '#f2b705',
  question: '#7d4cdb',
  concern: '#e67e22',
  safety: '#d7191c',
};
const PLACING_COLOUR = '#ff00aa';

function usePinPicking() {
  const placing = useConsultationStore((s) => s.pin.state !== 'off');
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    if (!placing) return;
    const ray = new Raycaster();
    const ndc = new Vector2();
    const canvas = gl.domElement;
    const onClick = (event: MouseEvent) => {
      const rect = canvas.getBoundingClientRect();
      ndc.set(((event.clientX - rect.left) / rect.width) * 2 - 1, -((event.clientY - rect.top) / rect.height) * 2 + 1);
      ray.setFromCamera(ndc, camera);
      const targets = [...sceneObjects.buildings, ...(sceneObjects.terrain === null ? [] : [sceneObjects.terrain])];
      const hit = ray.intersectObjects(targets, false)[0];
      if (hit === undefined) return;
      const [x, y, z] = threeToEnu(hit.point);
      placePin(x, y, z);
      invalidate();
    };
    canvas.addEventListener('click', onClick);
    canvas.style.cursor = 'crosshair';
    return () => {
      canvas.removeEventListener('click', onClick);
      canvas.style.cursor = '';
    };
  }, [placing, gl, camera, invalidate]);
}

export function ConsultationPinsLayer() {
  const city = useCityStore((s) => s.city);
  const comments = useConsultationStore((s) => s.comments);
  const pin = useConsultationStore((s) => s.pin);
  const invalidate = useThree((s) => s.invalidate);
  const heads = useRef<InstancedMesh>(null);
  const stems = useRef<InstancedMesh>(null);
  usePinPicking();
  const points = useMemo(() => {
    if (city === null) return [];
    const frame = createEnuFrame(city.origin);
    const out: { x: number; y: number; z: number; colour: string }[] = comments.slice(0, MAX_PINS).map((c) => {
      const [x = 0, y = 0, z = 0] = frame.toEnu(c.position.lon, c.position.lat, c.position.height, [0, 0, 0]);
      return { x, y, z, colour: REACTION_COLOURS[c.reaction ?? 'text'] };
    });
    if (pin.state === 'placed') out.push({ x: pin.x, y: pin.y, z: pin.z, colour: PLACING_COLOUR });
    return out;
  }, [city, comments, pin]);

  useLayoutEffect(() => {
    const h = heads.current;
    const s = stems.current;
    if (h === null || s === null) return;
    const m = new Matrix4();
    const c = new Color();
    points.forEach((p, i) => {
      m.makeTranslation(p.x, p.y, p.z + STEM_M);
      h.setMatrixAt(i, m);
      h.setColorAt(i, c.set(p.colour));
      // The stem cylinder is modelled along y: rotate it upright in the ENU frame (z up).
      m.makeRotationX(Math.PI / 2).setPosition(p.x, p.y, p.z + STEM_M / 2);
      s.setMatrixAt(i, m);
    });
    h.count = points.length;
    s.count = points.length;
    h.instanceMatrix.needsUpdate = true;
    s.instanceMatrix.needsUpdate = true;
    if (h.instanceColor !== null) h.instanceColor.needsUpdate = true;
    invalidate();
  }, [points, invalidate]);

  return (
    <group name="consultation-pins">
      <instancedMesh ref={stems} args={[undefined, undefined, MAX_PINS + 1]} raycast={() => null} frustumCulled={false}>
        <cylinderGeometry args={[0.15, 0.15, STEM_M, 6]} />
        <meshStandardMaterial color="#333333" />
      </instancedMesh>
      <instancedMesh ref={heads} args={[undefined, undefined, MAX_PINS + 1]} raycast={() => null} frustumCulled={false}>
        <sphereGeometry args={[HEAD_RADIUS_M, 16, 12]} />
        <meshStandardMaterial color="#ffffff" emissive="#222222" />
      </instancedMesh>
    </group>
  );
}
