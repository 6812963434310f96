/** Which building is under the pointer and which one is selected (indices into the building table, -1 = none). */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export interface SelectionState {
  hoveredBuilding: number;
  selectedBuilding: number;
  setHovered(index: number): void;
  select(index: number): void;
  clear(): void;
}

export const selectionStore = createStore<SelectionState>()((set) => ({
  hoveredBuilding: -1,
  selectedBuilding: -1,
  setHovered: (index) => set((s) => (s.hoveredBuilding === index ? s : { hoveredBuilding: index })),
  select: (index) => set({ selectedBuilding: index }),
  clear: () => set({ hoveredBuilding: -1, selectedBuilding: -1 }),
}));

export function useSelectionStore<T>(selector: (state: SelectionState) => T): T {
  return useStore(selectionStore, selector);
}
