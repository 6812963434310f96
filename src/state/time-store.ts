/**
 * The chosen local date and time of day for the sun & shadow study (issue 6), as wall-clock time in
 * the district's IANA time zone (`city.timeZone`); conversion to UTC lives in
 * src/scene/sun-direction.ts (localTimeToUnixS, daylight saving included). Views read this store.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export const MINUTES_PER_DAY = 1440;

export interface LocalDate {
  year: number;
  /** 1–12. */
  month: number;
  /** 1–31. */
  day: number;
}

export interface TimeState {
  date: LocalDate;
  /** Local wall-clock minutes since midnight, 0 ≤ m < 1440. */
  minuteOfDay: number;
  playing: boolean;
  /** Animation speed: simulated minutes per real second. */
  speedMinPerS: number;
  /** Whether the sun-path arc of the day is drawn. */
  showSunPath: boolean;
  setDate(date: LocalDate): void;
  setMinuteOfDay(minute: number): void;
  setPlaying(playing: boolean): void;
  setSpeed(speedMinPerS: number): void;
  setShowSunPath(show: boolean): void;
  /** Advance the time of day by `realS` seconds of animation (wraps at midnight). */
  advance(realS: number): void;
}

/** Wrap minutes into [0, 1440). */
export function wrapMinuteOfDay(minute: number): number {
  const m = minute % MINUTES_PER_DAY;
  return m < 0 ? m + MINUTES_PER_DAY : m;
}

/** Check a calendar date; throws a clear error naming the bad field. */
export function validateLocalDate(d: LocalDate): LocalDate {
  if (!Number.isInteger(d.year) || d.year < 1 || d.year > 9999) throw new RangeError(`time: year ${d.year} out of range`);
  if (!Number.isInteger(d.month) || d.month < 1 || d.month > 12) throw new RangeError(`time: month ${d.month} out of range 1–12`);
  const days = new Date(Date.UTC(d.year, d.month, 0)).getUTCDate();
  if (!Number.isInteger(d.day) || d.day < 1 || d.day > days) throw new RangeError(`time: day ${d.day} out of range 1–${days}`);
  return d;
}

export const timeStore = createStore<TimeState>()((set, get) => ({
  date: { year: new Date().getFullYear(), month: 6, day: 21 },
  minuteOfDay: 15 * 60,
  playing: false,
  speedMinPerS: 30,
  showSunPath: false,
  setDate: (date) => set({ date: validateLocalDate(date) }),
  setMinuteOfDay: (minute) => set({ minuteOfDay: wrapMinuteOfDay(minute) }),
  setPlaying: (playing) => set({ playing }),
  setSpeed: (speedMinPerS) => set({ speedMinPerS: Math.max(0, speedMinPerS) }),
  setShowSunPath: (showSunPath) => set({ showSunPath }),
  advance: (realS) => set({ minuteOfDay: wrapMinuteOfDay(get().minuteOfDay + realS * get().speedMinPerS) }),
}));

export function useTimeStore<T>(selector: (state: TimeState) => T): T {
  return useStore(timeStore, selector);
}
