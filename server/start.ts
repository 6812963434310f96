/**
 * `npm start [-- --city <file or folder>] [--port N] [--host H] [--no-open]
 * [--broker URL [--temporal URL] [--tenant T] [--notify http|mqtt|poll] [--notify-url URL] [--mqtt URL]]`
 * (token of an external broker from TWIN_BROKER_TOKEN; see server/README.md, "Gateway"): starts the twin
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
      sensors: { type: 'boolean' },
      broker: { type: 'string' },
      temporal: { type: 'string' },
      tenant: { type: 'string' },
      notify: { type: 'string' },
      'notify-url': { type: 'string' },
      mqtt: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help === true) {
    process.stdout.write(
      'npm start [-- --city <file or folder>] [--port N (0 = any free port)] [--host H] [--db broker.sqlite] [--no-open] [--no-sensors]\n' +
        '          [--broker URL (external NGSI-LD broker root, e.g. http://localhost:1026) [--temporal URL] [--tenant T] [--sensors (simulator into it)]]\n' +
        '          [--notify http|mqtt|poll] [--notify-url URL (where the broker reaches this server)] [--mqtt mqtt://host:port]\n' +
        '  env TWIN_BROKER_TOKEN: Bearer token for the external broker\n',
    );
    return;
  }
  const notify = values.notify ?? (values.mqtt === undefined ? 'http' : 'mqtt');
  if (notify !== 'http' && notify !== 'mqtt' && notify !== 'poll') throw new Error(`--notify must be http, mqtt or poll, got '${notify}'`);
  if (notify === 'mqtt' && values.mqtt === undefined) throw new Error('--notify mqtt needs --mqtt mqtt://host:port (a mosquitto the broker can publish to)');
  for (const [name, url] of [['--broker', values.broker], ['--temporal', values.temporal], ['--notify-url', values['notify-url']]] as const) {
    if (url !== undefined && !/^https?:\/\/[^/]/.test(url)) throw new Error(`${name} must be an http(s) URL, got '${url}'`);
  }
  if (values.temporal !== undefined && values.broker === undefined) throw new Error('--temporal needs --broker');
  const token = process.env['TWIN_BROKER_TOKEN'];
  const broker =
    values.broker === undefined
      ? undefined
      : {
          url: values.broker.replace(/\/ngsi-ld\/v1\/?$/, ''),
          ...(values.temporal === undefined ? {} : { temporalUrl: values.temporal.replace(/\/ngsi-ld\/v1\/?$/, '') }),
          ...(values.tenant === undefined ? {} : { tenant: values.tenant }),
          ...(token === undefined || token === '' ? {} : { token }),
        };
  // The simulator publishes into the embedded broker by default; into an external one only with --sensors.
  const simulate = values['no-sensors'] !== true && (broker === undefined || values.sensors === true);
  const port = values.port === undefined ? 5173 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer 0–65535, got '${values.port}'`);
  const server = await startTwinServer({
    port,
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values.city === undefined ? {} : { city: values.city }),
    brokerDbPath: values.db ?? process.env['BROKER_DB'] ?? DEFAULT_BROKER_DB,
    open: false,
    // Live simulated sensors (server/sensors) every 10 s unless --no-sensors.
    sensors: simulate ? { rateS: 10 } : false,
    ...(broker === undefined ? {} : { broker }),
    live: { notification: notify, log: (line: string) => process.stderr.write(`${line}\n`), ...(values['notify-url'] === undefined ? {} : { notifyUrl: values['notify-url'] }), ...(values.mqtt === undefined ? {} : { mqttUrl: values.mqtt }) },
  });
  if (server.city.kind === 'demo' && server.city.error !== undefined) {
    process.stderr.write(`Error: ${server.city.error}\nStarting on the synthetic demo district instead.\n`);
  }
  const what = server.city.kind === 'files' ? `city "${server.city.name}" (${server.city.files.length} file(s))` : 'the synthetic demo district';
  process.stdout.write(`Civic Twin is running at ${server.url} with ${what}\n`);
  process.stdout.write(broker === undefined ? `NGSI-LD broker: ${server.url}ngsi-ld/v1\n` : `NGSI-LD broker: ${broker.url}/ngsi-ld/v1 (external, proxied at ${server.url}ngsi-ld/v1; live updates by ${notify})\n`);
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
