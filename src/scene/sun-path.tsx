/**
 * The sun's path for the chosen day as an arc over the district (optional, time store
 * `showSunPath`): NREL SPA positions every 10 min of the local day (sun-direction.ts `sunAt`) above
 * the horizon, placed on a dome of radius `radiusM` around `centre` (ENU, drawn inside the ENU group).
 */
import { useEffect, useMemo } from 'react';
import { useThree } from '@react-three/fiber';
import { BufferGeometry, Float32BufferAttribute, Line, LineBasicMaterial } from 'three';
import type { GeoOrigin } from '../twin/city-model';
import { MINUTES_PER_DAY, useTimeStore } from '../state/time-store';
import { sunAt } from './sun-direction';

const STEP_MIN = 10;

export function SunPath({ origin, timeZone, centre, radiusM }: { origin: GeoOrigin; timeZone: string; centre: readonly [number, number, number]; radiusM: number }) {
  const date = useTimeStore((s) => s.date);
  const show = useTimeStore((s) => s.showSunPath);
  const invalidate = useThree((s) => s.invalidate);
  const line = useMemo(() => {
    const xyz: number[] = [];
    for (let m = 0; m <= MINUTES_PER_DAY; m += STEP_MIN) {
      const s = sunAt(origin, timeZone, date, m);
      if (!s.aboveHorizon) continue;
      const ce = Math.cos(s.elevationRad);
      xyz.push(centre[0] + Math.sin(s.azimuthRad) * ce * radiusM, centre[1] + Math.cos(s.azimuthRad) * ce * radiusM, centre[2] + Math.sin(s.elevationRad) * radiusM);
    }
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new Float32BufferAttribute(xyz, 3));
    return new Line(geometry, new LineBasicMaterial({ color: '#f0a020' }));
  }, [origin, timeZone, date, centre, radiusM]);
  useEffect(() => {
    invalidate();
    return () => {
      line.geometry.dispose();
      (line.material as LineBasicMaterial).dispose();
    };
  }, [line, invalidate]);
  useEffect(() => invalidate(), [show, invalidate]);
  return show ? <primitive object={line} /> : null;
}
