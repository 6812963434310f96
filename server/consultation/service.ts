/**
 * The consultation service: sessions, participants, responses, pinned comments and moderation,
 * stored as NGSI-LD entities through an NgsiClient (the embedded broker by default, any broker
 * otherwise). Participants join with the short code and get a random pseudonym and a bearer
 * token held in memory only; nothing identifies a person or a device. Every write is validated
 * and rate-limited BEFORE anything is stored, so a refused request changes nothing.
 */
import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { NgsiClient } from '../../src/ngsi/client';
import { NgsiError } from '../../src/ngsi/errors';
import { commentEntity, consultationEntity, consultationId, parseComment, parseConsultation, parseResponse, responseEntity, COMMENT_TYPE, RESPONSE_TYPE, type CommentStatus, type StoredComment, type StoredConsultation, type StoredResponse } from './entities';
import { consultationPhase, parseCommentInput, parseConsultationSpec, parseResponseInput, ValidationError } from './model';
import { RateLimiter, type BucketRule } from './rate-limit';

export class ConsultationError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly retryAfterS?: number,
  ) {
    super(detail);
    this.name = 'ConsultationError';
  }
}

export interface RateRules {
  /** Responses and comments per participant. */
  participant: BucketRule;
  /** Pinned comments per participant (a stricter bucket on top). */
  comment: BucketRule;
  /** All writes to one consultation. */
  consultation: BucketRule;
  /** Joins per consultation. */
  join: BucketRule;
}

/** Generous enough for a full room answering at once, tight enough to stop a script. */
export const DEFAULT_RATE_RULES: RateRules = {
  participant: { burst: 20, perSecond: 1 },
  comment: { burst: 5, perSecond: 1 / 15 },
  consultation: { burst: 600, perSecond: 150 },
  join: { burst: 400, perSecond: 20 },
};

