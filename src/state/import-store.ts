/** A city import started from the UI: progress, and the outcome in words (the district on screen is kept on failure). */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ImportIssue } from '../twin/city-model';
import type { ProgressReport } from '../sim/core/progress';

export type ImportMessage = { kind: 'info' | 'error'; text: string };

export interface ImportState {
  running: boolean;
  progress: ProgressReport | null;
  message: ImportMessage | null;
  skipped: ImportIssue[];
  start(): void;
  setProgress(progress: ProgressReport): void;
  finish(message: ImportMessage, skipped?: ImportIssue[]): void;
  dismiss(): void;
}

export const importStore = createStore<ImportState>()((set) => ({
  running: false,
  progress: null,
  message: null,
  skipped: [],
  start: () => set({ running: true, progress: { fraction: 0, stage: '' }, message: null, skipped: [] }),
  setProgress: (progress) => set({ progress }),
  finish: (message, skipped = []) => set({ running: false, progress: null, message, skipped }),
  dismiss: () => set({ message: null, skipped: [] }),
}));

export function useImportStore<T>(selector: (state: ImportState) => T): T {
  return useStore(importStore, selector);
}
