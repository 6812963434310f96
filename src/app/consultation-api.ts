/**
 * The page's client of the consultation API (server/consultation/plugin.ts). Every failure
 * becomes a ConsultationApiError carrying the server's problem title and detail in words, so
 * panels show what is wrong instead of failing silently.
 */
export type ConsultationLanguage = 'en' | 'fr' | 'de';
export type LocalisedText = Partial<Record<ConsultationLanguage, string>> & { en: string };
export type QuestionKind = 'rating' | 'choice' | 'comment';
export type QuickReaction = 'like' | 'dislike' | 'idea' | 'question' | 'concern' | 'safety';
export const QUICK_REACTIONS: readonly QuickReaction[] = ['like', 'dislike', 'idea', 'question', 'concern', 'safety'];
export const CONSULTATION_LANGUAGES: readonly ConsultationLanguage[] = ['en', 'fr', 'de'];
export const COMMENT_MAX_CHARS = 500;

export interface PublicConsultation {
  code: string;
  title: LocalisedText;
  description?: LocalisedText;
  variants: string[];
  questions: { id: string; kind: QuestionKind; text: LocalisedText }[];
  opensAt: string;
  closesAt: string;
  moderation: 'pre' | 'post' | 'off';
  phase: 'scheduled' | 'open' | 'closed';
}

export interface PinnedComment {
  id: string;
  variant: string;
  text?: string;
  reaction?: QuickReaction;
  position: { lon: number; lat: number; height: number };
  language: string;
  status: 'visible' | 'hidden' | 'pending';
  createdAt: string;
}

export interface ConsultationResults {
  code: string;
  phase: 'scheduled' | 'open' | 'closed';
  participants: number;
  responses: number;
  ratings: { questionId: string; variant: string; count: number; mean: number | null; distribution: number[] }[];
  choices: { questionId: string; variant: string; count: number; share: number }[];
  comments: PinnedComment[];
}

export class ConsultationApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'ConsultationApiError';
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...(init.headers ?? {}) } });
  } catch (cause) {
    throw new ConsultationApiError(0, 'Offline', `The twin's server cannot be reached (${(cause as Error).message}). Your answers are not lost: try again when the connection is back.`);
  }
  const text = await response.text();
  if (!response.ok) {
    let title = response.statusText;
    let detail = text;
    try {
      const problem = JSON.parse(text) as { title?: string; detail?: string };
      title = problem.title ?? title;
      detail = problem.detail ?? detail;
    } catch {
      // Not a problem document: keep the raw text.
    }
    throw new ConsultationApiError(response.status, title, detail);
  }
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

const base = (code: string) => `/api/consultations/${encodeURIComponent(code)}`;

export const consultationApi = {
  create: (spec: unknown) => call<{ code: string; facilitatorKey: string }>('/api/consultations', { method: 'POST', body: JSON.stringify(spec) }),
  get: (code: string) => call<PublicConsultation>(base(code)),
  join: (code: string) => call<{ participant: string; token: string }>(`${base(code)}/participants`, { method: 'POST' }),
  respond: (code: string, token: string, body: { questionId: string; variant: string; rating?: number }) =>
    call<unknown>(`${base(code)}/responses`, { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${token}` } }),
  comment: (code: string, token: string, body: { variant: string; text?: string; reaction?: QuickReaction; position: PinnedComment['position']; language: ConsultationLanguage }) =>
    call<PinnedComment>(`${base(code)}/comments`, { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${token}` } }),
  comments: (code: string, facilitatorKey?: string) => call<PinnedComment[]>(`${base(code)}/comments`, facilitatorKey === undefined ? {} : { headers: { 'x-facilitator-key': facilitatorKey } }),
  moderate: (code: string, key: string, commentId: string, status: 'hidden' | 'visible') =>
    call<unknown>(`${base(code)}/moderation`, { method: 'POST', body: JSON.stringify({ commentId, status }), headers: { 'x-facilitator-key': key } }),
  results: (code: string, key: string) => call<ConsultationResults>(`${base(code)}/results`, { headers: { 'x-facilitator-key': key } }),
  resultsCsv: async (code: string, key: string): Promise<Blob> => {
    const response = await fetch(`${base(code)}/results.csv`, { headers: { 'x-facilitator-key': key } });
    if (!response.ok) throw new ConsultationApiError(response.status, response.statusText, await response.text());
    return response.blob();
  },
  close: (code: string, key: string) => call<{ phase: string }>(`${base(code)}/close`, { method: 'POST', headers: { 'x-facilitator-key': key } }),
  eventsUrl: (code: string) => `${base(code)}/events`,
};

/** The text in the participant's language, else English. */
export function inLanguage(text: LocalisedText | undefined, language: ConsultationLanguage): string {
  if (text === undefined) return '';
  return text[language] ?? text.en;
}
