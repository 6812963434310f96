/**
 * The broker's state: tenants (one SQLite file each, ETSI GS CIM 009 clause 4.14 — fully
 * isolated), the @context resolver, limits, and the change listeners (subscriptions).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BrokerError, badData } from './errors';
import { ContextResolver, type ContextResolverOptions } from './context/context-resolver';
import type { StoredEntity } from './model/entity';
import { TenantStore } from './store/tenant-store';

export interface BrokerLimits {
  /** Largest request body in bytes (default 1 MiB). */
  bodyBytes: number;
  /** Deepest JSON nesting accepted (default 32). */
  jsonDepth: number;
  /** Most attributes in one entity (default 1000). */
  attributesPerEntity: number;
  /** Longest query string in characters (default 8192). */
  queryLength: number;
  /** Largest `limit` (default 1000, TooManyResults above). */
  maxLimit: number;
}

export const DEFAULT_LIMITS: BrokerLimits = { bodyBytes: 1 << 20, jsonDepth: 32, attributesPerEntity: 1000, queryLength: 8192, maxLimit: 1000 };

/** One change of an entity, as subscriptions see it. */
export interface EntityChange {
  tenant: string;
  before: StoredEntity | undefined;
  after: StoredEntity | undefined;
  /** Attribute IRIs created/updated/deleted by the write. */
  created: string[];
  updated: string[];
  deleted: string[];
}

export type ChangeListener = (change: EntityChange) => void;

export interface BrokerOptions {
  /** SQLite file of the default tenant (":memory:" for tests). */
  dbPath: string;
  /** Folder holding one `<tenant>.sqlite` per named tenant (default: beside dbPath, "<db>.tenants"). */
  tenantsDir?: string;
  contexts?: ContextResolverOptions;
  limits?: Partial<BrokerLimits>;
}

const TENANT_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export class Broker {
  readonly contexts: ContextResolver;
  readonly limits: BrokerLimits;
  private readonly tenants = new Map<string, TenantStore>();
  private readonly listeners: ChangeListener[] = [];
  private readonly options: BrokerOptions;

  constructor(options: BrokerOptions) {
    this.options = options;
    this.contexts = new ContextResolver(options.contexts ?? {});
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    if (options.dbPath !== ':memory:') mkdirSync(dirname(options.dbPath), { recursive: true });
    this.tenants.set('', new TenantStore(options.dbPath));
  }

  private tenantPath(name: string): string {
    if (this.options.dbPath === ':memory:' && this.options.tenantsDir === undefined) return ':memory:';
    const dir = this.options.tenantsDir ?? `${this.options.dbPath}.tenants`;
    mkdirSync(dir, { recursive: true });
    return join(dir, `${name}.sqlite`);
  }

  /** The store of a tenant ('' = default). Reads of an unknown tenant are 404 NonexistentTenant. */
  tenant(name: string | undefined, create: boolean): TenantStore {
    const key = name ?? '';
    const open = this.tenants.get(key);
    if (open !== undefined) return open;
    if (!TENANT_NAME.test(key)) throw badData(`NGSILD-Tenant ${JSON.stringify(key)} must be 1–64 letters, digits, - or _`);
    const path = this.tenantPath(key);
    if (!create && (path === ':memory:' || !existsSync(path))) throw new BrokerError('NonexistentTenant', `tenant ${key} does not exist`);
    const store = new TenantStore(path);
    this.tenants.set(key, store);
    return store;
  }

  tenantNames(): string[] {
    return [...this.tenants.keys()];
  }

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  emit(change: EntityChange): void {
    for (const listener of this.listeners) listener(change);
  }

  close(): void {
    for (const store of this.tenants.values()) store.close();
    this.tenants.clear();
  }
}