/** Short codes without look-alike characters (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 6;

export interface ChangeEvent {
  code: string;
  kind: 'response' | 'comment' | 'moderation' | 'closed';
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export class ConsultationService {
  readonly events = new EventEmitter();
  private readonly cache = new Map<string, StoredConsultation>();
  private readonly participants = new Map<string, { code: string; participant: string }>();
  private readonly participantLimiter: RateLimiter;
  private readonly commentLimiter: RateLimiter;
  private readonly consultationLimiter: RateLimiter;
  private readonly joinLimiter: RateLimiter;

  constructor(
    private readonly broker: NgsiClient,
    rules: RateRules = DEFAULT_RATE_RULES,
    private readonly now: () => number = Date.now,
  ) {
    this.participantLimiter = new RateLimiter(rules.participant, now);
    this.commentLimiter = new RateLimiter(rules.comment, now);
    this.consultationLimiter = new RateLimiter(rules.consultation, now);
    this.joinLimiter = new RateLimiter(rules.join, now);
    this.events.setMaxListeners(0);
  }

  async create(body: unknown): Promise<{ code: string; facilitatorKey: string; consultation: StoredConsultation }> {
    const spec = this.validate(() => parseConsultationSpec(body));
    const facilitatorKey = randomBytes(24).toString('base64url');
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
      const consultation: StoredConsultation = { ...spec, code, facilitatorKeyHash: sha256(facilitatorKey), closedEarly: false, createdAt: new Date(this.now()).toISOString() };
      try {
        await this.broker.createEntity(consultationEntity(consultation));
      } catch (error) {
        if (error instanceof NgsiError && error.status === 409) continue; // code taken: draw another
        throw error;
      }
      this.cache.set(code, consultation);
      return { code, facilitatorKey, consultation };
    }
    throw new ConsultationError(503, 'No code available', 'Could not draw a free consultation code; try again.');
  }

  async get(code: string): Promise<StoredConsultation> {
    const normalised = code.toUpperCase();
    const cached = this.cache.get(normalised);
    if (cached !== undefined) return cached;
    if (!/^[A-Z0-9]{4,12}$/.test(normalised)) throw new ConsultationError(404, 'Unknown consultation', `There is no consultation with the code '${code}'. Check the code on the poster or ask the facilitator.`);
    try {
      const c = parseConsultation(await this.broker.getEntity(consultationId(normalised)));
      this.cache.set(normalised, c);
      return c;
    } catch (error) {
      if (error instanceof NgsiError && error.status === 404) {
        throw new ConsultationError(404, 'Unknown consultation', `There is no consultation with the code '${code}'. Check the code on the poster or ask the facilitator.`);
      }
      throw error;
    }
  }

  phase(c: StoredConsultation): 'scheduled' | 'open' | 'closed' {
    return consultationPhase(c, this.now(), c.closedEarly);
  }

  private async openConsultation(code: string): Promise<StoredConsultation> {
    const c = await this.get(code);
    const phase = this.phase(c);
    if (phase === 'closed') throw new ConsultationError(409, 'Consultation closed', `The consultation '${c.code}' closed at ${c.closesAt}; it takes no more responses.`);
    if (phase === 'scheduled') throw new ConsultationError(409, 'Consultation not open yet', `The consultation '${c.code}' opens at ${c.opensAt}.`);
    return c;
  }

  async join(code: string): Promise<{ participant: string; token: string }> {
    const c = await this.openConsultation(code);
    this.limit(this.joinLimiter, c.code, 'Too many people are joining at once; try again in a moment.');
    const participant = randomUUID();
    const token = randomBytes(24).toString('base64url');
    this.participants.set(token, { code: c.code, participant });
    return { participant, token };
  }

  private participantOf(c: StoredConsultation, token: string | undefined): string {
    const p = token === undefined ? undefined : this.participants.get(token);
    if (p === undefined || p.code !== c.code) throw new ConsultationError(401, 'Not joined', `Join the consultation '${c.code}' first (your session may have ended; joining again is safe).`);
    return p.participant;
  }

  async respond(code: string, token: string | undefined, body: unknown): Promise<StoredResponse> {
    const c = await this.openConsultation(code);
    const participant = this.participantOf(c, token);
    const input = this.validate(() => parseResponseInput(body, c));
    this.limitWrite(c.code, participant);
    const question = c.questions.find((q) => q.id === input.questionId);
    if (question === undefined) throw new ConsultationError(400, 'Bad request', `questionId: no question '${input.questionId}'`);
    const nowIso = new Date(this.now()).toISOString();
    const entity = responseEntity(c.code, participant, question, input, nowIso);
    await this.broker.batchUpsert([entity]);
    this.emit({ code: c.code, kind: 'response' });
    return { id: String(entity['id']), participant, ...input, modifiedAt: nowIso };
  }

  async comment(code: string, token: string | undefined, body: unknown): Promise<StoredComment> {
    const c = await this.openConsultation(code);
    const participant = this.participantOf(c, token);
    const input = this.validate(() => parseCommentInput(body, c));
    const commentKey = `${c.code}:${participant}`;
    const wait = this.commentLimiter.waitSeconds(commentKey);
    if (wait > 0) throw new ConsultationError(429, 'Too many requests', 'You are pinning comments too quickly; wait a little before the next one.', Math.max(1, Math.ceil(wait)));
    this.limitWrite(c.code, participant);
    this.commentLimiter.take(commentKey);
    const status: CommentStatus = c.moderation === 'pre' ? 'pending' : 'visible';
    const nowIso = new Date(this.now()).toISOString();
    const id = `urn:ngsi-ld:${COMMENT_TYPE}:${c.code}:${randomUUID()}`;
    await this.broker.createEntity(commentEntity(c.code, id, participant, input, status, nowIso));
    this.emit({ code: c.code, kind: 'comment' });
    const { text, reaction, ...rest } = input;
    return { id, participant, ...rest, ...(text === undefined ? {} : { text }), ...(reaction === undefined ? {} : { reaction }), status, createdAt: nowIso };
  }

  /** Comments of a consultation: participants see visible ones only; facilitators see all. */
  async comments(code: string, viewer: 'participant' | 'facilitator'): Promise<StoredComment[]> {
    const c = await this.get(code);
    const all = (await this.broker.queryEntities({ type: COMMENT_TYPE, q: `refConsultation=="${consultationId(c.code)}"` })).map(parseComment);
    all.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    return viewer === 'facilitator' ? all : all.filter((x) => x.status === 'visible');
  }

  async responses(code: string): Promise<StoredResponse[]> {
    const c = await this.get(code);
    return (await this.broker.queryEntities({ type: RESPONSE_TYPE, q: `refConsultation=="${consultationId(c.code)}"` })).map(parseResponse);
  }

  /** Throws 401/403 unless `key` is the consultation's facilitator key. */
  async authorise(code: string, key: string | undefined): Promise<StoredConsultation> {
    const c = await this.get(code);
    if (key === undefined || key === '') throw new ConsultationError(401, 'Facilitator key needed', 'This needs the facilitator key shown when the consultation was created.');
    const given = Buffer.from(sha256(key), 'hex');
    const held = Buffer.from(c.facilitatorKeyHash, 'hex');
    if (given.length !== held.length || !timingSafeEqual(given, held)) throw new ConsultationError(403, 'Wrong facilitator key', `The facilitator key does not match consultation '${c.code}'.`);
    return c;
  }

  async moderate(code: string, key: string | undefined, commentId: string, status: 'visible' | 'hidden'): Promise<void> {
    const c = await this.authorise(code, key);
    if (!commentId.startsWith(`urn:ngsi-ld:${COMMENT_TYPE}:${c.code}:`)) throw new ConsultationError(404, 'Unknown comment', `No comment '${commentId}' in consultation '${c.code}'.`);
    try {
      await this.broker.updateAttributes(commentId, { moderationStatus: { type: 'Property', value: status } });
    } catch (error) {
      if (error instanceof NgsiError && error.status === 404) throw new ConsultationError(404, 'Unknown comment', `No comment '${commentId}' in consultation '${c.code}'.`);
      throw error;
    }
    this.emit({ code: c.code, kind: 'moderation' });
  }

  async close(code: string, key: string | undefined): Promise<StoredConsultation> {
    const c = await this.authorise(code, key);
    await this.broker.updateAttributes(consultationId(c.code), { closedEarly: { type: 'Property', value: true } });
    const closed = { ...c, closedEarly: true };
    this.cache.set(c.code, closed);
    for (const [token, p] of this.participants) if (p.code === c.code) this.participants.delete(token);
    this.emit({ code: c.code, kind: 'closed' });
    return closed;
  }

  private emit(event: ChangeEvent): void {
    this.events.emit('change', event);
  }

  private validate<T>(parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      if (error instanceof ValidationError) throw new ConsultationError(400, 'Invalid input', error.message);
      throw error;
    }
  }

  private limit(limiter: RateLimiter, key: string, message: string): void {
    const wait = limiter.waitSeconds(key);
    if (wait > 0 || !limiter.take(key)) throw new ConsultationError(429, 'Too many requests', message, Math.max(1, Math.ceil(wait)));
  }

  private limitWrite(code: string, participant: string): void {
    // Both buckets are checked before either is charged, so a refusal costs nothing.
    const waitP = this.participantLimiter.waitSeconds(`${code}:${participant}`);
    const waitC = this.consultationLimiter.waitSeconds(code);
    if (waitP > 0) throw new ConsultationError(429, 'Too many requests', 'You are sending answers too quickly; wait a moment.', Math.max(1, Math.ceil(waitP)));
    if (waitC > 0) throw new ConsultationError(429, 'Too many requests', 'The consultation is receiving too many answers at once; try again in a moment.', Math.max(1, Math.ceil(waitC)));
    this.participantLimiter.take(`${code}:${participant}`);
    this.consultationLimiter.take(code);
  }
}
