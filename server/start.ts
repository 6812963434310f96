/**
 * `npm start [-- --city <file or folder>] [--port N] [--host H] [--no-open]`: starts the twin
 * (API + front end on one port), prints the URL and opens the browser when a display exists and
 * not in CI. A bad --city prints a clear error; the app still starts on the demo district and
 * shows the error.
 */
import { parseArgs } from 'node:util';
import { startTwinServer } from './app';
import { openBrowser } from './open-browser';

/** Where the embedded broker keeps its SQLite file unless --db or BROKER_DB says otherwise. */
const DEFAULT_BROKER_DB = '.twin-data/broker.sqlite';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      city: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      'no-open': { type: 'boolean' },
      'no-sensors': { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help === true) {
    process.stdout.write('npm start [-- --city <file or folder>] [--port N (0 = any free port)] [--host H] [--db broker.sqlite] [--no-open] [--no-sensors]\n');
    return;
  }
  const port = values.port === undefined ? 5173 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer 0–65535, got '${values.port}'`);
  const server = await startTwinServer({
    port,
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values.city === undefined ? {} : { city: values.city }),
    brokerDbPath: values.db ?? process.env['BROKER_DB'] ?? DEFAULT_BROKER_DB,
    open: false,
    // Live simulated sensors (server/sensors) every 10 s unless --no-sensors.
    sensors: values['no-sensors'] === true ? false : { rateS: 10 },
  });
  if (server.city.kind === 'demo' && server.city.error !== undefined) {
    process.stderr.write(`Error: ${server.city.error}\nStarting on the synthetic demo district instead.\n`);
  }
  const what = server.city.kind === 'files' ? `city "${server.city.name}" (${server.city.files.length} file(s))` : 'the synthetic demo district';
  process.stdout.write(`Civic Twin is running at ${server.url} with ${what}\n`);
  process.stdout.write(`NGSI-LD broker: ${server.url}ngsi-ld/v1\n`);
  if (values['no-open'] !== true) openBrowser(server.url);
  const stop = (): void => {
    // Open browser tabs keep sockets alive: give the close 3 s, then leave anyway.
    setTimeout(() => process.exit(0), 3000).unref();
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Error: ${(error as Error).message}\n`);
  process.exit(1);
});
