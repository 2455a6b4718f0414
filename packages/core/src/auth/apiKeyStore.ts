import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { sha256Hex, type RedisKeys } from '../keys.js';

export interface ApiKeyInfo {
  /** First 12 hex characters of the key's hash: enough to name a key, useless to use one. */
  id: string;
  tenant: string;
  createdAt: string;
}

const TENANT = /^[A-Za-z0-9_.-]{1,64}$/;

export function isValidTenant(tenant: string): boolean {
  return TENANT.test(tenant);
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
  ) {
    this.staticKeys = new Map(staticKeys.map((k) => [sha256Hex(k.key), k.tenant]));
  }

  async resolve(key: string): Promise<string | null> {
    const hash = sha256Hex(key);
    const fromEnv = this.staticKeys.get(hash);
    if (fromEnv) return fromEnv;
    const stored = await this.redis.hget(this.keys.apiKeys(), hash);
    return stored ? (JSON.parse(stored) as { tenant: string }).tenant : null;
  }

  /** Makes a key for `tenant`; the plain key is returned once and never stored. */
  async create(tenant: string): Promise<{ key: string; info: ApiKeyInfo }> {
    if (!isValidTenant(tenant)) throw new Error('tenant must be 1-64 characters of A-Z a-z 0-9 _ . -');
    const key = `sk_${randomBytes(24).toString('base64url')}`;
    const hash = sha256Hex(key);
    const createdAt = new Date().toISOString();
    await this.redis.hset(this.keys.apiKeys(), hash, JSON.stringify({ tenant, createdAt }));
    return { key, info: { id: hash.slice(0, 12), tenant, createdAt } };
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
    if (!/^[0-9a-f]{12}$/.test(id)) return false;
    const hashes = await this.redis.hkeys(this.keys.apiKeys());
    const hash = hashes.find((h) => h.startsWith(id));
    if (!hash) return false;
    return (await this.redis.hdel(this.keys.apiKeys(), hash)) === 1;
  }
}
