/**
 * 3D Tiles context layer of the R3F scene (3d-tiles-renderer): the tileset at the URL shared with
 * the map view (`viewStore.tilesetUrl`), placed in the district's ENU frame by the ECEF → ENU
 * transform of tileset-layer-frame.ts (this component lives inside the ENU group of twin-scene).
 * The tileset.json is fetched and checked first so that an unreachable URL or a document that is
 * not a tileset is reported in words (tileset-layer-status.ts), never thrown.
 */
import { useEffect, useMemo, useState } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import { Matrix4 } from 'three';
import { TilesRenderer } from '3d-tiles-renderer';
import type { GeoOrigin } from '../geo/enu';
import { ecefToEnuMatrix, tilesetProblem } from './tileset-layer-frame';
import { setTilesetStatus } from './tileset-layer-status';

/** Fetch `url` and check that it is a 3D Tiles tileset; rejects with a reason in words. */
async function checkTileset(url: string, signal: AbortSignal): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (e) {
    if (signal.aborted) throw e;
    throw new Error(`unreachable (${(e as Error).message})`, { cause: e });
  }
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  let doc: unknown;
  try {
    doc = await response.json();
  } catch {
    throw new Error('not a JSON document');
  }
  const problem = tilesetProblem(doc);
  if (problem !== null) throw new Error(`not a 3D Tiles tileset: ${problem}`);
}

export function TilesetLayer({ url, origin, visible }: { url: string; origin: GeoOrigin; visible: boolean }) {
  const camera = useThree((s) => s.camera);
  const gl = useThree((s) => s.gl);
  const invalidate = useThree((s) => s.invalidate);
  const [tiles, setTiles] = useState<TilesRenderer | null>(null);
  const placement = useMemo(() => new Matrix4().fromArray(ecefToEnuMatrix(origin)), [origin]);

  useEffect(() => {
    const target = url.trim();
    if (target === '') {
      setTilesetStatus({ state: 'none' });
      return;
    }
    const abort = new AbortController();
    let renderer: TilesRenderer | null = null;
    setTilesetStatus({ state: 'loading', url: target });
    checkTileset(target, abort.signal)
      .then(() => {
        if (abort.signal.aborted) return;
        const r = new TilesRenderer(target);
        r.setCamera(camera);
        r.setResolutionFromRenderer(camera, gl);
        r.addEventListener('load-model', () => {
          if (abort.signal.aborted) return;
          setTilesetStatus({ state: 'shown', url: target });
          invalidate();
        });
        r.addEventListener('needs-update', () => invalidate());
        r.addEventListener('load-error', (e: { error?: unknown; url?: unknown }) => {
          if (abort.signal.aborted) return;
          const reason = e.error instanceof Error ? e.error.message : String(e.error);
          setTilesetStatus({ state: 'error', url: typeof e.url === 'string' ? e.url : target, reason });
        });
        renderer = r;
        setTiles(r);
        invalidate();
      })
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setTilesetStatus({ state: 'error', url: target, reason: (e as Error).message });
      });
    return () => {
      abort.abort();
      renderer?.dispose();
      setTiles(null);
      invalidate();
    };
  }, [url, camera, gl, invalidate]);

  useFrame(() => {
    if (tiles === null || !visible) return;
    camera.updateMatrixWorld();
    tiles.setResolutionFromRenderer(camera, gl);
    tiles.update();
  });

  if (tiles === null) return null;
  return (
    <group matrix={placement} matrixAutoUpdate={false} visible={visible}>
      <primitive object={tiles.group} />
    </group>
  );
}
