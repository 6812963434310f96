/**
 * The live half of the gateway: it watches the broker on the pages' behalf and pushes what changes
 * to them over SSE (./live-hub).
 * - One NGSI-LD subscription (ETSI GS CIM 009 §5.8) per watch set (entity types + attributes +
 *   @context), created when the first page asks for that set, notifying either the gateway's HTTP
 *   endpoint POST /api/live/notify/{key}/{n} (default; key: random per run, so only the brokers
 *   the gateway subscribed with can push to pages), or an MQTT topic on a mosquitto broker that the
 *   NGSI-LD broker publishes to and the gateway subscribes to (§7.3 `{ metadata, body }`), or —
 *   when the broker cannot reach the gateway at all — no subscription: the gateway polls
 *   `?type=…&attrs=…&options=sysAttrs` and forwards the entities whose `modifiedAt` (else latest
 *   `observedAt`, else content) changed.
 * - A health probe (GET /ngsi-ld/v1/types, every `healthIntervalMs`, at once after a proxy
 *   failure) notices the broker going away; pages get `status` {broker:'down', error, since}.
 *   When it answers again every subscription is checked (GET) and created anew if the broker lost
 *   it, and only then do pages get `status` up (they re-bootstrap on it).
 * - close() deletes the subscriptions it made and ends the streams.
 */
import { randomUUID } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import { NgsiError, createNgsiClient, type NgsiClient } from '../../src/ngsi';
import { LiveHub, type BrokerStatus } from './live-hub';
import { transportReason, type ExternalBroker } from './proxy';

export type NotificationMode = 'http' | 'mqtt' | 'poll';

export interface LiveGatewayOptions {
  /** How the broker tells the gateway about changes; default 'http'. */
  notification?: NotificationMode;
  /** Base URL at which the broker reaches this server (http mode); default the server's own address. */
  notifyUrl?: string;
  /** mosquitto (MQTT 3.1.1/5) URL, e.g. mqtt://127.0.0.1:1883, for the mqtt mode. */
  mqttUrl?: string;
  /** Health probe period, ms; default 2000. */
  healthIntervalMs?: number;
  /** Probe time-out, ms; default 3000. */
  probeTimeoutMs?: number;
  /** Keep-alive comment period of the page streams, ms; default 10 000. */
  heartbeatMs?: number;
  /** Poll period of the poll mode, ms; default 5000. */
  pollIntervalMs?: number;
  /** Most watch sets (distinct type/attrs/@context requests, one subscription each); default 32. */
  maxWatchSets?: number;
  /** Hears every change of the broker's state in words (npm start prints it); default silent. */
  log?: (line: string) => void;
}

export interface WatchRequest {
  types: readonly string[];
  attrs?: readonly string[];
  /** The page's @context URL (sent as Link when subscribing/polling); default the core context. */
  context?: string;
}

interface Watch extends WatchRequest {
  key: string;
  index: number;
  client: NgsiClient;
  subscriptionId: string | null;
  /** Poll mode: entity id → change signature. */
  seen: Map<string, string>;
  /** The subscription being made for the first page, if any. */
  pending: Promise<void> | null;
}

const DESCRIPTION = 'Civic Twin live gateway';

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** What tells one version of an entity from the next: modifiedAt, else the latest observedAt, else its content. */
export function changeSignature(entity: Record<string, unknown>): string {
  if (typeof entity['modifiedAt'] === 'string') return entity['modifiedAt'];
  let latest = '';
  for (const value of Object.values(entity)) {
    for (const instance of Array.isArray(value) ? value : [value]) {
      if (isRecord(instance)) {
        const at = instance['modifiedAt'] ?? instance['observedAt'];
        if (typeof at === 'string' && at > latest) latest = at;
      }
    }
  }
  return latest !== '' ? latest : JSON.stringify(entity);
}

export class LiveGateway {
  readonly hub: LiveHub;
  readonly mode: NotificationMode;
  private readonly watches = new Map<string, Watch>();
  private state: BrokerStatus = { broker: 'down', error: 'the gateway has not started yet', since: new Date().toISOString() };
  private root: string | null = null;
  private notifyBase: string | null = null;
  private healthTimer: ReturnType<typeof setInterval> | null = null;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private probing: Promise<void> | null = null;
  private mqtt: Promise<MqttClient> | null = null;
  private readonly topicBase = `civic-twin/gateway/${randomUUID()}`;
  private closed = false;
  private cleaned = false;
  private downLogged = false;

