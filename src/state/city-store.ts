/**
 * The district on screen and how it got there. The app layer (src/app/city-loader.ts) is the only
 * writer; views read it through narrow selectors.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { CityModel } from '../twin/city-model';
import type { ProgressReport } from '../sim/core/progress';

export type CityStatus = 'loading' | 'ready' | 'error';

export interface CityState {
  city: CityModel | null;
  /** Bumped on every new district, so views rebuild geometry and reset the camera once. */
  revision: number;
  status: CityStatus;
  /** Progress of the initial load (server files imported in the worker). */
  progress: ProgressReport | null;
  /** Error of the initial load, in words. */
  error: string | null;
  /** The server's `--city` could not be opened (the demo is shown instead). */
  serverCityError: string | null;
}

export interface CityActions {
  setLoading(progress: ProgressReport | null): void;
  setCity(city: CityModel): void;
  setError(message: string): void;
  setServerCityError(message: string | null): void;
}

export const cityStore = createStore<CityState & CityActions>()((set) => ({
  city: null,
  revision: 0,
  status: 'loading',
  progress: null,
  error: null,
  serverCityError: null,
  setLoading: (progress) => set({ status: 'loading', progress }),
  setCity: (city) => set((s) => ({ city, revision: s.revision + 1, status: 'ready', progress: null, error: null })),
  setError: (message) => set({ status: 'error', error: message, progress: null }),
  setServerCityError: (message) => set({ serverCityError: message }),
}));

export function useCityStore<T>(selector: (state: CityState & CityActions) => T): T {
  return useStore(cityStore, selector);
}
