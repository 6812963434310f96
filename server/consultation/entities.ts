/**
 * Consultation data as NGSI-LD entities (ETSI GS CIM 009), so any MIM1 platform reads them:
 * Consultation, ConsultationResponse and ConsultationComment, documented in the style of Smart
 * Data Models in ./data-models (schema.json + doc per type). Ids are URNs; a response's id is
 * derived from (consultation, participant, question, variant) so a repeated or concurrent answer
 * replaces itself instead of counting twice. Participants are random pseudonyms: no account, IP
 * address or device id is ever part of an entity.
 */
import type { ParsedEntity } from '../../src/ngsi/parse';
import type { CommentInput, ConsultationSpec, LocalisedText, ModerationMode, Question, QuickReaction, ResponseInput } from './model';

export const CONSULTATION_TYPE = 'Consultation';
export const RESPONSE_TYPE = 'ConsultationResponse';
export const COMMENT_TYPE = 'ConsultationComment';

export type CommentStatus = 'visible' | 'hidden' | 'pending';

export interface StoredConsultation extends ConsultationSpec {
  code: string;
  /** SHA-256 (hex) of the facilitator key; the key itself is only ever shown to its creator. */
  facilitatorKeyHash: string;
  closedEarly: boolean;
  createdAt: string;
}

export interface StoredResponse extends ResponseInput {
  id: string;
  participant: string;
  modifiedAt: string;
}

export interface StoredComment {
  id: string;
  participant: string;
  variant: string;
  text?: string;
  reaction?: QuickReaction;
  position: { lon: number; lat: number; height: number };
  language: string;
  status: CommentStatus;
  createdAt: string;
}

export const consultationId = (code: string): string => `urn:ngsi-ld:${CONSULTATION_TYPE}:${code}`;

export function responseId(code: string, participant: string, question: Question, variant: string): string {
  // A choice question has one answer per participant (the chosen variant is its value); a rating has one per variant.
  const tail = question.kind === 'choice' ? question.id : `${question.id}:${variant}`;
  return `urn:ngsi-ld:${RESPONSE_TYPE}:${code}:${participant}:${tail}`;
}

const dateTime = (iso: string) => ({ type: 'Property', value: { '@type': 'DateTime', '@value': iso } });
const property = (value: unknown) => ({ type: 'Property', value });
const languageProperty = (text: LocalisedText) => ({ type: 'LanguageProperty', languageMap: { ...text } });

export function consultationEntity(c: StoredConsultation): Record<string, unknown> {
  return {
    id: consultationId(c.code),
    type: CONSULTATION_TYPE,
    name: property(c.title.en),
    title: languageProperty(c.title),
    ...(c.description === undefined ? {} : { description: languageProperty(c.description) }),
    code: property(c.code),
    variants: property([...c.variants]),
    questions: { type: 'JsonProperty', json: c.questions },
    opensAt: dateTime(c.opensAt),
    closesAt: dateTime(c.closesAt),
    moderation: property(c.moderation),
    closedEarly: property(c.closedEarly),
    facilitatorKeyHash: property(c.facilitatorKeyHash),
    dateCreated: dateTime(c.createdAt),
  };
}

export function responseEntity(code: string, participant: string, question: Question, r: ResponseInput, nowIso: string): Record<string, unknown> {
  return {
    id: responseId(code, participant, question, r.variant),
    type: RESPONSE_TYPE,
    refConsultation: { type: 'Relationship', object: consultationId(code) },
    participant: property(participant),
    question: property(r.questionId),
    variant: property(r.variant),
    ...(r.rating === undefined ? {} : { rating: property(r.rating) }),
    dateModified: dateTime(nowIso),
  };
}

export function commentEntity(code: string, id: string, participant: string, c: CommentInput, status: CommentStatus, nowIso: string): Record<string, unknown> {
  return {
    id,
    type: COMMENT_TYPE,
    refConsultation: { type: 'Relationship', object: consultationId(code) },
    participant: property(participant),
    variant: property(c.variant),
    // Stored and served as plain text; clients render it as text, never as HTML.
    ...(c.text === undefined ? {} : { text: property(c.text) }),
    ...(c.reaction === undefined ? {} : { reaction: property(c.reaction) }),
    language: property(c.language),
    location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [c.position.lon, c.position.lat, c.position.height] } },
    moderationStatus: property(status),
    dateCreated: dateTime(nowIso),
  };
}

function first(e: ParsedEntity, name: string): unknown {
  return e.attributes[name]?.[0]?.value;
}

function timeValue(e: ParsedEntity, name: string): string {
  const v = first(e, name);
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null && typeof (v as Record<string, unknown>)['@value'] === 'string') return (v as Record<string, string>)['@value'] ?? '';
  return '';
}

function languageMap(e: ParsedEntity, name: string): LocalisedText | undefined {
  const map = e.attributes[name]?.[0]?.languageMap;
  if (map === undefined) return undefined;
  const pick = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const en = pick(map['en']);
  if (en === undefined) return undefined;
  const out: LocalisedText = { en };
  for (const lang of ['fr', 'de'] as const) {
    const v = pick(map[lang]);
    if (v !== undefined) out[lang] = v;
  }
  return out;
}

export function parseConsultation(e: ParsedEntity): StoredConsultation {
  const questions = first(e, 'questions');
  const description = languageMap(e, 'description');
  return {
    code: String(first(e, 'code')),
    title: languageMap(e, 'title') ?? { en: String(first(e, 'name') ?? '') },
    ...(description === undefined ? {} : { description }),
    variants: (first(e, 'variants') as string[] | undefined) ?? [],
    questions: Array.isArray(questions) ? (questions as Question[]) : [],
    opensAt: timeValue(e, 'opensAt'),
    closesAt: timeValue(e, 'closesAt'),
    moderation: (first(e, 'moderation') as ModerationMode | undefined) ?? 'post',
    closedEarly: first(e, 'closedEarly') === true,
    facilitatorKeyHash: String(first(e, 'facilitatorKeyHash') ?? ''),
    createdAt: timeValue(e, 'dateCreated'),
  };
}

export function parseResponse(e: ParsedEntity): StoredResponse {
  const rating = first(e, 'rating');
  return {
    id: e.id,
    participant: String(first(e, 'participant')),
    questionId: String(first(e, 'question')),
    variant: String(first(e, 'variant')),
    ...(typeof rating === 'number' ? { rating } : {}),
    modifiedAt: timeValue(e, 'dateModified'),
  };
}

export function parseComment(e: ParsedEntity): StoredComment {
  const geometry = first(e, 'location') as { coordinates?: number[] } | undefined;
  const [lon = 0, lat = 0, height = 0] = geometry?.coordinates ?? [];
  const text = first(e, 'text');
  const reaction = first(e, 'reaction');
  return {
    id: e.id,
    participant: String(first(e, 'participant')),
    variant: String(first(e, 'variant')),
    ...(typeof text === 'string' ? { text } : {}),
    ...(typeof reaction === 'string' ? { reaction: reaction as QuickReaction } : {}),
    position: { lon, lat, height },
    language: String(first(e, 'language') ?? 'en'),
    status: (first(e, 'moderationStatus') as CommentStatus | undefined) ?? 'visible',
    createdAt: timeValue(e, 'dateCreated'),
  };
}
