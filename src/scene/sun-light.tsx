/**
 * The sun: a directional light casting shadows over the whole district, plus sky/ground ambient
 * light, placed imperatively (no React render per change) through `handleRef.current.place(...)`
 * from the solar position at the district's place and local time (sun-from-time.tsx).
 */
import { useEffect, useRef, type MutableRefObject } from 'react';
import type { DirectionalLight, HemisphereLight } from 'three';
import { enuToThree } from './enu-axes';

export interface SunLightHandle {
  /**
   * Put the sun at azimuth (rad, clockwise from north) and elevation (rad); `belowHorizon`: the
   * sun is set, the directional light is off and the ambient dims to dusk.
   */
  place(azimuthRad: number, elevationRad: number, belowHorizon: boolean): void;
}

const DAY_AMBIENT = 1.1;
const DUSK_AMBIENT = 0.35;

export function SunLight({ centre, radiusM, shadowMapSize, handleRef }: { centre: readonly [number, number, number]; radiusM: number; shadowMapSize: number; handleRef: MutableRefObject<SunLightHandle | null> }) {
  const light = useRef<DirectionalLight>(null);
  const ambient = useRef<HemisphereLight>(null);
  useEffect(() => {
    const d = radiusM * 2;
    handleRef.current = {
      place(azimuthRad, elevationRad, belowHorizon) {
        const l = light.current;
        if (l === null) return;
        const ce = Math.cos(elevationRad);
        enuToThree(centre[0] + Math.sin(azimuthRad) * ce * d, centre[1] + Math.cos(azimuthRad) * ce * d, centre[2] + Math.sin(elevationRad) * d, l.position);
        l.visible = !belowHorizon;
        if (ambient.current !== null) ambient.current.intensity = belowHorizon ? DUSK_AMBIENT : DAY_AMBIENT;
        l.shadow.needsUpdate = true;
      },
    };
    const l = light.current;
    if (l !== null) {
      enuToThree(centre[0], centre[1], centre[2], l.target.position);
      l.target.updateMatrixWorld();
      const cam = l.shadow.camera;
      cam.left = -radiusM;
      cam.right = radiusM;
      cam.top = radiusM;
      cam.bottom = -radiusM;
      cam.near = 1;
      cam.far = d * 2.5;
      cam.updateProjectionMatrix();
    }
    return () => {
      handleRef.current = null;
    };
  }, [centre, radiusM, handleRef]);
  return (
    <>
      <hemisphereLight ref={ambient} args={['#f4f7fb', '#8a8f7a', DAY_AMBIENT]} />
      <directionalLight ref={light} intensity={2.2} color="#fff6e8" castShadow shadow-mapSize={[shadowMapSize, shadowMapSize]} shadow-bias={-0.0004} shadow-normalBias={0.6} />
    </>
  );
}
