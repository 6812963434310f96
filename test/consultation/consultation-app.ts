/** Test helper: a fastify app with the embedded broker and the consultation API, on an in-memory database. */
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import { brokerPlugin } from '../../server/broker/plugin';
import { sameOriginBrokerClient } from '../../server/consultation/broker-client';
import { consultationPlugin } from '../../server/consultation/plugin';
import type { ConsultationService, RateRules } from '../../server/consultation/service';

export interface ConsultationTestApp {
  app: FastifyInstance;
  service: ConsultationService;
  call(o: InjectOptions): Promise<{ status: number; body: unknown; headers: Record<string, unknown>; text: string }>;
}

export async function createConsultationApp(options: { rules?: RateRules; now?: () => number } = {}): Promise<ConsultationTestApp> {
  const app = Fastify({ logger: false });
  let service: ConsultationService | undefined;
  await app.register(brokerPlugin, { dbPath: ':memory:', contextTimeoutMs: 300 });
  await app.register(consultationPlugin, { broker: sameOriginBrokerClient(app), ...options, onService: (s) => (service = s) });
  await app.ready();
  if (service === undefined) throw new Error('consultation plugin did not start');
  return {
    app,
    service,
    async call(o) {
      const r = await app.inject(o);
      const isJson = /json/.test(String(r.headers['content-type'] ?? ''));
      return { status: r.statusCode, body: isJson && r.body !== '' ? (JSON.parse(r.body) as unknown) : undefined, headers: r.headers, text: r.body };
    },
  };
}

export const SPEC = {
  title: { en: 'Hauptstraße: which street do you want?', fr: 'Hauptstraße : quelle rue voulez-vous ?', de: 'Hauptstraße: Welche Straße wollen Sie?' },
  variants: ['baseline', 'car-free-main-street'],
  questions: [
    { id: 'liking', kind: 'rating', text: { en: 'How much do you like this variant?', fr: 'Aimez-vous cette variante ?', de: 'Wie gefällt Ihnen diese Variante?' } },
    { id: 'preferred', kind: 'choice', text: { en: 'Which variant do you prefer?', fr: 'Quelle variante préférez-vous ?', de: 'Welche Variante bevorzugen Sie?' } },
    { id: 'remarks', kind: 'comment', text: 'Pin your remarks where they apply' },
  ],
  opensAt: '2026-01-01T00:00:00Z',
  closesAt: '2099-01-01T00:00:00Z',
  moderation: 'post',
} as const;

export const PIN = { lon: 7.85, lat: 47.995, height: 280 };
