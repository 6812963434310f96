/**
 * Which building is under the pointer, and which building or road is selected (indices into the
 * building and road tables, -1 = none). Selecting a road clears the selected building and the other
 * way round, so the info panel shows one thing.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export interface SelectionState {
  hoveredBuilding: number;
  selectedBuilding: number;
  selectedRoad: number;
  setHovered(index: number): void;
  select(index: number): void;
  selectRoad(index: number): void;
  clear(): void;
}

export const selectionStore = createStore<SelectionState>()((set) => ({
  hoveredBuilding: -1,
  selectedBuilding: -1,
  selectedRoad: -1,
  setHovered: (index) => set((s) => (s.hoveredBuilding === index ? s : { hoveredBuilding: index })),
  select: (index) => set((s) => ({ selectedBuilding: index, selectedRoad: index >= 0 ? -1 : s.selectedRoad })),
  selectRoad: (index) => set((s) => ({ selectedRoad: index, selectedBuilding: index >= 0 ? -1 : s.selectedBuilding })),
  clear: () => set({ hoveredBuilding: -1, selectedBuilding: -1, selectedRoad: -1 }),
}));

export function useSelectionStore<T>(selector: (state: SelectionState) => T): T {
  return useStore(selectionStore, selector);
}
