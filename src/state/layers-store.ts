/** Which layers are visible, in both views. */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export const LAYERS = ['buildings', 'roads', 'trees', 'terrain', 'labels', 'tileset'] as const;
export type LayerId = (typeof LAYERS)[number];

export interface LayersState {
  visible: Record<LayerId, boolean>;
  setVisible(layer: LayerId, visible: boolean): void;
}

export const layersStore = createStore<LayersState>()((set) => ({
  visible: { buildings: true, roads: true, trees: true, terrain: true, labels: true, tileset: true },
  setVisible: (layer, visible) => set((s) => ({ visible: { ...s.visible, [layer]: visible } })),
}));

export function useLayersStore<T>(selector: (state: LayersState) => T): T {
  return useStore(layersStore, selector);
}
