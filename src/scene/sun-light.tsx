/**
 * The sun: a directional light casting shadows over the whole district, plus sky/ground ambient
 * light, from the solar position at the district's place and local time (sun-direction.ts).
 */
import { useEffect, useRef } from 'react';
import type { DirectionalLight } from 'three';
import { enuToThree } from './enu-axes';

/** `belowHorizon`: the sun is set, the directional light is off and the ambient dims to dusk. */
export function SunLight({ centre, radiusM, shadowMapSize, azimuthRad, elevationRad, belowHorizon = false }: { centre: readonly [number, number, number]; radiusM: number; shadowMapSize: number; azimuthRad: number; elevationRad: number; belowHorizon?: boolean }) {
  const light = useRef<DirectionalLight>(null);
  useEffect(() => {
    const l = light.current;
    if (l === null) return;
    const ce = Math.cos(elevationRad);
    const d = radiusM * 2;
    enuToThree(centre[0] + Math.sin(azimuthRad) * ce * d, centre[1] + Math.cos(azimuthRad) * ce * d, centre[2] + Math.sin(elevationRad) * d, l.position);
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
    l.shadow.needsUpdate = true;
  }, [centre, radiusM, azimuthRad, elevationRad]);
  return (
    <>
      <hemisphereLight args={['#f4f7fb', '#8a8f7a', belowHorizon ? 0.35 : 1.1]} />
      <directionalLight ref={light} visible={!belowHorizon} intensity={2.2} color="#fff6e8" castShadow shadow-mapSize={[shadowMapSize, shadowMapSize]} shadow-bias={-0.0004} shadow-normalBias={0.6} />
    </>
  );
}
