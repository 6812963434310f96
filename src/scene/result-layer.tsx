/**
 * The shown analysis result (src/state/results-store.ts) in the scene. Rasters are draped on the
 * ground as a texture (unlit, so colours match the legend exactly); roads and points results are
 * drawn by the layers that own those geometries (see analysis-layers.tsx).
 */
import { useEffect, useMemo } from 'react';
import { useThree } from '@react-three/fiber';
import { shownResult, useResultsStore } from '../state/results-store';
import type { RasterResult } from '../results/result-types';
import { groundHeightAt } from './ground-height';
import { rasterGeometry, rasterTexture } from './result-raster-geometry';
import { ResultRoadsLayer } from './result-roads-layer';
import { ResultPointsLayer } from './result-points-layer';

function RasterOverlay({ result, opacity }: { result: RasterResult; opacity: number }) {
  const invalidate = useThree((s) => s.invalidate);
  const texture = useMemo(() => rasterTexture(result), [result]);
  const geometry = useMemo(() => rasterGeometry(result, (x, y) => groundHeightAt(x, y, 0)), [result]);
  useEffect(() => {
    invalidate();
    return () => {
      texture.dispose();
      geometry.dispose();
    };
  }, [texture, geometry, invalidate]);
  useEffect(() => invalidate(), [opacity, invalidate]);
  return (
    <mesh geometry={geometry} name={`result:${result.id}`} raycast={() => null} renderOrder={2}>
      <meshBasicMaterial map={texture} transparent opacity={opacity} depthWrite={false} polygonOffset polygonOffsetFactor={-2} polygonOffsetUnits={-2} toneMapped={false} />
    </mesh>
  );
}

export function ResultLayer() {
  const result = useResultsStore(shownResult);
  const opacity = useResultsStore((s) => s.opacity);
  if (result?.kind === 'roads') return <ResultRoadsLayer result={result} opacity={opacity} />;
  if (result?.kind === 'points') return <ResultPointsLayer result={result} opacity={opacity} />;
  if (result === null || result.kind !== 'raster') return null;
  return <RasterOverlay result={result} opacity={opacity} />;
}
