/** Load state of the 3D Tiles context layer, written by the layer inside the canvas and shown outside it. */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export type TilesetStatus = { state: 'none' } | { state: 'loading'; url: string } | { state: 'shown'; url: string } | { state: 'error'; url: string; reason: string };

export const tilesetStatusStore = createStore<{ status: TilesetStatus }>()(() => ({ status: { state: 'none' } }));

export function setTilesetStatus(status: TilesetStatus): void {
  tilesetStatusStore.setState({ status });
}

export function useTilesetStatus(): TilesetStatus {
  return useStore(tilesetStatusStore, (s) => s.status);
}
