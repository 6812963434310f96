/**
 * Scenario files for the page (issue 10): the JSON files of `scenarios/` (schema.json aside).
 * - GET /api/scenarios → { scenarios: [{ id, file, name, description }] } (id = file name without
 *   `.json`; a file that is not valid JSON is listed with `error`, so the page can say why)
 * - GET /api/scenarios/:id → the file's text (application/json), 404 for an unknown id.
 * Only names from the folder listing are served: no path is built from the request.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';

export const SCENARIOS_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', 'scenarios');

export interface ScenarioListEntry {
  id: string;
  file: string;
  name: string;
  description: string;
  /** Why the file's name/description could not be read (the page's loader gives the full error). */
  error?: string;
}

/** The scenario files of `dir`, sorted with `baseline` first, then by id. */
export async function listScenarios(dir: string): Promise<ScenarioListEntry[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json') && f !== 'schema.json');
  const out: ScenarioListEntry[] = [];
  for (const file of files) {
    const id = file.slice(0, -'.json'.length);
    const text = await readFile(join(dir, file), 'utf8');
    try {
      const v = JSON.parse(text) as { name?: unknown; description?: unknown };
      out.push({ id, file, name: typeof v.name === 'string' ? v.name : id, description: typeof v.description === 'string' ? v.description : '' });
    } catch (e) {
      out.push({ id, file, name: id, description: '', error: `${file}: not valid JSON: ${(e as Error).message}` });
    }
  }
  return out.sort((a, b) => (a.id === 'baseline' ? -1 : b.id === 'baseline' ? 1 : a.id.localeCompare(b.id)));
}

export const scenarioRoutes: FastifyPluginAsync<{ dir?: string }> = async (app: FastifyInstance, options) => {
  const dir = options.dir ?? SCENARIOS_DIR;
  app.get('/api/scenarios', async () => ({ scenarios: await listScenarios(dir) }));
  app.get<{ Params: { id: string } }>('/api/scenarios/:id', async (request, reply) => {
    const entry = (await listScenarios(dir)).find((s) => s.id === request.params.id);
    if (entry === undefined) {
      return reply.code(404).type('application/problem+json').send({ type: 'about:blank', title: 'Not Found', status: 404, detail: `No scenario with id '${request.params.id}'` });
    }
    return reply.type('application/json; charset=utf-8').send(await readFile(join(dir, entry.file), 'utf8'));
  });
};
