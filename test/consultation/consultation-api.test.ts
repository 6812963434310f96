/**
 * Consultation API against the real embedded broker (in-memory SQLite): sessions, joining,
 * responses and pinned comments stored as NGSI-LD entities, moderation, results and CSV, and
 * every refusal (unknown, closed, too long, flooding, wrong key) answered with a 4xx problem
 * while nothing else changes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConsultationApp, PIN, SPEC, type ConsultationTestApp } from './consultation-app';

let t: ConsultationTestApp;

async function create(spec: Record<string, unknown> = SPEC): Promise<{ code: string; key: string }> {
  const r = await t.call({ method: 'POST', url: '/api/consultations', payload: spec });
  expect(r.status).toBe(201);
  const body = r.body as { code: string; facilitatorKey: string };
  return { code: body.code, key: body.facilitatorKey };
}

async function join(code: string): Promise<string> {
  const r = await t.call({ method: 'POST', url: `/api/consultations/${code}/participants` });
  expect(r.status).toBe(201);
  return (r.body as { token: string }).token;
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function brokerEntities(type: string): Promise<Record<string, unknown>[]> {
  const r = await t.call({ method: 'GET', url: `/ngsi-ld/v1/entities?type=${type}&limit=1000` });
  expect(r.status).toBe(200);
  return r.body as Record<string, unknown>[];
}

beforeEach(async () => {
  t = await createConsultationApp();
});
afterEach(async () => {
  await t.app.close();
});

describe('consultation sessions', () => {
  it('creates a consultation as an NGSI-LD entity and describes it publicly without the key', async () => {
    const { code } = await create();
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    const r = await t.call({ method: 'GET', url: `/api/consultations/${code.toLowerCase()}` });
    expect(r.status).toBe(200);
    const body = r.body as Record<string, unknown>;
    expect(body['phase']).toBe('open');
    expect(body['variants']).toEqual(['baseline', 'car-free-main-street']);
    expect(body['title']).toEqual(SPEC.title);
    expect(JSON.stringify(body)).not.toMatch(/facilitatorKey/);
    const [entity] = await brokerEntities('Consultation');
    expect(entity?.['id']).toBe(`urn:ngsi-ld:Consultation:${code}`);
    expect(entity?.['title']).toMatchObject({ type: 'LanguageProperty', languageMap: { fr: SPEC.title.fr } });
  });

  it('refuses an unknown consultation and a bad specification with words', async () => {
    const unknown = await t.call({ method: 'GET', url: '/api/consultations/ZZZZZZ' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ title: 'Unknown consultation', detail: expect.stringMatching(/ZZZZZZ/) });
    const bad = await t.call({ method: 'POST', url: '/api/consultations', payload: { ...SPEC, variants: [] } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ detail: expect.stringMatching(/^variants:/) });
    const backwards = await t.call({ method: 'POST', url: '/api/consultations', payload: { ...SPEC, closesAt: '2020-01-01T00:00:00Z' } });
    expect(backwards.status).toBe(400);
    expect(await brokerEntities('Consultation')).toHaveLength(0);
  });

  it('stores a rating and a choice once per participant, question and variant, replacing a repeat', async () => {
    const { code } = await create();
    const token = await join(code);
    for (const rating of [2, 4]) {
      const r = await t.call({ method: 'POST', url: `/api/consultations/${code}/responses`, headers: auth(token), payload: { questionId: 'liking', variant: 'baseline', rating } });
      expect(r.status).toBe(200);
    }
    await t.call({ method: 'POST', url: `/api/consultations/${code}/responses`, headers: auth(token), payload: { questionId: 'preferred', variant: 'baseline' } });
    await t.call({ method: 'POST', url: `/api/consultations/${code}/responses`, headers: auth(token), payload: { questionId: 'preferred', variant: 'car-free-main-street' } });
    const responses = await brokerEntities('ConsultationResponse');
    expect(responses).toHaveLength(2);
    const rating = responses.find((e) => (e['question'] as { value: string }).value === 'liking');
    expect(rating).toMatchObject({ rating: { value: 4 }, variant: { value: 'baseline' }, refConsultation: { type: 'Relationship', object: `urn:ngsi-ld:Consultation:${code}` } });
    const choice = responses.find((e) => (e['question'] as { value: string }).value === 'preferred');
    expect(choice).toMatchObject({ variant: { value: 'car-free-main-street' } });
    // No personal data: the participant is a random pseudonym; no address or agent is stored.
    expect(JSON.stringify(responses)).not.toMatch(/127\.0\.0\.1|lightMyRequest|user-agent/i);
  });

  it('refuses invalid answers with the field named and stores nothing', async () => {
    const { code } = await create();
    const token = await join(code);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ questionId: 'liking', variant: 'baseline', rating: 6 }, /^rating:/],
      [{ questionId: 'liking', variant: 'tower', rating: 3 }, /^variant:/],
      [{ questionId: 'nope', variant: 'baseline', rating: 3 }, /^questionId:/],
      [{ questionId: 'remarks', variant: 'baseline' }, /^questionId:/],
    ];
    for (const [payload, detail] of cases) {
      const r = await t.call({ method: 'POST', url: `/api/consultations/${code}/responses`, headers: auth(token), payload });
      expect(r.status).toBe(400);
      expect((r.body as { detail: string }).detail).toMatch(detail);
    }
    const anonymous = await t.call({ method: 'POST', url: `/api/consultations/${code}/responses`, payload: { questionId: 'liking', variant: 'baseline', rating: 3 } });
    expect(anonymous.status).toBe(401);
    expect(await brokerEntities('ConsultationResponse')).toHaveLength(0);
  });

  it('pins comments at a 3D position, refuses over-long text, and keeps text as text', async () => {
    const { code } = await create();
    const token = await join(code);
    const html = '<img src=x onerror=alert(1)> too close to the crossing';
    const ok = await t.call({ method: 'POST', url: `/api/consultations/${code}/comments`, headers: auth(token), payload: { variant: 'car-free-main-street', text: html, position: PIN, language: 'de' } });
    expect(ok.status).toBe(201);
    const reaction = await t.call({ method: 'POST', url: `/api/consultations/${code}/comments`, headers: auth(token), payload: { variant: 'baseline', reaction: 'safety', position: PIN } });
    expect(reaction.status).toBe(201);
    const long = await t.call({ method: 'POST', url: `/api/consultations/${code}/comments`, headers: auth(token), payload: { variant: 'baseline', text: 'x'.repeat(501), position: PIN } });
    expect(long.status).toBe(400);
    expect((long.body as { detail: string }).detail).toMatch(/^text: is longer than 500 characters/);
    const huge = await t.call({ method: 'POST', url: `/api/consultations/${code}/comments`, headers: { ...auth(token), 'content-type': 'application/json' }, payload: JSON.stringify({ variant: 'baseline', text: 'y'.repeat(40_000), position: PIN }) });
    expect(huge.status).toBe(413);
    const comments = await brokerEntities('ConsultationComment');
    expect(comments).toHaveLength(2);
    const stored = comments.find((c) => c['text'] !== undefined);
    expect(stored).toMatchObject({ text: { value: html }, language: { value: 'de' }, location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [PIN.lon, PIN.lat, PIN.height] } } });
    const list = await t.call({ method: 'GET', url: `/api/consultations/${code}/comments` });
    expect(list.headers['content-type']).toMatch(/application\/json/);
    expect((list.body as { text?: string }[]).map((c) => c.text)).toContain(html);
  });

  it('refuses a flood from one participant with 429 and stores only what was accepted', async () => {
    const { code } = await create();
    const token = await join(code);
    const statuses: number[] = [];
    for (let k = 0; k < 12; k++) {
      const r = await t.call({ method: 'POST', url: `/api/consultations/${code}/comments`, headers: auth(token), payload: { variant: 'baseline', text: `spam ${k}`, position: PIN } });
      statuses.push(r.status);
      if (r.status === 429) expect(r.headers['retry-after']).toMatch(/^\d+$/);
    }
    const accepted = statuses.filter((s) => s === 201).length;
    expect(accepted).toBe(5);
    expect(statuses.slice(accepted).every((s) => s === 429)).toBe(true);
    expect(await brokerEntities('ConsultationComment')).toHaveLength(accepted);
    // Another participant is not affected by the first one's flood.
    const other = await join(code);
    const r = await t.call({ method: 'POST', url: `/api/consultations/${code}/comments`, headers: auth(other), payload: { variant: 'baseline', reaction: 'like', position: PIN } });
    expect(r.status).toBe(201);
  });

  it('moderation hides a comment from participants and restores it; only with the facilitator key', async () => {
    const { code, key } = await create();
    const token = await join(code);
    const pinned = await t.call({ method: 'POST', url: `/api/consultations/${code}/comments`, headers: auth(token), payload: { variant: 'baseline', text: 'rude words', position: PIN } });
    const commentId = (pinned.body as { id: string }).id;
    const wrong = await t.call({ method: 'POST', url: `/api/consultations/${code}/moderation`, headers: { 'x-facilitator-key': 'guess' }, payload: { commentId, status: 'hidden' } });
    expect(wrong.status).toBe(403);
    const hide = await t.call({ method: 'POST', url: `/api/consultations/${code}/moderation`, headers: { 'x-facilitator-key': key }, payload: { commentId, status: 'hidden' } });
    expect(hide.status).toBe(200);
    const participantView = await t.call({ method: 'GET', url: `/api/consultations/${code}/comments` });
    expect(participantView.body).toEqual([]);
    const facilitatorView = await t.call({ method: 'GET', url: `/api/consultations/${code}/comments`, headers: { 'x-facilitator-key': key } });
    expect(facilitatorView.body).toMatchObject([{ id: commentId, status: 'hidden' }]);
    await t.call({ method: 'POST', url: `/api/consultations/${code}/moderation`, headers: { 'x-facilitator-key': key }, payload: { commentId, status: 'visible' } });
    expect(((await t.call({ method: 'GET', url: `/api/consultations/${code}/comments` })).body as unknown[]).length).toBe(1);
  });

  it('pre-moderation keeps new comments pending until approved', async () => {
    const { code, key } = await create({ ...SPEC, moderation: 'pre' });
    const token = await join(code);
    const pinned = await t.call({ method: 'POST', url: `/api/consultations/${code}/comments`, headers: auth(token), payload: { variant: 'baseline', text: 'wait for me', position: PIN } });
    expect(pinned.body).toMatchObject({ status: 'pending' });
    expect((await t.call({ method: 'GET', url: `/api/consultations/${code}/comments` })).body).toEqual([]);
    await t.call({ method: 'POST', url: `/api/consultations/${code}/moderation`, headers: { 'x-facilitator-key': key }, payload: { commentId: (pinned.body as { id: string }).id, status: 'visible' } });
    expect((await t.call({ method: 'GET', url: `/api/consultations/${code}/comments` })).body).toMatchObject([{ text: 'wait for me' }]);
  });

  it('a closed consultation refuses joins and answers, and says since when', async () => {
    const { code, key } = await create();
    const token = await join(code);
    const closed = await t.call({ method: 'POST', url: `/api/consultations/${code}/close`, headers: { 'x-facilitator-key': key } });
    expect(closed.body).toMatchObject({ phase: 'closed' });
    const r = await t.call({ method: 'POST', url: `/api/consultations/${code}/responses`, headers: auth(token), payload: { questionId: 'liking', variant: 'baseline', rating: 3 } });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ title: 'Consultation closed' });
    expect((await t.call({ method: 'POST', url: `/api/consultations/${code}/participants` })).status).toBe(409);
    const scheduled = await create({ ...SPEC, opensAt: '2098-01-01T00:00:00Z' });
    const early = await t.call({ method: 'POST', url: `/api/consultations/${scheduled.code}/participants` });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ detail: expect.stringMatching(/opens at 2098-01-01/) });
    expect(await brokerEntities('ConsultationResponse')).toHaveLength(0);
  });

  it('results summarise ratings, choices and comments; CSV neutralises formulas', async () => {
    const { code, key } = await create();
    const ratings = [5, 4, 1];
    for (const rating of ratings) {
      const token = await join(code);
      await t.call({ method: 'POST', url: `/api/consultations/${code}/responses`, headers: auth(token), payload: { questionId: 'liking', variant: 'car-free-main-street', rating } });
      await t.call({ method: 'POST', url: `/api/consultations/${code}/responses`, headers: auth(token), payload: { questionId: 'preferred', variant: rating > 2 ? 'car-free-main-street' : 'baseline' } });
    }
    const token = await join(code);
    await t.call({ method: 'POST', url: `/api/consultations/${code}/comments`, headers: auth(token), payload: { variant: 'baseline', text: '=HYPERLINK("x")', position: PIN } });
    expect((await t.call({ method: 'GET', url: `/api/consultations/${code}/results` })).status).toBe(401);
    const results = (await t.call({ method: 'GET', url: `/api/consultations/${code}/results`, headers: { 'x-facilitator-key': key } })).body as {
      participants: number;
      ratings: { variant: string; count: number; mean: number; distribution: number[] }[];
      choices: { variant: string; count: number; share: number }[];
      comments: unknown[];
    };
    expect(results.participants).toBe(4);
    const carFree = results.ratings.find((r) => r.variant === 'car-free-main-street');
    expect(carFree).toMatchObject({ count: 3, distribution: [1, 0, 0, 1, 1] });
    expect(carFree?.mean).toBeCloseTo(10 / 3, 12);
    expect(results.choices.find((c) => c.variant === 'car-free-main-street')).toMatchObject({ count: 2 });
    expect(results.choices.find((c) => c.variant === 'baseline')?.share).toBeCloseTo(1 / 3, 12);
    expect(results.comments).toHaveLength(1);
    const csv = await t.call({ method: 'GET', url: `/api/consultations/${code}/results.csv`, headers: { 'x-facilitator-key': key } });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines).toHaveLength(1 + 6 + 1);
    expect(lines.find((l) => l.startsWith('comment'))).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe('a full room', () => {
  it('200 participants answering at once are all stored exactly once', async () => {
    const { code, key } = await create();
    const tokens = await Promise.all(Array.from({ length: 200 }, () => join(code)));
    expect(new Set(tokens).size).toBe(200);
    const answers = await Promise.all(
      tokens.flatMap((token, k) => [
        t.call({ method: 'POST', url: `/api/consultations/${code}/responses`, headers: auth(token), payload: { questionId: 'liking', variant: 'baseline', rating: (k % 5) + 1 } }),
        // Every participant's client retries once (a double tap): still one entity.
        t.call({ method: 'POST', url: `/api/consultations/${code}/responses`, headers: auth(token), payload: { questionId: 'liking', variant: 'baseline', rating: (k % 5) + 1 } }),
      ]),
    );
    expect(answers.map((a) => a.status).filter((s) => s !== 200)).toEqual([]);
    const stored = await brokerEntities('ConsultationResponse');
    expect(stored).toHaveLength(200);
    expect(new Set(stored.map((e) => e['id'])).size).toBe(200);
    const results = (await t.call({ method: 'GET', url: `/api/consultations/${code}/results`, headers: { 'x-facilitator-key': key } })).body as { participants: number; ratings: { variant: string; distribution: number[] }[] };
    expect(results.participants).toBe(200);
    expect(results.ratings.find((r) => r.variant === 'baseline')?.distribution).toEqual([40, 40, 40, 40, 40]);
  });
});

describe('live change events', () => {
  it('streams a change event to listeners when a participant answers', async () => {
    const { code } = await create();
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    const response = await fetch(`${address}/api/consultations/${code}/events`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body?.getReader();
    if (reader === undefined) throw new Error('no body');
    const decoder = new TextDecoder();
    let received = '';
    const token = await join(code);
    await t.call({ method: 'POST', url: `/api/consultations/${code}/responses`, headers: auth(token), payload: { questionId: 'liking', variant: 'baseline', rating: 5 } });
    while (!received.includes('event: change')) {
      const { value, done } = await reader.read();
      if (done) break;
      received += decoder.decode(value);
    }
    controller.abort();
    expect(received).toMatch(/event: ready\ndata: \{"code":"[A-Z0-9]+","phase":"open"\}/);
    expect(received).toMatch(/event: change\ndata: \{"kind":"response"\}/);
  });
});
