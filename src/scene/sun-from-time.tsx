/**
 * The scene's sun driven by the time store (src/state/time-store.ts): NREL SPA position at the
 * district origin for the chosen local date and time (sun-direction.ts `sunAt`). Below the horizon
 * the directional light goes off and the ambient dims (SunLight `belowHorizon`). While playing, the
 * time advances each frame and the canvas is invalidated (render on demand otherwise).
 */
import { useEffect, useMemo } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import type { GeoOrigin } from '../twin/city-model';
import { timeStore, useTimeStore } from '../state/time-store';
import { sunAt } from './sun-direction';
import { SunLight } from './sun-light';

export function SunFromTime({ origin, timeZone, centre, radiusM, shadowMapSize }: { origin: GeoOrigin; timeZone: string; centre: readonly [number, number, number]; radiusM: number; shadowMapSize: number }) {
  const date = useTimeStore((s) => s.date);
  const minuteOfDay = useTimeStore((s) => s.minuteOfDay);
  const playing = useTimeStore((s) => s.playing);
  const invalidate = useThree((s) => s.invalidate);
  const sun = useMemo(() => sunAt(origin, timeZone, date, minuteOfDay), [origin, timeZone, date, minuteOfDay]);
  useEffect(() => {
    invalidate();
  }, [sun, invalidate]);
  useEffect(() => {
    if (playing) invalidate();
  }, [playing, invalidate]);
  useFrame((_, deltaS) => {
    if (!timeStore.getState().playing) return;
    timeStore.getState().advance(Math.min(deltaS, 0.25));
    invalidate();
  });
  return <SunLight centre={centre} radiusM={radiusM} shadowMapSize={shadowMapSize} azimuthRad={sun.azimuthRad} elevationRad={Math.max(sun.elevationRad, 0.01)} belowHorizon={!sun.aboveHorizon} />;
}
