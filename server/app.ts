/**
 * The twin's server: one port for the API (fastify) and the front end (Vite's dev server in
 * middleware mode). Requests under /api and /ngsi-ld go to fastify; everything else goes
 * to Vite, which serves index.html, the modules and /cesium.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { ViteDevServer } from 'vite';
import { apiRoutes } from './api-routes';
import { resolveCitySource, type CitySource } from './city-source';
import { openBrowser } from './open-browser';
import { brokerPlugin } from './broker/plugin';
import { sameOriginBrokerClient } from './consultation/broker-client';
import { consultationPlugin } from './consultation/plugin';
import { scenarioRoutes } from './scenario-routes';
import { startSensors, type RunningSensors } from './sensors/publisher';
import { closeLiveGateway, registerGateway, type ExternalBroker, type LiveGatewayOptions } from './gateway/plugin';

export const PROJECT_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

export interface TwinServerOptions {
  /** TCP port; 0 (default in tests) picks a free one. Default 5173. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** The `--city` file or folder; absent = demo district. */
  city?: string;
  /** Open the system browser when a display exists and not in CI (see start.ts). */
  open?: boolean;
  /** Serve the front end through Vite (default true; API-only servers for tests pass false). */
  frontEnd?: boolean;
  /** Vite file watching and hot reload (default true; e2e tests turn it off). */
  hotReload?: boolean;
  /**
   * SQLite file of the embedded NGSI-LD broker (served under /ngsi-ld/v1); default ':memory:'
   * (tests). `npm start` passes a file so the twin's context data survives restarts.
   */
  brokerDbPath?: string;
  /** More fastify plugins to register. */
  plugins?: FastifyPluginAsync[];
  /** Live sensor simulator publishing into the broker (server/sensors); default off. */
  sensors?: { rateS: number; seed?: number } | false;
  /** An external NGSI-LD broker: /ngsi-ld/* is proxied to it instead of the embedded broker (server/gateway). */
  broker?: ExternalBroker;
  /** The live gateway (GET /api/live/stream; server/gateway); default on with HTTP notifications, false = off. */
  live?: LiveGatewayOptions | false;
}

export interface TwinServer {
  url: string;
  city: CitySource;
  close(): Promise<void>;
}

/** Paths the API answers; the rest is the front end. */
const API_PREFIXES = ['/api/', '/ngsi-ld/'];

function isApiRequest(url: string | undefined): boolean {
  if (url === undefined) return false;
  return url === '/api' || API_PREFIXES.some((p) => url.startsWith(p));
}

/** Build the fastify app (no listen): used by startTwinServer and by the server tests. */
export async function buildApiApp(options: { city: CitySource; brokerDbPath?: string; plugins?: FastifyPluginAsync[]; broker?: ExternalBroker; live?: LiveGatewayOptions | false; serverFactory?: (handler: (req: IncomingMessage, res: ServerResponse) => void) => Server }): Promise<FastifyInstance> {
  const app = options.serverFactory === undefined ? Fastify({ logger: false }) : Fastify({ logger: false, serverFactory: options.serverFactory });
  await app.register(apiRoutes, { city: options.city });

  // The embedded NGSI-LD broker (MIM1) on the same origin, so the page needs no CORS.
  const dbPath = options.brokerDbPath ?? ':memory:';
  if (options.broker === undefined) await app.register(brokerPlugin, { dbPath, ...(dbPath === ':memory:' ? {} : { contextCacheDir: `${dbPath}.contexts` }) });
  // The same-origin gateway: proxy to an external broker (when given) and the page's live stream.
  if (options.live !== false) await registerGateway(app, options.broker, options.live ?? {});
  else if (options.broker !== undefined) throw new Error('an external broker needs the gateway (live: false given)');
  // Consultations (issue 11) keep their entities in whichever broker /ngsi-ld/* reaches.
  await app.register(consultationPlugin, { broker: sameOriginBrokerClient(app) });
  await app.register(scenarioRoutes); // Scenario files (issue 10).
  for (const plugin of options.plugins ?? []) await app.register(plugin);
  return app;
}

export async function startTwinServer(options: TwinServerOptions = {}): Promise<TwinServer> {
  const city = resolveCitySource(options.city);
  const host = options.host ?? '127.0.0.1';
  const frontEnd = options.frontEnd ?? true;
  const hotReload = options.hotReload ?? true;

  let vite: ViteDevServer | undefined;
  let httpServer: Server | undefined;
  const app = await buildApiApp({
    city,
    ...(options.brokerDbPath === undefined ? {} : { brokerDbPath: options.brokerDbPath }),
    ...(options.plugins === undefined ? {} : { plugins: options.plugins }),
    ...(options.broker === undefined ? {} : { broker: options.broker }),
    ...(options.live === undefined ? {} : { live: options.live }),
    serverFactory: (handler) => {
      httpServer = createHttpServer((req, res) => {
        if (vite === undefined || isApiRequest(req.url)) handler(req, res);
        else vite.middlewares(req, res);
      });
      return httpServer;
    },
  });
  await app.ready();
  const sensors: RunningSensors | undefined = options.sensors ? startSensors(app, options.sensors) : undefined;
  if (frontEnd) {
    const { createServer: createViteServer } = await import('vite');
    vite = await createViteServer({
      root: PROJECT_ROOT,
      configFile: resolve(PROJECT_ROOT, 'vite.config.ts'),
      appType: 'spa',
      logLevel: 'warn',
      server: {
        middlewareMode: true,
        hmr: hotReload && httpServer !== undefined ? { server: httpServer } : false,
        ...(hotReload ? {} : { watch: null }),
      },
    });
  }
  let address: string;
  try {
    address = await app.listen({ port: options.port ?? 5173, host });
  } catch (error) {
    sensors?.stop();
    await closeLiveGateway(app);
    await vite?.close();
    throw error;
  }
  const port = new URL(address).port;
  const url = `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}/`;
  if (options.open === true) openBrowser(url);
  return {
    url,
    city,
    async close() {
      sensors?.stop();
      // Before the app closes: the gateway deletes its subscriptions while the broker still answers.
      await closeLiveGateway(app);
      await vite?.close();
      await app.close();
    },
  };
}
