/**
 * Consultation sessions (issue 11): what a facilitator sets up and what participants send, with
 * the limits that keep a public event safe. Pure validation: every rejection names the field and
 * the reason, in words, and nothing is stored from a rejected request.
 */

/** Languages every participant-facing text exists in (chosen on join). */
export const CONSULTATION_LANGUAGES = ['en', 'fr', 'de'] as const;
export type ConsultationLanguage = (typeof CONSULTATION_LANGUAGES)[number];

/** A text in each language; `en` is required, the others fall back to it. */
export type LocalisedText = Partial<Record<ConsultationLanguage, string>> & { en: string };

export type QuestionKind = 'rating' | 'choice' | 'comment';

export interface Question {
  id: string;
  kind: QuestionKind;
  text: LocalisedText;
}

/** Moderation of pinned comments: 'pre' = hidden until a facilitator approves; 'post' = shown, may be hidden; 'off'. */
export type ModerationMode = 'pre' | 'post' | 'off';

export interface ConsultationSpec {
  title: LocalisedText;
  description?: LocalisedText;
  /** Scenario ids (scenarios/<id>.json) shown as the variants, in order. */
  variants: readonly string[];
  questions: readonly Question[];
  opensAt: string;
  closesAt: string;
  moderation: ModerationMode;
}

/** Quick reactions a participant can pin instead of typing (headset without keyboard). */
export const QUICK_REACTIONS = ['like', 'dislike', 'idea', 'question', 'concern', 'safety'] as const;
export type QuickReaction = (typeof QUICK_REACTIONS)[number];

export const LIMITS = {
  titleChars: 120,
  descriptionChars: 1000,
  questionChars: 300,
  questions: 20,
  variants: 8,
  idChars: 64,
  commentChars: 500,
  /** Rating scale 1..RATING_MAX (a 5-point Likert scale). */
  ratingMax: 5,
} as const;

export interface ResponseInput {
  questionId: string;
  /** The variant rated (rating questions) or chosen (choice questions). */
  variant: string;
  /** 1..5 for rating questions. */
  rating?: number;
}

export interface CommentInput {
  variant: string;
  text?: string;
  reaction?: QuickReaction;
  /** WGS84 position of the pin: longitude, latitude (degrees) and height above the ellipsoid (m). */
  position: { lon: number; lat: number; height: number };
  language: ConsultationLanguage;
}

export class ValidationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'ValidationError';
  }
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function text(value: unknown, field: string, maxChars: number, required = true): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string') throw new ValidationError(field, 'must be a text');
  const trimmed = value.trim();
  if (trimmed === '' && required) throw new ValidationError(field, 'must not be empty');
  // Characters, not UTF-16 units: an emoji counts once.
  if ([...trimmed].length > maxChars) throw new ValidationError(field, `is longer than ${maxChars} characters`);
  return trimmed;
}

function identifier(value: unknown, field: string): string {
  const id = text(value, field, LIMITS.idChars) ?? '';
  if (!ID_PATTERN.test(id)) throw new ValidationError(field, `'${id}' is not an identifier (letters, digits, - and _)`);
  return id;
}

function localised(value: unknown, field: string, maxChars: number): LocalisedText {
  if (typeof value === 'string') return { en: text(value, field, maxChars) ?? '' };
  if (!isRecord(value)) throw new ValidationError(field, 'must be a text or an object of texts per language (en, fr, de)');
  for (const key of Object.keys(value)) {
    if (!(CONSULTATION_LANGUAGES as readonly string[]).includes(key)) throw new ValidationError(`${field}.${key}`, `unknown language (have: ${CONSULTATION_LANGUAGES.join(', ')})`);
  }
  const out: LocalisedText = { en: text(value['en'], `${field}.en`, maxChars) ?? '' };
  for (const lang of CONSULTATION_LANGUAGES) {
    if (lang !== 'en' && value[lang] !== undefined) out[lang] = text(value[lang], `${field}.${lang}`, maxChars) ?? '';
  }
  return out;
}

function instant(value: unknown, field: string): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value)) || !/T\d\d:\d\d/.test(value)) throw new ValidationError(field, 'must be an ISO 8601 date-time, e.g. 2026-12-01T18:00:00Z');
  return new Date(Date.parse(value)).toISOString();
}

