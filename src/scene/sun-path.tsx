/**
 * The sun's path for the chosen day as an arc over the district (optional, time store
 * `showSunPath`): the vectorised NREL SPA (src/sim/solar/sun-positions.ts) every 10 min from local
 * midnight to midnight (23 or 25 h on daylight-saving days), the apparent sun above the horizon,
 * placed on a dome of radius `radiusM` around `centre` (ENU, drawn inside the ENU group).
 */
import { useEffect, useMemo } from 'react';
import { useThree } from '@react-three/fiber';
import { BufferGeometry, Float32BufferAttribute, Line, LineBasicMaterial } from 'three';
import type { GeoOrigin } from '../twin/city-model';
import { useTimeStore, type LocalDate } from '../state/time-store';
import { createSunPositionArrays, sunPositions } from '../sim/solar/sun-positions';
import { localTimeToUnixS } from './sun-direction';

const STEP_S = 600;

/** Points (ENU, m; interleaved x, y, z) of the sun path on a dome around `centre` for a local day. */
export function sunPathPoints(origin: GeoOrigin, timeZone: string, date: LocalDate, centre: readonly [number, number, number], radiusM: number): Float32Array {
  const start = localTimeToUnixS(timeZone, date.year, date.month, date.day, 0);
  const end = localTimeToUnixS(timeZone, date.year, date.month, date.day, 24);
  const n = Math.floor((end - start) / STEP_S) + 1;
  const times = new Float64Array(n);
  for (let k = 0; k < n; k++) times[k] = start + k * STEP_S;
  const sun = createSunPositionArrays(n);
  const dir = new Float64Array(3 * n);
  sun.directionEnu = dir;
  sunPositions(times, { latDeg: origin.latDeg, lonDeg: origin.lonDeg, elevationM: Number.isFinite(origin.heightM) ? origin.heightM : 0 }, sun);
  const xyz = new Float32Array(3 * n);
  let m = 0;
  for (let k = 0; k < n; k++) {
    if (!((sun.elevationDeg[k] as number) > 0)) continue;
    xyz[3 * m] = centre[0] + (dir[3 * k] as number) * radiusM;
    xyz[3 * m + 1] = centre[1] + (dir[3 * k + 1] as number) * radiusM;
    xyz[3 * m + 2] = centre[2] + (dir[3 * k + 2] as number) * radiusM;
    m++;
  }
  return xyz.slice(0, 3 * m);
}

export function SunPath({ origin, timeZone, centre, radiusM }: { origin: GeoOrigin; timeZone: string; centre: readonly [number, number, number]; radiusM: number }) {
  const date = useTimeStore((s) => s.date);
  const show = useTimeStore((s) => s.showSunPath);
  const invalidate = useThree((s) => s.invalidate);
  const line = useMemo(() => {
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new Float32BufferAttribute(sunPathPoints(origin, timeZone, date, centre, radiusM), 3));
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
