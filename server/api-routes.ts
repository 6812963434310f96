/**
 * The twin's small HTTP API (fastify plugin), apart from `listen()` so tests can `inject`:
 * - GET /api/health → { status: 'ok' }
 * - GET /api/city → { kind: 'demo', error? } or { kind: 'files', name, files: [{ name, url, sizeBytes }] }
 * - GET /api/city/files/:name → the bytes of one file of the `--city` source.
 */
import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { CitySource } from './city-source';

export interface ApiRoutesOptions {
  city: CitySource;
}

export type CityResponse =
  | { kind: 'demo'; error?: string }
  | { kind: 'files'; name: string; files: { name: string; url: string; sizeBytes: number }[] };

export function cityResponse(city: CitySource): CityResponse {
  if (city.kind === 'demo') return city.error === undefined ? { kind: 'demo' } : { kind: 'demo', error: city.error };
  return {
    kind: 'files',
    name: city.name,
    files: city.files.map((f) => ({ name: f.name, url: `/api/city/files/${encodeURIComponent(f.name)}`, sizeBytes: f.sizeBytes })),
  };
}

export const apiRoutes: FastifyPluginAsync<ApiRoutesOptions> = async (app: FastifyInstance, options) => {
  const { city } = options;
  app.get('/api/health', async () => ({ status: 'ok' }));
  app.get('/api/city', async () => cityResponse(city));
  app.get<{ Params: { name: string } }>('/api/city/files/:name', async (request, reply) => {
    // Only names from the listing are served: no path is ever built from the request.
    const file = city.kind === 'files' ? city.files.find((f) => f.name === request.params.name) : undefined;
    if (file === undefined) {
      return reply.code(404).type('application/problem+json').send({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: `No city file named '${request.params.name}'`,
      });
    }
    return reply.type('application/octet-stream').header('content-length', file.sizeBytes).send(createReadStream(file.path));
  });
};
