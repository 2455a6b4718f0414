import type { Redis } from 'ioredis';
import type { RedisKeys } from '../keys.js';
import { LuaScript } from '../luaScript.js';
import { allReviewIndexKeys } from '../reviews/reviewKeys.js';
import { decodeSummary, encodeSummary, type CallSummary } from './callSummary.js';

// One command each on the hot path of every job: a MULTI costs the client and Redis four.
/** KEYS: record, tenant index, unsettled set; ARGV: createdAt, id, then the record's field/value pairs. */
const CREATE = new LuaScript(
  `redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[1], ARGV[2])
return 1`,
  3,
);
/**
 * KEYS: record, tenant index, unsettled set, idempotency key; ARGV: createdAt, id, the key's committed value,
 * its life in seconds, then the record's field/value pairs. The record and the commit of the request's
 * idempotency claim are one step: whoever finds the key committed finds the record too.
 */
const CREATE_CLAIMED = new LuaScript(
  `redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[1], ARGV[2])
redis.call('SET', KEYS[4], ARGV[3], 'EX', ARGV[4])
return 1`,
  4,
);
/** KEYS: idempotency key; ARGV: job id. Deletes the key only while it names that job, pending or committed. */
const DELETE_IDEMPOTENCY_KEY = new LuaScript(
  `local v = redis.call('GET', KEYS[1])
if not v then return 0 end
if string.sub(v, 1, #ARGV[1] + 1) == ARGV[1] .. '|' or string.sub(v, 1, #ARGV[1] + 3) == 'p|' .. ARGV[1] .. '|' then
  return redis.call('DEL', KEYS[1])
end
return 0`,
  1,
);
/**
 * KEYS: record; ARGV: the summary's field/value pairs. Writes a finished call's summary and forgets its
 * media list (the caller deletes those blobs), only while the record exists: a call deleted meanwhile
 * stays deleted. Returns the media list ('' when none), or false when there is no record.
 */
const SAVE_SUMMARY = new LuaScript(
  `if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local media = redis.call('HGET', KEYS[1], 'media') or ''
redis.call('HSET', KEYS[1], unpack(ARGV))
redis.call('HDEL', KEYS[1], 'media')
return media`,
  1,
);
/**
 * KEYS: record, unsettled set; ARGV: retention seconds, id. 1 when the record is marked deleted (and
 * is left alone for the purge); else the retention clock starts and the job leaves the unsettled set.
 */
const SETTLE = new LuaScript(
  `if redis.call('HEXISTS', KEYS[1], 'deletedAt') == 1 then return 1 end
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[2])
return 0`,
  2,
);
/** KEYS: record; ARGV: blob ids joined by commas. 0 when the job is gone or marked deleted. */
const ADD_MEDIA = new LuaScript(
  `if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'deletedAt') == 1 then return 0 end
local current = redis.call('HGET', KEYS[1], 'media')
redis.call('HSET', KEYS[1], 'media', current and current ~= '' and (current .. ',' .. ARGV[1]) or ARGV[1])
return 1`,
  1,
);

/** Where a page of call records ended. */
export interface JobCursor {
  createdAt: number;
  id: string;
}

/** The service's own record of a job, beside BullMQ's: who owns it and what became of it. */
export interface JobRecord {
  id: string;
  tenant: string;
  task: string;
  createdAt: number;
  canceledAt?: number;
  /** Set when the owner deleted a job that was still running; the worker purges it when it stops. */
  deletedAt?: number;
  /** Blob ids stored for this job's inputs (from url or base64); they go when the job goes. */
  media?: string[];
  /** The Redis key of the idempotency key that names this job; it goes when the job goes. */
  idem?: string;
  /** A finished synchronous call kept as a summary only (no input, no full result). */
  summary?: CallSummary;
}

/** The idempotency key a new job commits: its Redis key, the committed value and how long it is kept. */
export interface IdempotencyCommit {
  key: string;
  value: string;
  seconds: number;
}

/**
 * Looks jobs up by id without knowing their queue, and keeps what BullMQ cannot:
 * the owning tenant (checked on every read) and a cancel mark that outlives the
 * removal of a job canceled before it ran.
 */