  constructor(
    private readonly options: LiveGatewayOptions,
    /** The external broker; null = the embedded one on this server. */
    readonly broker: ExternalBroker | null,
  ) {
    this.mode = options.notification ?? 'http';
    if (this.mode === 'mqtt' && options.mqttUrl === undefined) throw new Error("live gateway: notification 'mqtt' needs mqttUrl (e.g. mqtt://127.0.0.1:1883)");
    this.hub = new LiveHub(options.heartbeatMs ?? 10_000);
  }

  get status(): BrokerStatus {
    return this.state;
  }

  /** The broker's root URL as the gateway uses it (null before start). */
  get brokerRoot(): string | null {
    return this.root;
  }

  get subscriptionIds(): string[] {
    return [...this.watches.values()].flatMap((w) => (w.subscriptionId === null ? [] : [w.subscriptionId]));
  }

  /** Starts probing the broker; `selfUrl` is this server's own root (the embedded broker's, and the default notification address). */
  start(selfUrl: string): void {
    if (this.closed || this.root !== null) return;
    const self = selfUrl.replace(/\/$/, '');
    this.root = (this.broker?.url ?? self).replace(/\/$/, '');
    this.notifyBase = (this.options.notifyUrl ?? self).replace(/\/$/, '');
    this.healthTimer = setInterval(() => void this.probe(), this.options.healthIntervalMs ?? 2000);
    this.healthTimer.unref();
    if (this.mode === 'poll') {
      this.pollTimer = setInterval(() => void this.pollAll(), this.options.pollIntervalMs ?? 5000);
      this.pollTimer.unref();
    }
    void this.probe();
  }

  private clientFor(context: string | undefined): NgsiClient {
    return createNgsiClient({
      baseUrl: `${this.root ?? ''}/ngsi-ld/v1`,
      retries: 0,
      ...(this.broker?.temporalUrl === undefined ? {} : { temporalBaseUrl: `${this.broker.temporalUrl.replace(/\/$/, '')}/ngsi-ld/v1` }),
      ...(this.broker?.tenant === undefined ? {} : { tenant: this.broker.tenant }),
      ...(this.broker?.token === undefined ? {} : { token: () => this.broker?.token }),
      ...(context === undefined ? {} : { contextUrl: context }),
    });
  }

  /**
   * The watch set of a page's request; `ready` settles once its subscription exists (or failed:
   * the status then says why), so a page told "up" never misses a change. Null when the gateway
   * already holds `maxWatchSets` other sets.
   */
  watch(request: WatchRequest): { key: string; ready: Promise<void> } | null {
    const types = [...new Set(request.types)].sort();
    const attrs = request.attrs === undefined ? undefined : [...new Set(request.attrs)].sort();
    const key = JSON.stringify([types, attrs ?? null, request.context ?? null]);
    if (!this.watches.has(key)) {
      // Each set costs a subscription in the broker: a page cannot make them without bound.
      if (this.watches.size >= (this.options.maxWatchSets ?? 32)) return null;
      const watch: Watch = { key, index: this.watches.size, types, ...(attrs === undefined ? {} : { attrs }), ...(request.context === undefined ? {} : { context: request.context }), client: this.clientFor(request.context), subscriptionId: null, seen: new Map(), pending: null };
      this.watches.set(key, watch);
      if (this.root !== null && this.state.broker === 'up') {
        watch.pending = (this.mode === 'poll' ? this.pollWatch(watch, true) : this.ensureSubscription(watch))
          .catch((error: unknown) => this.setDown(`subscribing to ${types.join(', ')} failed: ${(error as Error).message}`))
          .finally(() => (watch.pending = null));
      }
    }
    return { key, ready: this.watches.get(key)?.pending ?? Promise.resolve() };
  }

  /** Random per run: the path segment of the HTTP notification endpoint. */
  readonly notifyKey = randomUUID();

