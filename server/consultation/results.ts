/**
 * Live results of a consultation for facilitators and decision makers: participants, ratings
 * per question and variant (count, mean, distribution), choices per variant, and the comments
 * with their location; and the same as CSV (RFC 4180, with spreadsheet formula injection
 * neutralised: a cell starting with = + - @ is prefixed with an apostrophe, OWASP CSV injection).
 */
import type { StoredComment, StoredConsultation, StoredResponse } from './entities';
import { LIMITS } from './model';

export interface RatingSummary {
  questionId: string;
  variant: string;
  count: number;
  mean: number | null;
  /** Count per rating 1..5 (index 0 = rating 1). */
  distribution: number[];
}

export interface ChoiceSummary {
  questionId: string;
  variant: string;
  count: number;
  share: number;
}

export interface ConsultationResults {
  code: string;
  participants: number;
  responses: number;
  ratings: RatingSummary[];
  choices: ChoiceSummary[];
  comments: StoredComment[];
}

export function summariseResults(c: StoredConsultation, responses: readonly StoredResponse[], comments: readonly StoredComment[]): ConsultationResults {
  const ratings: RatingSummary[] = [];
  const choices: ChoiceSummary[] = [];
  for (const q of c.questions) {
    const answers = responses.filter((r) => r.questionId === q.id);
    for (const variant of c.variants) {
      const forVariant = answers.filter((r) => r.variant === variant);
      if (q.kind === 'rating') {
        const distribution = new Array<number>(LIMITS.ratingMax).fill(0);
        let sum = 0;
        for (const r of forVariant) {
          if (r.rating === undefined) continue;
          distribution[r.rating - 1] = (distribution[r.rating - 1] ?? 0) + 1;
          sum += r.rating;
        }
        const count = distribution.reduce((a, b) => a + b, 0);
        ratings.push({ questionId: q.id, variant, count, mean: count === 0 ? null : sum / count, distribution });
      } else if (q.kind === 'choice') {
        choices.push({ questionId: q.id, variant, count: forVariant.length, share: answers.length === 0 ? 0 : forVariant.length / answers.length });
      }
    }
  }
  const participants = new Set([...responses.map((r) => r.participant), ...comments.map((x) => x.participant)]).size;
  return { code: c.code, participants, responses: responses.length, ratings, choices, comments: [...comments] };
}

function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CSV_HEADER = ['record', 'consultation', 'participant', 'question', 'variant', 'rating', 'text', 'reaction', 'language', 'longitude', 'latitude', 'height_m', 'moderation', 'time'];

/** One row per response and per comment; participants appear only as their random pseudonyms. */
export function resultsCsv(code: string, responses: readonly StoredResponse[], comments: readonly StoredComment[]): string {
  const rows: (string | number | undefined)[][] = [CSV_HEADER];
  for (const r of responses) rows.push(['response', code, r.participant, r.questionId, r.variant, r.rating, undefined, undefined, undefined, undefined, undefined, undefined, undefined, r.modifiedAt]);
  for (const x of comments) rows.push(['comment', code, x.participant, undefined, x.variant, undefined, x.text, x.reaction, x.language, x.position.lon, x.position.lat, x.position.height, x.status, x.createdAt]);
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
