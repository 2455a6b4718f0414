import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { thresholdsSchema, type Thresholds } from '../catalog/index.js';
import { InvalidRequestError, NotFoundError } from '../errors/index.js';
import type { RedisKeys } from '../keys.js';
import { combinationProblem } from './combination.js';
import {
  MAX_LEXICON_TERMS,
  MAX_TENANT_LEXICONS,
  tenantLexiconSchema,
  type CreateLexicon,
  type TenantLexicon,
  type TextPolicySnapshot,
  type UpdateLexicon,
} from './schemas.js';

/**
 * A tenant's word lists and thresholds in Redis, shared by every API and
 * worker process. Every change bumps the tenant's version in the same
 * transaction; workers compare versions to know when to rebuild.
 */
export class TextPolicyStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async version(tenant: string): Promise<number> {
    return Number((await this.redis.get(this.keys.textPolicyVersion(tenant))) ?? 0);
  }

  async list(tenant: string): Promise<TenantLexicon[]> {
    const all = await this.redis.hgetall(this.keys.tenantLexicons(tenant));
    const lexicons = Object.values(all).map((json) => tenantLexiconSchema.parse(JSON.parse(json)));
    if (!lexicons.length) return [];
    const pipeline = this.redis.pipeline();
    for (const l of lexicons) pipeline.scard(this.keys.tenantLexiconTerms(tenant, l.id));
    const counts = (await pipeline.exec()) ?? [];
    return lexicons
      .map((l, i) => ({ ...l, termCount: Number(counts[i]?.[1] ?? 0) }))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async get(tenant: string, id: string): Promise<{ lexicon: TenantLexicon; terms: string[] }> {
    const json = await this.redis.hget(this.keys.tenantLexicons(tenant), id);
    if (!json) throw new NotFoundError(`no lexicon ${id}`);
    const terms = (await this.redis.smembers(this.keys.tenantLexiconTerms(tenant, id))).sort();
    return { lexicon: { ...tenantLexiconSchema.parse(JSON.parse(json)), termCount: terms.length }, terms };
  }

  async create(tenant: string, input: CreateLexicon): Promise<TenantLexicon> {
    const count = await this.redis.hlen(this.keys.tenantLexicons(tenant));
    if (count >= MAX_TENANT_LEXICONS) {
      throw new InvalidRequestError(`a tenant has at most ${MAX_TENANT_LEXICONS} lexicons; delete one first`);
    }
    const terms = [...new Set(input.terms)];
    if (terms.length > MAX_LEXICON_TERMS) throw tooManyTerms();
    const now = new Date().toISOString();
    const lexicon: TenantLexicon = {
      id: `lex_${randomUUID().replaceAll('-', '')}`,
      name: input.name,
      kind: input.kind,
      category: input.category,
      weight: input.weight,
      combinations: input.combinations,
      termCount: terms.length,
      createdAt: now,
      updatedAt: now,
    };
    const tx = this.redis.multi().hset(this.keys.tenantLexicons(tenant), lexicon.id, JSON.stringify(lexicon));
    if (terms.length) tx.sadd(this.keys.tenantLexiconTerms(tenant, lexicon.id), ...terms);
    await tx.incr(this.keys.textPolicyVersion(tenant)).exec();
    return lexicon;
  }

  async update(tenant: string, id: string, change: UpdateLexicon): Promise<TenantLexicon> {
    const { lexicon } = await this.get(tenant, id);
    const termsKey = this.keys.tenantLexiconTerms(tenant, id);
    const add = [...new Set(change.add ?? [])];
    if (add.length && lexicon.termCount + add.length > MAX_LEXICON_TERMS) throw tooManyTerms();
    const problem = lexicon.combinations ? add.map(combinationProblem).find((p) => p !== null) : undefined;
    if (problem) throw new InvalidRequestError(`add: ${problem}`);
    const updated: TenantLexicon = {
      ...lexicon,
      name: change.name ?? lexicon.name,
      category: change.category ?? lexicon.category,
      weight: change.weight ?? lexicon.weight,
      updatedAt: new Date().toISOString(),
    };
    const tx = this.redis.multi().hset(this.keys.tenantLexicons(tenant), id, JSON.stringify(updated));
    if (change.remove?.length) tx.srem(termsKey, ...change.remove);
    if (add.length) tx.sadd(termsKey, ...add);
    await tx.incr(this.keys.textPolicyVersion(tenant)).exec();
    return { ...updated, termCount: await this.redis.scard(termsKey) };
  }

  async delete(tenant: string, id: string): Promise<void> {
    const [[, removed] = []] =
      (await this.redis
        .multi()
        .hdel(this.keys.tenantLexicons(tenant), id)
        .del(this.keys.tenantLexiconTerms(tenant, id))
        .incr(this.keys.textPolicyVersion(tenant))
        .exec()) ?? [];
    if (!removed) throw new NotFoundError(`no lexicon ${id}`);
  }

  async thresholds(tenant: string): Promise<Thresholds> {
    const json = await this.redis.get(this.keys.tenantThresholds(tenant));
    return json ? thresholdsSchema.parse(JSON.parse(json)) : {};
  }

  /** Replaces the tenant's thresholds; categories left out go back to the defaults. */
  async setThresholds(tenant: string, thresholds: Thresholds): Promise<void> {
    await this.redis
      .multi()
      .set(this.keys.tenantThresholds(tenant), JSON.stringify(thresholds))
      .incr(this.keys.textPolicyVersion(tenant))
      .exec();
  }

  /** Everything for one tenant; the version is read first, so a change made meanwhile is seen next time. */
  async snapshot(tenant: string): Promise<TextPolicySnapshot> {
    const version = await this.version(tenant);
    const all = await this.redis.hgetall(this.keys.tenantLexicons(tenant));
    const lexicons = await Promise.all(
      Object.values(all).map(async (json) => {
        const lexicon = tenantLexiconSchema.parse(JSON.parse(json));
        return { lexicon, terms: await this.redis.smembers(this.keys.tenantLexiconTerms(tenant, lexicon.id)) };
      }),
    );
    return { version, lexicons, thresholds: await this.thresholds(tenant) };
  }
}

function tooManyTerms(): InvalidRequestError {
  return new InvalidRequestError(`a lexicon holds at most ${MAX_LEXICON_TERMS} terms; split it into several`);
}
