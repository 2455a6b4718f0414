import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { sha256Hex, type RedisKeys } from '../keys.js';

export interface ApiKeyInfo {
  /** First 12 hex characters of the key's hash: enough to name a key, useless to use one. */
  id: string;
  tenant: string;
  createdAt: string;
  /** Requests per second allowed for this key; absent = the configured default. */
  qps?: number;
}

/** Who is calling: what the auth middleware learns from a key. */
export interface ApiKeyIdentity {
  id: string;
  tenant: string;
  /** Effective requests per second; 0 = unlimited. */
  qps: number;
}

interface StoredKey {
  tenant: string;
  createdAt: string;
  qps?: number;
}

const TENANT = /^[A-Za-z0-9_.-]{1,64}$/;

export function isValidTenant(tenant: string): boolean {
  return TENANT.test(tenant);
}

function checkQps(qps: number | undefined): void {
  if (qps !== undefined && (!Number.isInteger(qps) || qps < 0 || qps > 1_000_000)) {
    throw new Error('qps must be a whole number from 0 (unlimited) to 1000000');
  }
}

/**
 * API keys: the static ones from `API_KEYS` and the ones made with the keys CLI,
 * which Redis holds only as SHA-256 hashes so a copy of Redis yields no keys.
 */
export class ApiKeyStore {
  private readonly staticKeys: Map<string, string>;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    staticKeys: { tenant: string; key: string }[] = [],
    private readonly defaultQps = 0,
  ) {
    this.staticKeys = new Map(staticKeys.map((k) => [sha256Hex(k.key), k.tenant]));
  }

  async resolve(key: string): Promise<ApiKeyIdentity | null> {
    const hash = sha256Hex(key);
    const id = hash.slice(0, 12);
    const fromEnv = this.staticKeys.get(hash);
    if (fromEnv) return { id, tenant: fromEnv, qps: this.defaultQps };
    const stored = await this.redis.hget(this.keys.apiKeys(), hash);
    if (!stored) return null;
    const parsed = JSON.parse(stored) as StoredKey;
    return { id, tenant: parsed.tenant, qps: parsed.qps ?? this.defaultQps };
  }

  /** Makes a key for `tenant`; the plain key is returned once and never stored. */
  async create(tenant: string, options: { qps?: number } = {}): Promise<{ key: string; info: ApiKeyInfo }> {
    if (!isValidTenant(tenant)) throw new Error('tenant must be 1-64 characters of A-Z a-z 0-9 _ . -');
    checkQps(options.qps);
    const key = `sk_${randomBytes(24).toString('base64url')}`;
    const hash = sha256Hex(key);
    const stored: StoredKey = { tenant, createdAt: new Date().toISOString(), ...(options.qps !== undefined ? { qps: options.qps } : {}) };
    await this.redis.hset(this.keys.apiKeys(), hash, JSON.stringify(stored));
    return { key, info: { id: hash.slice(0, 12), ...stored } };
  }

  /** Changes a stored key's QPS limit (`null` = back to the default); false when no key has that id. */
  async setQps(id: string, qps: number | null): Promise<boolean> {
    if (qps !== null) checkQps(qps);
    const hash = await this.findHash(id);
    if (!hash) return false;
    const stored = JSON.parse((await this.redis.hget(this.keys.apiKeys(), hash))!) as StoredKey;
    if (qps === null) delete stored.qps;
    else stored.qps = qps;
    await this.redis.hset(this.keys.apiKeys(), hash, JSON.stringify(stored));
    return true;
  }

  private async findHash(id: string): Promise<string | null> {
    if (!/^[0-9a-f]{12}$/.test(id)) return null;
    const hashes = await this.redis.hkeys(this.keys.apiKeys());
    return hashes.find((h) => h.startsWith(id)) ?? null;
  }

  async list(tenant?: string): Promise<ApiKeyInfo[]> {
    const all = await this.redis.hgetall(this.keys.apiKeys());
    return Object.entries(all)
      .map(([hash, json]) => ({ id: hash.slice(0, 12), ...(JSON.parse(json) as Omit<ApiKeyInfo, 'id'>) }))
      .filter((k) => !tenant || k.tenant === tenant)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Revokes the stored key whose id (hash prefix) is given; false when none matches. */
  async revoke(id: string): Promise<boolean> {
    const hash = await this.findHash(id);
    if (!hash) return false;
    return (await this.redis.hdel(this.keys.apiKeys(), hash)) === 1;
  }
}
