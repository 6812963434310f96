/**
 * The consultation seen from this page (issue 11): as a participant (joined with a code, a
 * language, the variant being looked at, own answers, the visible pinned comments, a pin being
 * placed) or as a facilitator (the key, live results). Written by src/app/consultation-session.ts;
 * panels, the scene's pins and the headset UI read it.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ConsultationLanguage, ConsultationResults, PinnedComment, PublicConsultation } from '../app/consultation-api';

export type ConsultationNotice = { kind: 'idle' } | { kind: 'busy' } | { kind: 'saved'; messageKey: string } | { kind: 'error'; title: string; detail: string };

export interface ConsultationState {
  consultation: PublicConsultation | null;
  language: ConsultationLanguage;
  /** Participant bearer token; null = not joined. */
  token: string | null;
  variant: string | null;
  /** My answers: `${questionId}:${variant}` → rating; `${questionId}` → chosen variant. */
  ratings: Readonly<Record<string, number>>;
  choices: Readonly<Record<string, string>>;
  comments: readonly PinnedComment[];
  /** Placing a comment: waiting for a click in the scene ('placing') or with a point chosen (ENU, m). */
  pin: { state: 'off' } | { state: 'placing' } | { state: 'placed'; x: number; y: number; z: number };
  notice: ConsultationNotice;
  /** Facilitator side. */
  facilitatorKey: string | null;
  results: ConsultationResults | null;
}

const INITIAL: ConsultationState = {
  consultation: null,
  language: 'en',
  token: null,
  variant: null,
  ratings: {},
  choices: {},
  comments: [],
  pin: { state: 'off' },
  notice: { kind: 'idle' },
  facilitatorKey: null,
  results: null,
};

export const consultationStore = createStore<ConsultationState>()(() => ({ ...INITIAL }));

export function resetConsultation(): void {
  consultationStore.setState({ ...INITIAL });
}

export function useConsultationStore<T>(selector: (state: ConsultationState) => T): T {
  return useStore(consultationStore, selector);
}
