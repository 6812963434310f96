/**
 * The consultation entities the service writes (read back from the real embedded broker in the
 * simplified representation) validate against the published JSON Schemas of
 * server/consultation/data-models, and the schemas reject what the API would refuse.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { createConsultationApp, PIN, SPEC, type ConsultationTestApp } from './consultation-app';

const MODELS = resolve(__dirname, '../../server/consultation/data-models');
const TYPES = ['Consultation', 'ConsultationResponse', 'ConsultationComment'] as const;

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const validators = Object.fromEntries(TYPES.map((type) => [type, ajv.compile(JSON.parse(readFileSync(resolve(MODELS, type, 'schema.json'), 'utf8')) as object)]));

let t: ConsultationTestApp;

beforeAll(async () => {
  t = await createConsultationApp();
  const created = (await t.call({ method: 'POST', url: '/api/consultations', payload: SPEC })).body as { code: string };
  const token = ((await t.call({ method: 'POST', url: `/api/consultations/${created.code}/participants` })).body as { token: string }).token;
  const headers = { authorization: `Bearer ${token}` };
  await t.call({ method: 'POST', url: `/api/consultations/${created.code}/responses`, headers, payload: { questionId: 'liking', variant: 'baseline', rating: 3 } });
  await t.call({ method: 'POST', url: `/api/consultations/${created.code}/responses`, headers, payload: { questionId: 'preferred', variant: 'baseline' } });
  await t.call({ method: 'POST', url: `/api/consultations/${created.code}/comments`, headers, payload: { variant: 'baseline', text: 'Trees here please', position: PIN, language: 'fr' } });
  await t.call({ method: 'POST', url: `/api/consultations/${created.code}/comments`, headers, payload: { variant: 'baseline', reaction: 'idea', position: PIN } });
});
afterAll(async () => {
  await t.app.close();
});

describe('consultation data models', () => {
  it.each(TYPES)('every %s entity in the broker validates against its schema', async (type) => {
    const r = await t.call({ method: 'GET', url: `/ngsi-ld/v1/entities?type=${type}&options=keyValues&limit=100` });
    const entities = r.body as unknown[];
    expect(entities.length).toBeGreaterThan(0);
    const validate = validators[type];
    for (const entity of entities) {
      const ok = validate?.(entity);
      expect(ok, JSON.stringify(validate?.errors)).toBe(true);
    }
  });

  it('the schemas reject a rating off the scale and a comment with neither text nor reaction', () => {
    const response = { id: 'urn:ngsi-ld:ConsultationResponse:ABC', type: 'ConsultationResponse', refConsultation: 'urn:ngsi-ld:Consultation:ABCDEF', participant: '2b1c3c4e-1d2f-4a5b-9c8d-7e6f5a4b3c2d', question: 'liking', variant: 'baseline', rating: 7 };
    expect(validators.ConsultationResponse?.(response)).toBe(false);
    expect(validators.ConsultationResponse?.({ ...response, rating: 5 })).toBe(true);
    const comment = { id: 'urn:ngsi-ld:ConsultationComment:X', type: 'ConsultationComment', refConsultation: 'urn:ngsi-ld:Consultation:ABCDEF', participant: '2b1c3c4e-1d2f-4a5b-9c8d-7e6f5a4b3c2d', variant: 'baseline', location: { type: 'Point', coordinates: [7.8, 47.9, 280] }, moderationStatus: 'visible' };
    expect(validators.ConsultationComment?.(comment)).toBe(false);
    expect(validators.ConsultationComment?.({ ...comment, reaction: 'like' })).toBe(true);
  });
});
