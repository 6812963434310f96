/**
 * What a participant or a facilitator does in a consultation, as actions that call the API and
 * write the consultation store. Participants rejoin transparently when their session was lost
 * (server restart: tokens live in memory only) and nothing they typed is dropped on an error.
 * Live updates come from the consultation's change events (SSE): participants refresh the
 * visible comments (moderation applies at once), facilitators refresh the results.
 */
import { setLocale } from '../i18n';
import { createEnuFrame } from '../geo/enu';
import { cityStore } from '../state/city-store';
import { consultationStore as store } from '../state/consultation-store';
import { ConsultationApiError, consultationApi, type ConsultationLanguage, type QuickReaction } from './consultation-api';
import { followConsultationVariants, prepareVariants } from './consultation-variants';

let events: EventSource | null = null;

function fail(error: unknown): void {
  if (error instanceof ConsultationApiError) store.setState({ notice: { kind: 'error', title: error.title, detail: error.message } });
  else store.setState({ notice: { kind: 'error', title: 'Error', detail: (error as Error).message } });
}

function listen(code: string, onChange: () => void): void {
  events?.close();
  if (typeof EventSource === 'undefined') return;
  events = new EventSource(consultationApi.eventsUrl(code));
  events.addEventListener('change', () => onChange());
}

async function refreshComments(): Promise<void> {
  const { consultation, facilitatorKey } = store.getState();
  if (consultation === null) return;
  try {
    store.setState({ comments: await consultationApi.comments(consultation.code, facilitatorKey ?? undefined) });
  } catch (error) {
    fail(error);
  }
}

async function refreshResults(): Promise<void> {
  const { consultation, facilitatorKey } = store.getState();
  if (consultation === null || facilitatorKey === null) return;
  try {
    const results = await consultationApi.results(consultation.code, facilitatorKey);
    store.setState({ results, comments: results.comments });
  } catch (error) {
    fail(error);
  }
}

export async function joinConsultation(code: string, language: ConsultationLanguage): Promise<boolean> {
  setLocale(language);
  store.setState({ language, notice: { kind: 'busy' } });
  try {
    const consultation = await consultationApi.get(code.trim());
    const { token } = await consultationApi.join(consultation.code);
    store.setState({ consultation, token, variant: consultation.variants[0] ?? null, notice: { kind: 'idle' }, ratings: {}, choices: {} });
    listen(consultation.code, () => void refreshComments());
    await refreshComments();
    // The variants are scenarios: run them so switching variant shows each in the scene.
    followConsultationVariants();
    void prepareVariants(consultation.variants).catch((error: unknown) => fail(error));
    return true;
  } catch (error) {
    fail(error);
    return false;
  }
}

export function setLanguage(language: ConsultationLanguage): void {
  setLocale(language);
  store.setState({ language });
}

export function showVariant(variant: string): void {
  store.setState({ variant, pin: { state: 'off' } });
}

/** Run a participant write; on a lost session (401) join again once and retry. */
async function asParticipant(write: (code: string, token: string) => Promise<unknown>, savedKey: string): Promise<boolean> {
  const { consultation, token } = store.getState();
  if (consultation === null || token === null) return false;
  store.setState({ notice: { kind: 'busy' } });
  try {
    try {
      await write(consultation.code, token);
    } catch (error) {
      if (!(error instanceof ConsultationApiError) || error.status !== 401) throw error;
      const again = await consultationApi.join(consultation.code);
      store.setState({ token: again.token });
      await write(consultation.code, again.token);
    }
    store.setState({ notice: { kind: 'saved', messageKey: savedKey } });
    return true;
  } catch (error) {
    fail(error);
    return false;
  }
}

export async function rateVariant(questionId: string, variant: string, rating: number): Promise<boolean> {
  const ok = await asParticipant((code, token) => consultationApi.respond(code, token, { questionId, variant, rating }), 'consultation.saved');
  if (ok) store.setState((s) => ({ ratings: { ...s.ratings, [`${questionId}:${variant}`]: rating } }));
  return ok;
}

