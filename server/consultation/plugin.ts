/**
 * HTTP API of consultations (fastify plugin), under /api/consultations:
 *   POST   /                          create (→ code, facilitatorKey)
 *   GET    /:code                     public description, variants, questions, phase
 *   POST   /:code/participants        join (→ pseudonym and bearer token)
 *   POST   /:code/responses           rate or choose a variant (participant token)
 *   POST   /:code/comments            pin a comment or quick reaction at a 3D position (participant token)
 *   GET    /:code/comments            visible comments (all of them with the facilitator key)
 *   POST   /:code/moderation          { commentId, status: 'hidden' | 'visible' } (facilitator key)
 *   GET    /:code/results             live results (facilitator key)
 *   GET    /:code/results.csv         the same as CSV (facilitator key)
 *   GET    /:code/events              Server-Sent Events 'change' {kind} on every write (no content)
 *   POST   /:code/close               close early (facilitator key)
 * Participant token: `Authorization: Bearer <token>`; facilitator key: `X-Facilitator-Key`.
 * Errors are RFC 9457 problem details. Request bodies are capped at 16 KiB (413 beyond). No IP
 * address, user agent or device id is read into anything stored or logged.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { NgsiError } from '../../src/ngsi/errors';
import type { NgsiClient } from '../../src/ngsi/client';
import { resultsCsv, summariseResults } from './results';
import { ConsultationError, ConsultationService, type ChangeEvent, type RateRules } from './service';

export interface ConsultationPluginOptions {
  broker: NgsiClient;
  rules?: RateRules;
  now?: () => number;
  /** Receives the service (tests, other plugins). */
  onService?: (service: ConsultationService) => void;
}

const BODY_LIMIT_BYTES = 16 * 1024;
const HEARTBEAT_MS = 15_000;

function problem(reply: FastifyReply, status: number, title: string, detail: string): FastifyReply {
  return reply.code(status).type('application/problem+json').send({ type: 'about:blank', title, status, detail });
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers['authorization'];
  const m = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m?.[1];
}

function facilitatorKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-facilitator-key'];
  return typeof header === 'string' ? header : undefined;
}

type CodeRequest = FastifyRequest<{ Params: { code: string } }>;

export const consultationPlugin: FastifyPluginAsync<ConsultationPluginOptions> = async (app: FastifyInstance, options) => {
  const service = new ConsultationService(options.broker, options.rules, options.now);
  options.onService?.(service);

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof ConsultationError) {
      if (error.retryAfterS !== undefined) void reply.header('retry-after', String(error.retryAfterS));
      return problem(reply, error.status, error.title, error.message);
    }
    if (error instanceof NgsiError) return problem(reply, 502, 'Broker error', `The context broker refused or failed: ${error.message}`);
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) return problem(reply, 413, 'Too large', `Request bodies are limited to ${BODY_LIMIT_BYTES} bytes.`);
    if (status !== undefined && status >= 400 && status < 500) return problem(reply, status, 'Bad request', (error as Error).message);
    return problem(reply, 500, 'Internal error', (error as Error).message);
  });

  const writeOptions = { bodyLimit: BODY_LIMIT_BYTES };
  const openStreams = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const end of openStreams) end();
  });

  app.post('/api/consultations', writeOptions, async (request, reply) => {
    const created = await service.create(request.body);
    return reply.code(201).send({ code: created.code, facilitatorKey: created.facilitatorKey, phase: service.phase(created.consultation) });
  });

  app.get('/api/consultations/:code', async (request: CodeRequest) => {
    const c = await service.get(request.params.code);
    const { facilitatorKeyHash: _hidden, ...visible } = c;
    return { ...visible, phase: service.phase(c) };
  });

  app.post('/api/consultations/:code/participants', writeOptions, async (request: CodeRequest, reply) => {
    return reply.code(201).send(await service.join(request.params.code));
  });

  app.post('/api/consultations/:code/responses', writeOptions, async (request: CodeRequest) => {
    const { participant: _p, ...stored } = await service.respond(request.params.code, bearer(request), request.body);
    return stored;
  });

  app.post('/api/consultations/:code/comments', writeOptions, async (request: CodeRequest, reply) => {
    const { participant: _p, ...stored } = await service.comment(request.params.code, bearer(request), request.body);
    return reply.code(201).send(stored);
  });

  app.get('/api/consultations/:code/comments', async (request: CodeRequest) => {
    const key = facilitatorKey(request);
    if (key !== undefined) await service.authorise(request.params.code, key);
    const comments = await service.comments(request.params.code, key === undefined ? 'participant' : 'facilitator');
    // Pseudonyms are kept from other participants; facilitators see them for moderation.
    return key === undefined ? comments.map(({ participant: _p, ...rest }) => rest) : comments;
  });

  app.post('/api/consultations/:code/moderation', writeOptions, async (request: FastifyRequest<{ Params: { code: string }; Body: unknown }>) => {
    const body = request.body as { commentId?: unknown; status?: unknown } | null;
    if (typeof body?.commentId !== 'string') throw new ConsultationError(400, 'Invalid input', 'commentId: must be the comment id');
    if (body.status !== 'hidden' && body.status !== 'visible') throw new ConsultationError(400, 'Invalid input', "status: must be 'hidden' or 'visible'");
    await service.moderate(request.params.code, facilitatorKey(request), body.commentId, body.status);
    return { commentId: body.commentId, status: body.status };
  });

  app.get('/api/consultations/:code/results', async (request: CodeRequest) => {
    const c = await service.authorise(request.params.code, facilitatorKey(request));
    const [responses, comments] = await Promise.all([service.responses(c.code), service.comments(c.code, 'facilitator')]);
    return { ...summariseResults(c, responses, comments), phase: service.phase(c) };
  });

  app.get('/api/consultations/:code/results.csv', async (request: CodeRequest, reply) => {
    const c = await service.authorise(request.params.code, facilitatorKey(request));
    const [responses, comments] = await Promise.all([service.responses(c.code), service.comments(c.code, 'facilitator')]);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="consultation-${c.code}.csv"`)
      .send(resultsCsv(c.code, responses, comments));
  });

  app.post('/api/consultations/:code/close', writeOptions, async (request: CodeRequest) => {
    const c = await service.close(request.params.code, facilitatorKey(request));
    return { code: c.code, phase: service.phase(c) };
  });

  app.get('/api/consultations/:code/events', async (request: CodeRequest, reply) => {
    const c = await service.get(request.params.code);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(`event: ready\ndata: ${JSON.stringify({ code: c.code, phase: service.phase(c) })}\n\n`);
    const onChange = (event: ChangeEvent) => {
      if (event.code === c.code) res.write(`event: change\ndata: ${JSON.stringify({ kind: event.kind })}\n\n`);
    };
    service.events.on('change', onChange);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    const stop = () => {
      clearInterval(heartbeat);
      service.events.off('change', onChange);
      openStreams.delete(end);
    };
    const end = () => {
      stop();
      res.end();
    };
    openStreams.add(end);
    request.raw.on('close', stop);
  });
};
