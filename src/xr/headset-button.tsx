/**
 * A flat button for the in-headset panels: canvas-text face, highlighted under a pointer,
 * activated when the trigger (or pinch, or mouse button) is pressed AND released on it. Not the
 * pointer library's click, which needs the release within 300 ms: people in headsets often hold
 * the trigger longer, and the press would be lost.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ThreeEvent } from '@react-three/fiber';
import { labelTexture } from './canvas-label';

export const BUTTON_PX_PER_M = 1000;

export function HeadsetButton({ label, widthM, heightM, position, active = false, onPress, name }: { label: string; widthM: number; heightM: number; position: [number, number, number]; active?: boolean; onPress(): void; name: string }) {
  const [hover, setHover] = useState(false);
  const pressedBy = useRef<number | null>(null);
  const background = active ? '#2f7fd8' : hover ? '#4a5866' : '#26313b';
  const texture = useMemo(
    () => labelTexture(label, { widthPx: Math.round(widthM * BUTTON_PX_PER_M), heightPx: Math.round(heightM * BUTTON_PX_PER_M), background, colour: '#ffffff', fontPx: Math.round(heightM * BUTTON_PX_PER_M * 0.42), bold: true }),
    [label, widthM, heightM, background],
  );
  useEffect(() => () => texture.dispose(), [texture]);
  return (
    <mesh
      name={name}
      position={position}
      onPointerDown={(e: ThreeEvent<PointerEvent>) => {
        e.stopPropagation();
        pressedBy.current = e.pointerId;
      }}
      onPointerUp={(e: ThreeEvent<PointerEvent>) => {
        e.stopPropagation();
        if (pressedBy.current !== e.pointerId) return;
        pressedBy.current = null;
        onPress();
      }}
      onPointerOver={() => setHover(true)}
      onPointerOut={() => {
        setHover(false);
        pressedBy.current = null;
      }}
    >
      <planeGeometry args={[widthM, heightM]} />
      <meshBasicMaterial map={texture} transparent toneMapped={false} />
    </mesh>
  );
}

export function HeadsetText({ text, widthM, heightM, position, fontScale = 0.3, name }: { text: string; widthM: number; heightM: number; position: [number, number, number]; fontScale?: number; name?: string }) {
  const texture = useMemo(
    () => labelTexture(text, { widthPx: Math.round(widthM * BUTTON_PX_PER_M), heightPx: Math.round(heightM * BUTTON_PX_PER_M), background: 'rgba(15, 20, 26, 0.88)', colour: '#ffffff', fontPx: Math.round(Math.min(heightM, 0.1) * BUTTON_PX_PER_M * fontScale * 2.2), align: 'left' }),
    [text, widthM, heightM, fontScale],
  );
  useEffect(() => () => texture.dispose(), [texture]);
  return (
    <mesh position={position} {...(name === undefined ? {} : { name })}>
      <planeGeometry args={[widthM, heightM]} />
      <meshBasicMaterial map={texture} transparent toneMapped={false} />
    </mesh>
  );
}
