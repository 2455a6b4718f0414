import type { Redis } from 'ioredis';
import { AlreadyExistsError, LimitExceededError, NotFoundError } from '../errors/index.js';
import type { RedisKeys } from '../keys.js';
import { LuaScript } from '../luaScript.js';
import { MAX_CLASSIFIERS_PER_TENANT, storedClassifierSchema, type StoredClassifier } from './schemas.js';

// The name is checked and the record written in one step, so two requests never both create one name
// and the per-tenant limit holds under concurrent creates.
const CREATE = new LuaScript(
  `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 'exists' end
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then return 'full' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 'ok'
`,
  1,
);

// Writes the record only while it is still this training's (a classifier deleted, or deleted and made
// again under its name, meanwhile is left alone); with weights, stores them and bumps the version so
// every worker loads them on its next job.
const UPDATE = new LuaScript(
  `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current or cjson.decode(current).id ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
if ARGV[4] == '1' then
  redis.call('SET', KEYS[2], ARGV[5])
  redis.call('INCR', KEYS[3])
end
return 1
`,
  3,
);

// The record and the weights go together; the version moves so workers drop the model at once.
const DELETE = new LuaScript(
  `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then return false end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
redis.call('INCR', KEYS[3])
return current
`,
  3,
);

const parse = (json: string) => storedClassifierSchema.parse(JSON.parse(json));

/**
 * A tenant's own text classifiers in Redis, shared by the API (which creates,
 * lists and deletes them) and the workers (which train them and score with
 * the ready ones). A ready classifier's weights sit beside its record; the
 * tenant's classifier version moves whenever the set of ready weights does.
 */
export class ClassifierStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async version(tenant: string): Promise<number> {
    return Number((await this.redis.get(this.keys.classifierVersion(tenant))) ?? 0);
  }

  async create(tenant: string, record: StoredClassifier): Promise<void> {
    const outcome = await CREATE.run(this.redis, this.keys.classifiers(tenant), record.name, JSON.stringify(record), MAX_CLASSIFIERS_PER_TENANT);
    if (outcome === 'exists') throw new AlreadyExistsError(`a classifier named ${record.name} exists already; delete it first to train it again`);
    if (outcome === 'full') throw new LimitExceededError(`a tenant has at most ${MAX_CLASSIFIERS_PER_TENANT} classifiers; delete one first`);
  }

  async find(tenant: string, name: string): Promise<StoredClassifier | null> {
    const json = await this.redis.hget(this.keys.classifiers(tenant), name);
    return json ? parse(json) : null;
  }

  async get(tenant: string, name: string): Promise<StoredClassifier> {
    const found = await this.find(tenant, name);
    if (!found) throw new NotFoundError(`no classifier ${name}`);
    return found;
  }

  /** Oldest first. */
  async list(tenant: string): Promise<StoredClassifier[]> {
    const all = await this.redis.hgetall(this.keys.classifiers(tenant));
    return Object.values(all)
      .map(parse)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name));
  }

  /**
   * Changes the record of training `id` of classifier `name`, with its
   * weights when given; false when the classifier was deleted (or made
   * again) meanwhile, and nothing is written.
   */
  async update(tenant: string, name: string, id: string, change: Partial<StoredClassifier>, weights?: Buffer): Promise<boolean> {
    const current = await this.find(tenant, name);
    if (!current || current.id !== id) return false;
    const next: StoredClassifier = { ...current, ...change, updatedAt: new Date().toISOString() };
    const written = await UPDATE.run(
      this.redis,
      this.keys.classifiers(tenant),
      this.keys.classifierWeights(tenant, name),
      this.keys.classifierVersion(tenant),
      name,
      id,
      JSON.stringify(next),
      weights ? '1' : '0',
      weights ?? '',
    );
    return written === 1;
  }

  /** Deletes the record and weights; returns what was stored, so the caller can delete the rest (examples, training job). */
  async delete(tenant: string, name: string): Promise<StoredClassifier> {
    const json = (await DELETE.run(
      this.redis,
      this.keys.classifiers(tenant),
      this.keys.classifierWeights(tenant, name),
      this.keys.classifierVersion(tenant),
      name,
    )) as string | null;
    if (!json) throw new NotFoundError(`no classifier ${name}`);
    return parse(json);
  }

  /** The ready classifiers with their weights, read at one version (read first, so a change made meanwhile is seen next time). */
  async ready(tenant: string): Promise<{ version: number; classifiers: { record: StoredClassifier; weights: Buffer }[] }> {
    const version = await this.version(tenant);
    const records = (await this.list(tenant)).filter((r) => r.status === 'ready');
    const classifiers = [];
    for (const record of records) {
      const weights = await this.redis.getBuffer(this.keys.classifierWeights(tenant, record.name));
      if (weights) classifiers.push({ record, weights });
    }
    return { version, classifiers };
  }
}
