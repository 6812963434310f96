/** Which view is shown (3D scene or Cesium map), how the 3D camera moves, and map settings. */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export type ViewMode = 'scene' | 'map';
export type NavigationMode = 'orbit' | 'walk';

export interface ViewState {
  view: ViewMode;
  navigation: NavigationMode;
  /** XYZ imagery URL template for the map ('' = bundled Natural Earth II). */
  imageryUrl: string;
  /** Quantized-mesh terrain URL for the map ('' = the bare ellipsoid). */
  terrainUrl: string;
  /** Optional 3D Tiles tileset.json URL shown as a context layer on the map. */
  tilesetUrl: string;
  setView(view: ViewMode): void;
  setNavigation(mode: NavigationMode): void;
  setMapSources(sources: { imageryUrl: string; terrainUrl: string; tilesetUrl: string }): void;
}

export const viewStore = createStore<ViewState>()((set) => ({
  view: 'scene',
  navigation: 'orbit',
  imageryUrl: (import.meta.env?.VITE_IMAGERY_URL as string | undefined) ?? '',
  terrainUrl: (import.meta.env?.VITE_TERRAIN_URL as string | undefined) ?? '',
  tilesetUrl: (import.meta.env?.VITE_TILESET_URL as string | undefined) ?? '',
  setView: (view) => set({ view }),
  setNavigation: (navigation) => set({ navigation }),
  setMapSources: ({ imageryUrl, terrainUrl, tilesetUrl }) => set({ imageryUrl, terrainUrl, tilesetUrl }),
}));

export function useViewStore<T>(selector: (state: ViewState) => T): T {
  return useStore(viewStore, selector);
}