export async function chooseVariant(questionId: string, variant: string): Promise<boolean> {
  const ok = await asParticipant((code, token) => consultationApi.respond(code, token, { questionId, variant }), 'consultation.saved');
  if (ok) store.setState((s) => ({ choices: { ...s.choices, [questionId]: variant } }));
  return ok;
}

export function startPin(): void {
  store.setState({ pin: { state: 'placing' } });
}

export function placePin(x: number, y: number, z: number): void {
  if (store.getState().pin.state !== 'off') store.setState({ pin: { state: 'placed', x, y, z } });
}

/** Place a pin at once (the headset pins where the viewer looks, without a separate placing step). */
export function pinAt(x: number, y: number, z: number): void {
  store.setState({ pin: { state: 'placed', x, y, z } });
}

export function cancelPin(): void {
  store.setState({ pin: { state: 'off' } });
}

/** Send the placed pin with a text and/or a quick reaction; the pin stays placed on failure. */
export async function sendPinnedComment(content: { text?: string; reaction?: QuickReaction }): Promise<boolean> {
  const { pin, variant, language } = store.getState();
  const city = cityStore.getState().city;
  if (pin.state !== 'placed' || variant === null || city === null) return false;
  const geo = createEnuFrame(city.origin).toGeodetic(pin.x, pin.y, pin.z, [0, 0, 0]);
  const position = { lon: geo[0] ?? 0, lat: geo[1] ?? 0, height: geo[2] ?? 0 };
  const ok = await asParticipant(
    (code, token) => consultationApi.comment(code, token, { variant, position, language, ...(content.text === undefined || content.text === '' ? {} : { text: content.text }), ...(content.reaction === undefined ? {} : { reaction: content.reaction }) }),
    'consultation.commentSent',
  );
  if (ok) {
    store.setState({ pin: { state: 'off' } });
    await refreshComments();
  }
  return ok;
}

/** Facilitator: create a consultation, keep its key in this page, and follow its results live. */
export async function createConsultation(spec: unknown): Promise<boolean> {
  store.setState({ notice: { kind: 'busy' } });
  try {
    const { code, facilitatorKey } = await consultationApi.create(spec);
    return await facilitate(code, facilitatorKey);
  } catch (error) {
    fail(error);
    return false;
  }
}

/** Facilitator: open an existing consultation with its key. */
export async function facilitate(code: string, facilitatorKey: string): Promise<boolean> {
  try {
    const consultation = await consultationApi.get(code.trim());
    await consultationApi.results(consultation.code, facilitatorKey);
    store.setState({ consultation, facilitatorKey, variant: consultation.variants[0] ?? null, notice: { kind: 'idle' } });
    listen(consultation.code, () => void refreshResults());
    await refreshResults();
    return true;
  } catch (error) {
    fail(error);
    return false;
  }
}

export async function moderateComment(commentId: string, status: 'hidden' | 'visible'): Promise<void> {
  const { consultation, facilitatorKey } = store.getState();
  if (consultation === null || facilitatorKey === null) return;
  try {
    await consultationApi.moderate(consultation.code, facilitatorKey, commentId, status);
    await refreshResults();
  } catch (error) {
    fail(error);
  }
}

export async function downloadResultsCsv(): Promise<void> {
  const { consultation, facilitatorKey } = store.getState();
  if (consultation === null || facilitatorKey === null) return;
  try {
    const blob = await consultationApi.resultsCsv(consultation.code, facilitatorKey);
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `consultation-${consultation.code}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    fail(error);
  }
}

export async function closeConsultation(): Promise<void> {
  const { consultation, facilitatorKey } = store.getState();
  if (consultation === null || facilitatorKey === null) return;
  try {
    await consultationApi.close(consultation.code, facilitatorKey);
    store.setState({ consultation: await consultationApi.get(consultation.code) });
    await refreshResults();
  } catch (error) {
    fail(error);
  }
}

export function leaveConsultation(): void {
  events?.close();
  events = null;
}
