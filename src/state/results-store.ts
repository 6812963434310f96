/**
 * Analysis results of this session (sun-hours, noise, air, traffic, scenario differences) and the
 * one shown in the scene. Models' panels are the writers (after their worker finishes); the
 * scene's result layer and the legend read it. Replacing a result with the same id keeps it shown.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { AnalysisResult } from '../results/result-types';

export interface ResultsState {
  results: Readonly<Record<string, AnalysisResult>>;
  /** Id of the result drawn in the scene, or null. */
  shownId: string | null;
  /** Overlay opacity 0..1. */
  opacity: number;
  /** Store a result; `show` (default true) makes it the shown one. */
  setResult(result: AnalysisResult, show?: boolean): void;
  removeResult(id: string): void;
  show(id: string | null): void;
  setOpacity(opacity: number): void;
}

export const resultsStore = createStore<ResultsState>()((set) => ({
  results: {},
  shownId: null,
  opacity: 0.8,
  setResult: (result, show = true) => set((s) => ({ results: { ...s.results, [result.id]: result }, shownId: show ? result.id : s.shownId })),
  removeResult: (id) =>
    set((s) => {
      const { [id]: _removed, ...rest } = s.results;
      return { results: rest, shownId: s.shownId === id ? null : s.shownId };
    }),
  show: (id) => set((s) => ({ shownId: id !== null && id in s.results ? id : null })),
  setOpacity: (opacity) => set({ opacity: Math.min(1, Math.max(0, opacity)) }),
}));

export function useResultsStore<T>(selector: (state: ResultsState) => T): T {
  return useStore(resultsStore, selector);
}

/** The shown result, or null. */
export function shownResult(state: ResultsState): AnalysisResult | null {
  return state.shownId === null ? null : (state.results[state.shownId] ?? null);
}
