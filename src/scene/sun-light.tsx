/**
 * The sun: a directional light casting shadows over the whole district, plus sky/ground ambient
 * light. The direction is a fixed afternoon sun (azimuth 215°, elevation 38°) until the sun &
 * shadow study drives it from the solar position of the district's place and time.
 */
import { useEffect, useRef } from 'react';
import type { DirectionalLight } from 'three';
import { enuToThree } from './enu-axes';

export const SUN_AZIMUTH_RAD = (215 * Math.PI) / 180;
export const SUN_ELEVATION_RAD = (38 * Math.PI) / 180;

export function SunLight({ centre, radiusM, shadowMapSize }: { centre: readonly [number, number, number]; radiusM: number; shadowMapSize: number }) {
  const light = useRef<DirectionalLight>(null);
  useEffect(() => {
    const l = light.current;
    if (l === null) return;
    const ce = Math.cos(SUN_ELEVATION_RAD);
    const d = radiusM * 2;
    enuToThree(centre[0] + Math.sin(SUN_AZIMUTH_RAD) * ce * d, centre[1] + Math.cos(SUN_AZIMUTH_RAD) * ce * d, centre[2] + Math.sin(SUN_ELEVATION_RAD) * d, l.position);
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
  }, [centre, radiusM]);
  return (
    <>
      <hemisphereLight args={['#f4f7fb', '#8a8f7a', 1.1]} />
      <directionalLight ref={light} intensity={2.2} color="#fff6e8" castShadow shadow-mapSize={[shadowMapSize, shadowMapSize]} shadow-bias={-0.0004} shadow-normalBias={0.6} />
    </>
  );
}