  /**
   * A notification POSTed to /api/live/notify/{key}/{index} (or received over MQTT, key null).
   * Returns false (and forwards nothing) for a wrong key or an unknown watch.
   */
  notify(key: string | null, index: number, body: unknown): boolean {
    if (key !== null && key !== this.notifyKey) return false;
    const watch = [...this.watches.values()].find((w) => w.index === index);
    if (watch === undefined || !isRecord(body)) return false;
    const data = Array.isArray(body['data']) ? body['data'] : [];
    this.hub.entities(watch.key, data);
    return true;
  }

  /** A proxied request could not reach the broker: probe now instead of at the next tick. */
  reportFailure(): void {
    void this.probe();
  }

  private setDown(error: string): void {
    if (this.state.broker === 'down' && this.state.error === error) return;
    // Still down for another reason: the outage began when it began.
    this.state = { broker: 'down', error, since: this.state.broker === 'down' ? this.state.since : new Date().toISOString() };
    this.options.log?.(`Live gateway: broker down — ${error}`);
    this.downLogged = true;
    this.hub.status(this.state);
  }

  private setUp(): void {
    if (this.state.broker === 'up') return;
    this.state = { broker: 'up', error: null, since: new Date().toISOString() };
    // A normal start is silent; a recovery (after a logged outage) is told.
    if (this.downLogged) this.options.log?.(`Live gateway: broker ${this.root ?? ''} is back (${this.mode} notifications, ${this.watches.size} watch set(s) re-subscribed)`);
    this.hub.status(this.state);
  }

  /** One health check; on the way back up, re-subscribe before telling the pages. */
  probe(): Promise<void> {
    if (this.root === null || this.closed) return Promise.resolve();
    this.probing ??= this.runProbe().finally(() => (this.probing = null));
    return this.probing;
  }