export function parseConsultationSpec(body: unknown): ConsultationSpec {
  if (!isRecord(body)) throw new ValidationError('body', 'must be a JSON object');
  const variantsRaw = body['variants'];
  if (!Array.isArray(variantsRaw) || variantsRaw.length === 0) throw new ValidationError('variants', 'must list at least one scenario id');
  if (variantsRaw.length > LIMITS.variants) throw new ValidationError('variants', `at most ${LIMITS.variants} variants`);
  const variants = variantsRaw.map((v, k) => identifier(v, `variants[${k}]`));
  if (new Set(variants).size !== variants.length) throw new ValidationError('variants', 'lists a scenario twice');
  const questionsRaw = body['questions'];
  if (!Array.isArray(questionsRaw) || questionsRaw.length === 0) throw new ValidationError('questions', 'must list at least one question');
  if (questionsRaw.length > LIMITS.questions) throw new ValidationError('questions', `at most ${LIMITS.questions} questions`);
  const questions = questionsRaw.map((q, k): Question => {
    if (!isRecord(q)) throw new ValidationError(`questions[${k}]`, 'must be an object');
    const kind = q['kind'];
    if (kind !== 'rating' && kind !== 'choice' && kind !== 'comment') throw new ValidationError(`questions[${k}].kind`, "must be 'rating', 'choice' or 'comment'");
    return { id: identifier(q['id'], `questions[${k}].id`), kind, text: localised(q['text'], `questions[${k}].text`, LIMITS.questionChars) };
  });
  if (new Set(questions.map((q) => q.id)).size !== questions.length) throw new ValidationError('questions', 'two questions share an id');
  const opensAt = instant(body['opensAt'] ?? new Date().toISOString(), 'opensAt');
  const closesAt = instant(body['closesAt'], 'closesAt');
  if (Date.parse(closesAt) <= Date.parse(opensAt)) throw new ValidationError('closesAt', 'must be after opensAt');
  const moderation = body['moderation'] ?? 'post';
  if (moderation !== 'pre' && moderation !== 'post' && moderation !== 'off') throw new ValidationError('moderation', "must be 'pre', 'post' or 'off'");
  return {
    title: localised(body['title'], 'title', LIMITS.titleChars),
    ...(body['description'] === undefined ? {} : { description: localised(body['description'], 'description', LIMITS.descriptionChars) }),
    variants,
    questions,
    opensAt,
    closesAt,
    moderation,
  };
}

export function parseResponseInput(body: unknown, spec: ConsultationSpec): ResponseInput {
  if (!isRecord(body)) throw new ValidationError('body', 'must be a JSON object');
  const questionId = identifier(body['questionId'], 'questionId');
  const question = spec.questions.find((q) => q.id === questionId);
  if (question === undefined) throw new ValidationError('questionId', `no question '${questionId}' in this consultation`);
  if (question.kind === 'comment') throw new ValidationError('questionId', `'${questionId}' is answered with a comment, not a response`);
  const variant = identifier(body['variant'], 'variant');
  if (!spec.variants.includes(variant)) throw new ValidationError('variant', `no variant '${variant}' in this consultation`);
  if (question.kind === 'choice') {
    if (body['rating'] !== undefined) throw new ValidationError('rating', 'a choice question takes no rating');
    return { questionId, variant };
  }
  const rating = body['rating'];
  if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > LIMITS.ratingMax) throw new ValidationError('rating', `must be a whole number from 1 to ${LIMITS.ratingMax}`);
  return { questionId, variant, rating };
}

export function parseCommentInput(body: unknown, spec: ConsultationSpec): CommentInput {
  if (!isRecord(body)) throw new ValidationError('body', 'must be a JSON object');
  const variant = identifier(body['variant'], 'variant');
  if (!spec.variants.includes(variant)) throw new ValidationError('variant', `no variant '${variant}' in this consultation`);
  const commentText = text(body['text'], 'text', LIMITS.commentChars, false);
  const reaction = body['reaction'];
  if (reaction !== undefined && !(QUICK_REACTIONS as readonly unknown[]).includes(reaction)) throw new ValidationError('reaction', `must be one of ${QUICK_REACTIONS.join(', ')}`);
  if ((commentText === undefined || commentText === '') && reaction === undefined) throw new ValidationError('text', 'a comment needs a text or a quick reaction');
  const p = body['position'];
  if (!isRecord(p)) throw new ValidationError('position', 'must be { lon, lat, height }');
  const lon = p['lon'];
  const lat = p['lat'];
  const height = p['height'] ?? 0;
  if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180) throw new ValidationError('position.lon', 'must be a longitude in degrees');
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) throw new ValidationError('position.lat', 'must be a latitude in degrees');
  if (typeof height !== 'number' || !Number.isFinite(height) || Math.abs(height) > 10_000) throw new ValidationError('position.height', 'must be a height in metres');
  const language = body['language'] ?? 'en';
  if (!(CONSULTATION_LANGUAGES as readonly unknown[]).includes(language)) throw new ValidationError('language', `must be one of ${CONSULTATION_LANGUAGES.join(', ')}`);
  return {
    variant,
    ...(commentText === undefined || commentText === '' ? {} : { text: commentText }),
    ...(reaction === undefined ? {} : { reaction: reaction as QuickReaction }),
    position: { lon, lat, height },
    language: language as ConsultationLanguage,
  };
}

/** Where a consultation stands at an instant. */
export function consultationPhase(spec: Pick<ConsultationSpec, 'opensAt' | 'closesAt'>, nowMs: number, closedEarly = false): 'scheduled' | 'open' | 'closed' {
  if (closedEarly || nowMs >= Date.parse(spec.closesAt)) return 'closed';
  return nowMs < Date.parse(spec.opensAt) ? 'scheduled' : 'open';
}
