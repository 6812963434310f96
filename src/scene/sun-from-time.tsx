/**
 * The scene's sun driven by the time store (src/state/time-store.ts): NREL SPA position at the
 * district origin for the chosen local date and time (sun-direction.ts `sunAt`). Below the horizon
 * the directional light goes off and the ambient dims. No React state per change: the component
 * subscribes to the store and moves the light imperatively (SunLight's handle), so neither a paused
 * time change nor playing re-renders it; while playing, each frame advances the time, moves the
 * light and invalidates the canvas (render on demand otherwise).
 */
import { useCallback, useEffect, useRef } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import type { GeoOrigin } from '../twin/city-model';
import { timeStore } from '../state/time-store';
import { sunAt } from './sun-direction';
import { SunLight, type SunLightHandle } from './sun-light';

/** React renders of SunFromTime (read by the e2e test through window.__sunHoursTest). */
export const sunFromTimeRenders = { count: 0 };

/** Lowest elevation the light is drawn at while the sun is up (rad), so grazing light still lights the scene. */
const MIN_LIGHT_ELEVATION_RAD = 0.01;

export function SunFromTime({ origin, timeZone, centre, radiusM, shadowMapSize }: { origin: GeoOrigin; timeZone: string; centre: readonly [number, number, number]; radiusM: number; shadowMapSize: number }) {
  sunFromTimeRenders.count += 1;
  const invalidate = useThree((s) => s.invalidate);
  const handle = useRef<SunLightHandle | null>(null);
  const placeSun = useCallback(() => {
    const { date, minuteOfDay } = timeStore.getState();
    const sun = sunAt(origin, timeZone, date, minuteOfDay);
    handle.current?.place(sun.azimuthRad, Math.max(sun.elevationRad, MIN_LIGHT_ELEVATION_RAD), !sun.aboveHorizon);
    invalidate();
  }, [origin, timeZone, invalidate]);
  useEffect(() => {
    placeSun();
    return timeStore.subscribe((s, prev) => {
      // While playing, useFrame places the sun once per frame.
      if (!s.playing && (s.date !== prev.date || s.minuteOfDay !== prev.minuteOfDay)) placeSun();
      if (s.playing && !prev.playing) invalidate();
    });
  }, [placeSun, invalidate, centre, radiusM]);
  useFrame((_, deltaS) => {
    const s = timeStore.getState();
    if (!s.playing) return;
    s.advance(Math.min(deltaS, 0.25));
    placeSun();
  });
  return <SunLight centre={centre} radiusM={radiusM} shadowMapSize={shadowMapSize} handleRef={handle} />;
}
