/**
 * A points result (src/results/result-types.ts: x, y, z in ENU m, one value each) in the scene: one
 * small sphere per point with a value, all in ONE InstancedMesh (one draw call), coloured by the
 * result's legend through compileLegend (the one value → colour mapping; colours converted from sRGB
 * so the screen matches the legend), unlit so the legend colours are exact. Points with NaN values
 * are not drawn. Model-agnostic: roof and facade sun-hours, facade noise levels, per-building air
 * values all come through here. Spheres need no orientation, so roof and facade points look alike
 * (half of a roof point shows above its roof, half of a facade point in front of its wall).
 * Rendered on demand: a new result or opacity invalidates one frame.
 */
import { useEffect, useMemo } from 'react';
import { useThree } from '@react-three/fiber';
import { Color, IcosahedronGeometry, InstancedBufferAttribute, InstancedMesh, Matrix4, MeshBasicMaterial, SRGBColorSpace } from 'three';
import { compileLegend } from '../results/colour-scale';
import type { PointsResult } from '../results/result-types';

/** Radius (m) of a drawn point: visible from the district overview, smaller than a 2 m roof grid. */
export const POINT_RADIUS_M = 0.7;

/** Instance data of a points result: the indices of the drawn points and their linear RGB colours. */
export interface PointInstances {
  /** Index into the result's arrays of each drawn instance (points with NaN values are skipped). */
  index: Uint32Array;
  /** Linear RGB (0…1) per instance, interleaved, ready for InstancedMesh.instanceColor. */
  colours: Float32Array;
}

/** Instances of a points result: finite values and positions only, coloured by the result's legend. */
export function pointInstances(result: PointsResult): PointInstances {
  const n = result.values.length;
  if (result.x.length !== n || result.y.length !== n || result.z.length !== n) {
    throw new Error(`points result '${result.id}': x, y, z and values must have the same length (${result.x.length}, ${result.y.length}, ${result.z.length}, ${n})`);
  }
  const legend = compileLegend(result.legend);
  const rgb = new Uint8Array(3);
  const c = new Color();
  const index = new Uint32Array(n);
  const colours = new Float32Array(3 * n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (!(Number.isFinite(result.x[i]) && Number.isFinite(result.y[i]) && Number.isFinite(result.z[i]))) continue;
    if (!legend.write(result.values[i] as number, rgb, 0)) continue;
    c.setRGB((rgb[0] as number) / 255, (rgb[1] as number) / 255, (rgb[2] as number) / 255, SRGBColorSpace);
    index[k] = i;
    colours[3 * k] = c.r;
    colours[3 * k + 1] = c.g;
    colours[3 * k + 2] = c.b;
    k++;
  }
  return { index: index.slice(0, k), colours: colours.slice(0, 3 * k) };
}

/** Shared unit sphere (an icosahedron: 20 faces, plenty for a dot of under 2 m). */
const UNIT_SPHERE = new IcosahedronGeometry(1, 0);

/** The instanced mesh of a points result: one instance per drawn point. */
function pointsMesh(result: PointsResult, radiusM: number): InstancedMesh {
  const { index, colours } = pointInstances(result);
  const material = new MeshBasicMaterial({ toneMapped: false, transparent: true, depthWrite: true });
  const mesh = new InstancedMesh(UNIT_SPHERE, material, Math.max(1, index.length));
  mesh.count = index.length;
  const m = new Matrix4();
  for (let k = 0; k < index.length; k++) {
    const i = index[k] as number;
    m.makeScale(radiusM, radiusM, radiusM).setPosition(result.x[i] as number, result.y[i] as number, result.z[i] as number);
    mesh.setMatrixAt(k, m);
  }
  mesh.instanceColor = new InstancedBufferAttribute(colours.length > 0 ? colours : new Float32Array(3), 3);
  mesh.instanceMatrix.needsUpdate = true;
  mesh.computeBoundingSphere();
  mesh.name = `result:${result.id}`;
  mesh.renderOrder = 3;
  mesh.raycast = () => undefined; // picking goes to the buildings under the points
  return mesh;
}

export function ResultPointsLayer({ result, opacity, radiusM = POINT_RADIUS_M }: { result: PointsResult; opacity: number; radiusM?: number }) {
  const invalidate = useThree((s) => s.invalidate);
  const mesh = useMemo(() => pointsMesh(result, radiusM), [result, radiusM]);
  useEffect(() => {
    invalidate();
    return () => {
      (mesh.material as MeshBasicMaterial).dispose();
      mesh.dispose();
    };
  }, [mesh, invalidate]);
  useEffect(() => {
    const material = mesh.material as MeshBasicMaterial;
    material.opacity = opacity;
    material.transparent = opacity < 1;
    material.needsUpdate = true;
    invalidate();
  }, [mesh, opacity, invalidate]);
  return <primitive object={mesh} />;
}
