import type { Redis } from 'ioredis';
import type { RedisKeys } from '../keys.js';
import { generateWebhookSecret } from './signing.js';

/** One signing secret per tenant, made on first use and shared by every API and worker process. */
export class WebhookSecretStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async getOrCreate(tenant: string): Promise<string> {
    const key = this.keys.webhookSecrets();
    // HSETNX makes concurrent first calls agree on one secret.
    await this.redis.hsetnx(key, tenant, generateWebhookSecret());
    const secret = await this.redis.hget(key, tenant);
    if (!secret) throw new Error('webhook secret vanished after it was written');
    return secret;
  }
}
