/**
 * Run the NGSI-LD broker alone: `npm run broker -- --port 1026 --db data/broker.sqlite`
 * (env BROKER_PORT, BROKER_DB, BROKER_HOST, BROKER_WRITE_TOKENS, BROKER_READ_TOKENS, BROKER_CORS).
 */
import Fastify from 'fastify';
import { brokerPlugin, type BrokerTokens } from './plugin';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

const args = process.argv.slice(2);
const port = Number(option(args, 'port') ?? process.env['BROKER_PORT'] ?? 1026);
const dbPath = option(args, 'db') ?? process.env['BROKER_DB'] ?? 'data/broker.sqlite';
const host = option(args, 'host') ?? process.env['BROKER_HOST'] ?? '127.0.0.1';
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port / BROKER_PORT: ${port} is not a TCP port`);
  process.exit(2);
}
const list = (value: string | undefined): string[] | undefined => (value === undefined || value === '' ? undefined : value.split(','));
const tokens: BrokerTokens = {};
const write = list(process.env['BROKER_WRITE_TOKENS']);
const read = list(process.env['BROKER_READ_TOKENS']);
if (write !== undefined) tokens.write = write;
if (read !== undefined) tokens.read = read;

const app = Fastify({ logger: false });
await app.register(brokerPlugin, {
  dbPath,
  contextCacheDir: `${dbPath}.contexts`,
  ...(write === undefined && read === undefined ? {} : { tokens }),
  ...(process.env['BROKER_CORS'] === undefined ? {} : { corsOrigin: process.env['BROKER_CORS'] }),
});
const address = await app.listen({ port, host });
console.log(`NGSI-LD broker on ${address}/ngsi-ld/v1 (database ${dbPath})`);
const stop = (): void => {
  void app.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