export class JobStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async create(record: JobRecord, idem?: IdempotencyCommit): Promise<void> {
    const fields = ['tenant', record.tenant, 'task', record.task, 'createdAt', String(record.createdAt)];
    if (record.media?.length) fields.push('media', record.media.join(','));
    if (idem) {
      fields.push('idem', idem.key);
      await CREATE_CLAIMED.run(
        this.redis,
        this.keys.job(record.id),
        this.keys.tenantJobs(record.tenant),
        this.keys.unsettledJobs(),
        idem.key,
        record.createdAt,
        record.id,
        idem.value,
        idem.seconds,
        ...fields,
      );
      return;
    }
    await CREATE.run(this.redis, this.keys.job(record.id), this.keys.tenantJobs(record.tenant), this.keys.unsettledJobs(), record.createdAt, record.id, ...fields);
  }

  /**
   * A page of the tenant's job ids, newest first, created in [from, to), after
   * `cursor` (the last item of the previous page). Ids whose record has expired
   * may still be listed; callers skip them.
   */
  async page(tenant: string, options: { from?: number; to?: number; cursor?: JobCursor; count: number }): Promise<{ id: string; createdAt: number }[]> {
    const max = options.cursor ? Math.min(options.cursor.createdAt, (options.to ?? Infinity) - 1) : (options.to ?? Infinity) - 1;
    const min = options.from ?? 0;
    if (max < min) return [];
    // Ties on the creation time are ordered by id (descending); fetch a little extra to skip past the cursor's.
    const raw = await this.redis.zrange(this.keys.tenantJobs(tenant), Number.isFinite(max) ? max : '+inf', min, 'BYSCORE', 'REV', 'LIMIT', 0, options.count + 50, 'WITHSCORES');
    const out: { id: string; createdAt: number }[] = [];
    for (let i = 0; i < raw.length && out.length < options.count; i += 2) {
      const id = raw[i]!;
      const createdAt = Number(raw[i + 1]);
      const c = options.cursor;
      if (c && createdAt === c.createdAt && id >= c.id) continue;
      out.push({ id, createdAt });
    }
    return out;
  }

  async unindex(tenant: string, id: string): Promise<void> {
    await this.redis.zrem(this.keys.tenantJobs(tenant), id);
  }

  async get(id: string): Promise<JobRecord | null> {
    const h = await this.redis.hgetall(this.keys.job(id));
    if (!h.tenant || !h.task || !h.createdAt) return null;
    const record: JobRecord = { id, tenant: h.tenant, task: h.task, createdAt: Number(h.createdAt) };
    if (h.canceledAt) record.canceledAt = Number(h.canceledAt);
    if (h.deletedAt) record.deletedAt = Number(h.deletedAt);
    if (h.media) record.media = h.media.split(',');
    if (h.idem) record.idem = h.idem;
    if (h.sum) {
      const summary = decodeSummary(h);
      if (summary) record.summary = summary;
    }
    return record;
  }

  /** The record only when it belongs to `tenant`; another tenant's job looks like no job at all. */
  async getOwned(id: string, tenant: string): Promise<JobRecord | null> {
    const record = await this.get(id);
    return record && record.tenant === tenant && !record.deletedAt ? record : null;
  }

  /**
   * Adds blobs a running job made to those deleted with it; only the job's own worker calls this.
   * False when the job is gone or being deleted: the blobs belong to nobody, and the caller deletes
   * them. The check and the write are one step, so a purge (which reads the list after the mark)
   * cannot miss a blob.
   */
  async addMedia(id: string, blobIds: string[]): Promise<boolean> {
    return (await ADD_MEDIA.run(this.redis, this.keys.job(id), blobIds.join(','))) === 1;
  }

  /** Keeps `summary` as all there is of a finished call; returns the blobs that were stored for it. */
  async saveSummary(id: string, summary: CallSummary): Promise<string[]> {
    const fields = Object.entries(encodeSummary(summary)).flat();
    const media = (await SAVE_SUMMARY.run(this.redis, this.keys.job(id), ...fields)) as string | null;
    return media ? media.split(',') : [];
  }

  async markCanceled(id: string, at: number): Promise<void> {
    await this.redis.hset(this.keys.job(id), 'canceledAt', String(at));
  }

  /** Deleted implies canceled: a worker running the job stops it, and nothing more is reported. */
  async markDeleted(id: string, at: number): Promise<void> {
    await this.redis.hset(this.keys.job(id), 'canceledAt', String(at), 'deletedAt', String(at));
  }

  async isCanceled(id: string): Promise<boolean> {
    return (await this.redis.hexists(this.keys.job(id), 'canceledAt')) === 1;
  }

  /** True when the job's record is gone (purged, or past retention) or marked deleted. */
  async isDeleted(id: string): Promise<boolean> {
    const [exists, deleted] = (await this.redis.multi().exists(this.keys.job(id)).hexists(this.keys.job(id), 'deletedAt').exec()) ?? [];
    return exists?.[1] === 0 || deleted?.[1] === 1;
  }

  /** A page of the ids of unsettled jobs created before `before`, oldest first. */
  async unsettled(before: number, offset: number, count: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys.unsettledJobs(), '-inf', before, 'LIMIT', offset, count);
  }

  /** True once the job's terminal event is queued and its retention clock started (or it never was listed). */
  async isSettled(id: string): Promise<boolean> {
    return (await this.redis.zscore(this.keys.unsettledJobs(), id)) === null;
  }

  /** Forgets an unsettled entry whose job left no record to settle (retention ran out). */
  async forgetUnsettled(id: string): Promise<void> {
    await this.redis.zrem(this.keys.unsettledJobs(), id);
  }

  /**
   * The last step once a job has finished and its terminal event is queued: starts the retention
   * clock and takes the job off the unsettled set, or says the owner deleted the job (the caller
   * purges it then).
   */
  async settle(id: string, seconds: number): Promise<'retained' | 'deleted'> {
    return (await SETTLE.run(this.redis, this.keys.job(id), this.keys.unsettledJobs(), seconds, id)) === 1 ? 'deleted' : 'retained';
  }

  /**
   * The record and every key of ours named after the job or listing it (its review item and the review
   * sets that list it among them), and the idempotency key that names the job (if it still does).
   */
  async delete(id: string, tenant?: string): Promise<void> {
    const [idem, reviewer] = await Promise.all([this.redis.hget(this.keys.job(id), 'idem'), this.redis.hget(this.keys.reviewItem(id), 'tenant')]);
    const multi = this.redis
      .multi()
      .del(this.keys.job(id), this.keys.webhookSequence(id), this.keys.webhookSending(id), this.keys.reviewItem(id))
      .zrem(this.keys.unsettledJobs(), id);
    // A record already gone leaves the tenant to its review item, if that is still there.
    const owner = tenant ?? reviewer;
    if (owner) {
      multi.zrem(this.keys.tenantJobs(owner), id);
      for (const key of allReviewIndexKeys(this.keys, owner)) multi.zrem(key, id);
    }
    await multi.exec();
    if (idem) await DELETE_IDEMPOTENCY_KEY.run(this.redis, idem, id);
  }
}