  private async runProbe(): Promise<void> {
    const root = this.root ?? '';
    try {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (this.broker?.tenant !== undefined) headers['ngsild-tenant'] = this.broker.tenant;
      if (this.broker?.token !== undefined) headers['authorization'] = `Bearer ${this.broker.token}`;
      const response = await fetch(`${root}/ngsi-ld/v1/types`, { headers, signal: AbortSignal.timeout(this.options.probeTimeoutMs ?? 3000) });
      await response.body?.cancel();
      if (response.status >= 500) throw new Error(`it answers HTTP ${response.status}`);
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${Math.round((this.options.probeTimeoutMs ?? 3000) / 1000)} s` : transportReason(error);
      this.setDown(`the NGSI-LD broker ${root} is not reachable: ${reason}`);
      return;
    }
    if (this.state.broker === 'up') return;
    try {
      // Best effort: a broker that cannot list subscriptions is still usable.
      if (!this.cleaned) await this.removeLeftovers().catch(() => (this.cleaned = true));
      for (const watch of this.watches.values()) await this.ensureSubscription(watch);
      if (this.mode === 'poll') await this.pollAll(true);
      if (!this.closed) this.setUp();
    } catch (error) {
      this.setDown(`the NGSI-LD broker ${root} answers, but subscribing failed: ${(error as Error).message}`);
    }
  }

  /**
   * Subscriptions a previous run of this server left behind (it was killed before it could delete
   * them): ours by description and by an HTTP endpoint at this very notification address, so they
   * would post into this run's watches. Others' subscriptions (another twin, an MQTT topic) are kept.
   */
  private async removeLeftovers(): Promise<void> {
    if (this.mode !== 'http') {
      this.cleaned = true;
      return;
    }
    const client = this.clientFor(undefined);
    const prefix = `${this.notifyBase ?? ''}/api/live/notify/`;
    const ours = new Set(this.subscriptionIds);
    const response = await client.request('/subscriptions', { query: { limit: 100 } });
    const list = (await response.json()) as unknown;
    for (const sub of Array.isArray(list) ? list.filter(isRecord) : []) {
      const notification = isRecord(sub['notification']) ? sub['notification'] : {};
      const endpoint = isRecord(notification['endpoint']) ? notification['endpoint'] : {};
      const id = sub['id'];
      if (typeof id !== 'string' || ours.has(id) || sub['description'] !== DESCRIPTION) continue;
      if (typeof endpoint['uri'] === 'string' && endpoint['uri'].startsWith(prefix)) await client.deleteSubscription(id).catch(() => undefined);
    }
    this.cleaned = true;
  }

  private endpointUri(watch: Watch): string {
    if (this.mode === 'mqtt') return `${(this.options.mqttUrl ?? '').replace(/\/$/, '')}/${this.topicBase}/${watch.index}`;
    return `${this.notifyBase ?? ''}/api/live/notify/${this.notifyKey}/${watch.index}`;
  }

  /** Makes sure the broker holds the watch's subscription (kept if it still has it, else created). */
  private async ensureSubscription(watch: Watch): Promise<void> {
    if (this.mode === 'poll') return;
    if (this.mode === 'mqtt') await this.mqttClient();
    if (watch.subscriptionId !== null) {
      try {
        await watch.client.getSubscription(watch.subscriptionId);
        return;
      } catch (error) {
        if (!(error instanceof NgsiError && error.kind === 'ResourceNotFound')) throw error;
        watch.subscriptionId = null;
      }
    }
    watch.subscriptionId = await watch.client.createSubscription({
      description: DESCRIPTION,
      entities: watch.types.map((type) => ({ type })),
      notification: {
        ...(watch.attrs === undefined ? {} : { attributes: watch.attrs }),
        format: 'normalized',
        endpoint: { uri: this.endpointUri(watch), accept: 'application/json' },
      },
    });
  }

  private mqttClient(): Promise<MqttClient> {
    this.mqtt ??= (async () => {
      const { connectAsync } = await import('mqtt');
      const client = await connectAsync(this.options.mqttUrl ?? '', { reconnectPeriod: 1000, connectTimeout: 5000 });
      await client.subscribeAsync(`${this.topicBase}/+`, { qos: 0 });
      client.on('message', (topic, payload) => {
        const index = Number(topic.slice(this.topicBase.length + 1));
        try {
          const message = JSON.parse(payload.toString('utf8')) as unknown;
          // §7.3: { metadata, body }; a bare notification is accepted too.
          this.notify(null, index, isRecord(message) && isRecord(message['body']) ? message['body'] : message);
        } catch {
          // Not JSON: not a notification of ours.
        }
      });
      return client;
    })();
    this.mqtt.catch(() => (this.mqtt = null));
    return this.mqtt;
  }

  /** Poll mode: every watch's entities, forwarding the changed ones (`baseline`: remember only). */
  private async pollAll(baseline = false): Promise<void> {
    if (this.closed || this.root === null || (!baseline && this.state.broker !== 'up')) return;
    for (const watch of this.watches.values()) {
      try {
        await this.pollWatch(watch, baseline);
      } catch (error) {
        if (baseline) throw error;
        this.setDown(`polling the NGSI-LD broker ${this.root} failed: ${(error as Error).message}`);
        void this.probe();
        return;
      }
    }
  }

  private async pollWatch(watch: Watch, baseline: boolean): Promise<void> {
    const changed: Record<string, unknown>[] = [];
    for (const entity of await this.queryAll(watch)) {
      const id = String(entity['id']);
      const signature = changeSignature(entity);
      if (!baseline && watch.seen.get(id) !== signature) changed.push(entity);
      watch.seen.set(id, signature);
    }
    this.hub.entities(watch.key, changed);
  }

  /** Every entity of a watch (raw normalized JSON with system attributes), following pagination. */
  private async queryAll(watch: Watch): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    for await (const page of watch.client.queryRawPages({ type: watch.types.join(','), ...(watch.attrs === undefined ? {} : { attrs: watch.attrs }), sysAttrs: true })) out.push(...page);
    return out;
  }

  /** Ends the page streams, deletes the subscriptions made (best effort, 2 s each) and disconnects MQTT. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.healthTimer !== null) clearInterval(this.healthTimer);
    if (this.pollTimer !== null) clearInterval(this.pollTimer);
    this.hub.close();
    await Promise.all(
      [...this.watches.values()].map(async (watch) => {
        const id = watch.subscriptionId;
        watch.subscriptionId = null;
        if (id === null) return;
        await Promise.race([watch.client.deleteSubscription(id).catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
      }),
    );
    const mqtt = this.mqtt;
    this.mqtt = null;
    if (mqtt !== null) await mqtt.then((c) => c.endAsync(true)).catch(() => undefined);
  }
}
