/**
 * An NgsiClient for the NGSI-LD API of this same fastify app, through `inject` (no socket, no
 * port): /ngsi-ld/* is the embedded broker, or the gateway's proxy to the configured external
 * broker, so the consultation service stores its entities over the standard API either way.
 */
import type { FastifyInstance } from 'fastify';
import { NgsiClient } from '../../src/ngsi/client';

const BASE = 'http://embedded.invalid/ngsi-ld/v1';

export function sameOriginBrokerClient(app: FastifyInstance): NgsiClient {
  const injectFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const method = (init?.method ?? 'GET') as 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
    const body = typeof init?.body === 'string' ? init.body : undefined;
    const r = await app.inject({ method, url: `${url.pathname}${url.search}`, headers, ...(body === undefined ? {} : { payload: body }) });
    const responseHeaders = new Headers();
    for (const [key, value] of Object.entries(r.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(key, String(v));
    }
    const nullBody = r.statusCode === 204 || r.statusCode === 304;
    return new Response(nullBody ? null : new Uint8Array(r.rawPayload), { status: r.statusCode, headers: responseHeaders });
  };
  return new NgsiClient({ baseUrl: BASE, fetch: injectFetch as typeof fetch, retries: 0 });
}
